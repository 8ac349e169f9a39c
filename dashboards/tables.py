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
from opendata import writers
from plan.choices import COLOUR_HEX, ComplianceColour
from plan.formatting import format_magnitude, format_percent
from public.tables import FOLD, LONG_FOLD, NUM, NUM_FOLD, TEMPLATE


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


class PercentColumn(tables.Column):
    export_kind = writers.PERCENT

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_percent(value, 2, get_language())

    def value(self, value):
        return value


class MagnitudeColumn(PercentColumn):
    export_kind = writers.MAGNITUDE

    def render(self, value):
        return format_magnitude(value, get_language())


def status_badge(value):
    return format_html(
        '<span class="badge" style="background: {}">{}</span>',
        STATUS_HEX.get(value, STATUS_HEX["not_programmed"]),
        _label(IndicatorStatus, value),
    )


class IndicatorTable(tables.Table):
    """The name, the figure and the status first (they stay on a phone); the rest folds."""

    indicator = tables.Column(verbose_name=_("Indicador"), attrs={"td": {"class": "name-cell"}})
    progress_at_cutoff = PercentColumn(verbose_name=_("Avance al corte"))
    status = tables.Column(verbose_name=_("Estado"))
    objective = tables.Column(
        verbose_name=_("Objetivo"),
        order_by=("objective_number", "code", "indicator"),
        attrs=FOLD,
    )
    code = tables.Column(verbose_name=_("Código"), order_by=("code", "indicator"), attrs=FOLD)
    goal = tables.Column(verbose_name=_("Meta"), attrs=LONG_FOLD)
    unit = tables.Column(verbose_name=_("Unidad"), attrs=FOLD)
    weight = MagnitudeColumn(verbose_name=_("Ponderación"), attrs=NUM_FOLD)
    programmed_year = MagnitudeColumn(verbose_name=_("Programado en la vigencia"), attrs=NUM_FOLD)
    programmed_cutoff = MagnitudeColumn(verbose_name=_("Programado al corte"), attrs=NUM_FOLD)
    executed = MagnitudeColumn(verbose_name=_("Ejecutado"), attrs=NUM_FOLD)
    progress_in_year = PercentColumn(verbose_name=_("Avance en la vigencia"), attrs=NUM_FOLD)
    analysis = tables.Column(verbose_name=_("Análisis"), orderable=False, attrs=LONG_FOLD)

    class Meta:
        template_name = TEMPLATE
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
        return status_badge(value)

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

    def export_columns(self) -> list[writers.Column]:
        """The table's columns, in order, with the kind each one has in a file."""
        return [
            writers.Column(
                column.name,
                str(column.header),
                getattr(column.column, "export_kind", writers.TEXT),
            )
            for column in self.columns.iterall()
        ]

    def export_rows(self) -> list[dict]:
        values = self.as_values()
        next(values)  # the header row
        names = [column.name for column in self.columns.iterall()]
        return [dict(zip(names, row, strict=True)) for row in values]


class ObjectiveIndicatorTable(tables.Table):
    """The indicators of one objective at a cutoff (a short list: no sorting, no pages)."""

    indicator = tables.Column(verbose_name=_("Indicador"), attrs={"td": {"class": "name-cell"}})
    progress_at_cutoff = PercentColumn(verbose_name=_("Avance al corte"))
    status = tables.Column(verbose_name=_("Estado"))
    weight = MagnitudeColumn(verbose_name=_("Ponderación"), attrs=NUM_FOLD)
    programmed_year = MagnitudeColumn(verbose_name=_("Programado en la vigencia"), attrs=NUM_FOLD)
    programmed_cutoff = MagnitudeColumn(verbose_name=_("Programado al corte"), attrs=NUM_FOLD)
    executed = MagnitudeColumn(verbose_name=_("Ejecutado"), attrs=NUM_FOLD)
    progress_in_year = PercentColumn(verbose_name=_("Avance en la vigencia"), attrs=NUM_FOLD)
    goal = tables.Column(verbose_name=_("Meta"), attrs=LONG_FOLD)

    class Meta:
        template_name = TEMPLATE
        attrs = {"id": "objective-indicators"}
        orderable = False
        default = "—"

    def __init__(self, *args, plan_slug: str, caption: str, **kwargs):
        self.plan_slug = plan_slug
        self.caption = caption
        super().__init__(*args, **kwargs)

    def render_indicator(self, value, record):
        url = reverse("dashboards:indicator", args=[self.plan_slug, record.indicator_id])
        label = f"{record.code} {value}" if record.code else value
        return format_html('<a href="{}">{}</a>', url, label)

    def render_status(self, value):
        return status_badge(value)


def _figure(compliance, colour):
    """A published compliance with its colour: a swatch, the figure, the colour's name for
    screen readers."""
    return format_html(
        '<span class="swatch" style="background: {}" aria-hidden="true"></span>{}'
        '<span class="visually-hidden"> ({})</span>',
        COLOUR_HEX.get(colour, COLOUR_HEX["grey"]),
        format_percent(compliance, 2, get_language()) if compliance is not None else "—",
        _label(ComplianceColour, colour),
    )


class DistrictObjectiveColumn(tables.Column):
    """Objective ``number`` of each plan (a different objective in each plan)."""

    def __init__(self, index: int, number: int):
        self.index = index
        super().__init__(
            verbose_name=_("Objetivo %(number)d") % {"number": number},
            accessor="cells",
            empty_values=(),
            orderable=False,
            attrs=NUM_FOLD,
        )

    def render(self, record):
        cell = record.cells[self.index]
        if cell is None or not record.plan.published:
            return "—"
        # Objective 1 is a different thing in each plan: the cell names it.
        return format_html(
            '<span class="cell-note objective-name">{}. {}</span>{}',
            cell.number,
            cell.short_title,
            _figure(cell.compliance, cell.colour),
        )


class DistrictTable(tables.Table):
    """One row per plan: its newest publication as of a date and each objective's figure.
    Ordered and paginated by the view (the overview's own order and filter)."""

    plan = tables.Column(verbose_name=_("Plan"), attrs={"td": {"class": "name-cell"}})
    compliance = tables.Column(
        verbose_name=_("Cumplimiento del plan"), accessor="plan", empty_values=(), attrs=NUM
    )
    date = tables.Column(
        verbose_name=_("Corte publicado"), accessor="plan", empty_values=(), attrs=FOLD
    )

    class Meta:
        template_name = TEMPLATE
        attrs = {"id": "district"}
        orderable = False

    def __init__(self, rows, *, numbers, caption: str):
        self.caption = caption
        extra = [
            (f"objective_{number}", DistrictObjectiveColumn(index, number))
            for index, number in enumerate(numbers)
        ]
        super().__init__(rows, extra_columns=extra)

    def render_plan(self, value):
        url = reverse("dashboards:plan", args=[value.slug])
        if value.date:
            url += f"?corte={value.date.isoformat()}"
        return format_html(
            '<a href="{}">{}</a><span class="cell-note">{}</span>',
            url,
            value.name,
            value.organisation,
        )

    def render_compliance(self, value):
        return _figure(value.compliance, value.colour) if value.published else "—"

    def render_date(self, value):
        if not value.published:
            return _("Sin publicación a esta fecha")
        if value.version and value.version > 1:
            return format_html(
                '{}<span class="cell-note">{}</span>',
                value.date.strftime("%d/%m/%Y"),
                _("versión %(version)d") % {"version": value.version},
            )
        return value.date.strftime("%d/%m/%Y")
