"""The synthetic entities' projects, risk registers and accountability strategies: reproducible,
valid under the DAFP methodology, and listed by the pages that read them."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accountability.models import Commitment, Event, Question, Strategy
from plan import budget_totals, people
from plan.models import InvestmentProject, Plan, ProjectBudget
from risks.models import Assessment, FollowUp, Risk, RiskCutoff
from risks.published import PublishedRiskVersion
from risks.services import evaluate, inputs_of, methodology_context
from synthetic.design import YEARS, design_plan
from synthetic.design_registers import (
    CORRUPTION_PER_YEAR,
    EVENTS,
    PROJECTS,
    RISKS_PER_YEAR,
    design_register,
)

PLANS = 2


def test_registers_are_reproducible_and_do_not_change_the_plans():
    first, again = design_plan(5), design_plan(5)
    assert first.register == again.register
    assert design_plan(6).register != first.register
    register = first.register
    assert len(register.projects) == PROJECTS
    assert all(
        isinstance(v, Decimal) and v > 0 for p in register.projects for v in p.budgets.values()
    )
    years = sorted({r.year for r in register.risks})
    assert len(years) == YEARS and years == sorted(first.register.projects[0].budgets)
    assert len(register.strategy.events) == EVENTS


def test_every_risk_can_be_assessed_and_treated():
    register = design_register(9, "sintetico-0009", "Entidad", [2022, 2023], objectives=8)
    assert len(register.risks) == 2 * RISKS_PER_YEAR
    codes = [(r.year, r.code) for r in register.risks]
    assert len(set(codes)) == len(codes)
    for risk in register.risks:
        assert (risk.process is None) != (risk.project is None)
        if risk.kind == "corruption":
            assert risk.yes_answers and max(risk.yes_answers) <= 19 and risk.reputational is None
            assert risk.treatment in ("reduce", "avoid")  # never accepted
        else:
            assert 1 <= risk.reputational <= 5 and not risk.yes_answers
        assert bool(risk.actions) == (risk.treatment == "reduce")  # reducing needs a plan
        assert all(start <= end for _, start, end, _ in risk.actions)
    assert sum(r.kind == "corruption" for r in register.risks) == 2 * CORRUPTION_PER_YEAR
    for event in register.strategy.events:
        for _, _, during, due, _ in event.questions:
            assert during or due is not None  # the database's check


@pytest.fixture
def generated(monkeypatch):
    monkeypatch.setitem(__import__("synthetic.design").design.SIZES, "M", PLANS)
    call_command("generate_synthetic", "--size", "M")
    return Plan.objects.filter(slug__startswith="sintetico-")


def director(client):
    user = get_user_model().objects.create_user("directora_sintetica")
    people.grant(user, people.AssignedRole.DIRECTOR, people.Where(people.DISTRICT))
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_the_command_writes_projects_with_budgets_and_goals(generated):
    organisations = [p.organisation_id for p in generated]
    projects = InvestmentProject.objects.filter(organisation_id__in=organisations)
    assert projects.count() == PLANS * PROJECTS
    assert ProjectBudget.objects.filter(project__in=projects).count() == PLANS * PROJECTS * YEARS
    assert all(p.goals.count() == 1 and p.goals.get().indicators.exists() for p in projects)
    # COPY sends no signal: the writer refreshes the stored totals of its years itself
    assert budget_totals.totals() == budget_totals.summed() != []


@pytest.mark.django_db
def test_every_synthetic_risk_has_the_assessment_its_inputs_and_controls_give(generated):
    risks = Risk.objects.filter(organisation__plans__in=generated)
    assert risks.count() == PLANS * YEARS * RISKS_PER_YEAR
    ctx = methodology_context(Assessment.objects.first().methodology)
    for risk in risks.select_related("assessment").prefetch_related("controls"):
        stored = risk.assessment
        controls = list(risk.controls.order_by("order"))
        evaluation = evaluate(ctx, risk.kind, inputs_of(stored), controls)
        assert (stored.inherent_zone, stored.residual_zone) == (
            evaluation.inherent.zone,
            evaluation.residual.zone,
        )
        assert stored.residual_probability.position == evaluation.residual.probability.position
        assert len(stored.control_steps) == len(controls)
    corruption = risks.filter(kind="corruption")
    assert PublishedRiskVersion.objects.filter(risk__in=corruption, is_current=True).count() == (
        corruption.count()
    )
    assert RiskCutoff.objects.filter(organisation__plans__in=generated).count() == PLANS * YEARS * 3
    assert FollowUp.objects.filter(risk__in=risks).count() > risks.count() * 2


@pytest.mark.django_db
def test_the_bulk_writer_keeps_the_stored_figures_of_the_risk_pages_current(generated):
    """What the alerts and the public map read besides the rows (risks.due, the published
    zone) is written with them: the same as the write paths of the pages compute."""
    from risks import due

    risks = Risk.objects.filter(organisation__plans__in=generated).order_by("id")
    pending = due.PendingFollowUp.objects.filter(risk__in=risks).order_by("risk", "cutoff")
    columns = ["id", *due.STORED]
    written = (list(risks.values_list(*columns)), list(pending.values_list("risk", "cutoff")))
    assert written[1]  # the newest cutoff: one in four has not reported yet
    due.refresh(risks)
    again = (list(risks.values_list(*columns)), list(pending.values_list("risk", "cutoff")))
    assert again == written
    versions = PublishedRiskVersion.objects.filter(risk__in=risks)
    assert versions.exists()
    assert all(v.residual_zone == v.row["zona_residual_codigo"] for v in versions)


@pytest.mark.django_db
def test_the_command_writes_a_strategy_with_events_questions_and_commitments(generated):
    strategies = Strategy.objects.filter(organisation__plans__in=generated)
    assert strategies.count() == PLANS
    events = Event.objects.filter(strategy__in=strategies)
    assert events.count() == PLANS * EVENTS
    assert Question.objects.filter(event__in=events).count() == PLANS * EVENTS * 2
    assert Commitment.objects.filter(event__in=events).count() == PLANS * EVENTS
    assert all(e.responsible_units.exists() and e.objectives.exists() for e in events)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "signed_in"),
    [
        ("/proyectos/", False),
        ("/tablero/proyectos/", True),
        ("/rendicion-de-cuentas/", False),
        ("/rendicion-de-cuentas/gestion/", True),
    ],
)
def test_the_lists_show_the_synthetic_entities(client, generated, url, signed_in):
    if signed_in:
        director(client)
    response = client.get(url)
    assert response.status_code == 200
    for plan in generated.select_related("organisation"):
        assert plan.organisation.name in response.content.decode()


NEWEST = 2025  # the risk pages open on the newest year: the synthetic registers' last one


@pytest.mark.django_db
def test_the_risk_pages_read_the_synthetic_registers(client, generated):
    director(client)
    newest = PLANS * RISKS_PER_YEAR
    register = client.get("/riesgos/registro/")
    assert register.context["page"].paginator.count == newest
    heat_maps = client.get("/riesgos/")
    assert heat_maps.context["total"] == newest and heat_maps.context["unassessed"] == 0
    assert [m["assessed"] for m in heat_maps.context["maps"]] == [newest, newest]
    alerts = client.get("/riesgos/alertas/", {"lista": "vencidos"}).context
    overdue = alerts["page"].object_list
    assert alerts["page"].paginator.count == len(overdue)  # one page
    # one risk in four of each entity has not reported at the newest cutoff
    missing = [row for row in overdue if row["reason"] == "missing"]
    assert len(missing) == PLANS * (RISKS_PER_YEAR // 4)
    public = client.get("/riesgos/corrupcion/")
    assert public.status_code == 200 and public.context["total"] == PLANS * CORRUPTION_PER_YEAR
    assert len(public.context["risks"]) == PLANS * CORRUPTION_PER_YEAR
