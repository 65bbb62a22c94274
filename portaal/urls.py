from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portaal.accounts.password_reset import AdminPasswordResetView
from portaal.health import health
from voorbeelden.overzichten import views
from voorbeelden.overzichten.api import api_router
from voorbeelden.overzichten.feeds import AtomContentFeed, ContentFeed
from voorbeelden.overzichten.sitemap import SITEMAPS, robots_txt

urlpatterns = [
    # No /django-admin/: users, groups and lost devices are managed in the Wagtail admin,
    # which is the one place behind the two-factor check.
    path("health/", health, name="health"),
    # Wagtail's password reset with a rate limit; the rest of the admin as it comes.
    path(f"{settings.WAGTAIL_ADMIN_PATH}password_reset/", AdminPasswordResetView.as_view()),
    path(settings.WAGTAIL_ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("thema/", views.thema_index, name="thema_index"),
    path("thema/<slug:slug>/", views.thema_detail, name="thema_detail"),
    path("zoeken/", include("zoeken.urls")),
    # Public experience: feeds, open data, metadata (issue 6).
    path("feed/", ContentFeed(), name="feed"),
    path("feed/atom/", AtomContentFeed(), name="feed_atom"),
    path("thema/<slug:slug>/feed/", ContentFeed(), name="thema_feed"),
    path("thema/<slug:slug>/feed/atom/", AtomContentFeed(), name="thema_feed_atom"),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Member accounts and submissions (issue 3).
    path("account/", include("portaal.accounts.urls")),
    path("", include("voorbeelden.inzendingen.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    from portaal.media import serve_media

    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media)]

urlpatterns += [path("", include(wagtail_urls))]
