"""The district overview's tables: sectors, a sector's plans, a plan's objectives. Columns
only format and link; the rows come computed from ``dashboards.district``."""

from __future__ import annotations

from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dashboards.district import COLOURS
from dashboards.tables import DistrictTable, _figure, _label
from plan.choices import COLOUR_HEX, ComplianceColour
from plan.formatting import format_number, format_percent
from public.tables import FOLD, NUM, NUM_FOLD, TEMPLATE

DISTRICT = "dashboards:district"


def drill(base: dict, **more) -> str:
    """The overview's URL with the date, filter and order kept and ``more`` added."""
    query = {k: v for k, v in {**base, **more}.items() if v}
    return reverse(DISTRICT) + ("?" + urlencode(query) if query else "")


def colour_counts(counts: dict[str, int]):
    """ "▮ Satisfactorio 3 ▮ En riesgo 0 …" with the colours' names for everyone."""
    language = get_language()
    return format_html_join(
        " ",
        '<span class="nowrap"><span class="swatch" style="background: {}" aria-hidden="true">'
        "</span>{}: {}</span>",
        (
            (
                COLOUR_HEX[c],
                _label(ComplianceColour, c),
                format_number(counts.get(c, 0), 0, language),
            )
            for c in COLOURS
        ),
    )


class SectorTable(tables.Table):
    """One row per sector (and one for the entities without a sector)."""

    name = tables.Column(
        verbose_name=_("Sector"), empty_values=(), attrs={"td": {"class": "name-cell"}}
    )
    compliance = tables.Column(
        verbose_name=_("Cumplimiento del sector"), empty_values=(), attrs=NUM
    )
    plans = tables.Column(verbose_name=_("Planes con publicación"), empty_values=(), attrs=NUM)
    colours = tables.Column(verbose_name=_("Planes por semáforo"), empty_values=(), attrs=FOLD)
    entities = tables.Column(verbose_name=_("Entidades"), attrs=NUM_FOLD)

    class Meta:
        template_name = TEMPLATE
        attrs = {"id": "district-sectors"}
        orderable = False

    def __init__(self, rows, *, query: dict, caption: str):
        self.query = query
        self.caption = caption
        super().__init__(rows)

    def render_name(self, record):
        name = record.name or _("Sin sector")
        return format_html('<a href="{}">{}</a>', drill(self.query, sector=record.code), name)

    def render_compliance(self, record):
        if record.compliance is None:
            return "—"
        return format_percent(record.compliance, 2, get_language())

    def render_plans(self, record):
        language = get_language()
        return _("%(published)s de %(plans)s") % {
            "published": format_number(record.published, 0, language),
            "plans": format_number(record.plans, 0, language),
        }

    def render_colours(self, record):
        return colour_counts(record.colours)

    def render_entities(self, value):
        return format_number(value, 0, get_language())


class SectorPlanTable(DistrictTable):
    """A sector's plans (the district table): each plan opens its objectives."""

    class Meta(DistrictTable.Meta):
        pass

    def __init__(self, rows, *, numbers, caption: str, query: dict):
        self.query = query
        super().__init__(rows, numbers=numbers, caption=caption)

    def render_plan(self, value):
        return format_html(
            '<a href="{}">{}</a><span class="cell-note">{}</span>',
            drill(self.query, plan=value.slug),
            value.name,
            value.organisation,
        )


class PlanObjectiveTable(tables.Table):
    """One plan's objectives as published; each opens the director's objective page."""

    objective = tables.Column(
        verbose_name=_("Objetivo"), accessor="number", attrs={"td": {"class": "name-cell"}}
    )
    compliance = tables.Column(verbose_name=_("Cumplimiento"), empty_values=(), attrs=NUM)

    class Meta:
        template_name = TEMPLATE
        attrs = {"id": "district-objectives"}
        orderable = False

    def __init__(self, rows, *, slug: str, date, caption: str):
        self.slug = slug
        self.date = date
        self.caption = caption
        super().__init__(rows)

    def render_objective(self, record):
        url = reverse("dashboards:objective", args=[self.slug, record.number])
        if self.date:
            url += f"?corte={self.date.isoformat()}"
        return format_html('<a href="{}">{}. {}</a>', url, record.number, record.short_title)

    def render_compliance(self, record):
        return _figure(record.compliance, record.colour)
