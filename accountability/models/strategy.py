"""The yearly strategy, its team, activities and events, with attendance and documents."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accountability.choices import (
    ActivityStatus,
    DocumentKind,
    EventKind,
    Modality,
    StageKind,
)
from plan.search_text import stored_text

PERCENT = {
    "max_digits": 7,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
}


class Strategy(models.Model):
    """The accountability strategy of one organisation for one year."""

    organisation = models.ForeignKey(
        "plan.Organisation",
        verbose_name=_("organización"),
        on_delete=models.PROTECT,
        related_name="accountability_strategies",
    )
    year = models.PositiveSmallIntegerField(_("vigencia"))
    title = models.CharField(_("título"), max_length=200)
    objective = models.TextField(_("objetivo de la estrategia"))
    report_title = models.CharField(_("título del informe de seguimiento"), max_length=200)
    report_objective = models.TextField(_("objetivo del informe"), blank=True)
    lead_unit = models.ForeignKey(
        "plan.Unit",
        verbose_name=_("dependencia que coordina"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dialogue_design = models.TextField(
        _("planteamiento de los diálogos ciudadanos"),
        blank=True,
        help_text=_("Propósito, temas, modalidad, duración, metodología, estructura, lugares."),
    )
    source = models.CharField(_("fuente"), max_length=200, blank=True)
    notes = models.TextField(_("notas de transcripción"), blank=True)

    class Meta:
        verbose_name = _("estrategia de rendición de cuentas")
        verbose_name_plural = _("estrategias de rendición de cuentas")
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="strategy_year_unique")
        ]

    def __str__(self):
        return self.title


class Stage(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("estrategia"), on_delete=models.CASCADE, related_name="stages"
    )
    number = models.PositiveSmallIntegerField(_("número"))
    kind = models.CharField(_("etapa"), max_length=20, choices=StageKind.choices)
    name = models.CharField(_("nombre como se publicó"), max_length=200)
    actions = models.TextField(_("acciones (una por línea)"), blank=True)
    narrative = models.TextField(_("qué se hizo"), blank=True)

    class Meta:
        verbose_name = _("etapa")
        verbose_name_plural = _("etapas")
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="stage_number_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def action_list(self) -> list[str]:
        return [line.strip() for line in self.actions.splitlines() if line.strip()]


class Challenge(models.Model):
    """A "reto" of the strategy."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("estrategia"), on_delete=models.CASCADE, related_name="challenges"
    )
    number = models.PositiveSmallIntegerField(_("número"))
    text = models.TextField(_("reto"))

    class Meta:
        verbose_name = _("reto")
        verbose_name_plural = _("retos")
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="challenge_number_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class TeamRole(models.Model):
    """What one member of the accountability team did ("Equipo para la Rendición de Cuentas")."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("estrategia"), on_delete=models.CASCADE, related_name="roles"
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    holder = models.CharField(_("responsable"), max_length=200)
    unit = models.ForeignKey(
        "plan.Unit",
        verbose_name=_("dependencia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    duties = models.TextField(_("funciones (una por línea)"))
    notes = models.TextField(_("notas de transcripción"), blank=True)

    class Meta:
        verbose_name = _("rol del equipo")
        verbose_name_plural = _("roles del equipo")
        ordering = ["strategy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "order"], name="team_role_order_unique")
        ]

    def __str__(self):
        return self.holder

    @property
    def duty_list(self) -> list[str]:
        return [line.strip() for line in self.duties.splitlines() if line.strip()]


class SelfAssessment(models.Model):
    """The entity's self-assessment of its accountability spaces (MIPG-FURAG)."""

    strategy = models.OneToOneField(
        Strategy,
        verbose_name=_("estrategia"),
        on_delete=models.CASCADE,
        related_name="self_assessment",
    )
    framework = models.CharField(_("marco"), max_length=100, blank=True)
    score = models.DecimalField(
        _("puntaje"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    scale = models.DecimalField(
        _("puntaje máximo"), max_digits=6, decimal_places=2, default=Decimal(100)
    )
    notes = models.TextField(_("notas de transcripción"), blank=True)

    class Meta:
        verbose_name = _("autodiagnóstico")
        verbose_name_plural = _("autodiagnósticos")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=models.F("scale")), name="self_assessment_in_scale"
            )
        ]

    def __str__(self):
        return f"{self.strategy}: {self.score}/{self.scale}"


