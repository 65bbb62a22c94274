"""What members and editors ran into with submissions: choosing the organisation (a list in
Dutch order), the marks on required fields, and the places of a page made from one."""

import re
from html import unescape

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

import pytest

from tests.factories import make_organisatie, make_regio
from tests.roles import make_user
from tests.voorbeelden.inzendingen_support import form_data, login, make_member, setup_portal
from voorbeelden.models import InterventiePage, Inzending

pytestmark = pytest.mark.django_db

NEW = "/inzenden/"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def test_page_from_a_submission_says_the_members_places_only(client):
    """A member of an organisation seated in Oss and Helmond shares a project in Zwolle: the
    published page says Zwolle, not 'Oss en Helmond, Zwolle'."""
    setup_portal()
    organisatie = make_organisatie("Stichting Door en Voor", place="Oss en Helmond")
    member = make_member(organisatie=organisatie)
    zwolle = make_regio("Zwolle", kind="gemeente")
    member_client = Client()
    login(member_client, member)
    member_client.post(NEW, form_data(
        title="Samen koken in Zwolle", organisatie=str(organisatie.pk), place="Zwolle",
        regio=str(zwolle.pk)))
    inzending = Inzending.objects.get()

    login(client, make_user("moderator"))
    inspect = client.get(f"/admin/voorbeelden/inzending/inspect/{inzending.pk}/")
    assert "Maak conceptpagina" in inspect.content.decode()
    response = client.post(reverse("voorbeelden_inzending_page", args=[inzending.pk]))
    assert response.status_code == 302
    page = InterventiePage.objects.get()
    page.save_revision().publish()

    html = Client().get(page.url).content.decode()
    places = re.search(r"<h3>Plaatsen</h3>\s*<p>(.*?)</p>", html)
    assert places is not None and places.group(1) == "Zwolle"
    assert [r.name for r in page.regios.all()] == ["Zwolle"]


# --- organisations in Dutch order ----------------------------------------------------------

NAMES = ["Stimenz", "de Nederlandse GGZ", "Het Rode Kruis", "Mezzo", "Ééntwee", "Eigen Kracht",
         "MIND"]
# A leading article does not count, nor do case and accents.
DUTCH_ORDER = ["Ééntwee", "Eigen Kracht", "Mezzo", "MIND", "de Nederlandse GGZ",
               "Het Rode Kruis", "Stimenz"]


def organisations():
    return [make_organisatie(name) for name in NAMES]


def option_labels(html, start):
    """The option texts (or values, for a datalist) of the list that follows ``start``."""
    block = html[html.index(start):]
    block = block[:re.search(r"</(select|datalist)>", block).end()]
    labels = []
    for attrs, text in re.findall(r"<option([^>]*)>([^<]*)</option>", block):
        value = re.search(r'value="([^"]*)"', attrs)
        label = text.strip() or (value.group(1) if value else "")
        if value and value.group(1):
            labels.append(label)
    return [unescape(label) for label in labels]


def test_submission_form_lists_organisations_in_dutch_order(client):
    setup_portal()
    organisations()
    login(client, make_member(organisatie=make_organisatie("Mezzo")))
    html = client.get(NEW).content.decode()
    assert option_labels(html, 'id="id_organisatie') == DUTCH_ORDER


def test_registration_lists_organisations_in_dutch_order(client):
    setup_portal()
    organisations()
    html = client.get(reverse("account_register")).content.decode()
    assert option_labels(html, 'id="id_organisatie"') == DUTCH_ORDER


def test_overview_filter_lists_organisations_in_dutch_order(client):
    from tests.factories import make_page

    setup_portal()
    for organisatie in organisations():
        make_page("interventie", f"Voorbeeld van {organisatie.name}", organisaties=[organisatie])
    html = client.get("/interventies/").content.decode()
    block = html[html.index('name="organisatie"'):]
    block = block[:block.index("</fieldset>")]
    labels = re.findall(r'<label for="f-organisatie-\d+">([^<]*?) <span', block)
    assert [unescape(label) for label in labels] == DUTCH_ORDER


def test_queue_filter_lists_organisations_in_dutch_order(client):
    setup_portal()
    for organisatie in organisations():
        Inzending.objects.create(user=make_member(f"lid-{organisatie.pk}@example.org"),
                                 organisatie=organisatie, title=f"Van {organisatie.name}",
                                 status=Inzending.Status.INGEDIEND)
    login(client, make_user("editor"))
    html = client.get("/admin/voorbeelden/inzending/").content.decode()
    block = html[html.index("organisatie__id__exact"):]
    names = re.findall(r'organisatie__id__exact=\d+"[^>]*>\s*([^<]*?)\s*</a>', html)
    assert block and names == DUTCH_ORDER


