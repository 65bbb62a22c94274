"""The page cache on Redis (REDIS_URL), as production runs it with several workers or
servers: the cache and its generation are shared, so a publish committed by one process
purges the pages of all; a Redis outage gives uncached pages, never an error.

A real redis-server (Debian's; scripts/test installs it) is started on a free port. The
tests commit (transaction=True) because the shared generation moves after a commit."""

import os
import shutil
import socket
import subprocess
import sys
import time

from django.core.cache import caches
from django.test import override_settings

import pytest
from django_redis import get_redis_connection

from portaal.cache import GENERATION_KEY, HEADER, current_generation
from portaal.settings.caches import cache_settings
from tests.browser.public_support import ensure_wagtail_root
from tests.conftest import REPO_ROOT, free_port, skip_or_fail
from tests.factories import make_page, make_site, make_thema

pytestmark = pytest.mark.django_db(transaction=True)



def start_redis(directory):
    exe = shutil.which("redis-server")
    if exe is None:
        skip_or_fail("redis-server is missing (apt-get install redis-server; scripts/test does)")
    port = free_port()
    process = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    process.kill()
    pytest.fail("redis-server did not start")


@pytest.fixture
def redis(tmp_path):
    ensure_wagtail_root()  # an earlier transactional test's flush removed it
    process, url = start_redis(tmp_path)
    with override_settings(CACHES=cache_settings({"REDIS_URL": url}, REPO_ROOT),
                           PAGE_CACHE_ENABLED=True):
        caches["default"].clear()
        yield process, url
    process.terminate()
    process.wait(timeout=10)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_the_generation_lives_in_redis_and_a_publish_moves_it(client, redis):
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Maatjesproject", themas=[thema])
    before = caches["default"].get(GENERATION_KEY)
    assert before is not None and str(before) == current_generation()
    assert get(client, "/thema/eenzaamheid/")[HEADER] == "miss"
    assert get(client, "/thema/eenzaamheid/")[HEADER] == "hit"

    make_page("interventie", "Buurtkamer Noord", themas=[thema])
    assert caches["default"].get(GENERATION_KEY) > before
    response = get(client, "/thema/eenzaamheid/")
    assert response[HEADER] == "miss"
    assert b"Buurtkamer Noord" in response.content


def test_another_process_gets_the_page_this_one_cached(client, redis, tmp_path):
    _, url = redis
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Maatjesproject", themas=[thema])
    first = get(client, "/thema/eenzaamheid/")
    assert first[HEADER] == "miss"
    # Another worker: a fresh Python process with the production settings on the same
    # Redis. A hit never reaches its database (an empty file here).
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portaal.settings.production",
           "SECRET_KEY": "redis-test-" + "q" * 60, "ALLOWED_HOSTS": "testserver",
           "REDIS_URL": url, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
           "PAGE_CACHE_GENERATION_FILE": str(tmp_path / "unused-generation")}
    for name in ("OPENSEARCH_URL", "ELASTICSEARCH_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    code = ("import django; django.setup()\n"
            "from django.test import Client\n"
            "r = Client().get('/thema/eenzaamheid/', secure=True)\n"
            "print(r.status_code, r['X-Page-Cache'], b'Maatjesproject' in r.content)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-3:] == ["200", "hit", "True"]


def test_a_redis_outage_gives_fresh_pages_not_errors(client, redis):
    process, _ = redis
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Maatjesproject", themas=[thema])
    assert get(client, "/thema/eenzaamheid/")[HEADER] == "miss"
    # A Redis that hangs instead of refusing must not hang the page: the connection the
    # cache really uses gives up after a second (checked on the client, not on a stopwatch
    # that a busy machine trips).
    pool = get_redis_connection("default").connection_pool
    assert pool.connection_kwargs["socket_connect_timeout"] == 1
    assert pool.connection_kwargs["socket_timeout"] == 1
    process.terminate()
    process.wait(timeout=10)
    response = get(client, "/thema/eenzaamheid/")
    assert b"Maatjesproject" in response.content
    make_page("interventie", "Buurtkamer Noord", themas=[thema])  # the bump fails quietly
    assert b"Buurtkamer Noord" in get(client, "/thema/eenzaamheid/").content


def redis_commands(url, action):
    """The commands Redis received while ``action`` ran (``redis-cli monitor``)."""
    port = url.rsplit(":", 1)[1].split("/")[0]
    monitor = subprocess.Popen(["redis-cli", "-p", port, "monitor"], stdout=subprocess.PIPE,
                               text=True)
    assert monitor.stdout.readline().strip() == "OK"
    action()
    get_redis_connection("default").ping()  # the last command: all before it were seen
    lines = []
    for line in monitor.stdout:
        lines.append(line)
        if '"PING"' in line.upper():
            break
    monitor.terminate()
    monitor.wait(timeout=10)
    return lines


def test_a_request_reads_the_generation_once_and_the_next_request_anew(client, redis):
    _, url = redis
    make_site()
    thema = make_thema("Eenzaamheid")
    make_page("interventie", "Maatjesproject", themas=[thema])
    # A search asks for about ten kept values (site, chrome, facets, promotions ...); each
    # one read the generation from Redis before.
    lines = redis_commands(url, lambda: get(client, "/zoeken/?q=maatje"))
    reads = [line for line in lines if GENERATION_KEY in line and '"GET"' in line.upper()]
    assert len(reads) == 1, reads
    assert len([line for line in lines if '"GET"' in line.upper()]) > 5
    # What does not change in place (the kept header and footer, the facets' terms, the
    # private sections) the next request finds in the process, without asking Redis.
    lines = redis_commands(url, lambda: get(client, "/zoeken/?q=maatje"))
    asked = " ".join(line for line in lines if '"GET"' in line.upper())
    for name in ("chrome", "facet-options", "private-sections", "site-chrome"):
        assert f":{name}:" not in asked, name

    assert get(client, "/thema/eenzaamheid/")[HEADER] == "miss"
    assert get(client, "/thema/eenzaamheid/")[HEADER] == "hit"
    caches["default"].incr(GENERATION_KEY)  # another process published something
    assert get(client, "/thema/eenzaamheid/")[HEADER] == "miss"
