"""The search page's work: read the parameters, search (engine or fallback), build results.

``parse_params`` never fails: a long query is cut (to ``MAX_QUERY_LENGTH``
characters and ``MAX_QUERY_TERMS`` search words, with a note), unknown facet values
and sort orders are dropped, a bad page number becomes the nearest page. A page
past the engine's result window or past the last result becomes the last page, with
a note: the engine is never asked for what it would refuse.
"""

import math
import unicodedata
from dataclasses import dataclass, field, replace

from django.core.paginator import Paginator

from voorbeelden.overzichten.facets import FACETS_BY_PARAM, SEARCH_FACETS, Selection
from zoeken import fallback, query
from zoeken.results import Results
from zoeken.suggestions import did_you_mean
from zoeken.text import MAX_QUERY_TERMS, content_words, limit_terms, only_stop_words

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
SORTS = {"relevantie": "Relevantie", "datum": "Datum (nieuwste eerst)"}
# Values read per filter from the URL (a hostile URL cannot make a query of thousands).
MAX_VALUES_PER_FACET = 20


@dataclass
class SearchParams:
    q: str
    selection: dict  # {URL parameter: [chosen values]}, unknown values dropped
    sort: str
    page: int
    filters: Selection = field(repr=False, default=None)  # the same, with labels
    shortened: bool = False  # the query had more than MAX_QUERY_TERMS search words
    literal: bool = False  # the visitor asked not to correct the words ("letterlijk")

    def label(self, param, value):
        return self.filters.values[FACETS_BY_PARAM[param]][value]


def clean_query(raw, max_length=MAX_QUERY_LENGTH):
    """The visitor's words without control characters (PostgreSQL refuses NUL bytes)."""
    printable = "".join(" " if unicodedata.category(c).startswith("C") else c for c in raw)
    return " ".join(printable.split())[:max_length]


def parse_params(query_dict):
    q, shortened = limit_terms(clean_query(query_dict.get("q", "")))
    filters = Selection(query_dict, SEARCH_FACETS, max_values=MAX_VALUES_PER_FACET)
    sort = query_dict.get("sortering", "relevantie")
    if sort not in SORTS:
        sort = "relevantie"
    try:
        # Past the last page is clamped in search(); Python refuses over 4300 digits.
        page = max(1, int(query_dict.get("pagina", "1")))
    except (TypeError, ValueError):
        page = 1
    selection = {facet.param: list(values) for facet, values in filters.values.items()}
    literal = query_dict.get("letterlijk") == "1"
    return SearchParams(q, selection, sort, page, filters, shortened, literal)


class _FetchedSlice:
    """What Paginator needs: the total, and the slice that was already fetched."""

    def __init__(self, total, items):
        self.total, self.items = total, items

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        return self.items


@dataclass
class SearchOutcome:
    params: SearchParams
    page: object = None  # a Django Page of Results (zoeken/results.py), or None without a query
    facets: list = field(default_factory=list)
    notice: str | None = None
    used_engine: bool = False
    stop_words_only: bool = False
    page_missing: int | None = None  # the asked page number when it did not exist
    corrected: str | None = None  # the query searched instead of a misspelt one
    suggestion: str | None = None  # "Bedoelde u": offered when few pages were found

    @property
    def groups(self):
        """The filters as the overviews' filter form shows them (includes/filters.html)."""
        return self.facets

    @property
    def cache_parts(self):
        """What the filter form shows, each option with its count and choice: the form is
        kept under it (``{% filter_form %}``), so the next page of the same search, or
        another search with the same counts, does not render its ~150 options again."""
        return ("zoeken", self.facets)

    @property
    def page_note(self):
        if self.page_missing is None or self.page is None:
            return ""
        return (f"Pagina {self.page_missing} bestaat niet voor deze zoekvraag; u ziet de "
                f"laatste pagina ({self.page.number}).")

    @property
    def query_note(self):
        if not self.params.shortened:
            return ""
        return (f"Uw zoekvraag is ingekort: er is gezocht op de eerste {MAX_QUERY_TERMS} "
                "zoekwoorden.")

    @property
    def total(self):
        return self.page.paginator.count if self.page is not None else 0


def _search(backend, params, start, engine):
    if engine:
        return query.engine_search(backend, params.q, params.selection, params.sort, start,
                                   PAGE_SIZE)
    return query.database_search(backend, params.q, params.selection, params.sort, start,
                                 PAGE_SIZE)


def _run(params, number):
    start = (number - 1) * PAGE_SIZE
    return fallback.with_fallback(
        lambda b: _search(b, params, start, engine=True),
        lambda b: _search(b, params, start, engine=False),
    )


def correction(q, used_engine, total):
    """The query with its misspelt words corrected, or None; and whether that answer was
    ``did_you_mean`` for all the words (then "Bedoelde u" need not ask again).

    A word is misspelt when no page has it (the database backend asks its terms;
    the engine, which matches more loosely, only when nothing was found at all) and a
    word of the site's vocabulary is close to it. Words that pages do contain are never
    changed, however rare.
    """
    known_word = None if used_engine else getattr(fallback.database_backend(), "known_word",
                                                  None)
    if known_word is None:
        return (did_you_mean(q), True) if not total else (None, False)
    unknown = {w for w in content_words(q) if len(w) >= 4 and not known_word(w)}
    return (did_you_mean(q, only=unknown) if unknown else None), False


def search(params):
    outcome = SearchOutcome(params)
    if not params.q and not params.selection:
        return outcome
    if params.q and only_stop_words(params.q):
        outcome.stop_words_only = True
        return outcome
    # The engine hands out the first MAX_RESULT_WINDOW hits only and refuses a request
    # past them: such a page is never asked for.
    max_page = query.MAX_RESULT_WINDOW // PAGE_SIZE
    number = min(params.page, max_page)
    hits, notice, used_engine = _run(params, number)
    asked = False  # whether did_you_mean has answered for the words as typed
    if params.q and not params.literal:
        corrected, asked = correction(params.q, used_engine, hits.total)
        if corrected:
            outcome.corrected = corrected
            params = replace(params, q=corrected)
            hits, notice, used_engine = _run(params, number)
    if params.q and hits.total < 3 and not outcome.corrected and not asked:
        outcome.suggestion = did_you_mean(params.q)
    num_pages = max(1, min(math.ceil(hits.total / PAGE_SIZE), max_page))
    if number > num_pages:
        number = num_pages
        hits, notice, used_engine = _run(params, number)
    if number != params.page:
        outcome.page_missing = params.page
    results = Results(hits.ids, params.q, hits.snippets, hits.shown)
    paginator = Paginator(_FetchedSlice(hits.total, results), PAGE_SIZE)
    outcome.page = paginator.page(number)
    outcome.facets = params.filters.make_groups(
        {FACETS_BY_PARAM[param]: counts for param, counts in hits.counts.items()})
    outcome.notice, outcome.used_engine = notice, used_engine
    return outcome
