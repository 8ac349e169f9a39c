"""What a cutoff will publish, beside the previous publication, and its plausibility flags
(issue 11, item 3). Seven queries whatever the size of the plan: the six of
``load_plan_at_cutoff`` and the previous published snapshot (plus the cutoff's plan when it
was not loaded with it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from indicators.loading import load_plan_at_cutoff
from plan.choices import CutoffStatus
from plan.models import Cutoff, Snapshot
from reporting import plausibility
from reporting.plausibility import Flag, IndicatorCheck


@dataclass(frozen=True)
class FigureRow:
    label: str
    current: Decimal | None
    previous: Decimal | None
    colour: str = "grey"


@dataclass(frozen=True)
class IndicatorPreview:
    indicator_id: int
    label: str
    unit: str
    executed: Decimal | None
    programmed_cutoff: Decimal | None
    progress: Decimal | None
    previous_progress: Decimal | None
    flags: tuple[Flag, ...] = ()


@dataclass
class PublicationPreview:
    cutoff: Cutoff
    previous: Snapshot | None
    plan: FigureRow
    objectives: list[FigureRow] = field(default_factory=list)
    indicators: list[IndicatorPreview] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def missing(self) -> list[Flag]:
        return [f for f in self.flags if f.kind == plausibility.MISSING_REPORT]


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def previous_publication(cutoff: Cutoff) -> Snapshot | None:
    """What citizens read before this publication (1 query): the cutoff's own latest version
    when this is a correction, else the latest version of the plan's previous published
    cutoff."""
    return (
        Snapshot.objects.filter(cutoff__plan_id=cutoff.plan_id)
        .filter(
            Q(cutoff_id=cutoff.id)
            | Q(cutoff__date__lt=cutoff.date, cutoff__status=CutoffStatus.PUBLISHED)
        )
        .select_related("cutoff")
        .order_by("-cutoff__date", "-version")
        .first()
    )


def _label(indicator) -> str:
    return f"{indicator.code} · {indicator.name}" if indicator.code else indicator.name


def publication_preview(cutoff: Cutoff) -> PublicationPreview:
    if not Cutoff.plan.is_cached(cutoff):
        cutoff = Cutoff.objects.select_related("plan").get(pk=cutoff.pk)
    data = load_plan_at_cutoff(cutoff)
    previous = previous_publication(cutoff)
    payload = previous.payload if previous else {}
    before_objectives = {o["number"]: o for o in payload.get("objectives", [])}
    before_indicators = {i["id"]: i for i in payload.get("indicators", [])}
    preview = PublicationPreview(
        cutoff,
        previous,
        FigureRow(
            cutoff.plan.name,
            data.result.compliance,
            _decimal(payload.get("plan_compliance")),
            data.result.colour,
        ),
    )
    for objective in data.objectives:
        result = data.result.objectives[objective.id]
        before = before_objectives.get(objective.number, {})
        preview.objectives.append(
            FigureRow(
                f"{objective.number}. {objective.short_title}",
                result.compliance,
                _decimal(before.get("compliance")),
                result.colour,
            )
        )
    for indicator_id, indicator in data.indicators.items():
        figures = data.figures[indicator_id]
        before = before_indicators.get(indicator_id, {})
        check = IndicatorCheck(
            indicator_id,
            _label(indicator),
            indicator.unit,
            figures.executed,
            figures.programmed_year,
            figures.programmed_cutoff,
            _decimal(before.get("executed")),
            figures.direction,
        )
        flags = tuple(plausibility.flags_for([check]))
        preview.flags.extend(flags)
        preview.indicators.append(
            IndicatorPreview(
                indicator_id,
                check.name,
                indicator.get_unit_display(),
                figures.executed,
                figures.programmed_cutoff,
                data.result.indicators[indicator_id].progress_at_cutoff,
                _decimal(before.get("progress_at_cutoff")),
                flags,
            )
        )
    preview.indicators.sort(key=lambda row: (not row.flags, row.label))
    return preview


def publication_flags(cutoff: Cutoff) -> list[Flag]:
    return publication_preview(cutoff).flags
