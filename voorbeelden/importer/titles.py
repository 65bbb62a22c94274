"""Which heading or line names a document.

On sector sites the first heading is often not the title: a section label ("Nieuwsbericht",
"Goed voorbeeld", "Verdiwel Lab"), a date ("30 juli 2018"), a member notice ("Uw account is
nog niet geactiveerd.") or the site's own name in a WordPress theme's <h1>. Text exports
open with a "SOURCE: <url>" line, breadcrumbs or a label. The page's <title> or og:title then
names it, less the site's name ("Titel | Sociaal Werk Nederland", "Movisie | Titel").
"""

import re
from urllib.parse import urlsplit

from voorbeelden.importer.chrome import CHROME_PHRASES, is_chrome_line
from voorbeelden.importer.dates import DATE_LINE
from voorbeelden.importer.entities import fold

# Section labels that sector sites put above (or instead of) a title, with the page type
# they point to; None where a label names no type of this portal.
LABELS = {
    "nieuwsbericht": "artikel", "nieuws": "artikel", "actueel": "artikel", "thema": "artikel",
    "artikel": "artikel", "achtergrond": "artikel", "blog": "artikel", "interview": "artikel",
    "column": "artikel", "opinie": "artikel", "persbericht": "artikel",
    "werkbezoek": "werkbezoek", "verslag werkbezoek": "werkbezoek", "werkbezoeken": "werkbezoek",
    "lab": "lab", "verdiwel lab": "lab", "labs": "lab", "verslag lab": "lab",
    "handreiking": "handreiking", "handreikingen": "handreiking",
    "goed voorbeeld": "interventie", "goede voorbeelden": "interventie",
    "praktijkvoorbeeld": "interventie", "praktijkvoorbeelden": "interventie",
    "interventie": "interventie", "interventies": "interventie",
    "publicatie": None, "publicaties": None, "project": None, "projecten": None,
    "agenda": None, "evenement": None, "kennis": None, "kennisbank": None,
}
# "SOURCE: https://..." (the exporting tool's line), "Bron: ...", "URL: ..."
SOURCE_LINE = re.compile(r"^\s*(?:source|bron|url)\s*:\s*(https?://\S+)\s*$", re.IGNORECASE)
# Between a title and the site's name in <title> and og:title.
SEPARATOR = re.compile(r"(\s+(?:[|–—·»-]|::)\s+)")
HOST_PREFIXES = ("www.", "m.")


def label_kind(text):
    """(True, kind or None) when ``text`` is only a section label, else (False, None)."""
    key = " ".join((text or "").lower().strip(" :·|").split())
    return (True, LABELS[key]) if key in LABELS else (False, None)


def _squeezed(text):
    return re.sub(r"[^a-z0-9]", "", fold(text))


def site_names(url, *names):
    """The site's name as it may appear in a title, squeezed to letters and digits: the
    given names (og:site_name, application-name) and the address's own name
    ("https://www.trimbos.nl/..." -> "trimbos")."""
    found = [_squeezed(n) for n in names if n and _squeezed(n)]
    host = urlsplit(url or "").hostname or ""
    for prefix in HOST_PREFIXES:
        host = host.removeprefix(prefix)
    core = host.split(".")[0] if "." in host else ""
    if len(core) >= 4:
        found.append(_squeezed(core))
    return list(dict.fromkeys(found))


def is_site_name(text, sites):
    """Whether ``text`` names the site: equal to one of ``sites``, or a short part holding the
    address's name ("Gemeente Deventer" on deventer.nl, "Trimbos-instituut" on trimbos.nl)."""
    squeezed = _squeezed(text)
    if not squeezed:
        return False
    if len(text.split()) > 5:
        return False
    for site in sites:
        if len(site) < 4 or len(squeezed) < 4:
            continue
        # "gemeentedeventer" holds "deventer"; "sociaalwerk" alone is not the whole name
        if squeezed == site or (site in squeezed and len(squeezed) <= len(site) + 12) or (
                squeezed in site and len(squeezed) >= 0.8 * len(site)):
            return True
    return False


def without_site_name(title, sites):
    """A <title> or og:title less the site's name at its start or end; when no part names
    the site, a short last part after " | " or " - " is taken for it."""
    title = " ".join((title or "").split())
    parts = SEPARATOR.split(title)  # text, separator, text, ...
    if len(parts) < 3:
        return title
    texts = parts[::2]
    start, end = 0, len(texts)
    while end - start > 1 and is_site_name(texts[end - 1], sites):
        end -= 1
    while end - start > 1 and is_site_name(texts[start], sites):
        start += 1
    if (start, end) == (0, len(texts)):
        last = texts[-1]
        if len(last.split()) <= 4 and len(last) < len(" ".join(texts[:-1])):
            end -= 1
    return "".join(parts[2 * start:2 * end - 1]).strip()


def unfit_title(text, sites=()):
    """Why ``text`` cannot be a document's title ("" when it can): a section label, a date,
    site chrome, breadcrumbs, a SOURCE line or the site's own name."""
    text = " ".join((text or "").split())
    if not re.search(r"[^\W\d_]", text):
        return "leeg"
    if label_kind(text)[0]:
        return "label"
    if DATE_LINE.match(text):
        return "datum"
    if SOURCE_LINE.match(text):
        return "bronregel"
    if is_chrome_line(text) or CHROME_PHRASES.search(text):
        return "menu of melding"
    if sites and is_site_name(text, sites) and len(text.split()) <= 4:
        return "naam van de site"
    return ""
