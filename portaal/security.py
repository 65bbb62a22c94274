"""Security pieces shared by every login and every response.

- ``ContentSecurityPolicyMiddleware``: a strict policy for the public site (no inline
  scripts or styles, nothing from other origins except video embeds) and a relaxed one for
  the Wagtail and Django admins, whose own JavaScript needs inline code.
- Login throttling, reusable by any login form: failed attempts are counted per
  (IP, username) and per IP in the ``throttle`` cache (shared by all worker processes) from
  Django's ``user_login_failed`` signal. ``ThrottleBackend`` (first in
  AUTHENTICATION_BACKENDS) refuses every ``authenticate()`` call while a client is
  throttled, so the Wagtail admin login, the Django admin and the member login at
  /account/ are all covered without changes to their views; ``ThrottledLoginFormMixin``
  adds a clear Dutch message to a login form.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.core.exceptions import PermissionDenied

from wagtail.admin.forms.auth import LoginForm

THROTTLED_MESSAGE = (
    "Te veel mislukte inlogpogingen. Wacht een kwartier en probeer het dan opnieuw."
)

# --------------------------------------------------------------------------- CSP

PUBLIC_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # Video embeds (wagtail.embeds) are the only third-party content on public pages.
    "frame-src": [
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# The Wagtail admin uses inline scripts/styles and eval-based widgets, loads images from
# blob: URLs while uploading and frames its own preview pages.
ADMIN_CSP = {
    **PUBLIC_CSP,
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "frame-src": ["'self'", "https:"],
    "frame-ancestors": ["'self'"],
}


# A preview (Wagtail's preview views, "view draft", a revision) is the public page as an
# editor will see it, shown by the admin in its live preview panel: framed by the admin's own
# origin, never by another site.
PREVIEW_CSP = {**PUBLIC_CSP, "frame-ancestors": ["'self'"]}


def _render_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def admin_prefixes() -> tuple[str, ...]:
    return ("/" + settings.WAGTAIL_ADMIN_PATH.lstrip("/"), "/django-admin/")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public = _render_policy(PUBLIC_CSP)
        self.admin = _render_policy(ADMIN_CSP)
        self.preview = _render_policy(PREVIEW_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware chain with a request for
            # the page's public path, so this is the one place that knows it is a preview.
            # Django's clickjacking middleware (further in) has set the site-wide DENY by now.
            response["Content-Security-Policy"] = self.preview
            response["X-Frame-Options"] = "SAMEORIGIN"
        elif "Content-Security-Policy" not in response:
            admin = request.path.startswith(admin_prefixes())
            response["Content-Security-Policy"] = self.admin if admin else self.public
        return response


# --------------------------------------------------------------------------- throttling


def _throttle_cache():
    return caches["throttle" if "throttle" in settings.CACHES else "default"]


def client_ip(request) -> str:
    if request is None:
        return "unknown"
    header = getattr(settings, "LOGIN_THROTTLE_IP_HEADER", "REMOTE_ADDR")
    return (request.META.get(header) or "unknown").split(",")[0].strip()


def _keys(request, username: str | None) -> tuple[str, str]:
    ip = client_ip(request)
    user = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:ip:{ip}", f"login-fail:ipuser:{ip}:{user}"


def _count(key: str) -> int:
    return int(_throttle_cache().get(key) or 0)


def is_throttled(request, username: str | None) -> bool:
    ip_key, user_key = _keys(request, username)
    return (
        _count(user_key) >= settings.LOGIN_THROTTLE_MAX_PER_USER
        or _count(ip_key) >= settings.LOGIN_THROTTLE_MAX_PER_IP
    )


def record_failure(request, username: str | None) -> None:
    cache = _throttle_cache()
    for key in _keys(request, username):
        # A fixed window from the first failure: add() sets the expiry, incr() keeps it.
        cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW)


def clear_failures(request, username: str | None) -> None:
    _throttle_cache().delete(_keys(request, username)[1])


def _username_from(credentials: dict) -> str:
    return credentials.get("username") or credentials.get("email") or ""


def _on_login_failed(sender, credentials, request=None, **kwargs):
    record_failure(request, _username_from(credentials))


def _on_logged_in(sender, request, user, **kwargs):
    clear_failures(request, user.get_username())


def connect_signals() -> None:
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    user_login_failed.connect(_on_login_failed, dispatch_uid="portaal.security.failed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="portaal.security.logged_in")


class ThrottleBackend:
    """Refuses to authenticate anyone while their client is throttled.

    Raising PermissionDenied makes django.contrib.auth.authenticate() stop before the
    real backends check the password, so a throttled attacker learns nothing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_throttled(request, username or kwargs.get("email")):
            raise PermissionDenied(THROTTLED_MESSAGE)
        return None

    def get_user(self, user_id):
        # force_login() and sessions may name this backend (it is listed first): load the
        # user as Django's own backend does, so such sessions stay logged in.
        return ModelBackend().get_user(user_id)


class ThrottledLoginFormMixin:
    """For AuthenticationForm subclasses: say plainly that the client is throttled.

    ThrottleBackend already refuses the login; this only replaces the generic "wrong
    password" message. It looks at cleaned_data["username"] after the form's own clean(),
    so forms that map an e-mail address to the username are checked on the same key.
    """

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            cleaned = getattr(self, "cleaned_data", None) or {}
            if is_throttled(self.request, cleaned.get("username") or self.data.get("username")):
                raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled") from None
            raise


class ThrottledAdminLoginForm(ThrottledLoginFormMixin, LoginForm):
    """WAGTAILADMIN_USER_LOGIN_FORM."""
