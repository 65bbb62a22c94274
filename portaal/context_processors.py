from wagtail.models import Site


def navigation(request):
    """The main menu: the type indexes under the site's home page."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_items": []}
    return {"nav_items": site.root_page.get_children().live().in_menu()}
