"""``scripts/serve``, the documented production command, really serves: gunicorn workers
with frozen start-up objects, compressed static files with cache-busting names, the page
cache, health. Runs the script as a deployment would (collectstatic, migrate, gunicorn) on
a fresh SQLite database."""

import gzip

import pytest

from tests.serve_support import fetch


@pytest.fixture(scope="module")
def server(production_server):
    base, process, _, _, log = production_server
    return base, process, log


def test_health_answers_json_with_the_database_up(server):
    base, _, _ = server
    status, headers, body = fetch(base + "/health/")
    assert headers["Content-Type"].startswith("application/json")
    assert b'"database"' in body
    # No search engine is configured here: the database backend is the search; health
    # says so instead of failing.
    assert status == 200, body


def test_static_files_are_compressed_with_cache_busting_names(server):
    base, _, _ = server
    status, _, html = fetch(base + "/thema/")
    assert status == 200
    css = html.decode().split('href="/static/css/', 1)[1].split('"', 1)[0]
    assert css.count(".") >= 2, css  # main.<hash>.css
    status, headers, body = fetch(f"{base}/static/css/{css}", **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert b"{" in gzip.decompress(body)
    assert "immutable" in headers["Cache-Control"]


def test_anonymous_pages_come_from_the_cache_the_second_time(server):
    base, _, _ = server
    fetch(base + "/thema/")
    status, headers, _ = fetch(base + "/thema/")
    assert status == 200
    assert headers["X-Page-Cache"] == "hit"


def test_workers_run_the_gc_freeze_hook_and_are_not_recycled(server):
    _, process, log = server
    # Recycling workers (--max-requests) threw away their caches every few seconds under
    # load and put a cold start in the way of requests (bench/README.md, "Load").
    args = open(f"/proc/{process.pid}/cmdline").read().replace("\0", " ")
    assert "portaal.gunicorn_conf" in args
    assert "--max-requests 0" in args
    assert "Traceback" not in log.read_text()
