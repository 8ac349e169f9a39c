"""Plan set-up pages: the planning office creates a plan or copies a structure into a new
period, edits objectives and indicators, weights per year and yearly programming, never in
the admin. The model-level validators apply (ModelForms)."""

from decimal import Decimal

import pytest

from indicators.models import AnnualProgramming, Indicator, ObjectiveLink
from plan.models import Plan
from reporting.tests.conftest import login
from tests.queries import count

D = Decimal


def new_plan_data(**extra):
    from plan.models import Organisation

    data = {
        "organisation": Organisation.objects.get(code="SGP").id,
        "slug": "pes-2028-2031",
        "kind": "PES",
        "name": "Plan Estratégico Sectorial 2028-2031",
        "start_year": "2028",
        "end_year": "2031",
        "indicator_set_rule": "programmed_at_cutoff",
    }
    data.update(extra)
    return data


def test_copying_a_structure_into_a_new_period(client, people):
    login(client, people.planner)
    response = client.post("/reporte/planes/nuevo/", new_plan_data(source=people.pes.id))
    assert response.status_code == 302
    plan = Plan.objects.get(slug="pes-2028-2031")
    assert plan.indicators.count() == people.pes.indicators.count() == 17
    assert plan.objectives.count() == people.pes.objectives.count()
    # PES 2024-2027 programmed 2026; moved four years it is 2030, inside the new period.
    assert set(
        AnnualProgramming.objects.filter(indicator__plan=plan).values_list("year", flat=True)
    ) == {2030}
    assert not plan.cutoffs.exists()
    assert Indicator.history.filter(plan_id=plan.id).first().history_user == people.planner


def test_the_model_validators_apply_on_the_pages(client, people):
    login(client, people.planner)
    response = client.post("/reporte/planes/nuevo/", new_plan_data(slug="distrito"))
    assert response.status_code == 400
    assert "palabra reservada" in response.content.decode()
    response = client.post("/reporte/planes/nuevo/", new_plan_data(end_year="2020"))
    assert response.status_code == 400
    indicator = people.i4200
    url = f"/reporte/planes/{people.pes.slug}/indicadores/{indicator.id}/"
    page = client.get(url).content.decode()
    assert "Creciente" in page and 'value="creciente"' in page
    data = {
        "goal": indicator.goal_id,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "annualization": "decreciente",
        "direction": "higher",
        "periodicity": "quarterly",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Menor es mejor" in response.content.decode()
    response = client.post(url, {**data, "direction": "lower", "declared_total": "12,5"})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.annualization, indicator.declared_total) == ("decreciente", D("12.5"))


def test_weights_grid_refuses_an_objective_that_does_not_sum_100(client, people):
    pei = Plan.objects.get(slug="pei-2020-2024")  # rule: all indicators of the year
    login(client, people.planner)
    link = ObjectiveLink.objects.filter(objective__plan=pei).order_by("year", "id").first()
    url = f"/reporte/planes/{pei.slug}/ponderaciones/{link.year}/"
    page = client.get(url).content.decode()
    name = f"w-{link.objective_id}-{link.indicator_id}"
    assert f'name="{name}"' in page and "data-weight-sum" in page
    before = list(ObjectiveLink.objects.filter(objective__plan=pei).values_list("id", "weight"))
    response = client.post(url, {name: "1"})
    assert response.status_code == 400 and "deben sumar 100" in response.content.decode()
    assert (
        list(ObjectiveLink.objects.filter(objective__plan=pei).values_list("id", "weight"))
        == before
    )
    response = client.post(url, {name: str(link.weight).replace(".", ",")})
    assert response.status_code == 302


def test_yearly_programming_grid_warns_when_the_total_contradicts_the_annualisation(client, people):
    login(client, people.planner)
    indicator = people.i4075
    url = f"/reporte/planes/{people.pes.slug}/programacion-anual/"
    assert f'name="a-{indicator.id}-2026"' in client.get(url).content.decode()
    data = {f"a-{indicator.id}-2026": "3", f"a-{indicator.id}-2027": "5", f"t-{indicator.id}": "99"}
    response = client.post(url, data, follow=True)
    assert "no coincide con el que implica la anualización" in response.content.decode()
    assert AnnualProgramming.objects.get(indicator=indicator, year=2027).programmed == D(5)
    response = client.post(url, {f"a-{indicator.id}-2027": "1.5"})
    assert response.status_code == 400
    assert AnnualProgramming.objects.get(indicator=indicator, year=2027).programmed == D(5)


@pytest.mark.parametrize("user", ["director", "reporter_a"])
def test_only_the_planning_office_sets_up_plans(client, people, user):
    login(client, getattr(people, user))
    slug = people.pes.slug
    for url in (
        "/reporte/planes/nuevo/",
        f"/reporte/planes/{slug}/configurar/",
        f"/reporte/planes/{slug}/ponderaciones/2026/",
        f"/reporte/planes/{slug}/programacion-anual/",
        f"/reporte/planes/{slug}/indicadores/{people.i4200.id}/",
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("size", [10, 200])
def test_set_up_pages_cost_a_fixed_number_of_queries(client, db, size):
    from reporting.tests.conftest import make_user
    from tests.factories import make_plan

    plan = make_plan(indicators=size, status="open")
    client.force_login(make_user(f"oap-setup-{size}", "Planeación"))
    pages = (
        f"/reporte/planes/{plan.slug}/configurar/",
        f"/reporte/planes/{plan.slug}/ponderaciones/{plan.start_year}/",
        f"/reporte/planes/{plan.slug}/programacion-anual/",
    )
    counts = [count(client, url) for url in pages]
    # Session, user, groups, role assignments; setup: + plan, objectives, goals, indicators
    # with units;
    # weights: + plan, objectives, links with indicators; programming: + plan, indicators, yearly.
    assert counts == [8, 7, 7]
