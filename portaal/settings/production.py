from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
if not env.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
if not env.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated)")


def _flag(name, default):
    return env.get(name, default).lower() in ("1", "true", "yes")


# --- HTTPS and cookies. Behind a TLS-terminating proxy set TRUST_X_FORWARDED_PROTO=true.
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", "true")
# Load balancers and container health checks probe over plain http.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if _flag("TRUST_X_FORWARDED_PROTO", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", "true")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Throttles key on the client address behind TRUSTED_PROXIES (portaal/client_address.py).
# A typo there stops the start rather than every login; the old header setting believed the
# client-written end of X-Forwarded-For, so it is refused instead of silently ignored.
if env.get("LOGIN_THROTTLE_IP_HEADER", "REMOTE_ADDR") != "REMOTE_ADDR":
    raise ImproperlyConfigured(
        "LOGIN_THROTTLE_IP_HEADER is no longer read: list the reverse proxies in TRUSTED_PROXIES"
    )
from portaal.client_address import parse_networks  # noqa: E402

parse_networks(tuple(TRUSTED_PROXIES))  # noqa: F405

# --- Database: reuse connections, notice dead ones (PostgreSQL restart), fail fast.
DATABASES["default"]["CONN_MAX_AGE"] = int(env.get("DB_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(  # noqa: F405
        "connect_timeout", int(env.get("DB_CONNECT_TIMEOUT", "3"))
    )

# --- Anonymous visitors get cached pages (portaal/cache.py).
PAGE_CACHE_ENABLED = _flag("PAGE_CACHE_ENABLED", "true")

# --- Media from the app server only when nothing in front serves them (scripts/serve).
SERVE_MEDIA = _flag("SERVE_MEDIA", "false")

# --- Structured logs: one JSON object per line on stderr.
LOGGING["formatters"]["json"] = {"()": "portaal.logging.JsonFormatter"}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
