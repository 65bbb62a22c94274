"""An intervention page shows where it is used: pages that name it (also through a lab's
shared experiences) and the organisations and places that apply it."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_organisatie, make_page, make_site, make_thema
from voorbeelden.models import Deelnemer, InterventieVermelding, LabPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def interventie():
    make_site()
    make_thema()
    org = make_organisatie("Mezzo", place="Bunnik")
    return make_page("interventie", "Steunpunt", organisaties=[org], place="Utrecht")


def test_lab_experience_link_counts_as_a_mention(client, interventie):
    lab = make_page("lab", "Lab eenzaamheid", ervaringen=[
        {"type": "ervaring", "value": {"participant": "Els", "text": "<p>Goed</p>",
                                       "interventie": interventie.pk}},
    ])
    assert InterventieVermelding.objects.filter(page=lab, interventie=interventie).exists()
    html = client.get(interventie.url).content.decode()
    assert "Genoemd in" in html and "Lab eenzaamheid" in html


def test_editing_the_experience_in_a_new_revision_adds_the_mention(client, interventie):
    lab = make_page("lab", "Lab zonder link")
    assert client.get(interventie.url).context["usages"] == []
    lab = LabPage.objects.get(pk=lab.pk)
    lab.ervaringen = [{"type": "ervaring", "value": {"text": "<p>x</p>",
                                                      "interventie": interventie.pk}}]
    lab.save_revision().publish()
    assert [u.title for u in client.get(interventie.url).context["usages"]] == ["Lab zonder link"]


def test_organisations_and_places_that_apply_it(client, interventie):
    host = make_organisatie("Sterker", place="Nijmegen")
    sharer = make_organisatie("Stimenz", place="Apeldoorn")
    listener = make_organisatie("Zwijgzaam", place="Zwolle")
    werkbezoek = make_page("werkbezoek", "Bezoek aan de gastorganisatie", gastorganisatie=host)
    InterventieVermelding.objects.create(page=werkbezoek, interventie=interventie)
    lab = make_page("lab", "Lab", ervaringen=[
        {"type": "ervaring", "value": {"participant": "Greet", "text": "<p>x</p>",
                                       "interventie": interventie.pk}},
    ])
    Deelnemer.objects.create(page=lab, name="Greet", organisatie=sharer)
    Deelnemer.objects.create(page=lab, name="Kees", organisatie=listener)
    # A handreiking that describes it names its authors, who do not apply it.
    author = make_organisatie("Kennisinstituut", place="Utrecht-Oost")
    handreiking = make_page("handreiking", "Handreiking", organisaties=[author])
    InterventieVermelding.objects.create(page=handreiking, interventie=interventie)
    response = client.get(interventie.url)
    names = [o.name for o in response.context["practice"]]
    assert sorted(names) == ["Mezzo", "Sterker", "Stimenz"]
    assert response.context["practice_places"] == ["Apeldoorn", "Bunnik", "Nijmegen", "Utrecht"]
    html = response.content.decode()
    assert "Zwolle" not in html and "Utrecht-Oost" not in html
    # Mezzo, the page's own organisation, is in the facts; the practice list names the
    # others, so the side column names each organisation once.
    aside = BeautifulSoup(html, "html.parser").find("aside").get_text(" ", strip=True)
    assert [aside.count(name) for name in ("Mezzo", "Sterker", "Stimenz")] == [1, 1, 1]
    assert "Ook toegepast door" in aside


def test_an_intervention_applied_only_by_its_own_organisations_names_them_once(
        client, interventie):
    aside = BeautifulSoup(client.get(interventie.url).content.decode(), "html.parser").find(
        "aside").get_text(" ", strip=True)
    assert aside.count("Mezzo") == 1
    assert "Toegepast door" not in aside
    assert "Plaatsen" in aside  # Utrecht and Bunnik, where it is applied
