"""One loader per reporting screen, each a constant number of SQL queries whatever the size of
the plan (pinned by reporting/tests/test_query_counts.py). Permissions are applied inside the
queries through plan.roles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from indicators.choices import MeasurementStatus
from indicators.compliance import direction_of, indicator_result, is_programmed
from indicators.loading import Inputs, load_inputs
from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Evidence,
    Indicator,
    Measurement,
)
from plan import permissions, roles, scoping
from plan.choices import CutoffStatus
from plan.models import Cutoff, CutoffEvent
from reporting import audit, services, workflow

# --- Rows of a cutoff -----------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    programmed_year: Decimal | None
    programmed_cutoff: Decimal | None
    measurement: Measurement | None
    progress: Decimal | None
    editable: bool  # the current user may enter or correct the value now
    # Another unit's report before approval: a Reportante sees its status, not its content.
    hidden: bool = False

    @property
    def status(self) -> str | None:
        return self.measurement.status if self.measurement else None

    @property
    def executed(self) -> Decimal | None:
        if self.hidden or self.measurement is None:
            return None
        return self.measurement.executed

    @property
    def status_label(self) -> str:
        if self.measurement is None:
            return _("Sin reporte")
        return MeasurementStatus(self.measurement.status).label

    @property
    def status_hex(self) -> str:
        if self.measurement is None:
            return "#8a5a00"
        return MeasurementStatus(self.measurement.status).hex

    @property
    def programmed(self) -> bool:
        """Programmed at the cutoff as the engine counts it (a lower-is-better target of 0
        is programmed)."""
        direction = direction_of(self.indicator.direction, self.indicator.annualization)
        return is_programmed(self.programmed_cutoff, direction)

    @property
    def reportable(self) -> bool:
        """Counts in the overview: programmed at the cutoff, or reported anyway."""
        return self.programmed or self.measurement is not None


@dataclass
class UnitSummary:
    name: str
    pending: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.submitted + self.returned + self.approved


def _progress(inputs: Inputs, indicator: Indicator, cutoff: Cutoff) -> Decimal | None:
    return indicator_result(inputs.figures(indicator, cutoff)).progress_at_cutoff


@dataclass(frozen=True)
class DraftScope:
    """Whose reports ``user`` reads before approval at one plan: every indicator (``every``)
    for the planning office and directors who read the plan's organisation; otherwise the
    indicators of the units of the organisations they read, and a Reportante's own units."""

    every: bool
    organisations: frozenset[int] = frozenset()
    units: frozenset[int] = frozenset()

    def reads(self, indicator: Indicator) -> bool:
        if self.every:
            return True
        unit = indicator.responsible_unit if indicator.responsible_unit_id else None
        return unit is not None and (
            unit.id in self.units or unit.organisation_id in self.organisations
        )

    def indicators(self, plan_id: int):
        """The plan's indicators whose reports are readable (a queryset for subqueries)."""
        indicators = Indicator.objects.filter(plan_id=plan_id)
        if self.every:
            return indicators
        return indicators.filter(
            Q(responsible_unit_id__in=self.units)
            | Q(responsible_unit__organisation_id__in=self.organisations)
        )


def draft_scope(user, plan) -> DraftScope:
    orgs = permissions.draft_organisations(user)
    if orgs is None or plan.organisation_id in orgs:
        return DraftScope(every=True)
    units = permissions.unit_ids(user) if roles.is_reporter(user) else frozenset()
    return DraftScope(every=False, organisations=orgs, units=units)


