"""Organisations, their plans, objectives, cutoffs and investment projects."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plan import immutability
from plan.choices import (
    ComplianceColour,
    CutoffAction,
    CutoffStatus,
    IndicatorSetRule,
    OrganisationKind,
    PlanKind,
)
from plan.search_text import stored_text


class Organisation(models.Model):
    code = models.SlugField(_("código"), max_length=30, unique=True)
    name = models.CharField(_("nombre"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=10, choices=OrganisationKind.choices)
    # The sector an entity belongs to: an organisation of kind «sector», whose head
    # consolidates the sector plan (PES). Empty for sectors themselves and lone entities.
    sector = models.ForeignKey(
        "self",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entities",
        limit_choices_to={"kind": OrganisationKind.SECTOR},
    )
    search_text = stored_text("name", "code")  # what the lists' search reads (plan.search_text)
    # Its place in the district's lists (sector, head first, entity by name), kept by
    # plan.list_order so that a list page reads its rows in order from an index.
    list_position = models.PositiveIntegerField(
        _("posición en las listas"), null=True, blank=True, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("organización")
        verbose_name_plural = _("organizaciones")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """An organisational unit ("dependencia") responsible for indicators."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organización"), on_delete=models.CASCADE, related_name="units"
    )
    code = models.CharField(_("código"), max_length=30)
    name = models.CharField(_("nombre"), max_length=200)
    members = models.ManyToManyField(
        "auth.User",
        verbose_name=_("reportantes"),
        blank=True,
        related_name="units",
        help_text=_("Usuarios que reportan los indicadores de esta dependencia."),
    )

    class Meta:
        verbose_name = _("dependencia")
        verbose_name_plural = _("dependencias")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_unique")
        ]

    def __str__(self):
        return self.name


