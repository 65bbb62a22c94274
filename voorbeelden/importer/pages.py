"""Writing an ``Extracted`` record to a draft page of the right type (or a submission)."""

import re
import uuid

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.models import Page

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

from voorbeelden.importer.labs import split_lab
from voorbeelden.importer.markers import MARKER_BLOCK_RE
from voorbeelden.models import ContentPage, Deelnemer
from voorbeelden.models.registry import PAGE_TYPES
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
            page = ContentPage.objects.filter(pk=pk).first() if pk else None
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
    """Creating pages under the type index pages with what a batch already knows.

    Wagtail and treebeard re-read per new page what does not change during an import:
    the parent row (treebeard's ``add_child``), the parent's locale, whether the new page
    is a site root (never: its translation key is new) and its siblings' slugs. The page,
    its revision and its two log entries are written exactly as ``add_child`` +
    ``save_revision`` write them; Wagtail's own slug check still runs on save.
    """

    def __init__(self, indexes):
        self.indexes = indexes
        self.slugs = {}  # index pk -> slugs of its children, read once per index
        self.added = []  # (index pk, slug) of the current document

    def unique_slug(self, index, title):
        if index.pk not in self.slugs:
            self.slugs[index.pk] = set(
                Page.objects.filter(depth=index.depth + 1,
                                    path__startswith=index.path).values_list("slug", flat=True))
        base = slugify(title)[:70].strip("-") or "import"
        return _free_slug(base, self.slugs[index.pk])

    def add_child(self, index, page):
        page.locale_id = index.locale_id  # Page.get_default_locale(): the parent's locale
        page._is_site_root = False  # what Page.is_site_root() would query, twice
        if connection.features.has_select_for_update:
            # Row locks exist (PostgreSQL): treebeard's add_child, which locks the parent.
            index.add_child(instance=page)
        else:
            # SQLite serialises writers database-wide: treebeard's steps without re-reading
            # the parent (depth and path are known); the last child is still read.
            last = Page.objects.filter(
                depth=index.depth + 1, path__range=Page._get_children_path_interval(index.path),
            ).order_by("-path").only("path").first()
            page.depth = index.depth + 1
            page.path = last._inc_path() if last else Page._get_path(index.path, page.depth, 1)
            Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + 1)
            index.numchild += 1
            page._cached_parent_obj = index
            page.save()
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


def embed_images(html, placed):
    """Image markers as rich-text image embeds (a field whose features include "image");
    an image that was not imported leaves nothing."""
    def embed(match):
        image = (placed or {}).get(int(match.group(1) or match.group(2)))
        if image is None:
            return ""
        return (f'<embed alt="{escape(image.alt)}" embedtype="image" format="fullwidth" '
                f'id="{image.image.pk}"/>')

    return MARKER_BLOCK_RE.sub(embed, html)


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
    return [{"type": "hoofdstuk",
             "value": {"title": c["title"], "body": _paragraph_stream(c["body"].strip(), placed)}}
            for c in chapters]


