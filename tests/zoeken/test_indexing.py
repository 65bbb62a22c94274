"""Building the engine's documents: the query count does not grow with the pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import make_organisatie, make_page, make_regio, make_site, make_thema
from voorbeelden.models import InterventiePage
from zoeken.engines import OpenSearch2

pytestmark = pytest.mark.django_db


def document_queries(count):
    """Queries to build the documents of ``count`` interventies as update_index does."""
    mapping = OpenSearch2.mapping_class(InterventiePage)
    themas = [make_thema("Maatjes"), make_thema("Herstel")]
    for i in range(count - InterventiePage.objects.count()):
        make_page("interventie", f"Interventie {i}", themas=themas,
                  organisaties=[make_organisatie()], regios=[make_regio()])
    with CaptureQueriesContext(connection) as ctx:
        docs = [mapping.get_document(p) for p in InterventiePage.get_indexed_objects()]
    assert len(docs) == count
    assert all(len(d["voorbeelden_contentpage__search_themas_filter"]) == 2 for d in docs)
    return len(ctx.captured_queries)


def test_document_queries_do_not_grow_with_pages():
    make_site()
    assert document_queries(2) == document_queries(6)
