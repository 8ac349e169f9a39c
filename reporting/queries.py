"""One loader per reporting screen, each a constant number of SQL queries whatever the size of
the plan (pinned by reporting/tests/test_query_counts.py). Permissions are applied inside the
queries through plan.roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.choices import MeasurementStatus
from indicators.choices import Unit as MeasureUnit
from indicators.compliance import IndicatorFigures, indicator_result
from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Evidence,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan import roles
from plan.choices import CutoffStatus
from plan.formatting import format_date, format_magnitude
from plan.models import Cutoff, CutoffEvent, Objective, Unit
from reporting import audit, workflow

# --- Rows of a cutoff -----------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    programmed_year: Decimal | None
    programmed_cutoff: Decimal | None
    measurement: Measurement | None
    progress: Decimal | None
    editable: bool  # the current user may enter or correct the value now

    @property
    def status(self) -> str | None:
        return self.measurement.status if self.measurement else None

    @property
    def executed(self) -> Decimal | None:
        return self.measurement.executed if self.measurement else None

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
        return self.programmed_cutoff is not None and self.programmed_cutoff > 0

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


def _progress(indicator, programmed_year, programmed_cutoff, executed):
    return indicator_result(
        IndicatorFigures(
            indicator_id=indicator.id,
            direction=indicator.direction,
            programmed_year=programmed_year,
            programmed_cutoff=programmed_cutoff,
            executed=executed,
        )
    ).progress_at_cutoff


def cutoff_rows(cutoff: Cutoff, user, indicators) -> list[IndicatorRow]:
    """Rows of ``indicators`` (a queryset) at ``cutoff``: 3 queries (indicators with goal and
    unit, annual and cutoff programming in one, measurements with their users)."""
    indicators = list(
        indicators.filter(plan_id=cutoff.plan_id)
        .select_related("goal", "responsible_unit")
        .order_by("responsible_unit__name", "code", "id")
    )
    ids = [i.id for i in indicators]
    annual = dict(
        AnnualProgramming.objects.filter(
            indicator__plan_id=cutoff.plan_id, year=cutoff.date.year
        ).values_list("indicator_id", "programmed")
    )
    at_cutoff = dict(
        CutoffProgramming.objects.filter(cutoff=cutoff).values_list("indicator_id", "programmed")
    )
    measurements = {
        m.indicator_id: m
        for m in Measurement.objects.filter(cutoff=cutoff, indicator_id__in=ids).select_related(
            "submitted_by", "reviewed_by"
        )
    }
    planning = roles.is_planning(user)
    reporter = roles.is_reporter(user)
    rows = []
    for indicator in indicators:
        measurement = measurements.get(indicator.id)
        actor = workflow.Actor(
            planning=planning,
            unit_reporter=reporter and roles.can_edit_unit(user, indicator.responsible_unit_id),
        )
        rows.append(
            IndicatorRow(
                indicator=indicator,
                programmed_year=annual.get(indicator.id),
                programmed_cutoff=at_cutoff.get(indicator.id),
                measurement=measurement,
                progress=_progress(
                    indicator,
                    annual.get(indicator.id),
                    at_cutoff.get(indicator.id),
                    measurement.executed if measurement else None,
                ),
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
    """The cutoff if ``user`` may read internal pages (1 query); DoesNotExist otherwise."""
    cutoffs = Cutoff.objects.select_related("plan", "plan__organisation")
    if not roles.can_view_internal(user):
        cutoffs = cutoffs.none()
    return cutoffs.get(pk=cutoff_id)


# --- A reporter's pending indicators -------------------------------------------------------


@dataclass
class PendingGroup:
    cutoff: Cutoff
    to_report: list[IndicatorRow]
    returned: list[IndicatorRow]
    in_review: list[IndicatorRow]


def pending_for(user) -> list[PendingGroup]:
    """Open cutoffs and the indicators ``user`` still has to report in them: 1 query for the
    cutoffs and 4 for all their rows together."""
    cutoffs = list(
        Cutoff.objects.filter(status=CutoffStatus.OPEN)
        .select_related("plan")
        .order_by("deadline", "date", "id")
    )
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
    ids = [i.id for i in indicators]
    years = {c.date.year for c in cutoffs}
    annual = {
        (i, y): p
        for i, y, p in AnnualProgramming.objects.filter(
            indicator_id__in=ids, year__in=years
        ).values_list("indicator_id", "year", "programmed")
    }
    at_cutoff = {
        (i, c): p
        for i, c, p in CutoffProgramming.objects.filter(
            cutoff__in=cutoffs, indicator_id__in=ids
        ).values_list("indicator_id", "cutoff_id", "programmed")
    }
    measurements = {
        (m.indicator_id, m.cutoff_id): m
        for m in Measurement.objects.filter(cutoff__in=cutoffs, indicator_id__in=ids)
    }
    groups = []
    for cutoff in cutoffs:
        group = PendingGroup(cutoff, [], [], [])
        for indicator in indicators:
            if indicator.plan_id != cutoff.plan_id:
                continue
            measurement = measurements.get((indicator.id, cutoff.id))
            programmed = at_cutoff.get((indicator.id, cutoff.id))
            status = measurement.status if measurement else None
            row = IndicatorRow(
                indicator=indicator,
                programmed_year=annual.get((indicator.id, cutoff.date.year)),
                programmed_cutoff=programmed,
                measurement=measurement,
                progress=_progress(
                    indicator,
                    annual.get((indicator.id, cutoff.date.year)),
                    programmed,
                    measurement.executed if measurement else None,
                ),
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


# --- Audit timelines ------------------------------------------------------------------------


def _user(record) -> str:
    user = record.history_user
    if user is None:
        return _("Sistema")
    return user.get_full_name() or user.username


def _status(value: str) -> str:
    return str(MeasurementStatus(value).label) if value else ""


def _cutoff_status(value: str) -> str:
    return str(CutoffStatus(value).label) if value else ""


def _version(record, model, key, label, values) -> audit.Version:
    return audit.Version(
        model=model,
        object_key=key,
        object_label=label,
        when=record.history_date,
        user=_user(record),
        kind=record.history_type,
        values=values,
        order=record.history_id,
    )


def _measurement_versions(records, label_of) -> list[audit.Version]:
    return [
        _version(
            r,
            str(_("Medición")),
            (r.id,),
            label_of(r),
            {
                str(_("Ejecutado")): format_magnitude(r.executed),
                str(_("Estado")): _status(r.status),
                str(_("Análisis")): r.analysis,
                str(_("Comentario de revisión")): r.review_comment,
            },
        )
        for r in records
    ]


def _evidence_versions(records, label_of) -> list[audit.Version]:
    return [
        _version(
            r,
            str(_("Evidencia")),
            (r.id,),
            label_of(r),
            {str(_("Evidencia")): r.name},
        )
        for r in records
    ]


def indicator_timeline(indicator: Indicator) -> list[audit.Entry]:
    """9 queries: the history of the indicator (and its units' names), its measurements,
    evidence, programming (annual and per cutoff) and objective links, plus the cutoff dates
    and objective numbers."""
    cutoff_dates = dict(Cutoff.objects.filter(plan_id=indicator.plan_id).values_list("id", "date"))
    objective_numbers = dict(
        Objective.objects.filter(plan_id=indicator.plan_id).values_list("id", "number")
    )

    def at(cutoff_id):
        return _("Corte %(date)s") % {"date": format_date(cutoff_dates.get(cutoff_id))}

    versions = []
    records = list(Indicator.history.filter(id=indicator.id).select_related("history_user"))
    unit_names = dict(
        Unit.objects.filter(organisation__plans__id=indicator.plan_id).values_list("id", "name")
    )
    for r in records:
        versions.append(
            _version(
                r,
                str(_("Indicador")),
                (r.id,),
                r.code or r.name[:60],
                {
                    str(_("Código")): r.code,
                    str(_("Nombre")): r.name,
                    str(_("Unidad de medida")): str(MeasureUnit(r.unit).label) if r.unit else "",
                    str(_("Dependencia")): unit_names.get(r.responsible_unit_id, ""),
                },
            )
        )
    measurements = Measurement.history.filter(indicator_id=indicator.id).select_related(
        "history_user"
    )
    versions += _measurement_versions(measurements, lambda r: at(r.cutoff_id))
    evidence = Evidence.history.filter(measurement__indicator_id=indicator.id).select_related(
        "history_user"
    )
    # measurement ids -> cutoff, from the measurement records already loaded
    cutoff_of = {r.id: r.cutoff_id for r in measurements}
    versions += _evidence_versions(evidence, lambda r: at(cutoff_of.get(r.measurement_id)))
    for r in CutoffProgramming.history.filter(indicator_id=indicator.id).select_related(
        "history_user"
    ):
        versions.append(
            _version(
                r,
                str(_("Programación al corte")),
                (r.id,),
                at(r.cutoff_id),
                {str(_("Programado al corte")): format_magnitude(r.programmed)},
            )
        )
    for r in AnnualProgramming.history.filter(indicator_id=indicator.id).select_related(
        "history_user"
    ):
        versions.append(
            _version(
                r,
                str(_("Programación anual")),
                (r.id,),
                _("Vigencia %(year)s") % {"year": r.year},
                {str(_("Programado en la vigencia")): format_magnitude(r.programmed)},
            )
        )
    for r in ObjectiveLink.history.filter(indicator_id=indicator.id).select_related("history_user"):
        versions.append(
            _version(
                r,
                str(_("Ponderación")),
                (r.id,),
                _("Objetivo %(n)s, vigencia %(year)s")
                % {"n": objective_numbers.get(r.objective_id, "?"), "year": r.year},
                {str(_("Ponderación (%)")): format_magnitude(r.weight)},
            )
        )
    return audit.timeline(versions)


def cutoff_timeline(cutoff: Cutoff, limit: int | None = None) -> list[audit.Entry]:
    """6 queries: the cutoff's own history, its moves (with reasons), and the history of its
    measurements, their evidence and its programming, labelled with indicator codes."""
    labels = {
        i.id: (i.code or i.name[:60])
        for i in Indicator.objects.filter(plan_id=cutoff.plan_id).only("id", "code", "name")
    }
    versions = [
        _version(
            r,
            str(_("Corte")),
            (r.id,),
            format_date(r.date),
            {
                str(_("Estado")): _cutoff_status(r.status),
                str(_("Fecha límite")): format_date(r.deadline),
            },
        )
        for r in Cutoff.history.filter(id=cutoff.id).select_related("history_user")
    ]
    measurements = Measurement.history.filter(cutoff_id=cutoff.id).select_related("history_user")

    def indicator_label(indicator_id):
        return _("Indicador %(code)s") % {"code": labels.get(indicator_id, "?")}

    versions += _measurement_versions(measurements, lambda r: indicator_label(r.indicator_id))
    indicator_of = {r.id: r.indicator_id for r in measurements}
    evidence = Evidence.history.filter(measurement__cutoff_id=cutoff.id).select_related(
        "history_user"
    )
    versions += _evidence_versions(
        evidence, lambda r: indicator_label(indicator_of.get(r.measurement_id))
    )
    for r in CutoffProgramming.history.filter(cutoff_id=cutoff.id).select_related("history_user"):
        versions.append(
            _version(
                r,
                str(_("Programación al corte")),
                (r.id,),
                indicator_label(r.indicator_id),
                {str(_("Programado al corte")): format_magnitude(r.programmed)},
            )
        )
    extra = [
        audit.Entry(
            when=e.at,
            user=(e.user.get_full_name() or e.user.username) if e.user else _("Sistema"),
            model=str(_("Corte")),
            object_label=format_date(cutoff.date),
            action=e.get_action_display(),
            changes=tuple(
                audit.Change(
                    str(
                        _("Alerta confirmada: %(i)s (%(m)s)")
                        % {"i": c.get("indicator", ""), "m": c.get("message", "")}
                    ),
                    "",
                    c.get("reason", ""),
                )
                for c in e.confirmations or ()
            ),
            note=e.reason,
        )
        for e in CutoffEvent.objects.filter(cutoff=cutoff).select_related("user")
    ]
    entries = audit.timeline(versions, extra)
    return entries[:limit] if limit else entries
