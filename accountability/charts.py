"""plotly figures and their text summaries, built from the pure summaries of
accountability.calculations with ``plotly.graph_objects`` on the common layout
(plan.chart_layout). Numbers go to plotly as strings (never floats); hover labels and the text
are in Colombian format through plan.formatting. Every text plotly draws goes through
plan.chart_text.plain (plotly renders a subset of HTML; typed data must read as text)."""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from accountability.calculations import DimensionSummary, majority
from plan import chart_layout
from plan.chart_text import plain
from plan.formatting import format_magnitude, format_number

BAR_COLOUR = "#0b5394"


def _bars(labels: list[str], values: list[str], texts: list[str]) -> go.Bar:
    """Horizontal bars, the figure written on each one."""
    return go.Bar(
        orientation="h",
        y=[plain(label) for label in labels],
        x=values,
        text=texts,
        textposition="auto",
        hovertemplate="%{y}: %{text}<extra></extra>",
        marker={"color": BAR_COLOUR},
    )


def _layout(title: str, rows: int, language: str, axis: dict) -> go.Layout:
    return chart_layout.layout(
        language,
        title={"text": plain(title), "x": 0, "font": {"size": 16}},
        font={"family": chart_layout.FONT_FAMILY, "color": chart_layout.INK, "size": 14},
        height=120 + 44 * rows,
        margin={"l": 10, "r": 20, "t": 50, "b": 40},
        xaxis={"type": "linear", "rangemode": "tozero", "fixedrange": True, **axis},
        yaxis={"automargin": True, "autorange": "reversed", "fixedrange": True},
        showlegend=False,
    )


def demographics_figure(summary: DimensionSummary, language: str = "es") -> dict:
    """A horizontal bar per category of one dimension, as % of the attendees."""
    categories = [c for c in summary.categories if c.share is not None]
    bars = _bars(
        [c.category for c in categories],
        [str(c.share) for c in categories],
        [_share(c.share, language) for c in categories],
    )
    layout = _layout(
        _("Asistentes según %(dimension)s (%%)") % {"dimension": summary.dimension.lower()},
        len(categories),
        language,
        {"range": [0, 100], "ticksuffix": "%"},
    )
    return chart_layout.figure([bars], layout)


def demographics_summary_text(summary: DimensionSummary, language: str = "es") -> str:
    """ "Sexo: Mujeres 48%, Hombres 33%, No responde 19%. La mayor parte: Mujeres (48%)."."""
    parts = [
        f"{c.category} {_share(c.share, language)}"
        for c in summary.categories
        if c.share is not None
    ]
    text = f"{summary.dimension}: {', '.join(parts)}."
    top = majority(summary)
    if top is not None:
        text += " " + _("La mayor parte: %(category)s (%(share)s).") % {
            "category": top.category,
            "share": _share(top.share, language),
        }
    if summary.total is not None:
        text += " " + _("Total: %(total)s personas.") % {
            "total": format_number(summary.total, 0, language)
        }
    return text


def _share(value, language: str) -> str:
    """48% · 33,33% (as many decimals as the share needs)."""
    return format_magnitude(value, language) + "%"


def attendance_figure(items: list[tuple[str, int]], title: str, language: str = "es") -> dict:
    """Bars of the attendance figures of an event (forms filled in, attendances, live views)."""
    bars = _bars(
        [label for label, _value in items],
        [str(value) for _label, value in items],
        [format_number(value, 0, language) for _label, value in items],
    )
    return chart_layout.figure([bars], _layout(title, len(items), language, {}))


def attendance_summary_text(items: list[tuple[str, int]], language: str = "es") -> str:
    return (
        "; ".join(f"{label}: {format_number(value, 0, language)}" for label, value in items) + "."
    )
