"""On PostgreSQL the overviews' order (date descending, pages without a date last) is read
from an index instead of sorting every page of a thema per request
(voorbeelden/migrations/0007_listing_date_index.py)."""

from django.db import connection

import pytest

from voorbeelden.models import ContentPage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # With a handful of test rows the planner sorts them whatever the indexes; told
        # to avoid sorts and sequential scans, it shows whether an index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_listing_order_comes_from_an_index():
    listing = ContentPage.objects.live().order_by(*ContentPage.listing_order)[:12]
    explained = plan(listing)
    assert "voorbeelden_contentpage_listing_date" in explained, explained
    # At most the tie-break on first_published_at is sorted, within one date.
    full_sorts = [line for line in explained.splitlines()
                  if line.strip().removeprefix("->").strip().startswith("Sort  (")]
    assert full_sorts == [], explained
