"""Ask the engine; when it is down, slow or errs, answer from the database backend.

Any exception from the engine (refused connection, timeout, a 5xx, a query it
rejects) is logged and the database backend answers that request instead, with a
short notice for the visitor.

Only an engine that is really out (no connection, a timeout, a 5xx) is then skipped
for ``ENGINE_RETRY_AFTER`` seconds, so that every visitor does not wait for the same
timeout. A 4xx is about one request (a page past the result window, a query the
engine will not parse): marking the engine down for it would let any visitor switch
search to the fallback for everyone with a few crafted URLs.
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
REFUSED_NOTICE = (
    "De zoekmachine kon deze zoekopdracht niet uitvoeren. U ziet resultaten uit een "
    "eenvoudigere zoekfunctie; die kunnen minder volledig zijn."
)
ENGINE_DOWN_KEY = "zoeken:engine-down"
ENGINE_RETRY_AFTER = 30


def is_engine(backend):
    return hasattr(backend, "es")


_backends = {}


def _backend(name):
    """The search backend ``name``, one object per process and configuration.

    Wagtail's ``get_search_backend`` makes a new backend, and an engine backend makes a
    new client with a connection pool of its own: a new connection to the engine and
    ~0.7 ms of CPU for every search. The client is thread-safe, so the worker's threads
    share it. The key holds the configuration itself, so changed settings (tests) get
    their own backend."""
    key = (name, repr(settings.WAGTAILSEARCH_BACKENDS.get(name)))
    backend = _backends.get(key)
    if backend is None:
        backend = _backends[key] = get_search_backend(name)
    return backend


def engine_backend():
    """The engine backend from settings, or None when the portal runs without one."""
    backend = _backend("default")
    return backend if is_engine(backend) else None


def database_backend():
    if "database" in settings.WAGTAILSEARCH_BACKENDS:
        return _backend("database")
    backend = _backend("default")
    if is_engine(backend):  # misconfigured: an engine without a database fallback
        return _backend("zoeken.database")
    return backend


def _connection_errors():
    """The clients' errors for "no answer at all" (refused, reset, timeout, TLS)."""
    errors = [ConnectionError, TimeoutError]
    # Here, not at the top: each client is optional and only the configured one is installed.
    try:  # OpenSearch: a TransportError without an HTTP status is a connection error
        from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError

        errors.append(OpenSearchConnectionError)
    except ImportError:
        pass
    try:  # Elasticsearch 8/9: connection problems are elastic_transport.TransportError
        from elastic_transport import TransportError as ElasticTransportError

        errors.append(ElasticTransportError)
    except ImportError:
        pass
    return tuple(errors)


def engine_is_out(exc):
    """True for a connection error, a timeout or a 5xx: the engine itself is in trouble.

    A 4xx (and anything else, e.g. an answer we could not read) is about this request
    only and never takes the engine out of service for others.
    """
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        return status >= 500
    return isinstance(exc, _connection_errors())


def engine_marked_down():
    return bool(cache.get(ENGINE_DOWN_KEY))


def with_fallback(engine_fn, database_fn, what="zoeken"):
    """``(result, notice, used_engine)``; notice is None when the engine answered."""
    engine = engine_backend()
    notice = None
    if engine is not None and not engine_marked_down():
        try:
            return engine_fn(engine), None, True
        except Exception as exc:  # noqa: BLE001 - nothing from the engine may reach a visitor
            if engine_is_out(exc):
                logger.warning("Zoekmachine faalt bij %s, database als terugval: %r", what,
                               exc, exc_info=True)
                cache.set(ENGINE_DOWN_KEY, True, ENGINE_RETRY_AFTER)
                notice = NOTICE
            else:
                logger.warning("Zoekmachine weigert deze vraag bij %s, database als terugval "
                               "voor deze vraag alleen: %r", what, exc, exc_info=True)
                notice = REFUSED_NOTICE
    elif engine is not None:
        notice = NOTICE
    return database_fn(database_backend()), notice, False
