"""plotly figures (as plain dicts) and their text summaries, built from the pure summaries of
accountability.calculations. Numbers go to plotly as strings (never floats); hover labels and
the text are in Colombian format through plan.formatting. Every text plotly draws goes through
plan.chart_text.plain (plotly renders a subset of HTML; typed data must read as text)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accountability.calculations import DimensionSummary, majority
from plan.chart_text import plain
from plan.formatting import SEPARATORS, format_magnitude, format_number

BAR_COLOUR = "#0b5394"
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 14}


def _separators(language: str) -> str:
    decimal_sep, thousands_sep = SEPARATORS.get((language or "es")[:2], SEPARATORS["es"])
    return decimal_sep + thousands_sep


def _layout(title: str, rows: int, language: str, axis: dict) -> dict:
    return {
        "title": {"text": plain(title), "x": 0, "font": {"size": 16}},
        "separators": _separators(language),
        "font": FONT,
        "height": 120 + 44 * rows,
        "margin": {"l": 10, "r": 20, "t": 50, "b": 40},
        "xaxis": {"type": "linear", "rangemode": "tozero", "fixedrange": True, **axis},
        "yaxis": {"automargin": True, "autorange": "reversed", "fixedrange": True},
        "showlegend": False,
    }


def demographics_figure(summary: DimensionSummary, language: str = "es") -> dict:
    """A horizontal bar per category of one dimension, as % of the attendees."""
    categories = [c for c in summary.categories if c.share is not None]
    labels = [_share(c.share, language) for c in categories]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [plain(c.category) for c in categories],
                "x": [str(c.share) for c in categories],
                "text": labels,
                "textposition": "auto",
                "hovertemplate": "%{y}: %{text}<extra></extra>",
                "marker": {"color": BAR_COLOUR},
            }
        ],
        "layout": _layout(
            _("Asistentes según %(dimension)s (%%)") % {"dimension": summary.dimension.lower()},
            len(categories),
            language,
            {"range": [0, 100], "ticksuffix": "%"},
        ),
    }


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
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": [plain(label) for label, _value in items],
                "x": [str(value) for _label, value in items],
                "text": [format_number(value, 0, language) for _label, value in items],
                "textposition": "auto",
                "hovertemplate": "%{y}: %{text}<extra></extra>",
                "marker": {"color": BAR_COLOUR},
            }
        ],
        "layout": _layout(title, len(items), language, {}),
    }


def attendance_summary_text(items: list[tuple[str, int]], language: str = "es") -> str:
    return (
        "; ".join(f"{label}: {format_number(value, 0, language)}" for label, value in items) + "."
    )
