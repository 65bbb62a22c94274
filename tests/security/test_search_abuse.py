"""Hostile search requests: nobody can switch search off for everyone, a long query costs
a bounded amount, and pages behind a view restriction leak nothing through search.

- Page numbers past the engine's result window made the engine refuse the request (a
  4xx) and the portal took that as "engine down" for everyone for 30 s. Only
  connection errors, timeouts and 5xx may do that; the page number is clamped.
- Snippet matching was quadratic in the matching words of a page. Its cost is counted
  here in bytecode instructions (``sys.settrace``), deterministic, never in seconds.
- Totals, facet counts and "Bedoelde u" came from every live page, also those only
  logged-in users or groups may see.
"""

import sys

from django.core.cache import cache

from wagtail.models import PageViewRestriction

import pytest

from tests.conftest import module_data
from tests.factories import make_page, make_regio, make_site, make_thema
from tests.zoeken.conftest import dead_engine, refresh, use_engine  # noqa: F401 - fixtures used below
from voorbeelden.models import InterventiePage
from zoeken import fallback
from zoeken.highlighting import snippet

pytestmark = pytest.mark.django_db

OUTAGE = "niet bereikbaar"


@pytest.fixture(autouse=True)
def _clear_cache():
    # The engine-down memo and the "Bedoelde u" vocabulary live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def engine(request):
    """The real engine (tests/zoeken/conftest.py ``use_engine``), index built."""
    return request.getfixturevalue("use_engine")


@pytest.fixture
def closed_port_engine(request):
    """An engine URL on a closed loopback port: a real refused connection."""
    return request.getfixturevalue("dead_engine")


@module_data
def pages():
    make_site()
    herstel = make_thema("Herstel")
    geheim_thema = make_thema("Verborgenthema")
    geheim_regio = make_regio("Verborgenregio")
    public = [make_page("artikel", f"Zorg in de wijk {i}", themas=[herstel],
                        intro="Samen zorgen voor elkaar in de buurt.")
              for i in range(3)]
    # Visible only to logged-in users: its words, theme and region must not show anywhere.
    private = make_page("interventie", "Geheimzinnigewoord zorg", themas=[geheim_thema],
                        regios=[geheim_regio], intro="Zorg achter een login.",
                        erkenningsniveau="goed-onderbouwd")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"public": public, "private": private}


