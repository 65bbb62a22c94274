"""The search page on the real engine: Dutch analysis, synonyms, facets, indexing, fallback."""

from django.core.management import call_command

import pytest

from tests.factories import make_page, make_regio, make_site, make_thema
from tests.zoeken.conftest import refresh
from voorbeelden.models import InterventiePage
from zoeken.models import Synoniem
from zoeken.synonyms import concrete_indices

pytestmark = [pytest.mark.search_engine, pytest.mark.django_db]


def titles(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.notice is None, outcome.notice  # the engine answered, not the fallback
    assert outcome.used_engine
    return [p.title for p in outcome.page.object_list] if outcome.page else []


@pytest.fixture
def pages(db):
    make_site()
    maatjes = make_thema("Maatjes", synonyms="buddy\nmaatjesproject")
    herstel = make_thema("Herstel")
    nijmegen = make_regio("Nijmegen")
    return {
        "maatjes": make_page(
            "interventie", "Het maatjesproject van Stimenz", themas=[maatjes],
            regios=[nijmegen], intro="Vrijwilligers trekken op met cliënten.",
            erkenningsniveau="goed-beschreven"),
        "ggz": make_page("artikel", "Samenwerken met de geestelijke gezondheidszorg",
                         themas=[herstel], intro="Over afstemming in de wijk."),
        "eenzaam": make_page("lab", "Sociaal isolement doorbreken", themas=[herstel],
                             intro="Wat helpt tegen alleen zijn."),
        "kwartier": make_page("werkbezoek", "Kwartiermaken in Oss", themas=[herstel],
                              intro="Een verwelkomende wijk."),
        "gemeenten": make_page("handreiking", "Handreiking voor gemeenten",
                               themas=[maatjes], intro="Wat gemeenten kunnen doen."),
    }


def test_dutch_stemming_folding_and_compounds(pages, use_engine, client):
    refresh(use_engine)
    assert "Handreiking voor gemeenten" in titles(client, q="gemeente")  # stemming
    assert "Het maatjesproject van Stimenz" in titles(client, q="clienten")  # ascii folding
    assert "Het maatjesproject van Stimenz" in titles(client, q="maatjes")  # compound split
    assert "Het maatjesproject van Stimenz" in titles(client, q="project")


def test_seeded_synonyms_apply(pages, use_engine, client):
    refresh(use_engine)
    assert "Samenwerken met de geestelijke gezondheidszorg" in titles(client, q="ggz")
    assert "Sociaal isolement doorbreken" in titles(client, q="eenzaamheid")
    assert "Kwartiermaken in Oss" in titles(client, q="kwartiermaker")
    assert "Het maatjesproject van Stimenz" in titles(client, q="buddy")


def test_editor_synonym_reaches_index_without_rebuild(pages, use_engine, client,
                                                      django_capture_on_commit_callbacks):
    refresh(use_engine)
    before = concrete_indices(use_engine, use_engine.get_index_for_model(InterventiePage).name)
    assert "Kwartiermaken in Oss" not in titles(client, q="welkomstcultuur")
    with django_capture_on_commit_callbacks(execute=True):
        Synoniem.objects.create(terms="welkomstcultuur, kwartiermaken")
    assert "Kwartiermaken in Oss" in titles(client, q="welkomstcultuur")
    # Same index, no rebuild.
    assert concrete_indices(use_engine,
                            use_engine.get_index_for_model(InterventiePage).name) == before


def test_facets_count_and_combine(pages, use_engine, client):
    refresh(use_engine)
    response = client.get("/zoeken/", {"q": "wijk maatjesproject gemeenten isolement"})
    facets = {f.key: {o.value: o.count for o in f.options} for f in response.context["facets"]}
    assert facets["thema"] == {"maatjes": 2, "herstel": 3}
    assert facets["regio"] == {"nijmegen": 1}
    assert facets["erkenningsniveau"] == {"goed-beschreven": 1}
    assert titles(client, q="wijk maatjesproject gemeenten isolement", thema="maatjes",
                  type="handreiking") == ["Handreiking voor gemeenten"]
    both = titles(client, q="wijk maatjesproject gemeenten isolement",
                  thema=["maatjes", "herstel"])
    assert len(both) == 5


def test_publish_unpublish_move_delete_update_index(pages, use_engine, client):
    page = make_page("interventie", "Zeldzaamwoord interventie", themas=[make_thema()])
    refresh(use_engine)
    assert titles(client, q="zeldzaamwoord") == ["Zeldzaamwoord interventie"]

    page.title = "Anderwoord interventie"
    page.save_revision().publish()
    refresh(use_engine)
    assert titles(client, q="anderwoord") == ["Anderwoord interventie"]

    page.unpublish()
    refresh(use_engine)
    assert titles(client, q="anderwoord") == []

    page.save_revision().publish()
    page.move(pages["maatjes"].get_parent(), pos="last-child")
    refresh(use_engine)
    assert titles(client, q="anderwoord") == ["Anderwoord interventie"]

    page.delete()
    refresh(use_engine)
    assert titles(client, q="anderwoord") == []


def test_update_index_rebuilds_atomically(pages, use_engine, client):
    alias = use_engine.get_index_for_model(InterventiePage).name
    before = concrete_indices(use_engine, alias)
    call_command("update_index", backend_name="default", verbosity=0)
    after = concrete_indices(use_engine, alias)
    assert use_engine.es.indices.exists_alias(name=alias)
    assert before != after and len(after) == 1  # a new index behind the same alias
    assert "Het maatjesproject van Stimenz" in titles(client, q="maatjes")


def test_engine_down_falls_back_to_database(pages, dead_engine, client, caplog):
    response = client.get("/zoeken/", {"q": "maatjesproject"})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert "niet bereikbaar" in outcome.notice
    assert not outcome.used_engine
    assert "niet bereikbaar" in response.content.decode()
    assert any("database als terugval" in r.getMessage() for r in caplog.records)
    # Publishing still works while the engine is down.
    page = make_page("artikel", "Gepubliceerd tijdens storing")
    assert page.live
    assert client.get("/zoeken/suggesties/", {"q": "gepubliceerd"}).json()["suggestions"]
