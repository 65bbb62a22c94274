"""Whole-page cache for anonymous visitors that never serves a stale page.

Every cache key contains a global *generation* number. Anything that can change what a
public page shows (a page published, unpublished, moved or deleted; a Thema, Organisatie
or Regio saved or deleted; the site, a view restriction, an image or a document changed)
bumps the generation, so all earlier entries become unreachable at once: no list of URLs
to purge, nothing stale survives. Old entries simply expire (PAGE_CACHE_TIMEOUT) or are evicted.

Where the generation lives matters with several worker processes: with a shared cache
(Redis) it is a key in that cache; with a process-local cache (locmem, the default without
REDIS_URL) each gunicorn worker has its own memory, so the generation is the mtime of a
small file that all workers on the machine stat() per request (microseconds).

When the generation changes, every connection misses at the same moment. To keep them
from all rendering the same page at once, one request per key renders it (a lock taken with
``cache.add``; with locmem that is one renderer per worker process); the others wait briefly
for the renderer's copy (PAGE_CACHE_WAIT_SECONDS) and render it themselves if it does not
come. A previous generation's copy is never served: after a publish nobody sees the old page.

A change bumps the shared generation once per transaction, after its commit, however many
signals it sends (add_child, save_revision, publish, page_published ...); until then only
the changing connection sees (and caches under a generation of its own) what it changed.

Only anonymous GET/HEAD requests without a session or messages cookie are served from or
stored in the cache; only plain 200 responses that set no cookie and are not marked
private/no-store are stored. Search (/zoeken/), the admin, accounts, documents and
/health/ are never cached (PAGE_CACHE_EXCLUDE_PREFIXES).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import threading
import time
from contextvars import ContextVar
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portaal import internals

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
_UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _cache_is_process_local(cache) -> bool:
    return isinstance(cache, LocMemCache | DummyCache)


def _generation_file() -> Path:
    return Path(settings.PAGE_CACHE_GENERATION_FILE)


# The shared generation as the current request first read it (a dict while a request runs,
# GenerationPerRequestMiddleware; None elsewhere). A search asks for about twelve kept
# values: with Redis that was a round trip for the generation before each of them.
_read_in_request: ContextVar[dict | None] = ContextVar("generation_in_request", default=None)


def current_generation() -> str:
    pending = _pending_change()
    memo = _read_in_request.get()
    if memo is None:
        shared = _shared_generation()
    else:
        shared = memo.get(GENERATION_KEY)
        if shared is None:
            shared = memo[GENERATION_KEY] = _shared_generation()
    return f"{shared}.{pending}" if pending else shared


class GenerationPerRequestMiddleware:
    """Reads the shared generation once per request. A request that began before another
    process's publish finishes on the generation it began with, as a page it renders
    already did; a bump in this request (a publish after its commit) reads it anew.
    Place it before the page cache, which reads the generation first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_in_request.set({})
        try:
            return self.get_response(request)
        finally:
            _read_in_request.reset(token)


def _shared_generation() -> str:
    cache = _cache()
    if _cache_is_process_local(cache):
        try:
            return str(os.stat(_generation_file()).st_mtime_ns)
        except FileNotFoundError:
            return "0"
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # First request after a cache flush: start a fresh generation.
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return str(generation)


def bump_generation(reason: str = "") -> None:
    """Make every cached page unreachable. Cheap; safe to call often."""
    memo = _read_in_request.get()
    if memo is not None:
        memo.clear()  # this request reads the new generation from now on
    forget_in_process()
    cache = _cache()
    if _cache_is_process_local(cache):
        path = _generation_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        # mtime granularity can be coarse: force a strictly newer, unique value.
        now = max(time.time_ns(), os.stat(path).st_mtime_ns + 1)
        os.utime(path, ns=(now, now))
    else:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # key missing (flushed): any new value invalidates
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    logger.debug("page cache generation bumped", extra={"reason": reason})


