"""Small builders for test data: taxonomies and published or draft pages of each type.

Plain functions rather than factory classes: Wagtail pages must be added under their
parent in the tree, which these do (under the type's index from ``ensure_site_tree``).
"""

import itertools
from datetime import date

from django.utils.text import slugify

from portaal.models import Organisatie, Regio, Thema
from voorbeelden.content import ensure_site_tree
from voorbeelden.importer.indexing import deferred_indexing
from voorbeelden.models.registry import PAGE_TYPES

_counter = itertools.count(1)


def make_site():
    """The home page and the five type indexes, as the content loader builds them."""
    return ensure_site_tree()


def make_thema(name="Maatjes", **fields):
    slug = fields.pop("slug", slugify(name))
    return Thema.objects.get_or_create(slug=slug, defaults={"name": name, **fields})[0]


def make_organisatie(name="Stimenz", **fields):
    slug = fields.pop("slug", slugify(name))
    return Organisatie.objects.get_or_create(slug=slug, defaults={"name": name, **fields})[0]


def make_regio(name="Nijmegen", **fields):
    slug = fields.pop("slug", slugify(name))
    return Regio.objects.get_or_create(slug=slug, defaults={"name": name, **fields})[0]


def make_page(kind="interventie", title=None, *, themas=None, organisaties=(), regios=(),
              live=True, revision=True, **fields):
    """A page of ``kind`` (interventie, lab, werkbezoek, artikel, handreiking) under its index.

    Published unless ``live=False`` (then it is a draft that was never published).
    ``revision=False`` skips the revision and publish step: a live page, made fast, for
    tests that need hundreds of pages.
    """
    # Indexed once when the page is complete, not on each of its three saves.
    with deferred_indexing():
        return _make_page(kind, title, themas=themas, organisaties=organisaties, regios=regios,
                          live=live, revision=revision, **fields)


def _make_page(kind, title, *, themas, organisaties, regios, live, revision, **fields):
    model, index_model = PAGE_TYPES[kind]
    index = index_model.objects.first() or make_site()[1][index_model]
    n = next(_counter)
    title = title or f"{model._meta.verbose_name.capitalize()} {n}"
    fields.setdefault("slug", f"{slugify(title)}-{n}")
    fields.setdefault("date", date(2021, 1, 1))
    page = model(title=title, **fields)
    page.themas = list(themas) if themas is not None else [make_thema()]
    page.organisaties = list(organisaties)
    page.regios = list(regios)
    if not live:
        page.live = False
    index.add_child(instance=page)
    if not revision:
        return page
    saved = page.save_revision()
    if live:
        saved.publish()
    page.refresh_from_db()
    return page
