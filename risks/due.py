"""What the directors' risk pages count, stored on each risk and kept current (issue 15).

The heat maps count the risks by cell and the alerts list the risks without a current action
plan and the overdue follow-ups. Computed from the assessments, activities, cutoffs and
follow-ups at every request, each page grew with the register (a district year of 6.600
risks, 78.100 follow-ups). Each risk stores instead, beside its own columns:

- ``map_*``: the positions of its inherent and residual cells (None: not assessed);
- ``alert_plan_end``: for an assessed risk (not a placeholder) in a high or extreme residual
  zone, the last day of its action plan, ``NO_PLAN`` without one (None otherwise): it lacks a
  current plan from the next day on;
- its ``PendingFollowUp`` rows: for an assessed risk (not a placeholder), each cutoff of its
  organisation in its year with no follow-up but a returned one, with its deadline: the
  overdue follow-ups are those whose deadline has passed;

So the pages read the risks (and their pending follow-ups) through an index. ``refresh``
recomputes what is stored of some risks, and every write that can change it runs it in the
same transaction:

- saving a risk, an assessment, an activity, a cutoff or a follow-up: the models' ``save``
  (forms, the workbook import, the seed, the admin, the services);
- deleting an assessment, an activity, a cutoff or a follow-up, one by one or by a QuerySet
  (the admin's action, a cascade): ``post_delete`` (``connect``), sent inside the delete's
  transaction; a deleted risk takes its columns with it;
- the bulk writers (the synthetic registers, the tests' factories) call ``refresh`` on what
  they wrote, inside their own transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from types import SimpleNamespace

from django.db import models
from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from risks.assessment import EXTREME, HIGH
from risks.choices import FollowUpStatus

ALERT_ZONES = (HIGH, EXTREME)
NO_PLAN = datetime.date(1, 1, 1)  # ``alert_plan_end`` of a risk without any activity
MAP_FIELDS = {
    "map_inherent_probability": "inherent_probability__position",
    "map_inherent_impact": "inherent_impact__position",
    "map_residual_probability": "residual_probability__position",
    "map_residual_impact": "residual_impact__position",
}
STORED = ["alert_plan_end", *MAP_FIELDS]


class PendingFollowUp(models.Model):
    """A cutoff at which a followed risk (assessed, not a placeholder) has no follow-up but a
    returned one: overdue once its deadline has passed. Kept by ``refresh``, never edited."""

    risk = models.ForeignKey(
        "risks.Risk",
        verbose_name=_("riesgo"),
        on_delete=models.CASCADE,
        related_name="pending_follow_ups",
    )
    cutoff = models.ForeignKey(
        "risks.RiskCutoff", verbose_name=_("corte"), on_delete=models.CASCADE, related_name="+"
    )
    # The risk's organisation (the cutoff's too), stored so that the overdue list walks the
    # district's entities in order straight to their few pending rows (risks.alerts).
    organisation = models.ForeignKey(
        "plan.Organisation",
        verbose_name=_("entidad"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # pending_follow_up_entity starts with it
    )
    cutoff_date = models.DateField(_("fecha de corte"))
    deadline = models.DateField(_("fecha límite de reporte"))
    returned = models.BooleanField(_("devuelto para ajustes"), default=False)

    class Meta:
        verbose_name = _("seguimiento pendiente")
        verbose_name_plural = _("seguimientos pendientes")
        constraints = [
            models.UniqueConstraint(fields=["risk", "cutoff"], name="pending_follow_up_unique")
        ]
        indexes = [
            models.Index(fields=["deadline", "risk"], name="pending_follow_up_due"),
            models.Index(
                fields=["organisation", "cutoff_date", "cutoff"], name="pending_follow_up_entity"
            ),
        ]

    def __str__(self):
        return f"{self.risk_id} @ {self.cutoff_date:%d/%m/%Y}"


def _models():
    """The models the columns are computed from (a migration passes its own)."""
    from risks import models

    names = ("Risk", "Assessment", "ActionActivity", "FollowUp", "RiskCutoff", "PendingFollowUp")
    return SimpleNamespace(**{n: getattr(models, n) for n in names})


def _followed(m) -> Q:
    """An assessed risk that is not a placeholder: the alerts' risks."""
    return Q(placeholder=False) & Exists(m.Assessment.objects.filter(risk=OuterRef("pk")))


def _plan_end(m) -> Coalesce:
    latest = m.ActionActivity.objects.filter(risk=OuterRef("pk")).order_by("-end_date")
    return Coalesce(Subquery(latest.values("end_date")[:1]), Value(NO_PLAN))


