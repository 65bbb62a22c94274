"""Hostile HTML through the importer: deep nesting, a flood of elements, huge text and
attributes. Each is refused with a Dutch report line (nothing written, the rest of the batch
goes on) or imported normally; none may hold a worker.

The cost bound is checked in a subprocess whose timeout only guards against a hang (the
nested document took minutes); it is not the measure.
"""

import io
import shutil

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

import pytest

from tests.roles import login, make_user
from tests.security.bounded import run_in_django
from tests.voorbeelden.import_helpers import INPUTS, setup_portal
from voorbeelden.models import ContentPage

pytestmark = pytest.mark.django_db

HEAD = "<html><head><title>Vijandig</title></head><body><h1>Zorg in de wijk</h1>"
TAIL = "</body></html>"
PARAGRAPH = "<p>Sociaal werkers en de ggz werken samen in de wijk.</p>"


def nested(depth):
    """``depth`` divs, each holding a paragraph and the next div: every pass that reads an
    element's text or searches below it walks the whole rest of the page."""
    return HEAD + f"<div>{PARAGRAPH}" * depth + "</div>" * depth + TAIL


def siblings(count):
    return HEAD + PARAGRAPH * count + TAIL


def line_breaks(count):
    return HEAD + "<p>" + "regel<br>" * count + "</p>" + TAIL


def big_text(megabytes):
    return HEAD + "<p>" + "zorg " * (megabytes * 1024 * 1024 // 5) + "</p>" + TAIL


def big_attribute(megabytes):
    value = "x" * (megabytes * 1024 * 1024)
    return (HEAD + f'<p title="{value}" class="{value}">{PARAGRAPH}</p>'
            f'<a href="https://example.org/{value}">bron</a>' + PARAGRAPH + TAIL)


@pytest.fixture
def portal():
    setup_portal()


def run_command(folder, *args):
    """The command's report and whether it ended with an error (it does when any document
    failed, after the whole batch)."""
    out = io.StringIO()
    try:
        call_command("import_swn", str(folder), *args, stdout=out, stderr=io.StringIO())
    except CommandError:
        return out.getvalue(), True
    return out.getvalue(), False


def report_line(report, name):
    return next(line for line in report.splitlines() if name in line)


@pytest.mark.parametrize(("name", "html", "reason"), [
    ("diep.html", nested(300), "dieper genest dan 100 niveaus"),
    ("broers.html", siblings(100_000), "te veel elementen (100005; maximaal 30000)"),
    ("regels.html", line_breaks(50_000), "te veel elementen (50006; maximaal 30000)"),
])
def test_hostile_shape_is_refused_and_the_batch_goes_on(tmp_path, portal, name, html, reason):
    folder = tmp_path / "invoer"
    folder.mkdir()
    (folder / name).write_text(html, encoding="utf-8")
    shutil.copy(INPUTS / "nieuws-wachttijden.html", folder / "nieuws-wachttijden.html")
    report, failed = run_command(folder)
    assert failed
    line = report_line(report, name)
    assert "mislukt" in line and reason in line and "niet geïmporteerd" in line
    assert not ContentPage.objects.filter(source_file__endswith=name).exists()
    assert "aangemaakt" in report_line(report, "nieuws-wachttijden.html")
    assert ContentPage.objects.filter(source_file__endswith="nieuws-wachttijden.html").exists()


@pytest.mark.parametrize(("name", "html"), [
    ("tekst.html", big_text(5)),
    ("attribuut.html", big_attribute(1)),
    ("net-niet-te-diep.html", nested(95)),
])
def test_large_but_sane_shape_is_imported(tmp_path, portal, name, html):
    folder = tmp_path / "invoer"
    folder.mkdir()
    (folder / name).write_text(html, encoding="utf-8")
    report, failed = run_command(folder, "--dry-run")
    assert not failed, report
    assert "aangemaakt" in report_line(report, name)


def test_deep_html_in_an_export_row_fails_that_row_only(tmp_path, portal):
    folder = tmp_path / "invoer"
    folder.mkdir()
    deep = nested(300).replace('"', '""')
    (folder / "export.csv").write_text(
        "titel;tekst\n"
        f'Diep genest;"{deep}"\n'
        "Buurtkamer in de wijk;Sociaal werkers en de ggz werken samen in de wijk.\n",
        encoding="utf-8")
    report, failed = run_command(folder)
    assert failed
    assert "dieper genest dan 100 niveaus" in report_line(report, "rij 1")
    assert ContentPage.objects.filter(title="Buurtkamer in de wijk").exists()
    assert not ContentPage.objects.filter(title="Diep genest").exists()


def test_editor_uploading_deep_html_gets_the_dutch_note(client, portal):
    editor = make_user(role="editor")
    login(client, editor)
    upload = SimpleUploadedFile("diep.html", nested(300).encode(), content_type="text/html")
    response = client.post("/admin/import/swn/", {"file": upload, "kind": ""})
    assert response.status_code == 200
    assert "dieper genest dan 100 niveaus" in response.content.decode()
    assert not ContentPage.objects.filter(source_file="diep.html").exists()


def test_deep_nesting_costs_no_more_than_reading_it():
    """14,000 levels (28,000 elements, under the element limit): refused after one pass over
    the parsed tree. Before the depth limit (and with bs4's ``decomposed`` searching each
    subtree) it ran for many minutes."""
    result = run_in_django(
        "from tests.security.test_hostile_import import nested\n"
        "from voorbeelden.importer.htmldoc import HtmlDocument\n"
        "try:\n"
        "    HtmlDocument(nested(14_000))\n"
        "except ValueError as exc:  # the refusal\n"
        "    print(exc)\n"
    )
    assert result.returncode == 0, result.stderr
    assert "dieper genest dan 100 niveaus" in result.stdout
