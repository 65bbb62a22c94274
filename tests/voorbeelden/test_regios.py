"""Regions as a small hierarchy: a gemeente lies in a provincie, so choosing the provincie
in a filter also finds the pages of its gemeenten; same-named regions (the provincie and
the versnellingsregio Groningen) are told apart in every filter; filters offer no option
without pages. And the real content: every page with a place has a region, and the
interventions the national databanks list carry their erkenningsniveau and databank link,
each cited in fixtures/README.md."""

import re
from collections import Counter

from django.test import TestCase
from django.utils.html import escape

import pytest

from tests.factories import make_page, make_regio, make_site, make_thema
from voorbeelden.content import FIXTURES_DIR, load_content
from voorbeelden.importer.entities import Vocabulary
from voorbeelden.models import ContentPage, Erkenningsniveau, InterventiePage

SEARCH_AND_OVERVIEWS = ("/interventies/", "/artikelen/", "/thema/kwartiermaken/", "/zoeken/")


def groups(response):
    """{param: [(value, label, count), ...]} of the filters the page shows."""
    return {g.param: [(o.value, o.label, o.count) for o in g.options]
            for g in response.context["filters"].groups}


def titles(response):
    items = response.context["items"]
    return sorted(p.title for p in getattr(items, "object_list", items))


def recognition_sources():
    """The table "Erkenning: bronnen" in fixtures/README.md, where every erkenningsniveau
    and databank link of the real content is cited: {slug: (erkenningsniveau, databank url)}."""
    text = (FIXTURES_DIR / "README.md").read_text(encoding="utf-8")
    _before, _heading, section = text.partition("## Erkenning: bronnen")
    rows = {}
    for line in section.splitlines()[1:]:
        if line.startswith("## "):
            break
        if line.startswith("| `"):
            slug, level, url = (cell.strip().strip("`") for cell in line.split("|")[1:4])
            rows[slug] = (level, url)
    return rows


def assert_no_empty_or_twin_options(response):
    for param, options in groups(response).items():
        labels = [label for _value, label, _count in options]
        assert len(labels) == len(set(labels)), (param, labels)
        assert all(count > 0 for _value, _label, count in options), (param, options)


@pytest.fixture
def brabant_and_groningen(db):
    make_site()
    kwartier = make_thema("Kwartiermaken")
    brabant = make_regio("Noord-Brabant", kind="provincie")
    make_regio("Friesland", kind="provincie")  # no page: never offered
    oss = make_regio("Oss", kind="gemeente", parent=brabant)
    helmond = make_regio("Helmond", kind="gemeente", parent=brabant)
    groningen = make_regio("Groningen", kind="provincie")
    vr_groningen = make_regio("Groningen", slug="versnellingsregio-groningen",
                              kind="versnellingsregio", parent=groningen)
    make_page("interventie", "Kwartiermaken in Oss en Helmond", themas=[kwartier],
              regios=[oss, helmond])
    make_page("interventie", "Brabants steunpunt", themas=[kwartier], regios=[brabant, oss])
    make_page("artikel", "Wachttijden in Groningen", themas=[kwartier], regios=[vr_groningen])
    make_page("artikel", "Provinciaal ggz-beleid", themas=[kwartier], regios=[groningen])
    make_page("interventie", "Elders", themas=[kwartier])


def test_same_named_regions_have_labels_of_their_own(client, brabant_and_groningen):
    for url in SEARCH_AND_OVERVIEWS:
        response = client.get(url, {"q": "groningen"} if url == "/zoeken/" else {})
        assert_no_empty_or_twin_options(response)
    labels = {label for _v, label, _n in groups(client.get("/artikelen/"))["regio"]}
    assert {"Groningen (provincie)", "Groningen (versnellingsregio)"} <= labels
    html = client.get("/artikelen/").content.decode()
    assert "Groningen (versnellingsregio)" in html


def test_a_provincie_finds_the_pages_of_its_gemeenten(client, brabant_and_groningen):
    response = client.get("/interventies/", {"regio": "noord-brabant"})
    assert titles(response) == ["Brabants steunpunt", "Kwartiermaken in Oss en Helmond"]
    regio = {value: count for value, _label, count in groups(response)["regio"]}
    # A page in Oss and Helmond counts once for Noord-Brabant.
    assert regio == {"noord-brabant": 2, "oss": 2, "helmond": 1}
    assert_no_empty_or_twin_options(response)
    assert titles(client.get("/interventies/", {"regio": "helmond"})) == [
        "Kwartiermaken in Oss en Helmond"]
    # The provincie Groningen covers the versnellingsregio inside it.
    response = client.get("/artikelen/", {"regio": "groningen"})
    assert titles(response) == ["Provinciaal ggz-beleid", "Wachttijden in Groningen"]


def test_theme_and_provincie_together_on_a_theme_page_and_in_search(
        client, brabant_and_groningen):
    response = client.get("/thema/kwartiermaken/", {"regio": "noord-brabant"})
    assert titles(response) == ["Brabants steunpunt", "Kwartiermaken in Oss en Helmond"]
    assert_no_empty_or_twin_options(response)
    found = client.get("/zoeken/", {"thema": "kwartiermaken", "regio": "noord-brabant"})
    assert titles(found) == titles(response)
    # One facet definition: the search page counts regions as the theme page does.
    assert groups(found)["regio"] == groups(response)["regio"]


