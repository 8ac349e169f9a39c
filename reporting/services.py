"""Every write of the reporting workflow goes through here: forms, workbook imports and
management commands. Each function is one transaction that re-reads the cutoff under a row
lock, asks the pure rules of ``reporting.workflow`` and records who did it (history user)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.choices import EvidenceKind, MeasurementStatus
from indicators.models import CutoffProgramming, Evidence, Indicator, Measurement
from plan import permissions, roles, scoping
from plan.approval import sign_approval
from plan.choices import CutoffAction
from plan.immutability import workflow_move
from plan.models import Cutoff, CutoffEvent
from publication.publishing import publish
from reporting import plausibility, workflow
from reporting.publication import publication_flags
from reporting.workflow import Actor, TransitionError

__all__ = ["TransitionError", "actor_for"]


def actor_for(user, indicator: Indicator, plan_org_id: int | None = None) -> Actor:
    """The workflow's view of ``user`` for one indicator (plan.permissions: role, scope and
    unit). ``plan_org_id``: the indicator's plan's organisation, when the caller has it."""
    if plan_org_id is None:
        plan_org_id = indicator.plan.organisation_id
    unit = indicator.responsible_unit if indicator.responsible_unit_id else None
    return scoped_actor(
        user, plan_org_id, indicator.responsible_unit_id, unit.organisation_id if unit else None
    )


def scoped_actor(
    user, plan_org_id: int | None, unit_id: int | None, unit_org_id: int | None
) -> Actor:
    """A planning office acts as planning office on the plans of the organisations it manages;
    on another organisation's plan (the sector plan) it reports, as a unit would, the
    indicators of its own units and reviews nothing. A Reportante reports its units'."""
    role = permissions.write_role(user)
    if role == roles.REPORTER:
        return Actor(unit_reporter=unit_id in permissions.unit_ids(user))
    if role != roles.PLANNING:
        return Actor()
    if scoping.manages(user, plan_org_id):
        return Actor(planning=True)
    managed = permissions.managed_organisations(user) or frozenset()
    member = roles.is_reporter(user) and unit_id in permissions.unit_ids(user)
    return Actor(unit_reporter=unit_org_id in managed or member)


def require_scope(user, plan) -> None:
    """A planning office configures, reviews, closes and publishes only the plans of the
    organisations it manages (checked here for pages, workbooks and commands alike)."""
    if roles.is_planning(user) and not scoping.manages(user, plan.organisation_id):
        raise TransitionError(
            _("Este plan no pertenece a una organización a cargo de su oficina de planeación.")
        )


def _locked_cutoff(cutoff: Cutoff) -> Cutoff:
    return Cutoff.objects.select_for_update(of=("self",)).select_related("plan").get(pk=cutoff.pk)


@dataclass
class NewFile:
    """A checked upload (reporting.evidence.check_upload) ready to be stored."""

    upload: object
    name: str
    size: int
    content_type: str


@dataclass
class MeasurementInput:
    executed: Decimal
    analysis: str = ""
    links: Sequence[str] = field(default_factory=tuple)
    files: Sequence[NewFile] = field(default_factory=tuple)
    remove_evidence: Iterable[int] = field(default_factory=tuple)


@transaction.atomic
def save_measurement(
    cutoff: Cutoff, indicator: Indicator, user, data: MeasurementInput, action: str
) -> Measurement:
    """Save (draft) or submit the measurement of ``indicator`` at ``cutoff``."""
    cutoff = _locked_cutoff(cutoff)
    if indicator.plan_id != cutoff.plan_id:
        raise TransitionError("El indicador no pertenece al plan de este corte.")
    measurement = (
        Measurement.objects.select_for_update(of=("self",))
        .filter(cutoff=cutoff, indicator=indicator)
        .first()
    )
    current = measurement.status if measurement else None
    new_status = workflow.measurement_transition(
        action, current, cutoff.status, actor_for(user, indicator, cutoff.plan.organisation_id)
    )
    if measurement is None:
        measurement = Measurement(cutoff=cutoff, indicator=indicator)
    measurement.executed = data.executed
    measurement.analysis = data.analysis.strip()
    measurement.status = new_status
    measurement.reported_by = user
    if new_status == MeasurementStatus.SUBMITTED:
        measurement.submitted_by = user
        measurement.submitted_at = timezone.now()
    measurement._history_user = user
    measurement.save()
    if data.remove_evidence:
        for evidence in measurement.evidence.filter(id__in=list(data.remove_evidence)):
            evidence._history_user = user
            stored = evidence.file.name if evidence.file else ""
            evidence.delete()
            if stored:
                transaction.on_commit(lambda name=stored: default_storage.delete(name))
    for url in data.links:
        evidence = Evidence(
            measurement=measurement,
            kind=EvidenceKind.LINK,
            url=url,
            name=url[:200],
            uploaded_by=user,
        )
        evidence._history_user = user
        evidence.save()
    for new in data.files:
        evidence = Evidence(
            measurement=measurement,
            kind=EvidenceKind.FILE,
            name=new.name[:200],
            size=new.size,
            content_type=new.content_type,
            uploaded_by=user,
        )
        evidence.file.save(new.name, new.upload, save=False)
        evidence._history_user = user
        evidence.save()
    return measurement


