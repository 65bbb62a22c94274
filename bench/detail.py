"""Detail page benchmark: queries and CPU time per request of one page of each type (the
real fixture content), next to a thema overview.

    flock -x /tmp/cpu.lock .venv/bin/python bench/detail.py --rounds 7 --requests 40

The overview benchmark's throwaway SQLite database for ``--pages``
(``.cache/bench-overviews/``) gets the real fixtures (``load_content``), plus generated
pages up to ``--pages`` if asked. Each URL is requested through Django's test client (full
middleware and template rendering, no network) with the page cache off, as a request the
page cache does not answer:

- "warm": the cache generation unchanged since the previous request (the per-generation
  caches filled, as between two publishes);
- "cold": right after a cache generation bump, as the first request after a publish.

CPU time is ``time.process_time()`` around the requests, not the wall clock: the machine
is shared, and waiting for another process's turn on a core is not this request's cost.
The URLs take turns, ``--rounds`` rounds of ``--requests`` requests each; the table gives
the median and the lowest round (ms per request) and the queries of one request.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from overviews import setup_django  # noqa: E402 (the paths above first)

THEMA_URL = "/thema/wijkgericht-werken/"
KINDS = ("interventie", "lab", "werkbezoek", "artikel", "handreiking")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0,
                        help="total content pages; 0: the fixtures only")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=40, help="requests per round")
    args = parser.parse_args()
    setup_django(args.pages)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portaal.cache import bump_generation
    from voorbeelden.content import load_content
    from voorbeelden.models import ContentPage
    from voorbeelden.models.registry import PAGE_TYPES

    call_command("migrate", verbosity=0)
    if not ContentPage.objects.exists():
        load_content()
    if args.pages:
        from generate_pages import generate

        generate(args.pages - ContentPage.objects.exclude(slug__startswith="gen-").count())
    print(f"pages: {ContentPage.objects.count()}")
    # Our own generation file: the test settings' one is bumped by every test run on the
    # machine, which would make the per-generation caches miss at random.
    cache_dir = ROOT / ".cache" / "bench-detail"
    cache_dir.mkdir(parents=True, exist_ok=True)
    settings.PAGE_CACHE_GENERATION_FILE = str(cache_dir / "generation")
    assert not settings.PAGE_CACHE_ENABLED

    urls = {}
    for kind in KINDS:
        page = (PAGE_TYPES[kind][0].objects.live().exclude(slug__startswith="gen-")
                .order_by("path").first())
        urls[kind] = page.url
    urls["thema"] = THEMA_URL
    client = Client()

    def queries(url, cold):
        client.get(url)
        if cold:
            bump_generation("bench")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def cpu_ms(url, cold):
        """Milliseconds of CPU per request in one round."""
        spent = 0.0
        for _ in range(args.requests):
            if cold:
                bump_generation("bench")
            started = time.process_time()
            client.get(url)
            spent += time.process_time() - started
        return spent * 1000 / args.requests

    counts = {name: (queries(url, False), queries(url, True)) for name, url in urls.items()}
    rounds = {(name, cold): [] for name in urls for cold in (False, True)}
    for _ in range(args.rounds):
        for name, url in urls.items():
            for cold in (False, True):
                rounds[name, cold].append(cpu_ms(url, cold))

    print(f"{'page':12} {'url':58} {'warm q':>6} {'warm ms':>8} {'(min)':>6} "
          f"{'cold q':>6} {'cold ms':>8} {'(min)':>6}")
    for name, url in urls.items():
        warm, cold = rounds[name, False], rounds[name, True]
        print(f"{name:12} {url[:58]:58} {counts[name][0]:>6} {statistics.median(warm):>8.1f} "
              f"{min(warm):>6.1f} {counts[name][1]:>6} {statistics.median(cold):>8.1f} "
              f"{min(cold):>6.1f}")


if __name__ == "__main__":
    main()
