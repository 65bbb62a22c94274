"""One page of search results: the pages, loaded when asked for, and their HTML.

A result shows its page's type, date, organisations, title, link and themes, and a snippet
that belongs to the search. The page's part changes only through a publish, move,
restriction or taxonomy change, which start a new cache generation, so it is kept per
generation, page, site host (its links), language and the source of the code that writes
it; only the snippet is put in per search. A warm search page then neither loads nor
renders its ten pages.

A page whose part is not kept yet is written from what the engine's hit holds
(``Hits.shown``: title, link, date, type, themes, organisations, intro); one query checks
that those pages are still live and public, as loading them did. Loading the pages was
about a third of a first search's CPU. The database backend finds its snippets in the
page texts, so there the pages are always loaded; their HTML still comes from the cache.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.template.defaultfilters import date as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from wagtail.models import Page

from portaal.cache import current_generation
from portaal.models.taxonomies import dutch_sort_key
from voorbeelden.models import public_pages
from voorbeelden.models.base import public_ids, type_label_of
from voorbeelden.models.registry import PAGE_TYPES
from voorbeelden.overzichten.facets import ORGANISATIE, THEMA
from voorbeelden.overzichten.fragments import (
    code_digest,
    escape_text,
    keep_fragments,
    kept_fragments,
    render_thema_tags,
)
from zoeken.highlighting import snippet

INTRO_WORDS = 35


def load_pages(ids, q, snippets=None):
    """The result pages in ``ids`` order, with themes, organisations and snippet.

    ``snippets``: the engine's highlighted fragments by page id; without them (the
    database backend) the snippet is found in Python, in the page's own fields, so the
    pages are loaded as their specific types. A result shows only what every content page
    has (title, intro, date, type, themes, organisations), so with the engine's snippets
    the pages stay ContentPages: three queries instead of two per page type found."""
    pages = (
        public_pages().filter(pk__in=ids)
        .select_related("content_type")
        .prefetch_related("themas", "organisaties")
    )
    if q and snippets is None:
        pages = pages.specific()
    by_id = {p.pk: p for p in pages}
    results = [by_id[i] for i in ids if i in by_id]
    for page in results:
        if q and snippets is None:
            page.search_snippet = snippet(page, q)
        else:
            page.search_snippet = engine_snippet(snippets, page.pk, q)
    return results


def engine_snippet(snippets, pk, q):
    """The engine's highlighted fragment of page ``pk``, as a snippet, or ""."""
    fragment = snippets.get(pk) if q and snippets else None
    return mark_safe(f"… {fragment} …") if fragment else ""


def snippet_paragraph(found, intro):
    """The snippet of a result: the words found in it, else the start of its intro."""
    if found:
        return format_html('<p class="zoeken__snippet">{}</p>', found)
    if intro:
        return format_html('<p class="zoeken__snippet">{}</p>',
                           Truncator(intro).words(INTRO_WORDS, truncate=" …"))
    return ""


class Results(Sequence):
    """The pages of one page of results, in the engine's order, loaded on first use.

    The search page itself renders them with ``html()``, which loads only the pages whose
    HTML is not kept yet."""

    def __init__(self, ids, q, snippets=None, shown=None):
        self.ids, self.q, self.snippets = list(ids), q, snippets
        self.shown = shown or {}  # page id -> the hit's result fields (zoeken.query)

    @cached_property
    def pages(self):
        return load_pages(self.ids, self.q, self.snippets)

    def __getitem__(self, index):
        return self.pages[index]

    def __len__(self):
        return len(self.pages)

    def html(self, context):
        """Every result as HTML, in order."""
        request = context.get("request")
        prefix = _key_prefix(request.get_host() if request is not None else "")
        keys = {pk: f"{prefix}:{pk}" for pk in self.ids}
        kept = kept_fragments(list(keys.values()))
        written = {}  # page id -> (head, tail, intro) of the parts not kept yet
        links = Links(request)
        if self.q and self.snippets is None:  # the database backend: pages for the snippets
            loaded = self.pages
        else:
            missing = [pk for pk in self.ids if keys[pk] not in kept]
            from_hits = [pk for pk in missing if pk in self.shown]
            unread = []
            if from_hits:
                # the engine's copy may be older than an unpublish, move or restriction
                public = public_ids(from_hits)
                terms = Terms()
                for pk in from_hits:
                    shown = shown_from_hit(pk, self.shown[pk], terms) if pk in public else None
                    if shown is not None:
                        written[pk] = result_parts(shown, links)
                    elif pk in public:  # a hit in a shape this code does not read: load it
                        unread.append(pk)
            rest = [pk for pk in missing if pk not in self.shown] + unread
            loaded = load_pages(rest, self.q, self.snippets) if rest else []
        by_id = {page.pk: page for page in loaded}
        for pk, page in by_id.items():
            if keys[pk] not in kept:
                written[pk] = result_parts(shown_from_page(page), links)
        new, html = {}, []
        for pk in self.ids:
            key = keys[pk]
            if key in kept:
                head, tail, intro = kept[key]
            elif pk in written:
                head, tail, intro = new[key] = written[pk]
            else:  # unpublished or made private since the engine indexed it
                continue
            page = by_id.get(pk)
            found = (page.search_snippet if page is not None
                     else engine_snippet(self.snippets, pk, self.q))
            html.append(head + snippet_paragraph(found, intro) + tail)
        keep_fragments(new)
        return mark_safe("".join(html))


