"""Finding pages that an incoming document probably duplicates.

Two documents are likely the same when they have the same content hash, or when their
titles are nearly equal and their texts share most word 4-grams (shingles), or when
their texts are nearly identical whatever the titles. Candidates are found through a
bottom-k sketch of each text's shingles, so a batch of thousands stays fast: a page is
compared only when it has the same title or shares at least two sketch values, and a
sketch value that hundreds of pages share (a stock phrase) counts for nothing.
"""

import re
from collections import Counter
from difflib import SequenceMatcher

from django.utils.html import strip_tags

from voorbeelden.importer.entities import fold
from voorbeelden.models import ContentPage
from voorbeelden.models.artikelen import stream_text

SKETCH = 16
MIN_SHARED = 2  # two texts with 30% shingles in common share two of 16 in ~97% of cases
COMMON = 256
TITLE_RATIO = 0.9
TEXT_WITH_TITLE = 0.3
TEXT_ALONE = 0.85
TEXT_FIELDS = ("body", "aanpak", "doel", "summary", "chapters", "casus", "pitches", "ervaringen",
               "programma", "resultaten", "inzichten", "casus_reacties")


def shingles(text, size=4):
    words = re.findall(r"\w+", fold(text))
    if len(words) < size:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i:i + size])) for i in range(len(words) - size + 1)}


def title_key(title):
    return " ".join(re.findall(r"\w+", fold(title)))


def page_text(page):
    parts = [page.intro or ""]
    for name in TEXT_FIELDS:
        value = getattr(page, name, None)
        if value is None:
            continue
        parts.append(strip_tags(value) if isinstance(value, str) else stream_text(value))
    return " ".join(parts)


class DuplicateIndex:
    def __init__(self):
        self.pages = {}  # pk -> (title key, shingles)
        self.by_hash = {}
        self.by_title = {}
        self.by_sketch = {}
        for page in ContentPage.objects.specific().iterator(chunk_size=500):
            self.add(page.pk, page.title, page_text(page), page.source_hash)

    def add(self, pk, title, text, digest=""):
        key = title_key(title)
        grams = shingles(text)
        self.pages[pk] = (key, grams)
        if digest:
            self.by_hash.setdefault(digest, set()).add(pk)
        self.by_title.setdefault(key, set()).add(pk)
        for value in sorted(grams)[:SKETCH]:
            self.by_sketch.setdefault(value, set()).add(pk)

    def find(self, title, text, digest="", exclude=None):
        """(page pk, reason) of a likely duplicate, or None."""
        for pk in self.by_hash.get(digest, ()) if digest else ():
            if pk != exclude:
                return pk, "zelfde inhoud (hash) als een bestaande pagina"
        key, grams = title_key(title), shingles(text)
        sketch = sorted(grams)[:SKETCH]
        hits = Counter()
        for value in sketch:
            pks = self.by_sketch.get(value, ())
            if len(pks) <= COMMON:
                hits.update(pks)
        need = min(MIN_SHARED, len(sketch))
        candidates = set(self.by_title.get(key, ()))
        candidates |= {pk for pk, count in hits.items() if count >= need}
        candidates.discard(exclude)
        for pk in sorted(candidates):
            other_key, other_grams = self.pages[pk]
            overlap = _jaccard(grams, other_grams)
            if overlap >= TEXT_ALONE:
                return pk, f"vrijwel dezelfde tekst ({overlap:.0%} overeenkomst)"
            if overlap >= TEXT_WITH_TITLE and _similar(key, other_key):
                return pk, (f"vrijwel dezelfde titel en tekst ({overlap:.0%} van de tekst "
                            "overeenkomend)")
        return None


def _similar(a, b):
    """Title ratio at least TITLE_RATIO, trying the cheap upper bounds first."""
    matcher = SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= TITLE_RATIO and matcher.quick_ratio() >= TITLE_RATIO
            and matcher.ratio() >= TITLE_RATIO)


def _jaccard(a, b):
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
