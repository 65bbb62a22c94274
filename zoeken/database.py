"""The database search backend that answers like the engine: Dutch, forgiving, ranked.

Wagtail's database backend needs every word of a query and does not stem Dutch:
"eenzaamheid ouderen" found nothing, "stadsboerderijen" missed the stadsboerderij.
This backend keeps Wagtail's own (for the admin's searches of pages, images and
documents) and beside it writes each page's text as Dutch search terms
(zoeken.terms) into ``Zoektekst``, which the migration indexes per database. Public
search asks ``ranked_page_ids``:

- every query word is an alternative (OR), so more matching words rank higher;
- each word also matches through its compound parts and through the editors' and the
  themes' synonyms;
- title matches count most, then the boosted fields (intro, summary), then the rest;
- SQLite ranks with FTS5's bm25; PostgreSQL with ``ts_rank`` per term weighted by the
  term's rarity (BM25's idf), since ``ts_rank`` alone weighs a word in every page
  as much as a rare one.

Configured as ``BACKEND = "zoeken.database"`` (portaal/settings/search.py), as the
embedded default and as the fallback beside an engine.
"""

import hashlib
import logging
import math

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

from wagtail.models import Page
from wagtail.search.backends.base import BaseIndex, BaseSearchBackend
from wagtail.search.backends.database import SearchBackend as WagtailDatabaseBackend
from wagtail.search.index import RelatedFields, SearchField

from zoeken import terms
from zoeken.models import Zoektekst
from zoeken.synonyms import safe_compound_words, safe_synonym_rules

logger = logging.getLogger(__name__)

ANALYSIS_KEY = "zoeken:database-analysis"
ANALYSIS_TTL = 300
# SQLite FTS5 bm25 weights per column (title, boosted fields, the rest).
BM25_WEIGHTS = (10.0, 4.0, 1.0)


class Analysis:
    """The compound dictionary and the synonym groups, read from the database."""

    def __init__(self, compound_words, rules):
        self.dictionary = terms.Dictionary(compound_words)
        self.groups = terms.synonym_groups(rules)


# The last Analysis this process built, with the word lists it was built from: building
# the dictionary and the synonym groups costs ~5 ms, reading the lists from the cache
# and comparing them a few microseconds, so every search reuses it until the lists change.
_built = (None, None)


def analysis():
    """The current Analysis, cached for a few minutes (and dropped when editors change
    synonyms or themes: zoeken.signals)."""
    global _built
    cached = cache.get(ANALYSIS_KEY)
    if cached is None:
        cached = (safe_compound_words(), safe_synonym_rules())
        cache.set(ANALYSIS_KEY, cached, ANALYSIS_TTL)
    source, built = _built
    if source != cached:
        built = Analysis(*cached)
        _built = (cached, built)
    return built


def forget_analysis():
    cache.delete(ANALYSIS_KEY)


# -- Indexing ---------------------------------------------------------------------------

def _values(obj, field):
    """The text values of one search field of ``obj``, with its boost."""
    if isinstance(field, SearchField):
        value = field.get_value(obj)
        if value:
            yield field, _text(value)
    elif isinstance(field, RelatedFields):
        related = field.get_value(obj)
        if related is None:
            return
        items = related.all() if hasattr(related, "all") else [related]
        for item in items:
            for sub_field in field.fields:
                yield from _values(item, sub_field)


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_text(v) for v in value.values())
    return str(value)


def document(page, dictionary):
    """The Zoektekst row of ``page``: title, boosted fields and the rest, as terms."""
    parts = {"title": [], "summary": [], "body": []}
    for field in page.get_search_fields():
        for search_field, text in _values(page, field):
            if search_field.field_name == "title" and isinstance(field, SearchField):
                column = "title"
            elif (getattr(search_field, "boost", None) or 1) > 1:
                column = "summary"
            else:
                column = "body"
            parts[column].extend(terms.analyse(text, dictionary))
    return Zoektekst(page_id=page.pk, **{k: " ".join(v) for k, v in parts.items()})


