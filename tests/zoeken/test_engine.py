"""The search page on the real engine: Dutch analysis, synonyms, facets, indexing, fallback."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.conftest import module_data
from tests.factories import make_page, make_regio, make_site, make_thema
from tests.zoeken.conftest import refresh
from voorbeelden.models import InterventiePage
from voorbeelden.models.base import SNIPPET_FIELDS
from zoeken import query, suggestions
from zoeken.analysis import COMPOUND_WORDS
from zoeken.models import Synoniem
from zoeken.synonyms import concrete_indices
from zoeken.terms import Dictionary

pytestmark = [pytest.mark.search_engine, pytest.mark.django_db]


def titles(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert outcome.notice is None, outcome.notice  # the engine answered, not the fallback
    assert outcome.used_engine
    return [p.title for p in outcome.page.object_list] if outcome.page else []


@module_data
def pages():
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


def facet_counts(client, **params):
    response = client.get("/zoeken/", params)
    return {f.param: {o.value: o.count for o in f.options} for f in response.context["facets"]}


def test_facets_count_and_combine(pages, use_engine, client):
    refresh(use_engine)
    # A facet counts with the other facets' choices applied, not its own.
    facets = facet_counts(client, thema="maatjes")
    assert facets["thema"] == {"maatjes": 2, "herstel": 3}
    assert facets["regio"] == {"nijmegen": 1}
    assert facets["type"] == {"interventie": 1, "handreiking": 1}
    # The intervention-only filters appear once the type is narrowed, as on overviews.
    assert "erkenningsniveau" not in facets
    assert facet_counts(client, thema="maatjes", type="interventie")["erkenningsniveau"] == {
        "goed-beschreven": 1}
    assert titles(client, thema="maatjes", type="handreiking") == ["Handreiking voor gemeenten"]
    assert len(titles(client, thema=["maatjes", "herstel"])) == 5
    # With words, the counts are those of the matching pages.
    assert facet_counts(client, q="wijk")["thema"] == {"herstel": 2}
    assert sorted(titles(client, q="wijk", thema="herstel", type="artikel")) == [
        "Samenwerken met de geestelijke gezondheidszorg"]


def test_total_and_counts_include_pages_matched_only_in_boosted_fields(
        pages, use_engine, client):
    # "Stimenz" is only in a title (a boosted field); the counts search uses _all_text.
    refresh(use_engine)
    response = client.get("/zoeken/", {"q": "stimenz"})
    assert response.context["outcome"].total == 1
    facets = {f.param: {o.value: o.count for o in f.options} for f in response.context["facets"]}
    assert facets["thema"] == {"maatjes": 1}


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


def test_pages_past_the_engine_window_give_the_last_reachable_page(pages, use_engine, client,
                                                                    monkeypatch):
    # The engine hands out MAX_RESULT_WINDOW hits (10,000 in production); 20 here.
    monkeypatch.setattr(query, "MAX_RESULT_WINDOW", 20)
    for i in range(25):
        make_page("artikel", f"Vensterpagina {i}", revision=False)
    use_engine.get_index_for_model(InterventiePage).refresh()
    response = client.get("/zoeken/", {"q": "vensterpagina", "pagina": "3"})
    outcome = response.context["outcome"]
    assert outcome.used_engine and outcome.notice is None  # not an engine error + fallback
    assert outcome.total == 25  # the count stays exact
    assert outcome.page.number == 2
    assert len(outcome.page.object_list) == 10


def index_settings(backend, name):
    return next(iter(backend.es.indices.get_settings(index=name).values()))["settings"]["index"]


def test_rebuild_fills_new_index_in_bulk_mode_while_old_one_serves(pages, use_engine, client):
    alias = use_engine.get_index_for_model(InterventiePage)
    before = concrete_indices(use_engine, alias.name)
    rebuilder = use_engine.rebuilder_class(alias)
    new = rebuilder.start()
    new.add_model(InterventiePage)
    new.add_items(InterventiePage, list(InterventiePage.get_indexed_objects()))
    # Filling: no periodic refresh, no replicas; visitors still search the old index.
    assert index_settings(use_engine, new.name)["refresh_interval"] == "-1"
    assert index_settings(use_engine, new.name)["number_of_replicas"] == "0"
    assert concrete_indices(use_engine, alias.name) == before
    assert "Het maatjesproject van Stimenz" in titles(client, q="maatjes")

    rebuilder.finish()
    assert concrete_indices(use_engine, alias.name) == [new.name]
    assert "refresh_interval" not in index_settings(use_engine, new.name)  # the default again
    assert "Het maatjesproject van Stimenz" in titles(client, q="maatjes")  # refreshed


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


def test_snippets_come_from_the_engines_highlighter_escaped(pages, use_engine, client):
    make_page("artikel", "Veilige weergave", intro="<script>alert(1)</script> over een buddy")
    refresh(use_engine)
    response = client.get("/zoeken/", {"q": "buddy"})
    outcome = response.context["outcome"]
    assert outcome.used_engine
    snippets = {p.title: str(p.search_snippet) for p in outcome.page.object_list}
    # The seeded synonyms (maatje, buddy, vrijwilliger) reach the snippet: the engine's
    # analyzer marks "Vrijwilligers"; a Python prefix match on "buddy" could not.
    assert "<mark>Vrijwilligers</mark>" in snippets["Het maatjesproject van Stimenz"]
    assert "&lt;script&gt;" in snippets["Veilige weergave"]
    assert "<script>" not in response.content.decode()


def test_snippet_fields_index_their_offsets(pages, use_engine):
    """The highlighter reads where a word is from the index (no analysis per hit)."""
    name = use_engine.get_index_for_model(InterventiePage).name
    response = use_engine.es.indices.get_mapping(index=name)
    properties = next(iter(dict(response).values()))["mappings"]["properties"]
    columns = query.snippet_columns(use_engine)
    assert len(columns) >= len(SNIPPET_FIELDS)
    assert {c: properties[c].get("index_options") for c in columns} == dict.fromkeys(
        columns, "offsets")


def test_a_warm_engine_search_asks_the_database_nothing(pages, use_engine,
                                                        django_assert_num_queries):
    """Labels of the facet values and the private sections come from the cache."""
    refresh(use_engine)
    selection = {"thema": ["maatjes"], "regio": ["nijmegen"]}
    query.engine_search(use_engine, "maatje", selection, "relevantie", 0, 10)
    with django_assert_num_queries(0):
        hits = query.engine_search(use_engine, "maatje", selection, "relevantie", 0, 10)
    assert hits.ids == [pages["maatjes"].pk]
    assert hits.counts["thema"]["maatjes"] == ("Maatjes", 1)


@pytest.mark.parametrize("word, expected, left_out", [
    # "werk" sits inside "netwerk": on nearly every page, it only slowed the engine down
    ("netwerkcoaches", {"netwerk", "coach"}, {"werk"}),
    ("maatjesprojecten", {"maatjes", "projecten"}, {"maatje", "project"}),
    ("harderwijk", {"wijk"}, set()),
])
def test_a_querys_compound_parts_are_the_longest_known_words(word, expected, left_out):
    # The built-in word list only: the database's synonyms and theme names add words.
    parts = set(query.compound_parts(word, Dictionary(COMPOUND_WORDS)))
    assert expected <= parts
    assert not parts & left_out


def fields_of(body):
    """Every field list of the ``multi_match`` clauses in ``body``."""
    if isinstance(body, dict):
        found = [body["multi_match"]["fields"]] if "multi_match" in body else []
        return found + [f for value in body.values() for f in fields_of(value)]
    if isinstance(body, list):
        return [f for item in body for f in fields_of(item)]
    return []


@pytest.mark.parametrize("start", [0, 140])
def test_the_ranked_slice_is_found_on_one_field_and_ranked_again_with_the_boosts(
        pages, use_engine, start):
    # Scoring every match on the boosted field too took 4-5 times as long at 100,000 pages:
    # the matches are found on _all_text alone, and the best are ranked with the boosts.
    hits, _counts = query.engine_bodies(use_engine, "maatjes in de wijk", {}, "relevantie",
                                        start, 10)
    assert fields_of(hits["query"]) and all(f == ["_all_text"] for f in fields_of(hits["query"]))
    boosted, bonus = hits["rescore"]
    assert any(len(f) > 1 for f in fields_of(boosted["query"]["rescore_query"]))
    assert boosted["query"]["query_weight"] == 0  # in the window: the boosted score alone
    # Deep pages are ranked like the first: both windows reach the requested page's end.
    assert min(boosted["window_size"], bonus["window_size"]) >= start + 10



def test_the_search_pages_queries_do_not_grow_with_the_types_found(pages, use_engine, client):
    """A result shows what every content page has: its pages load as ContentPages, not as
    their specific types (two more queries for each type among the results)."""
    refresh(use_engine)
    counts = {}
    for q in ("Oss", "gemeenten vrijwilligers wijk isolement"):
        client.get("/zoeken/", {"q": q})  # warm: the facet labels, private sections
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/zoeken/", {"q": q})
        kinds = {p.type_label for p in response.context["outcome"].page.object_list}
        counts[q] = (len(ctx.captured_queries), len(kinds))
    assert counts["Oss"][1] == 1 and counts["gemeenten vrijwilligers wijk isolement"][1] >= 3
    assert counts["Oss"][0] == counts["gemeenten vrijwilligers wijk isolement"][0], counts


def test_a_search_that_finds_nothing_looks_for_a_correction_once(pages, use_engine, client,
                                                                 monkeypatch):
    """The correction and "Bedoelde u" are the same question when nothing was found: the
    vocabulary is scanned once, not again for the same answer."""
    refresh(use_engine)
    scans = []
    vocabulary = suggestions.vocabulary
    monkeypatch.setattr(suggestions, "vocabulary", lambda: scans.append(1) or vocabulary())
    response = client.get("/zoeken/", {"q": "qwxzyv"})
    assert response.context["outcome"].used_engine
    assert response.context["outcome"].total == 0
    assert response.context["suggestion"] is None
    assert len(scans) == 1
