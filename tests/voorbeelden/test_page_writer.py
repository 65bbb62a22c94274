"""One page writer: the fixture loader, the import and "Maak conceptpagina" make the same
page from the same intervention, each through its own command or admin action."""

import io
import json
import shutil

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from portaal.models import Organisatie, Regio, Thema
from tests.roles import login, make_user
from tests.voorbeelden.import_helpers import setup_portal
from tests.voorbeelden.inzendingen_support import form_data
from voorbeelden.content import FIXTURES_DIR
from voorbeelden.importer.indexing import deferred_indexing
from voorbeelden.models import (
    ContentPage,
    InterventiePage,
    Inzending,
    WerkbezoekIndexPage,
    WerkbezoekPage,
)
from voorbeelden.page_writer import UnknownField, add_page, write_page

pytestmark = pytest.mark.django_db

TITLE = "Buurtbellers in Apeldoorn-Zuid"
DOEL = "Minder eenzaamheid onder bewoners met psychische klachten."
AANPAK = "Vrijwilligers bellen elke week met een bewoner uit hun eigen straat."
RESULTATEN = "Veertig vaste belkoppels in het eerste jaar."
# markup in a plain field: every path keeps the text and drops the tags
DOELGROEP_WITH_MARKUP = "<b>Bewoners</b> met psychische kwetsbaarheid"
DOELGROEP = "Bewoners met psychische kwetsbaarheid"


def page_fields(page):
    page = InterventiePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    return {
        "title": page.title,
        "doel": page.doel,
        "aanpak": page.aanpak,
        "resultaten": page.resultaten,
        "doelgroep": page.doelgroep,
        "place": page.place,
        "themas": sorted(t.slug for t in page.themas.all()),
    }


def through_the_loader(tmp_path):
    fixtures = tmp_path / "fixtures"
    (fixtures / "interventies").mkdir(parents=True)
    (fixtures / "pages").mkdir()
    for name in ("themas.json", "regios.json"):
        shutil.copy(FIXTURES_DIR / name, fixtures / name)
    shutil.copytree(FIXTURES_DIR / "organisaties", fixtures / "organisaties")
    record = {
        "type": "interventie", "slug": "buurtbellers-uit-de-fixtures", "title": TITLE,
        "date": "2024-03-01", "intro": DOEL, "doel": f"<p>{DOEL}</p>",
        "aanpak": f"<p>{AANPAK}</p>", "resultaten": f"<p>{RESULTATEN}</p>",
        "doelgroep": DOELGROEP_WITH_MARKUP, "place": "Apeldoorn", "themas": ["maatjes"],
    }
    (fixtures / "interventies" / "buurtbellers.json").write_text(json.dumps(record))
    call_command("load_portal_content", "--fixtures", str(fixtures), "--skip-index",
                 stdout=io.StringIO())
    return InterventiePage.objects.get(slug="buurtbellers-uit-de-fixtures")


def through_the_import(tmp_path):
    export = tmp_path / "inzendingen.csv"
    export.write_text(
        "Inzending ID;Naam project;Type;Beschrijving;Doel;Resultaten;Doelgroep;Plaats;Thema\n"
        f"7;{TITLE};interventie;<p>{AANPAK}</p>;<p>{DOEL}</p>;<p>{RESULTATEN}</p>;"
        f"{DOELGROEP_WITH_MARKUP};Apeldoorn;Maatjes\n", encoding="utf-8")
    output = io.StringIO()
    call_command("import_swn", str(export), "--type", "interventie", stdout=output)
    page = InterventiePage.objects.filter(title=TITLE).first()
    assert page is not None, output.getvalue()
    return page


def through_a_submission():
    cache.clear()
    member = Client()
    login(member, make_user("member"))
    maatjes = Thema.objects.get(slug="maatjes")
    response = member.post("/inzenden/", form_data(
        title=TITLE, doel=DOEL, aanpak=AANPAK, resultaten=RESULTATEN,
        doelgroep=DOELGROEP_WITH_MARKUP, place="Apeldoorn", partners="",
        themas=[str(maatjes.pk)]))
    assert response.status_code == 302
    inzending = Inzending.objects.get(title=TITLE)
    editor = Client()
    login(editor, make_user("editor"))
    response = editor.post(reverse("voorbeelden_inzending_page", args=[inzending.pk]))
    assert response.status_code == 302
    inzending.refresh_from_db()
    return inzending.page


