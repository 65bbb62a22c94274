"""The one page writer: field values from any source onto a content page.

The fixture loader (``voorbeelden.content``), the import (``voorbeelden.importer.pages``)
and "Maak conceptpagina" (``voorbeelden.inzendingen.moderation``) hand over a dict of
values; this module knows which field is rich text, plain text, a line, a taxonomy, a
stream or an inline, and cleans each the one way (``voorbeelden.richtext``). A new field
is added here once. What only one caller knows (fixture slugs and hashes, duplicate
detection, a submission's status and attachments) stays with that caller: values arrive
as model instances and primary keys, not as slugs or names.
"""

from django.db import models
from django.utils.html import escape

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations

from voorbeelden.markers import MARKER_BLOCK_RE
from voorbeelden.models import Deelnemer, InterventieVermelding
from voorbeelden.richtext import clean_html, plain_line, plain_text

RICH_TEXT = {"doel", "aanpak", "werkzame_elementen", "onderbouwing", "resultaten", "casus",
             "summary"}
TEXT = {"doelgroep", "doelgroep_intermediair", "kosten", "materialen", "contact"}
LINE = {"title", "intro", "place", "erkenningsniveau", "vorm", "locatie", "casus_inbrenger",
        "author", "publication", "soort", "authors", "source"}
AS_IS = {"slug", "date", "year", "databank_url", "source_url", "source_file", "source_hash",
         "source_original", "imported_at", "live"}
ORGANISATION = {"organisator", "gastorganisatie", "publisher"}  # an Organisatie or None
SOURCE_PAGE = {"source_page"}  # an intervention's source: a content page or None
TAXONOMIES = {"themas", "organisaties", "regios"}  # lists of instances
STREAMS = {"body", "links", "pitches", "ervaringen", "inzichten", "casus_reacties",
           "programma", "chapters", "references", "bijlagen"}
INLINES = {"deelnemers", "vermelde_interventies"}
FIELDS = (RICH_TEXT | TEXT | LINE | AS_IS | ORGANISATION | SOURCE_PAGE | TAXONOMIES | STREAMS
          | INLINES)


class UnknownField(ValueError):
    """A value for a field the writer does not know: a typo would otherwise be lost."""


def add_page(parent, page, values, images=None, add_child=None):
    """Write ``values`` onto the new ``page`` and save it under ``parent`` (treebeard's
    ``add_child``, or ``add_child(parent, page)``); returns the page.

    Its theme, organisation and region links go straight into their link tables after the
    page row: through modelcluster, saving a new page first reads back the links it cannot
    have yet (a query per taxonomy). The page comes back holding in memory what was written,
    inline rows and links, so a revision is serialised without reading them back.
    """
    assert page.pk is None, "add_page makes a new page; write_page changes one"
    values = dict(values)
    # a link the values do not give, the new page does not have: none, known without a read
    links = TAXONOMIES & {field.name for field in get_all_child_m2m_relations(page)}
    taxonomies = {name: list(values.pop(name, ())) for name in links}
    write_page(page, values, images)
    if page.locale_id is None:
        # the parent's, as Wagtail would choose it, without reading the parent again
        page.locale_id = parent.locale_id
    related = _in_memory_relations(page, skip=links)
    if add_child is None:
        parent.add_child(instance=page)
    else:
        add_child(parent, page)
    for name, items in taxonomies.items():
        field = type(page)._meta.get_field(name)
        through = field.remote_field.through
        # in the order of primary key, as Django's add() writes them
        through.objects.bulk_create([
            through(**{f"{field.m2m_field_name()}_id": page.pk,
                       f"{field.m2m_reverse_field_name()}_id": pk})
            for pk in sorted({item.pk for item in items})])
    # Saving dropped the in-memory relations (modelcluster reads them from the database on
    # the next access); they are what was just written.
    for name, items in {**related, **taxonomies}.items():
        setattr(page, name, items)
    return page


def _in_memory_relations(page, skip=()):
    """An unsaved page's inline rows and many-to-many values as saving it will write them
    (what was assigned, else none), read through modelcluster's public managers, which
    answer an unsaved page from memory."""
    names = [rel.get_accessor_name() for rel in get_all_child_relations(page)]
    names += [field.name for field in get_all_child_m2m_relations(page)]
    return {name: list(getattr(page, name).all()) for name in names if name not in skip}


