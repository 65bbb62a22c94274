"""Bad input gets a clear Dutch report line and never an exception out of a document."""

import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import module_data
from tests.voorbeelden.import_helpers import INPUTS, setup_portal
from voorbeelden.importer.entities import Vocabulary
from voorbeelden.importer.extract import Extracted, Failure, read_document
from voorbeelden.importer.runner import run_import
from voorbeelden.importer.sources import Document, decode
from voorbeelden.models import ContentPage

pytestmark = pytest.mark.django_db


@module_data
def portal():
    setup_portal()


def only_entry(report):
    assert len(report.entries) == 1, report.lines()
    return report.entries[0]


def test_windows_1252_page_labelled_utf8(portal, tmp_path):
    html = ('<html><head><meta charset="utf-8"><title>Cliënten vertellen</title></head><body>'
            '<main><h1>Cliënten vertellen over ervaringsdeskundigheid</h1>'
            '<p>Café “De Brug” is één plek waar ervaringsdeskundigen € 5 vragen – ook ’s '
            'avonds.</p></main></body></html>')
    path = tmp_path / "cp1252.html"
    path.write_bytes(html.encode("cp1252"))
    entry = only_entry(run_import([path]))
    assert entry.status == "created"
    assert any("windows-1252" in note for note in entry.notes)
    page = ContentPage.objects.get(pk=entry.page_id).specific
    assert page.title == "Cliënten vertellen over ervaringsdeskundigheid"
    body = str(page.body.render_as_block())
    assert "Café “De Brug” is één plek" in body and "€ 5" in body and "’s" in body


def test_mixed_and_double_encoded_text_is_repaired():
    text, _ = decode("één ".encode() + "café".encode("cp1252"))
    assert text == "één café"
    text, note = decode("Cliënten en één café".encode().decode("cp1252").encode())
    assert text == "Cliënten en één café" and "hersteld" in note


def test_malformed_html_still_imports(portal, tmp_path):
    path = tmp_path / "kapot.html"
    path.write_text("<html><body><main><h1>Maatjes in de wijk<p>Een maatje <b>helpt <i>bij"
                    "</b> eenzaamheid</i><div><p>Tweede alinea over maatjes<ul><li>één"
                    "<li>twee</main></html></body>< / div>", encoding="utf-8")
    entry = only_entry(run_import([path]))
    assert entry.status == "created", entry.reason
    assert entry.title.startswith("Maatjes in de wijk")


@pytest.mark.parametrize("content, reason", [
    (b"", "leeg bestand"),
    (b"   \n\n  ", "leeg bestand"),
    (bytes(range(256)) * 40, "binair bestand"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
])
def test_empty_and_binary_files(portal, tmp_path, content, reason):
    path = tmp_path / "document.html"
    path.write_bytes(content)
    entry = only_entry(run_import([path]))
    assert entry.status == "failed" and reason in entry.reason


def test_fifty_megabyte_file_is_refused_without_reading_it(portal, tmp_path):
    path = tmp_path / "groot.html"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    entry = only_entry(run_import([path]))
    assert entry.status == "failed"
    assert entry.reason.startswith("bestand is te groot (50,0 MB; maximaal 10,0 MB)")


def test_page_without_title(portal, tmp_path):
    path = tmp_path / "zonder-titel.html"
    path.write_text("<html><body><main><p>Alleen tekst, geen kop.</p></main></body></html>")
    entry = only_entry(run_import([path]))
    assert entry.status == "failed" and "geen titel gevonden" in entry.reason


def test_zip_with_path_traversal(portal, tmp_path):
    archive = tmp_path / "pagina's.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../etc/passwd", "root:x:0:0:root:/root:/bin/bash")
        zf.writestr("/absoluut.html", "<h1>Absoluut</h1><p>tekst</p>")
        zf.writestr("map/lab.html", (INPUTS / "lab-eenzaamheid.html").read_bytes())
    report = run_import([archive])
    by_name = {e.name: e for e in report.entries}
    assert by_name["pagina's.zip/../../etc/passwd"].reason.startswith("onveilig pad")
    assert by_name["pagina's.zip//absoluut.html"].status == "failed"
    assert by_name["pagina's.zip/map/lab.html"].status == "created"
    assert not (tmp_path.parent.parent / "etc" / "passwd").exists()


