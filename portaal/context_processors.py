from dataclasses import dataclass
from types import MappingProxyType

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Site

from portaal.cache import generation_cached
from portaal.models import InformatiePagina


@dataclass(frozen=True)
class MenuLink:
    """A page in the header's menu or the footer: what the chrome shows of it. Kept with
    its link written, so a request neither unpickles pages nor asks Wagtail for their URL
    (a tenth of a millisecond a link, ten links on every page)."""

    title: str
    url: str
    path: str  # the tree path: the menu marks the section the visitor is in


def navigation(request):
    """The site chrome: the main menu (the type indexes under the site's home page) and the
    footer's information pages (Over dit portaal, Contact, ...), both in tree order."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_items": [], "footer_pages": []}
    # A menu or footer change is a publish, unpublish or move, which bumps the cache
    # generation. Both lists come from one query of the home page's live children; their
    # links are relative to this site, which the key names.
    return MappingProxyType(generation_cached("site-chrome", (site.pk, site.root_page_id),
                                              lambda: site_chrome(site.root_page, request),
                                              in_process=True))


def site_chrome(home, request=None):
    informatie = ContentType.objects.get_for_model(InformatiePagina).pk
    children = list(home.get_children().live().filter(
        Q(show_in_menus=True) | Q(content_type_id=informatie)
    ))

    def links(pages):
        return tuple(MenuLink(page.title, page.get_url(request), page.path) for page in pages)

    return {
        "nav_items": links(child for child in children if child.show_in_menus),
        "footer_pages": links(child for child in children
                              if child.content_type_id == informatie),
    }
