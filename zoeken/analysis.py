"""Dutch analysis for the search engine's index settings.

Wagtail leaves full-text fields without an explicit analyzer, so the index-level
``default`` (index time) and ``default_search`` (query time) analyzers apply to
every text field.

- ``asciifolding`` before everything, so "cliënt" and "client" are one word;
- ``dictionary_decompounder`` splits Dutch compounds into the sector words it
  knows (``COMPOUND_WORDS`` plus theme names and synonyms), keeping the whole word:
  "maatjesproject" is indexed as maatjesproject, maatjes and project. A query's words
  are split in Python instead (zoeken.query.compound_parts), into a clause of their
  own: split here, the parts would stand at the whole word's position and the engine
  would score them as one term with the commonest part's weight ("harderwijk" counted
  no more than "wijk");
- ``synonym_graph`` only at query time (``default_search``): its rules come from
  the database (zoeken.synonyms) and are swapped on a closed index when editors
  change them, which works for a search-time filter without reindexing;
- Dutch stop words and the Dutch Snowball stemmer last.
"""

import re
import unicodedata
from functools import lru_cache

SYNONYM_FILTER = "portaal_synonyms"
DECOMPOUNDER = "portaal_decompounder"

# Words that Dutch social-work compounds are made of. Theme names and synonyms are
# added when the index is created (zoeken.synonyms.compound_words).
COMPOUND_WORDS = [
    "maatje", "maatjes", "project", "projecten", "buddy", "contact", "ervaring", "ervarings",
    "deskundige", "deskundigen", "deskundigheid", "kennis", "wijk", "wijken", "buurt", "team",
    "teams", "werk", "werker", "werkers", "herstel", "groep", "groepen", "coach", "coaching",
    "netwerk", "netwerken", "zorg", "steun", "systeem", "kwartier", "maker", "makers", "maken",
    "vrijwilliger", "vrijwilligers", "vrijwilligers", "gezondheid", "gezondheids", "hulp",
    "zelf", "cursus", "mantel", "lotgenoot", "lotgenoten", "welzijn", "vriend", "vrienden",
    "dienst", "inloop", "huis", "centrum", "ouderen", "jeugd", "jongeren", "cliënt", "client",
    "cliënten", "clienten", "familie", "partner", "training", "aanpak", "plan", "kaart",
    "balie", "boerderij", "stad", "tuin", "school", "gemeente", "regie", "isolement",
    "eenzaamheid", "participatie", "activering", "preventie", "psychiatrie", "sociaal",
    "sociale", "ggz", "verslaving", "schuld", "schulden", "armoede", "opvang", "woon",
    "wonen", "begeleiding", "ondersteuning", "gesprek", "gesprekken", "bijeenkomst",
    "presentie", "benadering", "methode", "buren", "winkel", "verpleegkundige",
]

_SEARCH_FILTERS = ["lowercase", "asciifolding", SYNONYM_FILTER, "dutch_stop", "dutch_stemmer"]
_INDEX_FILTERS = ["lowercase", "asciifolding", DECOMPOUNDER, "dutch_stop", "dutch_stemmer"]


def synonym_filter(rules):
    # ``lenient`` skips a rule the analyzer cannot parse instead of refusing the index.
    return {"type": "synonym_graph", "synonyms": list(rules), "lenient": True}


def fold(word):
    """Lowercase without accents, as the analyzers see a word after ``asciifolding``."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    # Accents are never ASCII: only the non-ASCII runs are looked at per character (the
    # import folds every page's whole text, where that loop cost ~0.1 ms per kilobyte).
    return _NON_ASCII.sub(_without_accents, decomposed)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_accents(match):
    return "".join(c for c in match.group() if not unicodedata.combining(c))


# One word at a time, cached: the search page's Python snippets fold every word of a
# page, and a site's words repeat (tens of thousands of distinct ones at most).
@lru_cache(maxsize=100_000)
def fold_word(word):
    return fold(word)


def decompounder_filter(words):
    return {
        "type": "dictionary_decompounder",
        "word_list": sorted({fold(w) for w in words if w}),
        "min_subword_size": 3,
        "only_longest_match": False,
    }


def dutch_index_settings(synonyms=(), compound_words=COMPOUND_WORDS):
    """Index settings for Wagtail's ``INDEX_SETTINGS`` (deep-merged into its defaults)."""
    analysis = {
        "filter": {
            "dutch_stop": {"type": "stop", "stopwords": "_dutch_"},
            "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
            DECOMPOUNDER: decompounder_filter(compound_words),
            SYNONYM_FILTER: synonym_filter(synonyms),
        },
        "analyzer": {
            "default": {"type": "custom", "tokenizer": "standard", "filter": _INDEX_FILTERS},
            "default_search": {
                "type": "custom", "tokenizer": "standard", "filter": _SEARCH_FILTERS,
            },
        },
    }
    return {"settings": {"analysis": analysis}}
