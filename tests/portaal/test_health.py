"""/health/ reports real reachability: refused connections give 503, never a mock."""

import json
import os
import subprocess
import sys

from django.test import override_settings

import pytest

from portaal.settings.search import search_backends
from tests.conftest import REPO_ROOT, free_port, skip_or_fail

pytestmark = pytest.mark.django_db


def real_engine_settings():
    """The project's search settings for the engine the test command runs (OPENSEARCH_URL /
    ELASTICSEARCH_URL); /health/ only asks it who it is, so no index is made."""
    env = {k: v for k, v in os.environ.items()
           if k in ("OPENSEARCH_URL", "ELASTICSEARCH_URL", "OPENSEARCH_VERSION",
                    "ELASTICSEARCH_VERSION")}
    if not (env.get("OPENSEARCH_URL") or env.get("ELASTICSEARCH_URL")):
        skip_or_fail("no search engine: set OPENSEARCH_URL or ELASTICSEARCH_URL")
    return search_backends(env)


def test_healthy_database_and_search_engine_give_200(client):
    with override_settings(WAGTAILSEARCH_BACKENDS=real_engine_settings()):
        response = client.get("/health/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"]["ok"] is True
    # The engine itself answered, not the database backend that is "ok" whenever the
    # database is.
    assert data["checks"]["search"] == {
        "ok": True, "backend": "zoeken.engines", "ms": data["checks"]["search"]["ms"]}
    assert "no-store" in response["Cache-Control"]


def test_unreachable_search_engine_gives_503(client):
    dead = search_backends({"OPENSEARCH_URL": f"http://127.0.0.1:{free_port()}",
                            "SEARCH_TIMEOUT": "2"})
    with override_settings(WAGTAILSEARCH_BACKENDS=dead):
        response = client.get("/health/")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "error"
    assert data["checks"]["database"]["ok"] is True
    assert data["checks"]["search"]["ok"] is False
    assert data["checks"]["search"]["error"] == "ConnectionError"


def test_health_is_not_page_cached(client, settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "generation")
    client.get("/health/")
    assert "X-Page-Cache" not in client.get("/health/")


def test_unreachable_database_gives_503_in_production_settings():
    """The production settings against a PostgreSQL port that refuses connections."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portaal.settings.production",
        "SECRET_KEY": "health-test-" + "k" * 60,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://nobody@127.0.0.1:{free_port()}/nothing",
    }
    for name in ("OPENSEARCH_URL", "ELASTICSEARCH_URL", "REDIS_URL"):
        env.pop(name, None)
    code = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/health/', secure=True)\n"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 503
    assert result["body"]["checks"]["database"]["ok"] is False
    assert result["body"]["checks"]["database"]["error"] == "OperationalError"
