"""Counting what visitors search for: Wagtail's promotions hits and our zero-result count.

Writing the counts of one search took five statements (three lookups, two updates), about
a third of a search's CPU, and on PostgreSQL a commit per search. So a worker
process keeps its searches in memory and writes them together when
``SEARCH_LOG_FLUSH_SECONDS`` have passed, after the response of the request that passed
them (``request_finished``), in a fixed number of statements however many searches it
holds; the same query searched twice is one row changed once. What a process keeps is
written when it exits normally (``atexit``: gunicorn's restarts and shutdowns), and is
lost if it is killed: at most that many seconds of counts. A failed write keeps its counts
for the next one, up to ``MAX_KEPT`` queries.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Case, DateTimeField, F, IntegerField, Q, Value, When
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from portaal.cache import generation_cached
from zoeken.models import Zoekvraag

logger = logging.getLogger(__name__)

# Queries kept at most while writes fail (a database that is down for long); beyond it new
# queries are not counted, so a worker's memory stays bounded.
MAX_KEPT = 5000
# Rows changed per statement: SQLite takes at most 32,766 parameters, the updates use
# three per row and field.
CHUNK = 300


@dataclass
class Tally:
    """One query's searches on one day, not written yet."""

    searches: int = 0
    zero_results: int = 0
    last_result_count: int = 0
    last_searched_at: object = None


class SearchLog:
    """The searches of this process that are not written yet, by query and day."""

    def __init__(self):
        self._lock = threading.Lock()
        self._kept: dict[tuple[str, object], Tally] = {}
        self._since = time.monotonic()

    def add(self, normalised, result_count, now=None):
        now = now or timezone.now()
        with self._lock:
            key = (normalised, timezone.localdate(now))
            tally = self._kept.get(key)
            if tally is None:
                if len(self._kept) >= MAX_KEPT:
                    return
                tally = self._kept[key] = Tally()
            tally.searches += 1
            tally.zero_results += int(result_count == 0)
            tally.last_result_count = result_count
            tally.last_searched_at = now

    def due(self):
        seconds = getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", 10)
        return bool(self._kept) and time.monotonic() - self._since >= seconds

    def flush(self):
        """Write what is kept; on failure keep it for the next flush."""
        with self._lock:
            kept, self._kept, self._since = self._kept, {}, time.monotonic()
        items = list(kept.items())
        # Each chunk in a transaction of its own: after a failure only the chunks not
        # written yet are kept, so no count is written twice.
        for start in range(0, len(items), CHUNK):
            try:
                with transaction.atomic():
                    _write_chunk(items[start:start + CHUNK])
            except Exception:
                logger.exception("search log not written; kept for the next write",
                                 extra={"queries": len(items) - start})
                self._keep_again(items[start:])
                return

    def _keep_again(self, items):
        with self._lock:
            for key, tally in items:
                if key in self._kept or len(self._kept) < MAX_KEPT:
                    self._kept[key] = merged(tally, self._kept.get(key))

    def discard(self):
        with self._lock:
            self._kept.clear()


def merged(older: Tally, newer: Tally | None) -> Tally:
    if newer is None:
        return older
    return Tally(older.searches + newer.searches, older.zero_results + newer.zero_results,
                 newer.last_result_count, newer.last_searched_at)


def _write_chunk(items):
    """Add the tallies to the counts: six statements for up to ``CHUNK`` queries."""
    strings = {normalised for (normalised, _day), _tally in items}
    Query.objects.bulk_create([Query(query_string=s) for s in strings], ignore_conflicts=True)
    query_ids = dict(Query.objects.filter(query_string__in=strings)
                     .values_list("query_string", "pk"))
    days = {}
    for (normalised, day), tally in items:
        days.setdefault(day, []).append((query_ids[normalised], tally.searches))
    for day, hits in days.items():
        QueryDailyHits.objects.bulk_create(
            [QueryDailyHits(query_id=pk, date=day, hits=0) for pk, _n in hits],
            ignore_conflicts=True)
        QueryDailyHits.objects.filter(date=day, query_id__in=[pk for pk, _n in hits]).update(
            hits=F("hits") + _per_row("query_id", hits))
    # Zoekvraag counts all days together: one row per query, its latest search last.
    totals: dict[str, Tally] = {}
    for (normalised, _day), tally in sorted(items, key=lambda item: item[1].last_searched_at):
        totals[normalised] = merged(totals[normalised], tally) if normalised in totals else tally
    Zoekvraag.objects.bulk_create(
        [Zoekvraag(query_string=s, last_searched_at=t.last_searched_at)
         for s, t in totals.items()], ignore_conflicts=True)
    rows = list(totals.items())
    Zoekvraag.objects.filter(query_string__in=list(totals)).update(
        searches=F("searches") + _per_row("query_string", [(s, t.searches) for s, t in rows]),
        zero_results=F("zero_results") + _per_row(
            "query_string", [(s, t.zero_results) for s, t in rows]),
        last_result_count=_per_row("query_string", [(s, t.last_result_count) for s, t in rows]),
        last_searched_at=Case(*[When(Q(query_string=s), then=Value(t.last_searched_at))
                                for s, t in rows], output_field=DateTimeField()),
    )


def _per_row(field, values):
    return Case(*[When(Q(**{field: key}), then=Value(value)) for key, value in values],
                default=Value(0), output_field=IntegerField())


search_log = SearchLog()
atexit.register(search_log.flush)


def record(query_string, result_count):
    """Count a visitor's search; written with the process's other searches (see above)."""
    normalised = normalise_query_string(query_string)[:255]
    if normalised:
        search_log.add(normalised, result_count)


def flush_if_due(**kwargs):
    """``request_finished``: write the kept searches once they are old enough."""
    if search_log.due():
        search_log.flush()


def promotions(query_string):
    """Editors' promoted pages and links for this query, in their order."""
    normalised = normalise_query_string(query_string)[:255]
    if not normalised:
        return []
    # Asked on every search and seldom changed: kept per cache generation, which a saved
    # or deleted promotion starts anew (zoeken/signals.py), as a publish does. Most
    # searches have none: the promoted queries are kept as one set, so a search never
    # made before asks the database nothing here.
    if normalised not in generation_cached("search-promoted-queries", (), _promoted,
                                           in_process=True):
        return []
    return generation_cached("search-promotions", normalised,
                             lambda: _promotions(normalised))


def _promoted():
    return frozenset(Query.objects.filter(editors_picks__isnull=False)
                     .values_list("query_string", flat=True))


def _promotions(normalised):
    query = Query.objects.filter(query_string=normalised).first()
    if query is None:
        return []
    return list(query.editors_picks.select_related("page").order_by("sort_order"))
