""""Bedoelde u ...?": the query with misspelled words replaced by close known words.

Fuzzy matching (difflib's ratio) against a vocabulary of the site's own words:
page titles, theme names and synonyms, editors' synonyms. The vocabulary is cached
for a few minutes; it is small (thousands of words) even with many pages.

Only public pages' titles: a page behind a view restriction must not reveal its
words through a suggestion. At most ``MAX_QUERY_TERMS`` distinct words are looked up
(each is a fuzzy scan of the whole vocabulary).
"""

import difflib

from django.core.cache import cache

from portaal.models import Thema
from voorbeelden.models import public_pages
from zoeken.models import Synoniem
from zoeken.text import MAX_QUERY_TERMS, content_words, words

VOCABULARY_KEY = "zoeken:vocabulary"
VOCABULARY_TTL = 600
CUTOFF = 0.75


def vocabulary():
    vocab = cache.get(VOCABULARY_KEY)
    if vocab is None:
        texts = list(public_pages()
                     .values_list("title", flat=True)[:20000])
        for thema in Thema.objects.all():
            texts += [thema.name, *thema.synonym_list]
        texts += [s.terms for s in Synoniem.objects.all()]
        vocab = sorted({w for t in texts for w in content_words(t) if len(w) >= 4})
        cache.set(VOCABULARY_KEY, vocab, VOCABULARY_TTL)
    return vocab


def did_you_mean(query, only=None):
    """A corrected query, or None when every word is known or nothing is close.

    ``only``: the words that may be corrected (by default every word not in the
    vocabulary)."""
    vocab = vocabulary()
    known = set(vocab)
    changed, corrected, closest = False, [], {}
    for word in words(query):
        if len(word) >= 4 and word not in known and (only is None or word in only):
            if word not in closest and len(closest) < MAX_QUERY_TERMS:
                found = difflib.get_close_matches(word, vocab, n=1, cutoff=CUTOFF)
                closest[word] = found[0] if found else None
            if closest.get(word):
                corrected.append(closest[word])
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed else None
