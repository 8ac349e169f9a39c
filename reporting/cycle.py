"""The planning office's yearly cycle, as services shared by pages and commands: the cutoff
calendar, «programado al corte» and review at scale. Each write is one transaction, checks the
role on the server and records who did it; the arithmetic is in plan.cutoff_calendar."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from indicators.choices import Annualization, MeasurementStatus
from indicators.models import AnnualProgramming, CutoffProgramming, Indicator, Measurement
from plan import cutoff_calendar, roles
from plan.choices import CutoffStatus
from plan.models import Cutoff, Plan, Unit
from reporting import services
from reporting.setup import apply_grid
from reporting.workflow import APPROVE, RETURN, TransitionError

DEFAULT_WORKING_DAYS = 10


def four_eyes() -> bool:
    return getattr(settings, "FOUR_EYES", True)


def _require_planning(user, plan: Plan) -> None:
    if not roles.is_planning(user):
        raise TransitionError(_("Solo la Oficina Asesora de Planeación configura los cortes."))
    services.require_scope(user, plan)


# --- Cutoff calendar ------------------------------------------------------------------------


def plan_periodicity(plan: Plan) -> str:
    """The plan's reporting rhythm: the periodicity of most of its indicators (1 query)."""
    counts = plan.indicators.values_list("periodicity").annotate(n=Count("id")).order_by()
    return cutoff_calendar.usual_periodicity(
        periodicity for periodicity, n in counts for _ in range(n)
    )


@dataclass
class CreatedCutoffs:
    created: list[Cutoff] = field(default_factory=list)
    existing: list[datetime.date] = field(default_factory=list)


@transaction.atomic
def create_cutoffs(
    plan: Plan,
    dates: Iterable[datetime.date],
    user,
    working_days: int = DEFAULT_WORKING_DAYS,
) -> CreatedCutoffs:
    """Open a cutoff on each date not taken yet, its reporting deadline ``working_days``
    Colombian working days later, and fill «programado al corte» with the defaults."""
    _require_planning(user, plan)
    dates = sorted(set(dates))
    if not dates:
        raise TransitionError(_("Indique al menos una fecha de corte."))
    outside = [d for d in dates if d.year not in plan.years]
    if outside:
        raise TransitionError(
            _("El plan va de %(a)s a %(b)s: la fecha %(d)s está fuera de su vigencia.")
            % {"a": plan.start_year, "b": plan.end_year, "d": f"{outside[0]:%d/%m/%Y}"}
        )
    if not 0 <= working_days <= 60:
        raise TransitionError(_("Los días hábiles para reportar van de 0 a 60."))
    taken = set(
        Cutoff.objects.select_for_update(of=("self",))
        .filter(plan=plan, date__in=dates)
        .values_list("date", flat=True)
    )
    result = CreatedCutoffs(existing=sorted(taken))
    for date in dates:
        if date in taken:
            continue
        cutoff = Cutoff(
            plan=plan,
            date=date,
            status=CutoffStatus.OPEN,
            deadline=cutoff_calendar.add_working_days(date, working_days),
        )
        cutoff._history_user = user
        cutoff.save()
        result.created.append(cutoff)
    _fill_defaults(plan, result.created, user)
    return result


def _fill_defaults(plan: Plan, cutoffs: list[Cutoff], user) -> None:
    rows = []
    for cutoff in cutoffs:
        for line in programming_lines(cutoff):
            if line.default is not None:
                rows.append(
                    CutoffProgramming(
                        indicator=line.indicator, cutoff=cutoff, programmed=line.default
                    )
                )
    bulk_create_with_history(rows, CutoffProgramming, default_user=user)


# --- «Programado al corte» ------------------------------------------------------------------


@dataclass
class ProgrammingLine:
    indicator: Indicator
    yearly: Decimal | None
    default: Decimal | None
    current: Decimal | None

    @property
    def annualization_label(self) -> str:
        return str(Annualization(self.indicator.annualization).label)


