"""One search, on the engine or on the database backend, with facet counts.

Both return a ``Hits``: the page ids of the requested slice in order, the total and
the counts per facet value. The engine answers one multi-search of two bodies
(``engine_bodies``: the ranked slice, and the total with one aggregation per facet),
both built on Wagtail's compiled query (its fields, boosts, ``live`` and
content-type filters). Wagtail's own ``.facet()`` does one field per request and
cannot OR several values, hence these bodies. The database backend ranks ids with
Wagtail's search and the overviews' ListingFilters filter and count them. Both take
their facets from voorbeelden' one facet definition.

``selection`` is {URL parameter: [chosen values]}, already cleaned (zoeken.search);
counts come back as {URL parameter: {value: (label, count)}}.
"""

import json
import logging
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import MappingProxyType

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.datastructures import MultiValueDict

from wagtail.search.index import FilterField, SearchField
from wagtail.search.query import MatchAll, PlainText

from portaal.lookups import private_sections
from voorbeelden.models import ContentPage, public_pages
from voorbeelden.models.base import SNIPPET_FIELDS
from voorbeelden.models.registry import PAGE_TYPES
from voorbeelden.overzichten.facets import (
    FACETS_BY_PARAM,
    SEARCH_FACETS,
    ListingFilters,
    visible_facets,
)
from zoeken.database import analysis
from zoeken.terms import words

logger = logging.getLogger(__name__)

# The database backend ranks at most this many matches (the fallback's window).
DATABASE_MAX_MATCHES = 1000
ENGINE_FACET_SIZE = 100


@dataclass
class Hits:
    ids: list
    total: int
    counts: dict = field(default_factory=dict)  # URL parameter -> {value: (label, count)}
    # page id -> snippet HTML from the engine's highlighter (escaped, <mark> added);
    # None when the backend has no highlighter (the database: zoeken.highlighting).
    snippets: dict | None = None
    # page id -> what its result shows, from the engine's hit ({name: value} for the names
    # of ``RESULT_FIELDS``); None from the database backend.
    shown: dict | None = None


def chosen_facets(selection):
    """{facet: values} for a selection {URL parameter: values}."""
    return {FACETS_BY_PARAM[param]: values for param, values in selection.items()}


def _filter_field(model, name):
    for f in model.get_search_fields():
        if isinstance(f, FilterField) and f.field_name == name:
            return f
    raise LookupError(f"{model.__name__} has no FilterField {name!r}")


def _column(backend, model, name):
    return backend.mapping_class(model).get_field_column_name(_filter_field(model, name))


# The columns below follow from the models' search fields and the backend's mapping,
# both fixed while the process runs: worked out once per backend, not on every search.
@cache
def engine_column(backend, facet):
    """The index column the engine filters and counts ``facet`` on."""
    return _column(backend, facet.index_model, facet.index_field)


# The engine returns at most this many hits per query (its ``index.max_result_window``):
# pages past it are not asked for (zoeken.search caps the page number).
MAX_RESULT_WINDOW = 10_000


class EngineError(Exception):
    """One of the engine's answers in a multi-search was an error.

    ``status_code`` is that answer's HTTP status, as the clients' own errors carry it,
    so that zoeken.fallback can tell a refused request (4xx) from an engine in trouble.
    """

    def __init__(self, error, status_code=None):
        super().__init__(error)
        self.status_code = status_code


def _engine_msearch(backend, bodies, timeout):
    index = backend.get_index_for_model(ContentPage).name
    searches = []
    for body in bodies:
        searches += [{"index": index}, body]
    if backend.use_new_elasticsearch_api:  # elasticsearch 8/9 client
        response = backend.es.options(request_timeout=timeout).msearch(searches=searches)
    else:
        response = backend.es.msearch(body=searches, request_timeout=timeout)
    answers = response["responses"]
    for answer in answers:
        if "error" in answer:
            raise EngineError(answer["error"], answer.get("status"))
    return answers


# Query words are OR-ed (Wagtail's PlainText "or") and ranked. Asking for most of the
# words (minimum_should_match "3<60%") was tried and measured: recall@5 on the relevance
# set fell from 1.000 to 0.875 (4 of 32 questions, e.g. "vervuilde woning en
# vereenzaming", lost a page they must find), so ranking alone decides.


def _unboosted(query):
    """The same match set without the boosted copies: every boosted field is also copied
    into ``_all_text`` (modelsearch's mapping), so for counting, where scores do not
    matter, searching ``_all_text`` alone finds the same pages at half the postings."""
    if isinstance(query, dict):
        result = {}
        for key, value in query.items():
            fields = value.get("fields") if key == "multi_match" else None
            if fields and "_all_text" in fields:
                value = {**value, "fields": ["_all_text"]}
            else:
                value = _unboosted(value)
            result[key] = value
        return result
    if isinstance(query, list):
        return [_unboosted(item) for item in query]
    return query


