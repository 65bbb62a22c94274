"""import_swn on realistic input: saved sector pages, a submissions export and the seed texts."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from tests.conftest import module_data
from tests.voorbeelden.import_helpers import INPUTS, copy_inputs, seeds_dir, setup_portal
from voorbeelden.importer.runner import run_import
from voorbeelden.models import (
    ArtikelPage,
    ContentPage,
    HandreikingPage,
    InterventiePage,
    LabPage,
    WerkbezoekPage,
)

pytestmark = pytest.mark.django_db

CHROME = ["Uw account is nog niet geactiveerd", "Wij gebruiken cookies", "Lid worden",
          "Deel dit artikel", "Nieuwsbrief", "Oudlaan 4", "Hoofdmenu", "Alle cookies",
          "alleen zichtbaar voor leden", "Ga naar inhoud", "Lees ook"]


@module_data
def portal():
    setup_portal()


def body_html(page):
    page = page.specific
    if isinstance(page, InterventiePage):
        return page.aanpak
    if isinstance(page, HandreikingPage):
        return str(page.chapters.render_as_block())
    return str(page.body.render_as_block())


def names(queryset):
    return {obj.name for obj in queryset.all()}


def imported(name):
    return ContentPage.objects.get(source_file__endswith=name).specific


def test_saved_pages_become_typed_drafts_without_chrome(portal):
    report = run_import([INPUTS])
    assert {e.status for e in report.entries if "rij 4" not in e.name} == {"created"}

    news = imported("nieuws-wachttijden.html")
    assert isinstance(news, ArtikelPage) and news.soort == "nieuws"
    assert news.title == "Gemeente en ggz bundelen krachten tegen wachttijden"
    assert news.date == date(2021, 6, 14)
    assert news.source_url.endswith("/nieuws/8123-gemeente-en-ggz-bundelen-krachten")
    assert "Stimenz" in names(news.organisaties)
    assert {"Ervaringsdeskundigheid", "Maatjes", "Eenzaamheid"} <= names(news.themas)
    assert not news.live and news.has_unpublished_changes

    voorbeeld = imported("goed-voorbeeld-buurtcirkel.html")
    assert isinstance(voorbeeld, InterventiePage)
    assert {"Stimenz", "RIWIS"} <= names(voorbeeld.organisaties)
    assert "Sociale netwerken" in names(voorbeeld.themas)
    assert [link.value["url"] for link in voorbeeld.links] == ["https://www.buurtcirkel.nl"]

    bezoek = imported("werkbezoek-nijmegen.html")
    assert isinstance(bezoek, WerkbezoekPage)
    assert bezoek.date == date(2019, 7, 3)
    assert bezoek.author == "Jennifer Elich"
    assert bezoek.gastorganisatie.name == "Sterker sociaal werk"
    assert [d.name for d in bezoek.deelnemers.all()] == ["Arie de Vries", "Gerard van Unen",
                                                         "Jennifer Elich"]
    assert {"Kwartiermaken", "Wijkgericht werken"} <= names(bezoek.themas)

    lab = imported("lab-eenzaamheid.html")
    assert isinstance(lab, LabPage) and lab.vorm == "online" and lab.locatie == "Teams"
    assert lab.date == date(2022, 10, 12)
    assert {"Verdiwel", "Welzijn De Meierij"} <= names(lab.organisaties)

    for page in (news, voorbeeld, bezoek, lab):
        html = body_html(page)
        for chrome in CHROME:
            assert chrome not in html, (page.title, chrome)
        assert "<script" not in html and "onclick" not in html and "javascript:" not in html
        assert page.source_original.startswith("<!DOCTYPE html>")  # the original is kept
        assert page.source_hash and page.imported_at
    news_html = body_html(news)
    assert 'href="https://www.wegmetdewachtlijst.nl/actieplan"' in news_html
    assert 'href="mailto:info@stimenz.nl"' in news_html
    assert "<blockquote>" in news_html and "<h2>Eerst contact, dan zorg</h2>" in news_html
    assert news.title not in news_html  # the h1 is the title, not body text
    # images are reported (kept in the original), not silently lost
    entry = next(e for e in report.entries if e.name.endswith("nieuws-wachttijden.html"))
    assert any("afbeelding" in note for note in entry.notes)


def test_csv_export_with_semicolons_and_html_cells(portal):
    report = run_import([INPUTS / "inzendingen.csv"])
    statuses = {e.name: e.status for e in report.entries}
    assert statuses["inzendingen.csv#101"] == "created"
    assert statuses["inzendingen.csv, rij 4"] == "failed"
    koffie = imported("inzendingen.csv#101")
    assert isinstance(koffie, InterventiePage)
    assert koffie.date == date(2021, 3, 12) and koffie.place == "Apeldoorn"
    assert names(koffie.organisaties) == {"Stimenz"} and "Kwartiermaken" in names(koffie.themas)
    assert "<b>kwartiermaker</b>" in koffie.aanpak and "alert" not in koffie.aanpak
    maatjes = imported("inzendingen.csv#102")
    assert maatjes.date == date(2022, 4, 5) and "Maatjes" in names(maatjes.themas)
    assert maatjes.aanpak.count("<p>") == 2
    assert "Welzijn Lochem" in report.proposed_organisations()  # proposed, not created
    assert not maatjes.organisaties.exists()
    herstel = imported("inzendingen.csv#103")
    assert '<a href="https://www.onswelzijn.nl/herstelcafe"' in herstel.aanpak


def test_column_mapping_for_a_json_export(portal, tmp_path):
    export = tmp_path / "formulier.json"
    export.write_text('{"inzendingen": [{"Naam voorbeeld X": "Samen aan tafel", '
                      '"Verhaal": "<p>Een maatje en een kwartiermaker koken samen.</p>", '
                      '"Wanneer": "woensdag 3 juli 2019"}]}', encoding="utf-8")
    report = run_import([export])
    assert report.failed and "titel" in report.failed[0].reason
    assert "Naam voorbeeld X" in report.failed[0].reason  # it names the columns it found
    report = run_import([export], mapping={"title": ["Naam voorbeeld X"], "body": "Verhaal",
                                           "date": ["Wanneer"]})
    page = imported("formulier.json#samen-aan-tafel")
    assert page.title == "Samen aan tafel" and page.date == date(2019, 7, 3)
    assert {"Maatjes", "Kwartiermaken"} <= names(page.themas)


def test_seed_texts(portal, tmp_path):
    folder = seeds_dir()
    report = run_import(sorted(folder.glob("*.txt")))
    by_file = {e.name[:3]: e for e in report.entries}
    assert all(e.status == "created" for e in by_file.values()), report.lines()
    expected = {
        "000": (LabPage, "Sociaal werk voor inwoners met ggz-problematiek"),
        "001": (ArtikelPage, "GGZ en sociale professionals werken samen"),
        "002": (ArtikelPage, "Gevraagd: mooie voorbeelden van samenwerking tussen ggz en "
                             "sociaal werk in de wijk"),
        "003": (WerkbezoekPage, "Ggz en sociaal werk vinden elkaar in de wijk"),
        "004": (HandreikingPage, "Sociale netwerken van GGZ-cliënten in Den Haag"),
    }
    pages = {k: ContentPage.objects.get(pk=e.page_id).specific for k, e in by_file.items()}
    for key, (model, title) in expected.items():
        assert isinstance(pages[key], model), key
        assert pages[key].title == title
    assert pages["002"].date == date(2021, 5, 6) and pages["002"].soort == "nieuws"
    assert pages["003"].date == date(2019, 7, 3) and pages["003"].place == "Nijmegen"
    assert pages["003"].author == "Jennifer Elich"
    assert pages["001"].author == "Margit van der Meulen"
    assert "Sterker sociaal werk" in names(pages["003"].organisaties)
    lab = pages["000"]
    assert {"Stimenz", "Welzijn De Meierij", "Sociaal Werk Nederland"} <= names(lab.organisaties)
    assert "Ervaringsdeskundigheid" in names(lab.themas)
    assert len(lab.deelnemers.all()) == 9
    article = body_html(pages["001"])
    assert "passende" in article and "pas-sende" not in article  # PDF hyphenation repaired
    assert "GGZ-professional" in article  # a real compound keeps its hyphen
    lab_html = body_html(lab)
    for chrome in ("Uw account is nog niet geactiveerd", "terug naar overzicht",
                   "Waarom lid worden", "microsoftteams-image"):
        assert chrome not in lab_html
    assert "Lid wordenContact" not in body_html(pages["002"])
    assert "file:///" not in body_html(pages["003"])
    assert len(pages["004"].chapters) >= 9 and pages["004"].references


def test_second_run_changes_nothing_and_changed_input_adds_a_revision(portal, tmp_path):
    folder = copy_inputs(tmp_path, "nieuws-wachttijden.html", "inzendingen.csv")
    first = run_import([folder])
    count = ContentPage.objects.count()
    page = imported("nieuws-wachttijden.html")
    revisions = page.revisions.count()

    second = run_import([folder])
    assert {e.status for e in second.entries if e.status != "failed"} == {"unchanged"}
    assert ContentPage.objects.count() == count and page.revisions.count() == revisions
    assert len(second.failed) == len(first.failed) == 1  # the CSV row without a title

    source = folder / "nieuws-wachttijden.html"
    source.write_text(source.read_text().replace("zestig deelnemers", "zeventig deelnemers"))
    third = run_import([folder])
    entry = next(e for e in third.entries if e.name.endswith("nieuws-wachttijden.html"))
    assert entry.status == "updated" and entry.page_id == page.pk
    assert ContentPage.objects.count() == count
    assert page.revisions.count() == revisions + 1
    page.refresh_from_db()
    latest = page.get_latest_revision_as_object()
    assert "zeventig deelnemers" in body_html(latest)
    assert run_import([folder]).counts()["updated"] == 0  # and stable again


def test_published_page_gets_a_draft_revision_not_a_new_live_version(portal, tmp_path):
    folder = copy_inputs(tmp_path, "lab-eenzaamheid.html")
    run_import([folder], publish=True)
    page = imported("lab-eenzaamheid.html")
    assert page.live and not page.has_unpublished_changes
    source = folder / "lab-eenzaamheid.html"
    source.write_text(source.read_text().replace("Twee pitches", "Drie pitches"))
    run_import([folder])
    page.refresh_from_db()
    assert page.live and page.has_unpublished_changes
    assert "Twee pitches" in body_html(page)  # visitors still see the published text


def test_duplicates_are_reported_not_imported(portal, tmp_path):
    folder = copy_inputs(tmp_path, "werkbezoek-nijmegen.html")
    run_import([folder])
    other = tmp_path / "kopie"
    other.mkdir()
    html = (INPUTS / "werkbezoek-nijmegen.html").read_text()
    # the same report saved from another address, with a slightly different ending
    (other / "werkbezoek-kopie.html").write_text(
        html.replace("sterker-nijmegen-2019", "sterker-2019-kopie").replace(
            "passend bij het gezin", "die past"))
    (other / "zelfde.html").write_text(html.replace("sterker-nijmegen-2019", "elders"))
    count = ContentPage.objects.count()
    report = run_import([other])
    assert [e.status for e in report.entries] == ["duplicate", "duplicate"]
    assert all("Werkbezoek aan Sterker" in e.reason for e in report.entries)
    assert ContentPage.objects.count() == count


def test_dry_run_saves_nothing(portal):
    count = ContentPage.objects.count()
    report = run_import([INPUTS], dry_run=True)
    assert report.counts()["created"] == 8
    assert "zou worden aangemaakt" in "\n".join(report.lines())
    assert ContentPage.objects.count() == count


def test_type_override(portal):
    run_import([INPUTS / "lab-eenzaamheid.html"], kind="artikel")
    assert isinstance(imported("lab-eenzaamheid.html"), ArtikelPage)


def test_command_prints_report_and_fails_when_something_failed(portal, tmp_path):
    out = StringIO()
    folder = copy_inputs(tmp_path, "lab-eenzaamheid.html")
    call_command("import_swn", str(folder), stdout=out)
    assert "aangemaakt" in out.getvalue() and "Totaal: 1 aangemaakt" in out.getvalue()
    (folder / "leeg.html").write_bytes(b"")
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_swn", str(folder), "--publish", stdout=out)
    assert error.value.returncode == 1
    assert "leeg bestand" in out.getvalue() and "ongewijzigd" in out.getvalue()


def test_as_submissions_puts_rows_in_the_moderation_queue(portal, django_user_model):
    from voorbeelden.models import Inzending

    editor = django_user_model.objects.create_user("redacteur", "r@example.org", "x")
    count = ContentPage.objects.count()
    report = run_import([INPUTS / "inzendingen.csv"], as_submissions=True, user=editor)
    assert report.counts()["created"] == 3
    koffie = Inzending.objects.get(title="Koffie met de wijk")
    assert koffie.status == Inzending.Status.INGEDIEND and koffie.organisatie.name == "Stimenz"
    assert "kwartiermaker" in koffie.aanpak and "<" not in koffie.aanpak
    assert ContentPage.objects.count() == count
    again = run_import([INPUTS / "inzendingen.csv"], as_submissions=True, user=editor)
    assert again.counts()["unchanged"] == 3 and Inzending.objects.count() == 3
