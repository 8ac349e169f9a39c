"""The compliance engine, without a database (DOMAIN.md, "How compliance is computed")."""

from decimal import Decimal as D

import pytest

from indicators import compliance as c
from indicators.compliance import IndicatorFigures as F
from indicators.compliance import Methodology
from plan.formatting import format_percent


def figures(*rows):
    return {r.indicator_id: r for r in rows}


def test_progress_at_cutoff_is_executed_over_programmed():
    assert c.progress_at_cutoff(F(1, programmed_cutoff=D("5"), executed=D("2.37"))) == D("47.4")


def test_progress_is_not_capped_by_default():
    # Seed 003, indicator 4075: programmed 3, executed 8.
    result = c.indicator_result(F(1, programmed_year=D(17), programmed_cutoff=D(3), executed=D(8)))
    assert round(result.progress_at_cutoff, 2) == D("266.67")
    assert round(result.progress_in_year, 2) == D("47.06")
    assert result.status == c.OVER
    assert result.gap == D(5)


def test_progress_in_year_uses_annual_programming():
    f = F(1, programmed_year=D("0.80"), programmed_cutoff=D("0.66"), executed=D("0.64"))
    assert round(c.progress_in_year(f), 2) == D("80.00")
    assert round(c.progress_at_cutoff(f), 2) == D("96.97")


def test_zero_programming_is_not_programmed_not_zero_progress():
    result = c.indicator_result(F(1, programmed_year=D(46), programmed_cutoff=D(0), executed=D(0)))
    assert result.status == c.NOT_PROGRAMMED
    assert result.progress_at_cutoff is None
    assert result.progress_in_year == D(0)


def test_missing_measurement_is_not_reported():
    result = c.indicator_result(F(1, programmed_cutoff=D(10)))
    assert result.status == c.NOT_REPORTED
    assert result.progress_at_cutoff is None


def test_lag_reports_the_gap():
    result = c.indicator_result(F(1, programmed_cutoff=D("0.05"), executed=D("0.03")))
    assert result.status == c.LAG
    assert result.gap == D("0.02")
    assert result.progress_at_cutoff == D(60)


def test_exactly_programmed_is_met():
    assert c.indicator_result(F(1, programmed_cutoff=D(16), executed=D(16))).status == c.MET


def test_lower_is_better_inverts_the_ratio():
    # "Realizar máximo en 6 días hábiles los pagos": 8 days is a lag, 4 days over-execution.
    slow = c.indicator_result(F(1, direction=c.LOWER, programmed_cutoff=D(6), executed=D(8)))
    fast = c.indicator_result(F(1, direction=c.LOWER, programmed_cutoff=D(6), executed=D(4)))
    assert slow.progress_at_cutoff == D(75)
    assert slow.status == c.LAG
    assert slow.gap == D(2)
    assert fast.progress_at_cutoff == D(150)
    assert fast.status == c.OVER


def test_zero_executed_on_lower_is_better_counts_as_fully_met():
    result = c.indicator_result(F(1, direction=c.LOWER, programmed_cutoff=D(6), executed=D(0)))
    assert result.progress_at_cutoff == D(100)
    assert result.status == c.MET


def test_ratio_refuses_zero_programming():
    with pytest.raises(ValueError):
        c.ratio(D(1), D(0))


def test_rule_all_of_year_counts_not_programmed_as_zero():
    # Seed 002, objective 2: weights 3, 3, 3, 3, 31.34, 28.33, 28.33 -> 34.26 %.
    rows = figures(
        F(1, programmed_cutoff=D(0)),
        F(2, programmed_cutoff=D(0)),
        F(3, programmed_cutoff=D(0)),
        F(4, programmed_cutoff=D(50), executed=D(28)),
        F(5, programmed_cutoff=D(9), executed=D(0)),
        F(6, programmed_cutoff=D(10), executed=D(7)),
        F(7, programmed_cutoff=D(25), executed=D("11.25")),
    )
    links = list(
        zip(range(1, 8), map(D, ["3", "3", "3", "3", "31.34", "28.33", "28.33"]), strict=True)
    )
    result = c.objective_result(99, links, rows, Methodology(c.ALL_OF_YEAR))
    assert round(result.compliance, 2) == D("34.26")
    reasons = [t.reason for t in result.terms]
    assert reasons[:3] == [c.IN_NOT_PROGRAMMED_AS_ZERO] * 3
    assert all(t.included for t in result.terms)
    assert result.weight_sum == D(100)


