"""Optional two-factor authentication (TOTP) for editors: enrol, log in, code check."""

import re

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portaal.models import User

pytestmark = pytest.mark.django_db

SETUP = "/admin/tweestapsverificatie/"
VERIFY = "/admin/tweestapsverificatie/controle/"
PASSWORD = "lang-en-geheim-wachtwoord-42"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    """The enrolment-link limit counts per account id, and ids repeat between tests."""
    cache.clear()


def code_for(device, steps_ahead=0):
    """What the editor's app shows now (or in the next 30-second window: a code can be used
    only once, and django-otp accepts one window of clock drift)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


@pytest.fixture
def editor():
    user = User.objects.create_user("redacteur", "redacteur@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def login(client):
    response = client.post("/admin/login/", {"username": "redacteur", "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def open_enrolment_link(client, user):
    """Linking an app needs the link from the editor's own mailbox (enrolment.py)."""
    client.post(SETUP, {"send_link": "1"})
    assert mail.outbox[-1].to == [user.email]
    link = re.search(r"https?://\S+(/admin/tweestapsverificatie/koppelen/\S+/)",
                     mail.outbox[-1].body).group(1)
    assert client.get(link).status_code == 302


def enrol(client, user):
    open_enrolment_link(client, user)
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device



def enrol_and_log_in_again(client, user):
    """Enrol, log out, log in with the password: the session now waits for a code."""
    login(client)
    device = enrol(client, user)
    client.post("/admin/logout/")
    login(client)
    return device


def test_editor_without_a_device_reaches_the_admin_after_the_password(client, editor):
    login(client)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Tweestapsverificatie" in client.get("/admin/account/").content.decode()


def test_enrolment_page_shows_a_qr_code_and_refuses_a_wrong_first_code(client, editor):
    login(client)
    assert "two-factor-qr" not in client.get(SETUP).content.decode()
    open_enrolment_link(client, editor)
    html = client.get(SETUP).content.decode()
    assert "<svg" in html and "Scan deze QR-code" in html
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    # The key shown for typing by hand is the device's own key.
    key = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    assert device.config_url.split("secret=")[1].split("&")[0] == key
    # Reloading keeps the key the editor may already have scanned.
    client.get(SETUP)
    assert TOTPDevice.objects.get(user=editor).pk == device.pk

    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    response = client.post(SETUP, {"code": "abc"})
    assert "Vul de code van zes cijfers" in response.content.decode()


def test_enrolled_editor_must_enter_the_code_after_the_password(client, editor):
    login(client)
    device = enrol(client, editor)
    # The session that enrolled counts as verified.
    assert client.get("/admin/").status_code == 200

    client.post("/admin/logout/")
    login(client)
    for url in ("/admin/", "/admin/pages/", "/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    page = client.get(VERIFY + "?next=/admin/pages/")
    assert page.status_code == 200
    assert "Code uit uw authenticator-app" in page.content.decode()

    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1),
                                    "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_dutch_message(client, editor):
    device = enrol_and_log_in_again(client, editor)

    wrong = f"{(int(code_for(device, 1)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong, "next": "/admin/"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    # django-otp now makes the device wait before the next try.
    response = client.post(VERIFY, {"code": code_for(device, 1), "next": "/admin/"})
    assert "Te veel foute codes" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_verify_does_not_redirect_off_site(client, editor):
    device = enrol_and_log_in_again(client, editor)
    response = client.post(VERIFY, {"code": code_for(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_editor_can_switch_it_off_with_a_code(client, editor):
    login(client)
    device = enrol(client, editor)
    response = client.post(SETUP, {"code": code_for(device, 1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    client.post("/admin/logout/")
    login(client)
    assert client.get("/admin/").status_code == 200


@override_settings(WAGTAIL_2FA_REQUIRED=True)
def test_required_mode_forces_enrolment_before_the_admin(client, editor):
    login(client)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    html = client.get(response["Location"]).content.decode()
    assert "verplicht" in html and "Stuur mij de link" in html
    open_enrolment_link(client, editor)
    assert "<svg" in client.get(SETUP).content.decode()

    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    # Switching off is not offered when it is required.
    client.post(SETUP, {"code": code_for(device, 1)})
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


@override_settings(WAGTAIL_2FA_REQUIRED=True)
def test_members_are_never_asked_for_a_code(client):
    member = User.objects.create_user("lid", "lid@example.org", PASSWORD)
    client.force_login(member)
    response = client.get("/mijn-inzendingen/")
    assert response.status_code == 200
    assert "tweestapsverificatie" not in response.get("Location", "")


def test_force_login_without_a_device_keeps_working(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get(SETUP).status_code == 200


def test_superuser_can_remove_a_lost_device_in_the_wagtail_admin(client, admin_client, editor):
    login(client)
    enrol(client, editor)
    assert "Tweestapsverificatie herstellen" in admin_client.get("/admin/users/").content.decode()
    response = admin_client.post(f"/admin/tweestapsverificatie/herstellen/{editor.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
