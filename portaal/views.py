from django.shortcuts import get_object_or_404, render

from portaal.models import Thema
from voorbeelden.export import csv_response
from voorbeelden.filters import MIXED_FACETS, ListingFilters, listing_context
from voorbeelden.listing import live_content


def thema_index(request):
    return render(request, "portaal/thema_index.html", {"themas": Thema.with_page_counts()})


def thema_detail(request, slug):
    thema = get_object_or_404(Thema, slug=slug)
    base = live_content().filter(themas=thema)
    if request.GET.get("format") == "csv":
        filters = ListingFilters(request.GET, base, MIXED_FACETS)
        return csv_response(request, filters.queryset, f"thema-{thema.slug}")
    context = listing_context(request, base, MIXED_FACETS, f"{thema.get_absolute_url()}feed/")
    return render(request, "portaal/thema_detail.html", {"thema": thema, **context})
