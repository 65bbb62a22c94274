"""The admin's "Zoekbeheer" group: synonyms, promotions, queries and a try-out view in one place.

Editors and moderators tune search there; the pages say (in Dutch, for the backend that
is active) when a setting takes effect, and "Probeer een zoekvraag" shows what a visitor
gets for a query and how the database backend read it. Everything through the real URLs,
as the roles of tests/roles.py.
"""

from urllib.parse import quote

from django.core.management import call_command
from django.test import TestCase

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_page, make_site
from tests.portaal.test_taxonomy_admin import sidebar_menu
from tests.roles import ROLES, login, make_user
from tests.zoeken.conftest import refresh
from voorbeelden.content import load_content
from voorbeelden.models import ContentPage
from zoeken.models import Synoniem, Zoekvraag

TRY_URL = "/admin/zoeken/probeer/"
SYNONYMS_URL = "/admin/zoeken/synoniem/"
PROMOTIONS_URL = "/admin/searchpicks/"
QUERIES_URL = "/admin/zoeken/zoekvraag/"

# What the explanation says per backend (the sentences the editor reads).
DATABASE_SAYS = ("De database beantwoordt de zoekvragen",
                 "Synoniemen: direct", "Samengestelde woorden", "update_index",
                 "Gepromote zoekresultaten: direct")
ENGINE_SAYS = ("De zoekmachine beantwoordt de zoekvragen",
               "Synoniemen: direct", "zoekanalyse", "update_index",
               "Gepromote zoekresultaten: direct")


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    return " ".join(element.get_text(" ").split())


def all_menu_urls(html):
    """Every (label, url) of the sidebar's main menu, submenus included."""
    found = []
    for label, value in sidebar_menu(html).values():
        found += value if isinstance(value, list) else [(label, value)]
    return found


def explanation(response):
    section = soup(response).find(id="zoeken-werking")
    assert section is not None, "no explanation of when settings take effect"
    return text(section)


# -- The menu ---------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_zoeken_menu_holds_the_four_items(client, role):
    login(client, make_user(role))
    html = client.get("/admin/").content.decode()
    label, items = sidebar_menu(html)["zoekbeheer"]
    assert label == "Zoekbeheer"
    assert items == [("Synoniemen", SYNONYMS_URL),
                     ("Gepromote zoekresultaten", PROMOTIONS_URL),
                     ("Zoekvragen", QUERIES_URL),
                     ("Probeer een zoekvraag", TRY_URL)]
    for _, url in items:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "admin"])
def test_promotions_are_only_in_the_zoeken_group(client, role):
    """Wagtail's own menu item (under Instellingen) is gone: one place for search."""
    login(client, make_user(role))
    html = client.get("/admin/").content.decode()
    promotion_links = [item for item in all_menu_urls(html) if item[1] == PROMOTIONS_URL]
    assert promotion_links == [("Gepromote zoekresultaten", PROMOTIONS_URL)]


# -- Who may use it ---------------------------------------------------------------------

