"""Fixed-window rate limits and lockouts (no third-party service, no captcha).

Every limit counts per client address (``portaal.client_address``, which knows the trusted
proxies) and, where it says so, per account. The counters are rows in the database
(``ThrottleCounter``), not cache entries: the page cache fills its cache with anonymous
pages and evicts what it likes, and a counter it evicted would give an attacker a fresh
window. Keys are hashed, so the table holds no addresses or e-mail addresses.

When the database is unavailable the counters are too, and the errors propagate. That is
neither failing open nor failing closed on top of the outage: every login, registration,
password reset and submission needs the same database, so none of them can succeed
without it, and none is throttled wrongly once it is back.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portaal.client_address import client_address


def _key(scope: str, key) -> str:
    return hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()


def _counters():
    from portaal.models import ThrottleCounter  # the app registry is ready by request time

    return ThrottleCounter.objects


def increment(scope: str, key, window: int) -> int:
    """Count one attempt; the count in the current window (which starts at the first)."""
    pk, now = _key(scope, key), timezone.now()
    counters = _counters()
    with transaction.atomic():
        if not counters.filter(pk=pk, expires_at__gt=now).update(count=F("count") + 1):
            # No open window: expired rows (this key's included) go, a new window starts.
            counters.filter(expires_at__lte=now).delete()
            _, created = counters.get_or_create(
                pk=pk, defaults={"count": 1, "expires_at": now + timedelta(seconds=window)}
            )
            if created:
                return 1
            counters.filter(pk=pk).update(count=F("count") + 1)  # a parallel request won
        return counters.filter(pk=pk).values_list("count", flat=True).first() or 1


def count(scope: str, key) -> int:
    """Attempts in the current window (0 when none is open)."""
    found = _counters().filter(pk=_key(scope, key), expires_at__gt=timezone.now())
    return found.values_list("count", flat=True).first() or 0


def reset(scope: str, key) -> None:
    _counters().filter(pk=_key(scope, key)).delete()


def hit(scope: str, key, limit: int, window: int = 3600) -> bool:
    """Count one attempt for ``scope``/``key``; False once more than ``limit`` in ``window`` s."""
    return increment(scope, key, window) <= limit


def allowed(request, scope, limit, window=3600, per_user_limit=None, account=None):
    """Count an attempt per client address and per account; both must be allowed.

    The account is the logged-in user, or ``account`` (e.g. the e-mail address a password
    reset is asked for, whether or not it exists).
    """
    ok = hit(f"{scope}:ip", client_address(request), limit, window)
    user = getattr(request, "user", None)
    if account is None and user is not None and user.is_authenticated:
        account = user.pk
    if account is not None:
        ok = hit(f"{scope}:user", account, per_user_limit or limit, window) and ok
    return ok
