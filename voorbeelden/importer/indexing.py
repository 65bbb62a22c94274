"""Search-index and reference-index work deferred to the end of an import batch.

Wagtail updates both indexes from ``post_save`` on every save (modelsearch's
``post_save_signal_handler`` and Wagtail's ``update_reference_index_on_save``, each
enqueueing a task that the immediate task backend runs at once). An imported page is
saved two or three times (``add_child``, ``save_revision``), and the SQLite backend
recomputes its title norms over the whole index on every add, so a batch spent most of
its time there. Inside ``deferred_indexing()`` those two receivers only note which object
was saved, in this thread; on leaving, the objects that still exist are indexed in bulk
(``add_bulk`` per model) and their references recorded, so both indexes are complete
when the import returns. A document whose transaction was rolled back no longer exists
and so gets no index entries.

Other threads (another admin request, say) keep indexing per save: the receivers are
swapped for wrappers that pass straight through outside a deferring thread.
"""

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models.signals import post_save

from modelsearch import index
from modelsearch import signal_handlers as search_signals
from modelsearch.backends import get_search_backends_with_name
from wagtail import signal_handlers as wagtail_signals
from wagtail.models import ReferenceIndex

from modelcluster.fields import ParentalKey

logger = logging.getLogger(__name__)

CHUNK = 500

_local = threading.local()
_lock = threading.Lock()
_swap = {"users": 0, "search": [], "references": []}


@dataclass
class Pending:
    """(model, pk) pairs saved while deferring, per index."""

    search: dict = field(default_factory=dict)  # model -> set of pks
    references: dict = field(default_factory=dict)

    def note(self, bucket, instance):
        if instance.pk is not None:
            bucket.setdefault(type(instance), set()).add(instance.pk)


def _pending():
    return getattr(_local, "pending", None)


def _search_receiver(sender, instance, **kwargs):
    pending = _pending()
    if pending is None or kwargs.get("raw", False):
        search_signals.post_save_signal_handler(sender=sender, instance=instance, **kwargs)
    else:
        pending.note(pending.search, instance)


def _reference_receiver(sender, instance, **kwargs):
    pending = _pending()
    if pending is None or kwargs.get("raw", False):
        wagtail_signals.update_reference_index_on_save(sender=sender, instance=instance,
                                                       **kwargs)
    else:
        pending.note(pending.references, instance)


def _swap_receivers():
    """Replace Wagtail's two per-save receivers by the deferring wrappers (once per process
    while any thread defers); only where the original was connected."""
    for original, wrapper, key in (
        (search_signals.post_save_signal_handler, _search_receiver, "search"),
        (wagtail_signals.update_reference_index_on_save, _reference_receiver, "references"),
    ):
        for model in _candidate_models(key):
            if post_save.disconnect(original, sender=model):
                post_save.connect(wrapper, sender=model)
                _swap[key].append(model)


def _restore_receivers():
    for original, wrapper, key in (
        (search_signals.post_save_signal_handler, _search_receiver, "search"),
        (wagtail_signals.update_reference_index_on_save, _reference_receiver, "references"),
    ):
        for model in _swap[key]:
            post_save.disconnect(wrapper, sender=model)
            post_save.connect(original, sender=model)
        _swap[key] = []


def _candidate_models(key):
    if key == "search":
        return index.get_indexed_models()
    return list(ReferenceIndex.tracked_models)


@contextmanager
def deferred_indexing():
    """Note saves instead of indexing them; index what was saved when the block ends.

    Nested use joins the outer block, which does the indexing.
    """
    if _pending() is not None:
        yield _pending()
        return
    with _lock:
        if _swap["users"] == 0:
            _swap_receivers()
        _swap["users"] += 1
    pending = _local.pending = Pending()
    try:
        yield pending
    finally:
        del _local.pending
        with _lock:
            _swap["users"] -= 1
            if _swap["users"] == 0:
                _restore_receivers()
        catch_up(pending)


def catch_up(pending):
    """Index the noted objects that still exist: search index first, then references."""
    for model, pks in pending.search.items():
        _index_search(model, sorted(pks))
    done = set()  # a parent page is recorded once, however many of its rows were saved
    for model, pks in pending.references.items():
        _index_references(model, sorted(pks), done)


def _index_search(model, pks):
    for start in range(0, len(pks), CHUNK):
        # A page saved through a less specific class is indexed as its specific type.
        by_model = {}
        for obj in model._default_manager.filter(pk__in=pks[start:start + CHUNK]):
            indexed = index.get_indexed_instance(obj, check_exists=False)
            if indexed is not None:
                by_model.setdefault(type(indexed), []).append(indexed.pk)
        for indexed_model, ids in by_model.items():
            _add_bulk(indexed_model, list(_indexing_queryset(indexed_model, ids)))


def _indexing_queryset(model, ids):
    """The objects with every related field the index reads prefetched: modelsearch's
    ``get_indexed_objects()`` leaves out ParentalManyToMany fields (themas, organisaties,
    regios), which the SQLite backend then queries three times per object."""
    lookups = []
    for search_field in model.get_search_fields():
        if isinstance(search_field, index.RelatedFields):
            try:
                field = model._meta.get_field(search_field.field_name)
            except FieldDoesNotExist:
                continue
            if field.many_to_many or field.one_to_many:
                lookups.append(search_field.field_name)  # a repeated lookup is skipped
    return model.get_indexed_objects().filter(pk__in=ids).prefetch_related(*lookups)


def _add_bulk(model, objs):
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, objs)
        except Exception:
            # As modelsearch does per save: an engine that is down does not undo the import
            # (``update_index`` catches up later); a database backend raises.
            logger.exception("import: %d %s niet in zoekindex %r", len(objs), model.__name__,
                             name)
            if not backend.catch_indexing_errors:
                raise


def _index_references(model, pks, done):
    for start in range(0, len(pks), CHUNK):
        with transaction.atomic():
            for obj in model._default_manager.filter(pk__in=pks[start:start + CHUNK]):
                owner = _reference_owner(obj)
                if owner is None or (type(owner), owner.pk) in done:
                    continue
                done.add((type(owner), owner.pk))
                if ReferenceIndex.is_indexed(owner._meta.model):
                    ReferenceIndex.create_or_update_for_object(owner)


def _reference_owner(obj):
    """The object whose references a save changes: a child row's parent, as Wagtail's
    ``update_reference_index_task`` does."""
    while obj is not None:
        keys = [f for f in obj._meta.get_fields() if isinstance(f, ParentalKey)]
        if not keys:
            return obj
        obj = getattr(obj, keys[0].name)
    return None