@cache
def snippet_columns(backend):
    """The index columns a result's snippet may come from, most telling first."""
    found = set()
    for model, _index_page in PAGE_TYPES.values():
        mapping = backend.mapping_class(model)
        for search_field in model.get_search_fields():
            if (isinstance(search_field, SearchField)
                    and search_field.field_name in SNIPPET_FIELDS):
                found.add((SNIPPET_FIELDS.index(search_field.field_name),
                           mapping.get_field_column_name(search_field)))
    return tuple(dict.fromkeys(column for _, column in sorted(found)))


# What a result shows, as ContentPage's index holds it: read from each hit
# (zoeken.results.shown_from_hit), so a first search on the engine loads no page rows.
RESULT_FIELDS = ("title", "url_path", "date", "search_type", "search_themas",
                 "search_organisaties", "intro")


@cache
def result_columns(backend):
    """{name: index column} of ``RESULT_FIELDS``."""
    mapping = backend.mapping_class(ContentPage)
    fields = {}
    for search_field in ContentPage.get_search_fields():
        name = search_field.field_name
        # the filter copy where there is one (title has three): its value is the field's own
        if name in RESULT_FIELDS and (name not in fields or isinstance(search_field, FilterField)):
            fields[name] = search_field
    return MappingProxyType(
        {name: mapping.get_field_column_name(fields[name]) for name in RESULT_FIELDS})


def _shown(hits, columns):
    """{page id: {name: value}} of the hits that hold every result field (an index built
    before one of them was added holds less: those pages are loaded instead)."""
    shown = {}
    for hit in hits:
        source = hit.get("_source") or {}
        if all(column in source for column in columns.values()):
            shown[int(hit["fields"]["pk"][0])] = {
                name: source[column] for name, column in columns.items()}
    return shown


def highlight(backend, q, parts=()):
    """The engine's highlighter, so the search page does not scan page texts in Python:
    one fragment of about 30 words per field, escaped (``encoder: html``) with only
    our <mark> tags added, matched on the query's analysed words whatever field they
    are in (``require_field_match: False``).

    The words come from a plain ``match`` of the query and its compound parts
    (``highlight_query``), not from the ranking query with its per-field clauses: the
    same words, at a third less highlighting time. The snippet fields index their
    offsets (voorbeelden.models.base.snippet_field), so the highlighter reads the
    words' places from the index instead of analysing each hit's text again; together
    about half the highlighting time at 10,000 pages (bench/README.md)."""
    return {
        "fields": {column: {} for column in snippet_columns(backend)},
        "highlight_query": {"match": {"_all_text": {"query": " ".join([q, *parts])}}},
        "require_field_match": False,
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "fragment_size": 220,
        "number_of_fragments": 1,
    }


def _snippets(hits, columns):
    snippets = {}
    for hit in hits:
        fragments = hit.get("highlight") or {}
        for column in columns:
            if fragments.get(column):
                snippets[int(hit["fields"]["pk"][0])] = fragments[column][0]
                break
    return snippets


def _summed_fields(query):
    """Wagtail's ``multi_match`` scores a page by its best field only ("best_fields"): a
    title match then adds nothing to a body match. Summing them ("most_fields") ranks
    pages whose title and summary carry the words above pages that only mention them."""
    if isinstance(query, dict):
        return {key: ({**value, "type": "most_fields"} if key == "multi_match"
                      else _summed_fields(value)) for key, value in query.items()}
    if isinstance(query, list):
        return [_summed_fields(item) for item in query]
    return query


# The compound parts of the query's words weigh less than the words themselves: a page
# naming "Harderwijk" ranks above pages that only say "wijk".
PARTS_BOOST = 0.3
ALL_WORDS_BOOST = 1.0


def compound_parts(q, dictionary=None):
    """The sector words inside the query's compounds, as the index's decompounder split
    the pages' words, the longest only ("maatjesprojecten": maatjes, projecten; not
    maatje, project; "netwerkcoaches": netwerkcoach, not netwerk, werk, coach). A part
    inside a longer part adds pages that only share a common word ("werk" is on nearly
    every page) and was most of the engine's time for such a query at 100,000 pages."""
    dictionary = dictionary or analysis().dictionary
    found = []
    for word in words(q):
        parts = dictionary.parts(word)
        found += [p for p in parts if not any(p != other and p in other for other in parts)]
    return list(dict.fromkeys(found))


