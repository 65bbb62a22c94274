"""Search benchmark: index N generated pages, then time mixed queries with facets.

    scripts/elasticsearch.sh start            # prints the engine URL
    OPENSEARCH_URL=http://127.0.0.1:9201 .venv/bin/python bench/search.py --pages 1000

A throwaway SQLite database per N (``.cache/bench-search/``) gets the real fixtures and
N - fixtures generated pages, written in bulk by bench/generate_pages.py (treebeard
paths and multi-table rows with bulk inserts, not add_child per page). Then
``update_index`` runs for the engine (index prefix ``bench_search_``) and for the
database backend, timed separately, and a few hundred queries (Dutch visitor queries
from the relevance set, mixed with type/thema/regio facets, relevance and date sort)
run through ``zoeken.query.engine_search`` / ``database_search``: the backend work of
one search page, facet counts included, without template rendering.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup_django(pages):
    cache_dir = ROOT / ".cache" / "bench-search"
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{cache_dir / f'db-{pages}.sqlite3'}"
    os.environ["SEARCH_INDEX_PREFIX"] = f"bench_search_{pages}_"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portaal.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def workload(count, seed=7):
    from tests.zoeken.relevance import QUERIES
    from zoeken.facets import FACETS

    rng = random.Random(seed)
    choices = {f.key: list(dict(f.choices())) for f in FACETS if f.key != "erkenningsniveau"}
    texts = [q for q, _ in QUERIES]
    runs = []
    for _ in range(count):
        selection = {}
        for key, values in choices.items():
            if values and rng.random() < 0.3:
                selection[key] = rng.sample(values, k=min(len(values), rng.choice([1, 2])))
        q = rng.choice(texts) if rng.random() < 0.9 else ""
        sort = "datum" if rng.random() < 0.2 else "relevantie"
        runs.append((q, selection, sort, rng.choice([0, 0, 0, 10, 20])))
    return runs


def measure(name, fn, runs):
    fn(*runs[0])  # warm up
    times = []
    for run in runs:
        started = time.perf_counter()
        fn(*run)
        times.append((time.perf_counter() - started) * 1000)
    print(f"{name}: {len(runs)} queries, p50 {percentile(times, 50):.1f} ms, "
          f"p95 {percentile(times, 95):.1f} ms, mean {statistics.mean(times):.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-database", action="store_true",
                        help="only the engine (the database backend is slow at 100,000)")
    args = parser.parse_args()
    setup_django(args.pages)

    from django.core.management import call_command

    from generate_pages import generate

    from voorbeelden.content import load_content
    from voorbeelden.models import ContentPage
    from zoeken import fallback, query

    call_command("migrate", verbosity=0)
    load_content()
    started = time.monotonic()
    generate(args.pages - ContentPage.objects.exclude(slug__startswith="gen-").count())
    total = ContentPage.objects.count()
    print(f"pages: {total} (generated in {time.monotonic() - started:.1f}s)")

    engine = fallback.engine_backend()
    runs = workload(args.queries)
    if engine is None:
        print("no engine: set OPENSEARCH_URL or ELASTICSEARCH_URL", file=sys.stderr)
    else:
        started = time.monotonic()
        call_command("update_index", backend_name="default", verbosity=0)
        print(f"engine update_index: {time.monotonic() - started:.1f}s")
        measure("engine", lambda q, sel, sort, start: query.engine_search(
            engine, q, sel, sort, start, 10), runs)
    if not args.skip_database:
        database = fallback.database_backend()
        started = time.monotonic()
        call_command("update_index", backend_name="database" if engine else "default",
                     verbosity=0)
        print(f"database update_index: {time.monotonic() - started:.1f}s")
        measure("database", lambda q, sel, sort, start: query.database_search(
            database, q, sel, sort, start, 10), runs)


if __name__ == "__main__":
    main()
