"""The open-data API: Wagtail API v2 at ``/api/v2/``, read-only, live public pages only.

``/api/v2/pages/?type=interventie&thema=herstel&organisatie=movisie&fields=*``. Besides
Wagtail's own ``type=voorbeelden.InterventiePage``, the short type names of the overviews
work; ``thema``, ``organisatie`` and ``regio`` take one slug or several separated by commas.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from rest_framework.filters import BaseFilterBackend

from voorbeelden.models import ContentPage
from voorbeelden.overzichten.facets import ORGANISATIE, REGIO, THEMA, TypeFacet

TAXONOMY_PARAMS = {f.param: f for f in (THEMA, ORGANISATIE, REGIO)}


class TaxonomyFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        for param, facet in TAXONOMY_PARAMS.items():
            slugs = [s.strip() for s in request.GET.get(param, "").split(",") if s.strip()]
            if slugs:
                queryset = facet.apply(queryset, slugs)
        return queryset


class PortaalPagesAPIViewSet(PagesAPIViewSet):
    filter_backends = [TaxonomyFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(TAXONOMY_PARAMS)

    def get_queryset(self):
        # Open data is the content: without a type, all content pages (not the home page or
        # the overviews), with the fields every type shares (intro, date, themas ...).
        param = self.request.GET.get("type", "")
        model = ContentPage if not param else TypeFacet.kinds().get(param)
        if model is not None:
            return model.objects.filter(
                pk__in=self.get_base_queryset().values_list("pk", flat=True)
            )
        return super().get_queryset()


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortaalPagesAPIViewSet)
