"""Wagtail's engine backends with index settings that follow the database.

The synonym rules and the decompounder's word list live in the database, which
settings cannot read at import time. These backends fill them in whenever an index
is created (``update_index``, an atomic rebuild, the first save), so a rebuilt
index starts with the editors' current list.

Used as ``BACKEND = "zoeken.engines.OpenSearch2"`` (zoeken/settings.py); classes
are made on first use so that only the chosen engine's client is imported.
"""

from copy import deepcopy

from django.utils.module_loading import import_string

from zoeken.analysis import DECOMPOUNDER, SYNONYM_FILTER, decompounder_filter, synonym_filter

WAGTAIL_BACKENDS = {
    "OpenSearch2": "wagtail.search.backends.opensearch2.SearchBackend",
    "OpenSearch3": "wagtail.search.backends.opensearch3.SearchBackend",
    "Elasticsearch8": "wagtail.search.backends.elasticsearch8.SearchBackend",
    "Elasticsearch9": "wagtail.search.backends.elasticsearch9.SearchBackend",
}


def current_settings(settings):
    """``settings`` with today's synonym rules and compound words from the database."""
    from zoeken.synonyms import safe_compound_words, safe_synonym_rules

    settings = deepcopy(settings)
    filters = settings["settings"]["analysis"].setdefault("filter", {})
    filters[SYNONYM_FILTER] = synonym_filter(safe_synonym_rules())
    filters[DECOMPOUNDER] = decompounder_filter(safe_compound_words())
    return settings


def _make_backend(name, backend_class):
    index_base = backend_class.index_class

    class Index(index_base):
        def put(self):
            settings = current_settings(self.backend.settings)
            if self.backend.use_new_elasticsearch_api:
                self.es.indices.create(index=self.name, **settings)
            else:
                self.es.indices.create(self.name, settings)

    return type(name, (backend_class,), {"index_class": Index, "__module__": __name__})


_made = {}


def __getattr__(name):
    if name not in WAGTAIL_BACKENDS:
        raise AttributeError(name)
    if name not in _made:
        _made[name] = _make_backend(name, import_string(WAGTAIL_BACKENDS[name]))
    return _made[name]
