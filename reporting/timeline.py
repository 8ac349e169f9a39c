"""Audit timelines of an indicator and of a cutoff, from their history."""

from __future__ import annotations

from django.utils.translation import gettext as _

from indicators.choices import MeasurementStatus
from indicators.choices import Unit as MeasureUnit
from indicators.models import (
    AnnualProgramming,
    CutoffProgramming,
    Evidence,
    Indicator,
    Measurement,
    ObjectiveLink,
)
from plan.choices import CutoffStatus
from plan.formatting import format_date, format_magnitude
from plan.models import Cutoff, CutoffEvent, Objective, Unit
from reporting import audit
from reporting.queries import draft_scope

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


def _version(record, model, label, values) -> audit.Version:
    """One historical record of a row (keyed by the row's id) as a timeline version."""
    return audit.Version(
        model=model,
        object_key=(record.id,),
        object_label=label,
        when=record.history_date,
        user=_user(record),
        kind=record.history_type,
        values=values,
        order=record.history_id,
        note=getattr(record, "history_change_reason", None) or "",
    )


def _measurement_versions(records, label_of) -> list[audit.Version]:
    return [
        _version(
            r,
            str(_("Medición")),
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
        _version(r, str(_("Evidencia")), label_of(r), {str(_("Evidencia")): r.name})
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

    versions = _indicator_versions(indicator)
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
    versions += _programming_versions(
        CutoffProgramming.history.filter(indicator_id=indicator.id), lambda r: at(r.cutoff_id)
    )
    versions += _annual_and_link_versions(indicator, objective_numbers)
    return audit.timeline(versions)


def _indicator_versions(indicator: Indicator) -> list[audit.Version]:
    records = list(Indicator.history.filter(id=indicator.id).select_related("history_user"))
    unit_names = dict(
        Unit.objects.filter(organisation__plans__id=indicator.plan_id).values_list("id", "name")
    )
    return [
        _version(
            r,
            str(_("Indicador")),
            r.code or r.name[:60],
            {
                str(_("Código")): r.code,
                str(_("Nombre")): r.name,
                str(_("Unidad de medida")): str(MeasureUnit(r.unit).label) if r.unit else "",
                str(_("Dependencia")): unit_names.get(r.responsible_unit_id, ""),
            },
        )
        for r in records
    ]


def _programming_versions(records, label_of) -> list[audit.Version]:
    return [
        _version(
            r,
            str(_("Programación al corte")),
            label_of(r),
            {str(_("Programado al corte")): format_magnitude(r.programmed)},
        )
        for r in records.select_related("history_user")
    ]


def _annual_and_link_versions(indicator: Indicator, objective_numbers) -> list[audit.Version]:
    annual = AnnualProgramming.history.filter(indicator_id=indicator.id)
    links = ObjectiveLink.history.filter(indicator_id=indicator.id)
    return [
        _version(
            r,
            str(_("Programación anual")),
            _("Vigencia %(year)s") % {"year": r.year},
            {str(_("Programado en la vigencia")): format_magnitude(r.programmed)},
        )
        for r in annual.select_related("history_user")
    ] + [
        _version(
            r,
            str(_("Ponderación")),
            _("Objetivo %(n)s, vigencia %(year)s")
            % {"n": objective_numbers.get(r.objective_id, "?"), "year": r.year},
            {str(_("Ponderación (%)")): format_magnitude(r.weight)},
        )
        for r in links.select_related("history_user")
    ]


def cutoff_timeline(cutoff: Cutoff, limit: int | None = None, user=None) -> list[audit.Entry]:
    """6 queries: the cutoff's own history, its moves (with reasons), and the history of its
    measurements, their evidence and its programming, labelled with indicator codes. With
    ``user``, a Reportante reads the measurements and evidence of its own units only (drafts
    included, so the whole history of other units' reports stays out)."""
    labels = {
        i.id: (i.code or i.name[:60])
        for i in Indicator.objects.filter(plan_id=cutoff.plan_id).only("id", "code", "name")
    }
    versions = _cutoff_versions(cutoff)
    measurements = Measurement.history.filter(cutoff_id=cutoff.id).select_related("history_user")
    evidence = Evidence.history.filter(measurement__cutoff_id=cutoff.id).select_related(
        "history_user"
    )
    readable = None if user is None else draft_scope(user, cutoff.plan)
    if readable is not None and not readable.every:
        own = readable.indicators(cutoff.plan_id)
        measurements = measurements.filter(indicator_id__in=own.values("id"))
        evidence = evidence.filter(measurement__indicator_id__in=own.values("id"))

    def indicator_label(indicator_id):
        return _("Indicador %(code)s") % {"code": labels.get(indicator_id, "?")}

    versions += _measurement_versions(measurements, lambda r: indicator_label(r.indicator_id))
    indicator_of = {r.id: r.indicator_id for r in measurements}
    versions += _evidence_versions(
        evidence, lambda r: indicator_label(indicator_of.get(r.measurement_id))
    )
    versions += _programming_versions(
        CutoffProgramming.history.filter(cutoff_id=cutoff.id),
        lambda r: indicator_label(r.indicator_id),
    )
    entries = audit.timeline(versions, _cutoff_events(cutoff))
    return entries[:limit] if limit else entries


def _cutoff_versions(cutoff: Cutoff) -> list[audit.Version]:
    return [
        _version(
            r,
            str(_("Corte")),
            format_date(r.date),
            {
                str(_("Estado")): _cutoff_status(r.status),
                str(_("Fecha límite")): format_date(r.deadline),
            },
        )
        for r in Cutoff.history.filter(id=cutoff.id).select_related("history_user")
    ]


def _cutoff_events(cutoff: Cutoff) -> list[audit.Entry]:
    """The cutoff's moves (close, publish, reopen), with their reasons and the confirmed
    plausibility alerts."""
    return [
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