# Values kept in this process as well, under their whole key (the generation is part of
# it, so an entry is never stale): a lookup needs no unpickling and, with Redis, no round
# trip. A search asks for about ten of these (~40 µs each). Only for values nobody changes
# in place, since every caller gets the same object; bounded, and emptied when full.
_in_process: dict = {}
IN_PROCESS_MAX = 1000


def forget_in_process() -> None:
    """Drop what this process keeps beside the cache (a new generation makes it
    unreachable anyway; this frees it at once)."""
    _in_process.clear()


def generation_cached(name: str, parts, compute, timeout: int | None = None,
                      in_process: bool = False):
    """``compute()``, kept in the cache under the current generation and ``parts``.

    For derived figures that only change when the generation does (facet counts, theme
    counts): a publish or taxonomy change makes them unreachable at once, like the pages.
    Also used with the page cache off, so uncached pages stay cheap. ``parts`` must say
    everything the value depends on (its repr is hashed into the key).

    ``in_process``: also keep it in this process's memory (above); only for a value that
    is never changed in place (a string, tuple, frozenset, or a dict its callers only
    read).
    """
    try:
        digest = hashlib.sha1(repr(parts).encode()).hexdigest()
        key = f"derived:{current_generation()}:{name}:{digest}"
        if in_process:
            value = _in_process.get(key)
            if value is not None:
                return value
        cache = _cache()
        value = cache.get(key)
    except Exception:
        logger.exception("cache unavailable")
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=timeout or settings.PAGE_CACHE_TIMEOUT)
        except Exception:
            logger.exception("cache unavailable")
    if in_process:
        if len(_in_process) >= IN_PROCESS_MAX:
            _in_process.clear()
        _in_process[key] = value
    return value


def _excluded(path: str) -> bool:
    prefixes = list(getattr(settings, "PAGE_CACHE_EXCLUDE_PREFIXES", ()))
    prefixes.append("/" + settings.WAGTAIL_ADMIN_PATH.lstrip("/"))
    return path.startswith(tuple(prefixes))


def request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    # A session means a logged-in user, a member, or pending messages: always fresh.
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not _excluded(request.path)


def response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(d in cache_control for d in _UNCACHEABLE_DIRECTIVES)


def cache_key(request, generation: str | None = None) -> str:
    # get_full_path keeps the query string (?pagina=2 is another page).
    generation = current_generation() if generation is None else generation
    return f"pagecache:{generation}:{request.get_host()}:{request.get_full_path()}"


def _setting(name, default):
    return getattr(settings, name, default)


def _from_cache(cached, state):
    status, headers, content = cached
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = state
    return response


class AnonymousPageCacheMiddleware:
    """Place early (after SecurityMiddleware/WhiteNoise, before sessions) so hits are cheap."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", False) or not request_is_cacheable(
            request
        ):
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # CommonMiddleware answers it with a 400
        cache = _cache()
        try:
            generation = current_generation()
            key = cache_key(request, generation)
            cached = cache.get(key)
            # One renderer per key and generation; the lock expires if its holder dies.
            renderer = cached is None and cache.add(
                f"{key}:render", 1, timeout=_setting("PAGE_CACHE_LOCK_SECONDS", 10)
            )
        except Exception:  # a cache outage must not take the site down
            logger.exception("page cache unavailable")
            return self.get_response(request)
        if cached is not None:
            return _from_cache(cached, "hit")
        if not renderer:
            response = self._wait_for_renderer(cache, key)
            if response is not None:
                return response
        try:
            return self._render_and_store(request, cache, key)
        finally:
            if renderer:
                try:
                    cache.delete(f"{key}:render")
                except Exception:
                    logger.exception("page cache unavailable")

    def _wait_for_renderer(self, cache, key):
        """The renderer's copy if it comes within the wait; None means: render it yourself.
        Never the previous generation's copy (that is the page as it was before a publish)."""
        try:
            deadline = time.monotonic() + _setting("PAGE_CACHE_WAIT_SECONDS", 2.0)
            while time.monotonic() < deadline:
                time.sleep(0.01)
                cached = cache.get(key)
                if cached is not None:
                    return _from_cache(cached, "hit")
        except Exception:
            logger.exception("page cache unavailable")
        return None

    def _render_and_store(self, request, cache, key):
        response = self.get_response(request)
        if response_is_cacheable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() != HEADER.lower()]
            entry = (response.status_code, headers, response.content)
            timeout = settings.PAGE_CACHE_TIMEOUT
            try:
                cache.set(key, entry, timeout=timeout)
            except Exception:
                logger.exception("page cache unavailable")
            response[HEADER] = "miss"
        return response


