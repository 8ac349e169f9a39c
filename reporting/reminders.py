"""Who must be reminded of which missing measurements (3 queries, whatever the number of
reporters): reporters (Reportante group, active, with an e-mail) of the units responsible for
indicators programmed at an open cutoff whose deadline is ``deadline``, and not yet submitted
(no measurement, a draft or a returned one)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from indicators.choices import MeasurementStatus
from indicators.models import CutoffProgramming, Measurement
from plan.choices import CutoffStatus
from plan.formatting import format_date, format_magnitude
from plan.models import Unit
from plan.roles import DIRECTOR, REPORTER


@dataclass(frozen=True)
class Reminder:
    email: str
    subject: str
    body: str


def reminders_for(deadline: datetime.date) -> list[Reminder]:
    missing_by_unit = _missing_by_unit(deadline)
    if not missing_by_unit:
        return []
    users, reporters = _reporters(missing_by_unit)
    reminders = []
    for user_id in sorted(reporters):
        user = users[user_id]
        items = sorted(
            (p for unit_id in reporters[user_id] for p in missing_by_unit[unit_id]),
            key=lambda p: (p.cutoff.plan.name, p.cutoff.date, p.indicator.code, p.indicator_id),
        )
        reminders.append(
            Reminder(
                user.email,
                _("Tablero: %(n)s mediciones pendientes, plazo %(date)s")
                % {"n": len(items), "date": format_date(deadline)},
                _body(user, deadline, items),
            )
        )
    return reminders


def _missing_by_unit(deadline: datetime.date) -> dict[int, list]:
    """Unit id -> the programmed cutoffs of its indicators with no report submitted yet."""
    programming = list(
        CutoffProgramming.objects.programmed()
        .filter(
            cutoff__status=CutoffStatus.OPEN,
            cutoff__deadline=deadline,
            indicator__responsible_unit__isnull=False,
        )
        .select_related("cutoff__plan", "indicator")
        .order_by("cutoff__plan__name", "cutoff__date", "indicator__code", "indicator_id")
    )
    done = set(
        Measurement.objects.filter(
            cutoff__status=CutoffStatus.OPEN,
            cutoff__deadline=deadline,
            status__in=[MeasurementStatus.SUBMITTED, MeasurementStatus.APPROVED],
        ).values_list("indicator_id", "cutoff_id")
    )
    missing_by_unit = defaultdict(list)
    for p in programming:
        if (p.indicator_id, p.cutoff_id) not in done:
            missing_by_unit[p.indicator.responsible_unit_id].append(p)
    return missing_by_unit


def _reporters(missing_by_unit) -> tuple[dict, dict[int, set]]:
    """Those who report (plan.permissions): Reportantes of the unit, never a Directivo.
    (users by id, user id -> their units with missing reports)."""
    reporters = defaultdict(set)
    users = {}
    for user in (
        User.objects.filter(is_active=True, groups__name=REPORTER, units__in=list(missing_by_unit))
        .exclude(groups__name=DIRECTOR)
        .exclude(email="")
    ):
        users[user.id] = user
    for user_id, unit_id in Unit.members.through.objects.filter(
        user_id__in=list(users), unit_id__in=list(missing_by_unit)
    ).values_list("user_id", "unit_id"):
        reporters[user_id].add(unit_id)
    return users, reporters


def _body(user, deadline: datetime.date, items) -> str:
    lines = [
        f"- {p.cutoff.plan.name}, {_('corte')} {format_date(p.cutoff.date)}: "
        f"{p.indicator.code or '—'} {p.indicator.name[:120]} "
        f"({_('programado al corte')}: {format_magnitude(p.programmed)})"
        for p in items
    ]
    return "\n".join(
        [
            _("Hola, %(name)s:") % {"name": user.get_full_name() or user.username},
            "",
            _(
                "El %(date)s vence el plazo para reportar. Faltan estas mediciones de su "
                "dependencia:"
            )
            % {"date": format_date(deadline)},
            "",
            *lines,
            "",
            _("Repórtelas en Tablero, en «Mis indicadores pendientes» (/reporte/pendientes/)."),
        ]
    )
