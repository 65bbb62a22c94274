"""Pins what portaal/internals.py relies on in Django and Wagtail: each test fails when an
upgrade changes the private behaviour that the adapter wraps."""

from django.db import connection, transaction
from django.test import RequestFactory

from wagtail.documents import get_document_model
from wagtail.models import Site

import pytest

from portaal import internals
from portaal.models import Thema

pytestmark = pytest.mark.django_db


def test_queued_on_commit_callbacks_are_listed_and_dropped_with_their_savepoint():
    def first():
        pass

    def second():
        pass

    with transaction.atomic():
        transaction.on_commit(first)
        try:
            with transaction.atomic():
                transaction.on_commit(second)
                assert internals.on_commit_callbacks(connection)[-2:] == [first, second]
                raise RuntimeError
        except RuntimeError:
            pass
        assert second not in internals.on_commit_callbacks(connection)
        assert first in internals.on_commit_callbacks(connection)


def test_a_remembered_site_is_what_find_for_request_answers_without_a_query(
    django_assert_num_queries,
):
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/", HTTP_HOST="elders.example")
    internals.remember_site(request, site)
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) == site


def test_prefetched_objects_answer_all_without_a_query(django_assert_num_queries):
    from tests.factories import make_page, make_thema

    page = make_page("artikel", "Een artikel", themas=[make_thema("Herstel")])
    other = make_thema("Wonen")
    from voorbeelden.models import ContentPage

    fresh = ContentPage.objects.get(pk=page.pk)
    internals.set_prefetched(fresh, "themas", Thema.objects.all(), [other])
    with django_assert_num_queries(0):
        assert list(fresh.themas.all()) == [other]


def test_file_metadata_is_filled_from_the_file(tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    document = get_document_model()(title="Verslag")
    document.file.save("verslag.pdf", ContentFile(b"%PDF-1.4 inhoud"), save=False)
    internals.set_file_metadata(document)
    assert document.file_size == len(b"%PDF-1.4 inhoud")
    assert len(document.file_hash) == 40
