"""The scorecard of a plan at one cutoff (pure: plain values in, plain values out).

One line per objective and one for the plan: the figure and its colour, the change in points
since the previous cutoff of the given history, a sparkline of every cutoff so far, how many
indicators lag and, when given, the year-end projection. The meter beside each figure is drawn
on one scale for every line: the 100 % mark, the colour thresholds and any over-execution are
at their true places (183,33 % goes beyond the 100 % mark, 98,48 % stops short of it, 0 % is
an empty bar with its figure beside it). Geometry travels as strings with a dot (SVG needs it;
a Decimal in a template would be localised with a comma).

The summary sentence counts the objectives by the colour their badges show, so it can never
contradict them (a 98,48 % «Satisfactorio» is counted as «Satisfactorio»).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plan.choices import ComplianceColour
from plan.formatting import format_date

HUNDRED = Decimal(100)
STEP = Decimal(50)  # the meter's scale ends at a multiple of 50 %
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 64, 20, 2
COLOUR_ORDER = ("green", "yellow", "red", "grey")


@dataclass(frozen=True)
class Figure:
    """One objective (or the plan) at one cutoff."""

    value: Decimal | None
    colour: str
    title: str = ""
    corrected: bool = False  # a correction changed it since it was first published
    original: Decimal | None = None  # as first published, when corrected


@dataclass(frozen=True)
class CutoffFigures:
    """A cutoff's figures: the plan's and each objective's by number."""

    date: datetime.date
    plan: Figure
    objectives: Mapping[int, Figure]


@dataclass(frozen=True)
class Meter:
    """Positions on the meter in % of its width (strings with a dot, for SVG)."""

    fill: str  # width of the bar ("0" for 0 % or no figure)
    hundred: str  # the 100 % mark
    yellow: str  # where «En riesgo» starts
    green: str  # where «Satisfactorio» starts
    over: bool  # beyond 100 %
    zones: tuple[tuple[str, str, str], ...]  # (x, width, colour) of each threshold band


@dataclass(frozen=True)
class Line:
    number: int | None  # None: the plan's headline
    title: str
    value: Decimal | None
    colour: str
    previous: Decimal | None
    change: Decimal | None  # points since the previous cutoff
    points: Decimal | None  # its size, without the sign (the arrow says which way)
    arrow: str  # ▲ ▼ = or "" (no previous figure)
    change_words: str  # what the arrow says, for screen readers
    spark: tuple[str, ...]  # SVG polyline point lists (a gap splits the line)
    spark_last: tuple[str, str] | None  # the last point (x, y)
    lagging: int | None  # indicators lagging; None when unknown
    meter: Meter
    projection: Decimal | None = None
    corrected: bool = False
    original: Decimal | None = None


@dataclass(frozen=True)
class Scorecard:
    date: datetime.date
    previous_date: datetime.date | None
    cutoffs: int  # cutoffs in the trend, the current one included
    scale: Decimal  # the meter's 100 % of width, in %
    headline: Line
    lines: tuple[Line, ...]
    sentence: str


def _share(value: Decimal, scale: Decimal) -> Decimal:
    return max(Decimal(0), min(value, scale)) / scale * HUNDRED


def _pos(value: Decimal, scale: Decimal) -> str:
    return f"{_share(value, scale).quantize(Decimal('0.01'))}"


def scale_for(values: Sequence[Decimal | None]) -> Decimal:
    """100 %, or the highest figure rounded up to a multiple of 50 %."""
    top = max([HUNDRED, *(v for v in values if v is not None)])
    return (top / STEP).to_integral_value(rounding=ROUND_CEILING) * STEP


def meter(value: Decimal | None, scale: Decimal, thresholds: tuple[Decimal, Decimal]) -> Meter:
    green_from, yellow_from = thresholds
    edges = [Decimal(0), _share(yellow_from, scale), _share(green_from, scale), HUNDRED]
    zones = tuple(
        (f"{a.quantize(Decimal('0.01'))}", f"{(b - a).quantize(Decimal('0.01'))}", colour)
        for a, b, colour in zip(edges, edges[1:], ("red", "yellow", "green"), strict=False)
    )
    return Meter(
        fill=_pos(value, scale) if value is not None else "0",
        hundred=_pos(HUNDRED, scale),
        yellow=_pos(yellow_from, scale),
        green=_pos(green_from, scale),
        over=value is not None and value > HUNDRED,
        zones=zones,
    )


