"""Writes what synthetic entities keep besides their plans (``synthetic.design_registers``):
investment projects and their budgets (their years' stored totals refreshed:
plan.budget_totals), risk registers and accountability strategies, in bulk
(a fixed number of statements per batch of plans, COPY for the largest tables).

Each risk's assessment is computed here with the methodology stored in the database, by the
same function that stores an assessment typed in the application
(``risks.services.assessment_values``); corruption risks are published, as the seed's are, so
the public corruption map lists them.
"""

from __future__ import annotations

from django.utils import timezone

from accountability.models import Commitment, Event, Question, Strategy
from indicators.models import Goal
from plan import budget_totals
from plan.models import InvestmentProject, Process, ProjectBudget, Unit
from risks import due
from risks.methodology import ensure_installed
from risks.models import ActionActivity, Assessment, Control, FollowUp, Risk, RiskCutoff
from risks.published import PublishedRiskVersion, public_row, zone_of
from risks.services import Inputs, assessment_values, methodology_context
from synthetic.design import PlanDesign
from synthetic.writer import copy_rows

REPORT_WORKING_DAYS = 10  # DAFP v6: a follow-up is due ten working days after its cutoff


def write_registers(plans, designs: list[PlanDesign], goal_ids) -> dict[str, int]:
    """The registers of ``designs`` (those that have one) for their ``plans`` just written;
    ``goal_ids``: (plan id, objective number) -> the id of the objective's goal."""
    pairs = [(p, d) for p, d in zip(plans, designs, strict=True) if d.register is not None]
    if not pairs:
        return {}
    units = _units(pairs)
    counts = _projects(pairs, goal_ids)
    projects = {
        (p.organisation_id, p.code): p.id
        for p in InvestmentProject.objects.filter(
            organisation_id__in=[plan.organisation_id for plan, _ in pairs]
        )
    }
    counts |= _risks(pairs, units, projects)
    counts |= _accountability(pairs, units)
    return counts


def _units(pairs) -> dict[tuple[int, str], int]:
    """The design's units besides the planning office (written with the plan): (organisation
    id, code) -> unit id."""
    organisations = [plan.organisation_id for plan, _ in pairs]
    Unit.objects.bulk_create(
        Unit(organisation_id=plan.organisation_id, code=code, name=name)
        for plan, design in pairs
        for code, name in design.register.units
        if code != "OAP"
    )
    return {
        (u.organisation_id, u.code): u.id
        for u in Unit.objects.filter(organisation_id__in=organisations)
    }


def _projects(pairs, goal_ids) -> dict[str, int]:
    """Projects with their yearly budgets; each funds its objective's goal."""
    made = InvestmentProject.objects.bulk_create(
        InvestmentProject(
            organisation_id=plan.organisation_id,
            code=p.code,
            name=p.name,
            general_objective=p.general_objective,
        )
        for plan, design in pairs
        for p in design.register.projects
    )
    designed = [(plan, p) for plan, design in pairs for p in design.register.projects]
    budgets = copy_rows(
        ProjectBudget,
        (
            {"project_id": row.id, "year": year, "amount": amount}
            for row, (_, p) in zip(made, designed, strict=True)
            for year, amount in p.budgets.items()
        ),
    )
    # COPY sends no signal: the stored totals of the years written, in this transaction.
    budget_totals.refresh({year for _, p in designed for year in p.budgets})
    goals = [
        Goal(id=goal_ids[plan.id, p.objective], investment_project_id=row.id)
        for row, (plan, p) in zip(made, designed, strict=True)
    ]
    Goal.objects.bulk_update(goals, ["investment_project"], batch_size=500)
    return {"projects": len(made), "budgets": budgets}


def _risks(pairs, units, projects) -> dict[str, int]:
    """Processes, risks, their controls, assessments, action plans, the yearly cutoffs and the
    follow-ups reported at them; the corruption risks published."""
    processes = {
        (p.organisation_id, p.number): p.id
        for p in Process.objects.bulk_create(
            Process(organisation_id=plan.organisation_id, number=number, name=name)
            for plan, design in pairs
            for number, name in design.register.processes
        )
    }
    designed = [(plan.organisation_id, r) for plan, design in pairs for r in design.register.risks]
    risks = Risk.objects.bulk_create(
        (
            Risk(
                organisation_id=org,
                year=r.year,
                code=r.code,
                kind=r.kind,
                name=r.name,
                root_cause=r.root_cause,
                process_id=processes[org, r.process] if r.process else None,
                investment_project_id=projects[org, r.project] if r.project else None,
                responsible_unit_id=units[org, r.unit],
                treatment=r.treatment,
            )
            for org, r in designed
        ),
        batch_size=2000,
    )
    written = list(zip(risks, (r for _, r in designed), strict=True))
    counts = {"risks": len(risks)}
    counts["controls"] = _assessments(written)
    counts["actions"] = copy_rows(
        ActionActivity,
        (
            {
                "risk_id": risk.id,
                "description": text,
                "responsible": "Líder del proceso",
                "start_date": start,
                "end_date": end,
                "progress": progress,
                "evidence": "Informe de avance del plan de acción",
            }
            for risk, r in written
            for text, start, end, progress in r.actions
        ),
    )
    counts["follow_ups"] = _follow_ups(pairs, written)
    due.refresh(Risk.objects.filter(organisation_id__in={org for org, _r in designed}))
    counts["published_risks"] = _publish([risk.id for risk in risks if risk.kind == "corruption"])
    return counts


