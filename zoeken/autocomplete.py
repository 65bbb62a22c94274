"""Suggestions while typing: page titles and themes that start with what was typed."""

from django.db.models import Q

from portaal.models import Thema
from voorbeelden.models import public_pages
from zoeken import fallback
from zoeken.text import MAX_QUERY_TERMS

MAX_SUGGESTIONS = 8
MIN_LENGTH = 2


def _engine_titles(backend, q):
    results = backend.autocomplete(q, public_pages(), fields=["title"])
    return [(p.title, p.url) for p in results[:MAX_SUGGESTIONS]]


def _database_titles(backend, q):
    words = q.split()[:MAX_QUERY_TERMS]  # one LIKE per word: a bounded number
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word)
    pages = public_pages().filter(condition).order_by("title")
    return [(p.title, p.url) for p in pages[:MAX_SUGGESTIONS]]


def suggestions(q):
    """[{"label", "url", "kind"}] for ``q``; empty for fewer than two characters."""
    q = " ".join(q.split())[:100]
    if len(q) < MIN_LENGTH:
        return []
    themas = Thema.objects.filter(Q(name__istartswith=q) | Q(synonyms__icontains=q))
    items = [{"label": t.name, "url": t.get_absolute_url(), "kind": "thema"}
             for t in themas[:3]]
    titles, _notice, _engine = fallback.with_fallback(
        lambda b: _engine_titles(b, q), lambda b: _database_titles(b, q), what="suggesties")
    items += [{"label": title, "url": url, "kind": "pagina"} for title, url in titles]
    return items[:MAX_SUGGESTIONS]