class ImprovementArea(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment,
        verbose_name=_("autodiagnóstico"),
        on_delete=models.CASCADE,
        related_name="improvement_areas",
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    text = models.TextField(_("aspecto por fortalecer"))

    class Meta:
        verbose_name = _("aspecto por fortalecer")
        verbose_name_plural = _("aspectos por fortalecer")
        ordering = ["assessment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "order"], name="improvement_order_unique")
        ]

    def __str__(self):
        return self.text[:80]


class Activity(models.Model):
    """A scheduled activity of the strategy ("cronograma")."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("estrategia"), on_delete=models.CASCADE, related_name="activities"
    )
    number = models.PositiveSmallIntegerField(_("número"))
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("etapa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    name = models.TextField(_("actividad"))
    goal = models.TextField(_("meta o producto"))
    evidence = models.TextField(_("evidencias"))
    responsible_text = models.TextField(_("responsables como se publicaron"))
    responsible_units = models.ManyToManyField(
        "plan.Unit", verbose_name=_("dependencias responsables"), blank=True, related_name="+"
    )
    q1 = models.BooleanField(_("programada enero-marzo"), default=False)
    q2 = models.BooleanField(_("programada abril-junio"), default=False)
    q3 = models.BooleanField(_("programada julio-septiembre"), default=False)
    q4 = models.BooleanField(_("programada octubre-diciembre"), default=False)
    quarters_known = models.BooleanField(
        _("trimestres conocidos"),
        default=True,
        help_text=_("Falso cuando la fuente no deja leer los trimestres programados."),
    )
    notes = models.TextField(_("notas de transcripción"), blank=True)

    class Meta:
        verbose_name = _("actividad de la estrategia")
        verbose_name_plural = _("actividades de la estrategia")
        ordering = ["strategy", "number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="activity_number_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.name[:80]}"

    @property
    def planned_quarters(self) -> tuple[int, ...]:
        flags = (self.q1, self.q2, self.q3, self.q4)
        return tuple(q for q, planned in enumerate(flags, start=1) if planned)


class ActivityFollowUp(models.Model):
    """The follow-up of one activity at one date: status, progress and evidence."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("actividad"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField(_("fecha del seguimiento"))
    status = models.CharField(_("estado"), max_length=20, choices=ActivityStatus.choices)
    progress = models.DecimalField(_("avance (%)"), null=True, blank=True, **PERCENT)
    quarters_done = models.CharField(
        _("trimestres en que se ejecutó"),
        max_length=10,
        blank=True,
        help_text=_("Números de trimestre separados por coma, p. ej. «2,3,4»."),
    )
    narrative = models.TextField(_("descripción del avance"))
    evidence = models.TextField(_("evidencia"), blank=True)
    notes = models.TextField(_("notas de transcripción"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seguimiento de actividad")
        verbose_name_plural = _("seguimientos de actividades")
        ordering = ["activity", "date"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="activity_follow_up_unique")
        ]

    def __str__(self):
        return f"{self.activity} @ {self.date:%d/%m/%Y}"

    @property
    def status_choice(self) -> ActivityStatus:
        return ActivityStatus(self.status)


class Event(models.Model):
    """A public hearing or a citizen dialogue."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("estrategia"), on_delete=models.PROTECT, related_name="events"
    )
    slug = models.SlugField(_("identificador en la URL"), max_length=120, unique=True)
    kind = models.CharField(_("tipo de espacio"), max_length=10, choices=EventKind.choices)
    title = models.CharField(_("nombre"), max_length=300)
    search_text = stored_text("title", "slug")  # what the lists' search reads (plan.search_text)
    topic = models.TextField(_("tema"))
    date = models.DateField(_("fecha"))
    time = models.TimeField(_("hora"), null=True, blank=True)
    modality = models.CharField(_("modalidad"), max_length=10, choices=Modality.choices)
    venue = models.CharField(_("lugar"), max_length=300, blank=True)
    channels = models.CharField(_("canales de transmisión"), max_length=300, blank=True)
    summary = models.TextField(_("qué se presentó"), blank=True)
    responsible_units = models.ManyToManyField(
        "plan.Unit", verbose_name=_("dependencias responsables"), blank=True, related_name="+"
    )
    objectives = models.ManyToManyField(
        "plan.Objective", verbose_name=_("objetivos relacionados"), blank=True, related_name="+"
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        verbose_name=_("indicadores relacionados"),
        blank=True,
        related_name="+",
    )
    investment_projects = models.ManyToManyField(
        "plan.InvestmentProject",
        verbose_name=_("proyectos de inversión relacionados"),
        blank=True,
        related_name="+",
    )
    links_note = models.TextField(
        _("nota sobre los vínculos"),
        blank=True,
        help_text=_("De dónde sale el vínculo con objetivos, indicadores o proyectos."),
    )
    is_public = models.BooleanField(_("publicado para la ciudadanía"), default=True)
    notes = models.TextField(_("notas de transcripción"), blank=True)
    history = HistoricalRecords(excluded_fields=["search_text"])  # derived, not history

    class Meta:
        verbose_name = _("espacio de rendición de cuentas")
        verbose_name_plural = _("espacios de rendición de cuentas")
        ordering = ["date", "time", "id"]
        # The public list's COUNT reads this index alone (an index-only scan) instead of
        # every row of the district's events (issue 15).
        indexes = [
            models.Index(fields=["id"], condition=models.Q(is_public=True), name="event_public_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.date:%d/%m/%Y})"


class AttendanceRecord(models.Model):
    """Attendance figures of one event or of a set of events the source reports together
    (seed 004 gives 253 attendances for its four dialogues as one figure)."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("estrategia"), on_delete=models.CASCADE, related_name="attendance"
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    label = models.CharField(_("nombre"), max_length=200)
    events = models.ManyToManyField(Event, verbose_name=_("espacios"), related_name="attendance")
    attendance_forms = models.PositiveIntegerField(
        _("formularios de asistencia diligenciados"), null=True, blank=True
    )
    attendances = models.PositiveIntegerField(_("asistencias"), null=True, blank=True)
    live_views = models.PositiveIntegerField(_("visualizaciones en vivo"), null=True, blank=True)
    live_views_channel = models.CharField(
        _("canal de las visualizaciones"), max_length=200, blank=True
    )
    demographics_basis = models.CharField(
        _("de dónde salen los datos demográficos"), max_length=300, blank=True
    )
    notes = models.TextField(_("notas de transcripción"), blank=True)

    class Meta:
        verbose_name = _("registro de asistencia")
        verbose_name_plural = _("registros de asistencia")
        ordering = ["strategy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "order"], name="attendance_order_unique")
        ]

    def __str__(self):
        return self.label


class DemographicRow(models.Model):
    """One category of one dimension (sex, age group ...) of an attendance record. Dimensions
    and categories are data, so they can change without a migration. The source may give a
    count, a published share, or both."""

    record = models.ForeignKey(
        AttendanceRecord,
        verbose_name=_("registro de asistencia"),
        on_delete=models.CASCADE,
        related_name="demographics",
    )
    dimension = models.CharField(_("dimensión"), max_length=100)
    category = models.CharField(_("categoría"), max_length=100)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    count = models.PositiveIntegerField(_("número de personas"), null=True, blank=True)
    published_share = models.DecimalField(
        _("porcentaje publicado"), null=True, blank=True, **PERCENT
    )

    class Meta:
        verbose_name = _("dato demográfico")
        verbose_name_plural = _("datos demográficos")
        ordering = ["record", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "dimension", "category"], name="demographic_row_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(count__isnull=False) | models.Q(published_share__isnull=False),
                name="demographic_row_has_a_figure",
            ),
        ]

    def __str__(self):
        return f"{self.dimension}: {self.category}"


