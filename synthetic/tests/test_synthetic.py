from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.loading import load_plan_at_cutoff
from indicators.models import Indicator, Measurement, ObjectiveLink
from plan.models import Cutoff, Plan, Snapshot
from reporting.numbers import magnitude_problem
from synthetic.design import SIZES, design_plan, design_plans


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


def test_magnitudes_agree_with_units_annualisations_and_directions():
    plan = design_plan(7)
    assert len({o.short_title for o in plan.objectives}) == 8
    for indicator in plan.indicators:
        values = list(indicator.annual.values())
        values += [v for prog, ex, _ in indicator.cutoffs.values() for v in (prog, ex) if v]
        assert all(magnitude_problem(v, indicator.unit) is None for v in values), indicator.name
        levels = [v for v in indicator.annual.values() if v]
        if indicator.annualization == "creciente":
            assert levels == sorted(levels) and indicator.unit == "percent"
        if indicator.annualization == "decreciente":
            assert levels == sorted(levels, reverse=True) and indicator.direction == "lower"
        if indicator.annualization == "constante":
            assert len(set(levels)) == 1
    lag = [a for i in plan.indicators for _, _, a in i.cutoffs.values() if "rezago" in a]
    assert lag and all(a.startswith("Avance del ") for a in lag)


def test_the_district_comes_before_the_country_and_names_do_not_repeat():
    names = [design_plan(n).organisation for n in (1, 47, 60, 61, 200, SIZES["L"])]
    assert names[:3] == [
        "Secretaría General de la Alcaldía Mayor de Bogotá",
        "Sector Hacienda",
        "Sector Gestión Jurídica",
    ]
    assert names[3] == "Alcaldía de Medellín, Antioquia"
    assert len(set(names)) == len(names)


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


@pytest.mark.django_db
def test_the_command_numbers_the_district_list_once_after_its_batches(monkeypatch):
    from plan import list_order
    from plan.models import Organisation
    from synthetic.management.commands import generate_synthetic

    monkeypatch.setitem(__import__("synthetic.design").design.SIZES, "M", 3)
    monkeypatch.setattr(generate_synthetic, "BATCH", 1)
    calls = []
    renumber = list_order.renumber
    monkeypatch.setattr(list_order, "renumber", lambda *a: calls.append(a) or renumber(*a))
    call_command("generate_synthetic", "--size", "M", "--no-publish")
    assert len(calls) == 1  # three batches, one renumbering
    assert list_order.renumber() == 0  # and every organisation has its place
    assert not Organisation.objects.filter(list_position=None).exists()


@pytest.mark.django_db
def test_entities_are_placed_in_their_sector_and_municipalities_in_their_department():
    from plan.models import Organisation
    from synthetic.writer import write_plans

    seed_sector, _ = Organisation.objects.get_or_create(
        code="SGP", defaults={"name": "Sector Gestión Pública", "kind": "sector"}
    )
    # 1: the Secretaría General; 2: Hacienda, whose sector plan is number 47; 46: the
    # Veeduría (no sector); 61 and 71: Medellín and Bello, both in Antioquia; 62: Cali.
    numbers = (1, 2, 46, 47, 61, 62, 71)
    write_plans([design_plan(n, per_objective=1) for n in numbers], open_last=False)
    sector_of = {
        p.organisation.name: p.organisation.sector
        for p in Plan.objects.select_related("organisation__sector")
    }
    hacienda = Organisation.objects.get(name="Sector Hacienda")
    assert sector_of["Secretaría General de la Alcaldía Mayor de Bogotá"] == seed_sector
    assert sector_of["Secretaría Distrital de Hacienda"] == hacienda
    assert sector_of["Sector Hacienda"] is None
    assert sector_of["Veeduría Distrital"] is None
    antioquia = sector_of["Alcaldía de Medellín, Antioquia"]
    assert antioquia.name == "Departamento de Antioquia" and antioquia.kind == "sector"
    assert sector_of["Alcaldía de Bello, Antioquia"] == antioquia
    assert sector_of["Alcaldía de Cali, Valle del Cauca"].name == "Departamento de Valle del Cauca"
    assert not Plan.objects.filter(organisation__name__startswith="Departamento de").exists()
