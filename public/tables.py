"""What every django-tables2 table of Tablero shares (NetBox-style: one ``Table`` class per
list, columns that only format).

Column priorities: on a phone a table keeps its name, its figure and its status; the other
columns carry ``FOLD`` and fold away below 40rem (``static/css/tablero.css``), their values
still on the detail page and in the downloads. The first column is the row header (``<th
scope="row">``) and stays in place (sticky) while a wide table scrolls inside its container.
"""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.choices import Annualization
from indicators.choices import Unit as MeasureUnit
from plan.choices import choice_label
from plan.formatting import format_magnitude

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


class StructureTable(Table):
    """The indicators of one group of a plan's structure with their yearly programming."""

    name = tables.Column(verbose_name=_("Indicador"), attrs={"td": {"class": "name-cell"}})
    programming = tables.Column(verbose_name=_("Programado por vigencia"), attrs=NUM)
    total = tables.Column(verbose_name=_("Programación total"), attrs=NUM_FOLD, default="—")
    unit = tables.Column(verbose_name=_("Unidad"), attrs=FOLD)
    goal_label = tables.Column(verbose_name=_("Meta"), attrs=LONG_FOLD)

    class Meta:
        template_name = TEMPLATE
        orderable = False
        empty_text = _("Sin indicadores")

    def __init__(self, rows, *, caption: str):
        self.caption = caption
        super().__init__(rows)

    def render_name(self, value, record):
        return f"{record.code} {value}" if record.code else value

    def render_programming(self, value):
        language = get_language()
        if not value:
            return "—"
        return format_html_join(
            mark_safe("<br>"),  # nosec B308 - a constant tag, no data in it
            "{}: {}",
            ((year, format_magnitude(v, language)) for year, v in value),
        )

    def render_total(self, value):
        return format_magnitude(value, get_language())

    def render_unit(self, value, record):
        return format_html(
            '{}<span class="cell-note">{}</span>',
            choice_label(MeasureUnit, value),
            choice_label(Annualization, record.annualization),
        )


def structure_sections(structure) -> list[dict]:
    """The structure's groups under their headings, each with its table."""
    sections = [
        ("projects", _("Proyectos de inversión"), structure.projects),
        ("processes", _("Indicadores de gestión por proceso"), structure.processes),
        (
            "plans",
            _("Plan de acción integrado: actividades por plan"),
            structure.institutional_plans,
        ),
        ("other", _("Otras metas"), structure.other),
    ]
    return [
        {
            "key": key,
            "title": title,
            "groups": [
                {"group": g, "table": StructureTable(g.indicators, caption=g.title)} for g in groups
            ],
        }
        for key, title, groups in sections
        if groups
    ]
