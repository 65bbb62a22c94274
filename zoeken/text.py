"""Plain-text helpers shared by highlighting, suggestions and input checks."""

import re

from zoeken.analysis import fold

# Lucene's Dutch stop word list (the engine's ``_dutch_``), for telling a visitor
# that a query had only such words.
DUTCH_STOP_WORDS = frozenset("""
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar
naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
andere
""".split())

WORD_RE = re.compile(r"\w+", re.UNICODE)

# Distinct search words a query may have. Every word costs the engine a clause per field
# and synonym, the snippet a lookup per page word and "Bedoelde u" a fuzzy scan of the
# vocabulary: the cap bounds them all. Real questions have a handful (the relevance set's
# longest has 6).
MAX_QUERY_TERMS = 16


def words(text):
    return [fold(w) for w in WORD_RE.findall(text or "")]


def content_words(text):
    """The folded words of ``text`` without stop words and one-letter words."""
    return [w for w in words(text) if w not in DUTCH_STOP_WORDS and len(w) > 1]


def only_stop_words(text):
    return bool(words(text)) and not content_words(text)


def limit_terms(text, max_terms=MAX_QUERY_TERMS):
    """``(text, shortened)``: ``text`` cut before its first content word past the
    ``max_terms`` distinct ones (stop words and repeats do not count)."""
    seen = set()
    for match in WORD_RE.finditer(text):
        word = fold(match.group())
        if word in seen or word in DUTCH_STOP_WORDS or len(word) < 2:
            continue
        if len(seen) == max_terms:
            return text[:match.start()].rstrip(), True
        seen.add(word)
    return text, False
