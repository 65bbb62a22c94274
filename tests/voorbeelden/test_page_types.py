"""Every page type can be created under its index and renders all its structured fields."""

from datetime import date

from wagtail.test.utils.form_data import nested_form_data

import pytest

from portaal.models import HomePage
from tests.factories import make_organisatie, make_page, make_site, make_thema
from tests.roles import login, make_user
from tests.voorbeelden.test_admin_editing import empty_form_values
from voorbeelden.models import (
    ArtikelIndexPage,
    ArtikelPage,
    Deelnemer,
    HandreikingIndexPage,
    HandreikingPage,
    InterventieIndexPage,
    InterventiePage,
    InterventieVermelding,
    LabIndexPage,
    LabPage,
    WerkbezoekIndexPage,
    WerkbezoekPage,
)
from voorbeelden.models.registry import PAGE_TYPES, kind_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree():
    return make_site()


def get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_tree_rules():
    assert InterventiePage.parent_page_types == ["voorbeelden.InterventieIndexPage"]
    for index in (InterventieIndexPage, LabIndexPage, WerkbezoekIndexPage, ArtikelIndexPage,
                  HandreikingIndexPage):
        assert index.max_count == 1
        assert index.parent_page_types == ["portaal.HomePage"]
    assert HomePage.max_count == 1


def test_interventie_renders_every_field(client, site_tree):
    org = make_organisatie("Mezzo", place="Bunnik", website="https://www.mezzo.nl")
    page = make_page(
        "interventie", "Netwerkcoach",
        organisaties=[org],
        intro="Een netwerkcoach helpt het netwerk te versterken.",
        doel="<p>Het sociale netwerk versterken.</p>",
        doelgroep="Mensen met psychische problemen",
        doelgroep_intermediair="Vrijwillige netwerkcoaches",
        aanpak="<p>Coach en deelnemer maken een netwerkkaart.</p>",
        werkzame_elementen="<p>Gelijkwaardigheid.</p>",
        place="Den Haag",
        onderbouwing="<p>Theorie van sociale steun.</p>",
        resultaten="<p>Deelnemers voelen zich minder eenzaam.</p>",
        erkenningsniveau="goed-beschreven",
        databank_url="https://www.movisie.nl/interventie/netwerkcoach",
        kosten="Gratis voor deelnemers",
        materialen="Handboek netwerkcoaching",
        contact="info@mezzo.nl",
        links=[{"type": "link", "value": {"title": "Mezzo", "url": "https://www.mezzo.nl"}}],
        source="Handreiking (seed 004)",
    )
    html = get(client, page)
    for text in ("Netwerkcoach", "Het sociale netwerk versterken.", "Vrijwillige netwerkcoaches",
                 "netwerkkaart", "Gelijkwaardigheid.", "Den Haag", "Theorie van sociale steun.",
                 "minder eenzaam", "Goed beschreven", "movisie.nl/interventie/netwerkcoach",
                 "Gratis voor deelnemers", "Handboek netwerkcoaching", "info@mezzo.nl",
                 'href="https://www.mezzo.nl"', "Mezzo</a> (Bunnik)", "Gepubliceerd",
                 "Handreiking (seed 004)", "Maatjes"):
        assert text in html, text


def test_lab_renders_pitches_experiences_insights_casus_participants(client, site_tree):
    interventie = make_page("interventie", "Buurtcirkel")
    org = make_organisatie("Verdiwel")
    page = make_page(
        "lab", "Sociaal werk voor inwoners met ggz-problematiek",
        date=date(2021, 9, 23), vorm="online", locatie="Teams", organisator=org,
        pitches=[{"type": "pitch", "value": {"speaker": "Gerdien Rabbers",
                                             "organisation": "Sociaal Werk Nederland",
                                             "title": "Zelfstigma",
                                             "summary": "<p>Over zelfstigma.</p>"}}],
        ervaringen=[{"type": "ervaring", "value": {"participant": "Greet Bouman",
                                                   "text": "<p>Over de Buurtcirkel.</p>",
                                                   "interventie": interventie.pk}}],
        inzichten=[{"type": "inzicht", "value": {"participant": "Trix Cloosterman",
                                                 "quote": "Er kan meer dan we denken."}}],
        casus="<p>Een inwoner is zorgmijder.</p>", casus_inbrenger="Annemieke",
        casus_reacties=[{"type": "reactie", "value": "Ik herken de situatie."}],
    )
    page.deelnemers = [Deelnemer(name="Greet Bouman", organisatie=org, place="Apeldoorn")]
    page.vermelde_interventies = [InterventieVermelding(interventie=interventie)]
    page.save_revision().publish()
    html = get(client, page)
    for text in ("23 september 2021", "Online (Teams)", "Verdiwel", "Gerdien Rabbers",
                 "Zelfstigma", "Over de Buurtcirkel.", f'href="{interventie.url}"',
                 "Er kan meer dan we denken.", "Trix Cloosterman", "Een inwoner is zorgmijder.",
                 "Ingebracht door Annemieke", "Ik herken de situatie.", "Greet Bouman",
                 "Apeldoorn"):
        assert text in html, text
    # The intervention shows where it is named.
    assert page.title in get(client, interventie)


