"""Links between pages: a page chosen in a block is linked only when a visitor may see it."""

from django import template

from portaal.lookups import publicly_visible

register = template.Library()


@register.filter
def visible(page):
    """The page if it is live and public, else None: ``{% with value|visible as target %}``
    hides a draft or a page in a private section instead of linking it."""
    return page if page is not None and publicly_visible(page) else None
