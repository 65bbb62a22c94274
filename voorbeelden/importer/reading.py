"""Reading documents on the second core while this process writes their pages.

Reading a document (parsing the HTML, finding its content, matching themes, organisations
and places) needs no database: ``extract.read_document`` turns bytes into plain records.
Writing its page is database work in this process. For a batch of some size, a worker
process reads the documents ahead of the one being written, at most ``LOOK_AHEAD`` of them
(memory stays bounded), and they come back in the order of the input, so duplicates are
found and the report is written exactly as when reading here.

The worker is started with ``spawn``: a fresh interpreter that imports the reading modules
only, no Django app registry and no copy of this process's database connections. A document
that kills it (a crash in the parser, the memory killer) becomes an ``Unreadable`` result,
and a new worker reads the documents after it; one that merely raises is reported by
``read_document`` itself. As with any spawned process, the worker imports the program's
main module again: a script that imports from a folder must keep its work under
``if __name__ == "__main__":`` (manage.py and bench/import.py do).
"""

import logging
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from traceback import format_exception

from voorbeelden.importer import extract
from voorbeelden.importer.sources import Document

logger = logging.getLogger(__name__)

LOOK_AHEAD = 8
# Fewer documents than this are read here: starting the worker (a Python that imports lxml,
# BeautifulSoup and the vocabulary) costs ~0.6 s, what reading ~50 documents beside the
# writing saves (30 generated pages: 1.2 s here, 1.5 s with a worker; 60: 2.35 and 2.24 s).
IN_PROCESS_BELOW = 50
STOPPED = "het leesproces stopte onverwacht"
DIED = "the worker process died while reading this document; a new one reads the rest"


def read_documents(items, vocab, kind=None, mapping=None, parallel=None):
    """Yield ``(item, results)`` for each item of ``importer.sources.iter_documents``, in
    order: ``results`` is ``read_document``'s list for a ``Document``, None for a
    ``SourceError``. ``parallel``: True reads in a worker process, False here, None decides
    by the size of the batch."""
    items = iter(items)
    if parallel is None:
        first = list(islice(items, IN_PROCESS_BELOW))
        parallel = len(first) == IN_PROCESS_BELOW
        items = chain(first, items)
    worker = None
    if parallel:
        try:
            worker = _Worker(vocab, kind, mapping)
        except (OSError, BrokenProcessPool):  # no processes allowed, or it cannot start
            logger.exception("import: geen leesproces gestart; de documenten worden in dit "
                             "proces gelezen")
    if worker is None:
        yield from _here(items, vocab, kind, mapping)
    else:
        yield from _in_worker(worker, items)


def _here(items, vocab, kind, mapping):
    for item in items:
        if isinstance(item, Document):
            yield item, extract.read_document(item, vocab, kind, mapping)
        else:
            yield item, None


def _in_worker(pool, items):
    pending = deque()  # (item, future or None), in the order of the input
    try:
        while True:
            for item in islice(items, LOOK_AHEAD - len(pending)):
                pending.append((item, pool.submit(item)))
            if not pending:
                return
            item, future = pending.popleft()
            if future is None:
                yield item, None
                continue
            try:
                results = future.result()
            except BrokenProcessPool:
                # The worker reads in order, one document at a time, and every result it
                # finished has been delivered: it died on this one.
                results = [extract.Unreadable(item.name, STOPPED, DIED)]
                pool.restart()
                pending = deque((other, pool.submit(other) if waiting is not None
                                 and not _delivered(waiting) else waiting)
                                for other, waiting in pending)
            except Exception as exc:  # a result that could not be sent back (pickling)
                results = [extract.Unreadable(item.name, type(exc).__name__,
                                              "".join(format_exception(exc)))]
            yield item, results
    finally:
        pool.stop()


def _delivered(future):
    return future.done() and not future.cancelled() and future.exception() is None


class _Worker:
    """One worker process (a pool of one), started again after it died."""

    def __init__(self, vocab, kind, mapping):
        # the function is looked up now, so the worker reads with what this process would
        self.initargs = (extract.read_document, vocab, kind, mapping)
        self.pool = None
        self.restart()
        try:
            self.pool.submit(_started).result()  # it runs, or this raises
        except BaseException:
            self.stop()
            raise

    def restart(self):
        self.stop()
        self.pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start, initargs=self.initargs)

    def submit(self, item):
        if not isinstance(item, Document):
            return None
        try:
            # the bytes only: the files beside it are read here, where the images are placed
            return self.pool.submit(_read, Document(item.name, item.data))
        except BrokenProcessPool as exc:
            # it died on an earlier document; when that one's turn comes, a new worker is
            # started and gets this one again
            future = Future()
            future.set_exception(exc)
            return future

    def stop(self):
        if self.pool is not None:
            # waits for the reading in progress (at most one document); never for the rest
            self.pool.shutdown(wait=True, cancel_futures=True)


_state = {}


def _start(read, vocab, kind, mapping):
    """In the worker: what every document is read with."""
    _state.update(read=read, vocab=vocab, kind=kind, mapping=mapping)


def _started():
    return True


def _read(document):
    return _state["read"](document, _state["vocab"], _state["kind"], _state["mapping"])