def test_the_search_index_holds_the_provincie_of_a_gemeente(brabant_and_groningen):
    """The engine filters and counts on ``search_regios``: a page in Oss is also in
    Noord-Brabant there, as in the database filters."""
    indexed = InterventiePage.get_indexed_objects().get(title="Kwartiermaken in Oss en Helmond")
    assert sorted(indexed.search_regios()) == ["helmond", "noord-brabant", "oss"]


def test_an_imported_place_name_means_the_gemeente_not_the_versnellingsregio(db):
    gelderland = make_regio("Gelderland", kind="provincie")
    make_regio("Groningen", kind="provincie", sort_order=1)
    make_regio("Groningen", slug="versnellingsregio-groningen", kind="versnellingsregio",
               sort_order=20)
    make_regio("Nijmegen", slug="gemeente-nijmegen", kind="gemeente", parent=gelderland,
               sort_order=10)
    make_regio("Nijmegen", kind="versnellingsregio", sort_order=30)
    found = Vocabulary().regios_for(["Nijmegen", "Groningen"])
    assert [r.slug for r in found] == ["gemeente-nijmegen", "groningen"]


# Who publishes the national databanks, by the host of a databank link.
DATABANK_NAMES = {"movisie.nl": "Movisie", "trimbos.nl": "Trimbos-instituut",
                  "nji.nl": "NJi", "loketgezondleven.nl": "Loket Gezond Leven"}

class RealContentRegionsAndRecognition(TestCase):
    """The fixture set as ``load_portal_content`` loads it."""

    @classmethod
    def setUpTestData(cls):
        load_content()

    def test_every_page_with_a_place_has_a_region(self):
        missing = [
            page.slug for page in ContentPage.objects.live().specific()
            if getattr(page, "place", "").strip() and not page.regios.exists()
        ]
        self.assertEqual(missing, [])

    def test_every_gemeente_lies_in_a_provincie_and_no_filter_shows_twins(self):
        from portaal.models import Regio

        regios = list(Regio.objects.select_related("parent"))
        gemeenten = [r for r in regios if r.kind == Regio.Kind.GEMEENTE]
        self.assertTrue(gemeenten)
        for gemeente in gemeenten:
            self.assertEqual(gemeente.parent.kind, Regio.Kind.PROVINCIE, gemeente.slug)
        labels = [str(r) for r in regios]
        self.assertEqual(len(labels), len(set(labels)), labels)
        # As the visitor sees them: no twin labels, no option without pages.
        for url in ("/interventies/", "/artikelen/", "/werkbezoeken/", "/thema/herstel/"):
            assert_no_empty_or_twin_options(self.client.get(url))
        for params in ({"q": "ggz"}, {"q": "ggz", "regio": "gelderland"}):
            response = self.client.get("/zoeken/", params)
            assert_no_empty_or_twin_options(response)
            self.assertTrue(titles(response))

    def test_kwartiermaken_in_oss_and_helmond_is_found_by_theme_and_region(self):
        title = InterventiePage.objects.get(slug="kwartiermaken-stichting-door-en-voor").title
        for regio in ("noord-brabant", "oss", "helmond"):
            response = self.client.get("/interventies/",
                                       {"thema": "kwartiermaken", "regio": regio})
            self.assertIn(title, titles(response), regio)
            assert_no_empty_or_twin_options(response)
        found = self.client.get("/zoeken/", {"thema": "kwartiermaken", "regio": "noord-brabant"})
        self.assertIn(title, titles(found))

    def test_every_level_and_databank_link_is_cited_and_shown_on_the_page(self):
        sources = recognition_sources()
        self.assertTrue(sources, "fixtures/README.md has no table 'Erkenning: bronnen'")
        filled = {
            page.slug for page in InterventiePage.objects.live()
            if page.databank_url or page.erkenningsniveau != Erkenningsniveau.NIET_BEOORDEELD
        }
        # No level or link without its citation, and no citation that is not on the site.
        self.assertEqual(filled, set(sources))
        labels = dict(Erkenningsniveau.choices)
        for slug, (level, url) in sources.items():
            page = InterventiePage.objects.get(slug=slug)
            self.assertEqual((page.erkenningsniveau, page.databank_url), (level, url), slug)
            self.assertTrue(url.startswith("https://"), slug)
            html = self.client.get(page.url).content.decode()
            self.assertIn(f'<span class="badge badge--{level}">{labels[level]}</span>', html, slug)
            # The link says where it leads: the databank or the organisation behind it.
            link = re.search(rf'<a href="{re.escape(escape(url))}">([^<]+)</a>', html)
            self.assertTrue(link, slug)
            self.assertIn(DATABANK_NAMES[url.split("/")[2].removeprefix("www.")],
                          link.group(1), slug)

    def test_erkenningsniveau_filter_offers_the_levels_that_have_pages(self):
        recognised = Counter(level for level, _url in recognition_sources().values()
                             if level != Erkenningsniveau.NIET_BEOORDEELD)
        self.assertTrue(recognised)
        offered = {value: n for value, _label, n in groups(self.client.get("/interventies/"))[
            "erkenningsniveau"]}
        total = InterventiePage.objects.live().count()
        self.assertEqual(offered, {**recognised, "niet-beoordeeld": total - recognised.total()})
        for level, n in recognised.items():
            found = titles(self.client.get("/interventies/", {"erkenningsniveau": level}))
            self.assertEqual(len(found), n, level)
