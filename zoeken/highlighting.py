"""A snippet of the page's own text around the searched words, with <mark>.

Done in Python over the stored text, so the engine and the database backend show
the same snippet. Everything is escaped; only our own ``<mark>`` is markup.
A query word matches a text word that starts with the word's first letters (a
crude Dutch stem: "problemen" marks "problematiek" and "probleem" misses), which
is enough for finding where on the page the match is.

The cost is linear in the page's length whatever the query: a query has at most
``MAX_QUERY_TERMS`` prefixes, a word is checked with one set lookup per distinct prefix
length, and the best window is found in one pass over the matches.
"""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.search import index

from portaal.cache import generation_cached
from voorbeelden.models.base import SNIPPET_FIELDS
from zoeken.analysis import fold_word
from zoeken.text import MAX_QUERY_TERMS, content_words

WORD_RE = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 32


def stems(query):
    """The query's first ``MAX_QUERY_TERMS`` distinct content words, each cut to a prefix
    that survives Dutch inflection."""
    result = []
    for word in dict.fromkeys(content_words(query)):
        if len(result) == MAX_QUERY_TERMS:
            break
        if len(word) >= 7:
            word = word[: len(word) - 3]
        elif len(word) >= 5:
            word = word[: len(word) - 1]
        result.append(word)
    return list(dict.fromkeys(result))


class Prefixes:
    """Does a word start with one of the stems? A set lookup per distinct stem length."""

    def __init__(self, prefixes):
        self.prefixes = frozenset(prefixes)
        self.lengths = sorted({len(p) for p in self.prefixes})

    def __bool__(self):
        return bool(self.prefixes)

    def matches(self, word):
        folded = fold_word(word)
        return any(folded[:n] in self.prefixes for n in self.lengths if n <= len(folded))


def page_text(page):
    """The page's plain text, field by field in ``SNIPPET_FIELDS`` order."""
    fields = {f.field_name: f for f in page.get_search_fields()
              if isinstance(f, index.SearchField)}
    parts = []
    for name in SNIPPET_FIELDS:
        if name in fields:
            value = fields[name].get_value(page)
            if isinstance(value, (list, tuple)):
                value = " ".join(str(v) for v in value)
            if value:
                parts.append(strip_tags(str(value)))
    return " ".join(" ".join(parts).split())


def mark_words(text, prefixes):
    """``text`` escaped, with the words that start with one of ``prefixes`` in <mark>."""
    if not isinstance(prefixes, Prefixes):
        prefixes = Prefixes(prefixes)
    out, pos = [], 0
    for m in WORD_RE.finditer(text):
        if prefixes and prefixes.matches(m.group()):
            out.append(escape(text[pos:m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def best_window(hits, length):
    """The match (a word position from ``hits``, ascending) that begins the ``length``
    words with the most matches; the first such one. One pass: two pointers."""
    best, best_count, end = hits[0], 0, 0
    for first, position in enumerate(hits):
        while end < len(hits) and hits[end] < position + length:
            end += 1
        if end - first > best_count:
            best, best_count = position, end - first
    return best


def cached_page_text(page):
    """``page_text``, kept per cache generation (a publish starts a new one): collecting
    the text of a long page's blocks costs more than finding the snippet in it."""
    return generation_cached("page-text", (page.pk, page.last_published_at),
                             lambda: page_text(page))


def snippet(page, query, length=SNIPPET_WORDS):
    """A window of about ``length`` words where most query words are, marked up."""
    text = cached_page_text(page) or getattr(page, "intro", "") or ""
    words = text.split()
    if not words:
        return ""
    prefixes = Prefixes(stems(query))
    hits = [i for i, w in enumerate(words) if prefixes.matches(w)] if prefixes else []
    start = max(0, best_window(hits, length) - 5) if hits else 0
    window = words[start:start + length]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(words) else ""
    return mark_safe(prefix + mark_words(" ".join(window), prefixes) + suffix)
