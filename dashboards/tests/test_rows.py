"""What the directors' pages compute from a loaded plan (no HTTP)."""

import datetime
from decimal import Decimal as D

import pytest

from dashboards import rows
from indicators.history import load_plan_history
from indicators.loading import load_plan_at_cutoff
from plan import charts
from plan.models import Cutoff

MARCH, JUNE = datetime.date(2026, 3, 31), datetime.date(2026, 6, 30)


def test_a_magnitude_as_a_share_of_the_years_programming():
    assert rows.share_of_year(D("0.45"), D("0.7")).quantize(D("0.01")) == D("64.29")
    assert rows.share_of_year(D(1), D(0)) is None
    assert rows.share_of_year(None, D(5)) is None


def test_a_change_needs_both_figures():
    assert rows.Change(4, "4.", D("112.5"), D("183.33")).change == D("-70.83")
    assert rows.Change(1, "1.", None, D(100)).change is None


def test_the_trend_table_has_one_row_per_cutoff_and_one_column_per_series():
    series = [
        charts.Series("Plan", ((MARCH, D("105.97")), (JUNE, D("76.56")))),
        charts.Series("1.", ((MARCH, None), (JUNE, None))),
    ]
    table = rows.trend_table(series)
    assert [(r.date, r.values) for r in table] == [
        (MARCH, (D("105.97"), None)),
        (JUNE, (D("76.56"), None)),
    ]
    assert rows.trend_table([]) == []


@pytest.mark.django_db
def test_pes_rows_alerts_and_pairs_at_the_published_cutoff(seeded):
    data = load_plan_at_cutoff(
        Cutoff.objects.select_related("plan").get(plan__slug="pes-2024-2027", date=MARCH)
    )
    table = rows.indicator_rows(data)
    assert len(table) == 17
    assert [r.objective_number for r in table] == sorted(r.objective_number for r in table)
    alerts = rows.alerts(data)
    assert [a.points.quantize(D("0.01")) for a in alerts.lag] == [D("40.00"), D("3.03")]
    assert [(a.row.code, a.objectives) for a in alerts.over] == [("4075", "4")]
    six = [r for r in table if r.objective_number == 6]
    pairs = rows.programmed_executed_pairs(six)
    assert [p.code for p in pairs] == ["", "4226", "", "4248"]  # names on the axis, not codes
    assert pairs[0].label == "Índice de Gestión Pública Distrital (Puntos)"
    assert pairs[1].programmed.quantize(D("0.01")) == D("64.29")


@pytest.mark.django_db
def test_pei_indicator_543_has_a_row_in_each_objective_it_feeds(seeded):
    data = load_plan_at_cutoff(
        Cutoff.objects.select_related("plan").get(plan__slug="pei-2020-2024")
    )
    feeding = [(r.objective_number, r.weight) for r in rows.indicator_rows(data) if r.code == "543"]
    assert feeding == [(2, D("31.34")), (3, D(100))]
    alert = next(a for a in rows.alerts(data).lag if a.row.code == "543")
    assert alert.objectives == "2; 3"


@pytest.mark.django_db
def test_trend_series_put_the_plan_first_then_each_objective(seeded):
    history = load_plan_history(seeded["pes-2024-2027"])
    series = rows.trend_series(history.cutoffs, "Plan")
    assert [s.name for s in series][:2] == ["Plan", "1. Talento humano distrital"]
    assert len(series) == 9
    assert series[4].points[0][1].quantize(D("0.01")) == D("183.33")
