"""The seed texts are already pages (fixtures/): importing them again finds those pages."""

from io import StringIO

from django.core.management import call_command

import pytest

from tests.conftest import module_data
from tests.voorbeelden.import_helpers import seeds_dir
from voorbeelden.importer.runner import run_import
from voorbeelden.models import ContentPage

pytestmark = pytest.mark.django_db

# seed file prefix -> slug of the fixture page made from it (fixtures/pages/)
FIXTURE_PAGES = {
    "000": "lab-sociaal-werk-ggz-problematiek",
    "001": "artikel-ggz-en-sociale-professionals-werken-samen",
    "002": "nieuws-gevraagd-mooie-voorbeelden",
    "003": "werkbezoek-sterker-nijmegen-2019",
    "004": "handreiking-sociale-netwerken-ggz",
}


@module_data
def portal_content():
    call_command("load_portal_content", "--skip-index", stdout=StringIO())


def test_each_seed_is_reported_as_a_duplicate_of_its_fixture_page(portal_content):
    folder = seeds_dir()
    count = ContentPage.objects.count()
    report = run_import(sorted(folder.glob("*.txt")))
    by_seed = {entry.name[:3]: entry for entry in report.entries}
    assert sorted(by_seed) == sorted(FIXTURE_PAGES), report.lines()
    for seed, slug in FIXTURE_PAGES.items():
        entry = by_seed[seed]
        assert entry.status == "duplicate", (seed, entry.status, entry.reason)
        page = ContentPage.objects.get(pk=entry.page_id)
        assert page.slug == slug, (seed, page.slug, entry.reason)
        assert page.title in entry.reason  # the editor sees which page it is
    assert ContentPage.objects.count() == count  # nothing created


def test_a_different_document_is_not_taken_for_a_fixture_page(portal_content, tmp_path):
    text = (seeds_dir() / "002_24839f699ddbfbf0.txt").read_text(encoding="utf-8")
    other = tmp_path / "ander-bericht.txt"
    other.write_text("Buurtkamer in Zwolle opent de deuren\n\n12 maart 2023\n\n"
                     "In de wijk Holtenbroek opende een nieuwe buurtkamer. Bewoners drinken er "
                     "koffie en een sociaal werker is er elke dinsdag. " * 3, encoding="utf-8")
    assert text  # the seeds are there, so the portal is the same as above
    report = run_import([other])
    assert [e.status for e in report.entries] == ["created"], report.lines()
