"""The relevance set itself (tests/zoeken/relevance.py): every expected page exists in the
real content, every kind of query is there in number, and ``evaluate`` scores per kind.

How well a backend does on the set is tests/zoeken/test_relevance.py's concern.
"""

from collections import Counter

import pytest

from tests.zoeken.relevance import KINDS, QUERIES, Q, evaluate
from voorbeelden.content import load_content
from voorbeelden.models import ContentPage

# Examples the issue names: each must be in the set.
ISSUE_EXAMPLES = ["eenzaamheid ouderen", "maatje psychische problemen", "ervaringsdeskundige",
                  "triadekaarten", "stadsboerderijen", "inloopwinkels", "kwartiermakn", "buddy"]


@pytest.mark.django_db
def test_every_expected_page_is_a_live_page_of_the_real_content():
    load_content()
    live = set(ContentPage.objects.live().public().values_list("slug", flat=True))
    unknown = {query: [s for s in expected if s not in live]
               for query, expected in QUERIES if not set(expected) <= live}
    assert unknown == {}


def test_the_set_has_64_queries_and_each_kind_at_least_8():
    assert len(QUERIES) >= 64
    counts = Counter(q.kind for q in QUERIES)
    assert {kind: counts[kind] for kind in KINDS if counts[kind] < 8} == {}


def test_queries_are_distinct_and_each_expects_distinct_pages():
    texts = [query.lower() for query, _ in QUERIES]
    assert [t for t, n in Counter(texts).items() if n > 1] == []
    assert all(expected and len(set(expected)) == len(expected) for _, expected in QUERIES)
    # More than five expected pages could never all be on the first screen.
    assert all(len(expected) <= 5 for _, expected in QUERIES)


def test_short_and_long_queries_are_what_their_kind_says():
    assert [q.query for q in QUERIES if q.kind == "short" and len(q.query.split()) > 2] == []
    assert [q.query for q in QUERIES if q.kind == "long" and len(q.query.split()) < 4] == []


def test_the_issues_examples_are_in_the_set():
    texts = {query for query, _ in QUERIES}
    assert [example for example in ISSUE_EXAMPLES if example not in texts] == []


def test_a_query_unpacks_as_query_and_expected_and_carries_its_kind():
    # bench/search.py and test_relevance.py read the set as (query, expected) pairs.
    q = Q("buddy", ["ggz-maatjes"], "synonym")
    query, expected = q
    assert (query, expected, q[0], q.kind) == ("buddy", ("ggz-maatjes",), "buddy", "synonym")
    with pytest.raises(ValueError):
        Q("buddy", ["ggz-maatjes"], "synoniem")


def test_evaluate_gives_recall_misses_and_success_per_kind():
    queries = [Q("a", ["x", "y"], "short"), Q("b", ["x"], "short"), Q("c", ["z"], "typo")]
    results = {"a": ["x", "p", "q", "r", "s", "y"], "b": ["q", "x"], "c": ["z"]}
    outcome = evaluate(lambda q: results[q], queries)
    recall, misses = outcome
    # "a" finds one of its two pages in the top 5 ("y" is sixth).
    assert recall == pytest.approx((0.5 + 1 + 1) / 3)
    assert misses == [("a", ["y"], ["x", "p", "q", "r", "s"])]
    assert outcome.success == pytest.approx(2 / 3)
    assert outcome.by_kind == {"short": 0.5, "typo": 1.0}
