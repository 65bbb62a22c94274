"""The public content URLs besides Wagtail's page tree: theme overviews, feeds, open data,
the sitemap and member submissions. Included from portaal/urls.py before Wagtail's catch-all."""

from django.urls import include, path

from wagtail.contrib.sitemaps.views import sitemap

from voorbeelden.overzichten import views
from voorbeelden.overzichten.api import api_router
from voorbeelden.overzichten.feeds import AtomContentFeed, ContentFeed
from voorbeelden.overzichten.sitemap import SITEMAPS, robots_txt

urlpatterns = [
    path("thema/", views.thema_index, name="thema_index"),
    path("thema/<slug:slug>/", views.thema_detail, name="thema_detail"),
    path("thema/<slug:slug>/feed/", ContentFeed(), name="thema_feed"),
    path("thema/<slug:slug>/feed/atom/", AtomContentFeed(), name="thema_feed_atom"),
    path("feed/", ContentFeed(), name="feed"),
    path("feed/atom/", AtomContentFeed(), name="feed_atom"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("voorbeelden.inzendingen.urls")),
]
