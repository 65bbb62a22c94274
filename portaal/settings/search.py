"""Which search backend the portal uses, chosen by environment variables.

- ``ELASTICSEARCH_URL``: Elasticsearch 8 (``ELASTICSEARCH_VERSION=9`` for 9.x; the
  ``elasticsearch`` client's major must match the server's).
- ``OPENSEARCH_URL``: OpenSearch 2 (``OPENSEARCH_VERSION=3`` for 3.x).
- neither: the database backend (``zoeken.database``: Wagtail's, with Dutch terms and
  ranking), so the portal runs without a server.

The engine backends are zoeken's (named as strings: settings import no app): Wagtail's,
with the Dutch analysis and the editors' synonyms in their index settings.
"""

# Wagtail's backends with Dutch index settings filled in from the database (zoeken/engines.py).
ENGINE_BACKENDS = {
    ("elasticsearch", "8"): "zoeken.engines.Elasticsearch8",
    ("elasticsearch", "9"): "zoeken.engines.Elasticsearch9",
    ("opensearch", "2"): "zoeken.engines.OpenSearch2",
    ("opensearch", "3"): "zoeken.engines.OpenSearch3",
}


def engine_backend(env):
    """The engine backend config, or None when no engine URL is set."""
    for kind, default_version in (("elasticsearch", "8"), ("opensearch", "2")):
        url = env.get(f"{kind.upper()}_URL")
        if url:
            version = env.get(f"{kind.upper()}_VERSION", default_version)
            return {
                "BACKEND": ENGINE_BACKENDS[(kind, version)],
                "URLS": [u.strip() for u in url.split(",") if u.strip()],
                "INDEX_PREFIX": env.get("SEARCH_INDEX_PREFIX", "kennisportaal_"),
                "TIMEOUT": int(env.get("SEARCH_TIMEOUT", "5")),
                "ATOMIC_REBUILD": True,
            }
    return None


def search_backends(env):
    # zoeken's database backend: Wagtail's, plus Dutch terms ranked like the engine.
    database = {"BACKEND": "zoeken.database"}
    engine = engine_backend(env)
    if engine is None:
        return {"default": database}
    # The database backend stays configured as the fallback the search view uses
    # when the engine is down (zoeken/fallback.py).
    return {"default": engine, "database": {**database, "AUTO_UPDATE": True}}
