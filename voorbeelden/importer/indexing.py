"""Search-index and reference-index work deferred to the end of an import batch.

Wagtail updates both indexes from ``post_save`` on every save: modelsearch enqueues
``insert_or_update_object_task`` and Wagtail ``update_reference_index_task``, django-tasks
background tasks that the immediate backend runs at once. An imported page is saved two or
three times (``add_child``, ``save_revision``), and the SQLite backend recomputes its title
norms over the whole index on every add, so a batch spent most of its time there.

``BatchingTaskBackend`` (the ``TASKS`` setting) is django-tasks' immediate backend, except
in a thread inside ``deferred_indexing()``: there those two tasks are noted, not run; on
leaving, the objects that still exist are indexed in bulk (``add_bulk`` per model) and
their references recorded, so both indexes are complete when the import returns. A
document whose transaction was rolled back no longer exists and so gets no index entries.
Other threads, and every other task, run as the immediate backend runs them. With another
task backend (a real queue) nothing is deferred here: the tasks are in the background
already.
"""

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone

from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from wagtail.models import ReferenceIndex

from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations

logger = logging.getLogger(__name__)

CHUNK = 500
# by name: their modules define them with this backend, so it cannot import them
SEARCH_TASK = "modelsearch.tasks.insert_or_update_object_task"
REFERENCE_TASK = "wagtail.tasks.update_reference_index_task"

_local = threading.local()


@dataclass
class Pending:
    """(model, pk) pairs saved while deferring, per index."""

    search: dict = field(default_factory=dict)  # model -> set of pks
    references: dict = field(default_factory=dict)

    def note(self, bucket, model, pk):
        if pk is not None:
            bucket.setdefault(model, set()).add(pk)


def _pending():
    return getattr(_local, "pending", None)


class BatchingTaskBackend(ImmediateBackend):
    """Runs tasks at once, as django-tasks' immediate backend does; inside
    ``deferred_indexing()`` Wagtail's two index tasks wait for the end of the batch."""

    def enqueue(self, task, args, kwargs):
        pending = _pending()
        bucket = None
        if pending is not None:
            bucket = {SEARCH_TASK: pending.search,
                      REFERENCE_TASK: pending.references}.get(task.module_path)
        if bucket is None:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        app_label, model_name, pk = args
        model = apps.get_model(app_label, model_name)
        pending.note(bucket, model, model._meta.pk.to_python(pk))
        # noted, not run: READY, as a queued task is
        return TaskResult(task=task, id=f"deferred-{app_label}.{model_name}.{pk}",
                          status=TaskResultStatus.READY, enqueued_at=timezone.now(),
                          started_at=None, last_attempted_at=None, finished_at=None,
                          args=args, kwargs=kwargs, backend=self.alias, errors=[],
                          worker_ids=[])


@contextmanager
def deferred_indexing():
    """Note saves instead of indexing them; index what was saved when the block ends.

    Nested use joins the outer block, which does the indexing.
    """
    if _pending() is not None:
        yield _pending()
        return
    pending = _local.pending = Pending()
    try:
        yield pending
    finally:
        del _local.pending
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
    # Wagtail reads every inline relation of the object it records: one query per
    # relation and object unless they come prefetched
    inlines = [rel.get_accessor_name() for rel in get_all_child_relations(model)]
    for start in range(0, len(pks), CHUNK):
        with transaction.atomic():
            chunk = model._default_manager.filter(pk__in=pks[start:start + CHUNK])
            for obj in chunk.prefetch_related(*inlines):
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
