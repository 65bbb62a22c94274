from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from portaal.models import Thema
from voorbeelden.export import csv_response
from voorbeelden.filters import MIXED_FACETS, ListingFilters, listing_context
from voorbeelden.listing import live_content


def thema_index(request):
    themas = Thema.objects.annotate(
        page_count=Count("pages", filter=Q(pages__live=True), distinct=True)
    )
    return render(request, "portaal/thema_index.html", {"themas": themas})


def thema_detail(request, slug):
    thema = get_object_or_404(Thema, slug=slug)
    base = live_content().filter(themas=thema)
    if request.GET.get("format") == "csv":
        filters = ListingFilters(request.GET, base, MIXED_FACETS)
        return csv_response(request, filters.queryset, f"thema-{thema.slug}")
    context = listing_context(request, base, MIXED_FACETS, f"{thema.get_absolute_url()}feed/")
    return render(request, "portaal/thema_detail.html", {"thema": thema, **context})
