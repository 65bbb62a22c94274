"""Visitors' searches are counted in batches: kept in the worker, written together after a
response, in a fixed number of statements; a failed write loses no count and no page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

import pytest

from tests.conftest import module_data
from tests.factories import make_page, make_site, make_thema
from zoeken import querylog
from zoeken.models import Zoekvraag

pytestmark = pytest.mark.django_db


@module_data
def content():
    make_site()
    maatjes = make_thema("Maatjes")
    return [make_page("interventie", f"Maatjes in de wijk {i}", themas=[maatjes])
            for i in range(3)]


def search(client, q):
    response = client.get("/zoeken/", {"q": q})
    assert response.status_code == 200
    return response


def test_searches_are_written_together_once_the_interval_passed(content, client, settings):
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    search(client, "Maatje")
    search(client, "maatje")
    search(client, "onvindbaarwoord")
    # Kept in the worker: no statement per search.
    assert not Zoekvraag.objects.exists()
    assert not Query.objects.exists()
    settings.SEARCH_LOG_FLUSH_SECONDS = 0  # the interval has passed: the next response writes
    search(client, "maatje")
    assert Query.get("maatje").hits == 3
    maatje = Zoekvraag.objects.get(query_string="maatje")
    assert (maatje.searches, maatje.zero_results) == (3, 0)
    assert maatje.last_result_count > 0
    missed = Zoekvraag.objects.get(query_string="onvindbaarwoord")
    assert (missed.searches, missed.zero_results, missed.last_result_count) == (1, 1, 0)
    assert Query.get("onvindbaarwoord").hits == 1


def test_a_batch_takes_the_same_statements_for_one_query_as_for_fifty():
    def statements(queries):
        for q in queries:
            querylog.record(q, 2)
        with CaptureQueriesContext(connection) as captured:
            querylog.search_log.flush()
        return len(captured)

    one = statements(["maatje"])
    fifty = statements([f"vraag {i}" for i in range(50)] * 2)
    assert one == fifty <= 8
    assert Zoekvraag.objects.get(query_string="vraag 7").searches == 2
    assert Query.get("vraag 49").hits == 2


def test_counts_are_added_to_earlier_rows_and_days_are_kept_apart():
    query = Query.get("buddy")
    today = timezone.localdate()
    QueryDailyHits.objects.create(query=query, date=today, hits=4)
    Zoekvraag.objects.create(query_string="buddy", searches=4, zero_results=1)
    querylog.record("buddy", 0)
    querylog.record("  Buddy ", 6)
    querylog.search_log.flush()
    assert QueryDailyHits.objects.get(query=query, date=today).hits == 6
    row = Zoekvraag.objects.get(query_string="buddy")
    assert (row.searches, row.zero_results, row.last_result_count) == (6, 2, 6)

    # A batch that spans midnight counts each day on its own day.
    yesterday = timezone.now() - datetime.timedelta(days=1)
    querylog.search_log.add("buddy", 3, now=yesterday)
    querylog.search_log.add("buddy", 3, now=yesterday)
    querylog.record("buddy", 5)
    querylog.search_log.flush()
    hits = dict(QueryDailyHits.objects.filter(query=query).values_list("date", "hits"))
    assert hits == {today: 7, timezone.localdate(yesterday): 2}
    row.refresh_from_db()
    # the latest search gives the last result count, whatever day the batch holds first
    assert (row.searches, row.last_result_count) == (9, 5)


def test_a_failed_write_costs_no_page_and_no_count(content, client, settings, caplog):
    settings.SEARCH_LOG_FLUSH_SECONDS = 0
    table = Zoekvraag._meta.db_table
    with connection.cursor() as cursor:  # the table is gone for a moment: writes fail
        cursor.execute(f"ALTER TABLE {table} RENAME TO zoekvraag_weg")
    search(client, "maatje")
    search(client, "maatje")
    assert "search log not written" in caplog.text
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE zoekvraag_weg RENAME TO {table}")
    search(client, "maatje")
    assert Zoekvraag.objects.get(query_string="maatje").searches == 3
    assert Query.get("maatje").hits == 3


def test_while_writes_fail_the_worker_keeps_a_bounded_number_of_queries(monkeypatch):
    monkeypatch.setattr(querylog, "MAX_KEPT", 3)
    for q in ("een", "twee", "drie", "vier"):
        querylog.record(q, 1)
    querylog.record("een", 1)  # a kept query is still counted
    querylog.search_log.flush()
    assert dict(Zoekvraag.objects.values_list("query_string", "searches")) == {
        "een": 2, "twee": 1, "drie": 1}


def refuse_query_in_database(query_string):
    """A trigger that makes the database refuse a new count of ``query_string``."""
    table = Zoekvraag._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION weiger_zoekvraag() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.query_string = '{query_string}' THEN RAISE EXCEPTION 'geweigerd'; "
                "END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
            cursor.execute(f"CREATE TRIGGER weiger BEFORE INSERT ON {table} "
                           "FOR EACH ROW EXECUTE FUNCTION weiger_zoekvraag()")
        else:
            cursor.execute(f"CREATE TRIGGER weiger BEFORE INSERT ON {table} "
                           f"WHEN NEW.query_string = '{query_string}' "
                           "BEGIN SELECT RAISE(ABORT, 'geweigerd'); END")


def allow_again():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER weiger ON {Zoekvraag._meta.db_table}")
            cursor.execute("DROP FUNCTION weiger_zoekvraag()")
        else:
            cursor.execute("DROP TRIGGER weiger")


def test_a_batch_that_fails_halfway_writes_no_count_twice(monkeypatch, caplog):
    monkeypatch.setattr(querylog, "CHUNK", 1)  # one query per transaction
    refuse_query_in_database("tweede")
    querylog.search_log.add("eerste", 3, now=timezone.now() - datetime.timedelta(seconds=2))
    querylog.search_log.add("tweede", 3, now=timezone.now() - datetime.timedelta(seconds=1))
    querylog.search_log.add("derde", 3)
    querylog.search_log.flush()
    assert "search log not written" in caplog.text
    assert dict(Zoekvraag.objects.values_list("query_string", "searches")) == {"eerste": 1}
    allow_again()
    querylog.search_log.flush()
    assert dict(Zoekvraag.objects.values_list("query_string", "searches")) == {
        "eerste": 1, "tweede": 1, "derde": 1}
    assert [Query.get(q).hits for q in ("eerste", "tweede", "derde")] == [1, 1, 1]
