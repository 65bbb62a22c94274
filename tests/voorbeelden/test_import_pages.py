"""The import's faster page creation writes the page Wagtail's own add_child + save_revision
would write: same tree position, locale, revision content and history."""

import json

from wagtail.models import PageLogEntry

import pytest

from tests.voorbeelden.import_helpers import INPUTS, setup_portal
from voorbeelden.content import ensure_site_tree
from voorbeelden.importer import pages
from voorbeelden.importer.entities import Vocabulary
from voorbeelden.importer.extract import read_document
from voorbeelden.importer.sources import Document
from voorbeelden.models.registry import PAGE_TYPES

pytestmark = pytest.mark.django_db

# what differs between any two pages: identity, place among siblings, clock, block ids
OWN = {"pk", "id", "page", "path", "slug", "url_path", "translation_key",
       "latest_revision_created_at", "imported_at", "page_ptr", "contentpage_ptr"}


def normalised(value):
    if isinstance(value, str) and value.startswith("[{"):  # a StreamField's JSON
        value = json.loads(value)
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items() if k not in OWN}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    return value


@pytest.mark.parametrize("name", ["werkbezoek-nijmegen.html", "lab-eenzaamheid.html",
                                  "goed-voorbeeld-buurtcirkel.html"])
def test_imported_page_is_the_page_wagtail_would_create(name):
    setup_portal()
    vocab = Vocabulary()
    record = vocab.resolve(read_document(Document(name, (INPUTS / name).read_bytes()), vocab)[0])
    tree = pages.Tree(ensure_site_tree()[1])
    index = tree.indexes[PAGE_TYPES[record.kind][1]]
    children = index.get_children().count()

    fast = pages.save_new(record, tree, publish=False)

    plain = PAGE_TYPES[record.kind][0](slug="zelfde-pagina-op-de-gewone-manier", live=False)
    pages.apply(plain, record)
    index.add_child(instance=plain)
    plain.save_revision(log_action=True, clean=False)

    fast.refresh_from_db()
    plain.refresh_from_db()
    assert normalised(fast.latest_revision.content) == normalised(plain.latest_revision.content)
    if record.kind == "werkbezoek":  # inline rows in the revision, from memory
        assert len(fast.latest_revision.content["deelnemers"]) == 3
    for attr in ("depth", "locale_id", "live", "has_unpublished_changes", "numchild"):
        assert getattr(fast, attr) == getattr(plain, attr), attr
    assert fast.get_parent().pk == plain.get_parent().pk == index.pk
    assert fast.url_path == index.url_path + fast.slug + "/"
    assert index.get_children().count() == children + 2
    index.refresh_from_db()
    assert index.numchild == children + 2

    def history(page):
        return list(PageLogEntry.objects.filter(page=page).order_by("pk")
                    .values_list("action", "revision_id", "content_changed"))

    assert [a for a, *_ in history(fast)] == [a for a, *_ in history(plain)] == [
        "wagtail.create", "wagtail.edit"]
    assert history(fast)[1][1] == fast.latest_revision_id
