"""Whole-page cache for anonymous visitors that never serves a stale page.

Every cache key contains a global *generation* number. Anything that can change what a
public page shows (a page published, unpublished, moved or deleted; a Thema, Organisatie
or Regio saved or deleted; the site, an image or a document changed) bumps the
generation, so all earlier entries become unreachable at once: no list of URLs to purge,
nothing stale survives. Old entries simply expire (PAGE_CACHE_TIMEOUT) or are evicted.

Where the generation lives matters with several worker processes: with a shared cache
(Redis) it is a key in that cache; with a process-local cache (locmem, the default without
REDIS_URL) each gunicorn worker has its own memory, so the generation is the mtime of a
small file that all workers on the machine stat() per request (microseconds).

When the generation changes, every connection misses at the same moment. To keep them
from all rendering the same page at once (a stampede that made a publish take seconds to
show under load), one request per key renders it (a lock taken with ``cache.add``); the
others get the previous generation's copy, but only while that generation was superseded
less than PAGE_CACHE_STALE_SECONDS (1 s) ago, else they wait briefly for the renderer's
copy (PAGE_CACHE_WAIT_SECONDS) and render it themselves if it does not come.

Only anonymous GET/HEAD requests without a session or messages cookie are served from or
stored in the cache; only plain 200 responses that set no cookie and are not marked
private/no-store are stored. Search (/zoeken/), the admin, accounts, documents and
/health/ are never cached (PAGE_CACHE_EXCLUDE_PREFIXES).
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse

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


def current_generation() -> str:
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
    cache = _cache()
    if _cache_is_process_local(cache):
        old = current_generation()
        path = _generation_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        # mtime granularity can be coarse: force a strictly newer, unique value.
        now = max(time.time_ns(), os.stat(path).st_mtime_ns + 1)
        os.utime(path, ns=(now, now))
        _log_superseded(old)
    else:
        try:
            new = cache.incr(GENERATION_KEY)
            cache.set(f"{SUPERSEDED_KEY}{new - 1}", time.time_ns(), timeout=SUPERSEDED_TTL)
        except ValueError:  # key missing (flushed): any new value invalidates
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    logger.debug("page cache generation bumped", extra={"reason": reason})


# When each generation stopped being current, so a previous generation's copy is served
# only within the grace period. Process-local caches: an append-only file beside the
# generation file (O_APPEND writes of one short line are atomic between processes); shared
# caches: a short-lived key per generation. A lost record only means "do not serve stale".
SUPERSEDED_KEY = "pagecache:superseded:"
SUPERSEDED_TTL = 60
_SUPERSEDED_LOG_MAX = 64 * 1024


def _superseded_log() -> Path:
    path = _generation_file()
    return path.with_name(path.name + ".superseded")


def _log_superseded(generation: str) -> None:
    path = _superseded_log()
    with open(path, "a", encoding="ascii") as log:
        log.write(f"{generation} {time.time_ns()}\n")
    if path.stat().st_size > _SUPERSEDED_LOG_MAX:
        lines = path.read_text(encoding="ascii").splitlines()[-100:]
        path.write_text("".join(line + "\n" for line in lines), encoding="ascii")


def superseded_at(generation: str) -> int | None:
    """time.time_ns() at which ``generation`` stopped being current, if known."""
    cache = _cache()
    if not _cache_is_process_local(cache):
        return cache.get(f"{SUPERSEDED_KEY}{generation}")
    try:
        with open(_superseded_log(), "rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 4096))
            tail = log.read().decode("ascii", "replace").splitlines()
    except FileNotFoundError:
        return None
    for line in reversed(tail):
        parts = line.split()
        if len(parts) == 2 and parts[0] == generation and parts[1].isdigit():
            return int(parts[1])
    return None


def generation_cached(name: str, parts, compute, timeout: int | None = None):
    """``compute()``, kept in the cache under the current generation and ``parts``.

    For derived figures that only change when the generation does (facet counts, theme
    counts): a publish or taxonomy change makes them unreachable at once, like the pages.
    Also used with the page cache off, so uncached pages stay cheap. ``parts`` must say
    everything the value depends on (its repr is hashed into the key).
    """
    cache = _cache()
    try:
        digest = hashlib.sha1(repr(parts).encode()).hexdigest()
        key = f"derived:{current_generation()}:{name}:{digest}"
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


def latest_key(request) -> str:
    """The newest stored copy of a URL, whatever its generation (for the stampede grace)."""
    return f"pagecache:latest:{request.get_host()}:{request.get_full_path()}"


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
            response = self._while_another_renders(request, cache, key, generation)
            if response is not None:
                return response
        try:
            return self._render_and_store(request, cache, key, generation)
        finally:
            if renderer:
                try:
                    cache.delete(f"{key}:render")
                except Exception:
                    logger.exception("page cache unavailable")

    def _while_another_renders(self, request, cache, key, generation):
        """The previous copy within the grace period, else the renderer's copy if it comes
        within the wait; None means: render it yourself."""
        try:
            latest = cache.get(latest_key(request))
            if latest is not None and latest[0] != generation:
                since = superseded_at(latest[0])
                grace = _setting("PAGE_CACHE_STALE_SECONDS", 1.0)
                if since is not None and time.time_ns() - since < grace * 1e9:
                    return _from_cache(latest[1], "stale")
            deadline = time.monotonic() + _setting("PAGE_CACHE_WAIT_SECONDS", 2.0)
            while time.monotonic() < deadline:
                time.sleep(0.02)
                cached = cache.get(key)
                if cached is not None:
                    return _from_cache(cached, "hit")
        except Exception:
            logger.exception("page cache unavailable")
        return None

    def _render_and_store(self, request, cache, key, generation):
        response = self.get_response(request)
        if response_is_cacheable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() != HEADER.lower()]
            entry = (response.status_code, headers, response.content)
            timeout = settings.PAGE_CACHE_TIMEOUT
            try:
                cache.set_many(
                    {key: entry, latest_key(request): (generation, entry)}, timeout=timeout
                )
            except Exception:
                logger.exception("page cache unavailable")
            response[HEADER] = "miss"
        return response


def _bump_now_and_on_commit(reason: str) -> None:
    # Now, so the change shows at once; and again after the commit, so a request that
    # rendered the old rows between the first bump and the commit cannot keep them cached.
    from django.db import transaction

    bump_generation(reason)
    transaction.on_commit(lambda: bump_generation(reason + " (committed)"))


def _on_page_event(sender, instance=None, **kwargs):
    _bump_now_and_on_commit(f"{sender.__name__} {getattr(instance, 'pk', '')}")


def _on_page_saved(sender, instance, update_fields=None, **kwargs):
    # A full save of a live page (loaders, scripts) can change public content without a
    # publish signal; draft saves only touch revision bookkeeping fields and are skipped.
    if instance.live and update_fields is None:
        _on_page_event(sender, instance)


def _on_model_changed(sender, instance=None, **kwargs):
    _bump_now_and_on_commit(f"{sender.__name__} {getattr(instance, 'pk', '')}")


def connect_signals() -> None:
    """Called from PortaalConfig.ready()."""
    from django.db.models.signals import post_delete, post_save

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from portaal.models import Organisatie, Regio, Thema

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

    for model in (Thema, Organisatie, Regio, Site, get_image_model(), get_document_model()):
        name = model._meta.label_lower
        post_save.connect(_on_model_changed, sender=model, dispatch_uid=f"{uid}.save.{name}")
        post_delete.connect(_on_model_changed, sender=model, dispatch_uid=f"{uid}.del.{name}")


_page_saved_receiver = None
_page_deleted_receiver = None
