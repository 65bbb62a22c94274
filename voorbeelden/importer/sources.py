"""Reading input: files, directories and zip archives, safely.

Nothing is ever extracted to disk: zip members are read into memory after their
path and size have been checked. Every problem becomes a ``SourceError`` with a
Dutch reason, so the caller can report it and go on with the next document.
"""

import codecs
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from voorbeelden.inzendingen.uploads import (
    ArchiveRefused,
    check_zip_directory,
    member_problem,
    read_member,
)

MAX_BYTES = 10 * 1024 * 1024  # one document; larger files are refused, not truncated
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_DIRECTORY = 16 * 1024 * 1024  # the names and sizes of 10 000 members, generously
MAX_ZIP_TOTAL = 200 * 1024 * 1024  # declared, and what was really read

KNOWN_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".csv", ".json", ".zip"}
SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
# Files a saved page brings along ("Pagina_files/foto.png"): read when the page refers to
# them, never imported as documents of their own.
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg",
                  ".avif", ".ico"}
ASSET_SUFFIXES = IMAGE_SUFFIXES | {".css", ".js", ".woff", ".woff2", ".ttf", ".eot", ".map"}


class AssetMissing(Exception):
    """A file the document refers to is not there (or not allowed); message in Dutch."""


def is_asset(relative_path, exists):
    """Images, and everything in the "<page>_files" folder of a saved "<page>.html" (``exists``
    tells whether a path is there), belong to a page."""
    path = PurePosixPath(relative_path)
    if path.suffix.lower() in ASSET_SUFFIXES:
        return True
    for depth, part in enumerate(path.parts[:-1]):
        if part.lower().endswith("_files"):
            stem = posixpath.join(*path.parts[:depth], part[:-len("_files")])
            if any(exists(stem + suffix) for suffix in (".html", ".htm", ".xhtml")):
                return True
    return False


def asset_path(document_name, reference):
    """The archive/folder path of ``reference`` (an <img src>) relative to the document, or
    None when it is not a local file (an address, a data: URI); raises AssetMissing when it
    points outside the folder or archive."""
    parts = urlsplit(reference.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None  # http(s), data:, file:, mailto:, //host/...
    path = unquote(parts.path).replace("\\", "/")
    if path.startswith("/"):
        raise AssetMissing("verwijst naar een pad op de website, niet naar een bestand bij "
                           "de pagina")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(document_name), path))
    if joined.startswith("../") or joined == "..":
        raise AssetMissing("verwijst naar een bestand buiten de map of het zip-bestand")
    return joined


@dataclass
class Document:
    """One input file, still bytes."""

    name: str  # as shown in the report and stored as source_file
    data: bytes
    notes: list = field(default_factory=list)
    # reads a file next to this one (a relative reference) -> (name, bytes); None: no files
    assets: object = None

    @property
    def suffix(self):
        return PurePosixPath(self.name.lower()).suffix


@dataclass
class SourceError:
    name: str
    reason: str


def megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def iter_documents(paths, max_bytes=MAX_BYTES):
    """Yield a ``Document`` or ``SourceError`` for every file in ``paths``."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            for file in files:
                relative = file.relative_to(path)
                if file.name.lower() in SKIPPED_NAMES or any(
                    part.startswith(".") for part in relative.parts
                ) or is_asset(relative.as_posix(), lambda p, base=path: (base / p).is_file()):
                    continue
                yield from _from_file(file, file.relative_to(path.parent).as_posix(), max_bytes,
                                      base=path.parent, allowed=path)
        elif path.is_file():
            yield from _from_file(path, path.name, max_bytes, base=path.parent,
                                  allowed=path.parent)
        else:
            yield SourceError(str(raw), "bestand of map bestaat niet")


def _from_file(path, name, max_bytes, base, allowed):
    try:
        size = path.stat().st_size
        if path.suffix.lower() == ".zip":
            with path.open("rb") as handle:
                try:
                    check_zip_directory(handle, MAX_ZIP_MEMBERS, MAX_ZIP_DIRECTORY)
                except ArchiveRefused as exc:
                    yield SourceError(name, f"zip niet gelezen: {exc}")
                    return
            # Open as long as one of its documents is: the import reads documents ahead of
            # the page it writes (importer.reading) and reads a page's images from the
            # archive when it writes the page, after this loop may have moved on. The
            # ZipFile owns its file and closes it when the last document lets go of it.
            yield from _from_zip(zipfile.ZipFile(path), name, max_bytes)
            return
        if size > max_bytes:
            yield SourceError(name, f"bestand is te groot ({megabytes(size)}; maximaal "
                                    f"{megabytes(max_bytes)}), niet geïmporteerd")
            return
        yield Document(name, path.read_bytes(), assets=FolderAssets(base, allowed, name, max_bytes))
    except zipfile.BadZipFile:
        yield SourceError(name, "geen geldig zip-bestand (beschadigd of onvolledig)")
    except OSError as exc:
        yield SourceError(name, f"bestand kan niet worden gelezen ({exc.strerror or exc})")


def safe_member_name(name):
    """The member's path if it stays inside the archive, else None (``../``, absolute, drive)."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or re.match(r"^[A-Za-z]:", cleaned):
        return None
    parts = PurePosixPath(cleaned).parts
    if any(part == ".." for part in parts):
        return None
    return "/".join(p for p in parts if p not in ("", "."))


