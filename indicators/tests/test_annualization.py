"""The declared total against the yearly programming, by annualisation type (DOMAIN.md,
"Annualisation types"), without a database except for the seed check at the end."""

from decimal import Decimal as D

import pytest

from indicators import compliance as c


def years(*values, start=2020):
    return {start + n: D(v) for n, v in enumerate(values)}


@pytest.mark.parametrize(
    ("annualization", "yearly", "expected"),
    [
        (c.SUMA, years(50, 50, 50, 50, 50), D(250)),
        (c.SUMA, years(25, 50, 25, 0, 0), D(100)),
        (c.CRECIENTE, years(5, 20, 55, 90, 100), D(100)),
        (c.CRECIENTE, years(30, 60, 100, 0, 0), D(100)),  # goal reached: zeros are not levels
        (c.CRECIENTE, years(0, 0, 40, 80), D(80)),  # not started yet
        (c.CONSTANTE, years(100, 100, 100), D(100)),
        (c.CONSTANTE, years(0, 16, 16), D(16)),
        (c.DECRECIENTE, years(10, 8, 5), D(5)),
        (c.DECRECIENTE, years(5, 3, 0), D(0)),  # «cero hallazgos»: 0 is its best level
        (c.DECRECIENTE, years(0, 6, 4), D(4)),
    ],
)
def test_expected_total_by_type(annualization, yearly, expected):
    assert c.expected_total(annualization, yearly) == expected
    assert c.check_total(annualization, yearly, expected).ok


def test_indicator_555_suma_25_50_25_declared_128_is_flagged():
    check = c.check_total(c.SUMA, years(25, 50, 25, 0, 0), D(128))
    assert check.problems == ("total_mismatch",)
    assert (check.expected, check.declared) == (D(100), D(128))


@pytest.mark.parametrize(
    ("annualization", "yearly", "declared", "problems"),
    [
        (c.CRECIENTE, years(50, 30), D(50), ("not_increasing",)),
        (c.CRECIENTE, years(5, 20, 55), D(100), ("total_mismatch",)),
        (c.CONSTANTE, years(100, 90), D(90), ("not_constant",)),
        (c.CONSTANTE, years(100, 100), D(300), ("total_mismatch",)),  # not a sum
        (c.DECRECIENTE, years(10, 12), D(12), ("total_mismatch", "not_decreasing")),
        (c.DECRECIENTE, years(10, 8, 5), D(10), ("total_mismatch",)),  # the first level
        (c.SUMA, years(50, 50), D(50), ("total_mismatch",)),
    ],
)
def test_contradictions_are_flagged(annualization, yearly, declared, problems):
    assert c.check_total(annualization, yearly, declared).problems == problems


def test_without_a_declared_total_only_the_levels_are_checked():
    assert c.check_total(c.SUMA, years(1), None).ok
    assert c.check_total(c.CRECIENTE, years(50, 30), None).problems == ("not_increasing",)
    assert c.expected_total(c.SUMA, {}) is None


def test_an_unknown_type_is_refused():
    with pytest.raises(ValueError):
        c.expected_total("lineal", years(1))


@pytest.mark.parametrize(
    ("annualization", "yearly", "declared", "ok"),
    [
        (c.SUMA, years(18, start=2024), D(100), True),  # 18 of a four-year 100
        (c.SUMA, years(180, start=2024), D(100), False),  # already above the total
        (c.CRECIENTE, years(30, start=2024), D(100), True),
        (c.CRECIENTE, years(130, start=2024), D(100), False),
        (c.DECRECIENTE, years(8, start=2024), D(5), True),
        (c.DECRECIENTE, years(4, start=2024), D(5), False),  # already below the last level
        (c.CONSTANTE, years(100, start=2024), D(90), False),  # a constant level is the total
    ],
)
def test_partial_programming_only_flags_an_impossible_total(annualization, yearly, declared, ok):
    assert c.check_total(annualization, yearly, declared, partial=True).ok is ok


def test_programming_is_partial_for_a_missing_year_or_a_one_year_plan():
    assert not c.programming_is_partial(range(2020, 2023), years(1, 2, 3))
    assert c.programming_is_partial(range(2020, 2024), years(1, 2, 3))
    assert c.programming_is_partial(range(2024, 2025), years(18, start=2024))


@pytest.mark.django_db
def test_among_every_seed_indicator_only_555_is_flagged(seeded):
    from indicators.models import Indicator

    flagged = []
    for indicator in Indicator.objects.select_related("plan").prefetch_related(
        "annual_programming"
    ):
        yearly = {p.year: p.programmed for p in indicator.annual_programming.all()}
        partial = c.programming_is_partial(indicator.plan.years, yearly)
        check = c.check_total(
            indicator.annualization, yearly, indicator.declared_total, partial=partial
        )
        if not check.ok:
            flagged.append((indicator.plan.slug, indicator.code))
    assert flagged == [("pei-2020-2024", "555")]