@transaction.atomic
def review_measurement(measurement: Measurement, user, action: str, comment: str = ""):
    """Approve or return (with a comment, kept in the history) a measurement. Whoever
    submitted it does not approve it (plan.permissions.four_eyes, settings.FOUR_EYES): every
    review, one by one or in bulk, goes through here."""
    cutoff = _locked_cutoff(measurement.cutoff)
    measurement = (
        Measurement.objects.select_for_update(of=("self",))
        .select_related("indicator__responsible_unit")
        .get(pk=measurement.pk)
    )
    require_scope(user, cutoff.plan)
    new_status = workflow.measurement_transition(
        action,
        measurement.status,
        cutoff.status,
        actor_for(user, measurement.indicator, cutoff.plan.organisation_id),
        comment=comment,
    )
    if new_status == MeasurementStatus.APPROVED:
        sign_approval(measurement, measurement.submitted_by_id, user, TransitionError)
    measurement.status = new_status
    measurement.reviewed_by = user
    measurement.reviewed_at = timezone.now()
    measurement.review_comment = comment.strip()
    measurement._history_user = user
    measurement.save()
    return measurement


def missing_indicator_ids(cutoff: Cutoff) -> list[int]:
    """Indicators programmed at the cutoff (> 0, or a lower-is-better target of 0) without an
    approved measurement (1 query)."""
    return list(
        CutoffProgramming.objects.programmed()
        .filter(cutoff=cutoff)
        .exclude(
            indicator__measurements__cutoff=cutoff,
            indicator__measurements__status=MeasurementStatus.APPROVED,
        )
        .order_by("indicator_id")
        .values_list("indicator_id", flat=True)
    )


def _move(cutoff: Cutoff, user, action: str, new_status: str, **event) -> CutoffEvent:
    old = cutoff.status
    cutoff.status = new_status
    cutoff._history_user = user
    with workflow_move(cutoff):
        cutoff.save(update_fields=["status"])
    return CutoffEvent.objects.create(
        cutoff=cutoff, action=action, from_status=old, to_status=new_status, user=user, **event
    )


@transaction.atomic
def close_cutoff(cutoff: Cutoff, user, *, override: bool = False, reason: str = "") -> CutoffEvent:
    cutoff = _locked_cutoff(cutoff)
    require_scope(user, cutoff.plan)
    missing = len(missing_indicator_ids(cutoff))
    new_status = workflow.cutoff_transition(
        workflow.CLOSE,
        cutoff.status,
        planning=roles.is_planning(user),
        missing=missing,
        override=override,
        reason=reason,
    )
    return _move(
        cutoff,
        user,
        CutoffAction.CLOSE,
        new_status,
        reason=reason.strip(),
        override=bool(missing),
        missing=missing,
    )


@transaction.atomic
def publish_cutoff(
    cutoff: Cutoff, user, reason: str = "", confirmations: Mapping[str, str] | None = None
) -> CutoffEvent:
    """Store the snapshot the public pages read (plan.publishing.publish) and log it.

    Every plausibility flag (reporting.plausibility) must be confirmed with a reason in
    ``confirmations`` (flag key -> reason); the reasons are stored with the publish event and
    shown in the cutoff's history. TransitionError lists the flags still unconfirmed."""
    cutoff = _locked_cutoff(cutoff)
    require_scope(user, cutoff.plan)
    new_status = workflow.cutoff_transition(
        workflow.PUBLISH,
        cutoff.status,
        planning=roles.is_planning(user),
        reason=reason,
        published_before=cutoff.snapshots.exists(),
    )
    flags = publication_flags(cutoff)
    pending = plausibility.unconfirmed(flags, confirmations)
    if pending:
        raise TransitionError(
            _("Antes de publicar, corrija o confirme con un motivo cada alerta: %(flags)s")
            % {"flags": "; ".join(f"{f.name}: {f.message}" for f in pending)}
        )
    old = cutoff.status
    snapshot = publish(cutoff, user, reason.strip())
    return CutoffEvent.objects.create(
        cutoff=cutoff,
        action=CutoffAction.PUBLISH,
        from_status=old,
        to_status=new_status,
        user=user,
        reason=reason.strip(),
        snapshot=snapshot,
        confirmations=plausibility.confirmation_records(flags, confirmations or {}),
    )


@transaction.atomic
def reopen_cutoff(cutoff: Cutoff, user, reason: str) -> CutoffEvent:
    cutoff = _locked_cutoff(cutoff)
    require_scope(user, cutoff.plan)
    new_status = workflow.cutoff_transition(
        workflow.REOPEN, cutoff.status, planning=roles.is_planning(user), reason=reason
    )
    return _move(cutoff, user, CutoffAction.REOPEN, new_status, reason=reason.strip())