class Process(models.Model):
    """An institutional process of the entity's process map."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organización"),
        on_delete=models.CASCADE,
        related_name="processes",
    )
    number = models.PositiveSmallIntegerField(_("número"))
    name = models.CharField(_("nombre"), max_length=200)

    class Meta:
        verbose_name = _("proceso")
        verbose_name_plural = _("procesos")
        ordering = ["organisation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="process_number_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Plan(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organización"), on_delete=models.PROTECT, related_name="plans"
    )
    slug = models.SlugField(_("identificador en la URL"), max_length=60, unique=True)
    kind = models.CharField(_("tipo de plan"), max_length=3, choices=PlanKind.choices)
    name = models.CharField(_("nombre"), max_length=200)
    search_text = stored_text("name", "slug")
    start_year = models.PositiveSmallIntegerField(_("año inicial"))
    end_year = models.PositiveSmallIntegerField(_("año final"))
    mission = models.TextField(_("misión"), blank=True)
    vision = models.TextField(_("visión"), blank=True)
    adoption_act = models.CharField(_("acto de adopción"), max_length=300, blank=True)
    methodology_notes = models.TextField(_("notas de metodología"), blank=True)
    indicator_set_rule = models.CharField(
        _("indicadores que cuentan en el promedio"),
        max_length=30,
        choices=IndicatorSetRule.choices,
        default=IndicatorSetRule.ALL_OF_YEAR,
    )
    cap_progress = models.BooleanField(
        _("limitar el avance de cada indicador al 100 %"), default=False
    )
    green_from = models.DecimalField(
        _("verde desde (%)"), max_digits=6, decimal_places=2, default=Decimal(90)
    )
    yellow_from = models.DecimalField(
        _("amarillo desde (%)"), max_digits=6, decimal_places=2, default=Decimal(70)
    )
    declared_total_weight = models.DecimalField(
        _("total declarado de las ponderaciones de cada objetivo (%)"),
        max_digits=7,
        decimal_places=4,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal(1000))],
        help_text=_(
            "Con la regla «todos los indicadores de la vigencia», el cumplimiento de un "
            "objetivo es Σ (ponderación × avance) dividido por este total, no por la suma de "
            "las ponderaciones escritas."
        ),
    )
    # Set whenever what citizens see of the plan may change (a publication, a cutoff's status
    # or date, any save of the plan or its organisation; plan.signals). The public pages' cache
    # keys, ETags and Last-Modified are built from it (plan.public_cache).
    # Indexed: the district's stamp (plan.stamped_cache) reads its newest value on every list
    # page, from the index rather than from every plan's row.
    published_changed_at = models.DateTimeField(
        _("última modificación de lo publicado"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planes")
        ordering = ["organisation", "-start_year", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="plan_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(green_from__gte=models.F("yellow_from")),
                name="plan_thresholds_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class Objective(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="objectives"
    )
    number = models.PositiveSmallIntegerField(_("número"))
    short_title = models.CharField(_("título corto"), max_length=120)
    statement = models.TextField(_("enunciado"))
    weight = models.DecimalField(
        _("peso en el plan"),
        max_digits=7,
        decimal_places=4,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("objetivo")
        verbose_name_plural = _("objetivos")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="objective_number_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.short_title}"


class Cutoff(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="cutoffs"
    )
    date = models.DateField(_("fecha de corte"))
    status = models.CharField(
        _("estado"), max_length=10, choices=CutoffStatus.choices, default=CutoffStatus.OPEN
    )
    deadline = models.DateField(_("fecha límite de reporte"), null=True, blank=True)
    history = HistoricalRecords()

    # The status moves only through the workflow (plan.immutability.workflow_move).
    objects = immutability.CutoffQuerySet.as_manager()

    class Meta:
        verbose_name = _("corte")
        verbose_name_plural = _("cortes")
        ordering = ["plan", "date"]
        get_latest_by = "date"
        constraints = [models.UniqueConstraint(fields=["plan", "date"], name="cutoff_date_unique")]

    def __str__(self):
        return f"{self.plan} – {self.date:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        immutability.check_status_change(self)
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_status = self.__dict__.get("status")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def year(self) -> int:
        return self.date.year


class InvestmentProject(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organización"),
        on_delete=models.CASCADE,
        related_name="investment_projects",
    )
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=300)
    search_text = stored_text("name", "code")
    general_objective = models.TextField(_("objetivo general"), blank=True)

    class Meta:
        verbose_name = _("proyecto de inversión")
        verbose_name_plural = _("proyectos de inversión")
        ordering = ["organisation", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="project_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class ProjectBudget(models.Model):
    project = models.ForeignKey(
        InvestmentProject,
        verbose_name=_("proyecto de inversión"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    amount = models.DecimalField(
        _("presupuesto (pesos)"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("1e16"))],
    )

    class Meta:
        verbose_name = _("presupuesto anual")
        verbose_name_plural = _("presupuestos anuales")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="budget_year_unique")
        ]

    def __str__(self):
        return f"{self.project.code} {self.year}"

    def save(self, *args, **kwargs):
        # In one transaction with the stored totals of its years, which plan.signals
        # refreshes (plan.budget_totals): a failed refresh leaves the budget unsaved.
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)


class BudgetYearTotal(models.Model):
    """The budgets of every investment project of a year, summed: kept current by every
    write of a budget, in its own transaction (plan.budget_totals), so the project lists read
    one row a year instead of summing every budget of the district."""

    year = models.PositiveSmallIntegerField(_("vigencia"), unique=True)
    amount = models.DecimalField(_("presupuesto total (pesos)"), max_digits=18, decimal_places=2)
    projects = models.PositiveIntegerField(_("proyectos con presupuesto"), default=0)

    class Meta:
        verbose_name = _("presupuesto total de una vigencia")
        verbose_name_plural = _("presupuestos totales por vigencia")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)


class InstitutionalPlan(models.Model):
    """A plan integrated into the action plan (Decreto 612 de 2018)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organización"),
        on_delete=models.CASCADE,
        related_name="institutional_plans",
    )
    name = models.CharField(_("nombre"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("dependencia responsable"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("plan institucional")
        verbose_name_plural = _("planes institucionales")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="institutional_plan_unique"
            )
        ]

    def __str__(self):
        return self.name


class Snapshot(immutability.WriteOnceModel):
    """The figures of a cutoff as they were published. Public pages read these, so a published
    figure never changes silently; a correction is a new version with its reason."""

    # PROTECT: a cutoff (or plan) with a publication is never deleted (plan.immutability).
    cutoff = models.ForeignKey(
        Cutoff, verbose_name=_("corte"), on_delete=models.PROTECT, related_name="snapshots"
    )
    version = models.PositiveSmallIntegerField(_("versión"))
    published_at = models.DateTimeField(_("fecha de publicación"), auto_now_add=True)
    published_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("publicado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("motivo de la corrección"), blank=True)
    plan_compliance = models.DecimalField(
        _("cumplimiento del plan (%)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    plan_colour = models.CharField(
        _("semáforo del plan"),
        max_length=10,
        choices=ComplianceColour.choices,
        default=ComplianceColour.GREY,
    )
    payload = models.JSONField(_("cifras publicadas"))

    class Meta:
        verbose_name = _("publicación de corte")
        verbose_name_plural = _("publicaciones de cortes")
        ordering = ["cutoff", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["cutoff", "version"], name="snapshot_version_unique")
        ]

    def __str__(self):
        return f"{self.cutoff} v{self.version}"


class ObjectiveFigure(immutability.WriteOnceModel):
    """One objective's compliance as a snapshot published it, in a plain row: the district
    overview reads every plan's figures in one indexed query instead of parsing every payload.
    Written by plan.publishing.publish with the snapshot, never changed afterwards."""

    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("publicación"),
        on_delete=models.CASCADE,
        related_name="objective_figures",
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objetivo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    number = models.PositiveSmallIntegerField(_("número"))
    short_title = models.CharField(_("título corto"), max_length=120, blank=True)
    compliance = models.DecimalField(
        _("cumplimiento (%)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    colour = models.CharField(
        _("semáforo"),
        max_length=10,
        choices=ComplianceColour.choices,
        default=ComplianceColour.GREY,
    )

    class Meta:
        verbose_name = _("cifra publicada de un objetivo")
        verbose_name_plural = _("cifras publicadas de los objetivos")
        ordering = ["snapshot", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "number"], name="objective_figure_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.snapshot} · {self.number}"


class CutoffEvent(immutability.WriteOnceModel):
    """One move of a cutoff through open → closed → published (and back, with a reason)."""

    cutoff = models.ForeignKey(
        Cutoff, verbose_name=_("corte"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("acción"), max_length=10, choices=CutoffAction.choices)
    from_status = models.CharField(
        _("estado anterior"), max_length=10, choices=CutoffStatus.choices
    )
    to_status = models.CharField(_("estado nuevo"), max_length=10, choices=CutoffStatus.choices)
    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("usuario"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("fecha"), auto_now_add=True)
    reason = models.TextField(_("motivo"), blank=True)
    override = models.BooleanField(_("cerrado con indicadores sin reporte aprobado"), default=False)
    missing = models.PositiveIntegerField(_("indicadores sin reporte aprobado"), default=0)
    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("publicación"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The plausibility flags confirmed before publishing, each with its reason
    # (reporting.plausibility.confirmation_records).
    confirmations = models.JSONField(_("alertas confirmadas"), default=list, blank=True)

    class Meta:
        verbose_name = _("movimiento de corte")
        verbose_name_plural = _("movimientos de cortes")
        ordering = ["cutoff", "at", "id"]

    def __str__(self):
        return f"{self.cutoff}: {self.get_action_display()}"


from plan.assignments import AssignedRole, RoleAssignment  # noqa: E402,F401  (registered here)
