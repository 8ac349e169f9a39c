"""Builders of synthetic risk registers for tests (bulk inserts, a handful of queries)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal as D

from django.contrib.auth.models import Group, User

from plan import roles
from plan.models import InvestmentProject, Organisation, Process, Unit
from risks import assessment as calc
from risks import due
from risks.methodology import ensure_installed
from risks.models import ActionActivity, Assessment, Control, FollowUp, Risk, RiskCutoff
from risks.services import methodology_context

_sequence = itertools.count(1)

# (control type, implementation) of the controls of the k-th risk, cycling.
CONTROL_PATTERNS = [
    [],
    [("preventive", "manual")],
    [("preventive", "manual"), ("detective", "manual")],
    [("corrective", "automatic")],
    [("preventive", "automatic"), ("detective", "automatic"), ("corrective", "manual")],
]
FREQUENCIES = [1, 10, 100, 1000, 10000]


def make_register(
    risks: int = 10,
    *,
    year: int = 2025,
    cutoffs: bool = True,
    today: datetime.date | None = None,
    organisation: Organisation | None = None,
    units: list[Unit] | None = None,
):
    """An organisation with two processes, one project, two units and ``risks`` assessed risks
    (every third one corruption) spread over the heat map, with controls, some action plans,
    the year's three cutoffs and a follow-up for every other risk at the first cutoff. Given
    an ``organisation`` and its two ``units``, the register is theirs."""
    methodology = ensure_installed()
    ctx = methodology_context(methodology)
    organisation, units, processes, project = _organisation(next(_sequence), organisation, units)
    created = Risk.objects.bulk_create(
        _risk(organisation, year, k, units, processes, project) for k in range(risks)
    )
    controls, assessments = [], []
    for k, risk in enumerate(created):
        risk_controls, assessment = _assessed(k, risk, ctx, methodology)
        controls += risk_controls
        assessments.append(assessment)
    Control.objects.bulk_create(controls)
    Assessment.objects.bulk_create(assessments)
    ActionActivity.objects.bulk_create(
        ActionActivity(
            risk=risk,
            description=f"Actividad del riesgo {k + 1}",
            responsible="Líder del proceso",
            start_date=datetime.date(year, 2, 1),
            end_date=datetime.date(year, 11, 30),
            progress=D(50),
        )
        for k, risk in enumerate(created)
        if k % 2
    )
    if cutoffs:
        _cutoffs(organisation, year, created)
    due.refresh_organisations([organisation.pk])  # a bulk writer keeps it current (risks.due)
    return organisation, units, created


def _organisation(n: int, organisation=None, units=None):
    if organisation is None:
        organisation = Organisation.objects.create(
            code=f"risk-org-{n}", name=f"Entidad de riesgos {n}", kind="entity"
        )
    if units is None:
        units = Unit.objects.bulk_create(
            [
                Unit(organisation=organisation, code=f"RU{n}a", name=f"Dependencia A {n}"),
                Unit(organisation=organisation, code=f"RU{n}b", name=f"Dependencia B {n}"),
            ]
        )
    processes = Process.objects.bulk_create(
        [
            Process(organisation=organisation, number=1, name=f"Proceso uno {n}"),
            Process(organisation=organisation, number=2, name=f"Proceso dos {n}"),
        ]
    )
    project = InvestmentProject.objects.create(
        organisation=organisation, code=f"9{n:03d}", name=f"Proyecto {n}"
    )
    return organisation, units, processes, project


def _risk(organisation, year, k, units, processes, project) -> Risk:
    kind = calc.CORRUPTION if k % 3 == 0 else calc.MANAGEMENT
    owner = {"process": processes[k % 2]} if k % 4 else {"investment_project": project}
    return Risk(
        organisation=organisation,
        year=year,
        code=f"R{k + 1:04d}",
        kind=kind,
        name=f"Posibilidad de pérdida {k + 1} debido a una causa",
        root_cause="Causa raíz",
        responsible_unit=units[k % 2],
        treatment=calc.REDUCE if k % 2 else calc.AVOID,  # odd ones have a plan
        **owner,
    )


def _assessed(k: int, risk: Risk, ctx, methodology) -> tuple[list[Control], Assessment]:
    """The k-th risk's controls (cycling CONTROL_PATTERNS) and its computed assessment."""
    pattern = CONTROL_PATTERNS[k % len(CONTROL_PATTERNS)]
    risk_controls = [
        Control(
            risk=risk,
            order=order,
            description=f"Control {order} del riesgo {k + 1}",
            control_type=kind,
            implementation=implementation,
        )
        for order, (kind, implementation) in enumerate(pattern, start=1)
    ]
    inputs = {"frequency": FREQUENCIES[k % 5]}
    if risk.kind == calc.CORRUPTION:
        inputs["yes_answers"] = range(1, 1 + (k % 19) + 1)
    else:
        inputs["reputational"] = (k * 2) % 5 + 1
    evaluation = calc.evaluate(
        ctx.plain,
        risk.kind,
        [calc.Control(c.attributes, c.description) for c in risk_controls],
        **inputs,
    )
    assessment = Assessment(
        risk=risk,
        methodology=methodology,
        exposure_frequency=inputs["frequency"],
        reputational_impact=ctx.impact.get(inputs.get("reputational")),
        corruption_yes_answers=list(inputs.get("yes_answers", [])),
        inherent_probability=ctx.probability[evaluation.inherent.probability.position],
        inherent_impact=ctx.impact[evaluation.inherent.impact.position],
        inherent_zone=evaluation.inherent.zone,
        residual_probability=ctx.probability[evaluation.residual.probability.position],
        residual_impact=ctx.impact[evaluation.residual.impact.position],
        residual_probability_value=evaluation.residual.probability_value,
        residual_impact_value=evaluation.residual.impact_value,
        residual_zone=evaluation.residual.zone,
    )
    return risk_controls, assessment


def _cutoffs(organisation, year: int, created) -> None:
    """The year's three open cutoffs and a follow-up of every other risk at the first."""
    dates = [datetime.date(year, 4, 30), datetime.date(year, 8, 31), datetime.date(year, 12, 31)]
    made = RiskCutoff.objects.bulk_create(
        RiskCutoff(
            organisation=organisation,
            date=date,
            deadline=calc.add_working_days(date, 10),
            status="open",
        )
        for date in dates
    )
    FollowUp.objects.bulk_create(
        FollowUp(risk=risk, cutoff=made[0], controls_executed="yes", evidence="Actas del comité")
        for k, risk in enumerate(created)
        if k % 2 == 0
    )


def user_with(role: str | None, username: str, units=(), *more_roles: str) -> User:
    user = User.objects.create_user(username)  # no password: tests sign in with force_login
    for name in (role, *more_roles):
        if name:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    for unit in units:
        unit.members.add(user)
    return user


def planning_user(username="planeacion"):
    return user_with(roles.PLANNING, username)


def director_user(username="directora"):
    return user_with(roles.DIRECTOR, username)


def reporter_user(unit, username="reportante"):
    return user_with(roles.REPORTER, username, [unit])


def publish_corruption(risks, user=None):
    """Publish the corruption risks among ``risks`` (risks.published): the public map and its
    open data show only published versions."""
    from risks.published import publish_risk

    for risk in risks:
        if risk.kind == calc.CORRUPTION:
            publish_risk(risk, user)
    return risks
