"""Images of saved pages: into the image library once, in the body where they stood."""

import shutil
import zipfile

from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.rich_text import RichText

import pytest

from tests.voorbeelden.import_helpers import INPUTS, setup_portal
from voorbeelden.importer import pages
from voorbeelden.importer.runner import run_import
from voorbeelden.models import ArtikelPage, ContentPage, InterventiePage

pytestmark = pytest.mark.django_db

Image = get_image_model()
PAGE = "buurtkamer-holtenbroek.html"
FILES = "buurtkamer-holtenbroek_files"


@pytest.fixture
def portal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup_portal()


@pytest.fixture
def saved_page(tmp_path):
    """The page as a browser saves it: the .html and its _files folder."""
    folder = tmp_path / "opgeslagen"
    folder.mkdir()
    shutil.copy(INPUTS / PAGE, folder / PAGE)
    shutil.copytree(INPUTS / FILES, folder / FILES)
    return folder


def media_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def only_entry(report):
    assert len(report.entries) == 1, report.lines()  # the images, css and js are no documents
    return report.entries[0]


def body_blocks(page):
    return [(block.block_type, block.value) for block in page.body]


def test_local_images_are_imported_and_placed_where_they_stood(portal, saved_page, settings):
    entry = only_entry(run_import([saved_page]))
    assert entry.status == "created", entry.reason
    page = ArtikelPage.objects.get(pk=entry.page_id)
    blocks = body_blocks(page)
    kinds = [kind for kind, _ in blocks]
    # intro + quote paragraph, the photo after it, the ggz part, the decorative photo, the rest
    assert kinds == ["paragraph", "afbeelding", "paragraph", "afbeelding", "paragraph"], kinds
    photo, koffie = blocks[1][1], blocks[3][1]
    assert photo.title == "Bewoners aan de lange tafel in de buurtkamer"
    assert photo.contextual_alt_text == "Bewoners aan de lange tafel in de buurtkamer"
    assert not photo.decorative
    assert koffie.decorative and koffie.contextual_alt_text == ""  # alt="" in the source
    assert koffie.title == "koffie tafel"  # no alt: the file name
    assert (photo.width, photo.height) == (32, 20)
    assert "Pas na een paar weken" in blocks[0][1].source
    assert "Samen met de ggz" in blocks[2][1].source
    assert "⟦" not in str(page.body.raw_data)
    # the logo in the site header is chrome, not content
    assert Image.objects.count() == 2
    assert sorted(image.file.name.rsplit("/", 1)[-1] for image in Image.objects.all()) == [
        "buurtkamer.png", "koffie-tafel.png"]

    notes = "\n".join(entry.notes)
    assert ("externe afbeelding niet overgenomen: "
            "https://www.travers-welzijn.nl/media/opening-buurtkamer.jpg") in notes
    assert "wethouder.jpg (bestand ontbreekt)" in notes
    assert "plattegrond.png (geen leesbare afbeelding" in notes

    # the image library shows where each image is used (the reference index)
    assert {int(ref.object_id) for ref in ReferenceIndex.get_references_to(photo)} == {page.pk}

    html = str(page.body.render_as_block())
    assert 'alt="Bewoners aan de lange tafel in de buurtkamer"' in html
    assert html.count("<img") == 2
    assert "Pas na een paar weken" in page.intro or "Holtenbroek" in page.intro
    assert "afbeelding" not in page.intro


def test_second_run_and_changed_page_make_no_copies(portal, saved_page, settings):
    first = only_entry(run_import([saved_page]))
    files = media_files(settings)
    assert only_entry(run_import([saved_page])).status == "unchanged"
    source = saved_page / PAGE
    source.write_text(source.read_text().replace("vier ochtenden", "vijf ochtenden"))
    again = only_entry(run_import([saved_page]))
    assert again.status == "updated" and again.page_id == first.page_id
    assert Image.objects.count() == 2 and media_files(settings) == files
    page = ContentPage.objects.get(pk=first.page_id).get_latest_revision_as_object()
    assert [kind for kind, _ in body_blocks(page)].count("afbeelding") == 2


def test_the_same_photo_on_another_page_is_the_same_image(portal, saved_page):
    other = saved_page / "ander-bericht.html"
    other_files = saved_page / "ander-bericht_files"
    other_files.mkdir()
    shutil.copy(saved_page / FILES / "buurtkamer.png", other_files / "foto-1.png")
    other.write_text("<html><body><main><h1>Buurtkamer Holtenbroek een jaar open</h1>"
                     "<p>Een jaar na de opening komen er elke week veertig bewoners.</p>"
                     '<p><img src="ander-bericht_files/foto-1.png" alt="De buurtkamer"></p>'
                     "</main></body></html>", encoding="utf-8")
    report = run_import([saved_page])
    assert [e.status for e in report.entries] == ["created", "created"], report.lines()
    assert Image.objects.count() == 2
    page = ArtikelPage.objects.get(title="Buurtkamer Holtenbroek een jaar open")
    (_, value), = [b for b in body_blocks(page) if b[0] == "afbeelding"]
    first = ArtikelPage.objects.get(title__startswith="Buurtkamer in Holtenbroek")
    photo = body_blocks(first)[1][1]
    assert value.pk == photo.pk  # one image in the library ...
    assert value.contextual_alt_text == "De buurtkamer"  # ... with each page's own alt text
    assert photo.contextual_alt_text == "Bewoners aan de lange tafel in de buurtkamer"


