from django.http import Http404
from django.shortcuts import render

from portaal.lookups import thema_by_slug
from portaal.models import Thema
from voorbeelden.models import live_content
from voorbeelden.overzichten.export import csv_response
from voorbeelden.overzichten.facets import MIXED_FACETS, ListingFilters, listing_context


def thema_index(request):
    return render(request, "voorbeelden/thema_index.html", {"themas": Thema.with_page_counts()})


def thema_detail(request, slug):
    thema = thema_by_slug(slug)
    if thema is None:
        raise Http404("Dit thema bestaat niet.")
    base = live_content().filter(themas=thema)
    if request.GET.get("format") == "csv":
        filters = ListingFilters(request.GET, base, MIXED_FACETS)
        return csv_response(request, filters.queryset, f"thema-{thema.slug}")
    context = listing_context(request, base, MIXED_FACETS, f"{thema.get_absolute_url()}feed/",
                              base_key=("thema", thema.pk))
    return render(request, "voorbeelden/thema_detail.html", {"thema": thema, **context})
