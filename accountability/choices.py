"""Choices of accountability ("rendición de cuentas"), with the colours that go with each status.

Hex codes meet WCAG AA against white text (the same palette as plan/choices.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StageKind(models.TextChoices):
    PREPARATION = "preparation", _("Aprestamiento")
    DESIGN_EXECUTION = "design_execution", _("Diseño y ejecución")
    FOLLOW_UP = "follow_up", _("Seguimiento y evaluación")


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Sin iniciar")
    IN_PROGRESS = "in_progress", _("En ejecución")
    DONE = "done", _("Cumplida")
    PARTIAL = "partial", _("Cumplida parcialmente")
    NOT_REPORTED = "not_reported", _("Sin seguimiento registrado")

    @property
    def hex(self) -> str:
        return ACTIVITY_HEX[self.value]


ACTIVITY_HEX = {
    "not_started": "#5f6368",
    "in_progress": "#1f5fa8",
    "done": "#1e7b34",
    "partial": "#8a5a00",
    "not_reported": "#5f6368",
}


class EventKind(models.TextChoices):
    HEARING = "hearing", _("Audiencia pública")
    DIALOGUE = "dialogue", _("Diálogo ciudadano")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("Presencial")
    VIRTUAL = "virtual", _("Virtual")
    MIXED = "mixed", _("Mixto")


class DocumentKind(models.TextChoices):
    PRIOR_REPORT = "prior_report", _("Informe publicado antes del evento")
    RECORD = "record", _("Informe o acta del evento")
    ANSWERS = "answers", _("Informe de respuestas a la ciudadanía")
    ATTENDANCE_FORM = "attendance_form", _("Formulario de asistencia")
    EVALUATION_FORM = "evaluation_form", _("Formulario de evaluación")
    OTHER = "other", _("Otro documento")


class QuestionChannel(models.TextChoices):
    DURING_EVENT = "during_event", _("En el evento")
    FORM = "form", _("Formulario de inscripción o evaluación")
    SOCIAL_MEDIA = "social_media", _("Redes sociales")
    EMAIL = "email", _("Correo electrónico")
    WEBSITE = "website", _("Página web")
    OTHER = "other", _("Otro canal")


class AnswerStatus(models.TextChoices):
    """Derived, never stored: see accountability.calculations.answer_status."""

    DURING_EVENT = "during_event", _("Respondida en el evento")
    ON_TIME = "on_time", _("Respondida a tiempo")
    LATE = "late", _("Respondida fuera de plazo")
    PENDING = "pending", _("Pendiente de respuesta")
    OVERDUE = "overdue", _("Vencida sin respuesta")

    @property
    def hex(self) -> str:
        return ANSWER_HEX[self.value]


ANSWER_HEX = {
    "during_event": "#1e7b34",
    "on_time": "#1e7b34",
    "late": "#8a5a00",
    "pending": "#1f5fa8",
    "overdue": "#b3261e",
}


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Sin iniciar")
    IN_PROGRESS = "in_progress", _("En ejecución")
    FULFILLED = "fulfilled", _("Cumplido")
    NOT_FULFILLED = "not_fulfilled", _("No cumplido")

    @property
    def hex(self) -> str:
        return COMMITMENT_HEX[self.value]


COMMITMENT_HEX = {
    "pending": "#5f6368",
    "in_progress": "#1f5fa8",
    "fulfilled": "#1e7b34",
    "not_fulfilled": "#b3261e",
}


class ReviewStatus(models.TextChoices):
    """A follow-up reported by the unit and reviewed by the planning office."""

    SUBMITTED = "submitted", _("Enviado a revisión")
    APPROVED = "approved", _("Aprobado")
    RETURNED = "returned", _("Devuelto para ajustes")

    @property
    def hex(self) -> str:
        return REVIEW_HEX[self.value]


REVIEW_HEX = {"submitted": "#1f5fa8", "approved": "#1e7b34", "returned": "#b3261e"}
