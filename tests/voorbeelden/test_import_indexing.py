"""The import defers search-index and reference-index work to the end of the batch; these
tests prove the indexes have caught up when ``run_import`` returns (database backend)."""

from django.contrib.contenttypes.models import ContentType

from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

import pytest
from django_tasks import TaskResultStatus

from portaal.models import Organisatie
from tests.voorbeelden.import_helpers import INPUTS, copy_inputs, setup_portal
from voorbeelden.importer import pages
from voorbeelden.importer.indexing import deferred_indexing
from voorbeelden.importer.runner import run_import
from voorbeelden.models import ContentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    setup_portal()


def found(words):
    return {page.pk for page in Page.objects.search(words)}


def organisations_found(words):
    # Through the backend, not IndexEntry's columns: PostgreSQL stores those as tsvectors.
    return {org.pk for org in get_search_backend().search(words, Organisatie)}


def index_entry(obj):
    model = getattr(obj, "specific_class", None) or type(obj)
    return IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                     object_id=str(obj.pk)).first()


def references_to(obj):
    return {int(ref.object_id) for ref in ReferenceIndex.get_references_to(obj)}


def test_imported_pages_are_searchable_and_referenced(portal):
    report = run_import([INPUTS])
    created = [e for e in report.entries if e.status == "created"]
    assert len(created) == 8  # 5 saved pages, 3 CSV rows
    for entry in created:  # every created page has its search entry, with its title
        page = ContentPage.objects.get(pk=entry.page_id)
        assert index_entry(page) is not None
        assert page.pk in found(page.title)

    news = ContentPage.objects.get(source_file__endswith="nieuws-wachttijden.html")
    assert news.pk in found("wachttijden")  # the title
    assert news.pk in found("zestig deelnemers")  # the body, a draft's own row
    bezoek = ContentPage.objects.get(source_file__endswith="werkbezoek-nijmegen.html").specific
    assert bezoek.pk in found("Elich")  # a participant (an inline of the page)

    # Wagtail's reference index records foreign keys, also those of a page's inlines
    # (ParentalManyToMany taxonomies it does not record, deferred or not).
    sterker = Organisatie.objects.get(name="Sterker sociaal werk")
    assert bezoek.gastorganisatie == sterker and bezoek.pk in references_to(sterker)
    paths = {ref.model_path for ref in ReferenceIndex.get_references_for_object(bezoek)}
    assert paths == {"gastorganisatie", "deelnemers.item.organisatie"}
    participants = {d.organisatie for d in bezoek.deelnemers.all() if d.organisatie}
    assert len(participants) == 3
    for org in participants:
        assert bezoek.pk in references_to(org)


def test_changed_input_is_reindexed(portal, tmp_path):
    folder = copy_inputs(tmp_path, "nieuws-wachttijden.html")
    run_import([folder])
    page = ContentPage.objects.get(source_file__endswith="nieuws-wachttijden.html")
    assert page.pk not in found("zeventig")
    source = folder / "nieuws-wachttijden.html"
    source.write_text(source.read_text().replace("zestig deelnemers", "zeventig deelnemers"))
    assert run_import([folder]).counts()["updated"] == 1
    assert page.pk in found("zeventig")


def test_failed_document_leaves_no_index_entries(portal, tmp_path, monkeypatch):
    save_new = pages.save_new

    def fails_after_saving(record, *args, **kwargs):
        page = save_new(record, *args, **kwargs)  # page, revision and log rows written
        if record.kind == "werkbezoek":
            raise RuntimeError("schijf vol")
        return page

    monkeypatch.setattr(pages, "save_new", fails_after_saving)
    folder = copy_inputs(tmp_path, "werkbezoek-nijmegen.html", "nieuws-wachttijden.html")
    report = run_import([folder])
    assert report.counts()["failed"] == 1 and report.counts()["created"] == 1
    assert not ContentPage.objects.filter(title__contains="Sterker sociaal werk in Nijmegen")
    assert not IndexEntry.objects.filter(title__contains="Sterker sociaal werk in Nijmegen")
    assert not found("Elich")
    sterker = Organisatie.objects.get(name="Sterker sociaal werk")
    assert not references_to(sterker)
    news = ContentPage.objects.get(source_file__endswith="nieuws-wachttijden.html")
    assert index_entry(news) is not None


def test_dry_run_indexes_nothing(portal):
    entries = IndexEntry.objects.count()
    references = ReferenceIndex.objects.count()
    run_import([INPUTS], dry_run=True)
    assert IndexEntry.objects.count() == entries
    assert ReferenceIndex.objects.count() == references


def test_saves_index_at_once_again_after_the_batch(portal):
    run_import([INPUTS / "nieuws-wachttijden.html"])
    org = Organisatie.objects.get(name="Stimenz")
    org.place = "Apeldoornse Bossen"
    org.save()  # outside an import: Wagtail's own per-save indexing, not deferred
    assert org.pk in organisations_found("Apeldoornse")


def test_saves_inside_the_block_wait_for_its_end(portal):
    org = Organisatie.objects.get(name="Stimenz")
    with deferred_indexing() as pending:
        org.place = "Apeldoornse Bossen"
        org.save()
        assert pending.search[Organisatie] == {org.pk}
        assert org.pk not in organisations_found("Apeldoornse")
    assert org.pk in organisations_found("Apeldoornse")


def test_index_tasks_wait_in_the_task_backend_not_in_swapped_receivers(portal):
    """Deferring goes through django-tasks (Wagtail's own index tasks, queued until the
    batch ends); the receivers Wagtail connected stay as they are."""
    org = Organisatie.objects.get(name="Stimenz")
    Organisatie.objects.filter(pk=org.pk).update(place="Apeldoornse Bossen")  # no signal
    with deferred_indexing() as pending:
        result = insert_or_update_object_task.enqueue("portaal", "organisatie", str(org.pk))
        assert result.status == TaskResultStatus.READY
        assert pending.search[Organisatie] == {org.pk}
        assert org.pk not in organisations_found("Apeldoornse")
    assert org.pk in organisations_found("Apeldoornse")
    # outside the block the same task runs at once, as the immediate backend runs it
    result = insert_or_update_object_task.enqueue("portaal", "organisatie", str(org.pk))
    assert result.status == TaskResultStatus.SUCCESSFUL
