"""Dutch analysis for the search engine's index settings.

Wagtail leaves full-text fields without an explicit analyzer, so the index-level
``default`` (index time) and ``default_search`` (query time) analyzers apply to
every text field.
"""


def dutch_index_settings(synonyms=()):
    search_filters = ["lowercase", "asciifolding", "dutch_stop"]
    if synonyms:
        search_filters.append("portaal_synonyms")
    search_filters.append("dutch_stemmer")
    analysis = {
        "filter": {
            "dutch_stop": {"type": "stop", "stopwords": "_dutch_"},
            "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
        },
        "analyzer": {
            "default": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "dutch_stop", "dutch_stemmer"],
            },
            "default_search": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": search_filters,
            },
        },
    }
    if synonyms:
        analysis["filter"]["portaal_synonyms"] = {
            "type": "synonym_graph",
            "synonyms": list(synonyms),
            "lenient": True,
        }
    return {"settings": {"analysis": analysis}}
