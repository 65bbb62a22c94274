"""Cards stay quiet: three theme pills and "+n"; the page itself names every theme."""

import re

import pytest

from tests.factories import make_organisatie, make_page, make_site, make_thema

pytestmark = pytest.mark.django_db


def card_of(html, title):
    start = html.index(title)
    return html[html.rindex("<article", 0, start):html.index("</article>", start)]


def test_a_card_shows_three_themes_and_the_rest_as_a_count(client):
    make_site()
    themas = [make_thema(name) for name in ("Eenzaamheid", "Herstel", "Maatjes", "Preventie",
                                            "Stigma", "Participatie")]
    page = make_page("interventie", "Zes thema's", themas=themas)
    make_page("interventie", "Twee thema's", themas=themas[:2])
    listing = client.get(page.get_parent().url).content.decode()
    many = card_of(listing, "Zes thema&#x27;s")
    assert len(re.findall(r'class="tag"', many)) == 3
    assert '<span aria-hidden="true">+3</span>' in many
    assert "en 3 andere thema's" in many
    two = card_of(listing, "Twee thema&#x27;s")
    assert len(re.findall(r'class="tag"', two)) == 2 and "tag--more" not in two
    detail = client.get(page.url).content.decode()
    assert all(t.name in detail for t in themas)


def test_pages_without_a_date_come_last_on_every_database(client):
    # PostgreSQL sorts NULL first in a descending order; SQLite last.
    make_site()
    undated = make_page("interventie", "Zonder datum", date=None)
    make_page("interventie", "Met datum")
    listing = client.get(undated.get_parent().url).content.decode()
    assert listing.index("Met datum") < listing.index("Zonder datum")
    feed = client.get("/feed/atom/?type=interventie").content.decode()
    assert feed.index("Met datum") < feed.index("Zonder datum")


def test_an_organisation_names_its_place_once(client):
    make_site()
    gemeente = make_organisatie("Gemeente Nijmegen", place="Nijmegen",
                                website="https://www.nijmegen.nl/")
    stimenz = make_organisatie("Stimenz", place="Apeldoorn")
    page = make_page("werkbezoek", "Bezoek aan de wijk", organisaties=[gemeente, stimenz])
    detail = client.get(page.url).content.decode()
    assert ">Gemeente Nijmegen</a>" in detail
    text = re.sub(r"<[^>]+>", "", detail)  # as it reads, links and all
    assert "Gemeente Nijmegen (Nijmegen)" not in text
    assert "Stimenz (Apeldoorn)" in text


def test_related_pages_fill_one_row_of_three(client):
    # The card grid has three columns on a desktop: a fourth card stood alone below them.
    make_site()
    thema = make_thema("Herstel")
    page = make_page("artikel", "Het artikel", themas=[thema])
    for i in range(5):
        make_page("interventie", f"Verwant {i}", themas=[thema])
    detail = client.get(page.url).content.decode()
    related = detail[detail.index('<aside class="related"'):]
    related = related[:related.index("</aside>")]
    assert related.count("<article") == 3
