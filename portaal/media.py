"""Media files (image renditions, uploads) from the app server, for the local production
setup and small installations without a web server or object storage in front.

Documents are not served here: they go through Wagtail's document serve view, which
checks privacy collections and sets download headers.
"""

import mimetypes

from django.conf import settings
from django.http import Http404
from django.views.static import serve

MAX_AGE = 24 * 3600


def serve_media(request, path):
    if path.split("/", 1)[0] in ("documents", "original_documents"):
        raise Http404("Documenten gaan via /documents/")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    content_type, _ = mimetypes.guess_type(path)
    if not (content_type or "").startswith("image/"):
        # Anything that is not an image is offered as a download, never rendered inline.
        response["Content-Disposition"] = "attachment"
    return response
