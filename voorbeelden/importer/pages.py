"""Writing an ``Extracted`` record to a draft page of the right type (or a submission)."""

import re
import uuid

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from voorbeelden.importer.labs import split_lab
from voorbeelden.importer.sections import HEADINGS as PARTS
from voorbeelden.markers import MARKER_BLOCK_RE
from voorbeelden.models import ContentPage, Inzending
from voorbeelden.models.registry import PAGE_TYPES
from voorbeelden.page_writer import add_page, write_page
from voorbeelden.richtext import clean_html, plain_line, plain_text

MAX_LINKS = 20
ORGANISER = re.compile(r"\b([A-Z][\w-]+) organiseerde\b|\borganiseerde ([A-Z][\w-]+)\b")
SUBMISSION_NAMESPACE = uuid.UUID("5b1c2f8e-3d1a-4c55-9a61-7f1e2f0c9d42")


class SourceIndex:
    """The page each source was imported to before (by source URL, else file name).

    The source URLs and files of all pages are read once per batch (the columns have no
    database index), so a document costs one lookup by primary key."""

    def __init__(self):
        self.by_url, self.by_file = {}, {}
        query = ContentPage.objects.all()
        if not query.ordered:
            query = query.order_by("pk")  # the page that .first() would give
        for pk, url, name in query.values_list("pk", "source_url", "source_file"):
            if url:
                self.by_url.setdefault(url, pk)
            if name:
                self.by_file.setdefault(name, pk)

    def add(self, pk, record):
        if record.url:
            self.by_url.setdefault(record.url, pk)
        self.by_file.setdefault(record.name[:500], pk)

    def find(self, record):
        for pk in (self.by_url.get(record.url) if record.url else None,
                   self.by_file.get(record.name[:500])):
            # with its newest revision, whose hash tells an unchanged document (latest_hash)
            page = ContentPage.objects.filter(pk=pk).select_related("latest_revision").first() \
                if pk else None
            if page is not None:  # a page of a rolled-back document is gone
                return page
        return None


def latest_hash(page):
    """The source hash of the newest revision (drafts are not on the page row)."""
    revision = page.latest_revision
    if revision is not None:
        return (revision.content or {}).get("source_hash", "")
    return page.source_hash


def _free_slug(base, taken):
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class Tree:
    """Creating pages under the type index pages with what a batch already knows: the
    siblings' slugs are read once per index page, not once per new page (Wagtail's own
    slug check still runs on save). Pages go in through treebeard's ``add_child``.
    """

    def __init__(self, indexes):
        self.indexes = indexes
        self.slugs = {}  # index pk -> slugs of its children, read once per index
        self.added = []  # (index pk, slug) of the current document

    def unique_slug(self, index, title):
        if index.pk not in self.slugs:
            self.slugs[index.pk] = set(index.get_children().values_list("slug", flat=True))
        base = slugify(title)[:70].strip("-") or "import"
        return _free_slug(base, self.slugs[index.pk])

    def add_child(self, index, page):
        index.add_child(instance=page)
        self.slugs.setdefault(index.pk, set()).add(page.slug)
        self.added.append((index.pk, page.slug))
        return page

    def begin(self):
        self.added = []

    def rolled_back(self):
        """The current document was undone: its slugs are free again."""
        for pk, slug in self.added:
            self.slugs[pk].discard(slug)
        self.added = []


def _paragraph_stream(html, placed=None):
    """Paragraph blocks, with an image block wherever an imported image stood (an image that
    was not imported leaves nothing behind, not even a split)."""
    stream, start, text = [], 0, ""
    for match in MARKER_BLOCK_RE.finditer(html):
        text += html[start:match.start()]
        start = match.end()
        image = (placed or {}).get(int(match.group(1) or match.group(2)))
        if image is not None:
            _add_paragraph(stream, text, split=True)
            stream.append(image.block())
            text = ""
    _add_paragraph(stream, text + html[start:], split=len(stream) > 0)
    return stream


def _add_paragraph(stream, html, split):
    # cleaned always: it is what gets stored; and where a marker stood inside a quote or
    # list (``split``), each part is closed again on its own
    html = clean_html(html)
    if html:
        stream.append({"type": "paragraph", "value": html})


def _chapters(html, placed=None):
    """A handreiking's text split into chapters at its h2 headings."""
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", html)
    chapters = []
    if parts[0].strip():
        chapters.append({"title": "Inleiding", "body": parts[0]})
    for i in range(1, len(parts), 2):
        title = plain_line(parts[i])[:255] or "Hoofdstuk"
        body = parts[i + 1] if i + 1 < len(parts) else ""
        if chapters and not body.strip():
            continue
        chapters.append({"title": title, "body": body})
    return [{"title": c["title"], "body": _paragraph_stream(c["body"].strip(), placed)}
            for c in chapters]


