"""Querysets and pagination for listings of content pages.

A listing's query count must not grow with its length: cards need the page, its
content type and its themes, which are fetched in a fixed number of queries.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch

PAGE_SIZE = 12


def live_content(model=None):
    """Live, public content pages of one type (or all types), newest first."""
    from portaal.models import Thema
    from voorbeelden.models import ContentPage

    model = model or ContentPage
    return (
        model.objects.live()
        .public()
        .select_related("content_type")
        .prefetch_related(Prefetch("themas", queryset=Thema.objects.order_by("sort_order", "name")))
        .order_by(*ContentPage.listing_order)
    )


def paginate(request, queryset, per_page=PAGE_SIZE, count=None):
    """The requested page of results; a bad or out-of-range number gives the nearest page.
    ``count``: the number of results when already known (saves the COUNT query)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    raw = request.GET.get("pagina", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), paginator.num_pages)
    return paginator.page(number)
