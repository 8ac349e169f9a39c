"""Aggregations of the directors' pages, without a database."""

import datetime

from risks import register as r
from risks.assessment import CORRUPTION, EXTREME, HIGH, LOW, MANAGEMENT, MODERATE

D = datetime.date


def point(risk_id, kind, owner, inherent=None, residual=None):
    return r.RiskPoint(risk_id, kind, owner, owner.title(), inherent, residual)


POINTS = [
    point(1, CORRUPTION, "juridica", (3, 4), (2, 4)),
    point(2, MANAGEMENT, "juridica", (3, 4), (2, 4)),
    point(3, MANAGEMENT, "financiera", (5, 1), (5, 1)),
    point(4, MANAGEMENT, "financiera"),
    point(5, MANAGEMENT, "conocimiento"),
]


def test_cells_count_the_risks_of_each_stage():
    assert r.cell_counts(POINTS, r.INHERENT) == {(3, 4): 2, (5, 1): 1}
    assert r.cell_counts(POINTS, r.RESIDUAL) == {(2, 4): 2, (5, 1): 1}
    assert [p.risk_id for p in r.points_in_cell(POINTS, r.RESIDUAL, (2, 4))] == [1, 2]
    assert r.unassessed(POINTS) == 2


def test_zone_totals_add_cells_of_the_same_zone():
    zones = {(2, 4): HIGH, (5, 1): HIGH, (1, 1): LOW}
    assert r.zone_totals({(2, 4): 2, (5, 1): 1}, zones) == {HIGH: 3}


def test_the_table_by_owner_counts_every_risk_assessed_or_not():
    table = r.table_by_owner(POINTS)
    assert [(row.label, row.corruption, row.management, row.total) for row in table.rows] == [
        ("Conocimiento", 0, 1, 1),
        ("Financiera", 0, 2, 2),
        ("Juridica", 1, 1, 2),
    ]
    assert (table.corruption, table.management, table.total) == (1, 4, 5)


def test_high_and_extreme_risks_without_a_current_plan_are_flagged():
    today = D(2025, 6, 1)
    checks = [
        r.PlanCheck(1, HIGH, ()),
        r.PlanCheck(2, EXTREME, (D(2025, 5, 31),)),
        r.PlanCheck(3, EXTREME, (D(2025, 5, 31), D(2025, 6, 1))),
        r.PlanCheck(4, MODERATE, ()),
        r.PlanCheck(5, None, ()),
    ]
    assert r.without_current_plan(checks, today) == [(1, r.NO_PLAN), (2, r.PLAN_EXPIRED)]


def test_follow_ups_are_overdue_after_the_deadline_when_missing_or_returned():
    risks = [
        r.DueRisk(1, 10, 2025),
        r.DueRisk(2, 10, 2025),
        r.DueRisk(3, 10, 2024),
        r.DueRisk(4, 11, 2025),
    ]
    cutoffs = [
        r.CutoffDates(100, 10, D(2025, 4, 30), D(2025, 5, 14)),
        r.CutoffDates(101, 10, D(2025, 8, 31), D(2025, 9, 12)),
    ]
    statuses = {(1, 100): "approved", (2, 100): "returned"}
    assert r.overdue_follow_ups(risks, cutoffs, statuses, D(2025, 5, 14)) == []
    assert r.overdue_follow_ups(risks, cutoffs, statuses, D(2025, 5, 15)) == [(2, 100, r.RETURNED)]
    assert r.overdue_follow_ups(risks, cutoffs, statuses, D(2025, 10, 1)) == [
        (2, 100, r.RETURNED),
        (1, 101, r.MISSING),
        (2, 101, r.MISSING),
    ]
