"""Theme overviews: exactly the live pages of a theme, newest first, paginated."""

from datetime import date

import pytest

from tests.factories import make_page, make_site, make_thema
from tests.querycount import count_queries
from voorbeelden.importer.indexing import deferred_indexing
from voorbeelden.overzichten.listing import PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def themas():
    make_site()
    return make_thema("Kwartiermaken"), make_thema("Herstel")


def test_lists_exactly_the_live_pages_of_the_thema(client, themas):
    kwartier, herstel = themas
    old = make_page("interventie", "Oud voorbeeld", themas=[kwartier], date=date(2014, 1, 1))
    new = make_page("lab", "Nieuw lab", themas=[kwartier, herstel], date=date(2021, 9, 23))
    make_page("artikel", "Ander thema", themas=[herstel])
    make_page("werkbezoek", "Concept werkbezoek", themas=[kwartier], live=False)
    response = client.get("/thema/kwartiermaken/")
    assert response.status_code == 200
    items = list(response.context["items"])
    assert items == [new.contentpage_ptr, old.contentpage_ptr] or [i.pk for i in items] == [
        new.pk, old.pk]


def test_unpublished_page_disappears(client, themas):
    kwartier, _ = themas
    page = make_page("interventie", "Tijdelijk", themas=[kwartier])
    assert "Tijdelijk" in client.get("/thema/kwartiermaken/").content.decode()
    page.unpublish()
    assert "Tijdelijk" not in client.get("/thema/kwartiermaken/").content.decode()


def test_unknown_thema_is_a_dutch_404(client, themas):
    response = client.get("/thema/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


@pytest.mark.parametrize("raw, expected", [("abc", 1), ("0", 1), ("-3", 1), ("999", 2), ("2", 2)])
def test_bad_page_numbers_give_the_nearest_page(client, themas, raw, expected):
    kwartier, _ = themas
    for i in range(PAGE_SIZE + 1):
        make_page("interventie", f"Voorbeeld {i}", themas=[kwartier])
    response = client.get(f"/thema/kwartiermaken/?pagina={raw}")
    assert response.status_code == 200
    assert response.context["items"].number == expected


@pytest.mark.parametrize("url", ["/thema/kwartiermaken/", "/interventies/", "/"])
def test_query_count_does_not_grow_with_the_listing(client, themas, url):
    kwartier, herstel = themas
    with deferred_indexing():  # one bulk index update for the pages
        for i in range(10):
            make_page("interventie", f"A{i}", themas=[kwartier, herstel], revision=False)
    small = count_queries(client, url)
    with deferred_indexing():
        for i in range(190):
            make_page("interventie", f"B{i}", themas=[kwartier, herstel], revision=False)
    large = count_queries(client, url)
    assert large == small, (small, large)


def test_themes_index_lists_all_themes(client, themas):
    html = client.get("/thema/").content.decode()
    assert "Kwartiermaken" in html and "Herstel" in html
