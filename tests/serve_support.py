"""Starting ``scripts/serve``, the documented production command, as a deployment would
(collectstatic, migrate, gunicorn) on a fresh SQLite database, for the tests that talk to a
real server: tests/portaal/test_serve.py and tests/security/test_private_media.py."""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress

import pytest

from tests.conftest import REPO_ROOT, free_port

SECRET = "serve-test-" + "k9Z" * 20

# The developer's or CI's own services and settings must not leak into the production run.
NOT_PASSED_ON = ("DATABASE_URL", "OPENSEARCH_URL", "ELASTICSEARCH_URL", "REDIS_URL",
                 "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def serve_environment(tmp):
    """The environment ``scripts/serve`` runs with: everything of its own under ``tmp``,
    on a free loopback port."""
    return {
        **{k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON},
        "SECRET_KEY": SECRET, "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "BIND": f"127.0.0.1:{free_port()}", "ALLOWED_HOSTS": "127.0.0.1",
        # collectstatic of its own: the SQLite and PostgreSQL passes run side by side.
        "STATIC_ROOT": str(tmp / "static"), "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "PAGE_CACHE_GENERATION_FILE": str(tmp / "generation"), "LOG_LEVEL": "WARNING",
        # As behind the reverse proxy production requires (tests/portaal/test_proxy.py puts
        # nginx in front): the throttles read the client from its X-Forwarded-For.
        "TRUSTED_PROXIES": "127.0.0.1",
        # One worker: without REDIS_URL each worker has its own cache, and a cache test
        # needs its two requests to meet the same one.
        "GUNICORN_WORKERS": "1",
    }


@contextmanager
def serving(env, log_path, startup_seconds):
    """``scripts/serve`` running with ``env`` until the block ends: yields the base URL and
    the process. Fails the test with the log's end when /health/ does not answer within
    ``startup_seconds``."""
    base = f"http://{env['BIND']}"
    with open(log_path, "w") as log:
        process = subprocess.Popen([str(REPO_ROOT / "scripts" / "serve")], cwd=REPO_ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            deadline = time.monotonic() + startup_seconds
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    fetch(base + "/health/")
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail("scripts/serve did not come up: " + log_path.read_text()[-3000:])
            yield base, process
        finally:
            # A server that died at start-up has no process group left; its log (above) is
            # what the test should report, not the failed kill.
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