ALLOWED = {"editor", "moderator", "admin"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", [TRY_URL, SYNONYMS_URL, f"{SYNONYMS_URL}create/",
                                 PROMOTIONS_URL, f"{PROMOTIONS_URL}add/"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_answer(client, role, url):
    user = make_user(role)
    login(client, user)
    response = client.get(url)
    if role in ALLOWED:
        assert response.status_code == 200
    elif role == "approver":
        # In the admin, but without these rights: Wagtail's "no permission" redirect home.
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    else:
        # Visitors and members never reach the admin: Wagtail's login, coming back here.
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={quote(url)}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editors_and_moderators_save_synonyms(client, role):
    login(client, make_user(role))
    response = client.post(f"{SYNONYMS_URL}create/", {"terms": "zwaluw, maatje", "note": ""})
    assert response.status_code == 302
    synoniem = Synoniem.objects.get(terms="zwaluw, maatje")
    response = client.post(f"{SYNONYMS_URL}edit/{synoniem.pk}/",
                           {"terms": "zwaluw, maatje, buddy", "note": "proef"})
    assert response.status_code == 302
    synoniem.refresh_from_db()
    assert synoniem.terms == "zwaluw, maatje, buddy"


@pytest.mark.django_db
def test_approver_cannot_save_a_synonym(client):
    login(client, make_user("approver"))
    client.post(f"{SYNONYMS_URL}create/", {"terms": "zwaluw, maatje", "note": ""})
    assert not Synoniem.objects.filter(terms="zwaluw, maatje").exists()


# -- The explanation --------------------------------------------------------------------

@pytest.mark.django_db
def test_synonym_pages_explain_the_database_backend(client):
    login(client, make_user("editor"))
    synoniem = Synoniem.objects.first()
    for url in (SYNONYMS_URL, f"{SYNONYMS_URL}create/", f"{SYNONYMS_URL}edit/{synoniem.pk}/",
                TRY_URL):
        said = explanation(client.get(url))
        for words in DATABASE_SAYS:
            assert words in said, (url, words)
        assert "De zoekmachine beantwoordt" not in said


@pytest.mark.django_db
@pytest.mark.search_engine
def test_with_an_engine_the_pages_explain_the_engine(client, use_engine):
    make_site()
    page = make_page("interventie", "Buddy's in de wijk")
    use_engine.add(page)
    refresh(use_engine)
    login(client, make_user("editor"))
    for url in (SYNONYMS_URL, TRY_URL):
        said = explanation(client.get(url))
        for words in ENGINE_SAYS:
            assert words in said, (url, words)
    html = soup(client.get(TRY_URL, {"q": "buddy"}))
    assert "zoekmachine" in text(html.find(id="zoeken-backend")).lower()
    results = html.find("table", id="zoeken-resultaten")
    assert "Buddy's in de wijk" in text(results)


# -- Probeer een zoekvraag --------------------------------------------------------------

class TryQueryTests(TestCase):
    """The real content, indexed once; the database backend (the test settings' default)."""

    @classmethod
    def setUpTestData(cls):
        load_content()
        call_command("update_index", verbosity=0)
        cls.editor = make_user("editor")

    def setUp(self):
        self.client.force_login(self.editor)

    def try_query(self, q):
        response = self.client.get(TRY_URL, {"q": q})
        self.assertEqual(response.status_code, 200)
        return soup(response)

    def test_form_has_a_labelled_query_field(self):
        html = soup(self.client.get(TRY_URL))
        field = html.find("input", attrs={"name": "q"})
        self.assertIsNotNone(html.find("label", attrs={"for": field["id"]}))
        self.assertIsNone(html.find("table", id="zoeken-resultaten"))

    def test_buddy_shows_the_visitors_results_linked_to_the_editor(self):
        html = self.try_query("buddy")
        self.assertIn("database", text(html.find(id="zoeken-backend")).lower())
        table = html.find("table", id="zoeken-resultaten")
        self.assertIn("buddy", text(table.find("caption")))
        self.assertTrue(table.find("th", attrs={"scope": "col"}))
        rows = table.find("tbody").find_all("tr")
        self.assertLessEqual(len(rows), 10)
        maatjes = ContentPage.objects.get(slug="ggz-maatjes")
        edit_links = [a["href"] for a in table.find_all("a")]
        self.assertIn(f"/admin/pages/{maatjes.pk}/edit/", edit_links[:6])
        self.assertIn("Ggz-maatjes", text(table))

    def test_buddy_shows_how_the_database_read_it(self):
        reading = self.try_query("buddy").find(id="zoeken-lezing")
        words = reading.find("table")
        self.assertIn("buddy", text(words.find("tbody")))
        synonyms = text(reading.find(id="zoeken-synoniemen"))
        # The seeded group "maatje, buddy, vrijwilliger": the other two words, as stems.
        for word in ("maatje", "maat", "vrijwilliger", "vrijwil"):
            self.assertIn(word, synonyms)

    def test_compound_parts_are_shown(self):
        reading = self.try_query("maatjesproject").find(id="zoeken-lezing")
        row = reading.find("table").find("tbody").find("tr")
        cells = [text(c) for c in row.find_all(["th", "td"])]
        self.assertEqual(cells[0], "maatjesproject")
        self.assertIn("maat", cells[2])
        self.assertIn("project", cells[2])

    def test_a_misspelt_query_shows_its_correction(self):
        html = self.try_query("kwartiermakn")
        said = text(html.find(id="zoeken-correctie"))
        self.assertIn("Resultaten voor", said)
        self.assertIn("kwartiermaken", said)

    def test_promotions_that_apply_are_shown_with_their_edit_link(self):
        page = ContentPage.objects.get(slug="ggz-maatjes")
        query = Query.get("buddy")
        SearchPromotion.objects.create(query=query, page=page, sort_order=0,
                                       description="Ons bekendste maatjesproject")
        section = self.try_query("Buddy").find(id="zoeken-promoties")
        self.assertIn("Ggz-maatjes", text(section))
        self.assertIn("Ons bekendste maatjesproject", text(section))
        hrefs = [a["href"] for a in section.find_all("a")]
        self.assertIn(f"{PROMOTIONS_URL}{query.pk}/", hrefs)

    def test_trying_is_not_counted_as_a_visitors_search(self):
        self.try_query("buddy")
        self.assertFalse(Zoekvraag.objects.filter(query_string="buddy").exists())
        self.assertEqual(Query.get("buddy").hits, 0)
