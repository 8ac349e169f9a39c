"""The reporting lists as django-tables2 tables (public/tables.py): the cutoffs, each unit's
reporting progress at a cutoff and each indicator's report. Columns only format."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plan.choices import CutoffStatus
from plan.formatting import format_date, format_magnitude, format_number, format_percent
from public.tables import FOLD, NUM, NUM_FOLD, TEMPLATE

PER_PAGE = 25


def _badge(hex_colour: str, label) -> str:
    return format_html('<span class="badge" style="background: {}">{}</span>', hex_colour, label)


class CutoffTable(tables.Table):
    """Every cutoff the user may see, sorted by plan and date, 25 a page."""

    date = tables.Column(verbose_name=_("Corte"), attrs={"td": {"class": "name-cell"}})
    plan = tables.Column(verbose_name=_("Plan"), accessor="plan__name", order_by=("plan__name",))
    status = tables.Column(verbose_name=_("Estado"))
    deadline = tables.Column(verbose_name=_("Fecha límite de reporte"), attrs=FOLD, default="—")

    class Meta:
        template_name = TEMPLATE
        attrs = {"id": "cutoffs"}
        empty_text = _("Aún no hay cortes.")
        order_by = ("plan", "-date")

    caption = _("Cortes de seguimiento")

    def render_date(self, value, record):
        url = reverse("reporting:cutoff_detail", args=[record.id])
        return format_html('<a href="{}">{}</a>', url, format_date(value))

    def render_status(self, value, record):
        return _badge(CutoffStatus(record.status).hex, value)

    def render_deadline(self, value):
        return format_date(value)


class _Count(tables.Column):
    def __init__(self, verbose_name, key):
        self.key = key
        super().__init__(
            verbose_name=verbose_name,
            attrs=NUM,
            footer=lambda table: format_number(getattr(table.totals, key), 0, get_language()),
        )

    def render(self, value):
        return format_number(value, 0, get_language())


class UnitSummaryTable(tables.Table):
    """Indicators programmed at the cutoff or reported, by unit and state of the report."""

    name = tables.Column(verbose_name=_("Dependencia"), footer=_("Total"))
    pending = _Count(_("Pendientes"), "pending")
    submitted = _Count(_("Enviados"), "submitted")
    returned = _Count(_("Devueltos"), "returned")
    approved = _Count(_("Aprobados"), "approved")

    class Meta:
        template_name = TEMPLATE
        attrs = {"id": "unit-summary"}
        orderable = False

    caption = _("Indicadores programados al corte o reportados, por estado del reporte")

    def __init__(self, summaries, *, totals):
        self.totals = totals
        super().__init__(summaries)


class CutoffIndicatorTable(tables.Table):
    """Each indicator's report at one cutoff, with the actions the user may take."""

    indicator = tables.Column(verbose_name=_("Indicador"), attrs={"td": {"class": "name-cell"}})
    progress = tables.Column(verbose_name=_("Avance al corte"), attrs=NUM, default="—")
    status = tables.TemplateColumn(
        template_name="reporting/columns/status.html", verbose_name=_("Estado")
    )
    actions = tables.TemplateColumn(
        template_name="reporting/columns/actions.html",
        verbose_name=_("Acciones"),
        accessor="indicator",
    )
    unit = tables.Column(
        verbose_name=_("Dependencia"),
        accessor="indicator__responsible_unit__name",
        attrs=FOLD,
        default="—",
    )
    programmed_cutoff = tables.Column(
        verbose_name=_("Programado al corte"), attrs=NUM_FOLD, default="—"
    )
    executed = tables.Column(
        verbose_name=_("Ejecutado"), accessor="executed", attrs=NUM_FOLD, default="—"
    )

    class Meta:
        template_name = TEMPLATE
        attrs = {"id": "cutoff-indicators", "class": "sticky-first indicators"}
        row_attrs = {"id": lambda record: f"m-{record.indicator.id}"}
        orderable = False

    caption = _("Reporte de cada indicador en este corte")

    # The actions column reads ``cutoff`` and ``is_planning`` from the page's context.

    def render_indicator(self, value):
        url = reverse("reporting:indicator_detail", args=[value.id])
        return format_html(
            '<a href="{}">{}</a> <span class="muted">{}</span>',
            url,
            value.code or "—",
            Truncator(value.name).chars(90),
        )

    def render_progress(self, value):
        return format_percent(value, 2, get_language())

    def render_programmed_cutoff(self, value):
        return format_magnitude(value, get_language())

    def render_executed(self, value):
        return format_magnitude(value, get_language())
