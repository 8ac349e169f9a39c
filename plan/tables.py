"""What every django-tables2 table of Tablero shares (NetBox-style: one ``Table`` class per
list, columns that only format).

Column priorities: on a phone a table keeps its name, its figure and its status; the other
columns carry ``FOLD`` and fold away below 40rem (``static/css/tablero.css``), their values
still on the detail page and in the downloads. The first column is the row header (``<th
scope="row">``) and stays in place (sticky) while a wide table scrolls inside its container.
"""

from __future__ import annotations

import django_tables2 as tables

TEMPLATE = "dashboards/table.html"


def attrs(*classes: str) -> dict:
    """The same CSS classes on a column's header and cells."""
    value = " ".join(classes)
    return {"th": {"class": value}, "td": {"class": value}}


NUM = attrs("num")
FOLD = attrs("fold")
NUM_FOLD = attrs("num", "fold")
LONG_FOLD = attrs("long-text", "fold")


class Table(tables.Table):
    """Base class: Tablero's template (caption, scrolling region, row headers, Spanish
    pagination)."""

    caption = ""

    class Meta:
        template_name = TEMPLATE
