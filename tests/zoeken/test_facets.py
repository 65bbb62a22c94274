"""The search page offers every overview filter, counted exactly as the overviews count
them (one facet definition), on the database backend and on the real engine."""

from datetime import date

import pytest

from tests.conftest import module_data
from tests.factories import make_organisatie, make_page, make_regio, make_site, make_thema
from tests.zoeken.conftest import refresh

pytestmark = pytest.mark.django_db

SHARED = ("thema", "regio", "organisatie", "jaar", "doelgroep", "erkenningsniveau")


@module_data
def world():
    make_site()
    kwartier, herstel = make_thema("Kwartiermaken"), make_thema("Herstel")
    stimenz, kwadraad = make_organisatie("Stimenz"), make_organisatie("Kwadraad")
    regio = make_regio("Gelderland")
    make_page("interventie", "Maatjesproject", themas=[kwartier], organisaties=[stimenz],
              doelgroep="Mensen met psychische problemen", erkenningsniveau="goed-beschreven",
              date=date(2020, 5, 1))
    make_page("interventie", "Herstelacademie", themas=[herstel], regios=[regio],
              organisaties=[stimenz, kwadraad], doelgroep="Jongeren in de wijk",
              date=date(2021, 3, 1))
    make_page("interventie", "Buurtkamer", themas=[herstel], doelgroep="Ouderen",
              date=date(2021, 6, 1))
    make_page("lab", "Lab herstel", themas=[herstel], organisaties=[kwadraad],
              date=date(2019, 9, 23))
    make_page("interventie", "Concept", themas=[herstel], organisaties=[stimenz], live=False)


def groups(response):
    return {g.param: {o.value: o.count for o in g.options}
            for g in response.context["filters"].groups}


def search(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return sorted(p.title for p in response.context["items"].object_list)


def check_same_counts_as_overviews(client):
    # The interventions overview and a search narrowed to interventions: the same pages.
    overview = groups(client.get("/interventies/"))
    found = groups(search(client, type="interventie"))
    for param in SHARED:
        assert found.get(param) == overview.get(param), param
    assert found["organisatie"] == {"kwadraad": 1, "stimenz": 2}
    assert found["jaar"] == {"2021": 2, "2020": 1}
    assert found["doelgroep"] == {"ggz": 1, "jongeren": 1, "ouderen": 1, "wijkbewoners": 1}
    # A theme page and a search for the same theme (the theme's own counts differ by
    # design: the search counts every theme, the theme page the ones beside it).
    overview = groups(client.get("/thema/herstel/", {"organisatie": "kwadraad"}))
    found = groups(search(client, thema="herstel", organisatie="kwadraad"))
    for param in ("type", "regio", "organisatie", "jaar"):
        assert found.get(param) == overview.get(param), param
    assert found["type"] == {"interventie": 1, "lab": 1}


def check_new_filters_narrow(client):
    html = search(client, q="herstel").content.decode()
    for field in ("organisatie", "jaar"):
        assert f'name="{field}"' in html  # offered with words too
    assert titles(search(client, organisatie="kwadraad")) == ["Herstelacademie", "Lab herstel"]
    assert titles(search(client, jaar="2021")) == ["Buurtkamer", "Herstelacademie"]
    assert titles(search(client, jaar=["2019", "2020"])) == ["Lab herstel", "Maatjesproject"]
    assert titles(search(client, doelgroep="ouderen")) == ["Buurtkamer"]
    assert titles(search(client, organisatie="stimenz", jaar="2021")) == ["Herstelacademie"]
    response = search(client, type="interventie", doelgroep=["ggz", "jongeren"])
    assert titles(response) == ["Herstelacademie", "Maatjesproject"]
    assert 'name="doelgroep" value="ouderen"' in response.content.decode()


def check_unknown_values_ignored(client):
    response = search(client, organisatie=["bestaat-niet", "<b>"], jaar=["1850", "abc"],
                      doelgroep="x" * 300)
    assert response.context["params"].selection == {}
    assert response.context["outcome"].page is None  # nothing chosen: the start page
    response = search(client, organisatie=["bestaat-niet", "stimenz"], jaar="tweeduizend")
    assert response.context["params"].selection == {"organisatie": ["stimenz"]}
    assert titles(response) == ["Herstelacademie", "Maatjesproject"]


def test_database_offers_overview_filters_with_the_overviews_counts(world, client):
    check_same_counts_as_overviews(client)


def test_database_new_filters_narrow(world, client):
    check_new_filters_narrow(client)


def test_database_unknown_values_ignored(world, client):
    check_unknown_values_ignored(client)


def test_doelgroep_and_erkenningsniveau_only_once_type_is_interventie(world, client):
    found = groups(search(client, q="herstel"))
    assert "doelgroep" not in found and "erkenningsniveau" not in found
    assert "doelgroep" in groups(search(client, q="herstel", type="interventie"))


@pytest.mark.search_engine
def test_engine_offers_overview_filters_with_the_overviews_counts(world, use_engine, client):
    refresh(use_engine)
    check_same_counts_as_overviews(client)
    assert search(client, type="interventie").context["outcome"].used_engine


@pytest.mark.search_engine
def test_engine_new_filters_narrow_and_unknown_values_ignored(world, use_engine, client):
    refresh(use_engine)
    check_new_filters_narrow(client)
    check_unknown_values_ignored(client)
    assert search(client, organisatie="kwadraad").context["outcome"].used_engine
