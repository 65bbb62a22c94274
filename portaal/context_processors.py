from wagtail.models import Site

from portaal.cache import generation_cached


def navigation(request):
    """The main menu: the type indexes under the site's home page."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_items": []}
    # A menu change is a publish, unpublish or move, which bumps the cache generation.
    return {"nav_items": generation_cached(
        "nav-items", (site.pk, site.root_page_id),
        lambda: list(site.root_page.get_children().live().in_menu()),
    )}
