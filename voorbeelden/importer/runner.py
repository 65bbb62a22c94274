"""One import run: every document in its own transaction, every problem a report line."""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from portaal.statistics import analyze_apps
from voorbeelden.content import ensure_site_tree
from voorbeelden.importer import pages
from voorbeelden.importer.duplicates import DuplicateIndex
from voorbeelden.importer.entities import Vocabulary
from voorbeelden.importer.extract import Failure, Unreadable
from voorbeelden.importer.images import ImageImporter
from voorbeelden.importer.indexing import deferred_indexing
from voorbeelden.importer.reading import read_documents
from voorbeelden.importer.report import Entry, ImportReport
from voorbeelden.importer.sources import MAX_BYTES, SourceError, iter_documents
from voorbeelden.models import ContentPage

logger = logging.getLogger(__name__)


class _Rollback(Exception):
    """Raised inside a document's transaction to undo it in a dry run."""


class Importer:
    def __init__(self, *, kind=None, publish=False, dry_run=False, as_submissions=False,
                 user=None, mapping=None, max_bytes=MAX_BYTES, parallel=None):
        self.kind = kind
        self.publish = publish
        self.dry_run = dry_run
        self.as_submissions = as_submissions
        self.user = user
        self.mapping = mapping
        self.max_bytes = max_bytes
        # read documents in a worker process: True, False, None for by the batch's size
        self.parallel = parallel
        self.report = ImportReport(dry_run=dry_run)
        self.seen = {}  # source key -> document name, within this run

    def run(self, paths, display_names=None):
        """Import everything under ``paths``; returns the ImportReport.

        The search and reference indexes are updated once for the whole batch, when it
        ends (``deferred_indexing``), not on every save.
        """
        with transaction.atomic():
            _, self.indexes = ensure_site_tree()
        self.vocab = Vocabulary()
        self.duplicates = DuplicateIndex()
        self.sources = pages.SourceIndex()
        self.tree = pages.Tree(self.indexes)
        self.images = ImageImporter(dry_run=self.dry_run, user=self.user)
        documents = _renamed(iter_documents(paths, self.max_bytes), display_names or {})
        try:
            with deferred_indexing():
                for item, results in read_documents(documents, self.vocab, self.kind,
                                                    self.mapping, self.parallel):
                    if isinstance(item, SourceError):
                        self.report.add(Entry(item.name, "failed", reason=item.reason))
                        continue
                    self._document(item, results)
            analyze_apps("wagtailcore", "portaal", "voorbeelden")
        except DatabaseError as exc:  # the pages are saved; only the indexes lag behind
            logger.exception("import: zoek- of verwijzingsindex niet bijgewerkt")
            self.report.add(Entry("zoekindex", "failed", reason=(
                f"pagina's opgeslagen, maar de zoek- of verwijzingsindex is niet bijgewerkt "
                f"({type(exc).__name__}); draai manage.py update_index en "
                "rebuild_references_index")))
        return self.report

    def _document(self, document, results):
        for result in results:
            if isinstance(result, Unreadable):  # the per-document boundary: report, never raise
                logger.error("import: %s kon niet worden gelezen\n%s", document.name,
                             result.trace)
                self.report.add(Entry(document.name, "failed",
                                      reason=f"kan niet worden gelezen ({result.error})"))
                return
            if isinstance(result, Failure):
                self.report.add(Entry(result.name, "failed", reason=result.reason))
                continue
            record = self.vocab.resolve(result)
            record.assets = document.assets
            self._record(record)

    def _record(self, record):
        entry = Entry(record.name, "failed", title=record.title, kind=record.kind,
                      themes=[t.name for t in record.themes],
                      organisations=[o.name for o in record.organisations],
                      proposed_organisations=list(record.proposed_organisations),
                      notes=record.notes)
        keys = [k for k in (record.url, record.source_key) if k]
        earlier = next((self.seen[k] for k in keys if k in self.seen), None)
        if earlier:
            entry.status = "duplicate"
            entry.reason = f"zelfde bron als {earlier} in deze import"
            self.report.add(entry)
            return
        self.tree.begin()
        self.images.begin()
        committed = False
        try:
            with transaction.atomic():
                self._save(record, entry)
                if self.dry_run:
                    raise _Rollback
            committed = True
        except _Rollback:
            pass
        except ValidationError as exc:
            entry.status = "failed"
            messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()) \
                if hasattr(exc, "message_dict") else " ".join(exc.messages)
            entry.reason = f"pagina kan niet worden opgeslagen ({messages})"
        except DatabaseError as exc:
            logger.exception("import: databasefout bij %s", record.name)
            entry.status = "failed"
            entry.reason = f"databasefout, niets opgeslagen ({type(exc).__name__})"
        except Exception as exc:  # the per-document boundary
            logger.exception("import: onverwachte fout bij %s", record.name)
            entry.status = "failed"
            entry.reason = f"onverwachte fout, niets opgeslagen ({type(exc).__name__}: {exc})"
        if not committed:
            self.tree.rolled_back()
            self.images.rolled_back()  # the rows are undone; their files go too
        for key in keys:
            self.seen.setdefault(key, record.name)
        self.report.add(entry)

    def _save(self, record, entry):
        if self.as_submissions:
            self._save_submission(record, entry)
            return
        existing = self.sources.find(record)
        if existing is not None:
            entry.page_id = existing.pk
            if pages.latest_hash(existing) == record.digest:
                entry.status = "unchanged"
                return
            self._place_images(record)
            page = pages.save_update(existing, record, self.publish, self.user)
            entry.kind = record.kind
            entry.status = "updated"
        else:
            duplicate = self.duplicates.find(record.title, record.text, record.digest)
            if duplicate:
                pk, reason = duplicate
                other = ContentPage.objects.filter(pk=pk).values_list("title", flat=True).first()
                entry.status = "duplicate"
                entry.page_id = pk
                entry.reason = f"{reason}: “{other}” (pagina {pk})"
                return
            self._place_images(record)
            page = pages.save_new(record, self.tree, self.publish, self.user)
            entry.status = "created"
            self.sources.add(page.pk, record)
        entry.page_id = page.pk
        self.duplicates.add(page.pk, record.title, record.text, record.digest)

    def _place_images(self, record):
        record.placed = self.images.place(record)

    def _save_submission(self, record, entry):
        duplicate = self.duplicates.find(record.title, record.text, record.digest)
        if duplicate:
            pk, reason = duplicate
            entry.status = "duplicate"
            entry.reason = f"{reason} (pagina {pk})"
            return
        if self.user is None:
            raise ValidationError("een import als inzending heeft een gebruiker nodig (--user)")
        _, status = pages.save_submission(record, self.user)
        entry.status = status


def _renamed(items, display_names):
    for item in items:
        item.name = display_names.get(item.name, item.name)
        yield item


def run_import(paths, **options):
    """Import ``paths`` (files, folders, zips); see ``Importer`` for the options."""
    display_names = options.pop("display_names", None)
    return Importer(**options).run(paths, display_names=display_names)
