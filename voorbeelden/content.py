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
from django.core.exceptions import ValidationError
from django.db import transaction

from wagtail.models import Page, Site

from portaal.models import HomePage, InformatiePagina, Organisatie, Regio, Thema
from portaal.statistics import analyze_apps
from voorbeelden.importer.indexing import deferred_indexing
from voorbeelden.models import ContentPage, InterventiePage
from voorbeelden.models.registry import INDEXES, PAGE_TYPES
from voorbeelden.page_writer import FIELDS, ORGANISATION, add_page, write_page

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

HOME_INTRO = (
    "<p>Goede praktijk van sociaal werk en ggz in de wijk, bij elkaar: interventies en "
    "praktijkvoorbeelden, verslagen van Verdiwel Labs en werkbezoeken, artikelen en "
    "handreikingen. Verzameld door Sociaal Werk Nederland en haar leden.</p>"
)

# written from slugs by the builder, not taken from the record as they are
RELATION_KEYS = {"themas", "organisaties", "regios", "ervaringen", "deelnemers",
                 "vermelde_interventies", "organisator", "gastorganisatie", "publisher",
                 "source_page"}


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
    set_regio_parents(read_json(fixtures_dir / "regios.json"))
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


def set_regio_parents(records):
    """Each region's provincie (``"parent": "<slug>"``), once every region exists: a record
    may name a provincie that comes after it in the file."""
    regios = {r.slug: r for r in Regio.objects.all()}
    for record in records:
        regio, slug = regios[record["slug"]], record.get("parent")
        if slug and slug not in regios:
            raise ContentError(f"regios.json, regio {regio.slug!r}: onbekende provincie {slug!r}")
        parent = regios[slug] if slug else None
        if regio.parent_id == (parent.pk if parent else None):
            continue
        regio.parent = parent
        try:
            regio.clean()
        except ValidationError as exc:
            raise ContentError(f"regios.json, regio {regio.slug!r}: {exc.messages[0]}") from exc
        regio.save(update_fields=["parent"])


class PageBuilder:
    """Turns one fixture record into the page writer's values: slugs become the themes,
    organisations, regions and interventions they name."""

    def __init__(self):
        self.themas = {t.slug: t for t in Thema.objects.all()}
        self.organisaties = {o.slug: o for o in Organisatie.objects.all()}
        self.regios = {r.slug: r for r in Regio.objects.all()}
        # (intervention, slug of its source page) for sources loaded after the intervention
        self.waiting = []

    def lookup(self, table, slugs, what, required=False):
        missing = [s for s in slugs if s not in table]
        if missing:
            raise ContentError(f"onbekende {what}: {', '.join(missing)}")
        if required and not slugs:
            raise ContentError(f"minstens één {what} is verplicht")
        return [table[s] for s in slugs]

    def organisatie(self, slug):
        return self.lookup(self.organisaties, [slug], "organisatie")[0] if slug else None

    def interventie_id(self, slug):
        page = InterventiePage.objects.filter(slug=slug).first()
        if page is None:
            raise ContentError(f"onbekende interventie: {slug}")
        return page.pk

    def source_page(self, slug):
        """The lab, werkbezoek, artikel or handreiking with ``slug``; None while it is not
        loaded yet."""
        pages = list(ContentPage.objects.not_type(InterventiePage).filter(slug=slug)[:2])
        if len(pages) > 1:
            raise ContentError(f"bronpagina {slug!r} is niet eenduidig")
        return pages[0] if pages else None

    def stream(self, blocks):
        """A body stream whose interventie blocks name a slug, with primary keys instead."""
        return [{**b, "value": self.interventie_id(b["value"])} if b["type"] == "interventie"
                else b for b in blocks]

    def values(self, record):
        """The record as the page writer's values (``voorbeelden.page_writer``)."""
        values = {key: record[key] for key in FIELDS & record.keys()
                  if key not in RELATION_KEYS}
        values["date"] = date.fromisoformat(record["date"]) if record.get("date") else None
        for key in ORGANISATION & record.keys():
            values[key] = self.organisatie(record[key])
        values["themas"] = self.lookup(self.themas, record.get("themas", []), "thema",
                                       required=True)
        values["organisaties"] = self.lookup(self.organisaties, record.get("organisaties", []),
                                             "organisatie")
        values["regios"] = self.lookup(self.regios, record.get("regios", []), "regio")
        if record.get("source_page"):
            values["source_page"] = self.source_page(record["source_page"])
        if "body" in record:
            values["body"] = self.stream(record["body"])
        if "chapters" in record:
            values["chapters"] = [{**c, "body": self.stream(c.get("body", []))}
                                  for c in record["chapters"]]
        if "ervaringen" in record:
            values["ervaringen"] = [
                {**e, "interventie": self.interventie_id(e["interventie"])
                 if e.get("interventie") else None}
                for e in record["ervaringen"]
            ]
        if "deelnemers" in record:
            values["deelnemers"] = [
                {**d, "organisatie": self.organisatie(d.get("organisation"))}
                for d in record["deelnemers"]
            ]
        slugs = list(record.get("interventies", []))
        slugs += [e["interventie"] for e in record.get("ervaringen", []) if e.get("interventie")]
        if slugs or "interventies" in record:
            values["vermelde_interventies"] = [self.interventie_id(s) for s in slugs]
        return values

    def apply(self, page, record):
        write_page(page, self.values(record))


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
    values = {**builder.values(record), "source_hash": digest}
    if is_new:
        page = add_page(index, model(), values)
    else:
        write_page(page, values)
    if record.get("source_page") and page.source_page_id is None:
        # Its source page comes later in the load (and names it): publish once that exists,
        # so the intervention gets one revision, not a second one for the link.
        builder.waiting.append((page, record["source_page"]))
    else:
        page.save_revision().publish()
    (report.created if is_new else report.updated).append(page)
    return page


def load_informatie(home, fixtures_dir, report):
    """The pages about the portal (``informatie.json``) under the home page, in the file's
    order. A page that exists is left alone: after the first load its text is the
    editors' (in Wagtail), and loading again must not undo their changes."""
    path = fixtures_dir / "informatie.json"
    if not path.exists():
        return
    for record in read_json(path):
        page = InformatiePagina.objects.child_of(home).filter(slug=record["slug"]).first()
        if page is not None:
            report.unchanged.append(page)
            continue
        page = home.add_child(instance=InformatiePagina(
            slug=record["slug"], title=record["title"], intro=record.get("intro", ""),
            body=record.get("body", ""),
        ))
        page.save_revision().publish()
        report.created.append(page)


def publish_waiting(builder):
    """Publish the interventions whose source page was loaded after them, linked to it."""
    for page, slug in builder.waiting:
        page.source_page = builder.source_page(slug)
        if page.source_page is None:
            raise ContentError(f"interventie {page.slug!r}: onbekende bronpagina {slug!r}")
        page.save_revision().publish()


def load_content(fixtures_dir=FIXTURES_DIR):
    """Load everything; returns a LoadReport. Raises ContentError naming a broken record."""
    fixtures_dir = Path(fixtures_dir)
    report = LoadReport()
    # Every page is saved three times (add_child, revision, publish): index each once, in
    # bulk, after the load committed; a load that is rolled back leaves nothing to index.
    with deferred_indexing(), transaction.atomic():
        home, indexes = ensure_site_tree()
        load_taxonomies(fixtures_dir)
        load_informatie(home, fixtures_dir, report)
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
        publish_waiting(builder)
        analyze_apps("wagtailcore", "portaal", "voorbeelden")
    return report
