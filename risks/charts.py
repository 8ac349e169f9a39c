"""The heat-map figure, built from plain values (no ORM, no HTTP, no request).

The figure is a plotly heatmap whose colours are the zones of the methodology's cells and
whose numbers are the risks counted in each cell; every cell carries the address that lists
its risks, so a click in the browser opens that list. Names typed in the methodology go
through plan.chart_text.plain: plotly renders a subset of HTML and they must read as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from plan import chart_layout
from plan.chart_text import plain

Cell = tuple[int, int]


def _discrete_colorscale(colours: Sequence[str]) -> list[list]:
    """A colour scale where the integers 0..n-1 each get one flat colour."""
    n = len(colours)
    scale = []
    for k, colour in enumerate(colours):
        scale.append([k / n, colour])
        scale.append([(k + 1) / n, colour])
    return scale


def heat_map_figure(
    *,
    probability_levels: Sequence[tuple[int, str]],  # (position, name), ascending
    impact_levels: Sequence[tuple[int, str]],
    zones: Mapping[Cell, str],  # cell -> zone code
    counts: Mapping[Cell, int],
    urls: Mapping[Cell, str],
    zone_order: Sequence[str],  # zone codes, lowest first
    zone_labels: Mapping[str, str],
    zone_colours: Mapping[str, tuple[str, str]],  # zone -> (background, text)
    axis_titles: tuple[str, str],  # (impact, probability)
    count_label: str,
) -> dict:
    """The plotly figure as a plain dict, ready for ``json_script``."""
    impact_levels = [(i, plain(name)) for i, name in impact_levels]
    probability_levels = [(p, plain(name)) for p, name in probability_levels]
    axis_titles = (plain(axis_titles[0]), plain(axis_titles[1]))
    count_label = plain(count_label)
    z, text, customdata, annotations = _cells(
        probability_levels,
        impact_levels,
        zones,
        counts,
        urls,
        zone_order,
        zone_labels,
        zone_colours,
    )
    heatmap = go.Heatmap(
        x=[name for _, name in impact_levels],
        y=[name for _, name in probability_levels],
        z=z,
        zmin=0,
        zmax=len(zone_order) - 1,
        text=text,
        customdata=customdata,
        colorscale=_discrete_colorscale([zone_colours[zone][0] for zone in zone_order]),
        showscale=False,
        xgap=3,
        ygap=3,
        hovertemplate=(
            f"{axis_titles[1]}: %{{y}}<br>{axis_titles[0]}: %{{x}}<br>"
            f"%{{customdata[1]}}<br>{count_label}: %{{customdata[2]}}<extra></extra>"
        ),
    )
    return chart_layout.figure([heatmap], _layout(axis_titles, annotations))


def _layout(axis_titles: tuple[str, str], annotations: list) -> go.Layout:
    return chart_layout.layout(
        "es",  # the counts are small whole numbers: no separator shows
        annotations=annotations,
        # On a phone plotly slants the impact names; the last one («Catastrófico») then
        # reaches past the plot's right edge, and automargin makes room for it.
        xaxis={
            "title": {"text": axis_titles[0]},
            "side": "bottom",
            "fixedrange": True,
            "automargin": True,
        },
        yaxis={"title": {"text": axis_titles[1]}, "fixedrange": True, "automargin": True},
        margin={"l": 90, "r": 10, "t": 10, "b": 60},
        height=380,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
    )


def _cells(
    probability_levels, impact_levels, zones, counts, urls, zone_order, zone_labels, colours
):
    """Per cell: the zone's position (the colour), the count, the hover data and the label."""
    z, text, customdata, annotations = [], [], [], []
    for p, p_name in probability_levels:
        z_row, text_row, data_row = [], [], []
        for i, i_name in impact_levels:
            zone = zones[(p, i)]
            n = counts.get((p, i), 0)
            z_row.append(zone_order.index(zone))
            text_row.append(str(n))
            data_row.append([urls.get((p, i), ""), plain(zone_labels[zone]), n])
            annotations.append(
                {
                    "x": i_name,
                    "y": p_name,
                    "text": f"<b>{n}</b>" if n else "0",
                    "showarrow": False,
                    "font": {"color": colours[zone][1], "size": 16 if n else 12},
                }
            )
        z.append(z_row)
        text.append(text_row)
        customdata.append(data_row)
    return z, text, customdata, annotations
