"""Security pieces shared by every login and every response.

- ``ContentSecurityPolicyMiddleware``: a strict policy for the public site (no inline
  scripts or styles, nothing from other origins except video embeds) and a relaxed one for
  the Wagtail and Django admins, whose own JavaScript needs inline code.
- Login throttling, reusable by any login form: failed attempts are counted per client
  address, per account and per address and account (``portaal.ratelimit``: in the
  database, shared by all workers) from Django's ``user_login_failed`` signal.
  ``ThrottleBackend`` (first in AUTHENTICATION_BACKENDS) refuses every ``authenticate()``
  call while a client or account is throttled, so the Wagtail admin login, the Django
  admin and the member login at /account/ are all covered without changes to their
  views; ``ThrottledLoginFormMixin`` adds a clear Dutch message to a login form.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied

from wagtail.admin.forms.auth import LoginForm

from portaal import ratelimit
from portaal.client_address import client_address

THROTTLED_MESSAGE = (
    "Te veel mislukte inlogpogingen. Wacht een kwartier en probeer het dan opnieuw."
)
ACCOUNT_THROTTLED_MESSAGE = (
    "Met dit account is te vaak geprobeerd in te loggen met een verkeerd wachtwoord. Ter "
    "bescherming kan er een kwartier niet mee worden ingelogd. Probeer het daarna opnieuw "
    "of vraag een nieuw wachtwoord aan."
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
    return ("/" + settings.WAGTAIL_ADMIN_PATH.lstrip("/"),)


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


def _login_keys(request, username: str | None) -> tuple[tuple[str, str], ...]:
    """(scope, key) for the client address, the account, and the two together."""
    address = client_address(request)
    account = (username or "").strip().lower()
    return (
        ("login-fail:address", address),
        ("login-fail:account", account),
        ("login-fail:address-account", f"{address}\0{account}"),
    )


def throttled_message(request, username: str | None) -> str:
    """Why this login is refused now ("" when it is not).

    Per address: an attacker's address stops after LOGIN_THROTTLE_MAX_PER_IP failures
    and only that address. Per address and account: one address gets
    LOGIN_THROTTLE_MAX_PER_USER tries at an account, so it can never lock the owner out
    on its own. Per account from all addresses together: LOGIN_THROTTLE_MAX_PER_ACCOUNT
    failures lock the account for the rest of the window, no longer, which bounds a
    guessing attack spread over many addresses. Keys count the name typed, whether or not
    such an account exists, so the answers reveal no accounts.
    """
    address, account, pair = _login_keys(request, username)
    if (
        ratelimit.count(*address) >= settings.LOGIN_THROTTLE_MAX_PER_IP
        or ratelimit.count(*pair) >= settings.LOGIN_THROTTLE_MAX_PER_USER
    ):
        return THROTTLED_MESSAGE
    if account[1] and ratelimit.count(*account) >= settings.LOGIN_THROTTLE_MAX_PER_ACCOUNT:
        return ACCOUNT_THROTTLED_MESSAGE
    return ""


def is_throttled(request, username: str | None) -> bool:
    return bool(throttled_message(request, username))


def record_failure(request, username: str | None) -> None:
    address, account, pair = _login_keys(request, username)
    window = settings.LOGIN_THROTTLE_WINDOW
    at_address = ratelimit.increment(*address, window)
    at_pair = ratelimit.increment(*pair, window)
    # Only tries that a limit of its own let through count for the account: one address
    # can never use up an account's allowance and lock its owner out.
    if (
        at_address <= settings.LOGIN_THROTTLE_MAX_PER_IP
        and at_pair <= settings.LOGIN_THROTTLE_MAX_PER_USER
    ):
        ratelimit.increment(*account, window)


def clear_failures(request, username: str | None) -> None:
    # Only the owner's own typos from this address; the account-wide count stays, so a
    # login in between does not hand a distributed attack a fresh budget.
    ratelimit.reset(*_login_keys(request, username)[2])


def _username_from(credentials: dict) -> str:
    return credentials.get("username") or credentials.get("email") or ""


def _on_login_failed(sender, credentials, request=None, **kwargs):
    record_failure(request, _username_from(credentials))


def _on_logged_in(sender, request, user, **kwargs):
    clear_failures(request, user.get_username())


def connect_signals() -> None:
    user_login_failed.connect(_on_login_failed, dispatch_uid="portaal.security.failed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="portaal.security.logged_in")


class ThrottleBackend:
    """Refuses to authenticate anyone while their client or account is throttled.

    Raising PermissionDenied makes django.contrib.auth.authenticate() stop before the
    real backends check the password, so a throttled attacker learns nothing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        message = throttled_message(request, username or kwargs.get("email"))
        if message:
            raise PermissionDenied(message)
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
            message = throttled_message(
                self.request, cleaned.get("username") or self.data.get("username")
            )
            if message:
                raise forms.ValidationError(message, code="throttled") from None
            raise


class ThrottledAdminLoginForm(ThrottledLoginFormMixin, LoginForm):
    """WAGTAILADMIN_USER_LOGIN_FORM."""
