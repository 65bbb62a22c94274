"""The admin speaks Dutch to editors: workflow names, modeladmin headings, search-promotion
labels; a new thema gets its slug from its name; no avatar from a third party."""

from django.test import Client
from django.urls import reverse

from wagtail.models import Task, Workflow

import pytest

from portaal.models import Thema
from tests.factories import make_page, make_site
from tests.roles import login, make_user

pytestmark = pytest.mark.django_db


def client_as(role):
    client = Client()
    login(client, make_user(role))
    return client


def test_default_workflow_and_task_have_dutch_names():
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Moderatoren"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Beoordeling door moderatoren"]
    make_site()
    page = make_page("artikel", "Over kwartiermaken")
    html = client_as("editor").get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    html = html.decode()
    assert "Stuur door naar Moderatoren" in html
    assert "approval" not in html


def test_editor_admin_shows_no_gravatar():
    html = client_as("editor").get("/admin/").content.decode()
    assert "gravatar.com" not in html


def test_modeladmin_headings_are_proper_dutch():
    admin = client_as("admin")
    html = admin.get("/admin/portaal/regio/create/").content.decode()
    assert "Nieuwe regio" in html
    assert "Nieuw Regio" not in " ".join(html.split())
    html = admin.get("/admin/portaal/thema/create/").content.decode()
    assert "Nieuw thema" in html
    html = admin.get("/admin/portaal/organisatie/create/").content.decode()
    assert "Nieuwe organisatie" in html


def test_search_promotion_form_is_dutch():
    html = client_as("admin").get(reverse("wagtailsearchpromotions:add")).content.decode()
    assert "External link text" not in html
    assert "Linktekst" in html


def test_new_thema_gets_its_slug_from_its_name():
    admin = client_as("admin")
    response = admin.post("/admin/portaal/thema/create/", {
        "name": "Wonen en zorg", "slug": "", "description": "", "synonyms": "", "sort_order": 0,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Thema.objects.get(name="Wonen en zorg").slug == "wonen-en-zorg"
    # The same name again: a clear message on the slug field, nothing saved, no error page.
    response = admin.post("/admin/portaal/thema/create/", {
        "name": "Wonen en zorg", "slug": "", "description": "", "synonyms": "", "sort_order": 0,
    })
    assert response.status_code == 200
    assert "bestaat al" in response.content.decode()
    assert Thema.objects.filter(name="Wonen en zorg").count() == 1
