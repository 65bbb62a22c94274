"""``public_ids``: which pages in hand (a search engine's hits) are live and public now,
the same answer as ``public_pages()``, on SQLite and PostgreSQL."""

from wagtail.models import Page, PageViewRestriction

import pytest

from tests.factories import make_page, make_site, make_thema
from voorbeelden.models import public_pages
from voorbeelden.models.base import public_ids

pytestmark = pytest.mark.django_db


def test_the_same_pages_as_public_pages():
    _home, indexes = make_site()
    thema = make_thema("Herstel")
    public = make_page("interventie", "Openbaar", themas=[thema])
    draft = make_page("interventie", "Concept", themas=[thema], live=False)
    unpublished = make_page("lab", "Ingetrokken", themas=[thema])
    unpublished.unpublish()
    section = make_page("artikel", "Alleen voor leden", themas=[thema])
    inside = section.add_child(instance=type(public)(title="Binnen", slug="binnen"))
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    index = next(iter(indexes.values()))
    ids = [public.pk, draft.pk, unpublished.pk, section.pk, inside.pk, index.pk, 10**9]

    assert public_ids(ids) == {public.pk, index.pk}
    assert public_ids(ids) == set(public_pages(Page).filter(pk__in=ids)
                                  .values_list("pk", flat=True))
    assert public_ids([]) == set()
    assert public_ids([str(public.pk)]) == {public.pk}  # ids as a hit's fields hold them
