"""gunicorn hooks for scripts/serve (the command-line options are in that script).

After a worker has loaded the application, everything it imported (Django, Wagtail, the
URLconf, the models: about 190,000 objects) moves out of the garbage collector's reach
with ``gc.freeze()``. Without it every full collection walks all of them: measured in a
profile of the thema overview, a 50-130 ms pause every few requests, which was a good part
of the p95 of uncached pages under load (bench/README.md, "Load").
"""

import gc


def post_worker_init(worker):
    import portaal.urls  # noqa: F401  (the URLconf and the views now, not on request one)

    gc.collect()
    gc.freeze()
