"""The information pages under the home page (Over dit portaal, Contact, Privacyverklaring,
Toegankelijkheidsverklaring): loaded with the real content, linked from every page's
footer in their tree order, editable in Wagtail, and no extra query on a warm page."""

import re

from django.test import TestCase

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest

from portaal.models import HomePage, InformatiePagina
from tests.factories import make_page, make_site, make_thema
from tests.portaal.test_one_voice import INFORMAL, visible_text
from tests.querycount import count_queries
from tests.roles import login, make_user
from tests.voorbeelden.test_detail_queries import warm_queries
from voorbeelden.content import load_content

EXPECTED = [
    ("/over-dit-portaal/", "Over dit portaal"),
    ("/contact/", "Contact"),
    ("/privacyverklaring/", "Privacyverklaring"),
    ("/toegankelijkheidsverklaring/", "Toegankelijkheidsverklaring"),
]


def footer_links(html):
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)
    return [(href, re.sub(r"\s+", " ", text).strip())
            for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', footer, re.S)]


class RealContentInformatieTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_content()

    def test_footer_of_home_and_detail_page_links_the_four_pages_in_order(self):
        detail = make_page("interventie", "Een voorbeeld", themas=[make_thema("Herstel")])
        for url in ("/", detail.url, "/thema/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                links = [link for link in footer_links(response.content.decode())
                         if link in EXPECTED]
                self.assertEqual(links, EXPECTED)

    def test_each_page_renders_with_its_heading_and_speaks_with_u(self):
        for url, title in EXPECTED:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertRegex(html, rf"<h1[^>]*>\s*{title}\s*</h1>")
                self.assertEqual(INFORMAL.findall(visible_text(html)), [])

    def test_pages_state_what_the_code_backs(self):
        privacy = self.client.get("/privacyverklaring/").content.decode()
        for phrase in ("Sociaal Werk Nederland", "bijlagen", "zoekvragen", "sessiecookie",
                       "inzage", "correctie", "verwijdering"):
            self.assertIn(phrase, privacy)
        toegankelijkheid = self.client.get("/toegankelijkheidsverklaring/").content.decode()
        for phrase in ("WCAG 2.1", "niveau AA", "axe-core", "Chromium", "toetsenbord"):
            self.assertIn(phrase, toegankelijkheid)
        contact = self.client.get("/contact/").content.decode()
        self.assertIn('href="/inzenden/"', contact)

    def test_loading_again_keeps_one_page_each_and_the_editors_text(self):
        contact = InformatiePagina.objects.get(slug="contact")
        contact.body = "<p>Door de redactie herschreven.</p>"
        contact.save_revision().publish()
        load_content()
        self.assertIn("Door de redactie herschreven.",
                      self.client.get("/contact/").content.decode())
        home = HomePage.objects.get()
        slugs = list(InformatiePagina.objects.child_of(home).values_list("slug", flat=True))
        self.assertEqual(slugs, [url.strip("/") for url, _ in EXPECTED])


class InformatiePaginaEditorTests(WagtailPageTestCase):
    def test_it_belongs_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, InformatiePagina)
        self.assertAllowedParentPageTypes(InformatiePagina, {HomePage})
        self.assertAllowedSubpageTypes(InformatiePagina, {})

    def test_an_editor_writes_one_in_the_admin(self):
        home, _ = make_site()
        login(self.client, make_user("editor"))  # Wagtail's Editors group: drafts only
        self.assertCanCreate(home, InformatiePagina, nested_form_data({
            "title": "Colofon", "slug": "colofon", "intro": "Wie het portaal maakt.",
            "body": rich_text("<h2>Redactie</h2><p>Sociaal Werk Nederland.</p>"),
        }), publish=False)
        page = InformatiePagina.objects.get(slug="colofon")
        self.assertFalse(page.live)
        self.assertRegex(page.get_latest_revision_as_object().body, r"<h2[^>]*>Redactie</h2>")


def add_informatie(home, title, live=True):
    page = home.add_child(instance=InformatiePagina(title=title, intro="Kort.",
                                                    body="<p>Tekst.</p>", live=live))
    if live:
        page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_footer_follows_edits_unpublishing_and_tree_order(client):
    home, _ = make_site()
    over = add_informatie(home, "Over dit portaal")
    contact = add_informatie(home, "Contact")
    add_informatie(home, "Concepttekst", live=False)
    assert [t for _, t in footer_links(client.get("/").content.decode())][-2:] == [
        "Over dit portaal", "Contact"]
    # An editor renames one, moves it first and unpublishes the other: the footer follows.
    over.title = "Over ons"
    over.save_revision().publish()
    contact.move(over, pos="left")
    assert [t for _, t in footer_links(client.get("/").content.decode())][-2:] == [
        "Contact", "Over ons"]
    contact.unpublish()
    texts = [t for _, t in footer_links(client.get("/").content.decode())]
    assert "Contact" not in texts and "Concepttekst" not in texts
    assert texts[-1] == "Over ons"


@pytest.mark.django_db
def test_information_pages_do_not_enter_the_main_menu(client):
    home, _ = make_site()
    add_informatie(home, "Privacyverklaring")
    html = client.get("/").content.decode()
    menu = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert "Privacyverklaring" not in menu


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/thema/maatjes/"])
def test_warm_home_and_thema_page_cost_no_extra_query(client, url):
    home, _ = make_site()
    make_page("interventie", "Maatjesproject", themas=[make_thema("Maatjes")])
    before = (count_queries(client, url), warm_queries(client, url))
    for title in ("Over dit portaal", "Contact", "Privacyverklaring",
                  "Toegankelijkheidsverklaring"):
        add_informatie(home, title)
    html = client.get(url).content.decode()
    assert "Toegankelijkheidsverklaring" in html
    after = (count_queries(client, url), warm_queries(client, url))
    assert after == before
