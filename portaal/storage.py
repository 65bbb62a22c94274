"""Where uploaded files live: ``MEDIA_ROOT`` for what anyone may see, ``PRIVATE_MEDIA_ROOT``
for Wagtail documents in a collection with a view restriction.

In production the reverse proxy serves ``MEDIA_ROOT`` itself (nginx ``location /media/``):
no check of the app runs for those requests, however carefully the app's own media view
reads the path. A file that must stay private is therefore protected only by not being
under ``MEDIA_ROOT`` at all. Private documents get names under ``private/``, which this
storage keeps under ``PRIVATE_MEDIA_ROOT`` and gives no URL; they are read only through
Wagtail's document serve view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), which checks
the collection's restriction.

A document's file follows its collection: saving a document into a restricted collection,
or restricting a collection, moves the files out of ``MEDIA_ROOT``; the reverse moves them
back (signals below, connected in ``PortaalConfig.ready``). ``manage.py place_document_files``
does the same for documents saved before this existed.
"""

import logging

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

logger = logging.getLogger(__name__)

PRIVATE_PREFIX = "private/"


def is_private(name):
    return (name or "").startswith(PRIVATE_PREFIX)


def private_name(name):
    return name if is_private(name) else PRIVATE_PREFIX + name


def public_name(name):
    return name.removeprefix(PRIVATE_PREFIX)


class MediaStorage(FileSystemStorage):
    """The default storage. Names under ``private/`` resolve in ``PRIVATE_MEDIA_ROOT`` and
    have no URL; everything else is an ordinary file under ``MEDIA_ROOT``."""

    @staticmethod
    def private_storage():
        # Read the setting each time, as FileSystemStorage does for MEDIA_ROOT.
        return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)

    def path(self, name):
        if is_private(name):
            return self.private_storage().path(public_name(name))
        return super().path(name)

    def _save(self, name, content):
        # Django's documented hook for custom storages. FileSystemStorage names the saved
        # file relative to MEDIA_ROOT; a private one is named relative to its own root.
        if is_private(name):
            return private_name(self.private_storage().save(public_name(name), content))
        return super()._save(name, content)

    def url(self, name):
        if is_private(name):
            # Wagtail's serve view treats NotImplementedError as "no direct URL".
            raise NotImplementedError("Besloten documenten hebben geen openbare URL.")
        return super().url(name)


def collection_is_restricted(collection):
    return collection is not None and collection.get_view_restrictions().exists()


def place_document_file(document):
    """Move ``document``'s file to the root its collection asks for; True if it moved."""
    name = document.file.name
    storage = document.file.storage
    if not name or not isinstance(storage, MediaStorage):
        return False
    private = collection_is_restricted(document.collection)
    if is_private(name) == private:
        return False
    if not storage.exists(name):
        logger.warning("document %s: file %s is missing, not moved", document.pk, name)
        return False
    target = private_name(name) if private else public_name(name)
    with storage.open(name, "rb") as handle:
        new_name = storage.save(target, handle)
    # An update, not save(): no second round of signals, search indexing or revisions.
    type(document).objects.filter(pk=document.pk).update(file=new_name)
    document.file.name = new_name
    if private:
        # The public copy goes at once: from now on nothing may serve it.
        storage.delete(name)
    else:
        # The private copy goes only once the move is committed, so a rollback leaves
        # the document pointing at a file that is still there.
        transaction.on_commit(lambda: storage.delete(name))
    return True


def save_document_file(document, filename, content):
    """Store ``content`` as ``document``'s file, straight in the root its collection asks
    for: a private file is never written under MEDIA_ROOT, not even for a moment."""
    name = document.file.field.generate_filename(document, filename)
    storage = document.file.storage
    if isinstance(storage, MediaStorage) and collection_is_restricted(document.collection):
        name = private_name(name)
    document.file.name = storage.save(name, content)


def place_collection_files(collection):
    Document = get_document_model()
    moved = 0
    for document in Document.objects.filter(
        collection__in=collection.get_descendants(inclusive=True)
    ).select_related("collection"):
        moved += place_document_file(document)
    return moved


def _document_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not {"file", "collection"} & set(update_fields)):
        return
    place_document_file(instance)


def _restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is not None:
        place_collection_files(collection)


def connect_signals():
    # With another default storage (object storage) place_document_file moves nothing.
    post_save.connect(_document_saved, sender=get_document_model(),
                      dispatch_uid="portaal.storage.document_saved")
    post_save.connect(_restriction_changed, sender=CollectionViewRestriction,
                      dispatch_uid="portaal.storage.restriction_saved")
    post_delete.connect(_restriction_changed, sender=CollectionViewRestriction,
                        dispatch_uid="portaal.storage.restriction_deleted")
