"""Recall@5 of the relevance set (tests/zoeken/relevance.py) on the real content.

The engine must put every expected page in the top 5 (the issue's bar). The
database backend (no stemming, synonyms or compounds on SQLite) is held to the
lower bound measured when this was written, so a regression still fails.
"""

from django.core.management import call_command
from django.http import QueryDict

import pytest

from tests.zoeken.conftest import refresh
from tests.zoeken.relevance import QUERIES, evaluate
from voorbeelden.content import load_content
from zoeken.search import parse_params, search

# The database backend as measured over the 32 queries: SQLite FTS 0.500 (no stemming,
# synonyms or compounds), PostgreSQL full-text search 0.469 (its "simple"/English
# configuration stems Dutch words wrongly). The bound is the lower of the two.
DATABASE_MIN_RECALL = 0.46


def run_query(q):
    params = QueryDict(mutable=True)
    params["q"] = q
    outcome = search(parse_params(params))
    assert outcome.page is not None, q
    return [page.slug for page in outcome.page.object_list]


def report(name, recall, misses):
    print(f"\n{name}: recall@5 = {recall:.3f} over {len(QUERIES)} queries")
    for query, missing, found in misses:
        print(f"  MISS {query!r}: {missing} not in {found}")


def test_relevance_set_is_big_enough():
    assert len(QUERIES) >= 25
    assert all(expected for _, expected in QUERIES)


@pytest.mark.search_engine
@pytest.mark.django_db
def test_engine_finds_every_page_in_top_5(use_engine):
    load_content()
    call_command("update_index", backend_name="default", verbosity=0)
    refresh(use_engine)
    recall, misses = evaluate(run_query)
    report("engine", recall, misses)
    assert misses == []


@pytest.mark.django_db
def test_database_backend_recall(capsys):
    load_content()
    call_command("update_index", verbosity=0)
    recall, misses = evaluate(run_query)
    report("database", recall, misses)
    assert recall >= DATABASE_MIN_RECALL
