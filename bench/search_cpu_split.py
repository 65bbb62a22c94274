"""Where a search page's CPU goes: the whole page and a few functions, per search.

    OPENSEARCH_URL=http://127.0.0.1:9201 flock -x /tmp/cpu.lock \\
        .venv/bin/python bench/search_cpu_split.py [--pages 10000] [--queries 150]

Runs on ``bench/search.py``'s database and index (``--prepare`` first). Two passes of the
search page through Django's test client: first searches (cache emptied) and other
searches after those. Each wrapped function's ``time.process_time`` is summed and given
per search; nested functions count in their callers too, so the lines do not add up.
No profiler: its overhead tripled the small functions.
"""

import argparse
import functools
import importlib
import statistics
import time

# bench/ is on the path as this script's folder; search.py puts the project there too
from search import percentile, setup_django, workload

# (module, attribute, label): what a first search spends its time in
WRAPPED = [
    ("zoeken.views", "search", "search()"),
    ("zoeken.query", "engine_search", "engine_search"),
    ("zoeken.query", "engine_bodies", "  engine_bodies"),
    ("zoeken.query", "_engine_msearch", "  the engine client"),
    ("zoeken.search", "correction", "correction (Bedoelde u)"),
    ("zoeken.views", "render", "template, whole"),
    ("zoeken.results", "Results.html", "  results"),
    ("zoeken.results", "load_pages", "    loading pages"),
    ("zoeken.results", "result_parts", "    writing results"),
    ("voorbeelden.overzichten.fragments", "render_filter_form", "  filter form"),
    ("zoeken.querylog", "record", "search log"),
]


def wrap(totals, module, name, label):
    owner = importlib.import_module(module)
    *path, name = name.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0) + time.process_time() - started

    setattr(owner, name, timed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=150)
    args = parser.parse_args()
    setup_django(args.pages)
    from django.core.cache import caches
    from django.test import Client

    totals = {}
    for module, name, label in WRAPPED:
        wrap(totals, module, name, label)
    client = Client(HTTP_HOST="localhost")

    def get(q, selection, sort, start):
        response = client.get("/zoeken/", {"q": q, "sortering": sort,
                                           "pagina": start // 10 + 1, **selection})
        assert response.status_code == 200

    get(*workload(args.queries)[0])  # imports, the vocabulary
    for label, seed in (("first searches", 7), ("other searches", 8)):
        if seed == 7:
            caches["default"].clear()
        totals.clear()
        cpu = []
        for run in workload(args.queries, seed=seed):
            started = time.process_time()
            get(*run)
            cpu.append(time.process_time() - started)
        print(f"{label}: whole page p50 {percentile(cpu, 50) * 1000:.1f}, "
              f"p95 {percentile(cpu, 95) * 1000:.1f}, mean {statistics.mean(cpu) * 1000:.1f} ms")
        for _dotted, _name, name in WRAPPED:
            print(f"   {name:28s} {totals.get(name, 0) / len(cpu) * 1000:6.2f} ms a search")


if __name__ == "__main__":
    main()
