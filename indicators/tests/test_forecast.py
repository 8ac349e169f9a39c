"""Year-end projection (pure maths with pandas): Decimals in, Decimals out."""

import datetime
from decimal import Decimal as D

import pytest

from indicators import forecast
from indicators.compliance import IndicatorFigures, Methodology

MARCH, JUNE, SEPTEMBER = (datetime.date(2026, m, d) for m, d in ((3, 31), (6, 30), (9, 30)))


def project(rows):
    return forecast.project_indicators(
        forecast.frame(forecast.Observation(i, d, D(v), a) for i, d, v, a in rows)
    )


def test_elapsed_fraction_of_the_year():
    assert forecast.elapsed_fraction(datetime.date(2026, 12, 31)) == 1
    assert forecast.elapsed_fraction(MARCH) == pytest.approx(90 / 365)
    assert forecast.elapsed_fraction(datetime.date(2024, 12, 31)) == 1  # leap year


def test_a_cumulative_sum_is_extended_at_its_pace_to_the_end_of_the_year():
    # 25 by 31/03 and 50 by 30/06: 25 more per quarter, about 100 at the year's end.
    result = project([(1, MARCH, "25", "suma"), (1, JUNE, "50", "suma")])
    slope = 25 / ((181 - 90) / 365)
    expected = 25 + slope * (1 - 90 / 365)
    assert result == {1: D(repr(expected)).quantize(D("0.0001"))}
    assert isinstance(result[1], D)


def test_a_cumulative_sum_never_falls_below_what_was_executed():
    # A correction lowered the cumulative figure: the trend points down, the projection
    # stays at what was already executed.
    result = project([(1, MARCH, "40", "suma"), (1, JUNE, "30", "suma")])
    assert result == {1: D("30.0000")}


def test_a_level_follows_its_trend_and_never_goes_below_zero():
    rising = project([(2, MARCH, "20", "creciente"), (2, JUNE, "40", "creciente")])
    assert rising[2] > D(40)
    steady = project([(3, MARCH, "100", "constante"), (3, JUNE, "100", "constante")])
    assert steady == {3: D("100.0000")}
    falling = project([(4, MARCH, "6", "decreciente"), (4, JUNE, "2", "decreciente")])
    assert falling == {4: D("0.0000")}  # 6 → 2 would go below 0 by December


def test_no_projection_with_fewer_than_two_cutoffs():
    assert project([(1, MARCH, "25", "suma")]) == {}
    assert project([]) == {}
    three = project([(1, MARCH, "10", "suma"), (1, JUNE, "20", "suma"), (2, MARCH, "5", "suma")])
    assert list(three) == [1]


def test_least_squares_over_three_cutoffs():
    rows = [(1, MARCH, "10", "suma"), (1, JUNE, "30", "suma"), (1, SEPTEMBER, "35", "suma")]
    x = [90 / 365, 181 / 365, 273 / 365]
    y = [10, 30, 35]
    mx, my = sum(x) / 3, sum(y) / 3
    slope = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / sum(
        (a - mx) ** 2 for a in x
    )
    expected = my + slope * (1 - mx)
    assert project(rows)[1] == D(repr(expected)).quantize(D("0.0001"))


def test_objective_and_plan_projections_use_the_engine_with_the_years_programming():
    figures = {
        1: IndicatorFigures(1, programmed_year=D(100), programmed_cutoff=D(50), executed=D(40)),
        2: IndicatorFigures(2, programmed_year=D(10), programmed_cutoff=D(5), executed=D(5)),
        3: IndicatorFigures(3, programmed_year=D(8), programmed_cutoff=D(4), executed=D(1)),
    }
    links = {10: [(1, D(50)), (2, D(50))], 20: [(3, D(100))]}
    projected = forecast.project_plan(
        year=2026,
        executed={1: D(80), 2: D(12)},  # 3 has no projection
        figures=figures,
        objective_links=links,
        objective_weights={10: D(1), 20: D(1)},
        methodology=Methodology(set_rule="programmed_in_year"),
    )
    assert projected.progress == {1: D(80), 2: D(120)}
    assert projected.objectives == {10: D(100), 20: None}  # (80 + 120) / 2; 3 unprojectable
    assert projected.plan is None  # one measured objective has no projection
