"""A page shows and feeds the date of its source document; "Laatst bijgewerkt" only after an
editor changed it. The fixture loader and the import keep the document's date, and a loader
run on deploy does not make every page "bijgewerkt" on the day it ran."""

import csv
import io
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.test import Client, TestCase
from django.utils import formats, timezone, translation

from tests.roles import login, make_user
from tests.voorbeelden.import_helpers import seeds_dir, setup_portal
from tests.voorbeelden.test_admin_editing import interventie_form
from voorbeelden.content import FIXTURES_DIR, load_content
from voorbeelden.importer.runner import run_import
from voorbeelden.models import ContentPage, HandreikingPage, InterventiePage, WerkbezoekPage

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# A page's dates stand in its meta list, or for a werkbezoek in the facts under its title.
PAGE_META = re.compile(r'<dl class="(?:page-meta|facts)">(.*?)</dl>', re.S)


def dutch(day):
    with translation.override("nl"):
        return formats.date_format(day, "j F Y")


def page_meta(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    found = PAGE_META.findall(response.content.decode())
    assert found, page.url
    return "".join(found)


def published(day):
    """The meta line of a page whose document is dated ``day``."""
    return (f'<dt>Gepubliceerd</dt><dd><time datetime="{day:%Y-%m-%d}">{dutch(day)}</time>'
            "</dd>")


def visited(day):
    """The facts line of a werkbezoek on ``day`` (its report's date, shown once)."""
    with translation.override("nl"):
        shown = formats.date_format(day, "l j F Y")
    return f'<dt>Datum</dt><dd><time datetime="{day:%Y-%m-%d}">{shown}</time></dd>'


class LoadedContentDates(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_content()
        cls.werkbezoek = WerkbezoekPage.objects.get()
        cls.interventie = InterventiePage.objects.get(slug="goede-dag-nijmegen")
        cls.handreiking = HandreikingPage.objects.get()
        cls.undated = ContentPage.objects.get(
            slug="artikel-ggz-en-sociale-professionals-werken-samen")

    def test_fixture_pages_show_their_documents_date_and_no_update(self):
        today = dutch(timezone.localdate())
        for page, expected in ((self.werkbezoek, visited(date(2019, 7, 3))),
                               (self.interventie, published(date(2019, 7, 3))),
                               (self.handreiking,
                                '<dt>Gepubliceerd</dt><dd><time datetime="2015">2015</time>'
                                "</dd>")):
            meta = page_meta(self.client, page)
            self.assertIn(expected, meta, page.url)
            self.assertNotIn("Laatst bijgewerkt", meta, page.url)
            self.assertNotIn(today, meta, page.url)
        # A document without a known date shows none, not the day it was loaded.
        meta = page_meta(self.client, self.undated)
        self.assertNotIn("Gepubliceerd", meta)
        self.assertNotIn(today, meta)

    def test_a_loader_run_on_deploy_keeps_pages_unedited(self):
        fixtures = Path(self.enterContext(tempfile.TemporaryDirectory())) / "fixtures"
        shutil.copytree(FIXTURES_DIR, fixtures)
        record_path = fixtures / "pages" / "werkbezoek-sterker-nijmegen-2019.json"
        record = json.loads(record_path.read_text(encoding="utf-8"))
        record["intro"] += " Bijgewerkt bij de uitrol."
        record_path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")

        report = load_content(fixtures)

        self.assertEqual([p.pk for p in report.updated], [self.werkbezoek.pk])
        meta = page_meta(self.client, self.werkbezoek)
        self.assertIn(visited(date(2019, 7, 3)), meta)
        self.assertNotIn("Laatst bijgewerkt", meta)
        self.assertIn("Bijgewerkt bij de uitrol.", self.client.get(self.werkbezoek.url)
                      .content.decode())

    def test_an_editor_publishing_a_change_shows_laatst_bijgewerkt_today(self):
        editor = make_user("moderator")  # the redactie member who may publish
        admin = login(Client(), editor)
        page = self.interventie
        form = interventie_form(
            themas=page.themas.values_list("pk", flat=True), title=page.title, slug=page.slug,
            intro="Een wandeling met een vaste groep, elke ochtend.", date="2019-07-03",
        )
        form["action-publish"] = "action-publish"
        response = admin.post(f"/admin/pages/{page.pk}/edit/", form)
        self.assertEqual(response.status_code, 302, response.content[:2000])

        today = timezone.localdate()
        meta = page_meta(self.client, page)
        self.assertIn(published(date(2019, 7, 3)), meta)
        self.assertRegex(meta, rf'<dt>Laatst bijgewerkt</dt><dd><time datetime="{today:%Y-%m-%d}'
                               rf'T\d\d:\d\d:\d\d[+-]\d{{4}}">{dutch(today)}</time></dd>')

        # Atom: published stays the document's date, updated is the edit.
        root = ET.fromstring(self.client.get("/feed/atom/?type=interventie").content)
        entry = next(e for e in root.findall(f"{ATOM}entry")
                     if urlsplit(e.find(f"{ATOM}link").get("href")).path == page.url)
        self.assertEqual(datetime.fromisoformat(entry.findtext(f"{ATOM}published")).date(),
                         date(2019, 7, 3))
        self.assertEqual(datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).date(), today)

        # The next deploy's loader run changes nothing about that.
        load_content()
        self.assertIn("Laatst bijgewerkt", page_meta(self.client, page))

    def test_an_edit_late_in_the_evening_is_dated_in_dutch_time(self):
        # 23:30 UTC on 30 November is already 1 December in Amsterdam: the feed says the day a
        # Dutch reader saw the change, as the page does.
        moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
        InterventiePage.objects.filter(pk=self.interventie.pk).update(edited_at=moment)
        root = ET.fromstring(self.client.get("/feed/atom/?type=interventie").content)
        entry = next(e for e in root.findall(f"{ATOM}entry")
                     if urlsplit(e.find(f"{ATOM}link").get("href")).path == self.interventie.url)
        self.assertEqual(entry.findtext(f"{ATOM}updated"), "2026-12-01T00:30:00+01:00")
        meta = page_meta(self.client, self.interventie)
        self.assertIn('<dt>Laatst bijgewerkt</dt><dd><time datetime="2026-12-01T00:30:00+0100">'
                      f"{dutch(date(2026, 12, 1))}</time>", meta)

    def test_first_publication_by_an_editor_is_no_update(self):
        editor = make_user("moderator")
        admin = login(Client(), editor)
        index = self.interventie.get_parent()
        form = interventie_form(themas=self.interventie.themas.values_list("pk", flat=True),
                                date="2024-03-05")
        form["action-publish"] = "action-publish"
        response = admin.post(f"/admin/pages/add/voorbeelden/interventiepage/{index.pk}/", form)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        page = InterventiePage.objects.get(slug="netwerkcoach")
        self.assertTrue(page.live)
        meta = page_meta(self.client, page)
        self.assertIn(published(date(2024, 3, 5)), meta)
        self.assertNotIn("Laatst bijgewerkt", meta)

    def test_feed_items_carry_the_documents_dates(self):
        pages = {p.url: p for p in ContentPage.objects.live()}
        rss = ET.fromstring(self.client.get("/feed/").content)
        items = list(rss.iter("item"))
        self.assertTrue(items)
        for item in items:
            page = pages[urlsplit(item.findtext("link")).path]
            stamp = item.findtext("pubDate")
            if page.date is None:
                self.assertIsNone(stamp, page.url)
            else:
                self.assertEqual(parsedate_to_datetime(stamp).date(), page.date, page.url)
        newest = max(p.date for p in pages.values() if p.date)
        self.assertEqual(
            parsedate_to_datetime(rss.find("channel").findtext("lastBuildDate")).date(), newest)

        atom = ET.fromstring(self.client.get("/feed/atom/").content)
        entries = atom.findall(f"{ATOM}entry")
        self.assertTrue(entries)
        for entry in entries:
            page = pages[urlsplit(entry.find(f"{ATOM}link").get("href")).path]
            for name in ("published", "updated"):
                stamp = entry.findtext(f"{ATOM}{name}")
                if page.date is None:
                    self.assertIsNone(stamp, page.url)
                else:
                    self.assertEqual(datetime.fromisoformat(stamp).date(), page.date, page.url)

    def test_sitemap_csv_api_and_structured_data_agree(self):
        today = timezone.localdate()
        root = ET.fromstring(self.client.get("/sitemap.xml").content)
        lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
                   for u in root.iter(f"{SITEMAP}url")}
        lastmod = {urlsplit(loc).path: value for loc, value in lastmod.items()}
        self.assertEqual(lastmod[self.werkbezoek.url], "2019-07-03")
        self.assertIsNone(lastmod[self.undated.url])

        text = self.client.get("/werkbezoeken/?format=csv").content.decode("utf-8-sig")
        row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
        self.assertEqual((row["datum"], row["laatst_bijgewerkt"]), ("2019-07-03", ""))

        response = self.client.get("/api/v2/pages/?type=werkbezoek&fields=date,edited_at")
        self.assertEqual(response.status_code, 200, response.content)
        item = response.json()["items"][0]
        self.assertEqual((item["date"], item["edited_at"]), ("2019-07-03", None))

        html = self.client.get(self.undated.url).content.decode()
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                    html, re.S).group(1))
        self.assertNotIn("datePublished", data)
        self.assertNotIn("dateModified", data)

        overview = self.client.get("/werkbezoeken/").content.decode()
        self.assertNotIn(dutch(today), overview)


class ImportedDates(TestCase):
    def test_an_imported_document_keeps_its_own_date(self):
        setup_portal()
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        shutil.copy(next(seeds_dir().glob("003_*.txt")), folder / "werkbezoek-nijmegen-verslag.txt")
        editor = make_user("moderator")
        run_import([folder], publish=True, user=editor)
        page = ContentPage.objects.get(source_file__endswith="werkbezoek-nijmegen-verslag.txt")
        self.assertEqual(page.date, date(2019, 7, 3))
        meta = page_meta(self.client, page)
        self.assertIn(visited(date(2019, 7, 3)), meta)
        self.assertNotIn("Laatst bijgewerkt", meta)
