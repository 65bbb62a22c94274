""""Bedoelde u ...?": the query with misspelled words replaced by close known words.

Fuzzy matching (difflib's ratio) against a vocabulary of the site's own words:
page titles, theme names and synonyms, editors' synonyms. The vocabulary is cached
for a few minutes; it holds some ten thousand words at 10,000 pages, and difflib's scan
of all of them took 12-25 ms a misspelt word, so rapidfuzz (C++) picks the words close
enough for difflib to look at first (``closest_word``).

Only public pages' titles: a page behind a view restriction must not reveal its
words through a suggestion. At most ``MAX_QUERY_TERMS`` distinct words are looked up
(each is a fuzzy scan of the whole vocabulary).
"""

import difflib
from bisect import bisect_left

from django.core.cache import cache

from rapidfuzz import fuzz, process

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
    changed, corrected, closest = False, [], {}
    for word in words(query):
        if len(word) >= 4 and not is_known(word, vocab) and (only is None or word in only):
            if word not in closest and len(closest) < MAX_QUERY_TERMS:
                closest[word] = closest_word(word, vocab)
            if closest.get(word):
                corrected.append(closest[word])
                changed = True
                continue
        corrected.append(word)
    return " ".join(corrected) if changed else None


def is_known(word, vocab):
    """Whether ``word`` is in the sorted ``vocab``: building a set of it for each search
    took longer than the lookups it served."""
    at = bisect_left(vocab, word)
    return at < len(vocab) and vocab[at] == word


def closest_word(word, vocab):
    """difflib's closest word to ``word`` in ``vocab`` at ``CUTOFF``, or None.

    difflib scores the matching blocks it finds, a common subsequence; rapidfuzz's ratio
    scores the longest common subsequence over the same lengths, so it is never lower.
    The words rapidfuzz puts at ``CUTOFF`` or above therefore hold every word difflib
    would accept, and difflib chooses among those alone as it did among all: the same
    answer, at a few per cent of the time."""
    near = process.extract(word, vocab, scorer=fuzz.ratio, score_cutoff=CUTOFF * 100 - 1e-6,
                           limit=None)
    found = difflib.get_close_matches(word, [w for w, _, _ in near], n=1, cutoff=CUTOFF)
    return found[0] if found else None
