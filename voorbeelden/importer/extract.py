"""From one input document to one or more ``Extracted`` records (rows of an export)."""

import datetime
import hashlib
import json
import re
import traceback
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.utils.text import slugify

from voorbeelden.importer.classify import KINDS, detect_kind
from voorbeelden.importer.dates import find_dates, parse_date_value, parse_dutch_date
from voorbeelden.importer.entities import STOP_NAME_WORDS, fold, people_in
from voorbeelden.importer.exports import ExportError, export_rows
from voorbeelden.importer.htmldoc import HtmlDocument, HtmlRefused
from voorbeelden.importer.plaintext import TextDocument, linkify
from voorbeelden.importer.sections import split_sections
from voorbeelden.importer.sources import binary_reason, decode, looks_binary
from voorbeelden.markers import strip_marker_blocks, strip_markers
from voorbeelden.richtext import clean_html, plain_line

KIND_WORDS = {
    "lab": "lab", "verdiwel lab": "lab", "werkbezoek": "werkbezoek", "artikel": "artikel",
    "nieuws": "artikel", "nieuwsbericht": "artikel", "interventie": "interventie",
    "goed voorbeeld": "interventie", "goede voorbeelden": "interventie",
    "praktijkvoorbeeld": "interventie", "project": "interventie", "handreiking": "handreiking",
}
HTML_SNIFF = re.compile(r"<(?:!doctype html|html|head|body|p|div|article|h[1-6])\b", re.I)
PARTICIPANT = re.compile(r"^([A-Z][^,:;]{2,60}?),\s*([^,]{2,80})(?:,\s*([^,]{2,60}))?$")
VISIT = re.compile(r"(?:werk)?bezoek aan\s+([^,.\n]{3,80}?)(?:,\s*([A-Z][\w' -]{2,40}))?(?:,|\.|$)",
                   re.IGNORECASE | re.MULTILINE)
NEWS = re.compile(r"\bnieuws(?:bericht)?\b|/nieuws", re.IGNORECASE)
MAX_TITLE = 255


class DocumentProblem(Exception):
    """A document that cannot be imported; the message is the Dutch report line."""


@dataclass
class Extracted:
    name: str  # source_file
    source_key: str
    original: str
    digest: str
    title: str = ""
    kind: str = "artikel"
    date: datetime.date | None = None
    author: str = ""
    intro: str = ""
    body_html: str = ""
    text: str = ""
    url: str = ""
    soort: str = "artikel"
    organisation_names: list = field(default_factory=list)
    theme_names: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    proposed_organisations: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    places: list = field(default_factory=list)
    regios: list = field(default_factory=list)
    people: list = field(default_factory=list)
    participants: list = field(default_factory=list)  # (name, organisation text, place)
    links: list = field(default_factory=list)
    images: list = field(default_factory=list)  # {"src", "url", "alt", "has_alt"} in order
    assets: object = None  # reads the files saved with the document (its images); set
    # by the runner, in the process that places the images
    placed: dict = field(default_factory=dict)  # image number -> images.Placed
    footnotes: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # extra export fields (doel, aanpak ...)
    notes: list = field(default_factory=list)


@dataclass
class Failure:
    name: str
    reason: str


@dataclass
class Unreadable:
    """Reading a document stopped on an unexpected error (a bug, or input that trips the
    parser); the runner reports it as failed and logs ``trace``."""

    name: str
    error: str  # the exception's class, for the report line
    trace: str


