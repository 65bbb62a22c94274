"""Counting the queries of one request, as an uncached visitor would cause them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portaal.cache import bump_generation


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    # Cold derived caches (facet and theme counts are kept per cache generation): the count
    # is what a request after a publish costs, and must not grow with the listing.
    bump_generation("count_queries")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)
