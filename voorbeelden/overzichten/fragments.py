"""Cached HTML fragments of overviews (content cards and the filter form) and of content
pages (their content below the site header).

An overview re-renders the same cards over and over (template rendering is most of the
time of an uncached overview). A card is a pure function of what it shows, so its cache key
is a digest of exactly that: the page id, its URL (moves, site changes), title, intro, date,
type, the slug and name of each theme on it (renaming a Thema changes the key), the
language and the card template's source (a deploy with a changed template). A publish that
changes a card changes its key, so only that card is rendered again and an old card can
never be served; the cards of the other pages stay valid across publishes.

The filter form shows counts, which change with every publish, so it is kept per cache
generation (``generation_cached``), like the counts themselves.

A content page's content (``{% page_fragment %}``) shows the page and the rows it links, all
of which change only through a publish, move, restriction or taxonomy change, which bump the
generation: it is kept per generation, page, host (its links are relative to the request's
site) and language. A preview shows a draft: never served from or stored in that cache.
"""

from __future__ import annotations

import hashlib
import html
import inspect
import logging
from functools import cache, lru_cache

from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portaal.cache import generation_cached

logger = logging.getLogger(__name__)

CARD_TEMPLATE = "includes/card.html"
FILTERS_TEMPLATE = "includes/filters.html"


def fragment_cache():
    """The cache that holds rendered fragments (FRAGMENT_CACHE_ALIAS, else the default)."""
    return caches[getattr(settings, "FRAGMENT_CACHE_ALIAS", "default")]


@cache
def template_digest(name: str) -> str:
    """A short digest of template ``name``'s source: part of the keys of what it rendered,
    so a deploy with a changed template never serves the old rendering."""
    source = get_template(name).template.source
    return hashlib.sha1(source.encode()).hexdigest()[:12]


@cache
def code_digest(func) -> str:
    """A short digest of ``func``'s source, as ``template_digest`` of a template's: part of
    the keys of fragments whose markup it writes. Without the source (a deploy of compiled
    files only), its compiled code and constants."""
    try:
        source = inspect.getsource(func).encode()
    except (OSError, TypeError):
        source = func.__code__.co_code + repr(func.__code__.co_consts).encode()
    return hashlib.sha1(source).hexdigest()[:12]


def kept_fragments(keys) -> dict:
    """The fragments kept under ``keys``, in one call; none when the cache is down."""
    try:
        return fragment_cache().get_many(keys)
    except Exception:
        logger.exception("fragment cache unavailable")
        return {}


def keep_fragments(fragments: dict) -> None:
    """Keep ``fragments`` (key: value); a cache that is down only costs the next render."""
    if not fragments:
        return
    try:
        fragment_cache().set_many(fragments, timeout=settings.PAGE_CACHE_TIMEOUT)
    except Exception:
        logger.exception("fragment cache unavailable")


def card_key(item, request) -> str:
    # get_queryset() is the prefetched list as is; .all() would clone its query per card.
    themas = [(t.slug, t.name) for t in item.themas.get_queryset()]
    parts = (
        item.pk, item.get_url(request=request), item.title, getattr(item, "intro", ""),
        getattr(item, "date", None), item.type_label, themas, get_language(),
        template_digest(CARD_TEMPLATE), code_digest(render_thema_tags),
    )
    return "card:" + hashlib.sha1(repr(parts).encode()).hexdigest()


def _render(context, name, **values):
    template = get_template(name).template
    with context.push(**values):
        return template.render(context)


def render_cards(context, items) -> str:
    """The cards of ``items``: cached ones fetched in one call, the others rendered (with
    the surrounding context, as an ``{% include %}`` would) and stored."""
    items = list(items)
    keys = [card_key(item, context.get("request")) for item in items]
    found = kept_fragments(keys)
    html, new = [], {}
    for item, key in zip(items, keys, strict=True):
        card = found.get(key)
        if card is None:
            card = new[key] = _render(context, CARD_TEMPLATE, item=item)
        html.append(card)
    keep_fragments(new)
    return mark_safe("".join(html))