class EvaluationResult(models.Model):
    """An answer option of the event's evaluation form, with how many chose it."""

    event = models.ForeignKey(
        Event, verbose_name=_("espacio"), on_delete=models.CASCADE, related_name="evaluation"
    )
    question = models.CharField(_("pregunta de la evaluación"), max_length=300)
    option = models.CharField(_("respuesta"), max_length=200)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    count = models.PositiveIntegerField(_("número de respuestas"), null=True, blank=True)
    published_share = models.DecimalField(
        _("porcentaje publicado"), null=True, blank=True, **PERCENT
    )

    class Meta:
        verbose_name = _("resultado de la evaluación")
        verbose_name_plural = _("resultados de la evaluación")
        ordering = ["event", "question", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "question", "option"], name="evaluation_result_unique"
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.option}"


class Document(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("espacio"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("tipo de documento"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("título"), max_length=300)
    url = models.URLField(_("enlace"), max_length=500, blank=True)
    file = models.FileField(_("archivo"), upload_to="rendicion/", blank=True)
    published_on = models.DateField(_("fecha de publicación"), null=True, blank=True)
    notes = models.TextField(_("notas"), blank=True)

    class Meta:
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")
        ordering = ["event", "kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["event", "title"], name="document_title_unique")
        ]

    def __str__(self):
        return self.title
