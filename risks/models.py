"""The risk map: the DAFP methodology as versioned data, the register and its follow-up."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plan import permissions, roles, scoping
from plan.choices import CutoffStatus
from plan.search_text import stored_text
from risks import due
from risks.choices import (
    ControlDocumentation,
    ControlEvidence,
    ControlExecution,
    ControlFrequency,
    ControlImplementation,
    ControlType,
    FollowUpStatus,
    RiskKind,
    RiskZone,
    Treatment,
)
from risks.methodology_models import (  # noqa: F401 - the methodology models, re-exported
    PERCENT,
    ControlAttributeScore,
    CorruptionImpactBand,
    CorruptionQuestion,
    HeatMapCell,
    ImpactLevel,
    Methodology,
    ProbabilityLevel,
)

# --- Register ------------------------------------------------------------------------------


class RiskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Internal pages: planning office, directors and reporters read the register of the
        organisations in their scope (plan.permissions.read_organisations)."""
        if not roles.can_view_internal(user):
            return self.none()
        orgs = permissions.read_organisations(user)
        return scoping.within(self, orgs)

    def with_assessment(self):
        return self.select_related(
            "organisation",
            "process",
            "investment_project",
            "responsible_unit",
            "assessment__inherent_probability",
            "assessment__inherent_impact",
            "assessment__residual_probability",
            "assessment__residual_impact",
        )

    def for_register(self):
        """The register page: one row per risk with where it belongs and its zones."""
        return self.with_assessment().order_by("-year", "code", "id")

    def for_public_corruption_map(self):
        """The public corruption map: its risks, zones and controls (two queries)."""
        return (
            self.filter(kind=RiskKind.CORRUPTION)
            .with_assessment()
            .prefetch_related("controls")
            .order_by("organisation__name", "-year", "code", "id")
        )


