"""The real content (fixtures/, load_portal_content) links its pages both ways: every
intervention links the document it comes from, and each document links its interventions;
the handreiking's chapters link them where they describe them."""

import re

from django.test import TestCase

from voorbeelden.content import load_content
from voorbeelden.models import (
    ArtikelPage,
    HandreikingPage,
    InterventiePage,
    LabPage,
    WerkbezoekPage,
)

WERKBEZOEK_INTERVENTIES = {"goede-dag-nijmegen", "sociale-wijkteams-nijmegen",
                           "met-de-han-de-wijk-in", "top-600-aanpak"}
LAB_INTERVENTIES = {"buurtcirkel", "proeftuin-de-ruwaard", "better2gether", "de-aanpakkers",
                    "ggz-maatjes", "thuis-in-de-wijk"}
ARTIKEL_INTERVENTIES = {"zwitsers-juridisch-zakmes", "presentiebenadering", "hee"}


def section(html, element_id):
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f'no element with id="{element_id}"'
    return match.group(2)


class RealContentLinksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_content()

    def html(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200, page.url)
        return response.content.decode()

    def test_every_intervention_comes_from_one_of_the_documents(self):
        handreiking = HandreikingPage.objects.get()
        expected = {
            **dict.fromkeys(WERKBEZOEK_INTERVENTIES, WerkbezoekPage.objects.get().pk),
            **dict.fromkeys(LAB_INTERVENTIES, LabPage.objects.get().pk),
            **dict.fromkeys(ARTIKEL_INTERVENTIES, ArtikelPage.objects.get(soort="artikel").pk),
            **{v.interventie.slug: handreiking.pk
               for v in handreiking.vermelde_interventies.all()},
        }
        actual = dict(InterventiePage.objects.values_list("slug", "source_page"))
        self.assertEqual(actual, expected)
        self.assertEqual(list(actual.values()).count(handreiking.pk), 22)

    def test_werkbezoek_links_its_four_interventions(self):
        werkbezoek = WerkbezoekPage.objects.get()
        html = section(self.html(werkbezoek), "interventies")
        self.assertIn("Interventies uit dit werkbezoek", html)
        for slug in WERKBEZOEK_INTERVENTIES:
            interventie = InterventiePage.objects.get(slug=slug)
            self.assertIn(f'<a href="{interventie.url}">{interventie.title}</a>', html)

    def test_each_intervention_links_its_source_and_shows_no_seed_id(self):
        for interventie in InterventiePage.objects.select_related("source_page"):
            html = self.html(interventie)
            source = interventie.source_page
            bron = re.search(r"<dt>Bron</dt><dd>(.*?)</dd>", html, re.S)
            self.assertTrue(bron, interventie.slug)
            self.assertIn(f'<a href="{source.url}">{source.title}</a>', bron.group(1))
            self.assertNotIn("seed", html.lower(), interventie.slug)

    def test_handreiking_toc_and_chapters_link_the_interventions(self):
        handreiking = HandreikingPage.objects.get()
        html = self.html(handreiking)
        toc = section(html, "toc")
        self.assertIn('<a href="#interventies">', toc)
        self.assertIn("Interventies uit deze handreiking", section(html, "interventies"))
        chapters = "".join(section(html, f"hoofdstuk-{n}") for n in range(1, 10))
        for interventie in InterventiePage.objects.filter(source_page=handreiking):
            self.assertIn(f'<a href="{interventie.url}">', chapters, interventie.slug)

    def test_loading_publishes_each_intervention_once(self):
        for interventie in InterventiePage.objects.all():
            self.assertEqual(interventie.revisions.count(), 1, interventie.slug)