def _with_parts(query, parts):
    """Each ``multi_match`` of Wagtail's query OR-ed with the compound parts of the
    query's words (``compound_parts``), each a term of its own: the engine's search
    analyzer does not split compounds, because parts at the whole word's position are
    scored as one term with the commonest part's weight ("harderwijk" counted no more
    than "wijk")."""
    if not parts:
        return query
    if isinstance(query, dict):
        if set(query) == {"multi_match"}:
            match = query["multi_match"]
            part_match = {**match, "query": " ".join(parts), "boost": PARTS_BOOST}
            return {"bool": {"should": [query, {"multi_match": part_match}],
                             "minimum_should_match": 1}}
        return {key: _with_parts(value, parts) for key, value in query.items()}
    if isinstance(query, list):
        return [_with_parts(item, parts) for item in query]
    return query


# The best this many pages by the words' plain scores are ranked again with the field
# boosts and get the every-word bonus.
RESCORE_WINDOW = 100


def boosted_scores(text_query, window):
    """The ranking query with its boosted fields (titles, summaries) as a rescore of the
    best ``window`` pages, which the engine found on ``_all_text`` alone: a boosted field
    is also copied into ``_all_text``, so the best pages are found without it, and
    scoring every match on two fields took 4 to 5 times as long at 100,000 pages (the
    block-max skipping works on one field's postings; bench/README.md). ``query_weight``
    0: in the window the score is the boosted query's alone, as it was before."""
    return {
        "window_size": window,
        "query": {
            "rescore_query": text_query,
            "query_weight": 0.0,
            "rescore_query_weight": 1.0,
        },
    }


def every_word_bonus(q, window=RESCORE_WINDOW):
    """A bonus for the pages that hold every word of the query anywhere (``_all_text``
    holds every searchable field, boosted ones too), so a page with all the words of a
    long question ranks above pages with many of one word. Given as a rescore of the
    best ``RESCORE_WINDOW`` pages: in the query itself it cost ~20 ms at the 95th
    percentile at 100,000 pages (bench/README.md), since every match was scored twice."""
    return {
        "window_size": window,
        "query": {
            "rescore_query": {"match": {"_all_text": {"query": q, "operator": "and"}}},
            "query_weight": 1.0,
            "rescore_query_weight": ALL_WORDS_BOOST,
        },
    }


def searchable_pages():
    """``public_pages()`` for the engine's query compiler, which only reads its filters:
    built once per set of private sections, not per search (building the queryset was a
    third of writing a search's bodies)."""
    return _searchable_pages(tuple(private_sections()))


@lru_cache(maxsize=16)
def _searchable_pages(sections):
    return public_pages(sections=sections)


def engine_bodies(backend, q, selection, sort, start, size):
    """The two searches of one search page, sent together as one multi-search.

    - ``hits``: the requested slice, ranked, with the facet choices as filters and
      nothing counted (``track_total_hits: False``), so the engine scores only the
      documents that can still reach the top (block-max WAND) instead of every match;
    - ``counts``: no hits (``size: 0``), the query as a filter (no scoring at all, and
      on ``_all_text`` only: ``_unboosted``),
      the exact total and one aggregation per facet, each filtered by the other
      facets' choices (``post_filter`` applies them all to the total only). A
      ``size: 0`` search is what the engine's shard request cache keeps, so a
      repeated query's counts come from the cache until the index changes.

    The engine runs the two in parallel. Measured at 100,000 pages (bench/README.md):
    one body that ranks and counts scores every match, 3–4 times slower.
    """
    query = PlainText(q, operator="or") if q else MatchAll()
    # ``public()``: pages behind a view restriction (login, group, password) are never
    # found, counted or faceted; the search page shows nobody restricted pages.
    compiler = backend.query_compiler_class(searchable_pages(), query)
    parts = compound_parts(q)
    text_query = _with_parts(_summed_fields(compiler.get_query()), parts)
    chosen = chosen_facets(selection)
    facet_filters = {
        facet: {"terms": {engine_column(backend, facet): list(values)}}
        for facet, values in chosen.items()
    }
    aggs = {}
    # One aggregation per facet the page shows (the overviews' visibility rule).
    for facet in visible_facets(SEARCH_FACETS, chosen):
        others = [f for other, f in facet_filters.items() if other is not facet]
        terms = {"terms": {"field": engine_column(backend, facet), "size": ENGINE_FACET_SIZE}}
        # A filter bucket only where other facets were chosen (a match_all wrapper
        # costs ~2 ms per search at 100,000 pages).
        aggs[facet.param] = (
            {"filter": {"bool": {"filter": others}}, "aggs": {"values": terms}}
            if others else terms
        )
    hits = {
        # Found and ordered on ``_all_text`` alone; by relevance the best of them are
        # ranked again with the boosts (``boosted_scores``), by date the score only
        # breaks ties.
        "query": {"bool": {"must": [_unboosted(text_query)],
                           "filter": list(facet_filters.values())}},
        "from": start,
        "size": size,
        "_source": {"includes": list(result_columns(backend).values())},
        "stored_fields": ["pk"],
        "track_total_hits": False,
    }
    if q:
        hits["highlight"] = highlight(backend, q, parts)
    if q and sort != "datum":
        # Deep pages are ranked like the first ones: the window reaches their end.
        window = max(RESCORE_WINDOW, start + size)
        hits["rescore"] = [boosted_scores(text_query, window), every_word_bonus(q, window)]
    if sort == "datum" or not q:
        hits["sort"] = [{_column(backend, ContentPage, "date"): {"order": "desc",
                                                                 "missing": "_last"}}, "_score",
                        {"pk": "desc"}]
    counts = {
        "query": {"bool": {"filter": [_unboosted(text_query)]}},
        "aggs": aggs,
        "size": 0,
        "track_total_hits": True,
    }
    if facet_filters:
        counts["post_filter"] = {"bool": {"filter": list(facet_filters.values())}}
    return hits, counts


