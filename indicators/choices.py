from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalKind(models.TextChoices):
    SECTORAL = "sectoral", _("Meta sectorial")
    STRATEGIC = "strategic", _("Meta estratégica")
    PROJECT = "project", _("Meta de proyecto de inversión")
    MANAGEMENT = "management", _("Meta de gestión")
    ACTIVITY = "activity", _("Actividad")


class Unit(models.TextChoices):
    PERCENT = "percent", _("Porcentaje")
    NUMBER = "number", _("Número")
    INDEX_POINTS = "index_points", _("Puntos de índice")
    DAYS = "days", _("Días")
    PESOS = "pesos", _("Pesos")


class Annualization(models.TextChoices):
    SUMA = "suma", _("Suma")
    CRECIENTE = "creciente", _("Creciente")
    CONSTANTE = "constante", _("Constante")
    DECRECIENTE = "decreciente", _("Decreciente")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Mayor es mejor")
    LOWER = "lower", _("Menor es mejor")


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("Mensual")
    QUARTERLY = "quarterly", _("Trimestral")
    SEMIANNUAL = "semiannual", _("Semestral")
    YEARLY = "yearly", _("Anual")


class IndicatorStatus(models.TextChoices):
    """Status of one indicator at one cutoff, with its colour."""

    MET = "met", _("Cumplida")
    OVER = "over", _("Sobre-ejecución")
    LAG = "lag", _("Rezago")
    NOT_PROGRAMMED = "not_programmed", _("No programada al corte")
    NOT_REPORTED = "not_reported", _("Sin reporte")

    @property
    def hex(self) -> str:
        return STATUS_HEX[self.value]


STATUS_HEX = {
    "met": "#1e7b34",
    "over": "#1f5fa8",
    "lag": "#b3261e",
    "not_programmed": "#5f6368",
    "not_reported": "#8a5a00",
}


class MeasurementStatus(models.TextChoices):
    """Where a measurement is in the review workflow (reporting/workflow.py), with its colour."""

    DRAFT = "draft", _("Borrador")
    SUBMITTED = "submitted", _("Enviada a revisión")
    RETURNED = "returned", _("Devuelta")
    APPROVED = "approved", _("Aprobada")

    @property
    def hex(self) -> str:
        return MEASUREMENT_STATUS_HEX[self.value]


MEASUREMENT_STATUS_HEX = {
    "draft": "#5f6368",
    "submitted": "#1f5fa8",
    "returned": "#b3261e",
    "approved": "#1e7b34",
}


class EvidenceKind(models.TextChoices):
    LINK = "link", _("Enlace")
    FILE = "file", _("Archivo")
