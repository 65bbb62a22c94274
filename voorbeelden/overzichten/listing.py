"""Querysets and pagination for listings of content pages.

A listing's query count must not grow with its length: cards need the page, its
content type and its themes, which are fetched in a fixed number of queries.
"""

from collections import defaultdict

from django.core.paginator import Paginator

from portaal import internals
from portaal.cache import generation_cached
from portaal.models import Thema
from voorbeelden.models import ContentPage

PAGE_SIZE = 12


def attach_themas(pages):
    """What ``prefetch_related("themas")`` gives (``page.themas.all()`` without a query). The
    links of these pages and the Thema rows are kept per cache generation (a publish, move
    or Thema change bumps it), so a warm overview does not query them. Django's prefetch
    also cloned a queryset per page, a third of an overview's render time."""
    if not pages:
        return pages
    # In the model's own order (Meta.ordering: sort_order, name), as the tags show them.
    themas = generation_cached("themas-in-order", (), lambda: list(Thema.objects.all()))
    ids = sorted(page.pk for page in pages)

    def links():
        linked = defaultdict(set)
        rows = ContentPage.themas.through.objects.filter(contentpage_id__in=ids)
        for page_id, thema_id in rows.values_list("contentpage_id", "thema_id"):
            linked[page_id].add(thema_id)
        return dict(linked)

    linked = generation_cached("thema-links", ids, links)
    every = Thema.objects.all()
    for page in pages:
        chosen = [t for t in themas if t.pk in linked.get(page.pk, ())]
        internals.set_prefetched(page, "themas", every, chosen)
    return pages


def paginate(request, queryset, per_page=PAGE_SIZE, count=None, cache_parts=None):
    """The requested page of results; a bad or out-of-range number gives the nearest page.
    ``count``: the number of results when already known (saves the COUNT query). The
    items' themes come from ``attach_themas``. ``cache_parts``: what identifies the
    listing (its base, filters and options shown, as ListingFilters.cache_parts); with
    it, the page of results is kept per cache generation like the listing's counts (a
    publish, move or taxonomy change bumps it), so a warm overview makes no query."""
    paginator = Paginator(queryset.prefetch_related(None), per_page)
    if count is not None:
        paginator.count = count
    raw = request.GET.get("pagina", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), paginator.num_pages)
    page = paginator.page(number)
    if cache_parts is None:
        items = list(page.object_list)
    else:
        items = generation_cached("listing-page", (cache_parts, number, per_page),
                                  lambda: list(page.object_list))
    page.object_list = attach_themas(items)
    return page