def engine_search(backend, q, selection, sort, start, size, timeout=3):
    # Never ask past the window (the engine refuses that); zoeken.search clamps the page.
    start = max(0, min(start, MAX_RESULT_WINDOW - size))
    size = max(0, min(size, MAX_RESULT_WINDOW - start))
    hits, counts = _engine_msearch(
        backend, engine_bodies(backend, q, selection, sort, start, size), timeout)
    facet_counts = {}
    for param, agg in counts["aggregations"].items():
        facet = FACETS_BY_PARAM[param]
        buckets = agg.get("values", agg)["buckets"]
        facet_counts[param] = facet.labelled(
            {facet.from_index(b["key"]): b["doc_count"] for b in buckets})
    return Hits(
        ids=[int(h["fields"]["pk"][0]) for h in hits["hits"]["hits"]],
        total=counts["hits"]["total"]["value"],
        counts=facet_counts,
        snippets=_snippets(hits["hits"]["hits"], snippet_columns(backend)) if q else {},
        shown=_shown(hits["hits"]["hits"], result_columns(backend)),
    )


def among(queryset, ids):
    """``queryset`` narrowed to ``ids`` (up to DATABASE_MAX_MATCHES of them), given to
    the database as one parameter: as ``pk__in`` they were a thousand placeholders in
    each facet's count query, and building and binding those was a third of a database
    search's time at 10,000 pages (bench/README.md)."""
    if connection.vendor == "postgresql":
        sql, param = "SELECT unnest(%s::integer[])", list(ids)
    else:  # SQLite: its built-in JSON functions
        sql, param = "SELECT value FROM json_each(%s)", json.dumps(list(ids))
    return queryset.filter(pk__in=RawSQL(sql, [param]))


def _database_ranked_ids(backend, q):
    """Live public content pages matching ``q``, best first (zoeken.database ranks)."""
    ranked = backend.ranked_page_ids(q, DATABASE_MAX_MATCHES)
    if not ranked:
        return []
    allowed = set(among(public_pages(), ranked).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in allowed]


def database_search(backend, q, selection, sort, start, size):
    """The ranked ids narrowed and counted by the overviews' own filters."""
    live = public_pages()
    if q:
        ranked_ids = _database_ranked_ids(backend, q)
        # Those ids are live and public already: each count's subquery need not join
        # the page tree and its view restrictions again.
        base = among(ContentPage.objects.all(), ranked_ids)
        # The counts are kept under the matches themselves: cheaper than the base's SQL
        # with its thousand ids, and right whatever changed them (content, synonyms).
        base_key = ("zoeken", tuple(ranked_ids))
    else:
        ranked_ids = None
        base, base_key = live, None
    filters = ListingFilters(MultiValueDict(selection), base, SEARCH_FACETS, base_key)
    counts = {
        group.param: {o.value: (o.label, o.count) for o in group.options if o.count}
        for group in filters.groups
    }
    matches = filters.queryset
    if ranked_ids is not None and sort != "datum":
        if selection:
            allowed = set(matches.values_list("pk", flat=True))
            ids = [pk for pk in ranked_ids if pk in allowed]
        else:
            ids = ranked_ids
        return Hits(ids=ids[start:start + size], total=len(ids), counts=counts)
    ordered = matches.order_by(*ContentPage.listing_order, "-pk")
    return Hits(
        ids=list(ordered.values_list("pk", flat=True)[start:start + size]),
        total=matches.count(),
        counts=counts,
    )
