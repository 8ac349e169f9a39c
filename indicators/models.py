"""Goals, indicators, their weights, programming and measurements."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators import validation
from indicators.choices import (
    Annualization,
    Direction,
    EvidenceKind,
    GoalKind,
    MeasurementStatus,
    Periodicity,
)
from indicators.choices import Unit as MeasureUnit
from plan import immutability

MAGNITUDE = {"max_digits": 20, "decimal_places": 4}
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class Goal(models.Model):
    """The goal ("meta" or "actividad") an indicator measures."""

    plan = models.ForeignKey(
        "plan.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(_("tipo de meta"), max_length=12, choices=GoalKind.choices)
    code = models.CharField(_("código"), max_length=30, blank=True)
    name = models.TextField(_("nombre"))
    investment_project = models.ForeignKey(
        "plan.InvestmentProject",
        verbose_name=_("proyecto de inversión"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
    )
    process = models.ForeignKey(
        "plan.Process",
        verbose_name=_("proceso"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
    )
    institutional_plan = models.ForeignKey(
        "plan.InstitutionalPlan",
        verbose_name=_("plan institucional"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
    )

    class Meta:
        verbose_name = _("meta")
        verbose_name_plural = _("metas")
        ordering = ["plan", "kind", "code"]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label} {self.code}: {self.name}" if self.code else f"{label}: {self.name}"


class Indicator(models.Model):
    plan = models.ForeignKey(
        "plan.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("meta"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("código"), max_length=30, blank=True)
    name = models.TextField(_("nombre"))
    unit = models.CharField(_("unidad de medida"), max_length=12, choices=MeasureUnit.choices)
    annualization = models.CharField(
        _("anualización"), max_length=12, choices=Annualization.choices
    )
    direction = models.CharField(
        _("sentido"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    responsible_unit = models.ForeignKey(
        "plan.Unit",
        verbose_name=_("dependencia responsable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    periodicity = models.CharField(
        _("periodicidad de reporte"),
        max_length=12,
        choices=Periodicity.choices,
        default=Periodicity.QUARTERLY,
    )
    declared_total = models.DecimalField(
        _("total del cuatrienio publicado"), null=True, blank=True, **MAGNITUDE
    )
    notes = models.TextField(_("notas"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        ordering = ["plan", "code", "id"]

    def __str__(self):
        return f"{self.code} {self.name}" if self.code else self.name

    def save(self, *args, **kwargs):
        self.align_direction()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "annualization" in update_fields:
            kwargs["update_fields"] = {*update_fields, "direction"}
        super().save(*args, **kwargs)

    def clean(self):
        """A person who types «decreciente» with «mayor es mejor» is told, never silently
        overruled; programmatic saves are aligned by ``save``."""
        super().clean()
        problem = validation.direction_problem(self.annualization, self.direction)
        if problem:
            raise ValidationError({"direction": problem})

    def align_direction(self):
        """«Decreciente» is lower-is-better by definition: the direction cannot contradict the
        annualisation (DOMAIN.md). Other annualisations keep the direction chosen."""
        if self.annualization == Annualization.DECRECIENTE:
            self.direction = Direction.LOWER


class ObjectiveLink(models.Model):
    """An indicator feeding an objective in one year, with its weight in percent."""

    objective = models.ForeignKey(
        "plan.Objective",
        verbose_name=_("objetivo"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicador"), on_delete=models.CASCADE, related_name="links"
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    weight = models.DecimalField(
        _("ponderación (%)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ponderación de indicador en objetivo")
        verbose_name_plural = _("ponderaciones de indicadores en objetivos")
        ordering = ["objective", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "indicator", "year"], name="objective_link_unique"
            )
        ]

    def __str__(self):
        return f"{self.objective} ← {self.indicator} ({self.year}: {self.weight} %)"

    def clean(self):
        if self.objective_id and self.indicator_id:
            problem = validation.objective_plan_problem(
                self.indicator.plan_id, self.objective.plan_id
            )
            if problem:
                raise ValidationError({"objective": problem})


class AnnualProgramming(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicador"),
        on_delete=models.CASCADE,
        related_name="annual_programming",
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    programmed = models.DecimalField(
        _("magnitud programada en la vigencia"), validators=NON_NEGATIVE, **MAGNITUDE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programación anual")
        verbose_name_plural = _("programación anual")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="annual_programming_unique")
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.programmed}"


class CutoffProgrammingQuerySet(models.QuerySet):
    def programmed(self):
        """Rows that set a target at the cutoff, as the engine counts them
        (indicators.compliance.is_programmed): a positive magnitude, or any stated one for a
        lower-is-better indicator («decreciente» included), whose 0 is a target."""
        lower = models.Q(indicator__direction=Direction.LOWER) | models.Q(
            indicator__annualization=Annualization.DECRECIENTE
        )
        return self.filter(models.Q(programmed__gt=0) | (models.Q(programmed__gte=0) & lower))


class CutoffProgramming(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicador"),
        on_delete=models.CASCADE,
        related_name="cutoff_programming",
    )
    cutoff = models.ForeignKey(
        "plan.Cutoff",
        verbose_name=_("corte"),
        on_delete=models.CASCADE,
        related_name="programming",
    )
    programmed = models.DecimalField(
        _("magnitud programada al corte"), validators=NON_NEGATIVE, **MAGNITUDE
    )
    history = HistoricalRecords()

    objects = CutoffProgrammingQuerySet.as_manager()

    class Meta:
        verbose_name = _("programación al corte")
        verbose_name_plural = _("programación al corte")
        ordering = ["cutoff", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "cutoff"], name="cutoff_programming_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator} @ {self.cutoff.date:%d/%m/%Y}: {self.programmed}"


class MeasurementQuerySet(immutability.LockedMeasurementQuerySet):
    def counted(self):
        """The measurements that count in the figures: approved ones. A draft, a report under
        review or a returned one is not a figure of the plan yet (reporting/workflow.py)."""
        return self.filter(status=MeasurementStatus.APPROVED)


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicador"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    cutoff = models.ForeignKey(
        "plan.Cutoff",
        verbose_name=_("corte"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    executed = models.DecimalField(
        _("magnitud ejecutada al corte"), validators=NON_NEGATIVE, **MAGNITUDE
    )
    analysis = models.TextField(_("análisis del avance"), blank=True)
    evidence_url = models.URLField(_("enlace a la evidencia"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reportado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("fecha de reporte"), auto_now=True)
    # Rows written outside the review workflow (the published seed reports, the admin, the
    # synthetic plans of the tests) are the planning office's own figures: approved. The
    # reporting forms and imports always set the status explicitly (reporting/services.py).
    status = models.CharField(
        _("estado del reporte"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.APPROVED,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enviado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("fecha de envío"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("fecha de revisión"), null=True, blank=True)
    review_comment = models.TextField(_("comentario de revisión"), blank=True)
    history = HistoricalRecords()

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("medición")
        verbose_name_plural = _("mediciones")
        ordering = ["cutoff", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "cutoff"], name="measurement_unique")
        ]

    def __str__(self):
        return f"{self.indicator} @ {self.cutoff.date:%d/%m/%Y}: {self.executed}"

    def save(self, *args, **kwargs):
        """A measurement of a closed or published cutoff changes only after reopening it."""
        immutability.check_measurement_save(self)
        super().save(*args, **kwargs)
        self._remember_values()

    def delete(self, *args, **kwargs):
        immutability.check_measurement_delete(type(self), self)
        return super().delete(*args, **kwargs)

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_values()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_values()
        return instance

    def _remember_values(self):
        self._loaded_values = {
            name: self.__dict__.get(name) for name in immutability.GUARDED_MEASUREMENT_FIELDS
        }


def evidence_path(instance, filename):
    measurement = instance.measurement
    return f"evidencias/{measurement.cutoff_id}/{measurement.indicator_id}/{filename}"


class Evidence(models.Model):
    """A link or an uploaded file that backs a measurement (several per measurement)."""

    measurement = models.ForeignKey(
        Measurement,
        verbose_name=_("medición"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("tipo"), max_length=5, choices=EvidenceKind.choices)
    url = models.URLField(_("enlace"), max_length=500, blank=True)
    file = models.FileField(_("archivo"), upload_to=evidence_path, max_length=300, blank=True)
    name = models.CharField(_("nombre"), max_length=200)
    size = models.PositiveBigIntegerField(_("tamaño (bytes)"), null=True, blank=True)
    content_type = models.CharField(_("tipo de contenido"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cargado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("fecha de carga"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="link", file="") & ~models.Q(url="")
                    | models.Q(kind="file", url="") & ~models.Q(file="")
                ),
                name="evidence_link_or_file",
            )
        ]

    def __str__(self):
        return self.name
