"""Aggregations of the directors' pages, without a database."""

import datetime

from risks import register as r
from risks.assessment import CORRUPTION, EXTREME, HIGH, LOW, MANAGEMENT, MODERATE
from risks.tests import reference as ref

D = datetime.date


def point(risk_id, kind, owner, inherent=None, residual=None):
    return ref.RiskPoint(risk_id, kind, owner, owner.title(), inherent, residual)


POINTS = [
    point(1, CORRUPTION, "juridica", (3, 4), (2, 4)),
    point(2, MANAGEMENT, "juridica", (3, 4), (2, 4)),
    point(3, MANAGEMENT, "financiera", (5, 1), (5, 1)),
    point(4, MANAGEMENT, "financiera"),
    point(5, MANAGEMENT, "conocimiento"),
]


def test_cells_count_the_risks_of_each_stage():
    assert ref.cell_counts(POINTS, r.INHERENT) == {(3, 4): 2, (5, 1): 1}
    assert ref.cell_counts(POINTS, r.RESIDUAL) == {(2, 4): 2, (5, 1): 1}
    assert [p.risk_id for p in ref.points_in_cell(POINTS, r.RESIDUAL, (2, 4))] == [1, 2]
    assert ref.unassessed(POINTS) == 2


def test_zone_totals_add_cells_of_the_same_zone():
    zones = {(2, 4): HIGH, (5, 1): HIGH, (1, 1): LOW}
    assert r.zone_totals({(2, 4): 2, (5, 1): 1}, zones) == {HIGH: 3}


def test_the_table_by_owner_counts_every_risk_assessed_or_not():
    table = ref.table_by_owner(POINTS)
    assert [(row.label, row.corruption, row.management, row.total) for row in table.rows] == [
        ("Conocimiento", 0, 1, 1),
        ("Financiera", 0, 2, 2),
        ("Juridica", 1, 1, 2),
    ]
    assert (table.corruption, table.management, table.total) == (1, 4, 5)


def test_high_and_extreme_risks_without_a_current_plan_are_flagged():
    today = D(2025, 6, 1)
    checks = [
        ref.PlanCheck(1, HIGH, ()),
        ref.PlanCheck(2, EXTREME, (D(2025, 5, 31),)),
        ref.PlanCheck(3, EXTREME, (D(2025, 5, 31), D(2025, 6, 1))),
        ref.PlanCheck(4, MODERATE, ()),
        ref.PlanCheck(5, None, ()),
    ]
    assert ref.without_current_plan(checks, today) == [(1, r.NO_PLAN), (2, r.PLAN_EXPIRED)]


def test_follow_ups_are_overdue_after_the_deadline_when_missing_or_returned():
    risks = [
        ref.DueRisk(1, 10, 2025),
        ref.DueRisk(2, 10, 2025),
        ref.DueRisk(3, 10, 2024),
        ref.DueRisk(4, 11, 2025),
    ]
    cutoffs = [
        ref.CutoffDates(100, 10, D(2025, 4, 30), D(2025, 5, 14)),
        ref.CutoffDates(101, 10, D(2025, 8, 31), D(2025, 9, 12)),
    ]
    statuses = {(1, 100): "approved", (2, 100): "returned"}
    assert ref.overdue_follow_ups(risks, cutoffs, statuses, D(2025, 5, 14)) == []
    on_deadline_day = ref.overdue_follow_ups(risks, cutoffs, statuses, D(2025, 5, 15))
    assert on_deadline_day == [(2, 100, r.RETURNED)]
    assert ref.overdue_follow_ups(risks, cutoffs, statuses, D(2025, 10, 1)) == [
        (2, 100, r.RETURNED),
        (1, 101, r.MISSING),
        (2, 101, r.MISSING),
    ]