def values(m=None) -> dict:
    """The stored columns as expressions of the outer risk (an UPDATE's SET); ``m``: where
    the models are (``risks.models``, or a migration's historical models)."""
    m = m or _models()
    assessment = m.Assessment.objects.filter(risk=OuterRef("pk"))
    in_alert_zone = Exists(assessment.filter(residual_zone__in=ALERT_ZONES))
    columns = {
        "alert_plan_end": Case(When(_followed(m) & in_alert_zone, then=_plan_end(m)), default=None),
        **{field: Subquery(assessment.values(level)[:1]) for field, level in MAP_FIELDS.items()},
    }
    return columns


def pending_rows(risks: QuerySet, m=None) -> list:
    """One query: the ``PendingFollowUp`` rows of ``risks``, the followed ones (assessed, not
    placeholders), at each cutoff of their organisation in their year with no follow-up but
    a returned one."""
    m = m or _models()
    status = {"risk": OuterRef("pk"), "cutoff": OuterRef("pending_cutoff")}
    reported = m.FollowUp.objects.filter(**status).exclude(status=FollowUpStatus.RETURNED)
    returned = m.FollowUp.objects.filter(**status, status=FollowUpStatus.RETURNED)
    cutoff = "organisation__risk_cutoffs__"
    pairs = (
        risks.filter(placeholder=False, assessment__isnull=False)
        .filter(**{f"{cutoff}date__year": F("year")})
        .annotate(
            pending_cutoff=F(f"{cutoff}id"),
            pending_date=F(f"{cutoff}date"),
            pending_deadline=F(f"{cutoff}deadline"),
            pending_returned=Exists(returned),
        )
        .filter(~Exists(reported))
        .order_by()
        .values_list(
            "id",
            "organisation_id",
            "pending_cutoff",
            "pending_date",
            "pending_deadline",
            "pending_returned",
        )
    )
    return [
        m.PendingFollowUp(
            risk_id=risk,
            organisation_id=organisation,
            cutoff_id=cutoff,
            cutoff_date=date,
            deadline=deadline,
            returned=back,
        )
        for risk, organisation, cutoff, date, deadline, back in pairs
    ]


def refresh(risks: QuerySet, m=None) -> int:
    """Recompute what is stored of ``risks``: their columns (an UPDATE), their pending
    follow-ups (deleted and written again: three queries). The number of risks."""
    m = m or _models()
    rows = pending_rows(risks, m)
    m.PendingFollowUp.objects.filter(risk__in=risks).delete()
    m.PendingFollowUp.objects.bulk_create(rows, batch_size=2000)
    columns = values(m)
    return risks.order_by().update(**columns)


def refresh_all(apps) -> None:
    """What a migration runs to fill a stored figure: ``refresh`` of every risk, with the
    models of the migration's state."""
    names = ("Risk", "Assessment", "ActionActivity", "FollowUp", "RiskCutoff", "PendingFollowUp")
    m = SimpleNamespace(**{name: apps.get_model("risks", name) for name in names})
    refresh(m.Risk.objects.all(), m)


def refresh_risks(ids: Iterable[int | None]) -> None:
    from risks.models import Risk

    ids = {pk for pk in ids if pk is not None}
    if ids:
        refresh(Risk.objects.filter(pk__in=ids))


def refresh_organisations(ids: Iterable[int | None]) -> None:
    """Every risk of the organisations ``ids``: what a cutoff of theirs changes."""
    from risks.models import Risk

    ids = {pk for pk in ids if pk is not None}
    if ids:
        refresh(Risk.objects.filter(organisation_id__in=ids))


def _risk_row_deleted(sender, instance, **kwargs) -> None:
    refresh_risks([instance.risk_id])


def _cutoff_deleted(sender, instance, **kwargs) -> None:
    refresh_organisations([instance.organisation_id])


def connect() -> None:
    """Deletes send ``post_delete`` inside their transaction (Collector.delete)."""
    from risks.models import ActionActivity, Assessment, FollowUp, RiskCutoff

    for model in (Assessment, ActionActivity, FollowUp):
        uid = f"risks.due.{model.__name__}"
        post_delete.connect(_risk_row_deleted, sender=model, dispatch_uid=uid)
    post_delete.connect(_cutoff_deleted, sender=RiskCutoff, dispatch_uid="risks.due.cutoff")


class RefreshesItsRisk:
    """A row of one risk (its assessment, an activity, a follow-up): saving it recomputes
    the stored columns of its risk, and of the risk it had, in the same transaction."""

    def save(self, *args, **kwargs):
        from django.db import transaction

        with transaction.atomic():
            super().save(*args, **kwargs)
            refresh_risks([self.risk_id, getattr(self, "_stored_risk_id", None)])
            self._stored_risk_id = self.risk_id

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._stored_risk_id = row.__dict__.get("risk_id")
        return row
