"""Member accounts: registration, confirmation, approval of a new organisation, login, reset."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

import pytest

from portaal.models import Organisatie
from tests.factories import make_organisatie
from tests.roles import make_user
from tests.voorbeelden.inzendingen_support import PASSWORD, login

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def register(client, **overrides):
    data = {
        "first_name": "Fatima", "last_name": "El Amrani", "email": "Fatima@Stimenz.nl",
        "organisatie": str(make_organisatie().pk), "nieuwe_organisatie": "",
        "password1": PASSWORD, "password2": PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("account_register"), data)


def confirmation_link():
    return re.search(r"https?://\S+/account/bevestigen/\S+/", mail.outbox[-1].body).group(0)


def log_in(client, email="fatima@stimenz.nl", password=PASSWORD):
    return client.post(reverse("account_login"), {"username": email, "password": password})


def test_register_confirm_login_with_known_organisation(client):
    response = register(client)
    assert response.status_code == 200
    assert "bevestig uw e-mailadres" in response.content.decode().lower()
    user = User.objects.get(email="fatima@stimenz.nl")
    assert not user.is_active and not user.email_confirmed

    early = log_in(client)
    assert "Uw account is nog niet geactiveerd" in early.content.decode()
    assert "bevestigingslink" in early.content.decode()

    confirmed = client.get(confirmation_link())
    assert "Uw account is actief" in confirmed.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.email_confirmed
    # The link is spent.
    assert "al bevestigd" in client.get(confirmation_link(), follow=True).content.decode()

    response = log_in(client, email="FATIMA@stimenz.nl")
    assert response.status_code == 302
    assert response["Location"] == reverse("mijn_inzendingen")


def test_new_organisation_needs_editor_approval(client):
    editor = make_user("approver")
    register(client, organisatie="", nieuwe_organisatie="Buurtwerk Oost")
    client.get(confirmation_link())
    user = User.objects.get(email="fatima@stimenz.nl")
    assert user.email_confirmed and not user.is_active
    assert any(editor.email in m.to for m in mail.outbox)

    body = log_in(client).content.decode()
    assert "Uw account is nog niet geactiveerd" in body
    assert "keurt de redactie uw account eerst goed" in body

    login(client, editor)
    queue = client.get("/admin/nieuwe-leden/").content.decode()
    assert "Buurtwerk Oost" in queue
    assert "Buurtwerk Oost" in client.get(f"/admin/nieuwe-leden/{user.pk}/").content.decode()
    client.post(reverse("account_approve", args=[user.pk]))
    user.refresh_from_db()
    assert user.is_active
    assert user.organisatie == Organisatie.objects.get(name="Buurtwerk Oost")
    assert mail.outbox[-1].to == [user.email]
    client.logout()
    assert log_in(client).status_code == 302


def test_member_cannot_approve(client):
    register(client, organisatie="", nieuwe_organisatie="Buurtwerk Oost")
    pending = User.objects.get()
    other = User.objects.create_user("x@y.nl", "x@y.nl", PASSWORD)
    login(client, other)
    assert client.post(reverse("account_approve", args=[pending.pk])).status_code == 403
    pending.refresh_from_db()
    assert not pending.is_active


def test_registration_errors_are_dutch_and_keep_input(client):
    make_organisatie()
    User.objects.create_user("fatima@stimenz.nl", "fatima@stimenz.nl", PASSWORD)
    body = register(client, organisatie="", password2="anders-wachtwoord-1").content.decode()
    assert "Er is al een account met dit e-mailadres" in body
    assert "Kies uw organisatie of vul de naam van een nieuwe in." in body
    assert "De twee wachtwoorden zijn niet gelijk." in body
    assert 'value="El Amrani"' in body


def test_wrong_password_message(client):
    register(client)
    client.get(confirmation_link())
    body = log_in(client, password="fout").content.decode()
    assert "passen niet bij elkaar" in body
    assert "nog niet geactiveerd" not in body


def test_honeypot_and_rate_limit_on_registration(client):
    register(client, website="spam")
    assert not User.objects.exists()
    for n in range(5):
        register(client, email=f"lid{n}@voorbeeld.nl")
    response = register(client, email="zesde@voorbeeld.nl")
    assert response.status_code == 429
    assert not User.objects.filter(email="zesde@voorbeeld.nl").exists()


def test_password_reset(client):
    register(client)
    client.get(confirmation_link())
    client.post(reverse("password_reset"), {"email": "fatima@stimenz.nl"})
    link = re.search(r"https?://\S+/account/wachtwoord/nieuw/\S+/", mail.outbox[-1].body).group(0)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": "Herfst-in-de-wijk-2025",
                           "new_password2": "Herfst-in-de-wijk-2025"})
    assert log_in(client, password="Herfst-in-de-wijk-2025").status_code == 302


def test_header_links(client):
    from tests.factories import make_site
    make_site()
    body = client.get("/").content.decode()
    assert "Inloggen" in body and "Deel uw praktijkvoorbeeld" in body
    register(client)
    client.get(confirmation_link())
    log_in(client)
    assert "Mijn inzendingen" in client.get(reverse("mijn_inzendingen")).content.decode()
