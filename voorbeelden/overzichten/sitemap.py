"""robots.txt and sitemap.xml."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Site

from portaal.models import Thema
from voorbeelden.models.base import last_change


class ThemaSitemap(DjangoSitemap):
    """The theme overviews are Django views, not Wagtail pages: list them too."""

    def items(self):
        return Thema.objects.annotate(
            edited=Max("pages__edited_at"), dated=Max("pages__date")
        ).order_by("slug")

    def location(self, thema):
        return thema.get_absolute_url()

    # The pages' entries carry the default Site's origin (PUBLIC_ORIGIN); the themes' entries
    # take the same, not the host the request came in on.
    def get_protocol(self, protocol=None):
        return urlsplit(self._site_root()).scheme

    def get_domain(self, site=None):
        return urlsplit(self._site_root()).netloc

    def _site_root(self):
        if not hasattr(self, "root_url"):
            self.root_url = Site.objects.get(is_default_site=True).root_url
        return self.root_url

    def lastmod(self, thema):
        # as the pages' own entries (ContentPage.get_sitemap_urls): edits and document dates
        return last_change(thema.edited, thema.dated)


SITEMAPS = {"pages": WagtailSitemap, "themas": ThemaSitemap}


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.WAGTAIL_ADMIN_PATH}",
        # Search results are endless combinations of the same pages.
        "Disallow: /zoeken/",
        "Disallow: /*?*format=csv",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
