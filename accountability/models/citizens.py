"""What citizens proposed and asked, and the commitments made to them at the events."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accountability.choices import (
    CommitmentStatus,
    QuestionChannel,
    ReviewStatus,
)
from accountability.models.strategy import PERCENT, Event, Strategy


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
        indexes = [
            # The management page's «awaiting an answer» list, most urgent first: read from
            # the index up to its first rows instead of sorting every unanswered question.
            models.Index(
                fields=["answer_due", "id"],
                condition=models.Q(answered_during_event=False, answered_on__isnull=True),
                name="question_awaiting_due_idx",
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
        # The management page's «past due» list, oldest first (issue 15: read from the index).
        # Only the commitments not yet fulfilled: fulfilled ones pile up year after year, and
        # an index of every commitment made the list step over them (1.100 at L) to its first.
        indexes = [
            models.Index(
                fields=["due_date", "id"],
                condition=~models.Q(status="fulfilled"),
                name="commitment_open_due_idx",
            )
        ]

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
