"""Overview benchmark: response time and query count of the filtered overviews, feeds and
CSV downloads at N pages (the query count must not depend on N).

    .venv/bin/python bench/overviews.py --pages 1000

A throwaway SQLite database per N (``.cache/bench-overviews/``) gets the real fixtures and
N - fixtures generated pages (bench/generate_pages.py). Each URL is requested through
Django's test client (full middleware and template rendering, no network) ``--repeat``
times after one warm-up; "cold" right after a cache generation bump (facet and theme counts
recomputed, as after a publish), "warm" with those counts cached (the page cache is off in
both); the table gives the median time and the queries of one request.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

URLS = [
    "/interventies/",
    "/interventies/?thema=eenzaamheid&thema=herstel&doelgroep=ggz",
    "/labs/?jaar=2021",
    "/thema/wijkgericht-werken/",
    "/thema/wijkgericht-werken/?type=interventie&erkenningsniveau=niet-beoordeeld",
    "/feed/?type=interventie&thema=herstel",
    "/thema/herstel/feed/atom/",
    "/interventies/?format=csv",
    "/api/v2/pages/?type=interventie&thema=herstel",
]


def setup_django(pages):
    cache_dir = ROOT / ".cache" / "bench-overviews"
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{cache_dir / f'db-{pages}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portaal.settings.test")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    setup_django(args.pages)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from generate_pages import generate

    from voorbeelden.content import load_content
    from voorbeelden.models import ContentPage

    call_command("migrate", verbosity=0)
    load_content()
    generate(args.pages - ContentPage.objects.exclude(slug__startswith="gen-").count())
    print(f"pages: {ContentPage.objects.count()}")
    from django.conf import settings

    from portaal.cache import bump_generation

    # Our own generation file: the test settings' one is bumped by every test run on the
    # machine, which would make the counts cache miss at random.
    settings.PAGE_CACHE_GENERATION_FILE = str(ROOT / ".cache" / "bench-overviews" / "generation")

    def timed(url, cold):
        if cold:  # as after a publish: facet and theme counts recomputed
            bump_generation("bench")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        return (time.perf_counter() - started) * 1000, len(ctx.captured_queries), response

    client = Client()
    print(f"{'url':78} {'status':>6} {'cold ms':>8} {'queries':>8} {'warm ms':>8} {'queries':>8}")
    for url in URLS:
        client.get(url)  # warm-up
        cold = [timed(url, True) for _ in range(args.repeat)]
        warm = [timed(url, False) for _ in range(args.repeat)]
        print(f"{url:78} {cold[-1][2].status_code:>6} "
              f"{statistics.median(t for t, _q, _r in cold):>8.1f} {cold[-1][1]:>8} "
              f"{statistics.median(t for t, _q, _r in warm):>8.1f} {warm[-1][1]:>8}")


if __name__ == "__main__":
    main()