def cutoff_rows(cutoff: Cutoff, user, indicators) -> list[IndicatorRow]:
    """Rows of ``indicators`` (a queryset) at ``cutoff``: 3 queries (indicators with goal and
    unit, annual and cutoff programming in one, measurements with their users)."""
    indicators = list(
        indicators.filter(plan_id=cutoff.plan_id)
        .select_related("goal", "responsible_unit")
        .order_by("responsible_unit__name", "code", "id")
    )
    inputs = load_inputs(
        [cutoff],
        [i.id for i in indicators],
        counted_only=False,
        related=("submitted_by", "reviewed_by"),
    )
    readable = draft_scope(user, cutoff.plan)
    plan_org_id = cutoff.plan.organisation_id
    rows = []
    for indicator in indicators:
        measurement = inputs.measurement(indicator.id, cutoff)
        unit = indicator.responsible_unit
        actor = services.scoped_actor(
            user, plan_org_id, indicator.responsible_unit_id, unit.organisation_id if unit else None
        )
        hidden = (
            measurement is not None
            and measurement.status != MeasurementStatus.APPROVED
            and not readable.reads(indicator)
        )
        rows.append(
            IndicatorRow(
                indicator=indicator,
                programmed_year=inputs.annual.get((indicator.id, cutoff.date.year)),
                programmed_cutoff=inputs.at_cutoff.get((indicator.id, cutoff.id)),
                measurement=measurement,
                progress=None if hidden else _progress(inputs, indicator, cutoff),
                hidden=hidden,
                editable=workflow.can_edit(
                    actor, measurement.status if measurement else None, cutoff.status
                ),
            )
        )
    return rows


def unit_summaries(rows: list[IndicatorRow]) -> list[UnitSummary]:
    by_unit: dict[str, UnitSummary] = {}
    for row in rows:
        if not row.reportable:
            continue
        unit = row.indicator.responsible_unit
        name = unit.name if unit else _("Sin dependencia asignada")
        summary = by_unit.setdefault(name, UnitSummary(name))
        bucket = workflow.bucket(row.status)
        setattr(summary, bucket, getattr(summary, bucket) + 1)
    return sorted(by_unit.values(), key=lambda s: s.name)


@dataclass
class CutoffBoard:
    cutoff: Cutoff
    rows: list[IndicatorRow]
    summaries: list[UnitSummary]
    totals: UnitSummary
    events: list[CutoffEvent]
    published_versions: int
    missing: int
    timeline: list[audit.Entry] = field(default_factory=list)


def cutoff_board(cutoff: Cutoff, user) -> CutoffBoard:
    """The cutoff page: 5 queries plus the timeline's (see cutoff_timeline)."""
    rows = cutoff_rows(cutoff, user, Indicator.objects.all())
    summaries = unit_summaries(rows)
    totals = UnitSummary(_("Total"))
    for s in summaries:
        for b in workflow.BUCKETS:
            setattr(totals, b, getattr(totals, b) + getattr(s, b))
    events = list(cutoff.events.select_related("user", "snapshot").order_by("-at", "-id"))
    versions = cutoff.snapshots.count()
    missing = sum(1 for r in rows if r.programmed and r.status != MeasurementStatus.APPROVED)
    return CutoffBoard(cutoff, rows, summaries, totals, events, versions, missing)


def get_cutoff(cutoff_id: int, user) -> Cutoff:
    """The cutoff if its plan is in ``user``'s reading scope (1 query, plan.scoping);
    DoesNotExist otherwise."""
    cutoffs = Cutoff.objects.select_related("plan", "plan__organisation")
    if not roles.can_view_internal(user):
        cutoffs = cutoffs.none()
    return scoping.by_plan(cutoffs, user, permissions.READ).get(pk=cutoff_id)


def get_managed_cutoff(cutoff_id: int, user) -> Cutoff:
    """The cutoff if ``user``'s planning office manages its plan; DoesNotExist otherwise."""
    cutoffs = Cutoff.objects.select_related("plan", "plan__organisation")
    return scoping.by_plan(cutoffs, user, permissions.MANAGE).get(pk=cutoff_id)


# --- A reporter's pending indicators -------------------------------------------------------


@dataclass
class PendingGroup:
    cutoff: Cutoff
    to_report: list[IndicatorRow]
    returned: list[IndicatorRow]
    in_review: list[IndicatorRow]


# Open cutoffs a page: the district's planning office has one open cutoff a plan (1.100 at L).
PENDING_CUTOFFS = 10