def test_broken_zip(portal, tmp_path):
    path = tmp_path / "kapot.zip"
    path.write_bytes(b"PK\x03\x04 dit is geen zip")
    assert "geen geldig zip-bestand" in only_entry(run_import([path])).reason


def test_csv_with_missing_columns(portal, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Naam;Organisatie\nJan;Stimenz\n", encoding="utf-8")
    entry = only_entry(run_import([path]))
    assert entry.status == "failed"
    assert "verplichte kolom ontbreekt: titel" in entry.reason and "tekst" in entry.reason
    assert "Gevonden kolommen: Naam, Organisatie" in entry.reason


def test_invalid_json(portal, tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"titel": "x",', encoding="utf-8")
    assert "geen geldige JSON" in only_entry(run_import([path])).reason


def test_missing_path(portal, tmp_path):
    assert "bestaat niet" in only_entry(run_import([tmp_path / "nergens.html"])).reason


def test_one_broken_file_does_not_stop_the_batch(portal, tmp_path):
    (tmp_path / "a-leeg.html").write_bytes(b"")
    (tmp_path / "b-lab.html").write_bytes((INPUTS / "lab-eenzaamheid.html").read_bytes())
    report = run_import([tmp_path])
    assert [e.status for e in report.entries] == ["failed", "created"]


# --- fuzzing the per-document boundary -------------------------------------------------------

SAMPLE = (INPUTS / "nieuws-wachttijden.html").read_bytes()
TAGS = ["<p>", "</p>", "<div class='cookie'>", "</div>", "<h1>", "</h1>", "<script>", "<!--",
        "<a href='javascript:x'>", "<img src=x onerror=alert(1)>", "<table><tr><td>", "&#0;",
        "<![CDATA[", "<main>", "</main>", "<svg><script>", "\x00", "\ufeff", "<br/>", "<h2"]


@st.composite
def mutated_html(draw):
    data = bytearray(SAMPLE)
    for _ in range(draw(st.integers(0, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "tag"]))
        if action == "insert":
            data[position:position] = draw(st.binary(max_size=20))
        elif action == "delete":
            del data[position:position + draw(st.integers(1, 400))]
        else:
            data[position:position] = draw(st.sampled_from(TAGS)).encode()
    return bytes(data)


@pytest.fixture(scope="module")
def vocabulary(django_db_blocker):
    with django_db_blocker.unblock():
        return Vocabulary()


def _assert_contained(data, name, vocab):
    for result in read_document(Document(name, data), vocab):
        assert isinstance(result, Extracted | Failure)
        if isinstance(result, Extracted):
            assert "<script" not in result.body_html.lower()
            assert "javascript:" not in result.body_html.lower()
            assert "onerror" not in result.body_html.lower()
        else:
            assert result.reason


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(data=mutated_html())
def test_fuzz_mutated_pages_never_escape(vocabulary, data):
    _assert_contained(data, "fuzz.html", vocabulary)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=2000),
                      st.text(max_size=2000).map(str.encode),
                      st.lists(st.sampled_from(TAGS + ["tekst ", "Maatjes ", "6 mei 2021 "]),
                               max_size=60).map(lambda parts: "".join(parts).encode())),
       name=st.sampled_from(["x.html", "x.txt", "x.csv", "x.json", "x.bin"]))
def test_fuzz_random_input_never_escapes(vocabulary, data, name):
    _assert_contained(data, name, vocabulary)


def test_fuzz_through_the_runner(portal, tmp_path):
    """The whole pipeline, database included, on a few nasty files at once."""
    nasty = [b"<h1>" + b"<div>" * 5000 + b"Diep genest", SAMPLE[: len(SAMPLE) // 2],
             b"<h1>Titel</h1>" + b"\x00" * 10, b"<h1>" + "é".encode() * 300 + b"</h1><p>x</p>"]
    for i, data in enumerate(nasty):
        (tmp_path / f"nasty-{i}.html").write_bytes(data)
    report = run_import([tmp_path])
    assert len(report.entries) == len(nasty)
    assert all(e.status in ("created", "failed") and (e.status != "failed" or e.reason)
               for e in report.entries)