def sha256(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def kind_from_word(value):
    value = (value or "").strip().lower()
    if value in KINDS:
        return value
    return KIND_WORDS.get(value)


def read_document(doc, vocab, forced_kind=None, mapping=None):
    """Everything ``doc`` (a ``Document``) holds, as a list of Extracted and Failure, ending in
    an ``Unreadable`` when reading stopped on an unexpected error (what was read before it
    stands). Needs no database: themes, organisations and regions are ``vocab``'s terms until
    ``Vocabulary.resolve``, so a worker process can read (``importer.reading``)."""
    results = []
    try:
        for result in _read(doc, vocab, forced_kind, mapping):
            results.append(result)
    except Exception as exc:  # the per-document boundary: report, never raise
        results.append(Unreadable(doc.name, type(exc).__name__, traceback.format_exc()))
    return results


def _read(doc, vocab, forced_kind, mapping):
    if not doc.data.strip():
        yield Failure(doc.name, "leeg bestand, niets geïmporteerd")
        return
    if looks_binary(doc.data):
        yield Failure(doc.name, binary_reason(doc.data))
        return
    text, charset_note = decode(doc.data)
    notes = [charset_note] if charset_note else []
    if doc.suffix in (".csv", ".json"):
        try:
            rows = list(export_rows(text, doc.suffix, mapping))
        except ExportError as exc:
            yield Failure(doc.name, str(exc))
            return
        if not rows:
            yield Failure(doc.name, "export bevat geen rijen")
        for number, values, row in rows:
            try:
                yield from_export_row(doc.name, number, values, row, vocab, forced_kind, notes)
            except DocumentProblem as exc:
                yield Failure(f"{doc.name}, rij {number}", str(exc))
        return
    try:
        if doc.suffix in (".html", ".htm", ".xhtml") or (
            doc.suffix not in (".txt", ".text", ".md") and HTML_SNIFF.search(text[:4096])
        ):
            record = from_html(doc.name, text, doc.data, vocab, forced_kind)
        else:
            record = from_text(doc.name, text, doc.data, vocab, forced_kind)
    except DocumentProblem as exc:
        yield Failure(doc.name, str(exc))
        return
    record.notes[:0] = notes
    yield record


def _finish(record, vocab, hints="", labels=(), chapters=0, forced_kind=None):
    """What every source shares: title checks, kind, intro, entities, themes."""
    record.title = plain_line(record.title)
    if not record.title:
        raise DocumentProblem("geen titel gevonden (geen <h1>, <title> of kopregel); "
                              "niet geïmporteerd")
    if len(record.title) > MAX_TITLE:
        record.notes.append("titel ingekort tot 255 tekens")
        record.title = record.title[:MAX_TITLE - 1].rstrip() + "…"
    record.body_html = clean_html(record.body_html)
    plain = re.sub(r"<[^>]+>", " ", strip_markers(record.body_html))
    record.text = re.sub(r"\s+", " ", plain).strip()
    if not record.text:
        raise DocumentProblem("geen tekst gevonden na het weghalen van menu's en kaders; "
                              "niet geïmporteerd")
    rest, parts = split_sections(record.body_html, skip=record.fields)
    if forced_kind:
        record.kind = forced_kind
    else:
        record.kind, scores = detect_kind(record.title, record.text, hints, labels, chapters,
                                          sections=len(parts))
    record.soort = "nieuws" if NEWS.search(f"{hints} {' '.join(labels)} {record.text[:400]}") \
        else "artikel"
    if record.kind == "interventie" and parts:
        # doel, doelgroep, resultaten, contact ... into their fields; the rest is the aanpak
        record.body_html = rest
        record.fields.update(parts)
    if not record.intro:
        record.intro = lead_text(record.body_html) or first_sentences(record.text)
    full = f"{record.title}\n{record.text}"
    record.themes = vocab.themes_for(record.title, record.text)
    found = vocab.organisations_in(full)
    for name in record.organisation_names:
        org = vocab.match_organisation(name)
        if org and org not in found:
            found.insert(0, org)
        elif org is None and name not in record.proposed_organisations:
            record.proposed_organisations.append(name)
    record.organisations = found
    for _person, org_name, _ in record.participants:
        if org_name and vocab.match_organisation(org_name) is None \
                and org_name not in record.proposed_organisations \
                and not org_name[:1].islower():
            record.proposed_organisations.append(org_name)
    record.places = record.places or vocab.places_in(full)
    record.regios = vocab.regios_for(record.places)
    names = [p[0] for p in record.participants] + ([record.author] if record.author else [])
    record.people = list(dict.fromkeys(
        names + people_in(record.text, exclude=[o.name for o in found] + record.places)))
    if not record.themes:
        record.notes.append("geen thema herkend: kies er een voordat u publiceert")
    if record.date is None:
        record.notes.append("geen datum gevonden")
    return record


META_PARAGRAPH = re.compile(r"^[^.:]{1,30}:\s*\S")  # "Erkend als: Goed onderbouwd"
META_PARTS = re.compile(r"\s[|·•]\s")  # "Publicatie · maart 2021", "Nieuws | 5 mei 2023"
BLOCK = re.compile(r"<(p|h[2-4])\b[^>]*>(.*?)</\1>", re.DOTALL)


def lead_text(html, limit=300):
    """A summary from the opening blocks, without the short headings ("Samenvatting",
    "Aanpak"), dated lines and label lines ("Erkend als: Goed onderbouwd") that would run
    into it."""
    chosen, size = [], 0
    for tag, block in BLOCK.findall(strip_markers(html)):
        text = plain_line(block)
        if not text or (len(text) < 80 and (
                META_PARAGRAPH.match(text) or META_PARTS.search(text) or find_dates(text)
                or len(text.split()) <= (4 if tag != "p" else 2))):
            continue
        chosen.append(text)
        size += len(text)
        if size >= limit:
            break
    return first_sentences(" ".join(chosen), limit)


def first_sentences(text, limit=300):
    """A lead of one to three sentences, cut at a sentence end."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[:end + 1] if end > 60 else cut.rsplit(" ", 1)[0] + " …"


def from_html(name, text, data, vocab, forced_kind):
    try:
        page = HtmlDocument(text)
    except HtmlRefused as exc:
        raise DocumentProblem(str(exc)) from exc
    except (RecursionError, AssertionError, ValueError, TypeError) as exc:
        raise DocumentProblem(f"HTML kan niet worden gelezen ({type(exc).__name__})") from exc
    record = Extracted(name=name, source_key=page.url or name, original=text,
                       digest=sha256(data), url=page.url)
    record.title = page.title
    record.date = page.date
    record.author = page.author
    record.body_html = page.body_html
    record.images = page.images
    record.links = page.links
    record.organisation_names = page.organisations
    _participants_from_html(page.body_html, record)
    record = _finish(record, vocab, hints=page.kind_hints, labels=page.labels,
                     forced_kind=forced_kind)
    if record.date is None:
        record.date = parse_dutch_date(record.text[:600])
    _visit(record, vocab)
    return record


def _participants_from_html(html, record):
    match = re.search(r"<h[2-4][^>]*>\s*Deelnemers\s*</h[2-4]>\s*<ul>(.*?)</ul>", html,
                      re.IGNORECASE | re.DOTALL)
    if match:
        for item in re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), re.DOTALL):
            _add_participant(re.sub(r"<[^>]+>", "", item).strip(), record)


def _add_participant(line, record):
    found = PARTICIPANT.match(line.strip())
    if found:
        record.participants.append(
            (found.group(1).strip(), found.group(2).strip(), (found.group(3) or "").strip()))


def _visit(record, vocab):
    """A werkbezoek names its host: "Werkbezoek aan Sterker sociaal werk, Nijmegen"."""
    match = VISIT.search(f"{record.title}\n{record.text[:1000]}")
    if not match:
        return
    host, place = match.group(1).strip(), (match.group(2) or "").strip()
    located = re.match(r"(.+?)\s+(?:in|te)\s+([A-Z][\w' -]+)$", host)
    if located:
        host, place = located.group(1), place or located.group(2)
    if vocab.match_organisation(host) is None and host not in record.proposed_organisations \
            and host[:1].isupper():
        record.proposed_organisations.append(host)
    if place and place not in record.places:
        record.places.insert(0, place)
        record.regios = vocab.regios_for(record.places)
    record.fields.setdefault("host", host)


def from_text(name, text, data, vocab, forced_kind):
    doc = TextDocument(text)
    title = doc.title()
    # a text saved with its address ("SOURCE: https://...") is known by it, as a page is
    record = Extracted(name=name, source_key=doc.source_url or name, original=text,
                       digest=sha256(data), url=doc.source_url)
    record.title = title
    record.body_html = doc.html(skip_title=title)
    record.footnotes = doc.footnotes
    in_participants = False
    for kind, line in doc.blocks:
        if kind == "h2":
            in_participants = line.strip().lower() == "deelnemers"
        elif kind == "li" and in_participants:
            _add_participant(line, record)
    head = "\n".join(t for _, t in doc.blocks[:6])
    record.date = parse_dutch_date(head) or parse_dutch_date(doc.plain_text()[:3000])
    record.author = _closing_author(doc.blocks)
    chapters = sum(1 for kind, _ in doc.blocks if kind == "chapter")
    record = _finish(record, vocab, hints=" ".join([*doc.label_words, doc.source_url]),
                     labels=doc.labels,
                     chapters=chapters,
                     forced_kind=forced_kind)
    record.links = [{"title": url, "url": url} for url in re.findall(
        r'href="([^"]+)"', record.body_html)]
    _visit(record, vocab)
    if doc.footnotes:
        record.notes.append(f"{len(doc.footnotes)} voetnoten apart gehouden")
    return record


PERSON = r"[A-Z][a-z]+(?: [A-Z][a-z]+)?(?: (?:van|de|der|den|ter|ten))* [A-Z][a-z]+"
ROLE = re.compile(r"adviseur|redacteur|medewerker|auteur|directeur|journalist|beleids", re.I)


def _closing_author(blocks):
    """Reports name their writer: a name line near the start ("Margit van der Meulen") or a
    name with a role at the end ("Jennifer Elich, senior communicatieadviseur")."""
    tail = [text for _, text in blocks[-4:]]
    for i, text in enumerate(tail):
        match = re.match(rf"({PERSON})\b[ ,]*(.*)$", text.strip())
        if not match or fold(match.group(1).split()[0]) in STOP_NAME_WORDS:
            continue
        following = tail[i + 1] if i + 1 < len(tail) else ""
        if ROLE.search(match.group(2)) or (not match.group(2) and ROLE.search(following)):
            return match.group(1)
    for kind, text in blocks[1:12]:
        if kind == "h2" and re.fullmatch(PERSON, text.strip()) \
                and fold(text.split()[0]) not in STOP_NAME_WORDS:
            return text.strip()
    return ""


def from_export_row(name, number, values, row, vocab, forced_kind, notes):
    key = values.get("id") or slugify(values.get("title", ""))[:80] or f"rij-{number}"
    original = json.dumps(row, ensure_ascii=False, sort_keys=True, default=str)
    record = Extracted(name=f"{PurePosixPath(name).name}#{key}",
                       source_key=f"{PurePosixPath(name).name}#{key}", original=original,
                       digest=sha256(original), notes=list(notes))
    record.title = values.get("title", "")
    if not record.title:
        raise DocumentProblem("geen titel in deze rij; niet geïmporteerd")
    body = values.get("body", "")
    parts = [body]
    for extra in ("doel", "aanpak", "resultaten"):
        if values.get(extra):
            record.fields[extra] = _fragment_html(values[extra])
    record.body_html = _fragment_html("\n".join(p for p in parts if p))
    record.intro = plain_line(values.get("intro", ""))[:1000]
    record.date = parse_date_value(values.get("date"))
    if values.get("date") and record.date is None:
        record.notes.append(f"datum niet herkend: {values['date']!r}")
    record.author = values.get("author", "")
    if values.get("organisation"):
        record.organisation_names = [o.strip() for o in re.split(r"[;\n]", values["organisation"])
                                     if o.strip()]
    if values.get("place"):
        record.places = [values["place"]]
    if values.get("url", "").startswith(("http://", "https://")):
        record.url = values["url"]
    for extra in ("doelgroep", "contact"):
        if values.get(extra):
            record.fields[extra] = values[extra]
    row_kind = kind_from_word(values.get("type"))
    if values.get("type") and row_kind is None:
        record.notes.append(f"onbekend type {values['type']!r}, bepaald uit de tekst")
    # An export of submissions holds practice examples unless a row says otherwise.
    record = _finish(record, vocab, hints=values.get("type", "") or "goede voorbeelden",
                     forced_kind=forced_kind or row_kind)
    if values.get("themes"):
        wanted = [t.strip() for t in re.split(r"[;,\n]", values["themes"]) if t.strip()]
        explicit = vocab.themes_named(wanted)
        record.themes = list(dict.fromkeys(explicit + record.themes))[:6]
    return record


def _fragment_html(value):
    """A text field that may hold HTML (cleaned); plain text becomes paragraphs."""
    if re.search(r"<[a-z]", value, re.I):
        # no files with a row, so no image markers either
        try:
            page = HtmlDocument(value)
        except HtmlRefused as exc:
            raise DocumentProblem(str(exc)) from exc
        return clean_html(strip_marker_blocks(page.body_html))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r\n\s*\r\n", value) if p.strip()]
    return "".join(f"<p>{linkify(' '.join(p.split()))}</p>" for p in paragraphs)
