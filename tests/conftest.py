"""Suite-wide pytest setup that does not need Django.

- ``in_ci()`` / ``skip_or_fail()``: on a developer machine a missing external tool may skip a
  test with a clear reason; in CI (``CI=true``) the same thing must fail, never skip.
- Tests marked ``postgres`` run only when Django's database is PostgreSQL
  (``DATABASE_URL=postgres://...``, as in the second pass of ``scripts/test``); elsewhere
  they are deselected.
- The report header names the database, search engine and browser the run uses.
- Hypothesis runs the ``ci`` profile when ``CI`` is set: the same examples on every run.
- Each test session (each xdist worker) writes uploads to folders of its own.

Browser fixtures (``browser``, ``page``, ``axe``, ``screenshot``, ...) live in
``tests/browser/conftest.py``.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

REPO_ROOT = Path(__file__).resolve().parent.parent

_POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://", "postgis://")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def skip_or_fail(reason: str) -> None:
    """Skip the current test on a dev machine; fail it in CI, where everything must be present."""
    if in_ci():
        pytest.fail(
            f"{reason} (CI=true: missing test dependencies fail, they never skip)", pytrace=False
        )
    pytest.skip(reason)


# CI must not find a new failing example on a run nobody changed anything for, nor fail on a
# slow shared machine: fixed examples, a fixed count, no per-example time limit.
hypothesis_settings.register_profile("ci", derandomize=True, max_examples=50, deadline=None,
                                     print_blob=True)
if in_ci():
    hypothesis_settings.load_profile("ci")


def free_port() -> int:
    """A loopback port nobody listens on: for a server to start on, or to be refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(_POSTGRES_SCHEMES)


def pytest_report_header(config: pytest.Config) -> list[str]:
    db = os.environ.get("DATABASE_URL") or "default (SQLite)"
    engine = os.environ.get("OPENSEARCH_URL") or os.environ.get("ELASTICSEARCH_URL") or "not set"
    return [
        f"kennisportaal: DATABASE_URL={db}; search engine={engine}; CI={in_ci()}",
    ]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` belong to the PostgreSQL pass of scripts/test: elsewhere
    they are deselected (said in the summary), not skipped, since nothing is missing."""
    if database_is_postgres():
        return
    other = [item for item in items if item.get_closest_marker("postgres")]
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


@pytest.fixture(autouse=True)
def _nothing_kept_in_process():
    """Each test starts without the values an earlier one kept in this process beside the
    cache (portaal.cache): that test's database was rolled back, and the cache generation
    does not always move with it."""
    from portaal.cache import forget_in_process

    forget_in_process()


@pytest.fixture(scope="session", autouse=True)
def _own_upload_folders(tmp_path_factory):
    """Uploads and the page-cache generation in folders of this session (of this xdist
    worker): fixed folders in the test settings were shared by parallel runs, which then
    found, overwrote or removed each other's files."""
    from django.test import override_settings

    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        PRIVATE_MEDIA_ROOT=str(tmp_path_factory.mktemp("private-media")),
        PAGE_CACHE_GENERATION_FILE=str(tmp_path_factory.mktemp("page-cache") / "generation"),
    ):
        yield


@pytest.fixture(scope="session")
def production_server(tmp_path_factory):
    """``scripts/serve`` as a deployment runs it (collectstatic, migrate, gunicorn with the
    production settings) on a fresh SQLite database, one for the whole run: its set-up took
    70-80 s, and tests/portaal/test_serve.py and tests/security/test_private_media.py each
    started their own. Yields (base URL, process, environment, folder, log path)."""
    from tests.serve_support import serve_environment, serving  # it imports this module

    tmp = tmp_path_factory.mktemp("serve")
    env = serve_environment(tmp)
    log = tmp / "serve.log"
    # collectstatic and migrate on a fresh database take minutes on a busy 2-core machine.
    with serving(env, log, startup_seconds=600) as (base, process):
        yield base, process, env, tmp, log


def module_data(build):
    """Decorator: a module-scoped fixture, named after ``build``, with the rows ``build()``
    writes once for all tests of the module: pytest's form of ``setUpTestData``.

    The rows live in a transaction that is rolled back when the module is done; each test's
    own transaction (``django_db``) is a savepoint inside it, so what a test changes is
    undone after that test. Building 13 pages took 2.6 s, once per test before.
    The objects returned are shared too: a test that changes one in memory without saving
    changes it for the tests after it; reload (``refresh_from_db``) before changing one.
    """

    @pytest.fixture(scope="module", name=build.__name__)
    def _fixture(django_db_setup, django_db_blocker):
        from django.db import transaction

        with django_db_blocker.unblock(), transaction.atomic():
            try:
                yield build()
            finally:
                transaction.set_rollback(True)

    return _fixture


@pytest.fixture
def fresh_cache(tmp_path):
    """An empty cache and a page-cache generation of this test's own. The page cache stays
    as the test settings have it (off) unless the test turns it on."""
    from django.core.cache import caches
    from django.test import override_settings

    caches["default"].clear()
    with override_settings(PAGE_CACHE_GENERATION_FILE=str(tmp_path / "generation")):
        yield
    caches["default"].clear()