def write_page(page, values, images=None):
    """Set every field in ``values`` on ``page`` (new or existing; nothing is saved).

    ``images`` maps the image markers of an imported text (``voorbeelden.markers``) to what
    was imported for them: rich text whose editor offers images gets Wagtail's embeds
    where they stood; elsewhere a marker is left to the caller's stream.
    """
    unknown = set(values) - FIELDS
    if unknown:
        raise UnknownField(f"onbekende velden: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        if name in RICH_TEXT:
            html = clean_html(value)
            if images is not None and "image" in _features(page, name):
                html = embed_images(html, images)
            value = html
        elif name in TEXT:
            value = _fit(page, name, plain_text(value))
        elif name in LINE:
            value = _fit(page, name, plain_line(value))
        elif name in STREAMS:
            value = STREAM_WRITERS[name](value)
        elif name == "deelnemers":
            # numbered as the admin's inline panel numbers them: without a sort_order
            # PostgreSQL returns the rows in any order, not the source's
            value = [_deelnemer(d, position) for position, d in enumerate(value)]
        elif name == "vermelde_interventies":
            value = [InterventieVermelding(interventie_id=pk, sort_order=position)
                     for position, pk in enumerate(dict.fromkeys(value))]
        elif name in TAXONOMIES:
            value = list(value)
        elif value is None and isinstance(type(page)._meta.get_field(name), models.CharField):
            value = ""  # a text column is never null
        setattr(page, name, value)
    return page


def embed_images(html, images):
    """Image markers as rich-text image embeds; an image that was not imported leaves
    nothing (after cleaning: Wagtail's <embed> is no HTML the cleaner keeps)."""
    def embed(match):
        image = images.get(int(match.group(1) or match.group(2)))
        if image is None:
            return ""
        return (f'<embed alt="{escape(image.alt)}" embedtype="image" format="fullwidth" '
                f'id="{image.image.pk}"/>')

    return MARKER_BLOCK_RE.sub(embed, html)


def _features(page, name):
    return getattr(type(page)._meta.get_field(name), "features", None) or ()


def _fit(page, name, text):
    field = type(page)._meta.get_field(name)
    if isinstance(field, models.CharField) and field.max_length:
        return text[:field.max_length]
    return text


def body_stream(blocks):
    """A body's blocks (``{"type", "value"}``) with their text cleaned per block type."""
    stream = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            value = clean_html(value)
        elif kind == "heading":
            value = plain_line(value)
        elif kind == "kader":
            value = {**value, "title": plain_line(value.get("title", "")),
                     "body": clean_html(value.get("body", ""))}
        elif kind == "kennis":
            value = {**value, **{k: clean_html(value.get(k, "")) for k in
                                 ("bekend", "nieuw", "ermee")}}
        stream.append({"type": kind, "value": value})
    return stream


def _links(links):
    return [{"type": "link", "value": {"title": plain_line(link.get("title"))[:255]
                                       or link["url"], "url": link["url"]}}
            for link in links]


def _pitches(pitches):
    return [{"type": "pitch", "value": {
        **p, "speaker": plain_line(p.get("speaker")),
        "organisation": plain_line(p.get("organisation")), "title": plain_line(p.get("title")),
        "summary": clean_html(p.get("summary"))}} for p in pitches]


def _ervaringen(ervaringen):
    # ``interventie``: the primary key of the intervention it tells about, or None
    return [{"type": "ervaring", "value": {
        **e, "participant": plain_line(e.get("participant")), "text": clean_html(e.get("text")),
        "interventie": e.get("interventie")}} for e in ervaringen]


def _inzichten(inzichten):
    return [{"type": "inzicht", "value": {
        **i, "participant": plain_line(i.get("participant")), "quote": plain_text(i.get("quote"))}}
        for i in inzichten]


def _programma(programma):
    return [{"type": "onderdeel", "value": {**p, "text": clean_html(p.get("text"))}}
            for p in programma]


def _chapters(chapters):
    return [{"type": "hoofdstuk", "value": {"title": plain_line(c["title"])[:255] or "Hoofdstuk",
                                            "body": body_stream(c.get("body", []))}}
            for c in chapters]


STREAM_WRITERS = {
    "body": body_stream,
    "links": _links,
    "pitches": _pitches,
    "ervaringen": _ervaringen,
    "inzichten": _inzichten,
    "casus_reacties": lambda texts: [{"type": "reactie", "value": plain_text(t)} for t in texts],
    "programma": _programma,
    "chapters": _chapters,
    "references": lambda notes: [{"type": "referentie", "value": plain_text(n)} for n in notes],
    "bijlagen": lambda documents: [("document", d) for d in documents],
}


def _deelnemer(values, position):
    """A participant: ``name``, ``role``, ``place`` and ``organisatie`` (an instance)."""
    return Deelnemer(sort_order=position,
                     name=plain_line(values.get("name"))[:200],
                     role=plain_line(values.get("role"))[:200],
                     place=plain_line(values.get("place"))[:200],
                     organisatie=values.get("organisatie"))
