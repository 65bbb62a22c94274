"""After the loader or an import wrote its pages, PostgreSQL's planner knows they are there.

With statistics that still say "empty" it nested sequential scans five deep, and one detail
page's related pages took 20 s; see portaal/statistics.py."""

from django.db import connection
from django.test import Client

import pytest

from tests.voorbeelden.import_helpers import seeds_dir, setup_portal
from voorbeelden.content import load_content
from voorbeelden.importer.runner import run_import
from voorbeelden.models import ContentPage, InterventiePage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def planner_rows(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_the_loader_leaves_statistics_that_count_its_pages():
    load_content()
    pages = ContentPage.objects.count()
    assert pages >= 40
    assert planner_rows("voorbeelden_contentpage") >= pages
    assert planner_rows("voorbeelden_contentpage_themas") >= pages
    assert planner_rows("wagtailcore_page") >= pages

    # And the page that needed 20 s renders with its related pages.
    page = InterventiePage.objects.live().first()
    response = Client().get(page.url)
    assert response.status_code == 200
    assert 'class="related' in response.content.decode()


def test_an_import_leaves_statistics_that_count_its_pages():
    setup_portal()
    report = run_import([seeds_dir()], publish=True)
    imported = ContentPage.objects.count()
    assert imported >= 5, report
    assert planner_rows("voorbeelden_contentpage") >= imported
