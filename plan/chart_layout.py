"""The one chart style: every plotly figure of the product (plan.charts, risks.charts,
accountability.charts) is built with ``plotly.graph_objects`` on this layout and handed to
the page as a plain dict for ``json_script``. Pure: no ORM, no HTTP.

The layout carries the reader's separators (derived from plan.formatting, so plotly's
d3-format prints 183,33 like the pages do), the product's font and ink, no plotly template
and a transparent background. Each chart adds only what is its own (axes, size, title)."""

from __future__ import annotations

import plotly.graph_objects as go

from plan.formatting import SEPARATORS as NUMBER_SEPARATORS

# plotly's ``separators``: the decimal mark, then the thousands separator.
SEPARATORS = {code: decimal + thousands for code, (decimal, thousands) in NUMBER_SEPARATORS.items()}
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK = "#1b1b1f"


def language_code(language: str | None) -> str:
    """ "es" or "en": the languages whose separators we know; Spanish otherwise."""
    code = (language or "es")[:2]
    return code if code in SEPARATORS else "es"


def layout(language: str | None, **extra) -> go.Layout:
    """The common layout with ``extra`` on top (a key given in ``extra`` replaces ours)."""
    settings = {
        "template": "none",
        "separators": SEPARATORS[language_code(language)],
        "font": {"family": FONT_FAMILY, "color": INK},
        "margin": {"l": 48, "r": 16, "t": 16, "b": 48},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"font": {"size": 14}},
    }
    return go.Layout(**{**settings, **extra})


def figure(data, figure_layout: go.Layout) -> dict:
    """The figure as a plain dict (numbers stay what they were given: strings or ints)."""
    return go.Figure(data=data, layout=figure_layout).to_plotly_json()
