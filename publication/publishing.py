"""Publishing a cutoff: compute its figures once and store them as a versioned snapshot."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.db.models import Max

from indicators.loading import PlanAtCutoff, load_plan_at_cutoff
from plan.choices import CutoffStatus
from plan.immutability import workflow_move
from plan.models import Cutoff, ObjectiveFigure, Snapshot


def _text(value: Decimal | None) -> str | None:
    """Decimals are stored as strings in JSON so nothing passes through a float."""
    return None if value is None else str(value)


STORED_PLACES = Decimal("0.0001")  # decimal_places of the figure columns


def _stored(value: Decimal | None) -> Decimal | None:
    """A figure cut (not rounded) to the 4 places of its column. Rounding it here and again
    to 2 places on display would show 82,49 for 82,48495 (82,4850 → 82,49); cutting keeps the
    displayed 2 places equal to the half-up rounding of the full-precision figure."""
    return None if value is None else value.quantize(STORED_PLACES, rounding=ROUND_DOWN)


PAYLOAD_SCHEMA = 2


def snapshot_payload(data: PlanAtCutoff) -> dict:
    """Every figure a public page shows, as plain JSON (decimals as strings).

    Schema 2 added (additively) what the public pages and open data need without reading live
    data: the plan's rule, the cutoff, objectives' statements and weights, each term's
    contribution, and each indicator's goal, direction, annualisation, gap and evidence.
    """
    return {
        "schema": PAYLOAD_SCHEMA,
        "cutoff": data.cutoff.date.isoformat(),
        "rule": data.plan.indicator_set_rule,
        "cap_progress": data.plan.cap_progress,
        "declared_total_weight": _text(data.plan.declared_total_weight),
        "plan_compliance": _text(data.result.compliance),
        "plan_colour": data.result.colour,
        "objectives": [_objective_payload(o, data) for o in data.objectives],
        "indicators": [
            _indicator_payload(i, indicator, data) for i, indicator in data.indicators.items()
        ],
    }


def _objective_payload(objective, data: PlanAtCutoff) -> dict:
    result = data.result.objectives[objective.id]
    return {
        "id": objective.id,
        "number": objective.number,
        "short_title": objective.short_title,
        "statement": objective.statement,
        "weight": _text(objective.weight),
        "compliance": _text(result.compliance),
        "colour": result.colour,
        "denominator": _text(result.denominator),
        "denominator_kind": result.denominator_kind,
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


def _indicator_payload(indicator_id: int, indicator, data: PlanAtCutoff) -> dict:
    figures = data.figures[indicator_id]
    result = data.result.indicators[indicator_id]
    measurement = data.measurements.get(indicator_id)
    return {
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
        "responsible_unit": (indicator.responsible_unit.name if indicator.responsible_unit else ""),
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


def objective_figures(snapshot: Snapshot, data: PlanAtCutoff) -> list[ObjectiveFigure]:
    """The snapshot's objective figures as plain rows (the district overview reads these)."""
    return [
        ObjectiveFigure(
            snapshot=snapshot,
            objective=objective,
            number=objective.number,
            short_title=objective.short_title,
            compliance=_stored(data.result.objectives[objective.id].compliance),
            colour=data.result.objectives[objective.id].colour,
        )
        for objective in data.objectives
    ]


@transaction.atomic
def publish(cutoff: Cutoff, user=None, reason: str = "") -> Snapshot:
    """Store a new snapshot version of the cutoff and mark it published."""
    cutoff = Cutoff.objects.select_for_update(of=("self",)).select_related("plan").get(pk=cutoff.pk)
    data = load_plan_at_cutoff(cutoff)
    last = cutoff.snapshots.aggregate(last=Max("version"))["last"] or 0
    snapshot = Snapshot.objects.create(
        cutoff=cutoff,
        version=last + 1,
        published_by=user,
        reason=reason,
        plan_compliance=_stored(data.result.compliance),
        plan_colour=data.result.colour,
        payload=snapshot_payload(data),
    )
    ObjectiveFigure.objects.bulk_create(objective_figures(snapshot, data))
    if cutoff.status != CutoffStatus.PUBLISHED:
        cutoff.status = CutoffStatus.PUBLISHED
        with workflow_move(cutoff):
            cutoff.save(update_fields=["status"])
    return snapshot
