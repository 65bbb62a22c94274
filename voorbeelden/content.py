"""Loading the portal's real content from ``fixtures/`` (see fixtures/README.md).

The whole load is one transaction: a broken record is named in the error and the
database is left as it was. Records are matched on their slug, and a page whose
record has not changed is left alone, so loading twice gives the same pages.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Site

from portaal.models import HomePage, Organisatie, Regio, Thema
from voorbeelden.models import (
    Deelnemer,
    InterventiePage,
    InterventieVermelding,
)
from voorbeelden.models.registry import INDEXES, PAGE_TYPES
from voorbeelden.richtext import clean_html

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

HOME_INTRO = (
    "<p>Goede praktijk van sociaal werk en ggz in de wijk, bij elkaar: interventies en "
    "praktijkvoorbeelden, verslagen van Verdiwel Labs en werkbezoeken, artikelen en "
    "handreikingen. Verzameld door Sociaal Werk Nederland en haar leden.</p>"
)

RICH_TEXT_KEYS = {"doel", "aanpak", "werkzame_elementen", "onderbouwing", "resultaten", "casus",
                  "summary"}
PLAIN_KEYS = {
    "intro", "doelgroep", "doelgroep_intermediair", "place", "erkenningsniveau", "databank_url",
    "kosten", "materialen", "contact", "vorm", "locatie", "casus_inbrenger", "author",
    "publication", "soort", "authors", "year", "source", "source_url",
}
ORGANISATION_FK_KEYS = {"organisator", "gastorganisatie", "publisher"}


class ContentError(Exception):
    """A fixture record that cannot be loaded; the message names it."""


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError(f"{path}: kan het bestand niet lezen ({exc})") from exc


def record_hash(record):
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def ensure_site_tree():
    """The home page as the default site's root, with the five type indexes below it."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's migration leaves a "Welcome" page at /home/: replace it.
        for welcome in root.get_children().filter(slug="home"):
            welcome.delete()
        home = root.add_child(
            instance=HomePage(title="Kennisportaal sociaal werk & ggz", slug="home",
                              intro=HOME_INTRO)
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home,
                            is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    indexes = {}
    for model, slug, title, intro in INDEXES:
        index = model.objects.child_of(home).first()
        if index is None:
            index = home.add_child(
                instance=model(title=title, slug=slug, intro=intro, show_in_menus=True)
            )
            index.save_revision().publish()
        indexes[model] = index
    return home, indexes


def load_taxonomies(fixtures_dir):
    sources = ((fixtures_dir / "themas.json", Thema), (fixtures_dir / "regios.json", Regio))
    for path, model in sources:
        for position, record in enumerate(read_json(path)):
            defaults = {
                "name": record["name"],
                "description": record.get("description", ""),
                "sort_order": position,
            }
            if model is Thema:
                defaults["synonyms"] = "\n".join(record.get("synonyms", []))
            else:
                defaults["kind"] = record.get("kind", Regio.Kind.REGIO)
            model.objects.update_or_create(slug=record["slug"], defaults=defaults)
    for path in sorted((fixtures_dir / "organisaties").glob("*.json")):
        for record in read_json(path):
            Organisatie.objects.update_or_create(
                slug=record["slug"],
                defaults={
                    "name": record["name"],
                    "place": record.get("place", ""),
                    "website": record.get("website", ""),
                    "kind": record.get("kind") or Organisatie.Kind.OVERIG,
                    "description": record.get("description", ""),
                },
            )


class PageBuilder:
    """Turns one fixture record into field values on a page instance."""

    def __init__(self):
        self.themas = {t.slug: t for t in Thema.objects.all()}
        self.organisaties = {o.slug: o for o in Organisatie.objects.all()}
        self.regios = {r.slug: r for r in Regio.objects.all()}

    def lookup(self, table, slugs, what, required=False):
        missing = [s for s in slugs if s not in table]
        if missing:
            raise ContentError(f"onbekende {what}: {', '.join(missing)}")
        if required and not slugs:
            raise ContentError(f"minstens één {what} is verplicht")
        return [table[s] for s in slugs]

    def interventie_id(self, slug):
        page = InterventiePage.objects.filter(slug=slug).first()
        if page is None:
            raise ContentError(f"onbekende interventie: {slug}")
        return page.pk

    def apply(self, page, record):
        page.title = record["title"]
        page.slug = record["slug"]
        page.date = date.fromisoformat(record["date"]) if record.get("date") else None
        for key in PLAIN_KEYS & record.keys():
            value = record[key]
            setattr(page, key, "" if value is None and key != "year" else value)
        for key in RICH_TEXT_KEYS & record.keys():
            setattr(page, key, clean_html(record[key]))
        for key in ORGANISATION_FK_KEYS & record.keys():
            slug = record[key]
            setattr(page, key, self.lookup(self.organisaties, [slug], "organisatie")[0]
                    if slug else None)
        page.themas = self.lookup(self.themas, record.get("themas", []), "thema", required=True)
        page.organisaties = self.lookup(self.organisaties, record.get("organisaties", []),
                                        "organisatie")
        page.regios = self.lookup(self.regios, record.get("regios", []), "regio")
        self.apply_streams(page, record)
        self.apply_relations(page, record)

    def apply_streams(self, page, record):
        if "body" in record:
            page.body = body_stream(record["body"])
        if "links" in record:
            page.links = [{"type": "link", "value": link} for link in record["links"]]
        if "pitches" in record:
            page.pitches = [
                {"type": "pitch", "value": {**p, "summary": clean_html(p.get("summary", ""))}}
                for p in record["pitches"]
            ]
        if "ervaringen" in record:
            page.ervaringen = [
                {"type": "ervaring", "value": {
                    "participant": e.get("participant", ""),
                    "text": clean_html(e.get("text", "")),
                    "interventie": self.interventie_id(e["interventie"])
                    if e.get("interventie") else None,
                }}
                for e in record["ervaringen"]
            ]
        if "inzichten" in record:
            page.inzichten = [{"type": "inzicht", "value": i} for i in record["inzichten"]]
        if "casus_reacties" in record:
            page.casus_reacties = [{"type": "reactie", "value": r}
                                   for r in record["casus_reacties"]]
        if "programma" in record:
            page.programma = [
                {"type": "onderdeel", "value": {**p, "text": clean_html(p.get("text", ""))}}
                for p in record["programma"]
            ]
        if "chapters" in record:
            page.chapters = [
                {"type": "hoofdstuk",
                 "value": {"title": c["title"], "body": body_stream(c.get("body", []))}}
                for c in record["chapters"]
            ]
        if "references" in record:
            page.references = [{"type": "referentie", "value": r} for r in record["references"]]

    def apply_relations(self, page, record):
        if "deelnemers" in record:
            page.deelnemers = [
                Deelnemer(
                    name=d["name"], role=d.get("role", ""), place=d.get("place", ""),
                    organisatie=self.lookup(self.organisaties, [d["organisation"]],
                                            "organisatie")[0] if d.get("organisation") else None,
                )
                for d in record["deelnemers"]
            ]
        slugs = list(record.get("interventies", []))
        slugs += [e["interventie"] for e in record.get("ervaringen", []) if e.get("interventie")]
        if slugs or "interventies" in record:
            unique = list(dict.fromkeys(slugs))
            page.vermelde_interventies = [
                InterventieVermelding(interventie_id=self.interventie_id(s)) for s in unique
            ]


def body_stream(blocks):
    stream = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            value = clean_html(value)
        elif kind == "kader":
            value = {**value, "body": clean_html(value.get("body", ""))}
        elif kind == "kennis":
            value = {k: clean_html(value.get(k, "")) for k in ("bekend", "nieuw", "ermee")}
        stream.append({"type": kind, "value": value})
    return stream


def load_page(builder, indexes, record, report):
    kind = record.get("type")
    if kind not in PAGE_TYPES:
        raise ContentError(f"onbekend type {kind!r}")
    model, index_model = PAGE_TYPES[kind]
    index = indexes[index_model]
    digest = record_hash(record)
    page = model.objects.child_of(index).filter(slug=record["slug"]).first()
    if page is not None and page.source_hash == digest and page.live:
        report.unchanged.append(page)
        return page
    is_new = page is None
    if is_new:
        page = model()
    builder.apply(page, record)
    page.source_hash = digest
    if is_new:
        index.add_child(instance=page)
    page.save_revision().publish()
    (report.created if is_new else report.updated).append(page)
    return page


def load_content(fixtures_dir=FIXTURES_DIR):
    """Load everything; returns a LoadReport. Raises ContentError naming a broken record."""
    fixtures_dir = Path(fixtures_dir)
    report = LoadReport()
    with transaction.atomic():
        _, indexes = ensure_site_tree()
        load_taxonomies(fixtures_dir)
        builder = PageBuilder()
        files = sorted((fixtures_dir / "interventies").glob("*.json"))
        files += sorted((fixtures_dir / "pages").glob("*.json"))
        for path in files:
            data = read_json(path)
            for record in data if isinstance(data, list) else [data]:
                try:
                    load_page(builder, indexes, record, report)
                except ContentError as exc:
                    slug = record.get("slug", "?") if isinstance(record, dict) else "?"
                    raise ContentError(f"{path.name}, record {slug!r}: {exc}") from exc
                except (KeyError, TypeError, ValueError) as exc:
                    slug = record.get("slug", "?") if isinstance(record, dict) else "?"
                    raise ContentError(
                        f"{path.name}, record {slug!r}: ongeldig record ({exc!r})"
                    ) from exc
    return report
