"""Feeds (RSS and Atom) and CSV downloads follow the overview's filters."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

from django.urls import reverse

import pytest

from tests.conftest import module_data
from tests.factories import make_organisatie, make_page, make_site, make_thema
from voorbeelden.models import InterventiePage

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@module_data
def world():
    make_site()
    herstel, kwartier = make_thema("Herstel"), make_thema("Kwartiermaken")
    org = make_organisatie("Stimenz", place="Apeldoorn")
    make_page("interventie", "Herstelacademie", themas=[herstel], organisaties=[org],
              intro="Leren over herstel.", date=date(2021, 3, 1))
    make_page("lab", "Lab over herstel", themas=[herstel], date=date(2021, 9, 23))
    make_page("artikel", "Kwartier maken in de wijk", themas=[kwartier], date=date(2019, 1, 1))
    make_page("artikel", "Concept", themas=[herstel], live=False)
    return herstel, kwartier


def rss_titles(response):
    # application/xml, so that a browser applies the feed's stylesheet (feeds.py)
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert b'<?xml-stylesheet href="/static/feeds/feed.xsl"' in response.content
    root = ET.fromstring(response.content)
    return sorted(item.findtext("title") for item in root.iter("item"))


def test_site_feed_lists_all_live_pages(client, world):
    titles = rss_titles(client.get("/feed/"))
    assert titles == ["Herstelacademie (interventie)", "Kwartier maken in de wijk (artikel)",
                      "Lab over herstel (lab)"]


def test_feed_items_follow_the_filters(client, world):
    assert rss_titles(client.get("/feed/?type=interventie&type=lab&thema=herstel")) == [
        "Herstelacademie (interventie)", "Lab over herstel (lab)"]
    assert rss_titles(client.get("/feed/?organisatie=stimenz")) == [
        "Herstelacademie (interventie)"]
    assert rss_titles(client.get("/feed/?jaar=2019&thema=onbekend")) == [
        "Kwartier maken in de wijk (artikel)"]


def test_thema_feed_and_atom(client, world):
    assert rss_titles(client.get("/thema/herstel/feed/?type=lab")) == ["Lab over herstel (lab)"]
    response = client.get("/thema/kwartiermaken/feed/atom/")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert b'<?xml-stylesheet href="/static/feeds/feed.xsl"' in response.content
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Kwartier maken in de wijk (artikel)"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.startswith("http://testserver/artikelen/")
    assert client.get("/thema/bestaat-niet/feed/").status_code == 404


def test_item_carries_link_description_and_categories(client, world):
    root = ET.fromstring(client.get("/feed/?type=interventie").content)
    item = next(root.iter("item"))
    assert item.findtext("link").startswith("http://testserver/interventies/herstelacademie")
    assert item.findtext("description") == "Leren over herstel."
    assert [c.text for c in item.findall("category")] == ["Herstel"]
    assert "Interventies" in root.find("channel").findtext("title")


def test_overviews_link_their_feed_in_the_head(client, world):
    html = client.get("/interventies/?thema=herstel").content.decode()
    head = html.split("</head>")[0]
    assert 'type="application/rss+xml"' in head
    assert 'href="/feed/?thema=herstel&amp;type=interventie"' in head
    assert 'type="application/atom+xml"' in head


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    # Dutch Excel opens a CSV by double-click only right with ";" and a UTF-8 byte order mark.
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("titel;soort;url;")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_csv_of_a_filtered_type_overview(client, world):
    rows = read_csv(client.get("/interventies/?format=csv&thema=herstel"))
    assert [r["titel"] for r in rows] == ["Herstelacademie"]
    row = rows[0]
    assert row["organisaties"] == "Stimenz"
    assert row["themas"] == "Herstel"
    assert row["erkenningsniveau"] == "Niet beoordeeld"
    assert row["url"] == InterventiePage.objects.get(title="Herstelacademie").full_url
    assert read_csv(client.get("/artikelen/?format=csv&jaar=2020")) == []


def test_csv_of_a_thema_overview_with_filters(client, world):
    rows = read_csv(client.get("/thema/herstel/?format=csv&type=lab"))
    assert [(r["titel"], r["soort"]) for r in rows] == [("Lab over herstel", "Lab")]


def test_csv_neutralises_formulas(client, world):
    make_page("artikel", "=HYPERLINK(\"http://x\")", themas=[world[1]])
    rows = read_csv(client.get("/artikelen/?format=csv"))
    assert "'=HYPERLINK(\"http://x\")" in [r["titel"] for r in rows]


def test_download_link_keeps_the_filters(client, world):
    html = client.get(reverse("thema_detail", args=["herstel"]) + "?type=lab").content.decode()
    assert 'href="/thema/herstel/?type=lab&amp;format=csv"' in html
