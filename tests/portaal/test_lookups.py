"""Per-generation lookups (portaal/lookups.py) and the overview's own theme prefetch: fewer
queries per page view, and never an outdated site, thema or private section."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

import pytest

from portaal.cache import HEADER
from tests.factories import make_page, make_site, make_thema

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_a_warm_overview_makes_no_query_and_a_publish_shows_at_once(client):
    make_site()
    thema = make_thema("Eenzaamheid")
    for i in range(3):
        make_page("interventie", f"Maatjesproject {i}", themas=[thema])
    client.get("/thema/eenzaamheid/")
    html, sql = queries(client, "/thema/eenzaamheid/")
    assert "Maatjesproject 2" in html
    # Site, thema, view restrictions, counts, menu, theme links, the page of results and
    # the cards come from the cache.
    assert sql == []
    # Another filter is another listing: its own rows, only as many as there are.
    html, sql = queries(client, "/thema/eenzaamheid/?type=interventie")
    assert "Maatjesproject 0" in html
    assert any("ORDER BY" in q and "LIMIT 3" in q for q in sql), sql
    # A publish bumps the generation: the new page is listed on the next request.
    make_page("interventie", "Maatjesproject nieuw", themas=[thema])
    html, sql = queries(client, "/thema/eenzaamheid/")
    assert "Maatjesproject nieuw" in html
    assert any("LIMIT 4" in q for q in sql), sql


def test_cards_show_their_themes_in_the_themes_own_order(client):
    make_site()
    late = make_thema("Zingeving", sort_order=1)
    early = make_thema("Armoede", sort_order=9)
    early.sort_order, late.sort_order = 0, 5
    early.save()
    late.save()
    make_page("interventie", "Buurtkamer", themas=[late, early])
    html, _ = queries(client, "/thema/zingeving/")
    card = html[html.index("Buurtkamer"):]
    assert card.index(">Armoede<") < card.index(">Zingeving<")


def test_a_view_restriction_takes_a_page_off_the_cached_overview_at_once(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Openbaar voorbeeld", themas=[thema])
    secret = make_page("interventie", "Besloten voorbeeld", themas=[thema])
    assert "Besloten voorbeeld" in client.get("/thema/eenzaamheid/").content.decode()
    assert client.get("/thema/eenzaamheid/")[HEADER] == "hit"

    restriction = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    html = client.get("/thema/eenzaamheid/").content.decode()
    assert "Besloten voorbeeld" not in html
    assert "Openbaar voorbeeld" in html

    restriction.delete()
    assert "Besloten voorbeeld" in client.get("/thema/eenzaamheid/").content.decode()


def test_a_changed_site_is_used_at_once(client):
    make_site()
    client.get("/")
    html, sql = queries(client, "/")
    assert not any("wagtailcore_site" in q for q in sql)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Kennisportaal (test)"
    site.save()
    _, sql = queries(client, "/")
    assert any("wagtailcore_site" in q for q in sql)


def test_a_renamed_thema_shows_on_its_overview_at_once(client):
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Maatjesproject", themas=[thema])
    assert "<h1>Eenzaamheid</h1>" in client.get("/thema/eenzaamheid/").content.decode()
    thema.name = "Eenzaamheid en verbinding"
    thema.save()
    html = client.get("/thema/eenzaamheid/").content.decode()
    assert "<h1>Eenzaamheid en verbinding</h1>" in html
    thema.delete()
    assert client.get("/thema/eenzaamheid/").status_code == 404


def test_an_unknown_host_is_refused_before_any_lookup(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]  # the test settings allow every host
    make_site()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/thema/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    assert ctx.captured_queries == []


def test_an_unknown_host_is_no_cache_error_either(client, settings, caplog):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PAGE_CACHE_ENABLED = True
    make_site()
    assert client.get("/thema/", HTTP_HOST="aanvaller.example").status_code == 400
    assert not [r for r in caplog.records if r.name == "portaal.cache"]
