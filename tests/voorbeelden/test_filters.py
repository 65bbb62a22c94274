"""Filters on the overviews: exact results, counts, URL round trip, bad values ignored,
and a query count that does not depend on the length of the listing."""

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_organisatie, make_page, make_regio, make_site, make_thema
from tests.querycount import count_queries
from voorbeelden.importer.indexing import deferred_indexing

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    make_site()
    t = {
        "kwartier": make_thema("Kwartiermaken"),
        "herstel": make_thema("Herstel"),
        "eenzaam": make_thema("Eenzaamheid"),
    }
    org = make_organisatie("Stimenz")
    regio = make_regio("Gelderland")
    pages = {
        "a": make_page("interventie", "Maatjesproject", themas=[t["kwartier"]],
                       organisaties=[org], doelgroep="Mensen met psychische problemen",
                       erkenningsniveau="goed-beschreven", date=date(2020, 5, 1)),
        "b": make_page("interventie", "Herstelacademie", themas=[t["herstel"]],
                       regios=[regio], doelgroep="Jongeren in de wijk", date=date(2021, 3, 1)),
        "c": make_page("interventie", "Buurtkamer", themas=[t["eenzaam"], t["herstel"]],
                       doelgroep="Ouderen", date=date(2021, 6, 1)),
        "lab": make_page("lab", "Lab herstel", themas=[t["herstel"]], organisaties=[org],
                         date=date(2021, 9, 23)),
        "draft": make_page("interventie", "Concept", themas=[t["herstel"]], live=False),
    }
    return t, pages


def titles(response):
    return sorted(item.title for item in response.context["items"])


def options(response, param):
    for group in response.context["filters"].groups:
        if group.param == param:
            return {o.value: o.count for o in group.options}
    return {}


def test_thema_filter_combines_with_or_and_other_filters_with_and(client, world):
    response = client.get("/interventies/?thema=herstel&thema=kwartiermaken")
    assert titles(response) == ["Buurtkamer", "Herstelacademie", "Maatjesproject"]
    response = client.get("/interventies/?thema=herstel&jaar=2021&doelgroep=ouderen")
    assert titles(response) == ["Buurtkamer"]


def test_counts_follow_the_other_filters(client, world):
    response = client.get("/interventies/?jaar=2021")
    assert titles(response) == ["Buurtkamer", "Herstelacademie"]
    assert options(response, "thema") == {"herstel": 2, "eenzaamheid": 1}
    # A filter's own counts ignore its own choice, so the alternatives stay visible.
    assert options(response, "jaar") == {"2021": 2, "2020": 1}
    assert options(response, "doelgroep") == {"jongeren": 1, "ouderen": 1, "wijkbewoners": 1}
    assert options(response, "erkenningsniveau") == {"niet-beoordeeld": 2}


def test_regio_organisatie_erkenningsniveau(client, world):
    assert titles(client.get("/interventies/?regio=gelderland")) == ["Herstelacademie"]
    assert titles(client.get("/interventies/?organisatie=stimenz")) == ["Maatjesproject"]
    assert titles(client.get("/interventies/?erkenningsniveau=goed-beschreven")) == [
        "Maatjesproject"]
    assert titles(client.get("/labs/?organisatie=stimenz")) == ["Lab herstel"]


def test_thema_page_filters_by_type_and_shows_intervention_filters_for_interventions(
        client, world):
    response = client.get("/thema/herstel/")
    assert titles(response) == ["Buurtkamer", "Herstelacademie", "Lab herstel"]
    assert options(response, "type") == {"interventie": 2, "lab": 1}
    assert options(response, "erkenningsniveau") == {}
    response = client.get("/thema/herstel/?type=interventie")
    assert titles(response) == ["Buurtkamer", "Herstelacademie"]
    assert options(response, "doelgroep")
    assert options(response, "type") == {"interventie": 2, "lab": 1}