# Changes not yet committed are visible only to their own connection (its thread). While
# a transaction has changed public content, that connection gets a generation of its own
# (the shared one plus a process-wide unique number, new at every change), so it sees its
# changes at once (tests run inside one transaction that never commits) and nobody else
# caches them. Everyone else moves on once, after the commit.
_pending_numbers = itertools.count(1)
# Per thread, as Django's connections are: the number of this transaction's latest change.
_local = threading.local()


def _bump_committed() -> None:
    bump_generation("committed")


def _bump_queued(connection) -> bool:
    # Django drops the callbacks of a rolled-back savepoint or transaction, so "still queued"
    # also says "not rolled back".
    return any(func is _bump_committed for func in internals.on_commit_callbacks(connection))


def _pending_change() -> int:
    connection = transaction.get_connection()
    if not connection.in_atomic_block or not _bump_queued(connection):
        return 0
    return getattr(_local, "number", 0)


def _bump_now_and_on_commit(reason: str) -> None:
    """One shared bump per transaction, after its commit, however many signals it sends
    (add_child, save_revision, publish, page_published ...); outside a transaction (the
    change is already committed) at once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump_generation(reason)
        return
    _local.number = next(_pending_numbers)
    if not _bump_queued(connection):
        transaction.on_commit(_bump_committed)


def _on_page_event(sender, instance=None, **kwargs):
    _bump_now_and_on_commit(f"{sender.__name__} {getattr(instance, 'pk', '')}")


def _on_page_saved(sender, instance, update_fields=None, **kwargs):
    # A full save of a live page (loaders, scripts) can change public content without a
    # publish signal; draft saves only touch revision bookkeeping fields and are skipped.
    if instance.live and update_fields is None:
        _on_page_event(sender, instance)


def on_model_changed(sender, instance=None, **kwargs):
    """A ``post_save``/``post_delete`` receiver for models whose rows public pages or
    generation-cached figures show: a new generation after the commit."""
    _bump_now_and_on_commit(f"{sender.__name__} {getattr(instance, 'pk', '')}")


def connect_signals() -> None:
    """Called from PortaalConfig.ready()."""
    uid = "portaal.cache"
    page_published.connect(_on_page_event, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_on_page_event, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(_on_page_event, dispatch_uid=f"{uid}.moved")

    def page_subclass_only(handler):
        def receiver(sender, **kwargs):
            if issubclass(sender, Page):
                handler(sender, **kwargs)

        return receiver

    # Signals fire with the concrete class as sender; connecting without a sender and
    # filtering on Page covers every page type, including ones added later.
    global _page_saved_receiver, _page_deleted_receiver
    _page_saved_receiver = page_subclass_only(_on_page_saved)
    _page_deleted_receiver = page_subclass_only(_on_page_event)
    post_save.connect(_page_saved_receiver, dispatch_uid=f"{uid}.page_saved")
    post_delete.connect(_page_deleted_receiver, dispatch_uid=f"{uid}.page_deleted")

    # A view restriction added or removed takes pages into or out of every public listing.
    # The taxonomies by name: they import this module (generation_cached) themselves.
    taxonomies = [apps.get_model("portaal", name) for name in ("Thema", "Organisatie", "Regio")]
    for model in (*taxonomies, Site, PageViewRestriction, get_image_model(),
                  get_document_model()):
        name = model._meta.label_lower
        post_save.connect(on_model_changed, sender=model, dispatch_uid=f"{uid}.save.{name}")
        post_delete.connect(on_model_changed, sender=model, dispatch_uid=f"{uid}.del.{name}")


_page_saved_receiver = None
_page_deleted_receiver = None