def _key_prefix(host):
    """What every result's kept part depends on besides its page: the cache generation,
    the site's host (its links), the language and the code that writes it."""
    parts = (host, get_language(), code_digest(result_parts), code_digest(render_thema_tags),
             code_digest(shown_from_hit), code_digest(shown_from_page),
             code_digest(Links.__call__))
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"derived:{current_generation()}:search-result:{digest}"


@dataclass(frozen=True)
class Shown:
    """What a result shows of its page, from the page itself or from the engine's hit."""

    pk: int
    title: str
    url_path: str
    type_label: str
    date: datetime.date | None
    themas: list  # Thema-like (slug, name), in the themes' order
    organisations: list  # names, in the Dutch order of every list of organisations
    intro: str


def shown_from_page(page) -> Shown:
    """A loaded page's result fields (its taxonomies prefetched)."""
    # get_queryset(): the prefetched rows as they are; .all() would clone a query each time
    return Shown(
        pk=page.pk, title=page.title, url_path=page.url_path, type_label=page.type_label,
        date=page.date, themas=list(page.themas.get_queryset()),
        organisations=sorted((org.name for org in page.organisaties.get_queryset()),
                             key=dutch_sort_key),
        intro=getattr(page, "intro", ""))


@dataclass(frozen=True)
class _Term:
    slug: str
    name: str


class Terms:
    """The current themes and organisations by slug, read once for a page of results."""

    def __init__(self):
        self.themes = THEMA.options()  # {slug: name} in the themes' own order
        self.order = {slug: n for n, slug in enumerate(self.themes)}
        self.organisations = ORGANISATIE.options()


def shown_from_hit(pk, fields, terms) -> Shown | None:
    """The result fields as the engine's hit holds them (``zoeken.query.RESULT_FIELDS``),
    or None when the hit holds them in another shape (an index of other code: a page type
    since removed, another date format); that page is loaded instead.

    Themes and organisations are indexed by slug and named from the current taxonomy
    (a renamed theme does not reindex its pages); one deleted since is left out."""
    model = PAGE_TYPES.get(fields["search_type"], (None,))[0]
    try:
        date = datetime.date.fromisoformat(fields["date"]) if fields["date"] else None
    except (TypeError, ValueError):
        return None
    if model is None or not fields["title"] or not fields["url_path"]:
        return None
    themes, organisations = terms.themes, terms.organisations
    slugs = sorted((s for s in fields["search_themas"] or () if s in themes),
                   key=terms.order.get)
    names = [organisations[s] for s in fields["search_organisaties"] or () if s in organisations]
    return Shown(
        pk=pk, title=fields["title"], url_path=fields["url_path"],
        type_label=type_label_of(model), date=date,
        themas=[_Term(slug, themes[slug]) for slug in slugs],
        organisations=sorted(names, key=dutch_sort_key),
        intro=fields["intro"] or "")


class Links:
    """Wagtail's link for a page path, as the page itself would give it (its site, its
    root, relative on the request's own site): one unsaved Page, its path set per result.
    Building a Page for each result cost about a tenth of a millisecond."""

    def __init__(self, request):
        self.request, self.page = request, Page()

    def __call__(self, url_path):
        self.page.url_path = url_path
        return self.page.get_url(request=self.request)


def result_parts(shown, links):
    """The page's part of its result: the HTML before and after the snippet, and its intro.

    Written here rather than in a template: a search whose result pages were never shown
    writes ten of these, and the template cost ~0.6 ms each, this ~0.3 ms
    (bench/README.md). Every text of the page is escaped, as the template escaped it."""
    meta = escape_text(shown.type_label)
    if shown.date:
        meta += (f' &middot; <time datetime="{shown.date.isoformat()}">'
                 f'{escape_text(format_date(shown.date, "j F Y"))}</time>')
    organisations = ", ".join(escape_text(name) for name in shown.organisations)
    if organisations:
        meta += f" &middot; {organisations}"
    url = links(shown.url_path)
    head = (f'<li class="zoeken__result">\n  <p class="card__type">{meta}</p>\n'
            f'  <h3 class="zoeken__title"><a href="{escape_text(url)}">'
            f'{escape_text(shown.title)}</a></h3>\n  ')
    tail = f"\n  {render_thema_tags(shown.themas, compact=True)}\n</li>\n"
    return head, tail, shown.intro
