"""The rows of the risk register and alerts name each cell by its column (``data-label``, what
a phone shows when the table stacks), in the language of the page, escaped."""

import re

from django.utils import translation

from risks import table_html


def labels(markup: str) -> list[str]:
    return re.findall(r'data-label="([^"]*)"', markup)


def test_each_cell_is_named_by_its_column_in_the_language_of_the_page():
    with translation.override("es"):
        spanish = table_html.row_markup(table_html._OVERDUE_CELLS)
    with translation.override("en"):
        english = table_html.row_markup(table_html._OVERDUE_CELLS)
    assert labels(spanish) == [
        "Corte",
        "Fecha límite",
        "Código",
        "Riesgo",
        "Dependencia",
        "Situación",
    ]
    assert labels(english)[:2] == ["Cutoff", "Deadline"] and labels(english)[-1] == "Status"
    # Filled as fast_html.rows fills it: one field a value, the link's two.
    row = english.format("31/12/2025", "16/01/2026", "/riesgos/1/", "R1", "x", "y", "z")
    assert '<td data-label="Code"><a href="/riesgos/1/">R1</a></td>' in row


def test_a_heading_is_escaped_and_its_braces_are_not_fields():
    cells = (('Zona "residual" {x} <b>', ' class="fold"', "{}"),)
    markup = table_html.row_markup(cells)
    assert markup.format("valor") == (
        '\n    <tr>\n      <td class="fold" data-label="Zona &quot;residual&quot; {x} &lt;b&gt;">'
        "valor</td>\n    </tr>"
    )