class Risk(models.Model):
    """A management or corruption risk of one process or investment project."""

    organisation = models.ForeignKey(
        "plan.Organisation",
        verbose_name=_("organización"),
        on_delete=models.PROTECT,
        related_name="risks",
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    code = models.CharField(_("código"), max_length=30)
    kind = models.CharField(_("tipo de riesgo"), max_length=12, choices=RiskKind.choices)
    name = models.TextField(
        _("riesgo"), help_text=_("Posibilidad de … debido a …, lo que podría ocasionar …")
    )
    impact_description = models.TextField(_("impacto (consecuencia)"), blank=True)
    immediate_cause = models.TextField(_("causa inmediata"), blank=True)
    root_cause = models.TextField(_("causa raíz"), blank=True)
    process = models.ForeignKey(
        "plan.Process",
        verbose_name=_("proceso"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    investment_project = models.ForeignKey(
        "plan.InvestmentProject",
        verbose_name=_("proyecto de inversión"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
    )
    responsible_unit = models.ForeignKey(
        "plan.Unit",
        verbose_name=_("dependencia responsable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
        help_text=_("Obligatoria al registrar un riesgo; solo falta en los conteos publicados."),
    )
    placeholder = models.BooleanField(
        _("solo se conoce por el conteo publicado"),
        default=False,
        help_text=_("Riesgo creado desde un informe que publica cuántos hay, no cuáles."),
    )
    treatment = models.CharField(
        _("opción de tratamiento"), max_length=10, choices=Treatment.choices, blank=True
    )
    treatment_justification = models.TextField(_("justificación del tratamiento"), blank=True)
    # What the heat maps and the alerts count, kept current by risks.due (not edited).
    alert_plan_end = models.DateField(
        _("fin del plan de acción de un riesgo alto o extremo"), null=True, editable=False
    )
    map_inherent_probability = models.PositiveSmallIntegerField(
        _("probabilidad inherente (posición)"), null=True, editable=False
    )
    map_inherent_impact = models.PositiveSmallIntegerField(
        _("impacto inherente (posición)"), null=True, editable=False
    )
    map_residual_probability = models.PositiveSmallIntegerField(
        _("probabilidad residual (posición)"), null=True, editable=False
    )
    map_residual_impact = models.PositiveSmallIntegerField(
        _("impacto residual (posición)"), null=True, editable=False
    )
    # Its code and wording, folded by the database (plan.search_text): what the lists search
    # with its entity's and sector's names and codes.
    search_text = stored_text("code", "name")
    history = HistoricalRecords(excluded_fields=[*due.STORED, "search_text"])

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("riesgo")
        verbose_name_plural = _("riesgos")
        ordering = ["organisation", "-year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "code"], name="risk_code_unique"
            ),
            models.CheckConstraint(
                condition=(
                    Q(process__isnull=False, investment_project__isnull=True)
                    | Q(process__isnull=True, investment_project__isnull=False)
                ),
                name="risk_in_one_process_or_project",
                violation_error_message=_(
                    "Un riesgo pertenece a un proceso o a un proyecto de inversión: "
                    "indique uno solo."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "alert_plan_end"], name="risk_alert_plan_end"),
            models.Index(fields=["year", "id"], name="risk_year"),  # joins without the rows
            models.Index(fields=["year", "kind", *due.MAP_FIELDS], name="risk_map_cells"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        """Its organisation, year or being a placeholder change what risks.due stores."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            due.refresh_risks([self.pk])

    @property
    def owner(self):
        """The process or investment project the risk belongs to."""
        return self.process or self.investment_project


class Assessment(due.RefreshesItsRisk, models.Model):
    """A risk's inherent assessment (inputs and computed levels) and the residual one computed
    from its controls, stored with the control order that produced it."""

    risk = models.OneToOneField(
        Risk, verbose_name=_("riesgo"), on_delete=models.CASCADE, related_name="assessment"
    )
    methodology = models.ForeignKey(
        Methodology, verbose_name=_("metodología"), on_delete=models.PROTECT
    )
    exposure_frequency = models.PositiveIntegerField(
        _("veces al año que se ejecuta la actividad expuesta")
    )
    economic_impact_smlmv = models.DecimalField(
        _("afectación económica (SMLMV)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    reputational_impact = models.ForeignKey(
        ImpactLevel,
        verbose_name=_("pérdida reputacional"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    corruption_yes_answers = models.JSONField(
        _("preguntas de corrupción respondidas «sí»"), default=list, blank=True
    )
    inherent_probability = models.ForeignKey(
        ProbabilityLevel,
        verbose_name=_("probabilidad inherente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    inherent_impact = models.ForeignKey(
        ImpactLevel, verbose_name=_("impacto inherente"), on_delete=models.PROTECT, related_name="+"
    )
    inherent_zone = models.CharField(_("zona inherente"), max_length=10, choices=RiskZone.choices)
    residual_probability = models.ForeignKey(
        ProbabilityLevel,
        verbose_name=_("probabilidad residual"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    residual_impact = models.ForeignKey(
        ImpactLevel, verbose_name=_("impacto residual"), on_delete=models.PROTECT, related_name="+"
    )
    residual_probability_value = models.DecimalField(_("probabilidad residual (%)"), **PERCENT)
    residual_impact_value = models.DecimalField(_("impacto residual (%)"), **PERCENT)
    residual_zone = models.CharField(_("zona residual"), max_length=10, choices=RiskZone.choices)
    control_steps = models.JSONField(
        _("controles aplicados, en orden"),
        default=list,
        help_text=_("Cada control con su calificación y el valor antes y después."),
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("valorado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("fecha de valoración"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("valoración del riesgo")
        verbose_name_plural = _("valoraciones de riesgos")
        ordering = ["risk"]

    def __str__(self):
        inherent, residual = self.get_inherent_zone_display(), self.get_residual_zone_display()
        return f"{self.risk.code}: {inherent} → {residual}"

    @property
    def inherent_zone_choice(self) -> RiskZone:
        return RiskZone(self.inherent_zone)

    @property
    def residual_zone_choice(self) -> RiskZone:
        return RiskZone(self.residual_zone)


class Control(models.Model):
    risk = models.ForeignKey(
        Risk, verbose_name=_("riesgo"), on_delete=models.CASCADE, related_name="controls"
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    description = models.TextField(_("descripción del control"))
    responsible = models.CharField(_("responsable de ejecutarlo"), max_length=200, blank=True)
    control_type = models.CharField(_("tipo"), max_length=12, choices=ControlType.choices)
    implementation = models.CharField(
        _("implementación"), max_length=10, choices=ControlImplementation.choices
    )
    documentation = models.CharField(
        _("documentación"),
        max_length=12,
        choices=ControlDocumentation.choices,
        default=ControlDocumentation.DOCUMENTED,
    )
    frequency = models.CharField(
        _("frecuencia"),
        max_length=10,
        choices=ControlFrequency.choices,
        default=ControlFrequency.CONTINUOUS,
    )
    evidence = models.CharField(
        _("evidencia"),
        max_length=10,
        choices=ControlEvidence.choices,
        default=ControlEvidence.RECORDED,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control")
        verbose_name_plural = _("controles")
        ordering = ["risk", "order"]
        constraints = [
            models.UniqueConstraint(fields=["risk", "order"], name="control_order_unique")
        ]

    def __str__(self):
        return f"{self.order}. {self.description}"

    @property
    def attributes(self) -> dict[str, str]:
        """The attributes as the methodology names them."""
        return {
            "type": self.control_type,
            "implementation": self.implementation,
            "documentation": self.documentation,
            "frequency": self.frequency,
            "evidence": self.evidence,
        }


class ActionActivity(due.RefreshesItsRisk, models.Model):
    """An activity of a risk's action plan (treatment "reducir")."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("riesgo"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField(_("actividad"))
    responsible = models.CharField(_("responsable"), max_length=200)
    start_date = models.DateField(_("fecha de inicio"))
    end_date = models.DateField(_("fecha de terminación"))
    progress = models.DecimalField(
        _("avance (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    evidence = models.TextField(_("evidencia"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actividad del plan de acción")
        verbose_name_plural = _("actividades del plan de acción")
        ordering = ["risk", "end_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="action_dates_ordered"
            )
        ]

    def __str__(self):
        return self.description


# --- Follow-up -----------------------------------------------------------------------------


class RiskCutoff(models.Model):
    """A follow-up cutoff of an organisation's risk map (30/04, 31/08 and 31/12)."""

    organisation = models.ForeignKey(
        "plan.Organisation",
        verbose_name=_("organización"),
        on_delete=models.CASCADE,
        related_name="risk_cutoffs",
    )
    date = models.DateField(_("fecha de corte"))
    deadline = models.DateField(_("fecha límite de reporte"))
    status = models.CharField(
        _("estado"), max_length=10, choices=CutoffStatus.choices, default=CutoffStatus.OPEN
    )

    class Meta:
        verbose_name = _("corte de seguimiento de riesgos")
        verbose_name_plural = _("cortes de seguimiento de riesgos")
        ordering = ["organisation", "date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "date"], name="risk_cutoff_unique"),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("date")), name="risk_cutoff_deadline_after"
            ),
        ]

    def __str__(self):
        return f"{self.organisation.code} {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        """Its risks' pending deadlines (risks.due), of the organisation it had and has."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            stored = getattr(self, "_stored_organisation_id", None)
            due.refresh_organisations([self.organisation_id, stored])
            self._stored_organisation_id = self.organisation_id

    @classmethod
    def from_db(cls, db, field_names, values):
        cutoff = super().from_db(db, field_names, values)
        cutoff._stored_organisation_id = cutoff.__dict__.get("organisation_id")
        return cutoff


class FollowUp(due.RefreshesItsRisk, models.Model):
    """What a unit reports on one risk at one cutoff; the planning office reviews it."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("riesgo"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    cutoff = models.ForeignKey(
        RiskCutoff, verbose_name=_("corte"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    controls_executed = models.CharField(
        _("¿se ejecutaron los controles?"), max_length=10, choices=ControlExecution.choices
    )
    evidence = models.TextField(_("evidencia de la ejecución"))
    evidence_url = models.URLField(_("enlace a la evidencia"), max_length=500, blank=True)
    materialised = models.BooleanField(_("¿se materializó el riesgo?"), default=False)
    notes = models.TextField(_("observaciones"), blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.SUBMITTED
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reportado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("fecha de reporte"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("fecha de revisión"), null=True, blank=True)
    review_notes = models.TextField(_("observaciones de la revisión"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seguimiento de riesgo")
        verbose_name_plural = _("seguimientos de riesgos")
        ordering = ["cutoff", "risk"]
        constraints = [models.UniqueConstraint(fields=["risk", "cutoff"], name="follow_up_unique")]

    def __str__(self):
        return f"{self.risk.code} @ {self.cutoff.date:%d/%m/%Y}"


from risks.due import PendingFollowUp  # noqa: E402, F401 - stored beside the risks (risks.due)
from risks.published import PublishedRiskVersion  # noqa: E402, F401 - registers the model
