"""The root URLconf. The apps above the ground floor are named as strings: portaal imports
neither voorbeelden nor zoeken."""

from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portaal.accounts.password_reset import AdminPasswordResetView
from portaal.health import health

urlpatterns = [
    # No /django-admin/: users, groups and lost devices are managed in the Wagtail admin,
    # which is the one place behind the two-factor check.
    path("health/", health, name="health"),
    # Wagtail's password reset with a rate limit; the rest of the admin as it comes.
    path(f"{settings.WAGTAIL_ADMIN_PATH}password_reset/", AdminPasswordResetView.as_view()),
    path(settings.WAGTAIL_ADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("zoeken/", include("zoeken.urls")),
    # Member accounts.
    path("account/", include("portaal.accounts.urls")),
    # Theme overviews, feeds, open data, sitemap, member submissions.
    path("", include("voorbeelden.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    from portaal.media import serve_media

    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media)]

urlpatterns += [path("", include(wagtail_urls))]
