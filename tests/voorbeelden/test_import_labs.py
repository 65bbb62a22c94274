"""A Verdiwel Lab report fills the lab's own fields (pitches, experiences, insights, casus),
as the fixture page made from the same report does; what is not recognised stays in the body."""

import json

from django.conf import settings

import pytest
from hypothesis import given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from tests.voorbeelden.import_helpers import INPUTS, seeds_dir, setup_portal
from voorbeelden.importer.labs import split_lab
from voorbeelden.importer.runner import run_import
from voorbeelden.models import LabPage
from voorbeelden.models.artikelen import stream_text
from voorbeelden.richtext import clean_html

pytestmark = pytest.mark.django_db

FIXTURE = settings.BASE_DIR / "fixtures" / "pages" / "lab-sociaal-werk-ggz-problematiek.json"


@pytest.fixture
def portal():
    setup_portal()


def imported_lab(report):
    (entry,) = [e for e in report.entries if e.status == "created"]
    return LabPage.objects.get(pk=entry.page_id)


def all_text(page):
    return " ".join([stream_text(page.body), stream_text(page.pitches),
                     stream_text(page.ervaringen), stream_text(page.inzichten), page.casus,
                     stream_text(page.casus_reacties)])


def test_seed_lab_report_is_structured_like_the_fixture_page(portal, client):
    report = run_import([seeds_dir() / "000_d0e4d33cb21b6250.txt"], publish=True)
    lab = imported_lab(report)
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))

    def values(stream):
        return [dict(block.value) for block in stream]

    assert [(p["speaker"], p["organisation"], p["title"]) for p in values(lab.pitches)] == [
        (p["speaker"], p["organisation"], p["title"]) for p in fixture["pitches"]]
    assert [e["participant"] for e in values(lab.ervaringen)] == [
        e["participant"] for e in fixture["ervaringen"]]
    assert [i["participant"] for i in values(lab.inzichten)] == [
        i["participant"] for i in fixture["inzichten"]]
    assert values(lab.inzichten)[0]["quote"] == "Er kan meer dan we denken."
    assert lab.casus_inbrenger == fixture["casus_inbrenger"] == "Annemieke Jansen"
    assert lab.casus.startswith("<p>Een inwoner is zorgmijder")
    assert len(lab.casus_reacties) == len(fixture["casus_reacties"]) == 4
    assert lab.organisator.name == "Verdiwel"
    assert len(lab.deelnemers.all()) == 9

    body = stream_text(lab.body)
    assert "Dat was een van de conclusies" in body  # the opening stays the body
    for moved in ("Zelfstigma", "Zo vertelde Greet Bouman", "Er kan meer dan we denken",
                  "Reacties van deelnemers", "Greet Bouman, Stimenz, Apeldoorn"):
        assert moved not in body, moved
    # nothing lost: every part of the report is somewhere on the page
    text = all_text(lab)
    for phrase in ("Een groot knelpunt is volgens haar het zelfstigma",
                   "lotgenotengroep al twintig jaar bestaat", "proeftuin De Ruwaard in Oss",
                   "Annemiek belichtte positieve ervaringen",
                   "Kortom: helpen bij het aanleren", "Heel kleine stapjes zijn ook al stapjes",
                   "Sociaal werkers willen altijd graag helpen"):
        assert phrase in text, phrase

    response = client.get(lab.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thuis in de wijk" in html and "Annemieke Jansen" in html
    assert "Er kan meer dan we denken." in html


def test_saved_lab_page_with_a_pitches_section(portal):
    lab = imported_lab(run_import([INPUTS / "lab-eenzaamheid.html"]))
    pitches = [dict(block.value) for block in lab.pitches]
    assert [(p["speaker"], p["organisation"]) for p in pitches] == [
        ("Trix Cloosterman", "Welzijn De Meierij"), ("Gerdien Rabbers", "Sociaal Werk Nederland")]
    assert "lotgenotencontact en ggz-maatjes" in pitches[0]["summary"].source
    assert [(i.value["participant"], i.value["quote"]) for i in lab.inzichten] == [
        ("Trix Cloosterman", "Een maatje maakt vaak meer verschil dan een extra gesprek."),
        ("Gerdien Rabbers", "Eenzaamheid bespreekbaar maken is de eerste stap.")]
    assert "belt ’s avonds steeds de sociaal werker" in lab.casus
    assert "Twee pitches openden het gesprek" in stream_text(lab.body)
    assert "Pitches" not in stream_text(lab.body)


def test_what_is_not_recognised_stays_in_the_body(portal, tmp_path):
    page = tmp_path / "lab.html"
    page.write_text(
        "<html><body><main><h1>Verdiwel Lab over armoede en ggz</h1>"
        "<p>Verdiwel organiseerde een Lab met twaalf deelnemers over armoede.</p>"
        "<h2>Inzichten</h2><ul><li>Schulden en psychische klachten versterken elkaar.</li>"
        "<li>Vroeg signaleren helpt.</li></ul>"
        "<h2>Pitches</h2><p>Er waren twee korte pitches over schuldhulp.</p>"
        "</main></body></html>", encoding="utf-8")
    lab = imported_lab(run_import([page], kind="lab"))
    assert not lab.inzichten and not lab.pitches  # no participant or speaker to name
    body = stream_text(lab.body)
    assert "Schulden en psychische klachten versterken elkaar." in body
    assert "Er waren twee korte pitches over schuldhulp." in body


PIECES = ["<h2>Pitches</h2>", "<h2>Casus</h2>", "<h2>Inzichten</h2>", "<h2>Deelnemers</h2>",
          "<h2>Goede praktijkvoorbeelden</h2>", "<p>Reacties op deze casus:</p>",
          "<p>Welke inzichten hebben deelnemers opgedaan?</p>", "<ul>", "</ul>", "<li>",
          "</li>", "<p>", "</p>", "Trix Cloosterman: ‘Ja.’", "Greet Bouman van Stimenz sprak. ",
          "Annemieke bracht de volgende casus in: ", "pitch ", "tekst ", "<h3>Zelfstigma</h3>"]


@settings_(max_examples=40, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=40))
def test_splitting_any_report_raises_nothing_and_loses_no_words(pieces):
    pieces = ["<h2>Deelnemers</h2><ul><li>tekst</li><li>tekst</li></ul>", *pieces]
    html = clean_html("".join(pieces))
    parts = split_lab(html, [("Trix Cloosterman", "Welzijn De Meierij", ""),
                             ("Annemieke Jansen", "Vitis Welzijn", "Monster")])
    kept = " ".join([parts.body_html, parts.casus, *map(str, parts.casus_reacties),
                     *(str(v) for value in parts.pitches + parts.ervaringen + parts.inzichten
                       for v in value.values())])
    for word in ("tekst", "Ja."):
        if word in html:
            assert word in kept
