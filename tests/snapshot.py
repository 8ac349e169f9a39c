"""The seeded test database, kept as a copy of its rows, for the tests served by the live server.

Those tests need real transactions (the live server's thread reads what they write), so they
cannot be rolled back: pytest-django empties every table after each one (a TRUNCATE followed by
post_migrate) and the next one loaded every seed again. On PostgreSQL that was about ten
seconds per browser test, most of the browser tests' time. Instead, right after the session's
seed load, the rows of every table are copied out (COPY, a few hundred kB); each such test
starts from, and leaves behind, exactly those rows, put back in one transaction (DELETE, then
COPY; Django's foreign keys are deferred to the commit, which still checks them). The state a
test sees is the one the seed load gave, not an approximation of it. Sequences are not reset:
they only move forward, so new rows never reuse an id of the seed. Other engines keep
pytest-django's flush and the seed load."""

from __future__ import annotations

import io

from django.db import connection, transaction


def take() -> dict[str, str] | None:
    """Every table's rows, or None where the engine has no COPY (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            buffer = io.StringIO()
            cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} TO STDOUT", buffer)
            rows[table] = buffer.getvalue()
    return rows


def restore(rows: dict[str, str]) -> None:
    """The database holds exactly ``rows`` again, whatever a test wrote or emptied."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table in rows:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - our table names
        for table, data in rows.items():
            if data:
                cursor.cursor.copy_expert(f"COPY {quote(table)} FROM STDIN", io.StringIO(data))
