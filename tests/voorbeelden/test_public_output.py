"""What public pages put in their markup: valid machine-readable dates, no internal ids."""

import re
from datetime import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from tests.factories import make_page
from voorbeelden.models import ContentPage

pytestmark = pytest.mark.django_db

DATETIME_ATTR = re.compile(r'datetime="([^"]*)"')
# HTML's valid date / global date and time: a fraction of a second has one to three digits.
VALID_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$"
)


def test_datetime_attributes_carry_no_microseconds(client):
    page = make_page("interventie", "Herstelacademie")
    stamp = timezone.make_aware(datetime(2024, 5, 6, 15, 9, 19, 675224))
    ContentPage.objects.filter(pk=page.pk).update(edited_at=stamp)  # "Laatst bijgewerkt"
    for url in (page.url, "/interventies/"):
        html = client.get(url).content.decode()
        values = DATETIME_ATTR.findall(html)
        assert values, url
        assert [v for v in values if not VALID_DATETIME.match(v)] == [], url
        assert "2024-05-06T15:09:19+02:00" in values or "2024-05-06T15:09:19+0200" in values


def test_no_fixture_ids_on_public_pages(client):
    call_command("load_portal_content", "--skip-index", stdout=StringIO())
    pages = ContentPage.objects.live()
    assert pages.count() > 30
    for page in pages:
        html = client.get(page.url).content.decode()
        assert not re.search(r"\(seed \d+\)", html), page.url
