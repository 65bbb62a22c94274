"""The regions' admin: each region's kind (soort) and the provincie it lies in, in Dutch.

An admin (superuser) on purpose: no group but the admins' has rights on the taxonomies."""

import re

from django.test import Client

import pytest

from portaal.models import Regio
from tests.factories import make_regio
from tests.roles import login, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    client = Client()
    login(client, make_user("admin"))
    return client


@pytest.fixture
def brabant():
    brabant = make_regio("Noord-Brabant", kind="provincie")
    make_regio("Oss", kind="gemeente", parent=brabant)
    make_regio("Nijmegen", kind="versnellingsregio")
    return brabant


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_list_shows_kind_and_provincie(admin, brabant):
    html = text(admin.get("/admin/portaal/regio/").content.decode())
    assert "Soort" in html and "Provincie" in html
    # The row: name (with its action buttons), soort, provincie, slug.
    assert re.search(r"Oss (Inspecteer Wijzig Verwijder )?Gemeente Noord-Brabant \(provincie\) oss",
                     html)
    html = text(admin.get("/admin/portaal/regio/", {"kind": "gemeente"}).content.decode())
    assert "Oss" in html and "Nijmegen" not in html


def test_new_regio_form_offers_only_provincies_as_parent(admin, brabant):
    html = admin.get("/admin/portaal/regio/create/").content.decode()
    assert "Nieuwe regio" in html and "Nieuw Regio" not in text(html)
    assert "De provincie waarin deze gemeente of regio ligt" in html
    select = re.search(r'<select name="parent".*?</select>', html, re.S).group(0)
    assert "Noord-Brabant (provincie)" in select
    assert "Oss" not in select and "Nijmegen" not in select


def test_admin_adds_a_gemeente_in_its_provincie(admin, brabant):
    response = admin.post("/admin/portaal/regio/create/", {
        "name": "Helmond", "slug": "", "kind": "gemeente", "parent": brabant.pk,
        "description": "", "sort_order": 0,
    })
    assert response.status_code == 302
    assert Regio.objects.get(slug="helmond").parent == brabant


def test_a_provincie_lies_in_no_other_provincie(admin, brabant):
    response = admin.post("/admin/portaal/regio/create/", {
        "name": "Limburg", "slug": "", "kind": "provincie", "parent": brabant.pk,
        "description": "", "sort_order": 0,
    })
    assert response.status_code == 200
    assert "Een provincie ligt niet in een andere provincie." in response.content.decode()
    assert not Regio.objects.filter(slug="limburg").exists()
