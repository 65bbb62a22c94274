"""How the hostile-input tests measure that a cost stays bounded: memory by tracemalloc's
peak around one call, time by running a piece of code in a fresh Django process whose
timeout only guards against a hang (it is not the measure)."""

import os
import subprocess
import sys
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings


@dataclass
class Peak:
    bytes: int = 0


@contextmanager
def peak_memory():
    """Traces allocations inside the block; afterwards ``.bytes`` of what it yields holds the
    highest amount traced at once."""
    peak = Peak()
    tracemalloc.start()
    try:
        yield peak
        _, peak.bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()


def run_in_django(code, timeout=120):
    """``code`` run after ``django.setup()`` with the test settings in a process of its own;
    the completed process, its output as text."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portaal.settings.test"}
    return subprocess.run([sys.executable, "-c", "import django; django.setup()\n" + code],
                          capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=settings.BASE_DIR)
