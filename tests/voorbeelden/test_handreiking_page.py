"""The real handreiking (fixtures/, with a PDF attached) shows each of its facts once: the
quote, the year, the publisher and the PDF link, with the year, the publisher and the PDF in
one facts box above the summary and the table of contents."""

from django.core.files.base import ContentFile
from django.test import TestCase

from wagtail.documents import get_document_model

from bs4 import BeautifulSoup

from voorbeelden.content import load_content
from voorbeelden.models import HandreikingPage

QUOTE = "Een houdbare langdurige zorg, die ook beschikbaar is voor toekomstige generaties"


class HandreikingFactsOnce(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_content()
        handreiking = HandreikingPage.objects.get()
        document = get_document_model()(title="Handreiking (pdf)")
        document.file.save("handreiking-feiten.pdf", ContentFile(b"%PDF-1.4\n% test\n%%EOF\n"))
        handreiking.pdf = document
        handreiking.save_revision().publish()
        cls.handreiking = HandreikingPage.objects.get()

    def setUp(self):
        response = self.client.get(self.handreiking.url)
        self.assertEqual(response.status_code, 200)
        self.html = response.content.decode()
        self.main = BeautifulSoup(self.html, "html.parser").find("main")

    def facts_with(self, text):
        """The <dd> facts (in the facts box or anywhere else on the page) that name ``text``."""
        return [dd for dd in self.main.find_all("dd") if text in dd.get_text()]

    def test_the_quote_once(self):
        self.assertEqual(self.main.get_text().count(QUOTE), 1)
        # Where it has its speaker: in the first chapter, not the summary.
        quote = self.main.find("blockquote")
        self.assertIn(QUOTE, quote.get_text())
        self.assertIsNotNone(quote.find_parent(id="hoofdstuk-1"))

    def test_the_year_once(self):
        self.assertEqual(self.handreiking.year, 2015)
        facts = self.facts_with("2015")
        self.assertEqual(len(facts), 1, facts)
        self.assertEqual(str(facts[0].find("time")), '<time datetime="2015">2015</time>')

    def test_the_publisher_once(self):
        publisher = self.handreiking.publisher
        self.assertEqual(publisher.name, "Verwey-Jonker Instituut")
        facts = self.facts_with(publisher.name)
        self.assertEqual(len(facts), 1, facts)
        self.assertEqual(facts[0].find_previous_sibling("dt").get_text(), "Uitgever")
        # Still linked to its website, as it was in the list of organisations.
        self.assertEqual(facts[0].find("a")["href"], publisher.website)
        # The other organisations are still named.
        self.assertEqual(len(self.facts_with("Gemeente Den Haag")), 1)

    def test_the_pdf_link_once(self):
        self.assertEqual(self.html.count(f'href="{self.handreiking.pdf.url}"'), 1)

    def test_the_facts_stand_in_one_box_above_the_summary(self):
        box = self.main.find(class_="facts-box")
        self.assertIsNotNone(box)
        self.assertEqual(
            [dt.get_text() for dt in box.find_all("dt")],
            ["Uitgever", "Organisaties", "Regio", "Gepubliceerd"],
        )
        self.assertEqual(box.find("a", download=True).get_text(), "Download als PDF")
        summary = self.main.find("h2", string="Samenvatting")
        toc = self.main.find("nav", attrs={"aria-label": "Inhoud van deze handreiking"})
        order = [el.sourceline for el in (box, summary, toc, self.main.find(id="hoofdstuk-1"))]
        self.assertEqual(order, sorted(order))
        self.assertEqual(toc.find_all("a")[-1]["href"], "#interventies")