def test_werkbezoek_renders_programme_and_casus(client, site_tree):
    host = make_organisatie("Sterker sociaal werk", place="Nijmegen")
    page = make_page(
        "werkbezoek", "Ggz en sociaal werk vinden elkaar in de wijk",
        date=date(2019, 7, 3), gastorganisatie=host, place="Nijmegen", author="Jennifer Elich",
        programma=[{"type": "onderdeel", "value": {"title": "Welkom", "speakers": "De directeur",
                                                   "text": "<p>Opening.</p>"}}],
        casus="<p>Dino woont alleen.</p>",
        body=[{"type": "heading", "value": "Sociaal werker van het jaar"},
              {"type": "paragraph", "value": "<p>Norbert Wijnhofen.</p>"}],
    )
    html = get(client, page)
    for text in ("3 juli 2019", "Sterker sociaal werk", "Jennifer Elich", "Welkom",
                 "De directeur", "Opening.", "Dino woont alleen.", "Sociaal werker van het jaar",
                 "Norbert Wijnhofen."):
        assert text in html, text
    # who wrote the report, not a report called "Jennifer Elich"
    assert "<dt>Verslag door</dt><dd>Jennifer Elich</dd>" in html


def test_artikel_renders_blocks_and_reading_time(client, site_tree):
    words = " ".join(["woord"] * 450)
    page = make_page(
        "artikel", "GGZ en sociale professionals werken samen",
        author="Margit van der Meulen", publication="Vakblad", soort="artikel",
        body=[
            {"type": "heading", "value": "Kwartiermaken"},
            {"type": "paragraph", "value": f"<p>{words}</p>"},
            {"type": "quote", "value": {"text": "Herstel is een proces.", "attribution": "X"}},
            {"type": "kader", "value": {"title": "Het Zwitsers juridisch zakmes",
                                        "body": "<p>Wetgeving.</p>"}},
            {"type": "kennis", "value": {"bekend": "<p>B</p>", "nieuw": "<p>N</p>",
                                         "ermee": "<p>E</p>"}},
        ],
    )
    assert page.reading_time == 3  # 450 words + intro at 200 words a minute
    html = get(client, page)
    for text in ("Margit van der Meulen", "Vakblad", "Kwartiermaken", "Herstel is een proces.",
                 "Het Zwitsers juridisch zakmes", "Wat is bekend?", "Wat is nieuw?",
                 "Wat kun je ermee?", "3 minuten lezen"):
        assert text in html, text


def test_handreiking_renders_chapters_interventions_references(client, site_tree):
    interventie = make_page("interventie", "PAja!")
    publisher = make_organisatie("Verwey-Jonker Instituut")
    page = make_page(
        "handreiking", "Sociale netwerken van GGZ-cliënten",
        publisher=publisher, year=2014, authors="A. Auteur",
        summary="<p>Een handreiking.</p>",
        chapters=[{"type": "hoofdstuk", "value": {
            "title": "Introductie",
            "body": [{"type": "paragraph", "value": "<p>Transitie in de zorg.</p>"}]}}],
        references=[{"type": "referentie", "value": "TK, 2013a:2"}],
    )
    page.vermelde_interventies = [InterventieVermelding(interventie=interventie)]
    page.save_revision().publish()
    html = get(client, page)
    for text in ("Verwey-Jonker Instituut", "2014", "A. Auteur", "Een handreiking.",
                 "Introductie", "Transitie in de zorg.", "Beschreven interventies", "PAja!",
                 "TK, 2013a:2"):
        assert text in html, text
    # A long report: each chapter ends with the way back to its table of contents.
    chapter = html[html.index('id="hoofdstuk-1"'):]
    chapter = chapter[:chapter.index("</section>")]
    assert '<a href="#toc">Terug naar de inhoud</a>' in chapter


def test_index_pages_list_only_their_live_pages(client, site_tree):
    live = make_page("interventie", "Zichtbaar")
    draft = make_page("interventie", "Concept", live=False)
    other_type = make_page("lab", "Een lab")
    html = get(client, InterventieIndexPage.objects.get())
    assert live.title in html
    assert draft.title not in html
    assert other_type.title not in html


def test_home_page_shows_the_newest_pages_and_themes(client, site_tree):
    # Two: a row of one card is not shown (tests/voorbeelden/test_home_page.py).
    thema = make_thema("Kwartiermaken")
    page = make_page("werkbezoek", "Werkbezoek Nijmegen", themas=[thema])
    make_page("werkbezoek", "Werkbezoek Oss", themas=[thema])
    html = client.get("/").content.decode()
    assert "Werkbezoek Nijmegen" in html and "Werkbezoek Oss" in html
    assert 'href="/thema/kwartiermaken/"' in html
    assert page.url in html


@pytest.mark.parametrize("model", [InterventiePage, LabPage, WerkbezoekPage, ArtikelPage,
                                   HandreikingPage])
def test_admin_create_requires_a_thema(client, site_tree, model):
    """An editor's new page without a thema is refused on the thema field, in Dutch; every
    admin page shows the word "Thema", so the form's own errors are what is checked."""
    login(client, make_user("editor"))
    make_thema("Kwartiermaken")
    parent = PAGE_TYPES[kind_of(model)][1].objects.get()
    url = f"/admin/pages/add/voorbeelden/{model._meta.model_name}/{parent.pk}/"
    form = client.get(url).context["form"]
    assert "themas" in form.fields
    data = nested_form_data({**empty_form_values(model), "title": "Zonder thema",
                             "slug": "zonder-thema"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["themas"] == ["Kies minstens één thema."]
    assert not model.objects.filter(slug="zonder-thema").exists()