def test_rule_programmed_at_cutoff_renormalises_weights():
    # Seed 003, objective 6: two of four programmed, 100 % and 96.97 % -> 98.48 %.
    rows = figures(
        F(1, programmed_year=D("90.5"), programmed_cutoff=D(0), executed=D(0)),
        F(2, programmed_year=D("0.7"), programmed_cutoff=D("0.45"), executed=D("0.45")),
        F(3, programmed_year=D("0.8"), programmed_cutoff=D("0.66"), executed=D("0.64")),
        F(4, programmed_year=D(5), programmed_cutoff=D(0), executed=D(0)),
    )
    links = [(i, D(25)) for i in range(1, 5)]
    result = c.objective_result(6, links, rows, Methodology(c.PROGRAMMED_AT_CUTOFF))
    assert round(result.compliance, 2) == D("98.48")
    included = [t for t in result.terms if t.included]
    assert [t.indicator_id for t in included] == [2, 3]
    assert [t.normalised_weight for t in included] == [D(50), D(50)]
    assert sum(t.contribution for t in included) == result.compliance
    excluded = [t for t in result.terms if not t.included]
    assert {t.reason for t in excluded} == {c.OUT_NOT_PROGRAMMED_AT_CUTOFF}


def test_rule_programmed_in_year_excludes_indicators_without_annual_programming():
    rows = figures(
        F(1, programmed_year=D(0), programmed_cutoff=D(0)),
        F(2, programmed_year=D(10), programmed_cutoff=D(0)),
        F(3, programmed_year=D(10), programmed_cutoff=D(4), executed=D(4)),
    )
    links = [(1, D(50)), (2, D(25)), (3, D(25))]
    result = c.objective_result(1, links, rows, Methodology(c.PROGRAMMED_IN_YEAR))
    assert [t.included for t in result.terms] == [False, True, True]
    assert result.terms[0].reason == c.OUT_NOT_PROGRAMMED_IN_YEAR
    # Programmed in the year but not yet at the cutoff: counts as 0 with its weight.
    assert result.compliance == D(50)


def test_empty_set_gives_no_compliance_never_zero():
    rows = figures(F(1, programmed_year=D(46), programmed_cutoff=D(0), executed=D(0)))
    result = c.objective_result(1, [(1, D(50))], rows, Methodology(c.PROGRAMMED_AT_CUTOFF))
    assert result.compliance is None
    assert result.colour == "grey"


def test_objective_without_links_has_no_compliance():
    result = c.objective_result(1, [], {}, Methodology())
    assert result.compliance is None


@pytest.mark.parametrize("rule", [c.PROGRAMMED_IN_YEAR, c.PROGRAMMED_AT_CUTOFF])
def test_rules_2_and_3_renormalise_weights_that_do_not_sum_to_100(rule):
    rows = figures(
        F(1, programmed_year=D(1), programmed_cutoff=D(1), executed=D(1)),
        F(2, programmed_year=D(1), programmed_cutoff=D(1), executed=D(0)),
    )
    result = c.objective_result(1, [(1, D(30)), (2, D(10))], rows, Methodology(set_rule=rule))
    assert result.compliance == D(75)
    assert (result.denominator, result.denominator_kind) == (D(40), c.WEIGHT_SUM)
    assert [t.normalised_weight for t in result.terms] == [D(75), D(25)]


