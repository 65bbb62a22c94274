"""The home page and the header as a visitor's browser gets them, through the test client:
the logo and the icons linked in the head and served, the self-hosted font, the call to
action for members, the themes (empty ones never first) and sections without a lonely card.
The browser side (layout, the font in use, axe) is tests/browser/test_home_browser.py."""

import re
from datetime import date
from urllib.parse import urljoin

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_page, make_site, make_thema

pytestmark = pytest.mark.django_db


def body_of(response):
    """The bytes of a response, also a streamed one (WhiteNoise streams static files)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, body_of(response)


@pytest.fixture
def home(client):
    make_site()
    return BeautifulSoup(client.get("/").content.decode(), "html.parser")


def test_favicon_ico_is_served_at_the_root(client):
    """Browsers, feed readers and bookmarks ask /favicon.ico whatever the head says."""
    response, body = fetch(client, "/favicon.ico")
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_the_head_links_an_svg_favicon_with_png_and_ico_fallbacks(client, home):
    svg = home.find("link", rel="icon", type="image/svg+xml")
    _, body = fetch(client, svg["href"])
    assert body.lstrip().startswith(b"<svg")
    ico = home.find("link", rel="icon", href="/favicon.ico")
    assert ico is not None and ico.get("sizes")
    touch = home.find("link", rel="apple-touch-icon")
    _, body = fetch(client, touch["href"])
    assert body[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_header_shows_the_svg_logo_with_the_portals_name(client, home):
    logo = home.select_one("header.site-header a.site-logo")
    assert logo["href"] == "/"
    image = logo.find("img")
    assert image["src"].endswith(".svg")
    assert "Kennisportaal sociaal werk & ggz" in image["alt"]
    assert image.get("width") and image.get("height")  # no layout shift while it loads
    _, body = fetch(client, image["src"])
    svg = body.decode()
    assert svg.lstrip().startswith("<svg") and "<title" in svg
    assert "<text" not in svg  # the name as outlines: the same in every browser
    assert "SW" not in logo.get_text()


def test_the_font_is_self_hosted_with_swap_and_a_system_fallback(client, home):
    css_links = [link["href"] for link in home.find_all("link", rel="stylesheet")]
    faces, family = [], ""
    for href in css_links:
        _, body = fetch(client, href)
        css = body.decode()
        for face in re.findall(r"@font-face\s*{[^}]*}", css):
            faces.append((href, face))
        body_rule = re.search(r"(?m)^body\s*{[^}]*font-family:\s*([^;]+);", css)
        if body_rule:
            family = body_rule.group(1)
    assert faces, "no @font-face in the site's stylesheets"
    assert family.startswith('"Source Sans 3"'), family
    assert "system-ui" in family and family.rstrip().endswith("sans-serif"), family
    for href, face in faces:
        assert "font-display: swap" in face, face
        url = re.search(r"url\(([^)]+)\)", face).group(1).strip("'\"")
        assert not url.startswith(("http:", "https:", "//")), url  # nothing third-party
        _, font = fetch(client, urljoin(href, url))
        assert font[:4] == b"wOF2", url
    preload = home.find("link", rel="preload", attrs={"as": "font"})
    assert preload is not None and preload.has_attr("crossorigin")
    fetch(client, preload["href"])
    _, licence = fetch(client, urljoin(preload["href"], "OFL.txt"))
    assert b"SIL OPEN FONT LICENSE Version 1.1" in licence


def test_members_get_a_button_to_share_their_practice(home):
    main = home.find("main")
    buttons = [a for a in main.find_all("a", class_="button")
               if a.get_text(strip=True) == "Deel uw praktijkvoorbeeld"]
    assert len(buttons) == 1
    assert buttons[0]["href"] == reverse("inzending_new")


def theme_counts(soup):
    return [(li.select_one(".thema-grid__name").get_text(strip=True),
             int(li.select_one(".thema-grid__count").get_text().split()[0]))
            for li in soup.select(".thema-grid li")]


def test_themes_without_live_pages_never_come_before_themes_with_pages(client):
    make_site()
    make_thema("Armoede", sort_order=0)  # first in the editors' order, but empty
    make_thema("Schulden", sort_order=1)
    make_page("interventie", "Schuldhulp in de wijk", themas=[make_thema("Schulden")])
    make_page("interventie", "Concept", themas=[make_thema("Armoede")], live=False)
    shown = theme_counts(BeautifulSoup(client.get("/").content.decode(), "html.parser"))
    assert shown and shown[0] == ("Schulden", 1), shown
    counts = [count for _, count in shown]
    assert counts == sorted(counts, key=lambda n: n == 0), shown  # empty ones, if any, last
    assert "0 pagina's" not in client.get("/").content.decode()


def card_sections(soup):
    """(heading, number of cards) of each section of the home page that shows cards."""
    return [(section.find(["h2", "h3"]).get_text(strip=True), len(section.select(".card")))
            for section in soup.select("main section") if section.select(".card")]


def test_no_section_shows_a_single_lonely_card(client):
    """As the real content is: many interventions, one lab, one werkbezoek, one
    handreiking, two articles. One section per type showed four single cards."""
    make_site()
    for n in range(5):
        make_page("interventie", f"Interventie {n}", date=date(2021, 1, 1 + n))
    make_page("lab", "Verdiwel Lab Noord", date=date(2021, 9, 23))
    make_page("werkbezoek", "Werkbezoek Nijmegen", date=date(2019, 7, 3))
    make_page("handreiking", "Handreiking netwerken", date=date(2014, 5, 1))
    make_page("artikel", "Oproep", date=date(2021, 5, 6))
    make_page("artikel", "Samen werken", date=None)
    soup = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    sections = card_sections(soup)
    assert len(sections) >= 2, sections
    assert all(count >= 2 for _, count in sections), sections
    # A row of three: the newest practice first, then what else is new.
    featured, recent = sections[0], sections[1]
    assert featured[1] == 3 and recent[1] == 3, sections
    titles = [a.get_text(strip=True) for a in soup.select("main .card__title a")]
    assert titles[:3] == ["Interventie 4", "Interventie 3", "Interventie 2"]
    assert titles[3:6] == ["Verdiwel Lab Noord", "Oproep", "Werkbezoek Nijmegen"]
    # Every type stays one click away, with how much it holds.
    types = {a["href"]: a.get_text(" ", strip=True) for a in soup.select(".type-links a")}
    assert types["/labs/"] == "Verdiwel Labs 1 pagina", types
    assert types["/interventies/"] == "Interventies en praktijkvoorbeelden 5 pagina's", types


def test_a_single_new_page_is_no_section_of_its_own(client):
    make_site()
    make_page("interventie", "Maatjesproject", date=date(2021, 1, 1))
    make_page("interventie", "Buurtkamer", date=date(2020, 1, 1))
    make_page("lab", "Enige lab", date=date(2019, 1, 1))
    soup = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    assert [count for _, count in card_sections(soup)] == [2]


def test_the_search_box_comes_first_in_the_content(home):
    main = home.find("main")
    form = main.find("form", role="search")
    assert form is not None and form["action"] == "/zoeken/"
    first_section = main.find("section")
    assert form in first_section.find_all("form")  # in the hero, above everything else