def test_a_zip_with_the_page_and_its_images(portal, saved_page, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for file in sorted(saved_page.rglob("*")):
            if file.is_file():
                handle.write(file, f"nieuws/{file.relative_to(saved_page).as_posix()}")
        handle.writestr("nieuws/../../buiten.png", b"niet lezen")
    report = run_import([archive])
    statuses = {e.name: e.status for e in report.entries}
    assert statuses == {"export.zip/nieuws/" + PAGE: "created",
                        "export.zip/nieuws/../../buiten.png": "failed"}, report.lines()
    entry = report.entries[0] if report.entries[0].status == "created" else report.entries[1]
    page = ArtikelPage.objects.get(pk=entry.page_id)
    assert [kind for kind, _ in body_blocks(page)].count("afbeelding") == 2
    assert Image.objects.count() == 2


def test_dry_run_writes_no_images(portal, saved_page, settings):
    entry = only_entry(run_import([saved_page], dry_run=True))
    assert entry.status == "created"
    assert any("zou worden overgenomen" in note and "buurtkamer.png" in note
               for note in entry.notes)
    assert not Image.objects.exists() and media_files(settings) == []
    assert not ContentPage.objects.filter(title__startswith="Buurtkamer").exists()


def test_a_rolled_back_document_leaves_no_image(portal, saved_page, settings, monkeypatch):
    save_new = pages.save_new

    def fails_after_saving(record, *args, **kwargs):
        save_new(record, *args, **kwargs)  # page, revision and images written
        raise RuntimeError("schijf vol")

    monkeypatch.setattr(pages, "save_new", fails_after_saving)
    entry = only_entry(run_import([saved_page]))
    assert entry.status == "failed" and "schijf vol" in entry.reason
    assert not Image.objects.exists()
    assert media_files(settings) == []  # the files went with the rows


def test_unsafe_and_missing_references_are_notes(portal, tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    (tmp_path / "geheim.png").write_bytes((INPUTS / FILES / "buurtkamer.png").read_bytes())
    (folder / "pagina.html").write_text(
        "<html><body><main><h1>Wijkteam en ggz in Deventer</h1><p>Het wijkteam werkt samen "
        'met de ggz.</p><p><img src="../geheim.png" alt="a"><img src="/media/foto.jpg" '
        'alt="b"><img src="file:///C:/Users/x/foto.jpg" alt="c"></p></main></body></html>',
        encoding="utf-8")
    entry = only_entry(run_import([folder]))
    assert entry.status == "created"
    notes = "\n".join(entry.notes)
    assert "../geheim.png (verwijst naar een bestand buiten de map" in notes
    assert "/media/foto.jpg (verwijst naar een pad op de website" in notes
    assert "file:///C:/Users/x/foto.jpg (geen bestand bij de pagina)" in notes
    assert not Image.objects.exists()


def test_a_practice_example_embeds_its_image_in_the_aanpak(portal, tmp_path):
    folder = tmp_path / "voorbeelden"
    (folder / "buurtcirkel_files").mkdir(parents=True)
    shutil.copy(INPUTS / FILES / "buurtkamer.png", folder / "buurtcirkel_files" / "cirkel.png")
    html = (INPUTS / "goed-voorbeeld-buurtcirkel.html").read_text(encoding="utf-8")
    html = html.replace("<h3>Werkzame elementen</h3>", '<p><img src="buurtcirkel_files/cirkel.png"'
                        ' alt="Een buurtcirkel aan de keukentafel"></p><h3>Werkzame elementen</h3>')
    (folder / "buurtcirkel.html").write_text(html, encoding="utf-8")
    entry = only_entry(run_import([folder]))
    page = InterventiePage.objects.get(pk=entry.page_id)
    image = Image.objects.get()
    embed = (f'<embed alt="Een buurtcirkel aan de keukentafel" embedtype="image" '
             f'format="fullwidth" id="{image.pk}"/>')
    assert embed in page.aanpak
    assert page.aanpak.index("een luisterend oor") < page.aanpak.index(embed)
    # the part after the image has a field of its own
    assert "Werkzame elementen" not in page.aanpak and "Wederkerigheid" in page.werkzame_elementen
    assert 'alt="Een buurtcirkel aan de keukentafel"' in str(RichText(page.aanpak))


def test_an_image_over_the_pixel_limit_is_a_note(portal, saved_page, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 600  # buurtkamer.png is 32 × 20
    entry = only_entry(run_import([saved_page]))
    assert entry.status == "created"
    assert any("buurtkamer.png (te groot (32 × 20 pixels))" in note for note in entry.notes)
    assert Image.objects.count() == 1  # the smaller one still came
