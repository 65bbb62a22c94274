"""Search tests: a real engine from OPENSEARCH_URL / ELASTICSEARCH_URL, never a mock.

``engine`` switches the project's search settings to the engine (with a database
backend beside it, as production has) under an index prefix unique to this test
session, creates the index, and deletes it afterwards. Without an engine URL the
test is skipped on a developer machine and fails in CI (``skip_or_fail``).
"""

import os
import uuid

from django.core.cache import cache
from django.core.management import call_command

import pytest

from portaal.settings.search import search_backends
from tests.conftest import free_port, skip_or_fail
from zoeken.querylog import search_log

SESSION_PREFIX = f"test_{uuid.uuid4().hex[:8]}_"


def engine_env():
    env = {k: v for k, v in os.environ.items()
           if k in ("OPENSEARCH_URL", "ELASTICSEARCH_URL", "OPENSEARCH_VERSION",
                    "ELASTICSEARCH_VERSION")}
    env["SEARCH_INDEX_PREFIX"] = SESSION_PREFIX
    return env



@pytest.fixture(autouse=True)
def _clear_search_cache():
    # The engine-down memo and the suggestion vocabulary live in the cache; searches kept
    # for the search log's next batch in the process (zoeken/querylog.py).
    cache.clear()
    search_log.discard()
    yield
    cache.clear()
    search_log.discard()


@pytest.fixture
def use_engine(settings):
    """Point the project at the real engine; returns the engine backend (index created)."""
    env = engine_env()
    if not (env.get("OPENSEARCH_URL") or env.get("ELASTICSEARCH_URL")):
        skip_or_fail("no search engine: set OPENSEARCH_URL or ELASTICSEARCH_URL "
                     "(scripts/elasticsearch.sh start prints it)")
    settings.WAGTAILSEARCH_BACKENDS = search_backends(env)
    from zoeken.fallback import engine_backend

    backend = engine_backend()
    try:
        backend.es.info()
    except Exception as exc:  # noqa: BLE001
        skip_or_fail(f"search engine at {backend.hosts} does not answer: {exc!r}")
    call_command("update_index", backend_name="default", verbosity=0)
    yield backend
    for name in backend.es.indices.get(index=f"{SESSION_PREFIX}*").keys():
        backend.es.indices.delete(index=name)


def refresh(backend):
    from wagtail.models import Page

    backend.get_index_for_model(Page).refresh()


@pytest.fixture
def dead_engine(settings):
    """Settings whose engine is a closed loopback port: a real refused connection."""
    env = {"OPENSEARCH_URL": f"http://127.0.0.1:{free_port()}",
           "SEARCH_INDEX_PREFIX": SESSION_PREFIX, "SEARCH_TIMEOUT": "2"}
    settings.WAGTAILSEARCH_BACKENDS = search_backends(env)
    return settings.WAGTAILSEARCH_BACKENDS
