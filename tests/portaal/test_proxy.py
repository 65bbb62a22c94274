"""The reference reverse proxy (scripts/nginx.conf.template, started by scripts/proxy): a
real Debian nginx in front of the run's real gunicorn (scripts/serve, production settings),
and a second gunicorn for the search pool, as the README's "Deployment" describes.

Each test talks to nginx over real sockets, from the loopback source address of a client
of its own (127.0.0.2, 127.0.0.3, ...: all of 127/8 is the loopback interface), and reads
nginx's access log for which pool answered (``upstream=`` there; ``-`` when nginx served
the file itself).
"""

import gzip
import http.client
import os
import re
import subprocess
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, free_port
from tests.roles import PASSWORD
from tests.security.test_private_media import REMOVED, VARIANTS
from tests.security.test_throttles import ADDRESS_THROTTLED
from tests.serve_support import serving

PROXY = REPO_ROOT / "scripts" / "proxy"
SEARCH_NICE = 5
MEMBER = "proxy-lid@example.org"
LOGIN = "/account/inloggen/"
# A document of a public collection: its file is under MEDIA_ROOT/documents/, but it is
# served only by Wagtail's /documents/<id>/<name> (downloads, headers), never by name.
PUBLIC_DOCUMENT = b"%PDF-1.4\n% jaarverslag buurtteam, openbaar\n%%EOF\n"
IMAGE = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# Tried on top of test_private_media's VARIANTS: what nginx itself might let through.
NGINX_VARIANTS = (
    "/media/../private/documents/{name}",
    "/media/%2e%2e/private/documents/{name}",
    "/media/%2E%2E/private/documents/{name}",
    "/media/..%2fprivate/documents/{name}",
    "/media/%2e%2e%2fprivate/documents/{name}",
    "/media../private/documents/{name}",
    "/media..%2fprivate/documents/{name}",
    "/media/x/../../private/documents/{name}",
    "/media/%2e%2e/%2e%2e/private/documents/{name}",
    "/media/..\\private/documents/{name}",
    "/static/../private/documents/{name}",
    "/static../private/documents/{name}",
)
OUTSIDE_MEDIA = ("/media/../db.sqlite3", "/media/%2e%2e/db.sqlite3", "/media../db.sqlite3",
                 "/static/../db.sqlite3", "/static../db.sqlite3", "/media/../serve.log")
DOCUMENT_VARIANTS = ("/media/documents/{name}", "/media/./documents/{name}",
                     "/media//documents/{name}", "/media/%2e/documents/{name}",
                     "/media/x/../documents/{name}", "/media/DOCUMENTS/{name}",
                     "/media/Documents/{name}", "/media/%64ocuments/{name}")

MAKE_MEMBER = f"""
from tests.roles import make_user
make_user("member", email={MEMBER!r})
"""


class Proxy:
    def __init__(self, port, folder, app, search, search_pid, static_root):
        self.port, self.folder, self.app, self.search = port, folder, app, search
        self.search_pid, self.static_root = search_pid, static_root

    def connect(self, client="127.0.0.2"):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=15,
                                          source_address=(client, 0))

    def request(self, path, client="127.0.0.2", method="GET", body=None, **headers):
        """One request with ``path`` sent exactly as written, from ``client``'s address."""
        connection = self.connect(client)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def upstream_of(self, path):
        """The ``upstream=`` nginx logged for the last request of ``path`` (any method)."""
        pattern = re.compile(r'"[A-Z]+ ' + re.escape(path) + r' HTTP/1\.1" \d+ .* upstream=(\S+)')
        deadline = time.monotonic() + 5
        while True:
            found = pattern.findall((self.folder / "access.log").read_text())
            if found or time.monotonic() > deadline:
                assert found, (path, (self.folder / "access.log").read_text()[-2000:])
                return found[-1]
            time.sleep(0.1)


