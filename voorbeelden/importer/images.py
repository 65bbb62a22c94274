"""The images of a saved page: into Wagtail's image library, once per file content.

A saved page refers to its images by relative path ("Pagina_files/foto.png"); the
``Document`` can read those files from the folder or zip it came from. Each image becomes
a Wagtail image (title from the alt text, else the file name), found again by Wagtail's own
``file_hash`` (SHA-1 of the content), so a second import, or the same photo on two pages,
makes no copy. Addresses on the web are never fetched, only listed. A missing or broken
file is a Dutch note; it never fails the document.

Files written for a document that is rolled back (an error, or every document of a dry run)
are deleted again, with the rows the transaction undoes: no orphans in the media folder.
"""

import io
import logging
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from portaal import internals
from voorbeelden.importer.sources import AssetMissing

logger = logging.getLogger(__name__)

# The suffix a stored image gets comes from the format Pillow found in its bytes, never from
# the source's name: a PNG named "plaatje.html" would otherwise be served as a web page.
RASTER_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp", "BMP": "bmp",
                  "TIFF": "tif"}


@dataclass
class Placed:
    """An image ready for the page: the Wagtail image and the alt text of this use."""

    image: object
    alt: str
    decorative: bool = False

    def block(self):
        return {"type": "afbeelding", "value": {"image": self.image.pk, "alt_text": self.alt,
                                                "decorative": self.decorative}}


class ImageImporter:
    """One per import run; ``place(record)`` before the record's page is written."""

    def __init__(self, dry_run=False, user=None):
        self.dry_run = dry_run
        self.user = user
        self.model = get_image_model()
        self.written = []  # images created for the current document

    def begin(self):
        self.written = []

    def rolled_back(self):
        """The document's transaction was undone: remove the files its images wrote."""
        for image in self.written:
            try:
                image.file.storage.delete(image.file.name)
            except OSError:
                logger.exception("import: afbeelding %s niet opgeruimd", image.file.name)
        self.written = []

    def place(self, record):
        """Import the record's local images; returns {number: Placed}; notes in Dutch."""
        placed = {}
        for number, found in enumerate(record.images):
            src, alt, url = found["src"], found.get("alt", ""), found.get("url", found["src"])
            if src.startswith(("http://", "https://", "//")) or (
                    src.startswith("/") and url.startswith(("http://", "https://"))):
                # not saved with the page: on the web only, and never fetched
                record.notes.append(f"externe afbeelding niet overgenomen: {url}")
                continue
            try:
                located = record.assets.read(src) if record.assets else None
            except AssetMissing as exc:
                record.notes.append(f"afbeelding niet overgenomen: {src} ({exc})")
                continue
            if located is None:
                record.notes.append(f"afbeelding niet overgenomen: {src} (geen bestand bij de "
                                    "pagina)")
                continue
            name, data = located
            fmt, problem = _check(data)
            if problem:
                record.notes.append(f"afbeelding niet overgenomen: {src} ({problem})")
                continue
            if self.dry_run:
                record.notes.append(f"afbeelding zou worden overgenomen: {name}")
                continue
            image = self._image(name, data, alt, RASTER_FORMATS[fmt])
            if not found.get("has_alt", True):
                record.notes.append(f"afbeelding {PurePosixPath(name).name} had geen alt-tekst; "
                                    f"nu “{image.title}”: controleer die")
                placed[number] = Placed(image, image.title, decorative=False)
            else:  # alt="" marks a decorative image (HTML's own rule)
                placed[number] = Placed(image, alt, decorative=not alt)
        return placed

    def _image(self, name, data, alt, suffix):
        digest = hash_filelike(io.BytesIO(data))  # the file_hash Wagtail stores
        existing = self.model.objects.filter(file_hash=digest).order_by("pk").first()
        if existing is not None:
            return existing
        filename = PurePosixPath(name).name
        title = (alt.strip() or PurePosixPath(filename).stem.replace("_", " "))[:255]
        image = self.model(title=title, description=alt.strip()[:255],
                           uploaded_by_user=self.user,
                           file=ImageFile(io.BytesIO(data),
                                          name=_safe_filename(filename, suffix)))
        internals.set_file_metadata(image)  # size and file_hash, as Wagtail's upload form does
        image.save()
        self.written.append(image)
        return image


def _check(data):
    """(Pillow's format, why the bytes are not an image the portal can show or '')."""
    if not data:
        return None, "leeg bestand"
    try:
        with PILImage.open(io.BytesIO(data)) as img:
            fmt, (width, height) = img.format, img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            PILImage.DecompressionBombError):
        return None, "geen leesbare afbeelding (beschadigd of onbekend formaat)"
    if fmt not in RASTER_FORMATS:
        return fmt, f"formaat {fmt} wordt niet ondersteund"
    limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if limit and width * height > limit:  # what Wagtail's upload form refuses
        return fmt, f"te groot ({width} × {height} pixels)"
    return fmt, ""


def _safe_filename(filename, suffix):
    """The source's name without any of its suffixes ("foto.svg.html" -> "foto"), with the
    suffix of the format found in the bytes."""
    stem = filename.split(".", 1)[0] if not filename.startswith(".") else ""
    stem = re.sub(r"[^\w-]+", "-", stem).strip("-") or "afbeelding"
    return f"{stem[:80]}.{suffix}"
