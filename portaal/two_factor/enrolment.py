"""Linking a new authenticator app needs a link from the account's mailbox.

Why: a password alone must not be enough to add a second factor. Without this, whoever
stole a password (and in required mode every editor without a device is sent straight to
the enrolment page) could link *his* phone, and from then on the code check protects the
thief instead of the editor. The mailbox is already what the portal trusts for a password
reset, so asking for it here adds no new trust, and an editor team accepts it: one e-mail,
once per phone. The link works only for the account it was sent to, for an hour, and only
while that account's password, address and devices are as they were when it was sent; it
unlocks enrolment for the browser session that opens it, never for the one that asked.
A superuser can remove a lost device (``views.reset``); the editor then links a new one
the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac

from portaal.two_factor.devices import confirmed_devices

SALT = "portaal.two_factor.enrolment"
MAX_AGE = 60 * 60
SESSION_KEY = "two_factor_enrolment_granted"


def _state(user) -> str:
    devices = ",".join(str(pk) for pk in confirmed_devices(user).values_list("pk", flat=True))
    value = f"{user.pk}|{user.password}|{user.email}|{devices}"
    return salted_hmac(SALT, value).hexdigest()[:24]


def make_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT)


def check_token(user, token: str) -> bool:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return False
    return isinstance(data, dict) and data.get("u") == user.pk and data.get("s") == _state(user)


def send_link(request, user) -> bool:
    """Mail the enrolment link to the account's own address; False when it could not."""
    if not user.email:
        return False
    url = request.build_absolute_uri(reverse("two_factor_enrol_link", args=[make_token(user)]))
    body = render_to_string("two_factor/email/enrolment_link.txt", {
        "user": user, "url": url, "site_name": settings.WAGTAIL_SITE_NAME,
    })
    try:
        send_mail("Koppel uw authenticator-app", body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # the mail server's failure is shown to the editor, not a 500
        return False
    return True


def grant(request) -> None:
    request.session[SESSION_KEY] = request.user.pk


def is_granted(request) -> bool:
    return request.session.get(SESSION_KEY) == request.user.pk


def revoke(request) -> None:
    request.session.pop(SESSION_KEY, None)


def masked_email(email: str) -> str:
    """f…@example.org: enough for the editor to recognise, little for someone else."""
    name, _, domain = (email or "").partition("@")
    return f"{name[:1]}…@{domain}" if domain else ""