def test_bad_values_are_ignored(client, world):
    response = client.get(
        "/interventies/?thema=bestaat-niet&jaar=abc&jaar=99999&type=onzin&doelgroep=x"
        "&erkenningsniveau=%3Cscript%3E&pagina=zes"
    )
    assert response.status_code == 200
    assert titles(response) == ["Buurtkamer", "Herstelacademie", "Maatjesproject"]
    assert not response.context["filters"].is_active
    assert "<script>" not in response.content.decode()


def test_filtered_url_round_trips_through_the_form_and_the_links(client, world):
    response = client.get("/thema/herstel/?type=interventie&jaar=2021")
    html = response.content.decode()
    # The form is a GET form with the chosen boxes checked: submitting it repeats the URL.
    assert 'method="get"' in html
    assert 'name="type" value="interventie" id="f-type-1" checked' in html
    assert 'name="jaar" value="2021"' in html
    assert response.context["query_string"] == "type=interventie&jaar=2021"
    feed = urlsplit(response.context["feed_url"])
    assert feed.path == "/thema/herstel/feed/"
    assert parse_qs(feed.query) == {"type": ["interventie"], "jaar": ["2021"]}
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert "Alle filters wissen" in html and 'href="/thema/herstel/"' in html
    csv_url = urlsplit(response.context["csv_url"])
    assert parse_qs(csv_url.query)["format"] == ["csv"]


def test_pagination_keeps_the_filters(client, world):
    for i in range(13):
        make_page("interventie", f"Extra {i}", themas=[world[0]["kwartier"]])
    html = client.get("/interventies/?thema=kwartiermaken").content.decode()
    assert 'href="?thema=kwartiermaken&amp;pagina=2"' in html
    response = client.get("/interventies/?thema=kwartiermaken&pagina=2")
    assert response.context["items"].number == 2
    assert len(response.context["items"].object_list) == 2  # 14 results, 12 per page


def test_works_without_javascript_no_script_needed(client, world):
    html = client.get("/interventies/").content.decode()
    body = html.split("application/ld+json")[0].split("</head>")[-1]
    # The only scripts are the ones every page loads deferred (the search box's suggestions
    # and the header's menu); the filters are a plain form with a submit button.
    scripts = re.findall(r"<script[^>]*>", body)
    assert scripts == ['<script src="/static/zoeken/autocomplete.js" defer>',
                       '<script src="/static/js/header.js" defer>']
    assert '<button type="submit" class="button">Filters toepassen</button>' in html


LISTINGS = [
    "/interventies/", "/labs/", "/werkbezoeken/", "/artikelen/", "/handreikingen/",
    "/thema/kwartiermaken/",
    "/interventies/?thema=kwartiermaken&thema=herstel&jaar=2021&doelgroep=ggz&regio=gelderland",
    "/thema/kwartiermaken/?type=interventie&erkenningsniveau=niet-beoordeeld",
    "/feed/?thema=kwartiermaken", "/feed/atom/", "/interventies/?format=csv",
    "/thema/kwartiermaken/?format=csv",
]


def test_query_count_does_not_grow_with_the_listing(client):
    make_site()
    themas = [make_thema("Kwartiermaken"), make_thema("Herstel")]
    org, regio = make_organisatie("Stimenz"), make_regio("Gelderland")
    kinds = ["interventie", "lab", "werkbezoek", "artikel", "handreiking"]

    def add(n, prefix):
        with deferred_indexing():  # one bulk index update for the n pages
            for i in range(n):
                kind = kinds[i % 5]
                extra = {"doelgroep": "ggz"} if kind == "interventie" else {}
                make_page(kind, f"{prefix}{i}", themas=themas, organisaties=[org],
                          regios=[regio], date=date(2021, 1 + i % 12, 1), revision=False,
                          **extra)

    add(10, "A")
    small = {url: count_queries(client, url) for url in LISTINGS}
    add(190, "B")
    large = {url: count_queries(client, url) for url in LISTINGS}
    assert large == small
