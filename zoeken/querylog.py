"""Counting what visitors search for: Wagtail's promotions hits and our zero-result count."""

from django.db.models import F
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from portaal.cache import generation_cached
from zoeken.models import Zoekvraag


def record(query_string, result_count):
    normalised = normalise_query_string(query_string)[:255]
    if not normalised:
        return
    Query.get(normalised).add_hit()
    entry, _ = Zoekvraag.objects.get_or_create(query_string=normalised)
    Zoekvraag.objects.filter(pk=entry.pk).update(
        searches=F("searches") + 1,
        zero_results=F("zero_results") + (1 if result_count == 0 else 0),
        last_result_count=result_count,
        last_searched_at=timezone.now(),
    )


def promotions(query_string):
    """Editors' promoted pages and links for this query, in their order."""
    normalised = normalise_query_string(query_string)[:255]
    if not normalised:
        return []
    # Asked on every search and seldom changed: kept per cache generation, which a saved
    # or deleted promotion starts anew (zoeken/signals.py), as a publish does. Most
    # searches have none: the promoted queries are kept as one set, so a search never
    # made before asks the database nothing here.
    if normalised not in generation_cached("search-promoted-queries", (), _promoted):
        return []
    return generation_cached("search-promotions", normalised,
                             lambda: _promotions(normalised))


def _promoted():
    return frozenset(Query.objects.filter(editors_picks__isnull=False)
                     .values_list("query_string", flat=True))


def _promotions(normalised):
    query = Query.objects.filter(query_string=normalised).first()
    if query is None:
        return []
    return list(query.editors_picks.select_related("page").order_by("sort_order"))
