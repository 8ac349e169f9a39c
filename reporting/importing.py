"""The database side of the follow-up workbook: rows to export, the current figures to compare
an upload with, and applying an import plan in one transaction (any error: nothing is written).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.choices import MeasurementStatus
from indicators.choices import Unit as MeasureUnit
from indicators.compliance import LOWER, direction_of
from indicators.loading import load_inputs
from indicators.models import (
    CutoffProgramming,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan import permissions, roles, scoping
from plan.choices import CutoffStatus
from plan.models import Cutoff
from reporting import services, workflow
from reporting.workbook_export import FollowupMeta, FollowupRow, build_followup
from reporting.workbook_import import (
    Context,
    Current,
    ImportPlan,
    Parsed,
    parse_followup,
    plan_followup,
)


def _indicators_for(cutoff: Cutoff, user):
    """Planning and directors who read the plan's organisation get every indicator; on
    another organisation's plan (the sector plan) those of the units they read; a reporter,
    those of the own units."""
    if roles.is_planning(user) or roles.is_director(user):
        orgs = permissions.draft_organisations(user)
        if orgs is None or cutoff.plan.organisation_id in orgs:
            indicators = Indicator.objects.all()
        else:
            indicators = permissions.restrict(Indicator.objects.all(), user, permissions.READ)
    else:
        indicators = roles.indicators_editable_by(user)
    return (
        indicators.filter(plan_id=cutoff.plan_id)
        .select_related("goal", "responsible_unit")
        .order_by("code", "id")
        .distinct()
    )


def followup_rows(cutoff: Cutoff, user) -> tuple[FollowupMeta, list[FollowupRow]]:
    """5 queries whatever the size of the plan."""
    indicators = list(_indicators_for(cutoff, user))
    ids = [i.id for i in indicators]
    links = defaultdict(list)
    for indicator_id, number, weight in (
        ObjectiveLink.objects.filter(indicator_id__in=ids, year=cutoff.date.year)
        .order_by("objective__number", "id")
        .values_list("indicator_id", "objective__number", "weight")
    ):
        links[indicator_id].append((number, weight))
    inputs = load_inputs([cutoff], ids, counted_only=False, related=())
    rows = []
    for indicator in indicators:
        m = inputs.measurement(indicator.id, cutoff)
        figures = inputs.figures(indicator, cutoff)
        goal = indicator.goal
        for number, weight in links.get(indicator.id) or [(None, None)]:
            rows.append(
                FollowupRow(
                    indicator_id=indicator.id,
                    objective=number,
                    code=indicator.code,
                    name=indicator.name,
                    goal=f"{goal.code} {goal.name}".strip() if goal.code else goal.name,
                    unit=indicator.responsible_unit.name if indicator.responsible_unit else "",
                    measure=str(MeasureUnit(indicator.unit).label),
                    weight=weight,
                    programmed_year=figures.programmed_year,
                    programmed_cutoff=figures.programmed_cutoff,
                    executed=m.executed if m else None,
                    analysis=m.analysis.strip() if m else "",
                    submitted=bool(m)
                    and m.status in (MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED),
                    status=str(MeasurementStatus(m.status).label) if m else "",
                    lower_is_better=figures.direction == LOWER,
                )
            )
    rows.sort(key=lambda r: (r.objective is None, r.objective or 0, r.code, r.indicator_id))
    meta = FollowupMeta(
        plan_slug=cutoff.plan.slug,
        plan_name=cutoff.plan.name,
        cutoff_date=cutoff.date,
        cutoff_status=str(CutoffStatus(cutoff.status).label),
        programming_editable=scoping.manages(user, cutoff.plan.organisation_id),
    )
    return meta, rows


def export_followup(cutoff: Cutoff, user) -> bytes:
    meta, rows = followup_rows(cutoff, user)
    return build_followup(meta, rows)


def load_context(cutoff: Cutoff, user, measurements: dict[int, Measurement]) -> Context:
    """Every indicator of the plan with its current figures (3 queries; ``measurements`` are
    the cutoff's, by indicator id, loaded by the caller)."""
    indicators = Indicator.objects.filter(plan_id=cutoff.plan_id).values_list(
        "id",
        "code",
        "unit",
        "direction",
        "annualization",
        "responsible_unit_id",
        "responsible_unit__organisation_id",
    )
    objectives = defaultdict(set)
    for indicator_id, number in ObjectiveLink.objects.filter(
        objective__plan_id=cutoff.plan_id, year=cutoff.date.year
    ).values_list("indicator_id", "objective__number"):
        objectives[indicator_id].add(number)
    at_cutoff = dict(
        CutoffProgramming.objects.filter(cutoff=cutoff).values_list("indicator_id", "programmed")
    )
    current = {}
    plan_org_id = cutoff.plan.organisation_id
    for indicator_id, code, unit, direction, annualization, unit_id, unit_org_id in indicators:
        m = measurements.get(indicator_id)
        current[indicator_id] = Current(
            indicator_id=indicator_id,
            code=code,
            unit=unit,
            direction=direction_of(direction, annualization),
            objectives=frozenset(objectives.get(indicator_id, ())),
            programmed_cutoff=at_cutoff.get(indicator_id),
            executed=m.executed if m else None,
            analysis=m.analysis.strip() if m else "",
            status=m.status if m else None,
            actor=services.scoped_actor(user, plan_org_id, unit_id, unit_org_id),
        )
    return Context(cutoff.plan.slug, cutoff.date, cutoff.status, current)


def run_followup_import(
    content: bytes,
    cutoff: Cutoff,
    user,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    parsed: Parsed | None = None,
    approve: bool = False,
) -> ImportPlan:
    """Parse (unless the rows of ``content`` come already ``parsed``, as the preview keeps
    them), compare and (unless ``dry_run`` or any error) write, all in one transaction with
    the cutoff locked, so what is written is exactly what was checked."""
    if approve and (problem := approval_problem(user, cutoff)):
        raise workflow.TransitionError(problem)
    if parsed is None:
        parsed = parse_followup(content, progress=progress)
    with transaction.atomic():
        cutoff = (
            Cutoff.objects.select_for_update(of=("self",)).select_related("plan").get(pk=cutoff.pk)
        )
        rows = Measurement.objects.filter(cutoff=cutoff)
        if dry_run:  # what the comparison reads, not whole rows to write back
            rows = rows.only("indicator_id", "executed", "analysis", "status")
        else:
            rows = rows.select_for_update(of=("self",))
        measurements = {m.indicator_id: m for m in rows}
        plan = plan_followup(parsed, load_context(cutoff, user, measurements))
        if plan.errors or dry_run:
            return plan
        written = _write(plan, cutoff, user, measurements, progress)
        _write_programming(plan, cutoff, user)
        if approve:
            _approve(written, user)
    return plan


def approval_problem(user, cutoff: Cutoff | None = None) -> str | None:
    """Why ``user`` may not approve on import, or None. Approving on import is the planning
    office's, and only when four eyes are off (settings.FOUR_EYES): otherwise the person who
    loads the figures cannot approve them."""
    if not roles.is_planning(user):
        return _("Solo la Oficina Asesora de Planeación aprueba reportes.")
    if cutoff is not None and not scoping.manages(user, cutoff.plan.organisation_id):
        return _("Este plan no pertenece a una organización a cargo de su oficina de planeación.")
    if getattr(settings, "FOUR_EYES", True):
        return _(
            "Cuatro ojos: quien carga las cifras no puede aprobarlas. Otra persona de "
            "Planeación las aprueba en «Revisar reportes en lote»."
        )
    return None


def _approve(written: list[Measurement], user) -> None:
    """The submitted rows just written, approved by ``user``: a second history record each
    (approved, by whom), as the review service leaves it."""
    now = timezone.now()
    submitted = [m for m in written if m.status == MeasurementStatus.SUBMITTED]
    for m in submitted:
        m.status = MeasurementStatus.APPROVED
        m.reviewed_by = user
        m.reviewed_at = now
        m.review_comment = ""
    Measurement.objects.bulk_update(
        submitted, ["status", "reviewed_by", "reviewed_at", "review_comment"], batch_size=BATCH
    )
    Measurement.history.bulk_history_create(
        submitted, batch_size=BATCH, update=True, default_user=user, default_date=now
    )


WRITTEN_FIELDS = [
    "executed",
    "analysis",
    "status",
    "reported_by",
    "reported_at",
    "submitted_by",
    "submitted_at",
]
BATCH = 1000


def _write(plan: ImportPlan, cutoff: Cutoff, user, existing, progress) -> list[Measurement]:
    """The plan's changes in bulk: one upsert (insert, or update on the (indicator, cutoff)
    key) a thousand rows at a time, then each row's history record (who, when, new or
    changed), as a save would leave them. ``existing``: the cutoff's measurements by indicator,
    locked with the cutoff, so no other write interleaves."""
    now = timezone.now()
    new, changed = [], []
    for change in plan.writes:
        m = existing.get(change.indicator_id)
        if m is None:
            m = Measurement(cutoff=cutoff, indicator_id=change.indicator_id)
            new.append(m)
        else:
            changed.append(m)
        m.executed = change.new_executed
        m.analysis = change.new_analysis
        m.status = change.new_status
        m.reported_by = user
        m.reported_at = now
        if change.new_status == MeasurementStatus.SUBMITTED:
            m.submitted_by = user
            m.submitted_at = now
    rows = changed + new
    for start in range(0, len(rows), BATCH):  # one upsert per batch, as bulk_create would
        Measurement.objects.bulk_create(
            rows[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["indicator", "cutoff"],
            update_fields=WRITTEN_FIELDS,
        )
        if progress:  # rows really written (inside the transaction), not merely prepared
            progress(min(start + BATCH, len(rows)), len(rows))
    history = Measurement.history
    history.bulk_history_create(new, batch_size=BATCH, default_user=user, default_date=now)
    history.bulk_history_create(
        changed, batch_size=BATCH, update=True, default_user=user, default_date=now
    )
    return changed + new


def _write_programming(plan: ImportPlan, cutoff: Cutoff, user) -> None:
    """The «programado al corte» values the planning office changed in the workbook (checked
    by workbook_programming), each with its history record, as the programming grid leaves
    them. Runs inside the import's transaction, the cutoff locked."""
    values = {c.indicator_id: c.new_programmed for c in plan.programming_writes}
    if not values:
        return
    existing = {
        p.indicator_id: p
        for p in CutoffProgramming.objects.select_for_update(of=("self",)).filter(
            cutoff=cutoff, indicator_id__in=list(values)
        )
    }
    new = []
    for indicator_id, value in values.items():
        row = existing.get(indicator_id)
        if row is None:
            new.append(CutoffProgramming(cutoff=cutoff, indicator_id=indicator_id))
            row = new[-1]
        row.programmed = value
    changed = list(existing.values())
    bulk_update_with_history(
        changed, CutoffProgramming, ["programmed"], batch_size=BATCH, default_user=user
    )
    bulk_create_with_history(new, CutoffProgramming, batch_size=BATCH, default_user=user)
