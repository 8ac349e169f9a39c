"""The 16 published figures of ../shared/seeds/README.md, computed from the loaded seed data
through the same loader and engine the pages use."""

import datetime
from decimal import Decimal as D

import pytest

from indicators.loading import load_plan_at_cutoff
from plan.models import Cutoff
from plan.seed import published_figures, read_seed, seed_files

TOLERANCE = D("0.02")
NONE = None  # "no indicator programmed at the cutoff"

PUBLISHED = {
    ("pei-2020-2024", datetime.date(2020, 12, 31)): [
        D("49.02"),
        D("34.26"),
        D("0.00"),
        D("82.48"),
        D("96.53"),
        D("71.43"),
        D("69.92"),
        D("74.00"),
    ],
    ("pes-2024-2027", datetime.date(2026, 3, 31)): [
        NONE,
        D(100),
        D(100),
        D("183.33"),
        D(100),
        D("98.48"),
        D("60.00"),
        D(100),
    ],
}


def computed(slug, date):
    cutoff = Cutoff.objects.select_related("plan").get(plan__slug=slug, date=date)
    data = load_plan_at_cutoff(cutoff)
    return [data.result.objectives[o.id].compliance for o in data.objectives]


@pytest.mark.parametrize(("slug", "date"), list(PUBLISHED))
def test_objective_compliance_reproduces_the_published_figures(seeded, slug, date):
    values = computed(slug, date)
    assert len(values) == 8
    for number, (value, published) in enumerate(
        zip(values, PUBLISHED[slug, date], strict=True), start=1
    ):
        if published is NONE:
            assert value is None, f"objetivo {number}: sin indicadores programados, no {value}"
        else:
            assert value is not None, f"objetivo {number} sin cumplimiento"
            assert abs(value - published) <= TOLERANCE, f"objetivo {number}: {value} ≠ {published}"


def test_pes_objective_1_has_no_programmed_indicator_not_zero(seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=datetime.date(2026, 3, 31))
    data = load_plan_at_cutoff(cutoff)
    first = data.result.objectives[data.objectives[0].id]
    assert first.compliance is None
    assert first.colour == "grey"
    assert len(first.terms) == 2 and not any(t.included for t in first.terms)


def test_seed_files_state_the_same_published_figures(seeded):
    """The figures typed into the fixtures agree with the README table above."""
    stated = {}
    for path in seed_files():
        data = read_seed(path)
        for date, number, value in published_figures(data):
            stated.setdefault((data["plan"]["slug"], date), {})[number] = value
    for key, figures in PUBLISHED.items():
        assert [stated[key][n] for n in range(1, 9)] == figures


def test_pes_indicator_4075_over_execution_is_shown_uncapped(seeded):
    cutoff = Cutoff.objects.select_related("plan").get(plan__slug="pes-2024-2027")
    data = load_plan_at_cutoff(cutoff)
    (indicator,) = [i for i in data.indicators.values() if i.code == "4075"]
    result = data.result.indicators[indicator.id]
    assert round(result.progress_at_cutoff, 2) == D("266.67")
    assert result.status == "over"
