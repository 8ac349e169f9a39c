"""The directors' indicator table (django-tables2). Columns only format: the rows come
computed from ``dashboards.rows``; exports reuse the same columns through ``as_values``."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.choices import STATUS_HEX, IndicatorStatus
from indicators.choices import Unit as MeasureUnit
from plan import exports
from plan.formatting import format_magnitude, format_percent

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


class PercentColumn(tables.Column):
    export_kind = exports.PERCENT

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_percent(value, 2, get_language())

    def value(self, value):
        return value


class MagnitudeColumn(PercentColumn):
    export_kind = exports.MAGNITUDE

    def render(self, value):
        return format_magnitude(value, get_language())


class IndicatorTable(tables.Table):
    objective = tables.Column(
        verbose_name=_("Objetivo"), order_by=("objective_number", "code", "indicator")
    )
    goal = tables.Column(verbose_name=_("Meta"), attrs={"td": {"class": "long-text"}})
    code = tables.Column(verbose_name=_("Código"), order_by=("code", "indicator"))
    indicator = tables.Column(verbose_name=_("Indicador"), attrs={"td": {"class": "long-text"}})
    unit = tables.Column(verbose_name=_("Unidad"))
    weight = MagnitudeColumn(verbose_name=_("Ponderación"))
    programmed_year = MagnitudeColumn(verbose_name=_("Programado en la vigencia"))
    programmed_cutoff = MagnitudeColumn(verbose_name=_("Programado al corte"))
    executed = MagnitudeColumn(verbose_name=_("Ejecutado"))
    progress_at_cutoff = PercentColumn(verbose_name=_("Avance al corte"))
    progress_in_year = PercentColumn(verbose_name=_("Avance en la vigencia"))
    status = tables.Column(verbose_name=_("Estado"))
    analysis = tables.Column(
        verbose_name=_("Análisis"), orderable=False, attrs={"td": {"class": "long-text"}}
    )

    class Meta:
        template_name = "dashboards/table.html"
        attrs = {"id": "indicator-table"}
        empty_text = _("Ningún indicador cumple los filtros.")
        order_by = ("objective",)

    def __init__(self, *args, plan_slug: str, **kwargs):
        self.plan_slug = plan_slug
        super().__init__(*args, **kwargs)

    def render_indicator(self, value, record):
        url = reverse("dashboards:indicator", args=[self.plan_slug, record.indicator_id])
        return format_html('<a href="{}">{}</a>', url, value)

    def value_indicator(self, value):
        return value

    def render_unit(self, value):
        return _label(MeasureUnit, value)

    def value_unit(self, value):
        return _label(MeasureUnit, value)

    def render_status(self, value):
        return format_html(
            '<span class="badge" style="background: {}">{}</span>',
            STATUS_HEX.get(value, STATUS_HEX["not_programmed"]),
            _label(IndicatorStatus, value),
        )

    def value_status(self, value):
        return _label(IndicatorStatus, value)

    def render_goal(self, value):
        return Truncator(value).words(12)

    def value_goal(self, value):
        return value

    def render_analysis(self, value):
        return Truncator(value).words(25)

    def value_analysis(self, value):
        return value

    def export_columns(self) -> list[exports.Column]:
        """The table's columns, in order, with the kind each one has in a file."""
        return [
            exports.Column(
                column.name,
                str(column.header),
                getattr(column.column, "export_kind", exports.TEXT),
            )
            for column in self.columns.iterall()
        ]

    def export_rows(self) -> list[dict]:
        values = self.as_values()
        next(values)  # the header row
        names = [column.name for column in self.columns.iterall()]
        return [dict(zip(names, row, strict=True)) for row in values]
