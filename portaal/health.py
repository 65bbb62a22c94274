"""/health/ for load balancers and monitoring: can we reach the database and the engine?

200 with {"status": "ok", ...} when both answer, 503 with the failing part otherwise.
Never cached (excluded from the page cache, and Cache-Control: no-store).
"""

import logging
import time

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _check_search():
    backend = get_search_backend()
    client = getattr(backend, "es", None)  # Elasticsearch and OpenSearch backends
    if client is None:  # the database backend: reachable when the database is
        return {"backend": type(backend).__module__}
    # ping() swallows errors and returns False; info() raises on a refused connection.
    client.info(request_timeout=2)
    return {"backend": type(backend).__module__}


def _run(check):
    started = time.monotonic()
    try:
        result = {"ok": True, **check()}
    except Exception as exc:
        logger.warning("health check failed", extra={"check": check.__name__, "error": str(exc)})
        result = {"ok": False, "error": type(exc).__name__}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


@never_cache
def health(request):
    checks = {"database": _run(_check_database), "search": _run(_check_search)}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
