"""Chart figures (pure): plotly figure dicts and the text summary that goes with each.

Figures are built with ``plotly.graph_objects`` and rendered in the page by our static
plotly.js (``static/js/charts.js``). Numbers stay ``Decimal`` here and travel as JSON strings;
each trace lists in ``meta.numeric`` the attributes that charts.js turns into numbers before
plotting (d3-format, hence the Colombian ``separators`` of the layout, formats only numbers).
Every chart comes with a summary sentence; the page shows a data table beside it. Every text
drawn by plotly (names, categories, tooltips) goes through ``plan.chart_text.plain``: plotly
renders a subset of HTML, and a title typed as ``<a href=…>`` must read as text.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plan import chart_layout
from plan.chart_text import plain, short, unique
from plan.formatting import format_date, format_magnitude, format_percent

INK = chart_layout.INK
GRID = "#d0d4da"
PROGRAMMED_HEX = "#5f6368"
EXECUTED_HEX = "#0b5394"
SERIES_HEX = (
    "#0b5394",
    "#b3261e",
    "#1e7b34",
    "#8a5a00",
    "#6a1b9a",
    "#00695c",
    "#ad1457",
    "#37474f",
    "#1f5fa8",
    "#5d4037",
)


@dataclass(frozen=True)
class Chart:
    figure: dict
    summary: str


def _date_axis(dates: Sequence[datetime.date]) -> dict:
    """A date axis with one tick per cutoff, labelled dd/mm/yyyy."""
    dates = sorted(set(dates))
    return {
        "type": "date",
        "tickmode": "array",
        "tickvals": [d.isoformat() for d in dates],
        "ticktext": [format_date(d) for d in dates],
        "gridcolor": GRID,
    }


def _numeric(*keys: str) -> dict:
    """The trace attributes holding Decimal numbers (see static/js/charts.js)."""
    return {"numeric": list(keys)}


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[datetime.date, Decimal | None], ...]


def trend(series: Sequence[Series], language: str = "es") -> Chart:
    """Compliance of each series (objectives, the plan) across cutoffs."""
    data = [
        go.Scatter(
            name=plain(s.name),
            mode="lines+markers",
            x=[d.isoformat() for d, _v in s.points],
            y=[_round(v) for _d, v in s.points],
            line={"color": SERIES_HEX[k % len(SERIES_HEX)], "width": 3 if k == 0 else 2},
            hovertemplate="%{fullData.name}<br>%{x|%d/%m/%Y}: %{y:,.2f}%<extra></extra>",
            connectgaps=False,
            meta=_numeric("y"),
        )
        for k, s in enumerate(series)
    ]
    layout = chart_layout.layout(
        language,
        height=380,
        xaxis=_date_axis([d for s in series for d, _v in s.points]),
        yaxis={"ticksuffix": "%", "tickformat": ",.0f", "gridcolor": GRID, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 56, "r": 16, "t": 16, "b": 24},
    )
    return Chart(chart_layout.figure(data, layout), trend_summary(series, language))


def trend_summary(series: Sequence[Series], language: str = "es") -> str:
    if not series or not series[0].points:
        return _("No hay cortes para mostrar.")
    dates = [d for d, _v in series[0].points]
    first, last = series[0].points[0], series[0].points[-1]
    text = ngettext(
        "Evolución del cumplimiento en %(count)d corte, el %(last_date)s.",
        "Evolución del cumplimiento en %(count)d cortes, del %(first_date)s al %(last_date)s.",
        len(dates),
    ) % {
        "count": len(dates),
        "first_date": format_date(dates[0]),
        "last_date": format_date(dates[-1]),
    }
    if last[1] is not None:
        text += " " + _("%(name)s: %(value)s al %(date)s.") % {
            "name": series[0].name,
            "value": format_percent(last[1], 2, language),
            "date": format_date(last[0]),
        }
        if len(dates) > 1 and first[1] is not None:
            text += " " + _("Al %(date)s era %(value)s.") % {
                "date": format_date(first[0]),
                "value": format_percent(first[1], 2, language),
            }
    return text


@dataclass(frozen=True)
class Pair:
    """Programmed and executed at a cutoff, both as a share of the year's programming.
    ``label`` is the indicator's name (shortened on the axis); ``code`` goes in the tooltip."""

    label: str
    programmed: Decimal | None
    executed: Decimal | None
    code: str = ""


