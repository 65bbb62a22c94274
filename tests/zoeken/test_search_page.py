"""The search page on the database backend (the portal without an engine): what visitors do."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from portaal.settings.search import search_backends
from tests.conftest import free_port, module_data
from tests.factories import make_organisatie, make_page, make_regio, make_site, make_thema
from zoeken import fallback
from zoeken.models import Zoekvraag

pytestmark = pytest.mark.django_db


@module_data
def content():
    make_site()
    maatjes = make_thema("Maatjes")
    herstel = make_thema("Herstel")
    regio = make_regio("Nijmegen")
    pages = [make_page("interventie", f"Maatjes in de wijk {i}", themas=[maatjes],
                       intro="Vrijwilligers als maatje <script>alert(1)</script> in de wijk, "
                             "1 < 2 & meer.")
             for i in range(12)]
    pages.append(make_page("lab", "Herstel en maatjes", themas=[maatjes, herstel],
                           regios=[regio], intro="Een lab over herstel met een maatje."))
    return pages


def get(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    return response


def test_results_page_shows_type_themes_snippet_and_is_noindex_uncached(content, client):
    response = get(client, q="maatje")
    html = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"]
    assert "13 resultaten" in html
    assert "Interventie" in html and 'class="tag"' in html
    # Highlighted snippet: our <mark>, the page's own markup escaped.
    assert "<mark>maatje</mark>" in html
    assert "<script>alert" not in html
    assert "1 &lt; 2 &amp; meer" in html
    assert '<script src="/static/zoeken/autocomplete.js" defer></script>' in html


@pytest.mark.parametrize("q", [
    "", "de het een", "x" * 2000, '"maatjes', "maat*", "(wijk", "maatjes AND wijk",
    "title:maatjes", "maatjes)) OR ((", "\\", "%00", "wijk\x00",
])
def test_bad_input_gives_a_page_not_an_error(content, client, q):
    response = get(client, q=q)
    assert "Traceback" not in response.content.decode()


def test_only_stop_words_explains(content, client):
    assert "veelvoorkomende woorden" in get(client, q="de het een").content.decode()


def test_empty_query_asks_for_one(content, client):
    html = get(client).content.decode()
    assert "Typ een zoekvraag" in html
    assert "resultaten" not in html


def test_long_query_is_cut(content, client):
    response = get(client, q="maatje " * 400)
    assert len(response.context["params"].q) <= 200


@pytest.mark.parametrize("pagina,expected", [("99", 2), ("0", 1), ("-3", 1), ("abc", 1),
                                             ("2", 2)])
def test_bad_page_gives_nearest_page(content, client, pagina, expected):
    response = get(client, q="maatje", pagina=pagina)
    page = response.context["items"]
    assert page.number == expected
    assert len(page.object_list) == (10 if expected == 1 else 3)


def test_facets_have_counts_combine_and_stay_in_url(content, client):
    response = get(client, q="maatje")
    facets = {f.param: {o.value: o.count for o in f.options} for f in response.context["facets"]}
    assert facets["type"] == {"interventie": 12, "lab": 1}
    assert facets["thema"] == {"maatjes": 13, "herstel": 1}
    assert facets["regio"] == {"nijmegen": 1}
    # The overviews' filter form, keeping the words.
    html = response.content.decode()
    assert 'name="type" value="lab"' in html
    assert '<input type="hidden" name="q" value="maatje">' in html

    response = get(client, q="maatje", type="lab", thema=["maatjes", "herstel"])
    assert response.context["outcome"].total == 1
    html = response.content.decode()
    assert 'name="type" value="lab"' in html  # kept when the query changes
    # The type facet still offers the other type, counted with the theme filters applied.
    facets = {f.param: {o.value: o.count for o in f.options} for f in response.context["facets"]}
    assert facets["type"] == {"interventie": 12, "lab": 1}


def test_unknown_facet_values_are_ignored(content, client):
    response = get(client, q="maatje", thema="bestaat-niet", type="<b>", regio="x" * 500)
    assert response.context["params"].selection == {}
    assert response.context["outcome"].total == 13


def test_facets_without_query_browse_everything(content, client):
    response = get(client, thema="herstel")
    assert [p.title for p in response.context["items"].object_list] == ["Herstel en maatjes"]


def test_sort_by_date(content, client):
    newest = make_page("artikel", "Maatje nieuw", date=__import__("datetime").date(2030, 1, 1))
    response = get(client, q="maatje", sortering="datum")
    assert response.context["items"].object_list[0].pk == newest.pk
    assert get(client, q="maatje", sortering="onzin").context["params"].sort == "relevantie"


def test_a_misspelt_word_is_answered_for_its_correction(content, client):
    # No page has "maatej": the results are for "maatje", with a way back to the words as
    # typed, which then find nothing and offer the correction as "Bedoelde u".
    response = get(client, q="maatej")
    assert response.context["outcome"].corrected == "maatje"
    assert response.context["outcome"].total > 0
    assert "Resultaten voor <strong>maatje</strong>" in response.content.decode()
    literal = get(client, q="maatej", letterlijk="1")
    assert literal.context["outcome"].total == 0
    assert literal.context["suggestion"] == "maatje"
    assert 'Bedoelde u <a href="?q=maatje">maatje</a>?' in literal.content.decode()


def test_queries_are_counted_with_zero_results(content, client):
    get(client, q="Maatje")
    get(client, q="maatje")
    get(client, q="onvindbaarwoord")
    assert Query.get("maatje").hits == 2
    assert Zoekvraag.objects.get(query_string="maatje").searches == 2
    missed = Zoekvraag.objects.get(query_string="onvindbaarwoord")
    assert (missed.zero_results, missed.last_result_count) == (1, 0)


def test_promotions_on_top(content, client):
    promoted = content[-1]
    SearchPromotion.objects.create(query=Query.get("maatje"), page=promoted,
                                   description="Aanrader", sort_order=0)
    html = get(client, q="maatje").content.decode()
    assert html.index("Aanbevolen") < html.index("zoeken__results")
    assert "Aanrader" in html


def test_autocomplete_json(content, client):
    data = client.get(reverse("zoeken:suggestions"), {"q": "herst"}).json()
    labels = [s["label"] for s in data["suggestions"]]
    assert labels[0] == "Herstel"  # the theme first
    assert "Herstel en maatjes" in labels
    assert client.get(reverse("zoeken:suggestions"), {"q": "h"}).json()["suggestions"] == []


def test_editors_see_zero_result_queries_in_admin(content, client, django_user_model):
    get(client, q="onvindbaarwoord")
    django_user_model.objects.create_superuser("redacteur", "r@example.org", "Sterk-wachtwoord-1")
    assert client.post("/admin/login/", {"username": "redacteur",
                                         "password": "Sterk-wachtwoord-1"}).status_code == 302
    response = client.get("/admin/zoeken/zoekvraag/", {"resultaat": "geen"})
    assert response.status_code == 200
    assert "onvindbaarwoord" in response.content.decode()
    assert client.get("/admin/zoeken/synoniem/").status_code == 200


def test_the_filter_form_is_rendered_once_per_search(content, client):
    # The next page of a search shows the same filters: served from the cache, not
    # rendered again (its ~150 options were a fifth of a search page's time).
    first = get(client, q="maatje")
    assert "includes/filters.html" in [t.name for t in first.templates]
    second = get(client, q="maatje", pagina="2")
    assert "includes/filters.html" not in [t.name for t in second.templates]
    assert second.content.decode().count('name="thema"') == first.content.decode().count(
        'name="thema"') > 0
    # What the form carries besides the filters is its own: the words and sort order.
    by_date = get(client, q="maatje", sortering="datum").content.decode()
    assert '<input type="hidden" name="sortering" value="datum">' in by_date.split(
        'class="filters"')[1]
    other = get(client, q="maatjes").content.decode().split('class="filters"')[1]
    assert '<input type="hidden" name="q" value="maatjes">' in other
    # A publish changes the counts: the form is rendered again with the new ones.
    make_page("interventie", "Nog een maatje", themas=list(content[0].themas.all()))
    after = get(client, q="maatje", pagina="2")
    assert "includes/filters.html" in [t.name for t in after.templates]


def test_searches_share_one_engine_client_per_configuration(dead_engine, settings):
    """A new backend per search made a new engine client, and so a new connection to the
    engine, for every search; changed settings still get a backend of their own."""
    first = fallback.engine_backend()
    assert fallback.engine_backend() is first
    assert fallback.engine_backend().es is first.es
    port = free_port()
    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        {"OPENSEARCH_URL": f"http://127.0.0.1:{port}", "SEARCH_INDEX_PREFIX": "other_"})
    other = fallback.engine_backend()
    assert other is not first
    assert str(port) in repr(other.es.transport.hosts)


def test_promotions_are_kept_and_a_change_shows_at_once(content, client):
    table = SearchPromotion._meta.db_table
    assert "Aanbevolen" not in get(client, q="maatje").content.decode()
    promotion = SearchPromotion.objects.create(query=Query.get("maatje"), page=content[-1],
                                               description="Aanrader", sort_order=0)
    assert "Aanrader" in get(client, q="maatje").content.decode()
    with CaptureQueriesContext(connection) as ctx:
        assert "Aanrader" in get(client, q="maatje").content.decode()
    assert not [q for q in ctx.captured_queries if table in q["sql"]]
    promotion.description = "Nu beter"
    promotion.save()
    assert "Nu beter" in get(client, q="maatje").content.decode()
    promotion.delete()
    assert "Aanbevolen" not in get(client, q="maatje").content.decode()


def test_a_results_title_organisations_and_themes_are_escaped(content, client):
    """A result's HTML is written in Python (zoeken.results.result_parts): every text of
    the page is escaped, as the template escaped it."""
    thema = make_thema("Wijk <b>werk</b>", slug="wijk-werk")
    organisatie = make_organisatie("Stimenz & <i>co</i>")
    make_page("artikel", "Gevaarlijk <img src=x onerror=alert(1)> artikel", themas=[thema],
              organisaties=[organisatie])
    html = get(client, q="gevaarlijk").content.decode()
    assert "Gevaarlijk &lt;img src=x onerror=alert(1)&gt; artikel</a></h3>" in html
    assert "Stimenz &amp; &lt;i&gt;co&lt;/i&gt;" in html
    assert '<a class="tag" href="/thema/wijk-werk/">Wijk &lt;b&gt;werk&lt;/b&gt;</a>' in html
    assert "<img src=x" not in html and "<b>werk</b>" not in html


def test_a_new_search_asks_the_database_for_no_promotions(content, client, settings):
    """Which queries have promotions is kept as one set: a search never made before does
    not look its own up."""
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600  # the search log writes later, in a batch
    SearchPromotion.objects.create(query=Query.get("maatje"), page=content[-1],
                                   description="Aanrader", sort_order=0)
    assert "Aanrader" in get(client, q="maatje").content.decode()
    tables = (SearchPromotion._meta.db_table, Query._meta.db_table)
    with CaptureQueriesContext(connection) as ctx:
        html = get(client, q="herstelgroep").content.decode()
    assert "Aanrader" not in html
    reads = [q["sql"] for q in ctx.captured_queries
             if q["sql"].startswith("SELECT") and any(f'"{t}"' in q["sql"] for t in tables)]
    assert reads == []
