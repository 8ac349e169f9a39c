"""Accountability ("rendición de cuentas"): the yearly strategy, its events, what citizens asked
and proposed, and the commitments made to them (Ley 1757 de 2015, Manual Único de Rendición de
Cuentas)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accountability.choices import (
    ActivityStatus,
    CommitmentStatus,
    DocumentKind,
    EventKind,
    Modality,
    QuestionChannel,
    ReviewStatus,
    StageKind,
)

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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("espacio de rendición de cuentas")
        verbose_name_plural = _("espacios de rendición de cuentas")
        ordering = ["date", "time", "id"]

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


class CitizenTopic(models.Model):
    """A topic citizens proposed, and whether and where the entity took it up."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("estrategia"), on_delete=models.CASCADE, related_name="topics"
    )
    year = models.PositiveSmallIntegerField(_("año en que se propuso"))
    list_title = models.CharField(_("lista publicada"), max_length=200)
    channel = models.TextField(_("dónde se recogió"))
    order = models.PositiveSmallIntegerField(_("orden"))
    text = models.CharField(_("tema"), max_length=300)
    included = models.BooleanField(_("incluido"), null=True, blank=True)
    included_in = models.ForeignKey(
        Event,
        verbose_name=_("incluido en"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizen_topics",
    )
    outcome = models.TextField(_("qué se hizo"), blank=True)

    class Meta:
        verbose_name = _("tema propuesto por la ciudadanía")
        verbose_name_plural = _("temas propuestos por la ciudadanía")
        ordering = ["strategy", "-year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "year", "order"], name="topic_order_unique")
        ]

    def __str__(self):
        return self.text


class Question(models.Model):
    """A question a citizen asked at an event or before it."""

    event = models.ForeignKey(
        Event, verbose_name=_("espacio"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("pregunta"))
    asked_on = models.DateField(_("fecha de la pregunta"))
    channel = models.CharField(_("canal"), max_length=20, choices=QuestionChannel.choices)
    topic = models.CharField(_("tema"), max_length=300, blank=True)
    answer = models.TextField(_("respuesta"), blank=True)
    answering_unit = models.ForeignKey(
        "plan.Unit",
        verbose_name=_("dependencia que responde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_by = models.CharField(_("quién respondió"), max_length=200, blank=True)
    answered_during_event = models.BooleanField(_("respondida durante el evento"), default=False)
    answer_due = models.DateField(_("fecha límite de respuesta escrita"), null=True, blank=True)
    answered_on = models.DateField(_("fecha de la respuesta"), null=True, blank=True)
    is_public = models.BooleanField(_("publicada"), default=True)
    # The answer as written by the unit (or the office), public only once the planning office
    # publishes it: then it is copied to answer / answered_by / answered_on, which citizens
    # and the open data read. The history keeps who wrote and who published each version.
    draft_answer = models.TextField(_("respuesta propuesta"), blank=True)
    draft_answered_by = models.CharField(_("quién responde"), max_length=200, blank=True)
    draft_answered_on = models.DateField(
        _("fecha de la respuesta propuesta"), null=True, blank=True
    )
    answer_written_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("respuesta escrita por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_published_by = models.ForeignKey(
        "auth.User",
        verbose_name=_("respuesta publicada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_published_at = models.DateTimeField(_("respuesta publicada el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")
        ordering = ["event", "asked_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_during_event=True) | models.Q(answer_due__isnull=False),
                name="question_answered_in_event_or_has_due_date",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def answer_awaits_publication(self) -> bool:
        return bool(self.draft_answer) and (
            self.draft_answer != self.answer
            or self.draft_answered_on != self.answered_on
            or self.draft_answered_by != self.answered_by
        )


class Commitment(models.Model):
    """A commitment the entity made to citizens at an event."""

    event = models.ForeignKey(
        Event, verbose_name=_("espacio"), on_delete=models.CASCADE, related_name="commitments"
    )
    description = models.TextField(_("compromiso"))
    responsible_unit = models.ForeignKey(
        "plan.Unit",
        verbose_name=_("dependencia responsable"),
        on_delete=models.PROTECT,
        related_name="accountability_commitments",
    )
    due_date = models.DateField(_("fecha de cumplimiento"))
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PENDING,
    )
    progress = models.DecimalField(_("avance (%)"), default=Decimal(0), **PERCENT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        ordering = ["event", "due_date", "id"]

    def __str__(self):
        return self.description[:80]

    @property
    def status_choice(self) -> CommitmentStatus:
        return CommitmentStatus(self.status)


class CommitmentFollowUp(models.Model):
    """The unit reports a commitment's progress; the planning office reviews it. An approved
    follow-up sets the commitment's status and progress."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("compromiso"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    date = models.DateField(_("fecha del seguimiento"))
    narrative = models.TextField(_("descripción del avance"))
    evidence_url = models.URLField(_("enlace a la evidencia"), max_length=500, blank=True)
    status = models.CharField(
        _("estado reportado"), max_length=20, choices=CommitmentStatus.choices
    )
    progress = models.DecimalField(_("avance reportado (%)"), **PERCENT)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reportado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("fecha de reporte"), auto_now_add=True)
    review_status = models.CharField(
        _("revisión"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.SUBMITTED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("fecha de revisión"), null=True, blank=True)
    review_comment = models.TextField(_("observaciones de la revisión"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seguimiento de compromiso")
        verbose_name_plural = _("seguimientos de compromisos")
        ordering = ["commitment", "date", "id"]

    def __str__(self):
        return f"{self.commitment} @ {self.date:%d/%m/%Y}"

    @property
    def review(self) -> ReviewStatus:
        return ReviewStatus(self.review_status)
