"""The real werkbezoek and handreiking (fixtures/) name each of their organisations once in
their facts: the host or publisher on its own line ("Bij", "Uitgever"), the list beside it
holding only the others."""

from django.test import TestCase

from bs4 import BeautifulSoup

from voorbeelden.content import load_content
from voorbeelden.models import HandreikingPage, WerkbezoekPage


class OrganisatiesNamedOnce(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_content()

    def facts(self, page):
        """The page's facts as {label: text}, from every definition list of its main part."""
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        main = BeautifulSoup(response.content.decode(), "html.parser").find("main")
        return {dd.find_previous_sibling("dt").get_text(strip=True): dd
                for dl in main.find_all("dl") for dd in dl.find_all("dd")}

    def assert_each_named_once(self, page, host, host_label, others_label):
        facts = self.facts(page)
        names = {o.name for o in page.organisaties.all()} | {host.name}
        self.assertGreater(len(names), 2)
        text = " | ".join(dd.get_text(" ", strip=True) for dd in facts.values())
        for name in names:
            self.assertEqual(text.count(name), 1, (name, text))
        # The host on its own line, linked to its website as the list linked it; the list
        # names everyone else.
        self.assertEqual(facts[host_label].get_text(strip=True), host.name)
        if host.website:
            self.assertEqual(facts[host_label].find("a")["href"], host.website)
        for name in names - {host.name}:
            self.assertIn(name, facts[others_label].get_text(" ", strip=True))

    def test_werkbezoek_names_its_host_once(self):
        werkbezoek = WerkbezoekPage.objects.get()
        host = werkbezoek.gastorganisatie
        self.assertEqual(host.name, "Sterker sociaal werk")
        self.assertIn(host, werkbezoek.organisaties.all())
        self.assert_each_named_once(werkbezoek, host, "Bij", "Ook betrokken")

    def test_handreiking_names_its_publisher_once(self):
        handreiking = HandreikingPage.objects.get()
        publisher = handreiking.publisher
        self.assertIn(publisher, handreiking.organisaties.all())
        self.assert_each_named_once(handreiking, publisher, "Uitgever", "Organisaties")
