"""The search page's results on the real engine: each page's part of its result is kept
per cache generation, the snippet is the search's own, and a publish shows at once."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.conftest import module_data
from tests.factories import make_organisatie, make_page, make_site, make_thema
from tests.zoeken.conftest import refresh
from voorbeelden.models import ContentPage

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
    """The queries of a search page that read content pages' rows."""
    with CaptureQueriesContext(connection) as ctx:
        html = results_html(client, **params)
    table = ContentPage._meta.db_table
    return html, [q["sql"] for q in ctx.captured_queries if f'"{table}"' in q["sql"]]


def test_a_repeated_search_neither_loads_nor_renders_its_pages_again(pages, use_engine, client):
    refresh(use_engine)
    first, first_loads = page_loads(client, q="vrijwilligers")
    again, loads = page_loads(client, q="vrijwilligers")
    assert first_loads  # the first time the pages are read
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
