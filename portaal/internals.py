"""The one place that touches private or undocumented parts of Django and Wagtail.

Each function here exists because a measured target needs what no public API gives, and
each is pinned by ``tests/portaal/test_internals.py``, which fails when an upgrade changes
the behaviour relied on. Checked against Django 5.2.x and Wagtail 8.0.x (modelcluster 6.x,
django-treebeard 4.x); re-check them at every upgrade of those.
"""

from __future__ import annotations

CHECKED_AGAINST = {"django": "5.2", "wagtail": "8.0"}


def on_commit_callbacks(connection) -> list:
    """The functions queued with ``transaction.on_commit`` on ``connection`` and still due.

    Django keeps ``(savepoint ids, func, robust)`` tuples in ``connection.run_on_commit``
    and drops those of a rolled-back savepoint: the page cache reads it to bump its
    generation once per transaction, and only when the change was not rolled back.
    """
    return [entry[1] for entry in connection.run_on_commit]


def remember_site(request, site) -> None:
    """Give ``request`` the Site that ``Site.find_for_request`` would look up.

    ``Site.find_for_request`` caches its answer on the request as ``_wagtail_site``; the
    portal looks the site up once per cache generation instead of once per request (one
    query fewer on every uncached page) and hands Wagtail the answer this way.
    """
    request._wagtail_site = site


def set_prefetched(instance, relation: str, queryset, objects: list) -> None:
    """Make ``instance.<relation>.all()`` answer ``objects`` without a query, as
    ``prefetch_related(relation)`` would have; ``queryset`` is any queryset of the related
    model. Listings fill theme tags from a per-generation cache instead of a prefetch
    (which cloned a queryset per page, a third of an overview's render time)."""
    prefetched = queryset._chain()
    prefetched._result_cache = list(objects)
    prefetched._prefetch_done = True
    instance._prefetched_objects_cache = {
        **getattr(instance, "_prefetched_objects_cache", {}), relation: prefetched,
    }


def set_file_metadata(obj) -> None:
    """Fill a Wagtail document's or image's file size and hash (and an image's dimensions)
    from its file, as Wagtail's upload forms do before saving."""
    if hasattr(obj, "_set_image_file_metadata"):
        obj._set_image_file_metadata()
    else:
        obj._set_document_file_metadata()
