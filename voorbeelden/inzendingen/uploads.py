"""Checking uploaded attachments by their content, not by their name.

A file is accepted when its first bytes (and, for Word/ODT, its zip contents) show it is
one of the allowed kinds; it is then stored under a clean name with that kind's extension.
"""

import os
import struct
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


# Zip archives (Word, ODT, the import) are read with these bounds: a zip bomb is refused
# from its directory, and no member is ever read beyond what is needed.
MAX_ZIP_MEMBERS = 1000  # a Word or ODT file has a few dozen
MAX_ZIP_DIRECTORY = 1024 * 1024  # bytes of the central directory (names and sizes)
MAX_ZIP_UNPACKED = 100 * 1024 * 1024  # all members together, as declared
MAX_ZIP_RATIO = 100  # unpacked : packed; text and XML stay well below 30
RATIO_FROM = 1024 * 1024  # a small member may pack well; it cannot do harm
MIMETYPE_READ = 256  # the ODT ``mimetype`` member is one short line

# The end-of-central-directory record: signature, disk numbers, entry counts, directory size
# and offset, comment length (APPNOTE 4.3.16).
_END_RECORD = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"


class ArchiveRefused(Exception):
    """A zip that is (or pretends to be) too big to unpack; the message is Dutch."""


def _unpacked(size):
    return filesizeformat(size).replace("\xa0", " ")


def check_zip_directory(fileobj, max_members=MAX_ZIP_MEMBERS, max_directory=MAX_ZIP_DIRECTORY):
    """Refuse a zip with too many members or too big a directory before ``zipfile`` reads that
    directory into memory (one object per member). A zip64 archive (more than 65 535
    members) counts as too many."""
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    tail_size = min(size, _END_RECORD.size + 0xFFFF)  # the record plus its longest comment
    fileobj.seek(size - tail_size)
    tail = fileobj.read(tail_size)
    fileobj.seek(0)
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or at + _END_RECORD.size > len(tail):
        return  # not a zip; zipfile says so itself
    _, _, _, _, members, directory, _, _ = _END_RECORD.unpack_from(tail, at)
    if members > max_members:
        raise ArchiveRefused(f"het bevat {members} onderdelen (hoogstens {max_members})")
    if directory > max_directory:
        raise ArchiveRefused(f"de inhoudsopgave is {_unpacked(directory)} "
                             f"(hoogstens {_unpacked(max_directory)})")


def member_problem(info, limit):
    """Why this member may not be read (Dutch), or "": too big, or packed like a bomb."""
    if info.file_size > limit:
        return f"{info.filename[:80]} is uitgepakt {_unpacked(info.file_size)} " \
               f"(hoogstens {_unpacked(limit)})"
    if info.file_size > RATIO_FROM and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
        return f"{info.filename[:80]} wordt uitgepakt {_unpacked(info.file_size)} uit " \
               f"{_unpacked(info.compress_size)} (een zip-bom)"
    return ""


def check_members(infos, max_total=MAX_ZIP_UNPACKED):
    """Refuse when a member or all of them together unpack to too much (as declared; reads
    are bounded as well, as a declared size can lie)."""
    total = 0
    for info in infos:
        problem = member_problem(info, max_total)
        if problem:
            raise ArchiveRefused(problem)
        total += info.file_size
        if total > max_total:
            raise ArchiveRefused(f"alles samen is uitgepakt meer dan {_unpacked(max_total)}")


def read_member(archive, info, limit):
    """At most ``limit`` bytes of a member; ArchiveRefused when there is more."""
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ArchiveRefused(f"{info.filename[:80]} is uitgepakt groter dan {_unpacked(limit)}")
    return data


def _zip_kind(upload):
    """docx, odt or None; ArchiveRefused for a zip too big to look into."""
    upload.seek(0)
    try:
        check_zip_directory(upload)
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            check_members(infos)
            names = {info.filename: info for info in infos}
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and "content.xml" in names:
                head = read_member(archive, names["mimetype"], MIMETYPE_READ)
                if head.strip() == KINDS["odt"].encode():
                    return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError,
            RuntimeError, NotImplementedError, EOFError, struct.error):
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
    try:
        kind = detect_kind(upload)
    except ArchiveRefused as exc:
        raise ValidationError(
            f"Het bestand ‘{name}’ is niet aangenomen: {exc}. Zo’n bestand kan uitgepakt de "
            "server overbelasten. Sla het opnieuw op (bijvoorbeeld als PDF) en probeer het "
            "nog eens."
        ) from None
    if kind is None:
        raise ValidationError(
            f"Het bestand ‘{name}’ is geen {ALLOWED_DESCRIPTION}. We kijken naar de inhoud, "
            "niet naar de naam: een ander bestand met een andere extensie wordt niet aangenomen."
        )
    return kind, clean_filename(name, kind)