def test_page_editor_lists_organisations_in_dutch_order(client):
    parent = setup_portal()[1]
    organisations()
    login(client, make_user("editor"))
    index = next(p for model, p in parent.items() if model.__name__ == "InterventieIndexPage")
    html = client.get(f"/admin/pages/add/voorbeelden/interventiepage/{index.pk}/").content.decode()
    assert option_labels(html, 'id="id_organisaties"') == DUTCH_ORDER


# --- required fields -------------------------------------------------------------------------

REQUIRED = {"id_title": "Titel van het voorbeeld", "id_organisatie": "Organisatie",
            "id_doel": "Doel", "id_aanpak": "Aanpak", "id_contact": "Contactpersoon"}


def html_text(fragment):
    return unescape(re.sub(r"<[^>]+>", "", fragment))


def test_required_fields_are_marked_and_explained(client):
    setup_portal()
    login(client, make_member())
    html = client.get(NEW).content.decode()
    assert "marked_required" not in html  # no template comment shows on the page
    form = html[html.index("<form"):]
    explanation = re.search(r"<p[^>]*>([^<]*\(verplicht\)[^<]*)</p>", html[:html.index("<form")]
                            + form[:form.index("form-field")])
    assert explanation, "a line above the form explains the mark"
    for field_id, label in REQUIRED.items():
        tag = re.search(rf'<label for="{field_id}">(.*?)</label>', form, re.S)
        assert tag and html_text(tag.group(1)).split() == [
            *label.split(), "(verplicht)"], field_id
        control = re.search(rf'<(input|textarea|select)[^>]*id="{field_id}"[^>]*>', form).group(0)
        assert " required" in control and 'aria-required="true"' in control, field_id
    legend = re.search(r"<legend>(.*?)</legend>", form, re.S).group(1)
    assert html_text(legend).split() == ["Thema's", "(verplicht)"]
    # Optional fields carry no mark.
    for field_id in ("id_place", "id_doelgroep", "id_resultaten", "id_links"):
        tag = re.search(rf'<label for="{field_id}">(.*?)</label>', form, re.S).group(1)
        assert "verplicht" not in tag
        control = re.search(rf'<(input|textarea|select)[^>]*id="{field_id}"[^>]*>', form).group(0)
        assert "required" not in control


def test_a_concept_still_saves_with_required_fields_empty(client):
    """The marks do not make the concept button refuse: the form is not checked by the
    browser (novalidate), only on Indienen by the server."""
    setup_portal()
    member = make_member()
    login(client, member)
    html = client.get(NEW).content.decode()
    assert re.search(r"<form[^>]*novalidate", html)
    response = client.post(NEW, {"title": "Half af", "opslaan": "1",
                                 "form_token": "0b8e7c52-3f1d-4e7a-9c2b-5a6d7e8f9a02"})
    assert response.status_code == 302
    assert Inzending.objects.get().status == Inzending.Status.CONCEPT


@pytest.mark.parametrize("typed", ["Onbekende Stichting", "²", "9" * 30, "0"])
def test_an_organisation_not_in_the_list_gets_a_message(client, typed):
    setup_portal()
    login(client, make_member())
    response = client.post(NEW, form_data(organisatie=typed))
    assert response.status_code == 200
    assert "staat niet in de lijst met organisaties" in response.content.decode()
    assert not Inzending.objects.exists()


def test_the_name_as_typed_is_enough(client):
    setup_portal()
    organisatie = make_organisatie("de Nederlandse GGZ")
    login(client, make_member())
    response = client.post(NEW, form_data(organisatie="  De  nederlandse ggz "))
    assert response.status_code == 302
    assert Inzending.objects.get().organisatie == organisatie


def test_the_form_is_in_groups_a_member_can_follow(client):
    setup_portal()
    login(client, make_member())
    html = client.get(NEW).content.decode()
    start = html.index('class="leden-form inzending-form"')
    form = html[start:html.index("</form>", start)]
    groups = re.findall(r'<fieldset class="form-group">\s*<legend class="form-group__title">'
                        r'(.*?)</legend>(.*?)</fieldset>\s*(?=<fieldset class="form-group">|'
                        r'<div class="hp-field"|<section|<div class="form-actions")', form, re.S)
    found = {title: re.findall(r'\bname="([a-z_]+)"', body) for title, body in groups}
    bodies = dict(groups)
    assert list(found) == ["Over het voorbeeld", "Wat u doet", "Samenwerking en contact",
                           "Bijlagen"]
    assert found["Over het voorbeeld"][:4] == ["title", "organisatie", "place", "regio"]
    assert "<legend>Thema&#x27;s" in bodies["Over het voorbeeld"]
    assert found["Wat u doet"] == ["doelgroep", "doel", "aanpak", "resultaten"]
    assert found["Samenwerking en contact"] == ["partners", "contact", "links"]
    assert found["Bijlagen"] == ["bijlagen"]
