"""``{% head_meta %}``: canonical URL, Open Graph, feed links and JSON-LD in <head>."""

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from voorbeelden.structured_data import json_ld, page_json_ld

register = template.Library()


DEFAULT_DESCRIPTION = "Goede praktijk van sociaal werk en ggz in de wijk."


def describe(context, page):
    """Title and description for social previews: the page's, a theme's, or the site's."""
    thema = context.get("thema")
    if page is not None:
        title = page.seo_title or page.title
        description = page.search_description or getattr(page, "intro", "")
    elif thema is not None and hasattr(thema, "description"):
        title, description = thema.name, thema.description
    else:
        title, description = context.get("meta_title", ""), ""
    return title or "Kennisportaal sociaal werk & ggz", str(description) or DEFAULT_DESCRIPTION


@register.inclusion_tag("includes/head_meta.html", takes_context=True)
def head_meta(context):
    request = context.get("request")
    page = context.get("page")
    if page is not None and not hasattr(page, "get_full_url"):
        page = None  # e.g. a paginator page in a Django view
    title, description = describe(context, page)
    canonical = page.get_full_url(request) if page is not None and request else (
        request.build_absolute_uri(request.path) if request else "")
    description = strip_tags(description).strip()
    links = {name: context.get(name) for name in ("page_themas", "page_organisaties")}
    data = page_json_ld(page, request, links) if page is not None else None
    return {
        "canonical": canonical,
        "og_title": title.strip(),
        "og_description": Truncator(description).words(40),
        "og_type": "article" if data and data.get("@type") in ("Article", "Event") else "website",
        "json_ld": json_ld(data) if data else "",
        "feed_url": context.get("feed_url"),
        "atom_url": context.get("atom_url"),
        "feed_title": context.get("feed_title") or title.strip(),
        "noindex": context.get("noindex", False),
    }
