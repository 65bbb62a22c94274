"""The import reads documents in a worker process while it writes pages: the same report and
the same pages as reading them in one process, and a document that kills the worker is one
failed line while the others are imported."""

import re
import shutil
import zipfile

from django.db import transaction

from wagtail.images import get_image_model

import pytest

from tests.voorbeelden.import_crash import failing_start, read_or_crash
from tests.voorbeelden.import_helpers import INPUTS, setup_portal
from tests.voorbeelden.test_import_pages import normalised
from tests.voorbeelden.test_import_queries import write_documents
from voorbeelden.importer import extract, reading
from voorbeelden.importer.reading import LOOK_AHEAD
from voorbeelden.importer.runner import run_import
from voorbeelden.models import ContentPage

pytestmark = pytest.mark.django_db

STOPPED = "kan niet worden gelezen (het leesproces stopte onverwacht)"


class Undo(Exception):
    pass


@pytest.fixture
def portal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup_portal()


def mixed_folder(tmp_path):
    """Saved pages (one with its images), an export, a text, broken files, and a zip that comes
    first and holds a page with images and a copy of a page in the folder: its images are
    read when its page is written, after the worker has read on past the zip."""
    folder = tmp_path / "invoer"
    shutil.copytree(INPUTS, folder)
    with zipfile.ZipFile(folder / "a-archief.zip", "w") as archive:
        for path in (INPUTS / "buurtkamer-holtenbroek_files").iterdir():
            archive.write(path, f"archief/buurtkamer-holtenbroek_files/{path.name}")
        archive.write(INPUTS / "buurtkamer-holtenbroek.html", "archief/buurtkamer.html")
        archive.write(INPUTS / "lab-eenzaamheid.html", "archief/lab.html")
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "zonder-titel.html").write_text("<html><body><div></div></body></html>")
    (folder / "binair.html").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "verslag.txt").write_text(
        "Verslag van de buurtkamer\n\nIn Zwolle kwamen bewoners en sociaal werkers samen "
        "om te praten over eenzaamheid en herstel.\n\nDe ervaringsdeskundige vertelde over "
        "het maatjesproject van Stimenz.\n", encoding="utf-8")
    write_documents(folder / "reeks", LOOK_AHEAD + 2)
    return folder


def snapshot(report):
    Image = get_image_model()

    def page_name(match):
        return f"pagina {ContentPage.objects.get(pk=match.group(1)).slug}"

    def images(value):  # an image by its content: its primary key differs between runs
        if isinstance(value, dict):
            return {k: (Image.objects.get(pk=v).file_hash if k == "image" else images(v))
                    for k, v in value.items()}
        if isinstance(value, list):
            return [images(v) for v in value]
        return value

    entries = [(e.name, e.status, e.title, e.kind, re.sub(r"pagina (\d+)", page_name, e.reason),
                e.themes, e.organisations, e.proposed_organisations, e.notes)
               for e in report.entries]
    pages = []
    for entry in report.entries:
        if entry.page_id is None:
            continue
        page = ContentPage.objects.get(pk=entry.page_id).specific
        pages.append((entry.name, type(page).__name__, page.title, page.slug,
                      page.get_parent().slug,
                      [t.slug for t in page.themas.all()],
                      [o.slug for o in page.organisaties.all()],
                      [r.slug for r in page.regios.all()],
                      images(normalised(page.latest_revision.content))))
    return entries, pages


def test_reading_in_a_worker_gives_the_report_and_pages_of_reading_here(portal, tmp_path):
    folder = mixed_folder(tmp_path)
    with pytest.raises(Undo), transaction.atomic():
        here = snapshot(run_import([folder], parallel=False))
        raise Undo
    assert not ContentPage.objects.filter(source_file__startswith="invoer/").exists()
    in_worker = snapshot(run_import([folder], parallel=True))
    assert in_worker == here
    statuses = {status for _, status, *_ in here[0]}
    assert statuses == {"created", "duplicate", "failed"}
    placed = [p for p in here[1] if p[0] == "invoer/a-archief.zip/archief/buurtkamer.html"]
    assert "afbeelding" in str(placed), "the zip's images were read after the worker moved on"


def test_a_document_that_kills_the_worker_is_reported_and_the_rest_imported(
        portal, tmp_path, monkeypatch):
    folder = write_documents(tmp_path / "reeks", LOOK_AHEAD + 4)
    for number in (2, 3, LOOK_AHEAD + 2):  # two in a row: the new worker is killed as well
        path = folder / f"doc-{number}.html"
        path.rename(path.with_name(f"doc-{number}-crash.html"))
    monkeypatch.setattr(extract, "read_document", read_or_crash)
    report = run_import([folder], parallel=True)
    by_status = {}
    for entry in report.entries:
        by_status.setdefault(entry.status, []).append(entry.name)
    assert sorted(by_status["failed"]) == [
        f"reeks/doc-{n}-crash.html" for n in sorted((2, 3, LOOK_AHEAD + 2), key=str)]
    assert {e.reason for e in report.failed} == {STOPPED}
    assert len(by_status["created"]) == LOOK_AHEAD + 1
    assert [e.name for e in report.entries] == [
        f"reeks/{p.name}" for p in sorted(folder.iterdir())]


def test_a_worker_that_cannot_start_leaves_the_reading_to_this_process(
        portal, tmp_path, monkeypatch):
    folder = write_documents(tmp_path / "reeks", 3)
    monkeypatch.setattr(reading, "_start", failing_start)
    report = run_import([folder], parallel=True)
    assert report.counts()["created"] == 3, report.lines()
