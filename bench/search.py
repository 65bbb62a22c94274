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

At 100,000 pages generation and indexing take minutes, so they can run apart from the
timed queries (the machine is shared: preparation under a shared lock, only the
measurement under the exclusive one):

    flock -s /tmp/cpu.lock .venv/bin/python bench/search.py --pages 100000 --prepare
    flock -x /tmp/cpu.lock .venv/bin/python bench/search.py --pages 100000 --measure-only

``--measure-only`` reuses the database under ``.cache/bench-search/`` and the engine's
existing index (it refuses to run when the index does not hold every page).
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


def create_postgres_database(url):
    """CREATE DATABASE for a postgres:// URL unless it exists (the cluster must run)."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(pages, database_url=None):
    cache_dir = ROOT / ".cache" / "bench-search"
    cache_dir.mkdir(parents=True, exist_ok=True)
    if database_url:
        create_postgres_database(database_url)
        os.environ["DATABASE_URL"] = database_url
    else:
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
    from portaal.models import Regio, Thema
    from tests.zoeken.relevance import QUERIES
    from voorbeelden.models.registry import PAGE_TYPES

    rng = random.Random(seed)
    # The facets of the earlier measurements (type, thema, regio), for comparable figures.
    choices = {"type": list(PAGE_TYPES),
               "thema": list(Thema.objects.values_list("slug", flat=True)),
               "regio": list(Regio.objects.values_list("slug", flat=True))}
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


def measure(name, fn, runs, before_each=None):
    fn(*runs[0])  # warm up
    times, cpu = [], []
    for run in runs:
        if before_each:
            before_each()
        started, started_cpu = time.perf_counter(), time.process_time()
        fn(*run)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    print(f"{name}: {len(runs)} queries, p50 {percentile(times, 50):.1f} ms, "
          f"p95 {percentile(times, 95):.1f} ms, mean {statistics.mean(times):.1f} ms; "
          f"CPU of this process p50 {percentile(cpu, 50):.1f} ms, "
          f"p95 {percentile(cpu, 95):.1f} ms, mean {statistics.mean(cpu):.1f} ms")


def prepare(pages, skip_database):
    """Generate the pages (idempotent) and rebuild the indexes; prints the timings."""
    from django.core.management import call_command

    from generate_pages import generate

    from voorbeelden.content import load_content
    from voorbeelden.models import ContentPage
    from zoeken import fallback

    call_command("migrate", verbosity=0)
    load_content()
    started = time.monotonic()
    made = generate(pages - ContentPage.objects.exclude(slug__startswith="gen-").count())
    print(f"pages: {ContentPage.objects.count()} ({made} generated in "
          f"{time.monotonic() - started:.1f}s)", flush=True)
    engine = fallback.engine_backend()
    if engine is None:
        print("no engine: set OPENSEARCH_URL or ELASTICSEARCH_URL", file=sys.stderr)
    else:
        started = time.monotonic()
        call_command("update_index", backend_name="default", verbosity=0)
        print(f"engine update_index: {time.monotonic() - started:.1f}s", flush=True)
    if not skip_database:
        started = time.monotonic()
        call_command("update_index", backend_name="database" if engine else "default",
                     verbosity=0)
        print(f"database update_index: {time.monotonic() - started:.1f}s", flush=True)


def engine_document_count(engine):
    from voorbeelden.models import ContentPage

    index = engine.get_index_for_model(ContentPage)
    index.refresh()
    return engine.es.count(index=index.name)["count"]


def measure_all(args):
    from voorbeelden.models import ContentPage
    from zoeken import fallback, query

    total = ContentPage.objects.count()
    runs = workload(args.queries)
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    engine = fallback.engine_backend()
    if engine is not None:
        # The index holds every page (a type index page or the home page too).
        indexed = engine_document_count(engine)
        print(f"engine index: {indexed} documents for {total} content pages")
        if indexed < total:
            sys.exit("the engine index misses pages: run with --prepare first")
        index = engine.get_index_for_model(ContentPage).name
        clear = None
        if args.cold:  # untimed: every query's counts computed, none from the cache
            def clear():
                engine.es.indices.clear_cache(index=index, request=True)
        measure("engine (cold request cache)" if args.cold else "engine",
                lambda q, sel, sort, start: query.engine_search(
                    engine, q, sel, sort, start, 10), runs, clear)
    # "Bedoelde u": run when a search finds fewer than three pages, on the vocabulary of
    # the pages' titles (built once per ten minutes, so not timed).
    from tests.zoeken.relevance import QUERIES
    from zoeken.suggestions import did_you_mean, vocabulary

    print(f"vocabulary: {len(vocabulary())} words")
    measure("bedoelde u (the relevance set's questions)", did_you_mean,
            [(q,) for q, _ in QUERIES])
    if not args.skip_database:
        database = fallback.database_backend()
        db_runs = runs[: args.database_queries or len(runs)]
        measure("database", lambda q, sel, sort, start: query.database_search(
            database, q, sel, sort, start, 10), db_runs)
    if args.render:
        from django.core.cache import caches
        from django.test import Client

        client = Client(HTTP_HOST="localhost")

        def render(q, selection, sort, start):
            params = {"q": q, "sortering": sort, "pagina": start // 10 + 1, **selection}
            response = client.get("/zoeken/", params)
            assert response.status_code == 200, response.status_code

        # What is kept per cache generation (facet labels, filter forms, each result's
        # page part) makes a search cheaper the more searches came before it, so three
        # passes: nothing kept yet; other searches (other filters, sorts and result pages
        # of the same questions) whose pages earlier ones showed; the same searches again.
        # What most visitors do: words only, the first page of results, counted in the
        # search log (which a filter or a later page is not).
        caches["default"].clear()
        measure("whole search page, words only (first searches, page 1, no filters)", render,
                [(q, {}, "relevantie", 0) for q, _ in QUERIES])
        caches["default"].clear()
        measure("whole search page, first searches (view, snippets, template)", render, runs)
        measure("whole search page, other searches after those", render,
                workload(args.queries, seed=8))
        measure("whole search page, the first searches again", render, runs)
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--database-queries", type=int, default=0,
                        help="time only the first N queries on the database backend "
                             "(it takes seconds per query at 10,000 pages)")
    parser.add_argument("--skip-database", action="store_true",
                        help="only the engine (the database backend is slow at 100,000)")
    parser.add_argument("--cold", action="store_true",
                        help="clear the engine's request cache before each timed query "
                             "(repeated queries' facet counts otherwise come from it)")
    parser.add_argument("--database-url",
                        help="a postgres:// URL to bench on (created if missing) instead of "
                             "the SQLite file under .cache/bench-search/")
    parser.add_argument("--render", action="store_true",
                        help="also time whole /zoeken/ pages through Django's test client "
                             "(the request's CPU: view, snippets, template)")
    stage = parser.add_mutually_exclusive_group()
    stage.add_argument("--prepare", action="store_true",
                       help="generate and index only; no timed queries")
    stage.add_argument("--measure-only", action="store_true",
                       help="timed queries only, on the database and index --prepare made")
    args = parser.parse_args()
    setup_django(args.pages, args.database_url)
    if not args.measure_only:
        prepare(args.pages, args.skip_database)
    if not args.prepare:
        measure_all(args)


if __name__ == "__main__":
    main()