def test_rule_1_divides_by_the_declared_total_not_by_the_sum_of_weights():
    rows = figures(
        F(1, programmed_cutoff=D(1), executed=D(1)), F(2, programmed_cutoff=D(1), executed=D(0))
    )
    result = c.objective_result(1, [(1, D(30)), (2, D(10))], rows, Methodology())
    assert result.compliance == D(30)
    assert (result.denominator, result.denominator_kind) == (D(100), c.DECLARED_TOTAL)
    assert sum(t.contribution for t in result.terms) == result.compliance


def test_rule_1_uses_the_total_the_plan_declares():
    rows = figures(F(1, programmed_cutoff=D(1), executed=D(1)), F(2))
    methodology = Methodology(declared_total_weight=D(50))
    result = c.objective_result(1, [(1, D(25)), (2, D(25))], rows, methodology)
    assert result.compliance == D(50)
    assert result.denominator == D(50)


def test_a_declared_total_must_be_positive():
    with pytest.raises(ValueError):
        Methodology(declared_total_weight=D(0))


@pytest.mark.parametrize(
    ("weights", "progress", "exact", "shown"),
    [
        # the weights of seed 002 PEI 2020 objective 4: 47,57 + 47,57 + 4,85 = 99,99
        ([D("47.57"), D("47.57"), D("4.85")], [D(100), D(100), D(0)], "95.14", "95,14"),
        # objective 5: 3 × 33,33 = 99,99 (Σw would give 96,6667 → 96,67)
        ([D("33.33")] * 3, [D(100), D(100), D(90)], "96.657", "96,66"),
    ],
)
def test_weights_summing_to_99_99_divide_by_100_and_round_half_up(weights, progress, exact, shown):
    rows = figures(*[F(n, programmed_cutoff=D(100), executed=p) for n, p in enumerate(progress)])
    links = list(enumerate(weights))
    result = c.objective_result(1, links, rows, Methodology())
    assert result.compliance == D(exact)
    assert format_percent(result.compliance) == shown + "%"
    renormalised = c.objective_result(
        1, links, rows, Methodology(set_rule=c.PROGRAMMED_AT_CUTOFF)
    ).compliance
    assert format_percent(renormalised) != shown + "%"  # what Σw would have shown


def test_cap_limits_each_indicator_to_100():
    rows = figures(
        F(1, programmed_cutoff=D(3), executed=D(8)), F(2, programmed_cutoff=D(1), executed=D(1))
    )
    links = [(1, D(50)), (2, D(50))]
    capped = c.objective_result(
        1, links, rows, Methodology(c.PROGRAMMED_AT_CUTOFF, cap_progress=True)
    )
    uncapped = c.objective_result(1, links, rows, Methodology(c.PROGRAMMED_AT_CUTOFF))
    assert capped.compliance == D(100)
    assert round(uncapped.compliance, 2) == D("183.33")


def test_not_reported_indicator_counts_as_zero_and_says_so():
    rows = figures(F(1, programmed_cutoff=D(4)), F(2, programmed_cutoff=D(4), executed=D(4)))
    result = c.objective_result(
        1, [(1, D(50)), (2, D(50))], rows, Methodology(c.PROGRAMMED_AT_CUTOFF)
    )
    assert result.compliance == D(50)
    assert result.terms[0].reason == c.IN_NOT_REPORTED_AS_ZERO


def test_one_indicator_feeds_two_objectives_with_different_weights():
    # Seed 002: indicator 543 weighs 31.34 % in objective 2 and 100 % in objective 3.
    rows = figures(
        F(543, programmed_cutoff=D(9), executed=D(0)), F(7, programmed_cutoff=D(10), executed=D(7))
    )
    result = c.plan_result(
        objective_links={2: [(543, D("31.34")), (7, D("68.66"))], 3: [(543, D(100))]},
        objective_weights={2: D(1), 3: D(1)},
        figures=rows,
        methodology=Methodology(),
    )
    assert result.objectives[3].compliance == D(0)
    assert round(result.objectives[2].compliance, 4) == round(D("68.66") * 70 / 100, 4)
    assert result.compliance == result.objectives[2].compliance / 2


