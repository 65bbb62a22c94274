"""The search page's results on the real engine: each page's part of its result is kept
per cache generation, the snippet is the search's own, and a publish shows at once."""

import re

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest

from portaal.cache import bump_generation
from portaal.models import Thema
from tests.conftest import module_data
from tests.factories import make_organisatie, make_page, make_site, make_thema
from tests.zoeken.conftest import refresh
from voorbeelden.content import load_content
from voorbeelden.models import ContentPage
from zoeken import query
from zoeken.results import Results

pytestmark = [pytest.mark.search_engine, pytest.mark.django_db]


@module_data
def pages():
    make_site()
    maatjes = make_thema("Maatjes")
    return {
        "maatjes": make_page(
            "interventie", "Het maatjesproject van Stimenz", themas=[maatjes],
            organisaties=[make_organisatie("Stimenz")],
            intro="Vrijwilligers trekken op met cliënten die psychische problemen hebben."),
        "buurt": make_page("artikel", "Buurtwerk en herstel", themas=[maatjes],
                           intro="Over vrijwilligers in de buurt en eigen regie."),
    }


def results_html(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    assert response.context["outcome"].used_engine
    html = response.content.decode()
    return html[html.index('<ol class="zoeken__list"'):html.index("</ol>")]


def page_loads(client, **params):
    """The queries of a search page that read its result pages: their content rows, or
    (a hit not kept yet) whether they are still live and public, by id."""
    with CaptureQueriesContext(connection) as ctx:
        html = results_html(client, **params)
    table = ContentPage._meta.db_table
    return html, [q["sql"] for q in ctx.captured_queries
                  if f'"{table}"' in q["sql"]
                  or ('FROM "wagtailcore_page"' in q["sql"] and '"id" IN (' in q["sql"])]


def test_a_repeated_search_neither_loads_nor_renders_its_pages_again(pages, use_engine, client):
    refresh(use_engine)
    first, first_loads = page_loads(client, q="vrijwilligers")
    again, loads = page_loads(client, q="vrijwilligers")
    assert first_loads  # the first time the hits are checked
    assert loads == []
    assert again == first
    assert "Het maatjesproject van Stimenz" in again and "Stimenz</p>" in again
    assert again.count('class="zoeken__result"') == 2


def test_each_search_shows_its_own_snippet_in_a_kept_result(pages, use_engine, client):
    refresh(use_engine)
    results_html(client, q="vrijwilligers")
    html, loads = page_loads(client, q="psychische problemen")
    assert loads == []  # the interventie's part was kept from the first search
    snippets = re.findall(r'<p class="zoeken__snippet">(.*?)</p>', html)
    assert len(snippets) == 1
    assert "<mark>psychische</mark>" in snippets[0]
    assert "<mark>Vrijwilligers</mark>" not in snippets[0]


def test_without_words_a_result_shows_the_start_of_its_intro(pages, use_engine, client):
    refresh(use_engine)
    html = results_html(client, thema="maatjes")
    assert ('<p class="zoeken__snippet">Over vrijwilligers in de buurt en eigen regie.</p>'
            in html)
    assert "<mark>" not in html


def test_a_published_change_shows_at_once(pages, use_engine, client):
    refresh(use_engine)
    assert "Buurtwerk en herstel" in results_html(client, q="vrijwilligers")
    page = ContentPage.objects.get(pk=pages["buurt"].pk).specific
    page.title = "Buurtwerk, herstel en eigen regie"
    page.save_revision().publish()
    refresh(use_engine)
    html = results_html(client, q="vrijwilligers")
    assert "Buurtwerk, herstel en eigen regie" in html
    assert "Buurtwerk en herstel<" not in html


def result_reads(loads):
    """The queries that read the result pages by their ids."""
    return [sql for sql in loads if " IN (" in sql]


def test_a_first_search_writes_its_results_from_the_engines_hits(pages, use_engine, client):
    refresh(use_engine)
    html, loads = page_loads(client, q="vrijwilligers")
    assert html.count('class="zoeken__result"') == 2
    assert "Het maatjesproject van Stimenz" in html and "Stimenz</p>" in html
    # one query asks which of the hits are still live and public; none loads a page
    [read] = result_reads(loads)
    assert read.startswith('SELECT "id", "path", "depth" FROM "wagtailcore_page" WHERE')


def test_a_result_from_the_hit_is_the_result_from_the_page(use_engine):
    """The real content, every page found both ways: the same HTML, byte for byte."""
    load_content()
    call_command("update_index", backend_name="default", verbosity=0)
    refresh(use_engine)
    request = RequestFactory().get("/zoeken/", HTTP_HOST="localhost")
    compared = 0
    for q in ("ggz", "wijk", "herstel", "vrijwilligers", "lab"):
        for start in (0, 10):
            hits = query.engine_search(use_engine, q, {}, "relevantie", start, 10)
            assert set(hits.shown) == set(hits.ids)
            cache.clear()
            from_hits = Results(hits.ids, q, hits.snippets, hits.shown).html({"request": request})
            cache.clear()
            from_pages = Results(hits.ids, q, hits.snippets).html({"request": request})
            assert from_hits == from_pages
            compared += from_hits.count('class="zoeken__result"')
    assert compared >= 60


def test_a_page_unpublished_behind_the_engines_back_is_not_shown(pages, use_engine, client):
    """The engine's copy can be older than the page (an engine that was down while it was
    unpublished): its hit is checked against the database before it is written."""
    refresh(use_engine)
    ContentPage.objects.filter(pk=pages["buurt"].pk).update(live=False)  # no reindex
    bump_generation("test")
    html = results_html(client, q="vrijwilligers")
    assert "Het maatjesproject van Stimenz" in html
    assert "Buurtwerk en herstel" not in html


def test_a_page_moved_into_a_private_section_behind_the_engines_back_is_not_shown(
        pages, use_engine, client):
    """As above for a move: the engine still has the page at its old, public place."""
    refresh(use_engine)
    section = ContentPage.objects.get(pk=pages["maatjes"].pk)
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    # the page's row moved under the restricted page; its index entry not (no signals)
    Page.objects.filter(pk=pages["buurt"].pk).update(path=section.path + "0001",
                                                     depth=section.depth + 1)
    bump_generation("test")
    html = results_html(client, q="vrijwilligers")
    assert "Buurtwerk en herstel" not in html
    assert "Het maatjesproject van Stimenz" not in html


def test_a_new_view_restriction_leaves_the_engines_total_and_counts_at_once(
        pages, use_engine, client):
    """The engine's query leaves out the private sections as the database has them now,
    though its compiled filter is kept between searches."""
    refresh(use_engine)
    before = client.get("/zoeken/", {"q": "vrijwilligers"}).context["outcome"]
    assert before.total == 2
    PageViewRestriction.objects.create(page=pages["maatjes"],
                                       restriction_type=PageViewRestriction.LOGIN)
    after = client.get("/zoeken/", {"q": "vrijwilligers"}).context["outcome"]
    assert after.used_engine and after.total == 1
    [types] = [group for group in after.facets if group.param == "type"]
    assert [(option.label, option.count) for option in types.options] == [("Artikelen", 1)]


def test_a_renamed_theme_shows_its_new_name_before_any_reindex(pages, use_engine, client):
    refresh(use_engine)
    thema = Thema.objects.get(slug="maatjes")
    thema.name = "Maatjes en buddy's"
    thema.save()  # a taxonomy change: a new cache generation, the pages' index unchanged
    html = results_html(client, q="vrijwilligers")
    assert html.count(">Maatjes en buddy&#x27;s</a>") == 2


def test_hits_from_an_index_without_a_result_field_are_loaded_instead():
    columns = {"title": "title_filter", "url_path": "url_path_filter"}
    hits = [{"fields": {"pk": ["7"]}, "_source": {"title_filter": "Oud", "url_path_filter": "/a/"}},
            {"fields": {"pk": ["8"]}, "_source": {"title_filter": "Ouder"}}]
    assert query._shown(hits, columns) == {7: {"title": "Oud", "url_path": "/a/"}}


@pytest.mark.parametrize("odd", [{"search_type": "verdwenen-type"}, {"date": "16-11-2023"},
                                 {"url_path": None}])
def test_a_hit_in_another_shape_is_loaded_instead(pages, odd):
    """An index written by other code (a page type since removed, another date format)
    costs that result its shortcut, not the search page."""
    page = pages["maatjes"]
    fields = {"title": "Oude titel", "url_path": page.url_path, "date": None,
              "search_type": "interventie", "search_themas": ["maatjes"],
              "search_organisaties": [], "intro": "", **odd}
    request = RequestFactory().get("/zoeken/", HTTP_HOST="localhost")
    html = Results([page.pk], "vrijwilligers", {}, {page.pk: fields}).html({"request": request})
    assert "Het maatjesproject van Stimenz" in html and "Oude titel" not in html
