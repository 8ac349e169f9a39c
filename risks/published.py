"""Published versions of corruption risks: what the public map and its open data show.

A new or changed corruption risk goes public only when the planning office publishes it
(``publish_risk``): the version stores the public row as it was then (text in Spanish, the
language of the open data), who last changed the risk and who published it. Versions are never
edited; the latest one of each risk is the public one (``is_current``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


class PublishedRiskVersion(models.Model):
    risk = models.ForeignKey(
        "risks.Risk",
        verbose_name=_("riesgo"),
        on_delete=models.PROTECT,
        related_name="published_versions",
    )
    version = models.PositiveIntegerField(_("versión"))
    organisation = models.ForeignKey(
        "plan.Organisation", verbose_name=_("organización"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    sort_key = models.CharField(_("orden"), max_length=400)
    row = models.JSONField(_("fila publicada"))
    residual_zone = models.CharField(
        _("zona residual publicada"), max_length=10, blank=True, editable=False
    )  # the row's ZONE, as a column the public map counts by (an index answers it)
    is_current = models.BooleanField(_("vigente"), default=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("escrito por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publicado el"))

    class Meta:
        verbose_name = _("versión publicada de un riesgo de corrupción")
        verbose_name_plural = _("versiones publicadas de riesgos de corrupción")
        ordering = ["risk", "version"]
        constraints = [
            models.UniqueConstraint(fields=["risk", "version"], name="published_risk_version"),
        ]
        indexes = [
            models.Index(fields=["is_current", "year", "residual_zone"], name="published_risk_zone")
        ]

    def __str__(self):
        return f"{self.row.get('codigo', '')} v{self.version}"

    def save(self, *args, **kwargs):
        self.residual_zone = zone_of(self.row)
        super().save(*args, **kwargs)


ZONE = "zona_residual_codigo"  # the residual zone's code in a published row ("" unassessed)


def zone_of(row: dict) -> str:
    """The residual zone a published row shows ("" when published without an assessment):
    what a version stores in ``residual_zone``, whoever writes it (bulk writers too)."""
    return (row or {}).get(ZONE) or ""


def public_row(risk) -> dict:
    """What citizens read of ``risk`` (loaded with ``for_public_corruption_map``), in Spanish."""
    from risks.public import open_data_row

    prefetch_related_objects([risk], "controls")  # one query, unless already prefetched
    stored = getattr(risk, "assessment", None)
    with override("es"):
        row = open_data_row(risk)
        row[ZONE] = stored.residual_zone if stored else ""
        row["controles_lista"] = [
            [c.description, c.get_control_type_display(), c.get_implementation_display()]
            for c in risk.controls.all()
        ]
    return row


def pending_publication(risk) -> bool:
    """A corruption risk whose public row differs from its published one (or is unpublished)."""
    current = risk.published_versions.filter(is_current=True).first()
    return current is None or current.row != public_row(risk)


@transaction.atomic
def publish_risk(risk, user) -> PublishedRiskVersion:
    """Publish the risk as it is now (a new version; the earlier ones stay, not current)."""
    from plan import permissions
    from risks.models import Risk
    from risks.services import require

    require(user, permissions.REVIEW, risk)
    risk = Risk.objects.for_public_corruption_map().select_for_update(of=("self",)).get(pk=risk.pk)
    previous = risk.published_versions.order_by("-version").first()
    risk.published_versions.filter(is_current=True).update(is_current=False)
    last_change = risk.history.order_by("-history_id").first()
    return PublishedRiskVersion.objects.create(
        risk=risk,
        version=(previous.version + 1) if previous else 1,
        organisation_id=risk.organisation_id,
        year=risk.year,
        sort_key=f"{risk.organisation.name}|{risk.code}|{risk.id:012d}",
        row=public_row(risk),
        written_by=last_change.history_user if last_change else None,
        published_by=user,
        published_at=timezone.now(),
    )