def sparkline(values: Sequence[Decimal | None]) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    """Polylines of the values over the cutoffs on a 0..max(100, top) vertical scale."""
    if not values:
        return (), None
    top = max([HUNDRED, *(v for v in values if v is not None)])
    low = min([Decimal(0), *(v for v in values if v is not None)])
    span = top - low
    step = Decimal(SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    inner = Decimal(SPARK_HEIGHT - 2 * SPARK_PAD)
    segments, current, last = [], [], None
    for k, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        x = Decimal(SPARK_PAD) + step * k
        y = Decimal(SPARK_PAD) + inner * (top - value) / span
        last = (f"{x.quantize(Decimal('0.1'))}", f"{y.quantize(Decimal('0.1'))}")
        current.append(",".join(last))
    if current:
        segments.append(current)
    return tuple(" ".join(s) for s in segments if len(s) > 1), last


def _change(value: Decimal | None, previous: Decimal | None) -> tuple[Decimal | None, str, str]:
    if value is None or previous is None:
        return None, "", ""
    change = value - previous
    rounded = change.quantize(Decimal("0.01"))
    if rounded > 0:
        return change, "▲", _("sube")
    if rounded < 0:
        return change, "▼", _("baja")
    return change, "=", _("sin cambio")


def _line(number, history, pick, lagging, scale, thresholds, projection) -> Line:
    figures = [pick(c) for c in history]
    current = figures[-1]
    previous = figures[-2].value if len(figures) > 1 and figures[-2] else None
    value = current.value if current else None
    change, arrow, words = _change(value, previous)
    spark, last = sparkline([f.value if f else None for f in figures])
    return Line(
        number=number,
        title=current.title if current else "",
        value=value,
        colour=current.colour if current else "grey",
        previous=previous,
        change=change,
        points=abs(change) if change is not None else None,
        arrow=arrow,
        change_words=words,
        spark=spark,
        spark_last=last,
        lagging=lagging,
        meter=meter(value, scale, thresholds),
        projection=projection,
        corrected=bool(current and current.corrected),
        original=current.original if current else None,
    )


def build(
    history: Sequence[CutoffFigures],
    thresholds: tuple[Decimal, Decimal],
    lagging: Mapping[int | None, int] | None = None,
    projections: Mapping[int | None, Decimal | None] | None = None,
) -> Scorecard:
    """The scorecard of the last cutoff of ``history`` (oldest first). ``thresholds`` is
    (green from, yellow from); ``lagging`` and ``projections`` are keyed by objective number,
    None for the plan."""
    history = list(history)
    current = history[-1]
    lagging = lagging or {}
    projections = projections or {}
    values = [current.plan.value, *(f.value for f in current.objectives.values())]
    scale = scale_for(values)
    headline = _line(
        None,
        history,
        lambda c: c.plan,
        lagging.get(None),
        scale,
        thresholds,
        projections.get(None),
    )
    lines = tuple(
        _line(
            number,
            history,
            lambda c, n=number: c.objectives.get(n),
            lagging.get(number),
            scale,
            thresholds,
            projections.get(number),
        )
        for number in sorted(current.objectives)
    )
    return Scorecard(
        date=current.date,
        previous_date=history[-2].date if len(history) > 1 else None,
        cutoffs=len(history),
        scale=scale,
        headline=headline,
        lines=lines,
        sentence=colour_sentence([f.colour for f in current.objectives.values()], current.date),
    )


def _join(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s y %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def colour_sentence(colours: Sequence[str], date: datetime.date) -> str:
    """«Al 31/03/2026, de 8 objetivos: 6 en «Satisfactorio», 1 en «En riesgo» y 1 en
    «Crítico».» Each count is of the colour the badges show, with its plural."""
    counts = Counter(colours)
    parts = [
        ngettext(
            "%(count)d objetivo en «%(label)s»",
            "%(count)d objetivos en «%(label)s»",
            counts[colour],
        )
        % {"count": counts[colour], "label": ComplianceColour(colour).label}
        for colour in COLOUR_ORDER
        if counts[colour]
    ]
    if not parts:
        return _("Al %(date)s el plan no tiene objetivos.") % {"date": format_date(date)}
    return _("Al %(date)s: %(parts)s.") % {"date": format_date(date), "parts": _join(parts)}


def lagging_count(indicator_ids, statuses: Mapping[int, str], lag: str = "lag") -> int:
    """How many of the given indicators (counted once) lag."""
    return sum(1 for i in set(indicator_ids) if statuses.get(i) == lag)


# --- From published snapshots (plan.snapshots) -------------------------------------------


def from_published(cutoff) -> CutoffFigures:
    """A ``publication.snapshots.PublishedCutoff`` as scorecard figures."""
    return CutoffFigures(
        date=cutoff.date,
        plan=Figure(
            cutoff.plan_compliance,
            cutoff.plan_colour,
            corrected=cutoff.corrected
            and cutoff.original_plan_compliance != cutoff.plan_compliance,
            original=cutoff.original_plan_compliance,
        ),
        objectives={
            o.number: Figure(
                o.compliance, o.colour, o.short_title, o.corrected, o.original_compliance
            )
            for o in cutoff.objectives
        },
    )


def published_lagging(cutoff, lag: str = "lag") -> dict[int | None, int]:
    """Lagging indicators of each objective of a published cutoff, and of the plan (None)."""
    statuses = {i: indicator.status for i, indicator in cutoff.indicators.items()}
    counts: dict[int | None, int] = {}
    every = []
    for objective in cutoff.objectives:
        ids = [t.indicator_id for t in objective.terms]
        every.extend(ids)
        counts[objective.number] = lagging_count(ids, statuses, lag)
    counts[None] = lagging_count(every, statuses, lag)
    return counts
