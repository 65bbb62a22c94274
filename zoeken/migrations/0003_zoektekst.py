"""The terms table of the database backend and its full-text index per database.

SQLite: an FTS5 table over the terms (external content, kept in step by triggers), ranked
with bm25. PostgreSQL: a stored ``tsvector`` column (title A, boosted fields B, the rest
C) with a GIN index. The terms are already analysed in Python (zoeken.terms), so both use
the plain ``simple`` treatment of the words.
"""

from django.db import migrations, models
import django.db.models.deletion

SQLITE = [
    "CREATE VIRTUAL TABLE zoeken_zoektekst_fts USING fts5(title, summary, body, "
    "content='zoeken_zoektekst', content_rowid='page_id')",
    "CREATE TRIGGER zoeken_zoektekst_ai AFTER INSERT ON zoeken_zoektekst BEGIN "
    "INSERT INTO zoeken_zoektekst_fts(rowid, title, summary, body) "
    "VALUES (new.page_id, new.title, new.summary, new.body); END",
    "CREATE TRIGGER zoeken_zoektekst_ad AFTER DELETE ON zoeken_zoektekst BEGIN "
    "INSERT INTO zoeken_zoektekst_fts(zoeken_zoektekst_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.page_id, old.title, old.summary, old.body); END",
    "CREATE TRIGGER zoeken_zoektekst_au AFTER UPDATE ON zoeken_zoektekst BEGIN "
    "INSERT INTO zoeken_zoektekst_fts(zoeken_zoektekst_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.page_id, old.title, old.summary, old.body); "
    "INSERT INTO zoeken_zoektekst_fts(rowid, title, summary, body) "
    "VALUES (new.page_id, new.title, new.summary, new.body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS zoeken_zoektekst_ai",
    "DROP TRIGGER IF EXISTS zoeken_zoektekst_ad",
    "DROP TRIGGER IF EXISTS zoeken_zoektekst_au",
    "DROP TABLE IF EXISTS zoeken_zoektekst_fts",
]
POSTGRESQL = [
    "ALTER TABLE zoeken_zoektekst ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, summary), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, body), 'C')) STORED",
    "CREATE INDEX zoeken_zoektekst_vector ON zoeken_zoektekst USING gin (vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS zoeken_zoektekst_vector",
    "ALTER TABLE zoeken_zoektekst DROP COLUMN IF EXISTS vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in statements.get(vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0001_initial"),
        ("zoeken", "0002_seed_synoniemen"),
    ]

    operations = [
        migrations.CreateModel(
            name="Zoektekst",
            fields=[
                ("page", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                    related_name="+", serialize=False, to="wagtailcore.page")),
                ("title", models.TextField(default="")),
                ("summary", models.TextField(default="")),
                ("body", models.TextField(default="")),
            ],
            options={"verbose_name": "zoektekst", "verbose_name_plural": "zoekteksten"},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
