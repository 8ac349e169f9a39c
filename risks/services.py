"""Writing assessments: the pure evaluation of ``risks.assessment`` stored with its inputs."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from risks import assessment as calc
from risks.methodology import plain
from risks.models import Assessment, Methodology, RiskCutoff


@dataclass(frozen=True)
class MethodologyContext:
    """A stored methodology with its plain form and its level rows by position."""

    row: Methodology
    plain: calc.Methodology
    probability: dict[int, object]  # position -> ProbabilityLevel
    impact: dict[int, object]  # position -> ImpactLevel
    questions: list  # CorruptionQuestion rows


def methodology_context(row: Methodology) -> MethodologyContext:
    """Six queries, once per request or import: levels, questions, cells, scores, bands."""
    probability = list(row.probability_levels.order_by("position"))
    impact = list(row.impact_levels.order_by("position"))
    questions = list(row.corruption_questions.order_by("number"))
    return MethodologyContext(
        row=row,
        plain=plain(row, probability=probability, impact=impact, questions=questions),
        probability={p.position: p for p in probability},
        impact={i.position: i for i in impact},
        questions=questions,
    )


@dataclass(frozen=True)
class Inputs:
    frequency: int
    economic_smlmv: Decimal | None = None
    reputational: int | None = None  # position of the impact level
    yes_answers: tuple[int, ...] = ()


def evaluate(ctx: MethodologyContext, kind: str, inputs: Inputs, controls) -> calc.Evaluation:
    """Raises ``calc.AssessmentError`` with a message for the user."""
    return calc.evaluate(
        ctx.plain,
        kind,
        [calc.Control(c.attributes, c.description) for c in controls],
        frequency=inputs.frequency,
        economic_smlmv=inputs.economic_smlmv,
        reputational=inputs.reputational,
        yes_answers=inputs.yes_answers,
    )


def steps_payload(evaluation: calc.Evaluation, controls: Sequence) -> list[dict]:
    """The control order used, as JSON (decimals as strings)."""
    return [
        {
            "order": step.order,
            "control_id": control.pk,
            "description": control.description,
            "score": str(step.score),
            "target": step.target,
            "before": str(step.before),
            "after": str(step.after),
            "applied": step.applied,
        }
        for step, control in zip(evaluation.steps, controls, strict=True)
    ]


def require(user, action: str, obj) -> None:
    """The service's own scope check (plan.permissions): PermissionDenied outside it. No
    user: a command or the seed, run by whoever operates the server."""
    from django.core.exceptions import PermissionDenied

    from plan import permissions

    if user is not None and not permissions.can(user, action, obj):
        raise PermissionDenied


@transaction.atomic
def store_assessment(risk, ctx: MethodologyContext, inputs: Inputs, controls, user=None):
    """Evaluate ``risk`` with its saved ``controls`` (in order) and store the result."""
    from plan import permissions

    require(user, permissions.MANAGE, risk)
    values = assessment_values(risk.kind, ctx, inputs, controls, user)
    stored, _ = Assessment.objects.update_or_create(risk=risk, defaults=values)
    return stored


def assessment_values(kind: str, ctx: MethodologyContext, inputs: Inputs, controls, user=None):
    """The fields of the assessment of a risk of ``kind`` with its saved ``controls`` (in
    order): what ``store_assessment`` stores, and the synthetic registers write in bulk."""
    evaluation = evaluate(ctx, kind, inputs, controls)
    inherent, residual = evaluation.inherent, evaluation.residual
    return {
        "methodology": ctx.row,
        "exposure_frequency": inputs.frequency,
        "economic_impact_smlmv": inputs.economic_smlmv if kind == calc.MANAGEMENT else None,
        "reputational_impact": (
            ctx.impact[inputs.reputational]
            if inputs.reputational and kind == calc.MANAGEMENT
            else None
        ),
        "corruption_yes_answers": (
            sorted(set(inputs.yes_answers)) if kind == calc.CORRUPTION else []
        ),
        "inherent_probability": ctx.probability[inherent.probability.position],
        "inherent_impact": ctx.impact[inherent.impact.position],
        "inherent_zone": inherent.zone,
        "residual_probability": ctx.probability[residual.probability.position],
        "residual_impact": ctx.impact[residual.impact.position],
        "residual_probability_value": residual.probability_value,
        "residual_impact_value": residual.impact_value,
        "residual_zone": residual.zone,
        "control_steps": steps_payload(evaluation, controls),
        "assessed_by": user,
    }


def inputs_of(stored: Assessment) -> Inputs:
    return Inputs(
        frequency=stored.exposure_frequency,
        economic_smlmv=stored.economic_impact_smlmv,
        reputational=stored.reputational_impact.position if stored.reputational_impact else None,
        yes_answers=tuple(stored.corruption_yes_answers or ()),
    )


@transaction.atomic
def create_cutoffs(organisation, year: int, methodology: Methodology) -> list[RiskCutoff]:
    """The follow-up cutoffs of a year from the methodology's review dates (30/04, 31/08,
    31/12), each due ``report_working_days`` working days later."""
    schedule = [tuple(int(part) for part in text.split("-")) for text in methodology.review_dates]
    cutoffs = []
    for date in calc.review_dates(year, schedule):
        cutoff, _ = RiskCutoff.objects.get_or_create(
            organisation=organisation,
            date=date,
            defaults={"deadline": calc.add_working_days(date, methodology.report_working_days)},
        )
        cutoffs.append(cutoff)
    return cutoffs


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


@transaction.atomic
def review_follow_up(follow_up, user, decision: str, notes: str = ""):
    """Approve or return a follow-up. Whoever reported it does not approve it
    (plan.permissions.four_eyes raises SelfApproval; with FOUR_EYES off the history says so)."""
    from django.utils import timezone

    from plan import permissions
    from plan.approval import sign_approval
    from risks.choices import FollowUpStatus

    require(user, permissions.REVIEW, follow_up)
    if decision == FollowUpStatus.APPROVED:
        sign_approval(follow_up, follow_up.reported_by_id, user)
    follow_up.status = decision
    follow_up.review_notes = notes
    follow_up.reviewed_by = user
    follow_up.reviewed_at = timezone.now()
    follow_up.save(update_fields=["status", "review_notes", "reviewed_by", "reviewed_at"])
    return follow_up
