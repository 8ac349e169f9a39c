"""Pure aggregations of the risk register for the directors' pages (no ORM, no HTTP).

The loader (``risks.loading``) turns rows of the database into these plain values; what the
pages show is computed here and tested without a database.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from risks.assessment import CORRUPTION, EXTREME, HIGH, MANAGEMENT

INHERENT = "inherent"
RESIDUAL = "residual"
STAGES = (INHERENT, RESIDUAL)

Cell = tuple[int, int]  # (probability position, impact position)


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


def zone_totals(counts: Mapping[Cell, int], zones: Mapping[Cell, str]) -> dict[str, int]:
    """How many risks sit in each zone of a heat map."""
    totals: Counter[str] = Counter()
    for cell, n in counts.items():
        totals[zones[cell]] += n
    return dict(totals)


def points_in_cell(points: Iterable[RiskPoint], stage: str, cell: Cell) -> list[RiskPoint]:
    return [p for p in points if p.cell(stage) == cell]


def unassessed(points: Iterable[RiskPoint]) -> int:
    return sum(1 for p in points if p.inherent is None)


@dataclass(frozen=True)
class OwnerRow:
    key: str
    label: str
    corruption: int
    management: int

    @property
    def total(self) -> int:
        return self.corruption + self.management


@dataclass(frozen=True)
class OwnerTable:
    rows: tuple[OwnerRow, ...]

    @property
    def corruption(self) -> int:
        return sum(r.corruption for r in self.rows)

    @property
    def management(self) -> int:
        return sum(r.management for r in self.rows)

    @property
    def total(self) -> int:
        return self.corruption + self.management


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


def owner_table(rows: Iterable[OwnerRow]) -> OwnerTable:
    """The rows in the planning office's order: fewest risks first (ties by name)."""
    return OwnerTable(tuple(sorted(rows, key=lambda r: (r.total, r.label.casefold()))))


# --- Alerts --------------------------------------------------------------------------------

NO_PLAN = "no_plan"
PLAN_EXPIRED = "plan_expired"


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


MISSING = "missing"
RETURNED = "returned"


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
