"""The risk pages' former in-Python rules, kept as the reference the SQL versions are compared
with (risks/tests/test_alerts.py, test_register.py): every risk loaded into Python, then
counted and checked here. The pages themselves count in SQL (risks.loading, risks.alerts).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from risks.assessment import CORRUPTION, EXTREME, HIGH, MANAGEMENT
from risks.models import Risk
from risks.register import (
    INHERENT,
    MISSING,
    NO_PLAN,
    PLAN_EXPIRED,
    RETURNED,
    Cell,
    OwnerRow,
    OwnerTable,
    owner_table,
)


@dataclass(frozen=True)
class RiskPoint:
    """Where one risk sits: its owner (process or project) and its two heat-map cells."""

    risk_id: int
    kind: str
    owner_key: str  # "process-3", "project-7868": groups the table by process
    owner_label: str
    inherent: Cell | None  # None: not assessed yet
    residual: Cell | None

    def cell(self, stage: str) -> Cell | None:
        return self.inherent if stage == INHERENT else self.residual


def cell_counts(points: Iterable[RiskPoint], stage: str) -> dict[Cell, int]:
    """How many risks sit in each cell of one heat map (cells without risks are absent)."""
    return dict(Counter(p.cell(stage) for p in points if p.cell(stage) is not None))


def points_in_cell(points: Iterable[RiskPoint], stage: str, cell: Cell) -> list[RiskPoint]:
    return [p for p in points if p.cell(stage) == cell]


def unassessed(points: Iterable[RiskPoint]) -> int:
    return sum(1 for p in points if p.inherent is None)


def table_by_owner(points: Iterable[RiskPoint]) -> OwnerTable:
    """Corruption / management / total counts per process or investment project, ordered as
    the planning office publishes them: fewest risks first (ties by name)."""
    labels: dict[str, str] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for p in points:
        labels[p.owner_key] = p.owner_label
        counts[(p.owner_key, p.kind)] += 1
    return owner_table(
        OwnerRow(key, label, counts[(key, CORRUPTION)], counts[(key, MANAGEMENT)])
        for key, label in labels.items()
    )


@dataclass(frozen=True)
class PlanCheck:
    risk_id: int
    residual_zone: str | None
    action_end_dates: tuple[datetime.date, ...]


def without_current_plan(
    risks: Iterable[PlanCheck], today: datetime.date, zones: Iterable[str] = (HIGH, EXTREME)
) -> list[tuple[int, str]]:
    """Risks whose residual zone is in ``zones`` (Alto, Extremo) and that have no activity of
    an action plan ending today or later: (risk id, NO_PLAN or PLAN_EXPIRED)."""
    zones = set(zones)
    flagged = []
    for r in risks:
        if r.residual_zone not in zones:
            continue
        if not r.action_end_dates:
            flagged.append((r.risk_id, NO_PLAN))
        elif max(r.action_end_dates) < today:
            flagged.append((r.risk_id, PLAN_EXPIRED))
    return flagged


@dataclass(frozen=True)
class DueRisk:
    risk_id: int
    organisation_id: int
    year: int


@dataclass(frozen=True)
class CutoffDates:
    cutoff_id: int
    organisation_id: int
    date: datetime.date
    deadline: datetime.date


def overdue_follow_ups(
    risks: Iterable[DueRisk],
    cutoffs: Iterable[CutoffDates],
    statuses: Mapping[tuple[int, int], str],
    today: datetime.date,
) -> list[tuple[int, int, str]]:
    """(risk id, cutoff id, MISSING or RETURNED) for every follow-up whose deadline has passed
    and that was not reported, or was returned and not sent again. A risk is followed at every
    cutoff of its organisation in its year."""
    past = [c for c in cutoffs if c.deadline < today]
    overdue = []
    for c in sorted(past, key=lambda c: (c.date, c.cutoff_id)):
        for r in risks:
            if r.organisation_id != c.organisation_id or r.year != c.date.year:
                continue
            status = statuses.get((r.risk_id, c.cutoff_id))
            if status is None:
                overdue.append((r.risk_id, c.cutoff_id, MISSING))
            elif status == RETURNED:
                overdue.append((r.risk_id, c.cutoff_id, RETURNED))
    return overdue


def owner_of(risk: Risk) -> tuple[str, str]:
    """(key, label) of the process or investment project a risk belongs to."""
    if risk.process_id:
        return f"process-{risk.process_id}", risk.process.name
    project = risk.investment_project
    return f"project-{risk.investment_project_id}", f"{project.code} {project.name}"


def point_of(risk: Risk) -> RiskPoint:
    """A risk loaded with ``with_assessment()`` as a plain point of the heat maps."""
    key, label = owner_of(risk)
    assessment = getattr(risk, "assessment", None)
    if assessment is None:
        return RiskPoint(risk.id, risk.kind, key, label, None, None)
    return RiskPoint(
        risk.id,
        risk.kind,
        key,
        label,
        (assessment.inherent_probability.position, assessment.inherent_impact.position),
        (assessment.residual_probability.position, assessment.residual_impact.position),
    )
