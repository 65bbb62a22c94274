"""The portal's urls with ``/media/`` served by the app, as ``SERVE_MEDIA=true`` makes them
(portaal/urls.py reads the setting once at import; the test settings leave it off)."""

from django.urls import path

from portaal.media import serve_media
from portaal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("media/<path:path>", serve_media), *portal_urlpatterns]