def _assessments(written) -> int:
    """Controls in their order, then each risk's assessment computed from its inputs and
    controls by the methodology in force."""
    ctx = methodology_context(ensure_installed())
    controls = Control.objects.bulk_create(
        (
            Control(
                risk_id=risk.id,
                order=order,
                description=text,
                responsible="Líder del proceso",
                control_type=kind,
                implementation=implementation,
            )
            for risk, r in written
            for order, (kind, implementation, text) in enumerate(r.controls, 1)
        ),
        batch_size=2000,
    )
    by_risk: dict[int, list[Control]] = {}
    for control in controls:
        by_risk.setdefault(control.risk_id, []).append(control)
    Assessment.objects.bulk_create(
        (
            Assessment(
                risk_id=risk.id,
                **assessment_values(
                    risk.kind,
                    ctx,
                    Inputs(r.frequency, None, r.reputational, r.yes_answers),
                    by_risk.get(risk.id, []),
                ),
            )
            for risk, r in written
        ),
        batch_size=2000,
    )
    return len(controls)


def _follow_ups(pairs, written) -> int:
    """The yearly review cutoffs of each organisation and what each risk reported at them."""
    from risks.assessment import add_working_days

    cutoffs = RiskCutoff.objects.bulk_create(
        RiskCutoff(
            organisation_id=plan.organisation_id,
            date=date,
            deadline=add_working_days(date, REPORT_WORKING_DAYS),
            status=status,
        )
        for plan, design in pairs
        for date, status in design.register.risk_cutoffs
    )
    ids = {(c.organisation_id, c.date): c.id for c in cutoffs}
    return copy_rows(
        FollowUp,
        (
            {
                "risk_id": risk.id,
                "cutoff_id": ids[risk.organisation_id, date],
                "controls_executed": executed,
                "evidence": "Actas del comité de control y registros del proceso",
                "status": status,
                "reviewed_at": None if status == "submitted" else timezone.now(),
            }
            for risk, r in written
            for date, (executed, status) in r.follow_ups.items()
        ),
    )


def _publish(risk_ids: list[int]) -> int:
    """The first published version of each corruption risk (risks.published), as the
    planning office would publish it: the public map and its open data read these."""
    now = timezone.now()
    versions = [
        PublishedRiskVersion(
            risk_id=risk.id,
            version=1,
            organisation_id=risk.organisation_id,
            year=risk.year,
            sort_key=f"{risk.organisation.name}|{risk.code}|{risk.id:012d}",
            row=row,
            residual_zone=zone_of(row),
            published_at=now,
        )
        for risk in Risk.objects.filter(id__in=risk_ids).for_public_corruption_map()
        for row in [public_row(risk)]
    ]
    return len(PublishedRiskVersion.objects.bulk_create(versions, batch_size=1000))


def _accountability(pairs, units) -> dict[str, int]:
    """One strategy per entity with its events (a unit and an objective each), the questions
    citizens asked and a commitment per event."""
    strategies = Strategy.objects.bulk_create(
        Strategy(
            organisation_id=plan.organisation_id,
            year=design.register.strategy.year,
            title=design.register.strategy.title,
            objective=design.register.strategy.objective,
            report_title=f"Informe de rendición de cuentas {design.register.strategy.year}",
            lead_unit_id=units[plan.organisation_id, "OAP"],
        )
        for plan, design in pairs
    )
    designed = [
        (plan, strategy, e)
        for (plan, design), strategy in zip(pairs, strategies, strict=True)
        for e in design.register.strategy.events
    ]
    events = Event.objects.bulk_create(
        Event(
            strategy_id=strategy.id,
            slug=e.slug,
            kind=e.kind,
            title=e.title,
            topic=e.topic,
            date=e.date,
            modality=e.modality,
            venue="Sede principal de la entidad" if e.modality != "virtual" else "",
            channels="Facebook Live y YouTube" if e.modality != "in_person" else "",
        )
        for plan, strategy, e in designed
    )
    written = [(event, plan, e) for event, (plan, _, e) in zip(events, designed, strict=True)]
    _event_links(written, units)
    return {
        "strategies": len(strategies),
        "events": len(events),
        **_citizens(written, units),
    }


def _event_links(written, units) -> None:
    from plan.models import Objective

    objectives = {
        (o.plan_id, o.number): o.id
        for o in Objective.objects.filter(plan_id__in={plan.id for _, plan, _ in written})
    }
    Event.responsible_units.through.objects.bulk_create(
        Event.responsible_units.through(
            event_id=event.id, unit_id=units[plan.organisation_id, "OAP"]
        )
        for event, plan, _ in written
    )
    Event.objectives.through.objects.bulk_create(
        Event.objectives.through(event_id=event.id, objective_id=objectives[plan.id, e.objective])
        for event, plan, e in written
    )


def _citizens(written, units) -> dict[str, int]:
    questions = Question.objects.bulk_create(
        Question(
            event_id=event.id,
            text=text,
            asked_on=asked,
            channel="during_event" if during else "form",
            topic=e.topic,
            answer="Se respondió en el espacio con las cifras del informe de gestión."
            if during or answered
            else "",
            answering_unit_id=units[plan.organisation_id, "OAP"],
            answered_by="Jefe de la Oficina Asesora de Planeación" if during or answered else "",
            answered_during_event=during,
            answer_due=due,
            answered_on=(due if answered and not during else None),
        )
        for event, plan, e in written
        for text, asked, during, due, answered in e.questions
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(
            event_id=event.id,
            description=text,
            responsible_unit_id=units[plan.organisation_id, "OAP"],
            due_date=due,
            status=status,
            progress=progress,
        )
        for event, plan, e in written
        for text, due, status, progress in [e.commitment]
    )
    return {"questions": len(questions), "commitments": len(commitments)}
