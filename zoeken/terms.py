"""Dutch analysis in Python: text -> search terms, the same for indexed text and queries.

The database backend (zoeken/database.py) stores and searches these terms, so it
treats words as the engine's analyzers do (zoeken/analysis.py): folded ("cliënt" is
"client"), without Dutch stop words, compounds split into the sector words they are
made of ("maatjesproject" also gives "maatjes" and "project", the whole word kept), and
stemmed with the Snowball Dutch stemmer the engine uses (PyStemmer's "dutch_porter":
"stadsboerderijen" and "stadsboerderij" are both "stadsboerderij").

A query also gets the editors' and the themes' synonyms (``expand``): each group a
query names adds its other terms as alternatives. Terms are lower-case ASCII letters
and digits only, so they are safe words in SQLite FTS5 and PostgreSQL tsquery syntax.
"""

import re
from functools import lru_cache

import Stemmer

from zoeken.analysis import fold
from zoeken.text import DUTCH_STOP_WORDS

_TERM_RE = re.compile(r"[a-z0-9]+")
_stemmer = Stemmer.Stemmer("dutch")
# Snowball's original Dutch stemmer (the engine's): Snowball 3's "dutch" above conflates
# more inflections ("herstellen" and "herstel") but also strips "ge-" ("gemeenten" ->
# "meen"); a word is indexed and searched under both stems where they differ, which
# scored best on the relevance set (tests/zoeken/relevance.py).
_porter = Stemmer.Stemmer("dutch_porter")
# Words longer than this are not looked into for compound parts (a hostile word of
# thousands of letters would cost length x part lengths lookups).
MAX_COMPOUND_LENGTH = 40
MIN_PART = 3


@lru_cache(maxsize=50_000)
def stem(word):
    return _stemmer.stemWord(word)


@lru_cache(maxsize=50_000)
def stems(word):
    """The word's stems: the main one first, the original Dutch stemmer's if it differs."""
    return tuple(dict.fromkeys((stem(word), _porter.stemWord(word))))


class Dictionary:
    """The compound parts the decompounder knows, by length (the engine's word list)."""

    # Words whose parts are remembered per dictionary: a site's words repeat, and
    # looking into every word was a quarter of an import's time (bench/README.md).
    MEMO_SIZE = 100_000

    def __init__(self, words):
        self.words = frozenset(w for w in (fold(w) for w in words) if len(w) >= MIN_PART)
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)
        self.memo = {}

    def parts(self, word):
        """Every known word inside ``word`` (not ``word`` itself), as Lucene's
        dictionary decompounder finds them: all substrings, overlaps included."""
        found = self.memo.get(word)
        if found is None:
            found = self._parts(word)
            if len(self.memo) < self.MEMO_SIZE:
                self.memo[word] = found
        return list(found)

    def _parts(self, word):
        size = len(word)
        if size <= MIN_PART or size > MAX_COMPOUND_LENGTH:
            return ()
        lengths = [n for n in self.lengths if n < size]
        found = []
        for start in range(size - MIN_PART + 1):
            for length in lengths:
                piece = word[start:start + length]
                if len(piece) == length and piece in self.words:
                    found.append(piece)
        return tuple(found)


def words(text):
    """Folded content words of ``text`` in order (no stop words, no one-letter words)."""
    return [w for w in _TERM_RE.findall(fold(text or "")) if len(w) > 1
            and w not in DUTCH_STOP_WORDS]


def analyse(text, dictionary):
    """The terms of ``text``: per word its stem, then the stems of its compound parts."""
    terms = []
    for word in words(text):
        terms.extend(stems(word))
        terms.extend(stem(part) for part in dictionary.parts(word))
    return terms


def word_terms(text, dictionary):
    """[(word, [its terms])] per content word of a query, the word's own stem first."""
    return [(word, list(dict.fromkeys([*stems(word), *map(stem, dictionary.parts(word))])))
            for word in words(text)]


def synonym_groups(rules):
    """Each rule "a, b c, d" as a list of alternatives, each a tuple of stems."""
    groups = []
    for rule in rules:
        group = []
        for term in rule.split(","):
            stems = tuple(stem(w) for w in words(term))
            if stems and stems not in group:
                group.append(stems)
        if len(group) > 1:
            groups.append(group)
    return groups


def expand(stems, groups):
    """The alternatives the synonym groups add for a query whose stems are ``stems``:
    a group applies when one of its terms occurs in the query (a multi-word term as
    consecutive words). Returns new alternatives, each a tuple of stems."""
    added = []
    for group in groups:
        if any(_occurs(alternative, stems) for alternative in group):
            added.extend(a for a in group if not _occurs(a, stems) and a not in added)
    return added


def _occurs(phrase, stems):
    n = len(phrase)
    return any(tuple(stems[i:i + n]) == phrase for i in range(len(stems) - n + 1))
