"""E-mail about submissions: stored as a Bericht first, then sent with Django's mail framework.

A failing mail server never loses a submission or shows an error page: the message stays
unsent (visible in the moderation queue) and ``manage.py send_pending_mail`` or the admin's
"opnieuw versturen" retries it.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portaal.mail import subject_line
from voorbeelden.models import Bericht

logger = logging.getLogger(__name__)

QUEUE_PERMISSION = "voorbeelden.change_inzending"


def absolute_url(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def editor_addresses():
    """Active users who may work the moderation queue (directly, by group, or superuser)."""
    perm = Permission.objects.filter(
        content_type__app_label="voorbeelden", codename="change_inzending"
    ).first()
    condition = Q(is_superuser=True)
    if perm is not None:
        condition |= Q(groups__permissions=perm) | Q(user_permissions=perm)
    users = get_user_model().objects.filter(condition, is_active=True).exclude(email=None)
    return sorted({u.email for u in users.distinct() if u.email})


def queue(to, subject, template, context, inzending=None):
    recipients = [a for a in to if a]
    if not recipients:
        return None
    body = render_to_string(template, context)
    max_length = Bericht._meta.get_field("subject").max_length
    return Bericht.objects.create(
        inzending=inzending, to="\n".join(recipients), subject=subject_line(subject, max_length),
        body=body,
    )


def send(berichten):
    """Try to send each stored message; record failures. Returns how many were sent."""
    sent = 0
    for bericht in berichten:
        if bericht is None or bericht.sent_at is not None:
            continue
        bericht.attempts += 1
        try:
            # Flattened again here: messages stored before subjects were flattened must be
            # retryable too.
            EmailMessage(
                subject_line(bericht.subject), bericht.body, settings.DEFAULT_FROM_EMAIL,
                bericht.recipients,
            ).send()
        except Exception as exc:  # any backend failure: SMTP, DNS, refused connection ...
            logger.warning("E-mail %s niet verzonden: %s", bericht.pk, exc)
            bericht.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            bericht.save(update_fields=["attempts", "last_error"])
        else:
            bericht.sent_at = timezone.now()
            bericht.last_error = ""
            bericht.save(update_fields=["attempts", "last_error", "sent_at"])
            sent += 1
    return sent


def send_pending(max_attempts=10):
    pending = Bericht.objects.filter(sent_at=None, attempts__lt=max_attempts).order_by("pk")
    return send(list(pending))


def _context(inzending, request):
    return {
        "inzending": inzending,
        "user": inzending.user,
        "detail_url": absolute_url(inzending.get_absolute_url(), request),
        "overview_url": absolute_url(reverse("mijn_inzendingen"), request),
        "admin_url": absolute_url(
            reverse("voorbeelden_inzending_modeladmin_inspect", args=[inzending.pk]), request
        ),
        "page_url": inzending.public_page().full_url if inzending.public_page() else "",
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def notify_submitted(inzending, request=None):
    context = _context(inzending, request)
    return send([
        queue([inzending.user.email], f"Ontvangen: {inzending}",
              "voorbeelden/email/ingediend_lid.txt", context, inzending),
        queue(editor_addresses(), f"Nieuwe inzending: {inzending}",
              "voorbeelden/email/ingediend_redactie.txt", context, inzending),
    ])


def notify_status(inzending, request=None):
    context = _context(inzending, request)
    subject = f"Uw inzending ‘{inzending}’: {inzending.get_status_display().lower()}"
    return send([
        queue([inzending.user.email], subject, "voorbeelden/email/status.txt", context, inzending)
    ])
