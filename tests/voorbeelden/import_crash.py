"""A reader that kills the worker process on documents named "...crash...": what a crash in
the parser (lxml is C) does. Imported by the worker, so nothing here needs Django."""

import multiprocessing
import os
import signal

from voorbeelden.importer.extract import read_document


def read_or_crash(document, *args):
    if "crash" in document.name:
        if multiprocessing.parent_process() is None:
            raise AssertionError("only a worker process may be killed")
        os.kill(os.getpid(), signal.SIGKILL)
    return read_document(document, *args)


def failing_start(*args):
    """A worker that cannot start (an import error, no memory): its initializer raises."""
    raise RuntimeError("het leesproces start niet")