def run_proxy(command, env):
    result = subprocess.run([str(PROXY), command], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


@contextmanager
def running_proxy(folder, app, search, static_root, media_root):
    """``scripts/proxy start`` with its files in ``folder``; stopped when the block ends.
    Yields the port."""
    env = {**os.environ, "PROXY_PORT": str(free_port()), "PROXY_DIR": str(folder),
           "APP_UPSTREAM": app, "SEARCH_UPSTREAM": search,
           "STATIC_ROOT": str(static_root), "MEDIA_ROOT": str(media_root)}
    try:
        # Stopped in any case: a start that failed half-way may have left nginx running.
        url = run_proxy("start", env)
        assert url == f"http://127.0.0.1:{env['PROXY_PORT']}"
        yield int(env["PROXY_PORT"])
    finally:
        run_proxy("stop", env)


@pytest.fixture(scope="module")
def proxy(production_server, tmp_path_factory):
    """nginx (scripts/proxy) in front of the run's scripts/serve for the pages and a second
    scripts/serve (SKIP_SETUP=1, its own BIND, niced) on the same database for /zoeken/."""
    _, _, env, _, _ = production_server
    result = subprocess.run(
        [str(REPO_ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", MAKE_MEMBER],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
        env={**env, "DJANGO_SETTINGS_MODULE": "portaal.settings.production",
             "SECURE_SSL_REDIRECT": "false"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    search_env = {**env, "BIND": f"127.0.0.1:{free_port()}", "SKIP_SETUP": "1",
                  "GUNICORN_NICE": str(SEARCH_NICE)}
    folder = tmp_path_factory.mktemp("proxy")
    with (serving(search_env, folder / "search.log", startup_seconds=180) as (_, search),
          running_proxy(folder, env["BIND"], search_env["BIND"], env["STATIC_ROOT"],
                        env["MEDIA_ROOT"]) as port):
        yield Proxy(port, folder, env["BIND"], search_env["BIND"], search.pid,
                    Path(env["STATIC_ROOT"]))


@pytest.fixture(scope="module")
def files(production_server):
    """A private document where the storage keeps it (PRIVATE_MEDIA_ROOT, outside
    MEDIA_ROOT: portaal/storage.py), a public document's file and an image under
    MEDIA_ROOT."""
    _, _, env, _, _ = production_server
    private = Path(env["PRIVATE_MEDIA_ROOT"]) / "documents" / "werkplan-proxy.pdf"
    public = Path(env["MEDIA_ROOT"]) / "documents" / "jaarverslag-proxy.pdf"
    image = Path(env["MEDIA_ROOT"]) / "images" / "kaart-proxy.png"
    for path, content in ((private, REMOVED), (public, PUBLIC_DOCUMENT), (image, IMAGE)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return {"private": private, "public": public, "image": image}


def test_pages_and_search_answer_through_the_proxy_each_from_its_own_pool(proxy):
    for path in ("/thema/", "/zoeken/?q=maatje", "/zoeken/suggesties/?q=maat"):
        status, _, body = proxy.request(path)
        assert status == 200, (path, body[:500])
    assert proxy.upstream_of("/thema/") == proxy.app
    assert proxy.upstream_of("/zoeken/?q=maatje") == proxy.search
    assert proxy.upstream_of("/zoeken/suggesties/?q=maat") == proxy.search


def test_the_search_pool_runs_niced(proxy):
    # scripts/serve becomes gunicorn's master (exec); its workers are its children.
    master = proxy.search_pid
    assert "gunicorn" in Path(f"/proc/{master}/cmdline").read_text()
    workers = subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                             text=True).stdout.split()
    assert workers
    pids = [master, *map(int, workers)]
    expected = min(os.getpriority(os.PRIO_PROCESS, 0) + SEARCH_NICE, 19)
    assert {os.getpriority(os.PRIO_PROCESS, pid) for pid in pids} == {expected}


def test_static_files_are_served_by_nginx_with_a_long_cache(proxy):
    status, _, html = proxy.request("/thema/")
    assert status == 200
    css = html.decode().split('href="/static/css/', 1)[1].split('"', 1)[0]
    path = f"/static/css/{css}"
    status, headers, body = proxy.request(path, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert proxy.upstream_of(path) == "-"
    # The .gz collectstatic wrote beside it, sent as it is.
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (proxy.static_root / "css" / css).read_bytes()
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_public_images_are_served_by_nginx(proxy, files):
    status, headers, body = proxy.request("/media/images/kaart-proxy.png")
    assert status == 200
    assert body == IMAGE
    assert "Content-Disposition" not in headers
    assert proxy.upstream_of("/media/images/kaart-proxy.png") == "-"


def test_no_spelling_of_a_media_path_reaches_a_private_file(proxy, files):
    name = files["private"].name
    for variant in VARIANTS + NGINX_VARIANTS:
        path = variant.format(name=name)
        status, headers, body = proxy.request(path)
        assert status != 200 and REMOVED not in body, (path, status, dict(headers))
    # The database and the server's log lie next to MEDIA_ROOT.
    for path in OUTSIDE_MEDIA:
        status, _, body = proxy.request(path)
        assert status != 200 and b"SQLite format" not in body, (path, status)


def test_document_files_are_not_served_by_name_under_media(proxy, files):
    # Wagtail's /documents/<id>/<name> serves them (and checks restrictions); the app's own
    # /media/ view refuses this folder too (portaal/media.py).
    name = files["public"].name
    for variant in DOCUMENT_VARIANTS:
        path = variant.format(name=name)
        status, _, body = proxy.request(path)
        assert status == 404 and PUBLIC_DOCUMENT not in body, (path, status)
        assert b"Deze pagina of dit bestand bestaat niet" in body, body


def login_form(proxy, client, **headers):
    """The member login page's CSRF cookie and token, fetched from ``client``'s address."""
    status, response_headers, body = proxy.request(LOGIN, client=client, **headers)
    assert status == 200
    cookie = next(c.split(";", 1)[0] for c in response_headers.get_all("Set-Cookie")
                  if c.startswith("csrftoken="))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token


def log_in(proxy, client, username, password, **headers):
    """The member login form posted from ``client``'s address: (status, page)."""
    cookie, token = login_form(proxy, client, **headers)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                   "password": password})
    status, _, body = proxy.request(
        LOGIN, client=client, method="POST", body=form, Cookie=cookie,
        **{"Content-Type": "application/x-www-form-urlencoded"}, **headers)
    return status, body.decode()


def lock_out(proxy, client, spoofed=None):
    """The per-address limit of failed logins (30: LOGIN_THROTTLE_MAX_PER_IP), each for
    another made-up account."""
    for n in range(30):
        headers = {"X-Forwarded-For": spoofed.format(n=n)} if spoofed else {}
        status, page = log_in(proxy, client, f"gok{n}@example.org", "fout", **headers)
        assert status == 200, (n, page[:500])


def test_a_locked_out_client_does_not_lock_out_another_behind_the_proxy(proxy):
    lock_out(proxy, "127.0.0.2")
    status, page = log_in(proxy, "127.0.0.2", MEMBER, PASSWORD)
    assert status == 200 and ADDRESS_THROTTLED in page
    # Another visitor reaches the app through the same nginx, from another address.
    status, page = log_in(proxy, "127.0.0.3", MEMBER, PASSWORD)
    assert status == 302, page[:2000]


def test_a_forwarded_for_written_by_the_client_is_replaced_by_nginx(proxy):
    # Every failed try claims another address; nginx counts the one it saw.
    lock_out(proxy, "127.0.0.4", spoofed="192.0.2.{n}")
    status, page = log_in(proxy, "127.0.0.4", MEMBER, PASSWORD, **{"X-Forwarded-For": "1.2.3.4"})
    assert status == 200 and ADDRESS_THROTTLED in page
    # Claiming to be the locked-out client does not lock out another one.
    status, page = log_in(proxy, "127.0.0.5", MEMBER, PASSWORD,
                          **{"X-Forwarded-For": "127.0.0.4"})
    assert status == 302, page[:2000]


def test_a_client_cannot_claim_https_past_the_proxy(proxy):
    # gunicorn trusts the scheme headers of its proxy; a client's own must not reach it.
    for header in ("X-Forwarded-Ssl", "X-Forwarded-Protocol"):
        value = "on" if header == "X-Forwarded-Ssl" else "ssl"
        status, _, body = proxy.request("/thema/", **{header: value})
        assert status == 200, (header, body[:300])


def test_nginx_keeps_the_client_connection_alive_between_requests(proxy):
    connection = proxy.connect("127.0.0.6")
    try:
        connection.request("GET", "/thema/")
        first = connection.getresponse()
        first.read()
        sock = connection.sock
        connection.request("GET", "/zoeken/?q=buurt")
        second = connection.getresponse()
        second.read()
        assert (first.status, second.status) == (200, 200)
        # http.client reconnects silently when the server closed: the same socket both times.
        assert sock is not None and connection.sock is sock
    finally:
        connection.close()


def test_nginx_takes_the_largest_submission_and_refuses_more(proxy):
    # A member's submission holds up to 5 attachments of 10 MB: nginx passes it on, and the
    # app reads it whole before it refuses the form's CSRF token (it does not match the
    # cookie). The cookie is what makes Django read the form: without one it answers at
    # once and closes the connection while nginx is still sending, and which of the two
    # nginx sees first (the 403 or a reset, a 502) depends on the load.
    boundary = "kennisportaal-proxy-test"
    body = b"".join((
        f"--{boundary}\r\n".encode(),
        b'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n',
        b"x" * 64 + b"\r\n",
        f"--{boundary}\r\n".encode(),
        b'Content-Disposition: form-data; name="bijlagen"; filename="verslag.pdf"\r\n',
        b"Content-Type: application/pdf\r\n\r\n",
        b"x" * (50 * 1024 * 1024) + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ))
    status, _, _ = proxy.request(
        "/inzenden/", client="127.0.0.7", method="POST", body=body,
        **{"Content-Type": f"multipart/form-data; boundary={boundary}",
           "Cookie": "csrftoken=" + "b" * 32})
    assert status == 403
    assert proxy.upstream_of("/inzenden/") == proxy.app
    # More is refused from the Content-Length alone, before anyone reads the body.
    status, headers, body = proxy.request("/inzenden/", client="127.0.0.7", method="POST",
                                          **{"Content-Length": str(52 * 1024 * 1024)})
    assert status == 413
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Wat u verstuurt is groter dan het kennisportaal aanneemt" in body


def test_nginx_answers_in_dutch_while_the_app_is_down(tmp_path):
    # Nothing listens on the upstreams' port: a restart, or gunicorn gone.
    down = f"127.0.0.1:{free_port()}"
    with running_proxy(tmp_path, down, down, tmp_path, tmp_path) as port:
        proxy = Proxy(port, tmp_path, down, down, None, tmp_path)
        for path in ("/thema/", "/zoeken/?q=maatje"):
            status, headers, body = proxy.request(path)
            assert status == 502, path
            assert '<html lang="nl">' in body.decode()
            assert "Het kennisportaal is even niet bereikbaar" in body.decode()
            assert headers["Retry-After"] == "30"
        status, _, body = proxy.request("/media/images/bestaat-niet.png")
        assert status == 404
        assert b"Deze pagina of dit bestand bestaat niet" in body
