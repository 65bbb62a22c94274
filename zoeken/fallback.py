"""Ask the engine; when it is down, slow or errs, answer from the database backend.

Any exception from the engine (refused connection, timeout, a 5xx, a query it
rejects) is logged and the database backend answers instead, with a short notice
for the visitor. After a failure the engine is skipped for ``ENGINE_RETRY_AFTER``
seconds so that every visitor does not wait for the same timeout.
"""

import logging

from django.conf import settings
from django.core.cache import cache

from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)

NOTICE = (
    "De zoekmachine is even niet bereikbaar. U ziet resultaten uit een eenvoudigere "
    "zoekfunctie; die kunnen minder volledig zijn."
)
ENGINE_DOWN_KEY = "zoeken:engine-down"
ENGINE_RETRY_AFTER = 30


def is_engine(backend):
    return hasattr(backend, "es")


def engine_backend():
    """The engine backend from settings, or None when the portal runs without one."""
    backend = get_search_backend("default")
    return backend if is_engine(backend) else None


def database_backend():
    if "database" in settings.WAGTAILSEARCH_BACKENDS:
        return get_search_backend("database")
    backend = get_search_backend("default")
    if is_engine(backend):  # misconfigured: an engine without a database fallback
        return get_search_backend("wagtail.search.backends.database")
    return backend


def with_fallback(engine_fn, database_fn, what="zoeken"):
    """``(result, notice, used_engine)``; notice is None when the engine answered."""
    engine = engine_backend()
    if engine is not None and not cache.get(ENGINE_DOWN_KEY):
        try:
            return engine_fn(engine), None, True
        except Exception as exc:  # noqa: BLE001 - nothing from the engine may reach a visitor
            logger.warning("Zoekmachine faalt bij %s, database als terugval: %r", what, exc,
                           exc_info=True)
            cache.set(ENGINE_DOWN_KEY, True, ENGINE_RETRY_AFTER)
    notice = NOTICE if engine is not None else None
    return database_fn(database_backend()), notice, False
