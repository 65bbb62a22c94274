"""The read-only API (only live public pages; filters by type, thema, organisatie),
sitemap.xml, robots.txt, Open Graph and JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

from wagtail.models import PageViewRestriction

import pytest

from tests.conftest import module_data
from tests.factories import make_organisatie, make_page, make_site, make_thema

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@module_data
def world():
    make_site()
    herstel, kwartier = make_thema("Herstel"), make_thema("Kwartiermaken")
    org = make_organisatie("Movisie", place="Utrecht", website="https://www.movisie.nl/")
    pages = {
        "interventie": make_page("interventie", "Herstelacademie", themas=[herstel],
                                 organisaties=[org], doelgroep="GGZ-cliënten",
                                 intro="Leren over <herstel>."),
        "lab": make_page("lab", "Lab herstel", themas=[herstel], date=date(2021, 9, 23),
                         vorm="online", locatie="Teams"),
        "werkbezoek": make_page("werkbezoek", "Werkbezoek Nijmegen", themas=[kwartier],
                                place="Nijmegen"),
        "artikel": make_page("artikel", "Artikel kwartier", themas=[kwartier], author="Ans"),
        "handreiking": make_page("handreiking", "Handreiking netwerken", themas=[herstel]),
        "draft": make_page("interventie", "Concept", themas=[herstel], live=False),
    }
    private = make_page("artikel", "Besloten", themas=[herstel])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    pages["private"] = private
    return pages


def api_titles(client, query):
    response = client.get("/api/v2/pages/" + query)
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


def test_api_lists_only_live_public_content_pages(client, world):
    titles = api_titles(client, "?type=voorbeelden.ArtikelPage")
    assert titles == ["Artikel kwartier"]
    assert client.get(f"/api/v2/pages/{world['draft'].pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{world['private'].pk}/").status_code == 404


def test_api_filters_by_type_thema_and_organisatie(client, world):
    assert api_titles(client, "?type=interventie") == ["Herstelacademie"]
    assert api_titles(client, "?thema=herstel&type=lab") == ["Lab herstel"]
    assert api_titles(client, "?thema=kwartiermaken") == ["Artikel kwartier",
                                                           "Werkbezoek Nijmegen"]
    assert api_titles(client, "?organisatie=movisie") == ["Herstelacademie"]
    assert api_titles(client, "?thema=herstel,kwartiermaken&type=artikel") == [
        "Artikel kwartier"]


def test_api_exposes_structured_fields(client, world):
    response = client.get("/api/v2/pages/?type=interventie&fields=*")
    item = response.json()["items"][0]
    assert item["doelgroep"] == "GGZ-cliënten"
    assert item["erkenningsniveau"] == "niet-beoordeeld"
    assert item["themas"] == [{"slug": "herstel", "name": "Herstel"}]
    assert item["organisaties"][0]["place"] == "Utrecht"


def test_api_without_type_lists_content_with_shared_fields(client, world):
    response = client.get("/api/v2/pages/?thema=kwartiermaken&fields=intro,themas,date")
    items = response.json()["items"]
    assert sorted(i["title"] for i in items) == ["Artikel kwartier", "Werkbezoek Nijmegen"]
    assert items[0]["themas"] == [{"slug": "kwartiermaken", "name": "Kwartiermaken"}]
    titles = api_titles(client, "?limit=20")
    assert "Kennisportaal sociaal werk & ggz" not in titles  # the home page is not content
    assert "Concept" not in titles and "Besloten" not in titles


def test_api_is_read_only(client, world):
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405
    assert client.get("/api/v2/pages/?onbekend=1").status_code == 400


def test_sitemap_lists_live_pages_and_themes(client, world):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locs = {url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")}
    # Pages and theme views alike carry the default Site's origin (PUBLIC_ORIGIN on deploy),
    # not the host the request came in on.
    site_root = world["interventie"].get_site().root_url
    assert world["interventie"].get_parent().full_url in locs
    assert f"{site_root}/thema/herstel/" in locs
    assert not any(loc.startswith("http://testserver/") for loc in locs)
    assert any("/interventies/herstelacademie" in loc for loc in locs)
    assert not any("concept" in loc or "besloten" in loc for loc in locs)


def test_robots_disallows_admin_and_search(client, settings):
    text = client.get("/robots.txt").content.decode()
    assert f"Disallow: /{settings.WAGTAIL_ADMIN_PATH}\n" in text
    assert "Disallow: /zoeken/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


@pytest.mark.parametrize("kind, schema_type", [
    ("interventie", "Article"), ("artikel", "Article"), ("handreiking", "Article"),
    ("lab", "Event"), ("werkbezoek", "Event"),
])
def test_pages_carry_json_ld_and_open_graph(client, world, kind, schema_type):
    page = world[kind]
    html = client.get(page.url).content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["name"] == page.title
    assert data["url"] == page.full_url
    assert f'<meta property="og:title" content="{page.title}">' in html
    assert f'<link rel="canonical" href="{page.full_url}">' in html
    assert "<title>" + page.title in html


def test_json_ld_is_escaped_and_typed(client, world):
    html = client.get(world["interventie"].url).content.decode()
    assert "Leren over <herstel>" not in html.split("application/ld+json")[1].split("</script>")[0]
    assert json_ld(html)["description"] == "Leren over <herstel>."
    lab = json_ld(client.get(world["lab"].url).content.decode())
    assert lab["startDate"] == "2021-09-23"
    assert lab["location"]["@type"] == "VirtualLocation"
    home = json_ld(client.get("/").content.decode())
    assert home["@type"] == "Organization"
