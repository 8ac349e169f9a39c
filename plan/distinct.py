"""The distinct values of a column, read by a loose index scan where the index allows it.

PostgreSQL (15) answers ``SELECT DISTINCT year FROM risks_risk`` by reading every entry of the
index: 26.488 at district scale for the four years a drop-down offers. Asked instead for the
largest year, then the largest below it, and so on, it probes the index once per value (the
«loose index scan» of the PostgreSQL wiki), whatever the size of the table. SQLite runs the
same recursive query.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet


def descending(queryset: QuerySet, field: str) -> list:
    """The distinct non-null values of ``field`` in ``queryset``, largest first: one query.
    A filtered queryset (a person's scope, a flag) is read with DISTINCT, bounded by what the
    filter keeps; a whole table by the loose index scan, which needs ``field`` to lead an
    index."""
    if queryset.query.where or queryset.query.is_sliced:
        rows = queryset.order_by(f"-{field}").values_list(field, flat=True).distinct()
        return [value for value in rows if value is not None]
    return _loose_scan(queryset, field)


def descending_where(queryset: QuerySet, field: str, flag: str) -> list:
    """``descending`` of the rows of ``queryset``'s table whose boolean ``flag`` is true (the
    current published versions), by the loose index scan: an index must lead with ``flag``,
    then ``field``. ``queryset`` only names the table and its database."""
    return _loose_scan(queryset, field, flag)


def _loose_scan(queryset: QuerySet, field: str, flag: str | None = None) -> list:
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    meta = queryset.model._meta
    model_field = meta.get_field(field)
    table, column = quote(meta.db_table), quote(model_field.column)
    flagged = quote(meta.get_field(flag).column) if flag else ""
    first, step = (f" WHERE {flagged}", f"{flagged} AND ") if flag else ("", "")
    # Identifiers from the model's own metadata, quoted; no value comes from a request.
    sql = (
        f"WITH RECURSIVE found(value) AS (SELECT MAX({column}) FROM {table}{first} "  # noqa: S608  # nosec B608
        f"UNION ALL SELECT (SELECT MAX({column}) FROM {table} WHERE {step}{column} < found.value) "
        "FROM found WHERE found.value IS NOT NULL) "
        "SELECT value FROM found WHERE value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return [model_field.to_python(value) for (value,) in rows]  # SQLite's MAX of a date is text
