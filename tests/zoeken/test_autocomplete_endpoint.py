"""The suggestions endpoint (/zoeken/suggesties/) that every search box asks while the
visitor types: whatever arrives in ``q``, the answer is a small JSON object, never an
error page, and its size and the work behind it stay bounded."""

import json

from django.urls import reverse

import pytest

from tests.conftest import module_data
from tests.factories import make_page, make_site, make_thema
from zoeken.autocomplete import MAX_SUGGESTIONS

pytestmark = pytest.mark.django_db

URL = reverse("zoeken:suggestions")
# Eight suggestions of a long title and its URL each, with room to spare.
MAX_BYTES = 8 * 1024


@module_data
def content():
    make_site()
    maatjes = make_thema("Maatjes")
    for i in range(12):
        make_page("interventie", f"Maatjes in de wijk {i}", themas=[maatjes])
    make_page("lab", "Kwartiermaken in het buurthuis", themas=[maatjes])


def suggest(client, django_assert_max_num_queries, query_string):
    # Two lookups (themes, titles) and the site's root for the URLs: not one per word.
    with django_assert_max_num_queries(6):
        response = client.get(URL + query_string, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert len(response.content) <= MAX_BYTES
    data = json.loads(response.content)
    assert set(data) == {"q", "suggestions"}
    assert len(data["q"]) <= 100
    assert len(data["suggestions"]) <= MAX_SUGGESTIONS
    for item in data["suggestions"]:
        assert set(item) == {"label", "url", "kind"}
        assert item["kind"] in {"thema", "pagina"}
        assert item["url"].startswith("/")
    return data


def test_a_real_word_gives_titles_and_the_theme_first(content, client,
                                                      django_assert_max_num_queries):
    data = suggest(client, django_assert_max_num_queries, "?q=maatje")
    labels = [s["label"] for s in data["suggestions"]]
    assert labels[0] == "Maatjes"
    assert len(labels) == MAX_SUGGESTIONS  # twelve titles match; the answer stops at eight
    assert all("maatje" in label.lower() for label in labels)


@pytest.mark.parametrize("query_string", [
    "",  # no q at all
    "?q=",
    "?q=%20%20%20",
    "?q=m",  # one character: no suggestions yet
    "?q=%00%00",
    "?q=%01%02%03%7F",
])
def test_empty_or_too_short_gives_no_suggestions(content, client, query_string,
                                                 django_assert_max_num_queries):
    assert suggest(client, django_assert_max_num_queries, query_string)["suggestions"] == []


@pytest.mark.parametrize("query_string", [
    "?q=%FF%FE%FD",  # not UTF-8
    "?q=%ED%A0%80",  # a lone surrogate
    "?q=%27%3B%20DROP%20TABLE%20wagtailcore_page%3B%20--",
    "?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "?q=%25%25%25_",  # LIKE wildcards
    "?q=maat*",
    "?q=((((maatje",
    "?q=%F0%9F%98%80%F0%9F%98%80",  # emoji
    "?q=maatje&q=wijk&q[]=x",
    "?q[]=maatje",
    "?q=" + "maatje%00" * 20,
])
def test_garbage_gives_an_answer_not_an_error(content, client, query_string,
                                              django_assert_max_num_queries):
    data = suggest(client, django_assert_max_num_queries, query_string)
    assert "\x00" not in data["q"]
    assert all("<" not in s["label"] for s in data["suggestions"])


@pytest.mark.parametrize("query_string", [
    "?q=" + "x" * 100_000,
    "?q=" + "maatje%20" * 5_000,
    "?q=" + "%20".join(f"woord{i}" for i in range(2_000)),
    "?q=" + "%C3%A9" * 20_000,
])
def test_a_very_long_query_is_cut_and_stays_cheap(content, client, query_string,
                                                  django_assert_max_num_queries):
    data = suggest(client, django_assert_max_num_queries, query_string)
    assert len(data["q"]) <= 100


def test_a_long_query_of_real_words_still_finds_them(content, client,
                                                     django_assert_max_num_queries):
    data = suggest(client, django_assert_max_num_queries, "?q=" + "maatjes%20" * 5_000)
    assert data["q"].startswith("maatjes maatjes")
    labels = [s["label"] for s in data["suggestions"]]
    assert labels and all(label.startswith("Maatjes in de wijk") for label in labels)
