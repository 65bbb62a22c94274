"""Small lookups every public page view repeats, kept per cache generation.

The site for the request's host, the private sections (view restrictions) and a thema by
slug change only through a save or delete that bumps the cache generation
(portaal/cache.py), so they are kept under it: a page rendered with the page cache off, or
the first one after a publish, skips those queries (the site lookup's CASE ordering alone
cost several milliseconds of SQL compilation per request).
"""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.db.models import Q
from django.http.request import split_domain_port

from wagtail.models import PageViewRestriction, Site

from portaal import internals
from portaal.cache import generation_cached
from portaal.models import Thema


def site_for_request(request) -> Site | None:
    """``Site.find_for_request`` from the cache; Wagtail keeps it on the request too."""
    if not hasattr(request, "portaal_site"):
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        request.portaal_site = generation_cached(
            "site", (hostname, port), lambda: Site.find_for_request(request)
        )
        internals.remember_site(request, request.portaal_site)
    return request.portaal_site


class SiteLookupMiddleware:
    """Puts the cached site on the request, where Wagtail's ``find_for_request`` (page
    routing, ``{% pageurl %}``, settings) looks first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()  # a host outside ALLOWED_HOSTS gets no lookup or cache entry
            site_for_request(request)
        except DisallowedHost:
            pass  # CommonMiddleware answers it with a 400
        except DatabaseError:
            # Database down: leave it to the view (/health/ answers 503, pages the Dutch
            # error page); a middleware error would bypass both.
            pass
        return self.get_response(request)


def private_sections() -> tuple[tuple[str, int], ...]:
    """Tree path and depth of every page with a view restriction."""
    return generation_cached(
        "private-sections", (),
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", "page__depth")),
        in_process=True,
    )


def restricted_q(sections=None) -> Q | None:
    """Wagtail's ``PageQuerySet.private_q()``: the pages in a section with a view
    restriction (and the sections themselves). Exclude it for public listings; None when
    no page has a restriction (excluding nothing still cost a join: 0.3 ms a query).
    ``sections``: ``private_sections()`` as the caller read them."""
    q = Q()
    for path, depth in private_sections() if sections is None else sections:
        q |= Q(path__startswith=path, depth__gte=depth)
    return q or None


def in_private_section(page) -> bool:
    """Whether ``page`` (or a page above it) has a view restriction, without a query."""
    return at_private_place(page.path, page.depth)


def at_private_place(page_path, page_depth, sections=None) -> bool:
    """``in_private_section`` for a tree path and depth read without the page;
    ``sections``: ``private_sections()`` read once for many pages."""
    return any(
        page_path.startswith(path) and page_depth >= depth
        for path, depth in (private_sections() if sections is None else sections)
    )


def publicly_visible(page) -> bool:
    """Live and outside every private section: ``restricted_q()`` for a page already in
    hand (a chooser block's value), without a query."""
    return page.live and not in_private_section(page)


def thema_by_slug(slug: str) -> Thema | None:
    return generation_cached("thema", slug, lambda: Thema.objects.filter(slug=slug).first())