def apply(page, record):
    """Set every field the record provides; taxonomies are set as lists (ParentalManyToMany).

    Everything from the source passes the one cleaner here, whichever reader made the
    record: rich text through ``clean_html``, plain fields through ``plain_text``."""
    page.title = plain_line(record.title)
    page.intro = plain_line(record.intro)
    page.date = record.date
    page.themas = list(record.themes)
    page.organisaties = list(record.organisations)
    page.regios = list(record.regios)
    page.source = f"Import: {record.name}"[:500]
    page.source_url = record.url[:1000]
    page.source_file = record.name[:500]
    page.source_hash = record.digest
    page.source_original = record.original
    page.imported_at = timezone.now()
    place = plain_line(record.places[0])[:200] if record.places else ""
    author = plain_line(record.author)
    kind = record.kind
    if kind == "artikel":
        page.soort = record.soort
        page.author = author[:200]
        page.body = _paragraph_stream(record.body_html, record.placed)
    elif kind == "lab":
        online = re.search(r"\b(?:teams|zoom|online)\b", record.text, re.I)
        page.vorm = "online" if online else "fysiek"
        page.locatie = "Teams" if re.search(r"\bteams\b", record.text, re.I) else place
        _apply_lab(page, record)
    elif kind == "werkbezoek":
        page.place = place
        page.author = author[:200]
        page.body = _paragraph_stream(record.body_html, record.placed)
        host = record.fields.get("host")
        page.gastorganisatie = next(
            (o for o in record.organisations if host and o.name.lower() in host.lower()), None)
    elif kind == "interventie":
        # a rich-text field: images as Wagtail's image embeds where they stood
        # cleaned before the images go in: Wagtail's <embed> is no HTML the cleaner keeps
        aanpak = clean_html(record.body_html + record.fields.get("aanpak", ""))
        page.aanpak = re.sub(r"<(/?)h2\b", r"<\1h3", embed_images(aanpak, record.placed))
        page.doel = clean_html(record.fields.get("doel", ""))
        page.resultaten = clean_html(record.fields.get("resultaten", ""))
        page.doelgroep = plain_text(record.fields.get("doelgroep", ""))
        page.contact = plain_text(record.fields.get("contact", ""))
        page.place = place
        page.links = [{"type": "link", "value": {"title": plain_line(link["title"])[:255]
                                                 or link["url"],
                                                 "url": link["url"]}}
                      for link in record.links[:MAX_LINKS] if link["url"].startswith("http")]
    elif kind == "handreiking":
        page.summary = f"<p>{escape(page.intro)}</p>" if page.intro else ""
        page.chapters = _chapters(clean_html(record.body_html), record.placed)
        page.authors = author[:500]
        page.year = record.date.year if record.date else None
        page.references = [{"type": "referentie", "value": plain_text(note)}
                           for note in record.footnotes]
    if kind in ("lab", "werkbezoek"):
        by_name = {o.name.lower(): o for o in record.organisations}
        page.deelnemers = [
            Deelnemer(name=plain_line(name)[:200], organisatie=by_name.get(org.lower()),
                      role="" if by_name.get(org.lower()) else plain_line(org)[:200],
                      place=plain_line(place_)[:200])
            for name, org, place_ in record.participants
        ]


def _apply_lab(page, record):
    """Pitches, experiences, insights and the casus into their fields; the rest is the body."""
    parts = split_lab(clean_html(record.body_html), record.participants)
    page.body = _paragraph_stream(parts.body_html, record.placed)
    page.pitches = [{"type": "pitch", "value": {
        **value, "speaker": plain_line(value["speaker"]),
        "organisation": plain_line(value["organisation"]), "title": plain_line(value["title"]),
        "summary": clean_html(value["summary"])}} for value in parts.pitches]
    page.ervaringen = [{"type": "ervaring", "value": {
        **value, "participant": plain_line(value["participant"]),
        "text": clean_html(value["text"]), "interventie": None}} for value in parts.ervaringen]
    page.inzichten = [{"type": "inzicht", "value": {
        **value, "participant": plain_line(value["participant"]),
        "quote": plain_text(value["quote"])}} for value in parts.inzichten]
    page.casus = clean_html(parts.casus)
    page.casus_inbrenger = plain_line(parts.casus_inbrenger)
    page.casus_reacties = [{"type": "reactie", "value": plain_text(text)}
                           for text in parts.casus_reacties]
    by_name = {o.name.lower(): o for o in record.organisations}
    organiser = ORGANISER.search(record.text)
    page.organisator = by_name.get((organiser.group(1) or organiser.group(2)).lower()) \
        if organiser else None


def written_relations(page):
    """A new page's inline rows and many-to-many values as saving it will write them: what
    was assigned, or nothing (a new page has no rows in the database yet)."""
    assert page.pk is None
    assigned = getattr(page, "_cluster_related_objects", {})
    related = {rel.get_accessor_name(): list(assigned.get(rel.get_accessor_name(), []))
               for rel in get_all_child_relations(page)}
    for field in get_all_child_m2m_relations(page):
        related[field.name] = list(assigned.get(field.name, []))
    return related


def save_new(record, tree, publish, user=None):
    model, index_model = PAGE_TYPES[record.kind]
    index = tree.indexes[index_model]
    page = model(slug=tree.unique_slug(index, record.title), live=False)
    apply(page, record)
    related = written_relations(page)
    tree.add_child(index, page)
    # Saving dropped the in-memory relations (modelcluster reads them back from the database
    # on the next access); they are what was just written, so the revision is serialised
    # from memory: the same content without six reads per page.
    for name, items in related.items():
        setattr(page, name, items)
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
    from voorbeelden.models import Inzending

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