def _from_zip(archive, zip_name, max_bytes):
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        yield SourceError(zip_name, f"zip bevat te veel bestanden ({len(members)}; maximaal "
                                    f"{MAX_ZIP_MEMBERS})")
        return
    names = {m.filename for m in members}
    total = 0
    for member in members:
        label = f"{zip_name}/{member.filename}"
        inner = safe_member_name(member.filename)
        if inner is None:
            yield SourceError(label, "onveilig pad in zip-bestand (buiten de map), overgeslagen")
            continue
        base = PurePosixPath(inner).name.lower()
        if base in SKIPPED_NAMES or inner.startswith("__MACOSX/") or base.startswith(".") \
                or is_asset(inner, names.__contains__):
            continue
        if member.file_size > max_bytes:
            yield SourceError(f"{zip_name}/{inner}", f"bestand is te groot "
                              f"({megabytes(member.file_size)}; maximaal {megabytes(max_bytes)})")
            continue
        problem = member_problem(member, max_bytes)
        if problem:
            yield SourceError(f"{zip_name}/{inner}", f"niet gelezen: {problem}")
            continue
        total += member.file_size
        if total > MAX_ZIP_TOTAL:
            yield SourceError(zip_name, "zip is uitgepakt te groot; de rest is niet gelezen")
            return
        try:
            data = read_member(archive, member, max_bytes)  # never trust the declared size
        except ArchiveRefused:
            yield SourceError(f"{zip_name}/{inner}", "bestand is uitgepakt te groot")
            continue
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            yield SourceError(f"{zip_name}/{inner}", f"kan niet uit de zip worden gelezen ({exc})")
            continue
        total += max(len(data) - member.file_size, 0)  # what was read beyond the declared
        if PurePosixPath(inner).suffix.lower() == ".zip":
            yield SourceError(f"{zip_name}/{inner}", "zip in zip wordt niet uitgepakt")
            continue
        yield Document(f"{zip_name}/{inner}", data,
                       assets=ZipAssets(archive, zip_name, inner, max_bytes))


class FolderAssets:
    """Files next to a document on disk, never outside the folder that was imported.

    ``name`` (the document's name in the report) is relative to ``base``; ``allowed`` is the
    folder given to the import (for a single file: its folder)."""

    def __init__(self, base, allowed, name, max_bytes):
        self.base, self.allowed = Path(base).resolve(), Path(allowed).resolve()
        self.name, self.max_bytes = name, max_bytes

    def read(self, reference):
        relative = asset_path(self.name, reference)
        if relative is None:
            return None
        file = (self.base / relative).resolve()
        if not file.is_relative_to(self.allowed):  # ../ out of the folder, or a symlink
            raise AssetMissing("verwijst naar een bestand buiten de map")
        if not file.is_file():
            raise AssetMissing("bestand ontbreekt")
        if file.stat().st_size > self.max_bytes:
            raise AssetMissing(f"bestand is te groot ({megabytes(file.stat().st_size)})")
        try:
            return relative, file.read_bytes()
        except OSError as exc:
            raise AssetMissing(f"bestand kan niet worden gelezen ({exc.strerror or exc})") \
                from exc


class ZipAssets:
    """Members of the same zip (read while the import is still inside the archive)."""

    def __init__(self, archive, zip_name, inner, max_bytes):
        self.archive, self.zip_name, self.inner = archive, zip_name, inner
        self.max_bytes = max_bytes

    def read(self, reference):
        relative = asset_path(self.inner, reference)
        if relative is None:
            return None
        try:
            member = self.archive.getinfo(relative)
        except KeyError:
            raise AssetMissing("bestand ontbreekt in het zip-bestand") from None
        if member.file_size > self.max_bytes:
            raise AssetMissing(f"bestand is te groot ({megabytes(member.file_size)})")
        problem = member_problem(member, self.max_bytes)
        if problem:
            raise AssetMissing(problem)
        try:
            data = read_member(self.archive, member, self.max_bytes)
        except ArchiveRefused:
            raise AssetMissing("bestand is uitgepakt te groot") from None
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
            raise AssetMissing(f"kan niet uit de zip worden gelezen ({exc})") from exc
        return f"{self.zip_name}/{relative}", data


# --- bytes to text -------------------------------------------------------------------------

def _cp1252_fallback(error):
    """Decode stray bytes in otherwise-UTF-8 text as windows-1252 (mixed files exist)."""
    chunk = error.object[error.start:error.end]
    return chunk.decode("cp1252", errors="replace").replace("\ufffd", ""), error.end


codecs.register_error("portaal_cp1252", _cp1252_fallback)

MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def looks_binary(data):
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head or head.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff",
                                           b"GIF8", b"\xd0\xcf\x11\xe0")):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05


def binary_reason(data):
    if data.startswith(b"%PDF"):
        return "dit is een PDF; lever de tekst aan als .txt (PDF wordt niet gelezen)"
    if data.startswith(b"\xd0\xcf\x11\xe0") or data.startswith(b"PK\x03\x04"):
        return "dit is een Office- of archiefbestand; sla het op als HTML, tekst of CSV"
    return "binair bestand (geen tekst, HTML, CSV of JSON), niet geïmporteerd"


def declared_charset(data):
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096], re.I)
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def decode(data):
    """Text and a note about the charset when it was not plain UTF-8 as labelled."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="portaal_cp1252"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "tekenset UTF-16"
    label = declared_charset(data)
    try:
        text = data.decode("utf-8")
        note = None
        if label and label not in ("utf-8", "utf8") and not data.isascii():
            note = f"tekenset: UTF-8 (bestand noemt {label})"
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="portaal_cp1252")
        origin = f"gelabeld als {label}" if label else "zonder label"
        note = f"tekenset: windows-1252 ({origin}), omgezet naar UTF-8"
    if MOJIBAKE.search(text):
        try:
            repaired = text.encode("cp1252").decode("utf-8")
            text, note = repaired, "dubbel gecodeerde tekens (Ã©) hersteld"
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return text, note
