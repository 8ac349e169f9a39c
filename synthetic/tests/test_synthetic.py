from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.loading import load_plan_at_cutoff
from indicators.models import Indicator, Measurement, ObjectiveLink
from plan.models import Cutoff, Plan, Snapshot
from synthetic.design import design_plans


def test_designs_are_reproducible_and_varied():
    first, again = list(design_plans(2, seed=7)), list(design_plans(2, seed=7))
    assert [i.cutoffs for i in first[0].indicators] == [i.cutoffs for i in again[0].indicators]
    indicators = first[0].indicators
    assert len(indicators) == 96
    assert {i.annualization for i in indicators} == {
        "suma",
        "creciente",
        "constante",
        "decreciente",
    }
    assert {i.direction for i in indicators} == {"higher", "lower"}
    assert any(len(i.objectives) > 1 for i in indicators)
    values = [v for i in indicators for v in i.cutoffs.values()]
    assert any(prog == 0 for prog, _, _ in values)  # not programmed at a cutoff
    assert any(ex is not None and prog and ex < prog for prog, ex, _ in values)  # lag
    assert any(ex is not None and prog and ex > prog for prog, ex, _ in values)  # over-execution
    assert any(ex is None for _, ex, _ in values)  # not reported yet
    assert all(isinstance(prog, Decimal) for prog, _, _ in values)


@pytest.mark.django_db
def test_the_command_writes_plans_the_engine_can_read(monkeypatch):
    monkeypatch.setitem(__import__("synthetic.design").design.SIZES, "M", 3)
    call_command("generate_synthetic", "--size", "M")
    plans = Plan.objects.filter(slug__startswith="sintetico-")
    assert plans.count() == 3
    assert Indicator.objects.filter(plan__in=plans).count() == 3 * 96
    assert Cutoff.objects.filter(plan__in=plans).count() == 3 * 16
    assert Cutoff.objects.filter(plan__in=plans, status="open").count() == 3
    assert ObjectiveLink.objects.filter(objective__plan__in=plans).count() > 3 * 96 * 4
    assert Measurement.objects.filter(cutoff__plan__in=plans).count() > 3 * 96 * 15
    assert Snapshot.objects.filter(cutoff__plan__in=plans).count() == 3
    cutoff = Cutoff.objects.select_related("plan").filter(plan=plans[0]).latest()
    result = load_plan_at_cutoff(cutoff).result
    assert result.compliance is not None
    assert len(result.objectives) == 8
