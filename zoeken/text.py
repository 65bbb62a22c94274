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


def words(text):
    return [fold(w) for w in WORD_RE.findall(text or "")]


def content_words(text):
    """The folded words of ``text`` without stop words and one-letter words."""
    return [w for w in words(text) if w not in DUTCH_STOP_WORDS and len(w) > 1]


def only_stop_words(text):
    return bool(words(text)) and not content_words(text)