class DutchIndex(BaseIndex):
    """Wagtail's database index, plus the Dutch terms of every page."""

    def __init__(self, backend, inner):
        super().__init__(backend)
        self.inner = inner

    def get_key(self):
        return self.inner.get_key()

    def add_model(self, model):
        self.inner.add_model(model)

    def refresh(self):
        self.inner.refresh()

    def reset(self):
        self.inner.reset()
        Zoektekst.objects.all().delete()

    def add_items(self, model, items):
        self.inner.add_items(model, items)
        if not issubclass(model, Page):
            return
        dictionary = analysis().dictionary
        rows = [document(item, dictionary) for item in items]
        Zoektekst.objects.filter(page_id__in=[r.page_id for r in rows]).delete()
        Zoektekst.objects.bulk_create(rows)

    def delete_item(self, item):
        self.inner.delete_item(item)
        if isinstance(item, Page):
            Zoektekst.objects.filter(page_id=item.pk).delete()


class DutchRebuilder:
    """``update_index``: Wagtail's rebuild of its own index, ours rides along."""

    def __init__(self, index):
        self.index = index
        inner_class = index.backend.inner.rebuilder_class
        self.inner = inner_class(index.inner) if inner_class else None

    def start(self):
        if self.inner:
            self.inner.start()
        return self.index

    def finish(self):
        if self.inner:
            self.inner.finish()


class DutchDatabaseBackend(BaseSearchBackend):
    rebuilder_class = DutchRebuilder

    def __init__(self, params):
        super().__init__(params)
        self.inner = WagtailDatabaseBackend(params)
        # Wagtail's own searches (the admin's) are answered by its backend.
        self.query_compiler_class = self.inner.query_compiler_class
        self.autocomplete_query_compiler_class = self.inner.autocomplete_query_compiler_class
        self.results_class = self.inner.results_class

    def get_index_for_model(self, model):
        return DutchIndex(self, self.inner.get_index_for_model(model))

    def search(self, *args, **kwargs):
        return self.inner.search(*args, **kwargs)

    def autocomplete(self, *args, **kwargs):
        return self.inner.autocomplete(*args, **kwargs)

    def ranked_page_ids(self, q, limit):
        return ranked_page_ids(q, limit)

    def known_word(self, word):
        return known_word(word)


SearchBackend = DutchDatabaseBackend


# -- Searching --------------------------------------------------------------------------

def query_alternatives(q, current=None):
    """The query as alternatives, each a tuple of terms that must occur together:
    every word's stem and compound parts, then what the synonym groups add."""
    current = current or analysis()
    per_word = terms.word_terms(q, current.dictionary)
    alternatives = [(t,) for _, word_terms in per_word for t in word_terms]
    alternatives += terms.expand([word_terms[0] for _, word_terms in per_word], current.groups)
    return list(dict.fromkeys(alternatives))


def ranked_page_ids(q, limit):
    """Ids of the pages matching ``q`` (any alternative), best first, at most ``limit``.

    Pages of every kind and state are in the table; the caller narrows them to live,
    public content pages.
    """
    alternatives = query_alternatives(q)
    if not alternatives:
        return []
    try:
        if connection.vendor == "sqlite":
            return _sqlite_ranked(alternatives, limit)
        if connection.vendor == "postgresql":
            return _postgresql_ranked(alternatives, limit)
    except DatabaseError:
        logger.exception("Database-zoekopdracht mislukt voor %r", q)
        return []
    raise NotImplementedError(f"No Dutch ranking for {connection.vendor}")


def _sqlite_ranked(alternatives, limit):
    match = " OR ".join(
        "(" + " AND ".join(f'"{t}"' for t in alt) + ")" if len(alt) > 1 else f'"{alt[0]}"'
        for alt in alternatives)
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM zoeken_zoektekst_fts WHERE zoeken_zoektekst_fts MATCH %s "
            f"ORDER BY bm25(zoeken_zoektekst_fts, {weights}) LIMIT %s", [match, limit])
        return [row[0] for row in cursor.fetchall()]


# How long a term's document frequency is trusted: it moves slowly, and counting it
# means testing every matching page's terms (most of a search's time at 10,000 pages).
FREQUENCY_TTL = 600
# Alternatives in more than this share of the pages are matched but not ranked on: their
# BM25 weight is near zero ("wijk", "werk" are on most pages of the sector), and every
# ranked alternative costs a ts_rank over every matching page.
COMMON_SHARE = 0.5
# The pages ranked exactly (idf-weighted, per word); the rest keep the rough order.
CANDIDATES = 200


