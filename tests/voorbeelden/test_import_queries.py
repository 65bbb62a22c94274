"""What one imported document costs the database: a fixed number of queries, whatever the
size of the batch (bench/README.md, import)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from portaal.models import Organisatie, Regio, Thema
from tests.voorbeelden.import_helpers import setup_portal
from voorbeelden.importer.runner import run_import
from voorbeelden.models import ContentPage

pytestmark = pytest.mark.django_db

WORDS = ("kwartiermaken herstel maatje ervaringsdeskundige eenzaamheid wijkteam buurthuis "
         "gemeente ggz vrijwilliger netwerk stigma preventie participatie mantelzorg").split()
KINDS = ["Nieuwsbericht", "Goed voorbeeld", "Werkbezoek", "Verdiwel Lab", "Handreiking"]
# A created page: the tree (last child, numchild, slug check; the locale is the parent's,
# not read again), three rows of its type, the taxonomy links, the revision and two log
# entries, the search and reference index at the end of the batch (inline rows prefetched
# per batch), and the savepoints and commit around each.
MAX_PER_DOCUMENT = 48


def write_documents(folder, count, first=0):
    folder.mkdir()
    for i in range(first, first + count):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(80)]
        body = "".join(f"<h2>Deel {k}</h2><p>{' '.join(words[k * 20:(k + 1) * 20])} in "
                       f"Utrecht met Stimenz, zie <a href='https://example.org/{i}/{k}'>meer"
                       f"</a>.</p>" for k in range(4))
        (folder / f"doc-{i}.html").write_text(
            f"<html><head><title>Document {i}</title></head><body><main><article>"
            f"<span class='label'>{KINDS[i % len(KINDS)]}</span>"
            f"<h1>{KINDS[i % len(KINDS)]} {WORDS[i % len(WORDS)]} in de wijk {i}</h1>"
            f"<p class='meta'>{i % 27 + 1} maart 2023</p>{body}</article></main></body></html>",
            encoding="utf-8")
    return folder


def queries_for(folder):
    with CaptureQueriesContext(connection) as captured:
        report = run_import([folder])
    return len(captured.captured_queries), report.counts()


def test_queries_per_document_do_not_grow_with_the_batch(tmp_path):
    setup_portal()
    few, few_counts = queries_for(write_documents(tmp_path / "twee", 2))
    many, many_counts = queries_for(write_documents(tmp_path / "zes", 6, first=2))
    assert few_counts["created"] == 2 and many_counts["created"] == 6
    per_document = (many - few) / 4
    assert per_document <= MAX_PER_DOCUMENT, per_document


def test_taxonomy_links_are_those_found(tmp_path):
    setup_portal()
    run_import([write_documents(tmp_path / "drie", 3)])
    page = ContentPage.objects.get(title__startswith="Nieuwsbericht")
    assert set(page.organisaties.all()) == {Organisatie.objects.get(name="Stimenz")}
    assert page.themas.exists() and all(isinstance(t, Thema) for t in page.themas.all())
    assert set(page.regios.all()) <= set(Regio.objects.all())
    revision = page.latest_revision.content
    assert sorted(revision["themas"]) == sorted(page.themas.values_list("pk", flat=True))
    assert revision["organisaties"] == [Organisatie.objects.get(name="Stimenz").pk]


def test_an_unchanged_document_costs_one_read(tmp_path):
    setup_portal()
    few_folder = write_documents(tmp_path / "twee", 2)
    many_folder = write_documents(tmp_path / "zes", 6, first=2)
    run_import([few_folder])
    run_import([many_folder])
    few, few_counts = queries_for(few_folder)
    many, many_counts = queries_for(many_folder)
    assert few_counts["unchanged"] == 2 and many_counts["unchanged"] == 6
    # the document's transaction (begin, commit) and one read: the page with its newest
    # revision, whose hash says the document is unchanged
    assert (many - few) / 4 == 3