def pending_cutoffs(user) -> QuerySet[Cutoff]:
    """The open cutoffs of the plans in which ``user`` may report an indicator, the nearest
    deadline first: what ``pending_for`` reads a page of (plan.listing.paginate)."""
    plans = roles.indicators_editable_by(user).order_by().values("plan_id")
    return (
        Cutoff.objects.filter(status=CutoffStatus.OPEN, plan_id__in=plans)
        .select_related("plan")
        .order_by("deadline", "date", "id")
    )


def pending_for(user, cutoffs: Iterable[Cutoff]) -> list[PendingGroup]:
    """The indicators ``user`` still has to report in ``cutoffs`` (a page of
    ``pending_cutoffs``), those with something pending: 4 queries for all their rows
    together."""
    cutoffs = list(cutoffs)
    if not cutoffs:
        return []
    plan_ids = {c.plan_id for c in cutoffs}
    indicators = list(
        roles.indicators_editable_by(user)
        .filter(plan_id__in=plan_ids)
        .select_related("goal", "responsible_unit")
        .order_by("code", "id")
        .distinct()
    )
    inputs = load_inputs(cutoffs, [i.id for i in indicators], counted_only=False, related=())
    # Each cutoff walks its own plan's indicators: walking every indicator for every cutoff
    # took minutes for the district's planning office at L (1.100 cutoffs × 105.600).
    by_plan: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_plan[indicator.plan_id].append(indicator)
    groups = []
    for cutoff in cutoffs:
        group = PendingGroup(cutoff, [], [], [])
        for indicator in by_plan[cutoff.plan_id]:
            measurement = inputs.measurement(indicator.id, cutoff)
            status = measurement.status if measurement else None
            row = IndicatorRow(
                indicator=indicator,
                programmed_year=inputs.annual.get((indicator.id, cutoff.date.year)),
                programmed_cutoff=inputs.at_cutoff.get((indicator.id, cutoff.id)),
                measurement=measurement,
                progress=_progress(inputs, indicator, cutoff),
                editable=True,
            )
            if status == MeasurementStatus.RETURNED:
                group.returned.append(row)
            elif status == MeasurementStatus.SUBMITTED:
                group.in_review.append(row)
            elif status == MeasurementStatus.DRAFT or (status is None and row.programmed):
                group.to_report.append(row)
        if group.to_report or group.returned or group.in_review:
            groups.append(group)
    return groups


# --- The measurement form ------------------------------------------------------------------


@dataclass
class FormData:
    cutoff: Cutoff
    indicator: Indicator
    programmed_year: Decimal | None
    programmed_cutoff: Decimal | None
    measurement: Measurement | None
    evidence: list[Evidence]
    previous: Measurement | None  # the measurement at the plan's previous cutoff


def measurement_form_data(cutoff: Cutoff, indicator: Indicator) -> FormData:
    """5 queries: annual and cutoff programming, the measurement, its evidence, the previous
    cutoff's measurement."""
    programmed_year = (
        AnnualProgramming.objects.filter(indicator=indicator, year=cutoff.date.year)
        .values_list("programmed", flat=True)
        .first()
    )
    programmed_cutoff = (
        CutoffProgramming.objects.filter(indicator=indicator, cutoff=cutoff)
        .values_list("programmed", flat=True)
        .first()
    )
    measurement = (
        Measurement.objects.filter(indicator=indicator, cutoff=cutoff)
        .select_related("reviewed_by", "submitted_by")
        .first()
    )
    evidence = list(Evidence.objects.filter(measurement=measurement)) if measurement else []
    previous = (
        Measurement.objects.filter(
            indicator=indicator, cutoff__plan_id=cutoff.plan_id, cutoff__date__lt=cutoff.date
        )
        .select_related("cutoff")
        .order_by("-cutoff__date")
        .first()
    )
    return FormData(
        cutoff, indicator, programmed_year, programmed_cutoff, measurement, evidence, previous
    )