def test_plan_compliance_skips_objectives_without_compliance():
    rows = figures(F(1, programmed_cutoff=D(0)), F(2, programmed_cutoff=D(2), executed=D(1)))
    result = c.plan_result(
        objective_links={1: [(1, D(100))], 2: [(2, D(100))]},
        objective_weights={1: D(1), 2: D(3)},
        figures=rows,
        methodology=Methodology(c.PROGRAMMED_AT_CUTOFF),
    )
    assert result.objectives[1].compliance is None
    assert result.compliance == D(50)


def test_plan_compliance_uses_objective_weights():
    rows = figures(
        F(1, programmed_cutoff=D(1), executed=D(1)), F(2, programmed_cutoff=D(1), executed=D(0))
    )
    result = c.plan_result(
        {1: [(1, D(100))], 2: [(2, D(100))]}, {1: D(3), 2: D(1)}, rows, Methodology()
    )
    assert result.compliance == D(75)


@pytest.mark.parametrize(
    ("value", "colour"),
    [
        (D(95), "green"),
        (D(90), "green"),
        (D("89.99"), "yellow"),
        (D(70), "yellow"),
        (D(10), "red"),
        (None, "grey"),
    ],
)
def test_colour_thresholds(value, colour):
    assert c.colour_for(value, Methodology(green_from=D(90), yellow_from=D(70))) == colour


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        Methodology("whatever")


def test_suma_total_is_the_sum():
    yearly = dict(zip(range(2020, 2025), map(D, [50, 50, 50, 50, 50]), strict=True))
    assert c.check_total(c.SUMA, yearly, D(250)).ok


def test_suma_total_that_contradicts_the_years_is_flagged():
    # Seed 002, indicator 555: 25 % + 50 % + 25 % published with a total of 128 %.
    yearly = dict(zip(range(2020, 2025), map(D, [25, 50, 25, 0, 0]), strict=True))
    check = c.check_total(c.SUMA, yearly, D(128))
    assert not check.ok
    assert check.problems == ("total_mismatch",)
    assert check.expected == D(100)


def test_creciente_total_is_the_last_level_and_zero_years_after_reaching_it_are_ignored():
    assert c.check_total(
        c.CRECIENTE, {2020: D(5), 2021: D(20), 2022: D(55), 2023: D(90), 2024: D(100)}, D(100)
    ).ok
    assert c.check_total(
        c.CRECIENTE, {2020: D(30), 2021: D(60), 2022: D(100), 2023: D(0), 2024: D(0)}, D(100)
    ).ok


def test_creciente_that_falls_is_flagged():
    check = c.check_total(c.CRECIENTE, {2020: D(50), 2021: D(30)}, D(50))
    assert check.problems == ("not_increasing",)


def test_constante_total_is_the_level():
    assert c.check_total(c.CONSTANTE, {2020: D(100), 2021: D(100)}, D(100)).ok
    assert c.check_total(c.CONSTANTE, {2020: D(100), 2021: D(90)}, D(90)).problems == (
        "not_constant",
    )


def test_decreciente_total_is_the_lowest_level():
    check = c.check_total(c.DECRECIENTE, {2020: D(10), 2021: D(8), 2022: D(5)}, D(5))
    assert check.ok
    assert c.check_total(c.DECRECIENTE, {2020: D(10), 2021: D(12)}, D(12)).problems == (
        "total_mismatch",
        "not_decreasing",
    )


def test_total_without_declared_value_only_checks_levels():
    assert c.check_total(c.SUMA, {2020: D(1)}, None).ok
    assert c.expected_total(c.SUMA, {}) is None
