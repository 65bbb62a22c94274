"""A password alone cannot link a new authenticator app, nor reach any admin unchecked."""

import re

from django.core import mail
from django.core.cache import cache
from django.test import override_settings

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.roles import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SETUP = "/admin/tweestapsverificatie/"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    """The enrolment-link limit counts per account id, and ids repeat between tests."""
    cache.clear()


def code_for(device, steps_ahead=0):
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def password_login(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def enrolment_link():
    return re.search(r"https?://\S+(/admin/tweestapsverificatie/koppelen/\S+/)",
                     mail.outbox[-1].body).group(1)


@override_settings(WAGTAIL_2FA_REQUIRED=True)
def test_password_thief_cannot_link_his_own_device(client):
    editor = make_user("editor")
    password_login(client, editor)
    response = client.get("/admin/pages/")
    assert response["Location"].startswith(SETUP)
    page = client.get(SETUP)
    html = page.content.decode()
    # No key and no QR code for someone who only knows the password.
    assert page.status_code == 200
    assert "two-factor-qr" not in html and "<code>" not in html
    assert "Stuur mij de link" in html
    assert not TOTPDevice.objects.filter(user=editor).exists()
    # Guessing codes for a device he has not seen links nothing.
    for code in ("000000", "123456"):
        client.post(SETUP, {"code": code})
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert client.get("/admin/pages/").status_code == 302

    # Asking for the link sends it to the editor's mailbox, not to the thief.
    response = client.post(SETUP, {"send_link": "1"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [editor.email]
    assert "Was u dat niet?" in mail.outbox[-1].body
    assert "two-factor-qr" not in client.get(SETUP).content.decode()

    # A made-up or tampered link does nothing.
    link = enrolment_link()
    for bad in (link[:-3] + "xx/", "/admin/tweestapsverificatie/koppelen/abc/"):
        client.get(bad)
        assert "two-factor-qr" not in client.get(SETUP).content.decode()


@override_settings(WAGTAIL_2FA_REQUIRED=True)
def test_the_editor_links_the_app_through_the_mailed_link(client):
    editor = make_user("editor")
    password_login(client, editor)
    client.post(SETUP, {"send_link": "1"})
    link = enrolment_link()

    response = client.get(link)
    assert response.status_code == 302
    html = client.get(SETUP).content.decode()
    assert "<svg" in html and "Scan deze QR-code" in html
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    # The link is spent: with a device linked it opens nothing new.
    client.get(link)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


@override_settings(WAGTAIL_2FA_REQUIRED=True)
def test_link_of_one_account_does_not_work_for_another(client):
    victim, thief = make_user("editor"), make_user("editor")
    password_login(client, victim)
    client.post(SETUP, {"send_link": "1"})
    link = enrolment_link()
    client.post("/admin/logout/")
    password_login(client, thief)
    client.get(link)
    assert "two-factor-qr" not in client.get(SETUP).content.decode()


def test_enrolled_staff_cannot_reach_django_admin_without_the_code(client):
    approver = make_user("approver")
    TOTPDevice.objects.create(user=approver, name="app", confirmed=True)
    password_login(client, approver)
    for url in ("/django-admin/", "/django-admin/portaal/user/"):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert "/tweestapsverificatie/controle/" in response["Location"], url


def test_superuser_removes_a_lost_device_in_the_wagtail_admin(client):
    editor, admin = make_user("editor"), make_user("admin")
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    client.force_login(make_user("moderator"))
    assert client.post(f"/admin/tweestapsverificatie/herstellen/{editor.pk}/").status_code in (
        302, 403)
    assert TOTPDevice.objects.filter(user=editor).exists()
    client.force_login(admin)
    assert client.get(f"/admin/tweestapsverificatie/herstellen/{editor.pk}/").status_code == 200
    response = client.post(f"/admin/tweestapsverificatie/herstellen/{editor.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