def test_loader_import_and_submission_write_the_same_fields(tmp_path):
    setup_portal()
    imported = page_fields(through_the_import(tmp_path))
    submitted = page_fields(through_a_submission())
    loaded = page_fields(through_the_loader(tmp_path))
    assert loaded == {
        "title": TITLE,
        "doel": f"<p>{DOEL}</p>",
        "aanpak": f"<p>{AANPAK}</p>",
        "resultaten": f"<p>{RESULTATEN}</p>",
        "doelgroep": DOELGROEP,
        "place": "Apeldoorn",
        "themas": ["maatjes"],
    }
    assert imported == loaded
    assert submitted == loaded


def test_the_writer_refuses_a_field_it_does_not_know():
    with pytest.raises(UnknownField, match="doelgroepen"):
        write_page(InterventiePage(), {"title": "Buurtbellers", "doelgroepen": "bewoners"})


def test_participants_keep_the_order_of_the_source():
    # The rows are numbered as the admin's inline panel numbers them; unnumbered rows come
    # back from PostgreSQL in any order.
    setup_portal()
    names = ["Gerard van Unen", "Arie de Vries", "Jennifer Elich"]
    page = write_page(WerkbezoekPage(), {"title": "Werkbezoek Sterker",
                                         "slug": "werkbezoek-sterker",
                                         "deelnemers": [{"name": n} for n in names]})
    index = WerkbezoekIndexPage.objects.get()
    index.add_child(instance=page)
    saved = WerkbezoekPage.objects.get(pk=page.pk)
    assert [(d.sort_order, d.name) for d in saved.deelnemers.all()] == list(enumerate(names))


def link_table_reads(queries):
    tables = [ContentPage._meta.get_field(name).remote_field.through._meta.db_table
              for name in ("themas", "organisaties", "regios")]
    return [q["sql"] for q in queries
            if q["sql"].lstrip().upper().startswith("SELECT")
            and any(table in q["sql"] for table in tables)]


def test_a_new_page_gets_its_links_without_reading_them_back():
    # The writer writes a new page's theme, organisation and region links into their link
    # tables itself: through modelcluster, saving the page first read back the links a new
    # page cannot have, and the revision read them again.
    setup_portal()
    maatjes = Thema.objects.get(slug="maatjes")
    organisatie = Organisatie.objects.order_by("pk").first()
    regio = Regio.objects.order_by("pk").first()
    index = WerkbezoekIndexPage.objects.get()
    # the search index reads them, as it should; here it waits until the page is written
    with deferred_indexing(), CaptureQueriesContext(connection) as captured:
        page = add_page(index, WerkbezoekPage(slug="werkbezoek-met-links"), {
            "title": "Werkbezoek met links", "themas": [maatjes],
            "organisaties": [organisatie], "regios": [regio]})
        revision = page.save_revision(log_action=True)
    assert link_table_reads(captured.captured_queries) == []
    saved = WerkbezoekPage.objects.get(pk=page.pk)
    assert list(saved.themas.all()) == [maatjes]
    assert list(saved.organisaties.all()) == [organisatie]
    assert list(saved.regios.all()) == [regio]
    assert revision.content["themas"] == [maatjes.pk]
    assert revision.content["organisaties"] == [organisatie.pk]
    assert saved.get_parent().pk == index.pk


def test_maak_conceptpagina_writes_the_links_through_the_writer():
    setup_portal()
    with deferred_indexing(), CaptureQueriesContext(connection) as captured:
        page = through_a_submission()
    assert page is not None
    assert link_table_reads(captured.captured_queries) == []
    assert sorted(t.slug for t in page.themas.all()) == ["maatjes"]
