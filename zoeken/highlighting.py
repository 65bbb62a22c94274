"""A snippet of the page's own text around the searched words, with <mark>.

Done in Python over the stored text, so the engine and the database backend show
the same snippet. Everything is escaped; only our own ``<mark>`` is markup.
A query word matches a text word that starts with the word's first letters (a
crude Dutch stem: "problemen" marks "problematiek" and "probleem" misses), which
is enough for finding where on the page the match is.
"""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.search import index

from zoeken.analysis import fold
from zoeken.text import content_words

WORD_RE = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 32
# Fields the snippet may come from, most telling first.
SNIPPET_FIELDS = ("intro", "summary", "doel", "doelgroep", "aanpak", "werkzame_elementen",
                  "body", "casus", "programma", "pitches", "ervaringen", "inzichten", "chapters",
                  "resultaten")


def stems(query):
    """The query's content words cut to a prefix that survives Dutch inflection."""
    result = []
    for word in content_words(query):
        if len(word) >= 7:
            word = word[: len(word) - 3]
        elif len(word) >= 5:
            word = word[: len(word) - 1]
        result.append(word)
    return list(dict.fromkeys(result))


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


def _matches(word, prefixes):
    folded = fold(word)
    return any(folded.startswith(p) for p in prefixes)


def mark_words(text, prefixes):
    """``text`` escaped, with the matching words in <mark>."""
    out, pos = [], 0
    for m in WORD_RE.finditer(text):
        if prefixes and _matches(m.group(), prefixes):
            out.append(escape(text[pos:m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            pos = m.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def snippet(page, query, length=SNIPPET_WORDS):
    """A window of about ``length`` words where most query words are, marked up."""
    text = page_text(page) or getattr(page, "intro", "") or ""
    words = text.split()
    if not words:
        return ""
    prefixes = stems(query)
    hits = [i for i, w in enumerate(words) if prefixes and _matches(w, prefixes)]
    if not hits:
        start = 0
    else:
        # The window that contains the most matches, starting a few words before one.
        best = max(hits, key=lambda i: sum(1 for j in hits if i <= j < i + length))
        start = max(0, best - 5)
    window = words[start:start + length]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(words) else ""
    return mark_safe(prefix + mark_words(" ".join(window), prefixes) + suffix)
