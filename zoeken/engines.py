"""Wagtail's engine backends with index settings that follow the database.

The synonym rules and the decompounder's word list live in the database, which
settings cannot read at import time. These backends fill them in whenever an index
is created (``update_index``, an atomic rebuild, the first save), so a rebuilt
index starts with the editors' current list.

A full rebuild (``update_index``) writes into a fresh index behind the alias while
the old one keeps serving. That new index is built in bulk mode: no periodic refresh
and no replicas until every document is in (``BULK_SETTINGS``); ``finish`` restores
both, refreshes, and only then moves the alias. The bulk requests carry a whole
``update_index`` chunk.

Used as ``BACKEND = "zoeken.engines.OpenSearch2"`` (portaal/settings/search.py); classes
are made on first use so that only the chosen engine's client is imported.
"""

from copy import deepcopy

from django.utils.module_loading import import_string

from zoeken.analysis import (
    DECOMPOUNDER,
    SYNONYM_FILTER,
    decompounder_filter,
    dutch_index_settings,
    synonym_filter,
)
from zoeken.synonyms import safe_compound_words, safe_synonym_rules

WAGTAIL_BACKENDS = {
    "OpenSearch2": "wagtail.search.backends.opensearch2.SearchBackend",
    "OpenSearch3": "wagtail.search.backends.opensearch3.SearchBackend",
    "Elasticsearch8": "wagtail.search.backends.elasticsearch8.SearchBackend",
    "Elasticsearch9": "wagtail.search.backends.elasticsearch9.SearchBackend",
}


def current_settings(settings):
    """``settings`` with today's synonym rules and compound words from the database."""
    settings = deepcopy(settings)
    filters = settings["settings"]["analysis"].setdefault("filter", {})
    filters[SYNONYM_FILTER] = synonym_filter(safe_synonym_rules())
    filters[DECOMPOUNDER] = decompounder_filter(safe_compound_words())
    return settings


# While a new index fills: nothing is searched in it yet, so refreshing every second
# (a new Lucene segment each time) and copying to replicas is wasted work.
BULK_SETTINGS = {"refresh_interval": "-1", "number_of_replicas": 0}
# Documents per bulk request: update_index's chunk (1000) in one request, not two.
BULK_CHUNK_SIZE = 1000
# Seconds for the refresh that ends a rebuild: it writes out everything indexed since
# refreshing stopped (over 5 s, the search TIMEOUT, at 100,000 pages).
REBUILD_REFRESH_TIMEOUT = 600


def _make_backend(name, backend_class):
    index_base = backend_class.index_class

    class Index(index_base):
        def put(self):
            settings = current_settings(self.backend.settings)
            if self.backend.use_new_elasticsearch_api:
                self.es.indices.create(index=self.name, **settings)
            else:
                self.es.indices.create(self.name, settings)

        def refresh(self, timeout=None):
            if timeout is None:
                return super().refresh()
            if self.backend.use_new_elasticsearch_api:
                self.es.options(request_timeout=timeout).indices.refresh(index=self.name)
            else:
                self.es.indices.refresh(index=self.name, request_timeout=timeout)

        def get_index_settings(self, *names):
            response = self.es.indices.get_settings(index=self.name)
            index_settings = next(iter(response.values()))["settings"]["index"]
            return {n: index_settings.get(n) for n in names}

        def put_index_settings(self, values):
            if self.backend.use_new_elasticsearch_api:
                self.es.indices.put_settings(index=self.name, settings={"index": values})
            else:
                self.es.indices.put_settings(body={"index": values}, index=self.name)

    class AtomicRebuilder(backend_class.atomic_rebuilder_class):
        def start(self):
            index = super().start()
            # What the index would have had: restored before it goes live. ``None``
            # resets a setting to the cluster's default.
            self.saved_settings = index.get_index_settings(*BULK_SETTINGS)
            index.put_index_settings(BULK_SETTINGS)
            return index

        def finish(self):
            self.index.put_index_settings(self.saved_settings)
            self.index.refresh(timeout=REBUILD_REFRESH_TIMEOUT)
            super().finish()  # refresh (now quick), then the alias moves to the new index

    def bulk(self, *args, **kwargs):
        kwargs.setdefault("chunk_size", BULK_CHUNK_SIZE)
        return backend_class.bulk(self, *args, **kwargs)

    def __init__(self, params):
        # The Dutch analysis under whatever INDEX_SETTINGS the settings give (Wagtail
        # deep-merges those into its defaults: dicts merge, lists are replaced).
        params = {**params, "INDEX_SETTINGS": _merged(dutch_index_settings(),
                                                      params.get("INDEX_SETTINGS", {}))}
        backend_class.__init__(self, params)

    return type(name, (backend_class,), {
        "__init__": __init__, "index_class": Index, "atomic_rebuilder_class": AtomicRebuilder,
        "bulk": bulk,
        "__module__": __name__,
    })


def _merged(base, extra):
    result = deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = deepcopy(value)
    return result


_made = {}


def __getattr__(name):
    if name not in WAGTAIL_BACKENDS:
        raise AttributeError(name)
    if name not in _made:
        _made[name] = _make_backend(name, import_string(WAGTAIL_BACKENDS[name]))
    return _made[name]
