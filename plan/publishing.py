"""Publishing a cutoff: compute its figures once and store them as a versioned snapshot."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from indicators.loading import PlanAtCutoff, load_plan_at_cutoff
from plan.choices import CutoffStatus
from plan.immutability import workflow_move
from plan.models import Cutoff, ObjectiveFigure, Snapshot


def _text(value: Decimal | None) -> str | None:
    """Decimals are stored as strings in JSON so nothing passes through a float."""
    return None if value is None else str(value)


PAYLOAD_SCHEMA = 2


def snapshot_payload(data: PlanAtCutoff) -> dict:
    """Every figure a public page shows, as plain JSON (decimals as strings).

    Schema 2 added (additively) what the public pages and open data need without reading live
    data: the plan's rule, the cutoff, objectives' statements and weights, each term's
    contribution, and each indicator's goal, direction, annualisation, gap and evidence.
    """
    objectives = []
    for objective in data.objectives:
        result = data.result.objectives[objective.id]
        objectives.append(
            {
                "id": objective.id,
                "number": objective.number,
                "short_title": objective.short_title,
                "statement": objective.statement,
                "weight": _text(objective.weight),
                "compliance": _text(result.compliance),
                "colour": result.colour,
                "terms": [
                    {
                        "indicator_id": t.indicator_id,
                        "weight": _text(t.weight),
                        "included": t.included,
                        "reason": t.reason,
                        "progress": _text(t.progress),
                        "normalised_weight": _text(t.normalised_weight),
                        "contribution": _text(t.contribution),
                    }
                    for t in result.terms
                ],
            }
        )
    indicators = []
    for indicator_id, indicator in data.indicators.items():
        figures = data.figures[indicator_id]
        result = data.result.indicators[indicator_id]
        measurement = data.measurements.get(indicator_id)
        indicators.append(
            {
                "id": indicator_id,
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "annualization": indicator.annualization,
                "goal": {
                    "kind": indicator.goal.kind,
                    "code": indicator.goal.code,
                    "name": indicator.goal.name,
                },
                "responsible_unit": (
                    indicator.responsible_unit.name if indicator.responsible_unit else ""
                ),
                "programmed_year": _text(figures.programmed_year),
                "programmed_cutoff": _text(figures.programmed_cutoff),
                "executed": _text(figures.executed),
                "progress_at_cutoff": _text(result.progress_at_cutoff),
                "progress_in_year": _text(result.progress_in_year),
                "status": result.status,
                "gap": _text(result.gap),
                "analysis": measurement.analysis if measurement else "",
                "evidence_url": measurement.evidence_url if measurement else "",
            }
        )
    return {
        "schema": PAYLOAD_SCHEMA,
        "cutoff": data.cutoff.date.isoformat(),
        "rule": data.plan.indicator_set_rule,
        "cap_progress": data.plan.cap_progress,
        "plan_compliance": _text(data.result.compliance),
        "plan_colour": data.result.colour,
        "objectives": objectives,
        "indicators": indicators,
    }


def objective_figures(snapshot: Snapshot, data: PlanAtCutoff) -> list[ObjectiveFigure]:
    """The snapshot's objective figures as plain rows (the district overview reads these)."""
    return [
        ObjectiveFigure(
            snapshot=snapshot,
            objective=objective,
            number=objective.number,
            short_title=objective.short_title,
            compliance=data.result.objectives[objective.id].compliance,
            colour=data.result.objectives[objective.id].colour,
        )
        for objective in data.objectives
    ]


@transaction.atomic
def publish(cutoff: Cutoff, user=None, reason: str = "") -> Snapshot:
    """Store a new snapshot version of the cutoff and mark it published."""
    cutoff = Cutoff.objects.select_for_update().select_related("plan").get(pk=cutoff.pk)
    data = load_plan_at_cutoff(cutoff)
    last = cutoff.snapshots.aggregate(last=Max("version"))["last"] or 0
    snapshot = Snapshot.objects.create(
        cutoff=cutoff,
        version=last + 1,
        published_by=user,
        reason=reason,
        plan_compliance=data.result.compliance,
        plan_colour=data.result.colour,
        payload=snapshot_payload(data),
    )
    ObjectiveFigure.objects.bulk_create(objective_figures(snapshot, data))
    if cutoff.status != CutoffStatus.PUBLISHED:
        cutoff.status = CutoffStatus.PUBLISHED
        with workflow_move(cutoff):
            cutoff.save(update_fields=["status"])
    return snapshot
