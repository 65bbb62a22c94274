"""A small fixed-window rate limit on Django's cache (no third-party service, no captcha)."""

from django.core.cache import cache


def client_ip(request):
    # Behind a proxy, set it to pass the client address as REMOTE_ADDR (e.g. gunicorn
    # --forwarded-allow-ips); X-Forwarded-For is not trusted here because anyone can set it.
    return request.META.get("REMOTE_ADDR", "") or "onbekend"


def hit(scope, key, limit, window=3600):
    """Count one attempt for ``scope``/``key``; False once more than ``limit`` in ``window`` s."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window)
        count = 1
    return count <= limit


def allowed(request, scope, limit, window=3600, per_user_limit=None):
    """Count an attempt per client IP and, when logged in, per account; both must be allowed."""
    ok = hit(f"{scope}:ip", client_ip(request), limit, window)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        ok = hit(f"{scope}:user", user.pk, per_user_limit or limit, window) and ok
    return ok
