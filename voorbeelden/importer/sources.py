"""Reading input: files, directories and zip archives, safely.

Nothing is ever extracted to disk: zip members are read into memory after their
path and size have been checked. Every problem becomes a ``SourceError`` with a
Dutch reason, so the caller can report it and go on with the next document.
"""

import codecs
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_BYTES = 10 * 1024 * 1024  # one document; larger files are refused, not truncated
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_TOTAL = 200 * 1024 * 1024

KNOWN_SUFFIXES = {".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".csv", ".json", ".zip"}
SKIPPED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}


@dataclass
class Document:
    """One input file, still bytes."""

    name: str  # as shown in the report and stored as source_file
    data: bytes
    notes: list = field(default_factory=list)

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
                if file.name.lower() in SKIPPED_NAMES or any(
                    part.startswith(".") for part in file.relative_to(path).parts
                ):
                    continue
                yield from _from_file(file, file.relative_to(path.parent).as_posix(), max_bytes)
        elif path.is_file():
            yield from _from_file(path, path.name, max_bytes)
        else:
            yield SourceError(str(raw), "bestand of map bestaat niet")


def _from_file(path, name, max_bytes):
    try:
        size = path.stat().st_size
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                yield from _from_zip(archive, name, max_bytes)
            return
        if size > max_bytes:
            yield SourceError(name, f"bestand is te groot ({megabytes(size)}; maximaal "
                                    f"{megabytes(max_bytes)}), niet geïmporteerd")
            return
        yield Document(name, path.read_bytes())
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
    total = 0
    for member in members:
        label = f"{zip_name}/{member.filename}"
        inner = safe_member_name(member.filename)
        if inner is None:
            yield SourceError(label, "onveilig pad in zip-bestand (buiten de map), overgeslagen")
            continue
        base = PurePosixPath(inner).name.lower()
        if base in SKIPPED_NAMES or inner.startswith("__MACOSX/") or base.startswith("."):
            continue
        if member.file_size > max_bytes:
            yield SourceError(f"{zip_name}/{inner}", f"bestand is te groot "
                              f"({megabytes(member.file_size)}; maximaal {megabytes(max_bytes)})")
            continue
        total += member.file_size
        if total > MAX_ZIP_TOTAL:
            yield SourceError(zip_name, "zip is uitgepakt te groot; de rest is niet gelezen")
            return
        try:
            with archive.open(member) as handle:
                data = handle.read(max_bytes + 1)  # never trust the declared size
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
            yield SourceError(f"{zip_name}/{inner}", f"kan niet uit de zip worden gelezen ({exc})")
            continue
        if len(data) > max_bytes:
            yield SourceError(f"{zip_name}/{inner}", "bestand is uitgepakt te groot")
            continue
        if PurePosixPath(inner).suffix.lower() == ".zip":
            yield SourceError(f"{zip_name}/{inner}", "zip in zip wordt niet uitgepakt")
            continue
        yield Document(f"{zip_name}/{inner}", data)


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
