"""The real content from the five source documents, loaded by load_portal_content.

One class loads the full fixture set once (setUpTestData); everything here checks
fidelity to the sources and the loader's idempotency and all-or-nothing behaviour.
"""

import json
import re
import shutil
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils.html import strip_tags

from wagtail.models import Page

from portaal.models import Organisatie, Thema
from voorbeelden.content import FIXTURES_DIR, load_content
from voorbeelden.models import (
    ArtikelPage,
    ContentPage,
    HandreikingPage,
    InterventiePage,
    LabPage,
    WerkbezoekPage,
)

# Site chrome that the source texts carry around their content.
CHROME = [
    "Uw account is nog niet geactiveerd",
    "terug naar overzicht",
    "Lid wordenContact",
    "De voordelen van Verdiwel",
    "Waarom lid worden",
    "microsoftteams-image",
    "file:///",
    "minuten lezen",
]
# A PDF line-break hyphenation left in the text: "pas- sende", "gemeen-\nten".
HYPHENATION = re.compile(r"\w-\n|\b\w+- (?!en\b|of\b|tot\b|dan\b|als\b|bij\b)[a-zà-ÿ]{2,}")

EXPECTED_HANDREIKING_INTERVENTIES = [
    "paja", "netwerkcoach-mezzo", "talentcoach", "over-de-drempel", "reakt-vriendendienst",
    "dialoog-haaglanden", "stichting-present", "kwartiermaken-stichting-door-en-voor",
    "maatschappelijk-steunsysteem-den-haag", "stadsboerderij-pluk", "triadekaart",
    "eigen-kracht-conferentie", "herstellen-doe-je-zelf", "raad-en-daadbalie",
    "ambassade-van-activering", "kompassie", "wijk-en-psychiatrie",
]


def page_text(page):
    """All text a visitor could see of a page: its fields and stream values, tags stripped."""
    page = page.specific
    parts = [page.title, page.intro]
    for field in page._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in ("source_original",):
            continue
        value = getattr(page, field.attname, None)
        if hasattr(value, "raw_data"):
            parts.append(json.dumps(list(value.raw_data), ensure_ascii=False))
        elif isinstance(value, str):
            parts.append(value)
    return strip_tags("\n".join(p for p in parts if p))


class RealContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.report = load_content()

    def test_every_source_document_is_a_page_of_the_right_type(self):
        self.assertEqual(LabPage.objects.live().count(), 1)
        self.assertEqual(WerkbezoekPage.objects.live().count(), 1)
        self.assertEqual(HandreikingPage.objects.live().count(), 1)
        self.assertEqual(ArtikelPage.objects.live().filter(soort="artikel").count(), 1)
        self.assertEqual(ArtikelPage.objects.live().filter(soort="nieuws").count(), 1)
        lab = LabPage.objects.get()
        self.assertEqual(lab.title, "Sociaal werk voor inwoners met ggz-problematiek")
        self.assertEqual(lab.date.isoformat()[5:], "09-23")
        werkbezoek = WerkbezoekPage.objects.get()
        self.assertEqual(werkbezoek.date.isoformat(), "2019-07-03")
        self.assertEqual(werkbezoek.author, "Jennifer Elich")
        self.assertEqual(werkbezoek.gastorganisatie.name, "Sterker sociaal werk")
        nieuws = ArtikelPage.objects.get(soort="nieuws")
        self.assertEqual(nieuws.date.isoformat(), "2021-05-06")
        self.assertTrue(nieuws.title.startswith("Gevraagd: mooie voorbeelden"))
        artikel = ArtikelPage.objects.get(soort="artikel")
        self.assertEqual(artikel.author, "Margit van der Meulen")
        kinds = [block.block_type for block in artikel.body]
        self.assertIn("kader", kinds)
        self.assertIn("kennis", kinds)

    def test_lab_lists_its_nine_participants_with_their_organisations(self):
        lab = LabPage.objects.get()
        deelnemers = list(lab.deelnemers.select_related("organisatie"))
        self.assertEqual(len(deelnemers), 9)
        by_name = {d.name: d for d in deelnemers}
        self.assertEqual(by_name["Greet Bouman"].organisatie.name, "Stimenz")
        self.assertEqual(by_name["Greet Bouman"].place, "Apeldoorn")
        self.assertEqual(by_name["Trix Cloosterman"].organisatie.name, "Welzijn De Meierij")
        self.assertEqual(by_name["Lieke van Summeren"].organisatie.name, "ONS Welzijn")
        self.assertEqual(by_name["Gerdien Rabbers"].organisatie.name, "Sociaal Werk Nederland")
        with_org = [d for d in deelnemers if d.organisatie_id]
        self.assertEqual(len(with_org), 9)
        self.assertEqual(len(list(lab.pitches)), 2)
        self.assertGreaterEqual(len(list(lab.inzichten)), 6)
        self.assertEqual(len(list(lab.casus_reacties)), 4)

    def test_lab_experiences_link_the_interventions_they_name(self):
        lab = LabPage.objects.get()
        linked = {b.value["interventie"].slug for b in lab.ervaringen if b.value["interventie"]}
        self.assertTrue({"buurtcirkel", "proeftuin-de-ruwaard", "better2gether",
                         "ggz-maatjes"} <= linked, linked)

    def test_handreiking_links_at_least_eighteen_interventions(self):
        handreiking = HandreikingPage.objects.get()
        slugs = [v.interventie.slug for v in handreiking.vermelde_interventies.all()]
        self.assertGreaterEqual(len(slugs), 18)
        for slug in EXPECTED_HANDREIKING_INTERVENTIES:
            self.assertIn(slug, slugs)
        self.assertEqual(handreiking.publisher.name, "Verwey-Jonker Instituut")
        self.assertEqual(len(list(handreiking.chapters)), 9)
        self.assertGreater(len(list(handreiking.references)), 10)

    def test_interventions_carry_organisations_themes_and_links(self):
        netwerkcoach = InterventiePage.objects.get(slug="netwerkcoach-mezzo")
        self.assertIn("Mezzo", [o.name for o in netwerkcoach.organisaties.all()])
        self.assertTrue(netwerkcoach.themas.exists())
        self.assertTrue(len(list(netwerkcoach.links)) >= 1)
        for page in InterventiePage.objects.all():
            self.assertTrue(page.themas.exists(), page.slug)
            self.assertTrue(page.intro, page.slug)

    def test_every_content_page_has_a_thema_and_the_required_themes_exist(self):
        for slug in ("kwartiermaken", "herstel", "maatjes", "ervaringsdeskundigheid",
                     "eenzaamheid", "sociale-netwerken", "samenwerking-ggz-sociaal-werk",
                     "wijkgericht-werken", "zelfredzaamheid", "stigma"):
            self.assertTrue(Thema.objects.filter(slug=slug).exists(), slug)
        for page in ContentPage.objects.all():
            self.assertTrue(page.themas.exists(), page.slug)

    def test_no_page_text_contains_site_chrome_or_hyphenation_breaks(self):
        for page in ContentPage.objects.all():
            text = page_text(page)
            for chrome in CHROME:
                self.assertNotIn(chrome, text, f"{page.slug}: {chrome!r}")
            match = HYPHENATION.search(text)
            context = match and text[match.start() - 30 : match.end() + 10]
            self.assertIsNone(match, f"{page.slug}: {context!r}")

    def test_pages_render(self):
        for page in ContentPage.objects.live():
            response = self.client.get(page.url)
            self.assertEqual(response.status_code, 200, page.url)

    def test_loading_twice_gives_the_same_pages(self):
        before = (Page.objects.count(), Organisatie.objects.count(), Thema.objects.count())
        revisions = sum(p.revisions.count() for p in ContentPage.objects.all())
        out = StringIO()
        call_command("load_portal_content", "--skip-index", stdout=out)
        self.assertIn("0 nieuw, 0 bijgewerkt", out.getvalue())
        after = (Page.objects.count(), Organisatie.objects.count(), Thema.objects.count())
        self.assertEqual(before, after)
        self.assertEqual(revisions, sum(p.revisions.count() for p in ContentPage.objects.all()))

    def test_a_broken_record_is_named_and_changes_nothing(self):
        tmp = self.enterContext(self._tmp_fixtures())
        broken = tmp / "interventies" / "zz-broken.json"
        broken.write_text(json.dumps([
            {"type": "interventie", "slug": "nieuw-goed", "title": "Nieuw en goed",
             "intro": "x", "themas": ["herstel"]},
            {"type": "interventie", "slug": "kapot", "title": "Kapot", "intro": "x",
             "themas": ["bestaat-niet"]},
        ]), encoding="utf-8")
        before = Page.objects.count()
        with self.assertRaises(CommandError) as ctx:
            call_command("load_portal_content", "--fixtures", str(tmp), "--skip-index",
                         stdout=StringIO())
        self.assertIn("zz-broken.json", str(ctx.exception))
        self.assertIn("kapot", str(ctx.exception))
        self.assertIn("bestaat-niet", str(ctx.exception))
        self.assertEqual(Page.objects.count(), before)
        self.assertFalse(InterventiePage.objects.filter(slug="nieuw-goed").exists())

    def _tmp_fixtures(self):
        import contextlib
        import tempfile
        from pathlib import Path

        @contextlib.contextmanager
        def copy():
            with tempfile.TemporaryDirectory() as d:
                target = Path(d) / "fixtures"
                shutil.copytree(FIXTURES_DIR, target)
                yield target

        return copy()