def _figures() -> tuple:
    """The two figures the charts set side by side: attribute, series name, short name and
    colour."""
    return (
        ("programmed", _("Programado al corte"), _("Programado"), PROGRAMMED_HEX),
        ("executed", _("Ejecutado al corte"), _("Ejecutado"), EXECUTED_HEX),
    )


def programmed_vs_executed(pairs: Sequence[Pair], language: str = "es") -> Chart:
    pairs = [p for p in pairs if p.programmed is not None]
    labels = [plain(label) for label in unique([short(p.label) for p in pairs])]
    tooltips = [plain(f"{p.code} {p.label}" if p.code else p.label) for p in pairs]
    data = [
        go.Bar(
            name=name,
            x=labels,
            y=[_round(getattr(p, field)) for p in pairs],
            customdata=tooltips,
            marker={"color": colour},
            meta=_numeric("y"),
            hovertemplate="%{customdata}<br>" + figure + ": %{y:,.2f}%<extra></extra>",
        )
        for field, name, figure, colour in _figures()
    ]
    layout = chart_layout.layout(
        language,
        barmode="group",
        height=340,
        yaxis={
            "ticksuffix": "%",
            "tickformat": ",.0f",
            "gridcolor": GRID,
            "title": {"text": _("% de la meta de la vigencia")},
        },
        xaxis={"type": "category", "automargin": True, "tickangle": -40},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
    )
    reached = sum(
        1 for p in pairs if p.executed is not None and p.executed >= p.programmed and p.programmed
    )
    summary = ngettext(
        "%(count)d indicador con meta en la vigencia; ",
        "%(count)d indicadores con meta en la vigencia; ",
        len(pairs),
    ) % {"count": len(pairs)} + ngettext(
        "%(reached)d ejecutó al menos lo programado al corte.",
        "%(reached)d ejecutaron al menos lo programado al corte.",
        reached,
    ) % {"reached": reached}
    return Chart(chart_layout.figure(data, layout), summary)


@dataclass(frozen=True)
class Point:
    date: datetime.date
    programmed: Decimal | None
    executed: Decimal | None


def history(points: Sequence[Point], language: str = "es") -> Chart:
    """An indicator's programmed and executed magnitudes at each cutoff."""
    x = [p.date.isoformat() for p in points]
    lines = ({"dash": "dash"}, {"width": 3})
    data = [
        go.Scatter(
            name=name,
            mode="lines+markers",
            x=x,
            y=[getattr(p, field) for p in points],
            line={"color": colour, **line},
            meta=_numeric("y"),
            hovertemplate="%{x|%d/%m/%Y}<br>" + figure + ": %{y:,.2f}<extra></extra>",
        )
        for (field, name, figure, colour), line in zip(_figures(), lines, strict=True)
    ]
    layout = chart_layout.layout(
        language,
        height=320,
        xaxis=_date_axis([p.date for p in points]),
        yaxis={"tickformat": ",.2~f", "gridcolor": GRID, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.25},
    )
    if not points:
        summary = _("No hay cortes para mostrar.")
    else:
        last = points[-1]
        summary = ngettext("%(count)d corte.", "%(count)d cortes.", len(points)) % {
            "count": len(points)
        }
        if last.executed is None:
            summary += " " + _("Al %(date)s no hay reporte.") % {"date": format_date(last.date)}
        else:
            summary += " " + _(
                "Al %(date)s se ejecutó %(executed)s frente a %(programmed)s programado."
            ) % {
                "date": format_date(last.date),
                "executed": format_magnitude(last.executed, language),
                "programmed": format_magnitude(last.programmed, language) or "0",
            }
    return Chart(chart_layout.figure(data, layout), summary)