def _frequencies(cursor, queries):
    """{tsquery: number of pages matching it}, from the cache where known."""
    keys = {q: "zoeken:df:" + hashlib.sha1(q.encode()).hexdigest() for q in queries}
    found = cache.get_many(list(keys.values()))
    known = {q: found[key] for q, key in keys.items() if key in found}
    missing = [q for q in queries if q not in known]
    if missing:
        counts = ", ".join(
            "count(*) FILTER (WHERE vector @@ to_tsquery('simple', %s))" for _ in missing)
        any_missing = " | ".join(f"({q})" for q in missing)
        cursor.execute(f"SELECT {counts} FROM zoeken_zoektekst "
                       "WHERE vector @@ to_tsquery('simple', %s)", [*missing, any_missing])
        counted = dict(zip(missing, cursor.fetchone(), strict=True))
        cache.set_many({keys[q]: n for q, n in counted.items()}, FREQUENCY_TTL)
        known.update(counted)
    return known


def _postgresql_ranked(alternatives, limit):
    # The matching pages from the GIN index (a bitmap scan), never a sequential scan: that
    # tests every page's term vector, and reads it again for ts_rank. The planner prices
    # the two alike when most pages match, and picked the scan, ~35 ms slower at 10,000
    # pages (bench/README.md). SET LOCAL ends with the transaction (or is undone with the
    # savepoint on an error); inside an outer one (a test, ATOMIC_REQUESTS) the value it
    # had is put back.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        before = cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")
        found = _postgresql_ranked_in(cursor, alternatives, limit)
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])
        return found


def _postgresql_ranked_in(cursor, alternatives, limit):
    queries = [" & ".join(alt) for alt in alternatives]
    any_query = " | ".join(f"({q})" for q in queries)
    cursor.execute("SELECT count(*) FROM zoeken_zoektekst")
    total = cursor.fetchone()[0]
    frequencies = _frequencies(cursor, queries)
    # BM25's idf per alternative: a word in nearly every page adds almost nothing.
    weights = {q: math.log(1 + (total - df + 0.5) / (df + 0.5))
               for q, df in frequencies.items()}
    ranked = [q for q in queries if frequencies[q] <= total * COMMON_SHARE] or queries
    score = " + ".join(
        "%s * ts_rank(vector, to_tsquery('simple', %s), 1)" for _ in ranked)
    params = [p for q in ranked for p in (weights[q], q)]
    ranked_query = " | ".join(f"({q})" for q in ranked)
    # Two passes: one ts_rank of all the ranked words together puts the matching pages
    # in a rough order; only the best CANDIDATES get the weighted sum, one ts_rank per
    # word (each ts_rank reads the page's whole term vector again).
    # With few matches (their words' frequencies add up to CANDIDATES or fewer) the
    # exact order at once.
    rough = sum(frequencies[q] for q in ranked) > CANDIDATES
    order, order_params = (
        ("ts_rank(vector, to_tsquery('simple', %s), 1)", [ranked_query]) if rough
        else (score, params))
    cursor.execute(
        f"SELECT page_id FROM zoeken_zoektekst WHERE vector @@ to_tsquery('simple', %s) "
        f"ORDER BY {order} DESC, page_id LIMIT %s", [ranked_query, *order_params, limit])
    found = [row[0] for row in cursor.fetchall()]
    if rough and len(ranked) > 1:
        cursor.execute(
            f"SELECT page_id FROM zoeken_zoektekst WHERE page_id = ANY(%s) "
            f"ORDER BY {score} DESC, page_id", [found[:CANDIDATES], *params])
        found = [row[0] for row in cursor.fetchall()] + found[CANDIDATES:]
    if len(found) < limit and len(ranked) < len(queries):
        # Then the pages with only the common words, newest first: ranking them would
        # read every page's term vector, for results past the first pages.
        cursor.execute(
            "SELECT page_id FROM zoeken_zoektekst WHERE vector @@ to_tsquery('simple', %s) "
            "ORDER BY page_id DESC LIMIT %s", [any_query, limit])
        seen = set(found)
        found += [row[0] for row in cursor.fetchall() if row[0] not in seen]
    return found[:limit]


def known_word(word):
    """Whether the word itself (its stem, not a compound part) is in any page's terms:
    a misspelt word is not, though a part of it may be ("kwartiermakn")."""
    found = terms.words(word)
    if not found:
        return True
    try:
        if connection.vendor == "sqlite":
            return bool(_sqlite_ranked([(terms.stem(found[0]),)], 1))
        return bool(_postgresql_ranked([(terms.stem(found[0]),)], 1))
    except DatabaseError:
        logger.exception("Woordcontrole mislukt voor %r", word)
        return True
