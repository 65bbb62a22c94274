"""The synonym rules and compound words the engine's analyzers use, from the database.

Rules come from the editors' ``Synoniem`` list and from each theme (its name and its
synonyms form one group). ``push_synonyms()`` swaps the rules on the live index:
close the index, update the search analyzer's ``synonym_graph`` filter, reopen. A
search-time filter may change this way because nothing indexed depends on it; the
index is unavailable for the fraction of a second it is closed.
"""

import logging

from django.db import DatabaseError

from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from portaal.models import Thema
from zoeken.analysis import COMPOUND_WORDS, SYNONYM_FILTER, synonym_filter
from zoeken.models import Synoniem
from zoeken.text import content_words

logger = logging.getLogger(__name__)


def _clean(term):
    # A comma or arrow inside a term would change the rule's meaning.
    return " ".join(term.replace(",", " ").replace("=>", " ").split()).lower()


def _useful(term):
    """A multi-word term that is one word after stop words ("alleen zijn" -> "alleen")
    would make that common word a synonym; leave such terms out."""
    return len(term.split()) < 2 or len(content_words(term)) >= 2


def _rule(terms):
    cleaned = list(dict.fromkeys(
        t for t in (_clean(t) for t in terms) if t and _useful(t)))
    return ", ".join(cleaned) if len(cleaned) > 1 else None


def synonym_rules():
    """Solr-style equivalence rules ("a, b, c"), one per group, in a stable order."""
    rules = [_rule(s.term_list()) for s in Synoniem.objects.all()]
    rules += [_rule([t.name, *t.synonym_list]) for t in Thema.objects.order_by("slug")]
    return [r for r in rules if r]


def compound_words():
    """The decompounder's dictionary: the sector words plus theme names and synonyms."""
    words = set(COMPOUND_WORDS)
    for thema in Thema.objects.all():
        for term in [thema.name, *thema.synonym_list]:
            words.update(w for w in _clean(term).split() if len(w) >= 3)
    return sorted(words)


def safe_synonym_rules():
    """Rules, or none when the tables do not exist yet (first migrate, index creation)."""
    try:
        return synonym_rules()
    except DatabaseError:
        return []


def safe_compound_words():
    try:
        return compound_words()
    except DatabaseError:
        return list(COMPOUND_WORDS)


def engine_backends():
    """The configured search backends that talk to an engine (not the database)."""
    return [b for b in get_search_backends(with_auto_update=True) if hasattr(b, "es")]


def concrete_indices(backend, name):
    """The real index names behind ``name`` (an alias after an atomic rebuild)."""
    es = backend.es
    if es.indices.exists_alias(name=name):
        return sorted(es.indices.get_alias(name=name).keys())
    if es.indices.exists(index=name):
        return [name]
    return []


def push_synonyms(rules=None):
    """Put the current rules into every engine index's search analyzer. Returns index names."""
    backends = list(engine_backends())
    if not backends:  # the database backend has no analyzers to update
        return []
    rules = safe_synonym_rules() if rules is None else rules
    body = {"analysis": {"filter": {SYNONYM_FILTER: synonym_filter(rules)}}}
    updated = []
    for backend in backends:
        alias = backend.get_index_for_model(Page).name
        for name in concrete_indices(backend, alias):
            backend.es.indices.close(index=name)
            try:
                backend.es.indices.put_settings(index=name, body=body)
            finally:
                backend.es.indices.open(index=name)
            updated.append(name)
    logger.info("Synoniemen bijgewerkt in %s (%d regels)", updated or "geen index", len(rules))
    return updated