def values(record):
    """The record as the page writer's values (``voorbeelden.page_writer``): which source
    part goes into which field; the writer cleans each field the one way."""
    place = plain_line(record.places[0]) if record.places else ""
    author = plain_line(record.author)
    values = {
        "title": record.title,
        "intro": record.intro,
        "date": record.date,
        "themas": record.themes,
        "organisaties": record.organisations,
        "regios": record.regios,
        "source": f"Import: {record.name}"[:500],
        "source_url": record.url[:1000],
        "source_file": record.name[:500],
        "source_hash": record.digest,
        "source_original": record.original,
        "imported_at": timezone.now(),
    }
    kind = record.kind
    if kind == "artikel":
        values.update(soort=record.soort, author=author,
                      body=_paragraph_stream(record.body_html, record.placed))
    elif kind == "lab":
        online = re.search(r"\b(?:teams|zoom|online)\b", record.text, re.I)
        values["vorm"] = "online" if online else "fysiek"
        values["locatie"] = "Teams" if re.search(r"\bteams\b", record.text, re.I) else place
        values.update(_lab_values(record))
    elif kind == "werkbezoek":
        host = record.fields.get("host")
        values.update(place=place, author=author,
                      body=_paragraph_stream(record.body_html, record.placed),
                      gastorganisatie=next((o for o in record.organisations
                                            if host and o.name.lower() in host.lower()), None))
    elif kind == "interventie":
        # the images go in as Wagtail's embeds (the writer, from the markers); the field
        # offers h3, not h2
        aanpak = clean_html(record.body_html + record.fields.get("aanpak", ""))
        values.update(
            aanpak=re.sub(r"<(/?)h2\b", r"<\1h3", aanpak),
            # the parts found in the text (importer.sections) or given by an export
            **{name: record.fields.get(name, "") for name in PARTS},
            place=place,
            links=[link for link in record.links[:MAX_LINKS] if link["url"].startswith("http")],
        )
    elif kind == "handreiking":
        intro = plain_line(record.intro)
        values.update(
            summary=f"<p>{escape(intro)}</p>" if intro else "",
            chapters=_chapters(clean_html(record.body_html), record.placed),
            authors=author,
            year=record.date.year if record.date else None,
            references=record.footnotes,
        )
    if kind in ("lab", "werkbezoek"):
        by_name = {o.name.lower(): o for o in record.organisations}
        values["deelnemers"] = [
            {"name": name, "organisatie": by_name.get(org.lower()),
             "role": "" if by_name.get(org.lower()) else org, "place": place_}
            for name, org, place_ in record.participants
        ]
    return values


def apply(page, record):
    """Set every field the record provides on ``page`` through the one page writer."""
    return write_page(page, values(record), images=record.placed or {})


def _lab_values(record):
    """Pitches, experiences, insights and the casus into their fields; the rest is the body."""
    parts = split_lab(clean_html(record.body_html), record.participants)
    by_name = {o.name.lower(): o for o in record.organisations}
    organiser = ORGANISER.search(record.text)
    return {
        "body": _paragraph_stream(parts.body_html, record.placed),
        "pitches": parts.pitches,
        "ervaringen": [{**value, "interventie": None} for value in parts.ervaringen],
        "inzichten": parts.inzichten,
        "casus": parts.casus,
        "casus_inbrenger": parts.casus_inbrenger,
        "casus_reacties": parts.casus_reacties,
        "organisator": by_name.get((organiser.group(1) or organiser.group(2)).lower())
        if organiser else None,
    }


def save_new(record, tree, publish, user=None):
    model, index_model = PAGE_TYPES[record.kind]
    index = tree.indexes[index_model]
    page = model(slug=tree.unique_slug(index, record.title), live=False)
    add_page(index, page, values(record), images=record.placed or {}, add_child=tree.add_child)
    # add_child has just run full_clean on this very content; a second one finds nothing
    revision = page.save_revision(user=user, log_action=True, clean=False)
    if publish:
        revision.publish(user=user)
    return page


def save_update(existing, record, publish, user=None):
    """A new revision on the same page; a page of another type is reported, not converted."""
    page = existing.specific
    model = PAGE_TYPES[record.kind][0]
    if not isinstance(page, model):
        record.notes.append(f"bestaande pagina is een {page._meta.verbose_name}; dat type "
                            "is behouden")
        record.kind = next(k for k, (m, _) in PAGE_TYPES.items() if isinstance(page, m))
    apply(page, record)
    if not page.live:
        page.save()  # a draft's row shows its newest content (lists, lookups)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return page


# --- the moderation queue ------------------------------------------------------------------

def submission_token(record):
    """A stable id per source, so a second import finds the same submission."""
    return uuid.uuid5(SUBMISSION_NAMESPACE, record.source_key)


def save_submission(record, user):
    """Create or update an ``Inzending`` (status "ingediend"); returns (obj, status)."""
    token = submission_token(record)
    # a submission holds plain text, as the member form does
    text = re.sub(r"\n\s*\n", "\n", plain_text(record.body_html))
    values = {
        "title": plain_line(record.title)[:255],
        "organisatie": record.organisations[0] if record.organisations else None,
        "place": plain_line(record.places[0])[:200] if record.places else "",
        "regio": record.regios[0] if record.regios else None,
        "doelgroep": plain_text(record.fields.get("doelgroep", "")),
        "doel": plain_text(record.fields.get("doel", "")),
        "aanpak": text,
        "resultaten": plain_text(record.fields.get("resultaten", "")),
        "contact": plain_text(record.fields.get("contact", "") or record.author),
        "links": "\n".join(link["url"] for link in record.links[:MAX_LINKS]),
    }
    existing = Inzending.objects.filter(form_token=token).first()
    if existing is not None:
        unchanged = all(getattr(existing, k) == v for k, v in values.items()) and \
            set(existing.themas.all()) == set(record.themes)
        if unchanged:
            return existing, "unchanged"
        if existing.status not in (Inzending.Status.INGEDIEND, *Inzending.EDITABLE):
            record.notes.append(f"inzending is al {existing.get_status_display().lower()}; "
                                "niet overschreven")
            return existing, "unchanged"
        for key, value in values.items():
            setattr(existing, key, value)
        existing.save()
        existing.themas.set(record.themes)
        return existing, "updated"
    submission = Inzending.objects.create(
        user=user, form_token=token, status=Inzending.Status.INGEDIEND,
        submitted_at=timezone.now(), **values,
    )
    submission.themas.set(record.themes)
    return submission, "created"
