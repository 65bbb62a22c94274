"""Checking uploaded attachments by their content, not by their name.

A file is accepted when its first bytes (and, for Word/ODT, its zip contents) show it is
one of the allowed kinds; it is then stored under a clean name with that kind's extension.
"""

import os
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename, slugify

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 5

KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
}
ALLOWED_DESCRIPTION = "PDF, Word (.docx), OpenDocument-tekst (.odt), PNG, JPEG of GIF"
ACCEPT_ATTRIBUTE = ".pdf,.docx,.odt,.png,.jpg,.jpeg,.gif"


def _zip_kind(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and "content.xml" in names:
                if archive.read("mimetype").strip() == KINDS["odt"].encode():
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def detect_kind(upload):
    """The kind of file (a key of KINDS) from its content, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def clean_filename(original, kind):
    """A plain ASCII name with the extension that matches the content."""
    stem = os.path.splitext(os.path.basename(original.replace("\\", "/")))[0]
    stem = slugify(stem)[:80] or "bijlage"
    return get_valid_filename(f"{stem}.{kind}")


def validate_upload(upload):
    """Return (kind, clean name) or raise ValidationError with a Dutch message."""
    name = os.path.basename(upload.name or "bestand")
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(
            f"Het bestand ‘{name}’ is {filesizeformat(upload.size)}; een bijlage mag "
            f"hoogstens {filesizeformat(MAX_FILE_SIZE)} zijn. Verklein het bestand (bijvoorbeeld "
            "door het als PDF op te slaan of de afbeeldingen te verkleinen) of stuur een link."
        )
    if upload.size == 0:
        raise ValidationError(f"Het bestand ‘{name}’ is leeg.")
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            f"Het bestand ‘{name}’ is geen {ALLOWED_DESCRIPTION}. We kijken naar de inhoud, "
            "niet naar de naam: een ander bestand met een andere extensie wordt niet aangenomen."
        )
    return kind, clean_filename(name, kind)
