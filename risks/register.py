"""Pure parts of the risk register's directors' pages (no ORM, no HTTP): the stages and
cells of the heat maps, zone totals, the table by process or project in the planning office's
order, and the reasons an alert gives. The counting itself runs in SQL (risks.loading,
risks.alerts); the former in-Python rules are kept in risks/tests/reference.py as the oracle
the SQL is compared with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

INHERENT = "inherent"
RESIDUAL = "residual"
STAGES = (INHERENT, RESIDUAL)

Cell = tuple[int, int]  # (probability position, impact position)


def zone_totals(counts: Mapping[Cell, int], zones: Mapping[Cell, str]) -> dict[str, int]:
    """How many risks sit in each zone of a heat map."""
    totals: Counter[str] = Counter()
    for cell, n in counts.items():
        totals[zones[cell]] += n
    return dict(totals)


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


def owner_table(rows: Iterable[OwnerRow]) -> OwnerTable:
    """The rows in the planning office's order: fewest risks first (ties by name)."""
    return OwnerTable(tuple(sorted(rows, key=lambda r: (r.total, r.label.casefold()))))


# --- Alerts --------------------------------------------------------------------------------

NO_PLAN = "no_plan"
PLAN_EXPIRED = "plan_expired"


MISSING = "missing"
RETURNED = "returned"
