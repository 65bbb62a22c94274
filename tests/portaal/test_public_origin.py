"""PUBLIC_ORIGIN: the address the public uses, applied to the default Site on deploy.

The fixture's Site says ``localhost:80``; whatever the deployment, links that leave the
request (sitemap, API, CSV, mails) come from that record.
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from wagtail.models import Site

import pytest

from tests.factories import make_page, make_regio, make_site
from tests.roles import make_user
from tests.voorbeelden.inzendingen_support import form_data, login, make_member, setup_portal
from voorbeelden.models import InterventiePage, Inzending

pytestmark = pytest.mark.django_db

ORIGIN = "https://kennisportaal.example"
REPO = Path(__file__).resolve().parents[2]


def apply(origin=ORIGIN):
    out = StringIO()
    with override_settings(PUBLIC_ORIGIN=origin):
        call_command("apply_public_origin", stdout=out)
    return out.getvalue()


def test_command_sets_the_default_site_and_is_idempotent():
    make_site()
    assert "gewijzigd" in apply()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("kennisportaal.example", 443, ORIGIN)
    assert "al" in apply()  # second run: nothing to change
    apply("http://127.0.0.1:8000")
    site.refresh_from_db()
    assert site.root_url == "http://127.0.0.1:8000"


def test_command_without_origin_leaves_the_site_alone():
    make_site()
    before = Site.objects.get(is_default_site=True).root_url
    assert "PUBLIC_ORIGIN" in apply("")
    assert Site.objects.get(is_default_site=True).root_url == before


@pytest.mark.parametrize("bad", ["kennisportaal.example", "ftp://x.example", "https://x.example/pad",
                                 "https://x.example:8443", "https://"])
def test_command_refuses_an_origin_it_cannot_apply(bad):
    make_site()
    before = Site.objects.get(is_default_site=True).root_url
    with pytest.raises(CommandError, match="PUBLIC_ORIGIN"):
        apply(bad)
    assert Site.objects.get(is_default_site=True).root_url == before


def test_sitemap_api_and_csv_use_the_public_origin(client):
    make_site()
    page = make_page("interventie", "Herstelacademie")
    apply()
    cache.clear()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{ORIGIN}/interventies/{page.slug}/</loc>" in sitemap
    assert "localhost" not in sitemap and "testserver" not in sitemap
    api = client.get("/api/v2/pages/").json()
    item = next(i for i in api["items"] if i["id"] == page.pk)
    assert item["meta"]["html_url"] == f"{ORIGIN}/interventies/{page.slug}/"
    assert item["meta"]["detail_url"] == f"{ORIGIN}/api/v2/pages/{page.pk}/"
    csv = client.get("/interventies/?format=csv").content.decode("utf-8-sig")
    assert f"{ORIGIN}/interventies/{page.slug}/" in csv


def test_published_mail_links_to_the_public_origin():
    setup_portal()
    apply()
    member_client = Client()
    login(member_client, make_member())
    member_client.post("/inzenden/", form_data(regio=str(make_regio("Gelderland").pk)))
    inzending = Inzending.objects.get()
    editor = Client()
    login(editor, make_user("editor"))
    editor.post(reverse("voorbeelden_inzending_page", args=[inzending.pk]))
    page = InterventiePage.objects.get()
    mail.outbox.clear()
    with override_settings(WAGTAILADMIN_BASE_URL=ORIGIN):  # what PUBLIC_ORIGIN gives, below
        page.save_revision().publish()
    body = mail.outbox[-1].body
    assert f"{ORIGIN}/interventies/{page.slug}/" in body
    assert f"{ORIGIN}/mijn-inzendingen/" in body
    assert "localhost" not in body and "127.0.0.1" not in body


def test_admin_base_url_follows_the_public_origin():
    def setting(**extra):
        env = {k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"}
        env.update(DJANGO_SETTINGS_MODULE="portaal.settings.dev", **extra)
        code = "import django; django.setup(); from django.conf import settings as s; " \
               "print(s.WAGTAILADMIN_BASE_URL)"
        return subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True,
                              capture_output=True, text=True).stdout.strip()

    assert setting(PUBLIC_ORIGIN=ORIGIN + "/") == ORIGIN
    assert setting(PUBLIC_ORIGIN=ORIGIN, WAGTAILADMIN_BASE_URL="https://beheer.example") == \
        "https://beheer.example"
