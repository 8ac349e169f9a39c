"""On PostgreSQL, a trigram index on each risk's search text (pg_trgm, a trusted extension
since PostgreSQL 13): a search's LIKE '%word%' reads the index instead of every risk. SQLite,
the embedded default, reads the column (a search there is a first run's, not a district's).
A migration of its own: PostgreSQL refuses to index a table in the transaction that wrote its
rows (the previous migration's fill)."""

from django.db import migrations

INDEX = "risk_search_trigrams"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON risks_risk USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("risks", "0009_risk_search_text")]

    operations = [migrations.RunPython(create, drop)]
