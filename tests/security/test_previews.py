"""Editors preview pages in the admin: every page type, new and draft, with themes and
organisations chosen in the form but not saved; the preview may be framed by the admin's own
origin only, public pages by nobody.

Through the real admin URLs as a real Editors-group user (tests/roles.py), never a superuser.
"""

import json

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from tests.factories import make_organisatie, make_page, make_site, make_thema
from tests.roles import login, make_user
from tests.voorbeelden.test_admin_editing import empty_form_values
from voorbeelden.content import PAGE_TYPES

pytestmark = pytest.mark.django_db

KINDS = list(PAGE_TYPES)
# Choice fields without a blank option that the form must get.
REQUIRED_CHOICES = {
    "interventie": {"erkenningsniveau": "niet-beoordeeld"},
    "lab": {"vorm": "fysiek", "locatie": "Buurthuis De Brink"},
    "artikel": {"soort": "artikel"},
}


def page_form(kind, title, *, themas, organisaties):
    """The edit form's data as the admin posts it, with taxonomies chosen."""
    data = {"comments": inline_formset([]), **empty_form_values(PAGE_TYPES[kind][0])}
    data.update({"title": title, "slug": "voorbeeld-in-de-wijk",
                 "intro": "Een voorbeeld dat nog niet gepubliceerd is.",
                 **REQUIRED_CHOICES.get(kind, {})})
    form = nested_form_data(data)
    # Multiple-choice fields are posted as repeated keys.
    form["themas"] = [str(t.pk) for t in themas]
    form["organisaties"] = [str(o.pk) for o in organisaties]
    return form


@pytest.fixture
def taxonomies():
    make_site()
    return {
        "saved": make_thema("Schuldhulp"),
        "chosen": make_thema("Eenzaamheid onder ouderen"),
        "org": make_organisatie("Buurtteam Oost", place="Zwolle"),
    }


@pytest.fixture
def editor_client(client):
    return login(client, make_user("editor"))


def preview(client, post_url, form):
    """Post the form to the preview URL as the admin's JavaScript does, then render it."""
    posted = client.post(post_url, form)
    assert posted.status_code == 200, posted.content[:500]
    assert json.loads(posted.content) == {"is_valid": True, "is_available": True}
    return client.get(post_url)


def assert_frameable_by_admin_only(response):
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "frame-ancestors 'none'" not in policy


@pytest.mark.parametrize("kind", KINDS)
def test_preview_of_a_new_page_before_its_first_save(kind, taxonomies, editor_client):
    model, index_model = PAGE_TYPES[kind]
    index = index_model.objects.get()
    url = reverse("wagtailadmin_pages:preview_on_add",
                  args=[model._meta.app_label, model._meta.model_name, index.pk])
    title = f"Nieuwe {kind} in de wijk"
    response = preview(editor_client, url, page_form(
        kind, title, themas=[taxonomies["chosen"]], organisaties=[taxonomies["org"]]))

    assert response.status_code == 200
    html = response.content.decode()
    assert title in html
    assert "Eenzaamheid onder ouderen" in html
    assert not model.objects.filter(title=title).exists()  # a preview saves nothing
    assert_frameable_by_admin_only(response)


@pytest.mark.parametrize("kind", KINDS)
def test_preview_of_a_draft_with_unsaved_themes_and_organisations(kind, taxonomies,
                                                                  editor_client):
    draft = make_page(kind, "Concept in de wijk", live=False, themas=[taxonomies["saved"]])
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    response = preview(editor_client, url, page_form(
        kind, "Concept in de wijk", themas=[taxonomies["chosen"]],
        organisaties=[taxonomies["org"]]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Eenzaamheid onder ouderen" in html
    assert "Buurtteam Oost" in html
    # Chosen in the form only: the saved draft keeps its own theme.
    draft.refresh_from_db()
    assert [t.name for t in draft.themas.all()] == ["Schuldhulp"]
    assert_frameable_by_admin_only(response)


@pytest.mark.parametrize("kind", KINDS)
def test_view_draft_of_an_unpublished_page(kind, taxonomies, editor_client):
    draft = make_page(kind, "Nog niet live", live=False, themas=[taxonomies["saved"]],
                      organisaties=[taxonomies["org"]])
    response = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nog niet live" in html
    assert "Schuldhulp" in html
    assert "Buurtteam Oost" in html
    assert_frameable_by_admin_only(response)


def test_revision_preview_of_an_unpublished_interventie(taxonomies, editor_client):
    draft = make_page("interventie", "Herzien concept", live=False,
                      themas=[taxonomies["saved"]], organisaties=[taxonomies["org"]])
    revision = draft.latest_revision
    response = editor_client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[draft.pk, revision.pk]))

    assert response.status_code == 200
    assert "Herzien concept" in response.content.decode()
    assert_frameable_by_admin_only(response)


def test_public_pages_may_not_be_framed(taxonomies, client):
    page = make_page("interventie", "Gepubliceerd voorbeeld", themas=[taxonomies["saved"]])
    response = client.get(page.url)

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" not in response["Content-Security-Policy"]


def test_preview_of_a_new_lab_with_participants_and_interventions_from_the_form(
        taxonomies, editor_client):
    named = make_page("interventie", "Maatjesproject Zwolle", themas=[taxonomies["saved"]])
    form = page_form("lab", "Lab over buurtnetwerken", themas=[taxonomies["chosen"]],
                     organisaties=[])
    form.update(nested_form_data({
        "deelnemers": inline_formset([{"name": "Sanne de Vries", "role": "buurtwerker",
                                       "organisatie": taxonomies["org"].pk, "place": ""}]),
        "vermelde_interventies": inline_formset([{"interventie": named.pk}]),
    }))
    index = PAGE_TYPES["lab"][1].objects.get()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["voorbeelden", "labpage", index.pk])
    response = preview(editor_client, url, form)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sanne de Vries" in html
    assert "Buurtteam Oost" in html
    assert "Maatjesproject Zwolle" in html
    assert_frameable_by_admin_only(response)