def programming_lines(cutoff: Cutoff) -> list[ProgrammingLine]:
    """Every indicator of the cutoff's plan with its yearly programming, the default and the
    stored «programado al corte» (3 queries whatever the size of the plan)."""
    year = cutoff.date.year
    indicators = list(
        Indicator.objects.filter(plan_id=cutoff.plan_id)
        .select_related("responsible_unit")
        .order_by("code", "id")
    )
    yearly: dict[tuple[int, int], Decimal] = {
        (i, y): p
        for i, y, p in AnnualProgramming.objects.filter(
            indicator__plan_id=cutoff.plan_id, year__in=(year - 1, year)
        ).values_list("indicator_id", "year", "programmed")
    }
    stored = dict(
        CutoffProgramming.objects.filter(cutoff_id=cutoff.id).values_list(
            "indicator_id", "programmed"
        )
    )
    return [
        ProgrammingLine(
            indicator=i,
            yearly=yearly.get((i.id, year)),
            default=cutoff_calendar.default_programmed(
                i.annualization,
                i.periodicity,
                cutoff.date,
                yearly.get((i.id, year)),
                yearly.get((i.id, year - 1)),
            ),
            current=stored.get(i.id),
        )
        for i in indicators
    ]


@transaction.atomic
def save_programming(cutoff: Cutoff, values: Mapping[int, Decimal | None], user) -> int:
    """Store «programado al corte» for the given indicators (None or 0: not programmed); all
    or nothing. Returns how many rows changed."""
    cutoff = Cutoff.objects.select_for_update(of=("self",)).select_related("plan").get(pk=cutoff.pk)
    _require_planning(user, cutoff.plan)
    if cutoff.status != CutoffStatus.OPEN:
        raise TransitionError(_("Solo se programa un corte abierto; reábralo con un motivo."))
    valid = set(Indicator.objects.filter(plan_id=cutoff.plan_id).values_list("id", flat=True))
    unknown = set(values) - valid
    if unknown:
        raise TransitionError(_("Hay indicadores que no son de este plan."))
    existing = {
        p.indicator_id: p
        for p in CutoffProgramming.objects.select_for_update(of=("self",)).filter(
            cutoff=cutoff, indicator_id__in=list(values)
        )
    }
    return apply_grid(
        existing,
        values,
        "programmed",
        lambda indicator_id: CutoffProgramming(cutoff=cutoff, indicator_id=indicator_id),
        user,
        exclude=["indicator", "cutoff"],
    )


# --- Review at scale ------------------------------------------------------------------------


@dataclass
class BulkReview:
    done: list[Measurement] = field(default_factory=list)
    own: list[Measurement] = field(default_factory=list)  # excluded: four eyes

    def own_names(self) -> str:
        return ", ".join(m.indicator.code or m.indicator.name[:60] for m in self.own)


ELIGIBLE = {
    APPROVE: (MeasurementStatus.SUBMITTED,),
    RETURN: (MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED),
}


def reviewable(cutoff: Cutoff, action: str, unit: Unit | None = None):
    """The measurements of ``cutoff`` that ``action`` applies to (optionally of one unit)."""
    rows = Measurement.objects.filter(cutoff=cutoff, status__in=ELIGIBLE[action])
    if unit is not None:
        rows = rows.filter(indicator__responsible_unit=unit)
    return rows


@transaction.atomic
def review_many(cutoff: Cutoff, user, ids: Iterable[int], action: str, comment: str = ""):
    """Approve or return many measurements of ``cutoff`` at once through the single review
    service (reporting.services.review_measurement), all or nothing. With four eyes on
    (settings.FOUR_EYES, default), the reviewer's own submissions are left out of an
    approval and listed in the result."""
    _require_planning(user, cutoff.plan)
    if action not in ELIGIBLE:
        raise TransitionError(_("Acción desconocida."))
    rows = list(
        reviewable(cutoff, action)
        .filter(id__in=list(ids))
        .select_related("indicator", "cutoff")
        .order_by("indicator__code", "indicator_id")
    )
    result = BulkReview()
    for m in rows:
        if action == APPROVE and four_eyes() and m.submitted_by_id == user.id:
            result.own.append(m)
            continue
        result.done.append(services.review_measurement(m, user, action, comment))
    return result
