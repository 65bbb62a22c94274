"""After a bulk load, tell PostgreSQL what the tables now hold.

PostgreSQL plans from statistics that autovacuum refreshes some time after rows arrive. Right
after the fixture loader or an import wrote a batch of pages (and always inside a transaction
that is not yet committed, which autovacuum cannot see) it still believes the page tables are
empty, and nests sequential scans five deep: the related-pages query of one detail page then
took 20 s for 60 pages. ANALYZE counts the current transaction's own rows and takes
milliseconds on tables this size; PostgreSQL's manual recommends it after every bulk load.
SQLite plans without such statistics, so there is nothing to do there.
"""

from django.apps import apps
from django.db import connection


def analyze_apps(*app_labels):
    """Refresh the planner statistics of every table of these apps, link tables included."""
    if connection.vendor != "postgresql":
        return
    tables = sorted({
        model._meta.db_table
        for label in app_labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    })
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
