"""Hostile files and documents: zip bombs, event handlers in imported HTML, a name that makes
a regex backtrack, an image that is also a web page.

Memory is bounded by construction (bounded reads) and checked with tracemalloc's peak; the
regex runs in a subprocess whose timeout only guards against a hang, it is not the measure.
"""

import functools
import io
import json
import zipfile
from html.parser import HTMLParser

from django.core.cache import cache
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from tests.roles import login, make_user
from tests.security.bounded import peak_memory, run_in_django
from tests.voorbeelden.import_helpers import setup_portal as setup_import_portal
from tests.voorbeelden.inzendingen_support import form_data, make_member, upload
from voorbeelden.importer.entities import people_in
from voorbeelden.importer.runner import run_import
from voorbeelden.inzendingen.uploads import validate_upload
from voorbeelden.models import (
    Bijlage,
    HandreikingPage,
    InterventiePage,
    Inzending,
)

pytestmark = pytest.mark.django_db

NEW = "/inzenden/"
ODT_MIME = b"application/vnd.oasis.opendocument.text"
MB = 1024 * 1024
BOMB_MB = 200  # unpacked; packed it is a few hundred kB, far below the 10 MB upload limit


# --- building the bombs without holding them in memory -------------------------------------

def _zip(members):
    """A deflated zip; ``members`` is [(name, chunks)], each chunk written as it comes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in members:
            with archive.open(name, "w") as handle:
                for chunk in chunks:
                    handle.write(chunk)
    return buffer.getvalue()


def _zeros(megabytes):
    block = bytes(MB)
    return (block for _ in range(megabytes))


@functools.cache
def odt_bomb():
    """An .odt whose ``mimetype`` member is the real type followed by 200 MB of zeros."""
    return _zip([("mimetype", [ODT_MIME, *_zeros(BOMB_MB)]),
                 ("content.xml", [b"<office:document-content/>"])])


@functools.cache
def docx_bomb():
    return _zip([("[Content_Types].xml", [b"<Types/>"]),
                 ("word/document.xml", [b"<w:document>", *_zeros(BOMB_MB)])])


@functools.cache
def docx_with_many_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(20_000):
            archive.writestr(f"word/media/{n}.xml", "")
    return buffer.getvalue()


BOMBS = {
    "verslag.odt": (odt_bomb, "application/vnd.oasis.opendocument.text"),
    "plan.docx": (docx_bomb, "application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document"),
    "veel.docx": (docx_with_many_members, "application/octet-stream"),
}


@pytest.fixture
def member(client):
    cache.clear()
    user = make_member()
    login(client, user)
    return user


@pytest.mark.parametrize("name", BOMBS)
def test_zip_bomb_upload_is_refused_in_dutch_and_keeps_the_rest(client, member, name):
    build, content_type = BOMBS[name]
    content = build()
    assert len(content) < 10 * MB
    data = form_data()
    data["bijlagen"] = [upload(name, content, content_type)]
    with peak_memory() as peak:
        response = client.post(NEW, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"‘{name}’" in body and "uitgepakt" in body  # says what is wrong, in Dutch
    assert 'value="Buurtmaatjes in Nijmegen-Oost"' in body  # the typed text is kept
    assert "Vrijwilligers koppelen aan bewoners." in body
    assert not Bijlage.objects.exists()
    inzending = Inzending.objects.get()
    assert inzending.status == Inzending.Status.CONCEPT
    assert inzending.aanpak.startswith("Vrijwilligers koppelen")
    # the whole request (test client, form, template) stays far below the unpacked size
    assert peak.bytes < 3 * len(content) + 16 * MB, f"peak {peak.bytes / MB:.1f} MB"


@pytest.mark.parametrize("name", BOMBS)
def test_the_upload_check_itself_allocates_a_few_megabytes(name):
    build, content_type = BOMBS[name]
    content = build()
    with peak_memory() as peak, pytest.raises(Exception) as refused:
        validate_upload(upload(name, content, content_type))
    assert type(refused.value).__name__ == "ValidationError"
    assert peak.bytes < 4 * MB, f"peak {peak.bytes / MB:.1f} MB"


def test_real_odt_and_docx_are_still_accepted():
    odt = _zip([("mimetype", [ODT_MIME]), ("content.xml", [b"<office:document-content/>"]),
                ("Pictures/foto.png", [bytes(200_000)])])
    docx = _zip([("[Content_Types].xml", [b"<Types/>"]), ("word/document.xml", [b"<w:d/>"])])
    assert validate_upload(upload("a.odt", odt))[0] == "odt"
    assert validate_upload(upload("b.docx", docx))[0] == "docx"


# --- the importer's zips -------------------------------------------------------------------

def test_import_zip_bomb_member_is_refused_with_a_dutch_reason(tmp_path):
    setup_import_portal()
    page = b"<html><head><title>Bom</title></head><body><h1>Bom</h1><p>Tekst</p>"
    path = tmp_path / "bom.zip"
    path.write_bytes(_zip([("bom.html", [page, b" " * (9 * MB), b"</body></html>"])]))
    with peak_memory() as peak:
        report = run_import([path])
    assert [e.status for e in report.entries] == ["failed"], report.lines()
    assert "zip-bom" in report.entries[0].reason
    assert not InterventiePage.objects.exists()
    assert peak.bytes < 8 * MB, f"peak {peak.bytes / MB:.1f} MB"


# --- event handlers and script URLs in imported HTML ---------------------------------------

ALLOWED = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i",
           "blockquote"}
DETAILS = '<details open ontoggle="alert(1)"><summary>Meer</summary>Verborgen tekst</details>'
IMG = '<img src=x onerror="alert(2)">'
LINK = '<a href="javascript:alert(3)">klik</a> en <a href="data:text/html,x">hier</a>'
HOSTILE = f"<p>Vrijwilligers koppelen aan bewoners.</p>{DETAILS}{IMG}<p>{LINK}</p>"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_clean_html(value, where):
    parser = _Tags()
    parser.feed(value or "")
    for tag, attrs in parser.found:
        assert tag in ALLOWED, f"{where}: <{tag}> in {value!r}"
        for name, attr in attrs.items():
            assert not name.startswith("on") and name != "style", f"{where}: {name} in {value!r}"
            if name == "href":
                assert attr.split(":", 1)[0].lower() in ("http", "https", "mailto") or \
                    ":" not in attr, f"{where}: {attr!r}"


def assert_plain(value, where):
    parser = _Tags()
    parser.feed(value or "")
    assert parser.found == [], f"{where}: markup in {value!r}"
    assert "&lt;" not in value and "&amp;" not in value, f"{where}: entities in {value!r}"


def _strings(data, path="api"):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from _strings(value, f"{path}[{n}]")
    elif isinstance(data, str):
        yield path, data


def api_detail(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return response.json()


def check_pages_and_api(client):
    interventie = InterventiePage.objects.get()
    for field in ("doel", "aanpak", "resultaten"):
        assert_clean_html(getattr(interventie, field), field)
    assert "Vrijwilligers koppelen aan bewoners." in interventie.aanpak
    for field in ("title", "intro", "doelgroep", "contact"):
        assert_plain(getattr(interventie, field), field)
    handreiking = HandreikingPage.objects.get()
    assert_clean_html(handreiking.summary, "summary")
    assert "Een gids" in handreiking.summary
    assert_plain(handreiking.intro, "handreiking.intro")
    for page in (interventie, handreiking):
        for where, value in _strings(api_detail(client, page)):
            # handlers as markup; an escaped mention in the text ("&lt;img onerror…") is text
            assert_clean_html(value, where)
            assert "javascript:" not in value and "data:text" not in value, where


ROWS = [
    {"titel": "Buurtcirkel <b>Oost</b>", "type": "interventie", "tekst": HOSTILE,
     "doel": f"Eenzaamheid verminderen. {DETAILS}", "aanpak": f"<p>Samen.</p>{IMG}",
     "resultaten": f"<p>Veertig koppels.</p><p>{LINK}</p>",
     "samenvatting": f"Kort {IMG} &lt;script&gt;alert(4)&lt;/script&gt;",
     "doelgroep": f"Bewoners {IMG}", "contact": f"Fatima {DETAILS}"},
    {"titel": "Handreiking buurtwerk", "type": "handreiking",
     "tekst": f"<h2>Inleiding</h2><p>Een gids.</p>{DETAILS}",
     "samenvatting": f"Een gids {IMG}<script>alert(5)</script> &amp; meer"},
]


def _write_csv(path):
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]), delimiter=";")
        writer.writeheader()
        for row in ROWS:
            writer.writerow({key: row.get(key, "") for key in ROWS[0]})


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_import_stores_no_event_handlers(client, tmp_path, suffix):
    setup_import_portal()
    path = tmp_path / f"export{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(ROWS), encoding="utf-8")
    else:
        _write_csv(path)
    report = run_import([path], publish=True)
    assert [e.status for e in report.entries] == ["created", "created"], report.lines()
    check_pages_and_api(client)


def test_html_page_import_stores_no_event_handlers(client, tmp_path):
    setup_import_portal()
    folder = tmp_path / "invoer"
    folder.mkdir()
    (folder / "interventie.html").write_text(
        "<html><head><title>Buurtcirkel</title></head><body><main><h1>Buurtcirkel</h1>"
        f"<p>&lt;img src=x onerror=alert(1)&gt; Een goed voorbeeld.</p>{HOSTILE}"
        "</main></body></html>", encoding="utf-8")
    (folder / "handreiking.txt").write_text(
        "Handreiking buurtwerk\n\nHandreiking\n\nEen gids &lt;img src=x onerror=alert(1)&gt;"
        f" {IMG}\n\nHoofdstuk 1 Inleiding\n\nTekst van de gids.\n", encoding="utf-8")
    report = run_import([folder / "interventie.html"], publish=True, kind="interventie")
    assert [e.status for e in report.entries] == ["created"], report.lines()
    report = run_import([folder / "handreiking.txt"], publish=True, kind="handreiking")
    assert [e.status for e in report.entries] == ["created"], report.lines()
    check_pages_and_api(client)


def test_import_as_submission_and_maak_conceptpagina_store_plain_text(client, tmp_path):
    setup_import_portal()
    moderator = make_user("moderator")
    path = tmp_path / "export.json"
    path.write_text(json.dumps(ROWS[:1]), encoding="utf-8")
    report = run_import([path], as_submissions=True, user=moderator)
    assert [e.status for e in report.entries] == ["created"], report.lines()
    inzending = Inzending.objects.get()
    for field in ("title", "doel", "aanpak", "resultaten", "doelgroep", "contact"):
        assert_plain(getattr(inzending, field), f"inzending.{field}")
        assert "ontoggle" not in getattr(inzending, field)
    # a row stored before the cleaner existed still becomes a clean page
    Inzending.objects.filter(pk=inzending.pk).update(
        doel=f"Doel {DETAILS}", aanpak=f"Aanpak {IMG}", resultaten=LINK,
        doelgroep=f"Bewoners {IMG}", contact=f"Fatima {DETAILS}", partners=f"GGZ {IMG}")
    login(client, moderator)
    response = client.post(reverse("voorbeelden_inzending_page", args=[inzending.pk]))
    assert response.status_code == 302
    page = InterventiePage.objects.get()
    for field in ("doel", "aanpak", "resultaten"):
        assert_clean_html(getattr(page, field), field)
        assert "ontoggle" not in getattr(page, field) and "onerror" not in getattr(page, field)
    for field in ("intro", "doelgroep", "contact"):
        assert_plain(getattr(page, field), field)
        assert "onerror" not in getattr(page, field)
    assert "Doel" in page.doel and "Aanpak" in page.aanpak and "GGZ" in page.aanpak


def test_member_form_stores_plain_text(client, member):
    data = form_data(doel=f"Eenzaamheid verminderen. {DETAILS}", aanpak=f"Samen {IMG}",
                     contact=f"Fatima {DETAILS}")
    response = client.post(NEW, data)
    assert response.status_code == 302
    inzending = Inzending.objects.get()
    for field in ("doel", "aanpak", "contact"):
        value = getattr(inzending, field)
        assert_plain(value, field)
        assert "ontoggle" not in value and "onerror" not in value
    assert inzending.doel.startswith("Eenzaamheid verminderen.")


# --- a name that made the importer's regex backtrack ---------------------------------------

def test_pathological_name_finishes():
    """Forty "van der" make 2^40 ways to split for a regex with overlapping alternatives
    (hours); a linear one needs microseconds. The timeout only guards against a hang."""
    result = run_in_django(
        "from voorbeelden.importer.entities import people_in\n"
        "text = 'Jan' + ' van der' * 40 + ' x, ' + 'Kees van den Berg, ' * 3\n"
        "print(people_in(text * 3))\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Kees van den Berg" in result.stdout


@pytest.mark.parametrize(("text", "names"), [
    ("Greet Bouman van Stimenz vertelde over de buurtkamer.", ["Greet Bouman van Stimenz"]),
    ("Margit van der Meulen, adviseur bij Movisie.", ["Margit van der Meulen"]),
    ("Annemiek van den Berg: ‘We doen het samen.’", ["Annemiek van den Berg"]),
    ("Jan de Vries zegt dat het werkt.", ["Jan de Vries"]),
    ("Kees in 't Veld (Sterker) benadrukt het belang.", ["Kees in 't Veld"]),
    ("Anna van\nder Linden, manager.", ["Anna van\nder Linden".replace("\n", " ")]),
    ("Piet ter Horst is directeur van Sociom.", ["Piet ter Horst"]),
])
def test_names_are_still_found(text, names):
    assert people_in(text) == names


# --- an image that is also a web page ------------------------------------------------------

def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 3), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


def test_imported_image_gets_the_suffix_of_its_format(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup_import_portal()
    folder = tmp_path / "opgeslagen"
    files = folder / "pagina_files"
    files.mkdir(parents=True)
    (files / "plaatje.html").write_bytes(_png() + b"<script>alert(1)</script>")
    (files / "foto.svg.html").write_bytes(_jpeg() + b"<html><script>alert(2)</script>")
    (files / "nep.png").write_bytes(b"<html><script>alert(3)</script></html>")
    (folder / "pagina.html").write_text(
        "<html><head><title>Buurtkamer</title></head><body><main><h1>Buurtkamer</h1>"
        "<p>De buurtkamer is open.</p>"
        '<p><img src="pagina_files/plaatje.html" alt="Rood"></p><p>Meer tekst.</p>'
        '<p><img src="pagina_files/foto.svg.html" alt="Blauw"></p><p>Nog meer.</p>'
        '<p><img src="pagina_files/nep.png" alt="Nep"></p><p>Einde.</p>'
        "</main></body></html>", encoding="utf-8")
    report = run_import([folder])
    assert [e.status for e in report.entries] == ["created"], report.lines()
    names = sorted(image.file.name for image in get_image_model().objects.all())
    assert len(names) == 2, names
    assert names[0].endswith(".jpg") and names[1].endswith(".png"), names
    assert not any(".html" in name or ".svg" in name for name in names), names
    stored = sorted(p.name for p in (tmp_path / "media").rglob("*") if p.is_file())
    assert not any(name.endswith((".html", ".svg")) for name in stored), stored
    notes = " ".join(report.entries[0].notes)
    assert "afbeelding niet overgenomen: pagina_files/nep.png (geen leesbare afbeelding" in notes
