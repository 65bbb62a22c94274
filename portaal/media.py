"""Media files (image renditions, uploads) from the app server, for the local production
setup and small installations without a web server or object storage in front.

Documents are not served here: they go through Wagtail's document serve view, which
checks privacy collections and sets download headers. Documents in a restricted collection
are not under MEDIA_ROOT at all (portaal/storage.py): that is what protects them when the
reverse proxy serves /media/ itself, as it does in production. This view also refuses any
path that is not already in its one plain spelling, so no ``./``, ``//``, ``..`` or encoded
dot can reach a refused folder by another name.
"""

import mimetypes

from django.conf import settings
from django.http import Http404
from django.views.static import serve

MAX_AGE = 24 * 3600
# Top-level folders under MEDIA_ROOT that are never served from /media/.
REFUSED_FOLDERS = ("documents", "original_documents", "private")


def plain_path(path):
    """``path`` when every segment is an ordinary name; None for empty, ``.`` or ``..``
    segments, backslashes and NUL bytes. The URL is already percent-decoded here, so
    ``%2e`` arrives as ``.``."""
    if "\\" in path or "\0" in path:
        return None
    segments = path.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        return None
    return path


def serve_media(request, path):
    path = plain_path(path)
    if path is None:
        raise Http404("Onbekend bestand")
    if path.split("/", 1)[0].lower() in REFUSED_FOLDERS:
        raise Http404("Documenten gaan via /documents/")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    content_type, _ = mimetypes.guess_type(path)
    if not (content_type or "").startswith("image/"):
        # Anything that is not an image is offered as a download, never rendered inline.
        response["Content-Disposition"] = "attachment"
    return response
