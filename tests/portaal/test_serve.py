"""``scripts/serve``, the documented production command, really serves: gunicorn workers
with frozen start-up objects, compressed static files with cache-busting names, the page
cache, health. Runs the script as a deployment would (collectstatic, migrate, gunicorn) on
a fresh SQLite database."""

import gzip
import os
import signal
import subprocess
import time
import urllib.request

import pytest

from tests.conftest import REPO_ROOT, free_port

SECRET = "serve-test-" + "k9Z" * 20



def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in (
            "DATABASE_URL", "OPENSEARCH_URL", "ELASTICSEARCH_URL", "REDIS_URL",
            "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")},
        "SECRET_KEY": SECRET, "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "BIND": f"127.0.0.1:{port}", "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(tmp / "media"), "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "PAGE_CACHE_GENERATION_FILE": str(tmp / "generation"), "LOG_LEVEL": "WARNING",
        # One worker: without REDIS_URL each worker has its own cache, and the cache test
        # needs its two requests to meet the same one.
        "GUNICORN_WORKERS": "1",
    }
    log = (tmp / "serve.log").open("w")
    process = subprocess.Popen([str(REPO_ROOT / "scripts" / "serve")], cwd=REPO_ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        try:
            fetch(base + "/health/")
            break
        except OSError:
            time.sleep(0.5)
    else:
        os.killpg(process.pid, signal.SIGTERM)
        pytest.fail("scripts/serve did not come up: " + (tmp / "serve.log").read_text()[-3000:])
    yield base, process, tmp / "serve.log"
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
    log.close()


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