def render_filter_form(context) -> str:
    """The filter form of an overview, kept per cache generation and filter state."""
    filters, reset_url = context.get("filters"), context.get("reset_url")
    parts = filters.cache_parts if filters is not None else None
    if parts is None:
        return _render(context, FILTERS_TEMPLATE)
    # ``filters_keep``: what the form carries besides the filters (the search page's words
    # and sort order), written into it as hidden fields.
    keep = context.get("filters_keep")
    return mark_safe(generation_cached(
        "filter-form",
        (parts, reset_url, keep, get_language(), template_digest(FILTERS_TEMPLATE),
         code_digest(render_filter_options)),
        lambda: _render(context, FILTERS_TEMPLATE),
    ))


def escape_text(value) -> str:
    """``value`` escaped for HTML as Django's ``escape`` does it (the standard library's
    ``html.escape``, quotes included), without its lazy-string wrapper and SafeString: ~2.5
    µs less a call, and a search page writes ~200 of them. For the markup written in
    Python below; the caller marks the whole result safe."""
    return html.escape(str(value))


def render_filter_options(group) -> str:
    """The checkboxes of one filter group, one ``<li>`` each.

    Written here rather than in the template: a search shows ~150 options with counts of
    its own, so the form is rendered for nearly every search, and the template loop cost
    ~30 variable lookups per option (about a sixth of a search page's CPU). Only the
    option's value and label are text from the database; they are escaped, the group's
    parameter once, the numbers need nothing."""
    param = escape_text(group.param)
    return mark_safe("\n".join(
        f'<li><input type="checkbox" name="{param}" value="{escape_text(option.value)}" '
        f'id="f-{param}-{number}"{" checked" if option.selected else ""}>'
        f'<label for="f-{param}-{number}">{escape_text(option.label)} '
        f'<span class="filters__count">({int(option.count)})</span></label></li>'
        for number, option in enumerate(group.options, start=1)
    ))


def thema_url(slug) -> str:
    """The theme overview's URL. Django's ``reverse`` matched the URL patterns again for
    every tag (~30 µs, three tags on each of ten results); the answer depends only on the
    slug and the URL configuration, so it is kept per process for those."""
    return _thema_url(slug, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(),
                      get_language())


@lru_cache(maxsize=4096)
def _thema_url(slug, root_urlconf, urlconf, prefix, language):
    return reverse("thema_detail", args=[slug])


def render_thema_tags(themas, compact=False) -> str:
    """A page's themes as links (``{% thema_tags %}``): all of them on the page itself; on
    cards and search results (``compact``) the first three and "+n" for the rest.

    Written here rather than as an included template: every card and search result shows
    it, and the include with its loop was about a sixth of rendering one (bench/README.md).
    The theme's name and its URL are escaped as the template escaped them."""
    themas = list(themas)
    if not themas:
        return ""
    shown = themas[:3] if compact else themas
    tags = "".join(
        f'<li><a class="tag" href="{escape_text(thema_url(thema.slug))}">'
        f'{escape_text(thema.name)}</a></li>' for thema in shown)
    more = len(themas) - len(shown)
    if more:
        label = "ander thema" if more == 1 else "andere thema's"
        tags += (f'<li><span class="tag tag--more"><span aria-hidden="true">+{more}</span>'
                 f'<span class="visually-hidden">en {more} {label}</span></span></li>')
    return mark_safe(f'<ul class="tags" aria-label="Thema\'s">{tags}</ul>')


def render_page_fragment(context, nodelist, name) -> str:
    """``nodelist`` rendered for the context's content page, kept per cache generation."""
    request, page = context.get("request"), context.get("page")
    if request is None or page is None or page.pk is None or getattr(request, "is_preview", False):
        return nodelist.render(context)
    parts = (page.pk, name, request.get_host(), get_language())
    return mark_safe(generation_cached("page-fragment", parts, lambda: nodelist.render(context)))