def search(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    return response, response.content.decode()


# --- the engine: a refused request is not an outage ------------------------------------

@pytest.mark.search_engine
def test_page_past_the_window_does_not_switch_the_engine_off(pages, engine, client):
    refresh(engine)
    for _ in range(4):
        response, html = search(client, q="zorg", pagina="1002")
        outcome = response.context["outcome"]
        assert outcome.used_engine and OUTAGE not in html
        assert outcome.page.number == 1  # the last real page
        assert "Pagina 1002 bestaat niet" in html and "laatste pagina" in html
    response, html = search(client, q="zorg")
    assert response.context["outcome"].used_engine
    assert response.context["outcome"].notice is None and OUTAGE not in html
    health = client.get("/health/")
    assert health.status_code == 200 and health.json()["checks"]["search"]["ok"]


@pytest.mark.search_engine
def test_a_request_the_engine_refuses_does_not_mark_it_down(pages, engine, client):
    # A real 400 from the engine (from + size past index.max_result_window).
    index = engine.get_index_for_model(InterventiePage).name

    def refused(backend):
        return backend.es.search(index=index, body={"from": 20_000, "size": 10})

    result, notice, used_engine = fallback.with_fallback(refused, lambda b: "database")
    assert result == "database" and not used_engine  # this request: the database answers
    assert not cache.get(fallback.ENGINE_DOWN_KEY)
    _result, _notice, used_engine = fallback.with_fallback(lambda b: "engine", lambda b: "db")
    assert used_engine  # the next visitor still gets the engine
    response, html = search(client, q="zorg")
    assert response.context["outcome"].used_engine and OUTAGE not in html


@pytest.mark.search_engine
def test_unreachable_engine_still_marks_down_and_falls_back(pages, closed_port_engine, client):
    response, html = search(client, q="zorg")
    assert not response.context["outcome"].used_engine and OUTAGE in html
    assert cache.get(fallback.ENGINE_DOWN_KEY)  # the next visitors skip the dead engine
    assert client.get("/health/").status_code == 503  # and health says so


# --- page numbers: clamped, in Dutch, never a 500 -----------------------------------------

@pytest.mark.parametrize("pagina", ["1002", "1001", "999999999999999999999"])
def test_page_past_the_window_on_the_database_gives_the_last_page(pages, client, pagina):
    response, html = search(client, q="zorg", pagina=pagina)
    assert response.context["outcome"].page.number == 1
    assert "bestaat niet" in html and "laatste pagina" in html


def test_page_past_the_window_is_never_asked_of_a_backend(pages, client, monkeypatch):
    from zoeken import query

    asked = []
    real = query.database_search

    def recording(backend, q, selection, sort, start, size):
        asked.append(start + size)
        return real(backend, q, selection, sort, start, size)

    monkeypatch.setattr(query, "database_search", recording)
    search(client, q="zorg", pagina="1002")
    assert max(asked) <= query.MAX_RESULT_WINDOW


# --- long queries: bounded cost ----------------------------------------------------------

HOSTILE_QUERY = " ".join(f"w{i:02d}" for i in range(50))[:200]  # 50 distinct terms


@pytest.mark.parametrize("length", [200, 2000])
def test_long_queries_answer_with_a_dutch_note(pages, client, length):
    q = (HOSTILE_QUERY + " ") * (length // 200)
    response, html = search(client, q=q[:length])
    assert "Traceback" not in html
    assert "ingekort" in html  # the visitor is told only the first words were searched


def bytecode_instructions(fn):
    """Python bytecode instructions executed while ``fn`` runs: a deterministic measure
    of work (a loop inside a generator expression counts at every step). Also used by
    bench/hostile_search.py."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if event == "call":
            frame.f_trace_opcodes = True
        elif event == "opcode":
            count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count


def _snippet_cost(n_words):
    # Every word of the page matches a query term: the worst case for the window search.
    intro = " ".join(f"w{i % 50:02d}xyz" for i in range(n_words))
    page = InterventiePage(title="Lange pagina", intro=intro)
    return bytecode_instructions(lambda: snippet(page, HOSTILE_QUERY))


def test_snippet_cost_is_linear_in_page_length():
    n = 200
    cost_n, cost_2n = _snippet_cost(n), _snippet_cost(2 * n)
    # Linear: doubling the page at most doubles the work (generous margin); quadratic is ~4x.
    assert cost_2n <= 2.5 * cost_n, (cost_n, cost_2n)


# --- view-restricted pages: nothing through search ---------------------------------------

def _facet_values(response):
    return {o.value for f in response.context["facets"] for o in f.options}


def _assert_private_page_invisible(client):
    response, html = search(client, q="geheimzinnigewoord")
    assert response.context["outcome"].total == 0
    response, html = search(client, q="zorg")
    assert response.context["outcome"].total == 3
    values = _facet_values(response)
    assert "verborgenthema" not in values and "verborgenregio" not in values
    assert "goed-onderbouwd" not in values and "interventie" not in values
    response, html = search(client, type="interventie")  # facets alone, no words
    assert response.context["outcome"].total == 0
    # A typo close to the private page's word gets no suggestion that reveals it.
    response, html = search(client, q="geheimzinnigewoorx")
    assert response.context["suggestion"] is None
    assert "geheimzinnigewoord" not in html.replace("geheimzinnigewoorx", "")


def test_view_restricted_page_leaks_nothing_on_the_database(pages, client):
    _assert_private_page_invisible(client)


@pytest.mark.search_engine
def test_view_restricted_page_leaks_nothing_on_the_engine(pages, engine, client):
    refresh(engine)
    response, _html = search(client, q="zorg")
    assert response.context["outcome"].used_engine
    _assert_private_page_invisible(client)
