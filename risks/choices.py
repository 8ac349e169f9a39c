"""Choices of the risk map, with the colours that go with each zone."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskKind(models.TextChoices):
    MANAGEMENT = "management", _("Gestión")
    CORRUPTION = "corruption", _("Corrupción")


class RiskZone(models.TextChoices):
    """Zones of the DAFP heat map. ``hex`` is the cell colour, ``text_hex`` the text on it;
    each pair has a contrast ratio of at least 4,5:1 (WCAG AA)."""

    LOW = "low", _("Bajo")
    MODERATE = "moderate", _("Moderado")
    HIGH = "high", _("Alto")
    EXTREME = "extreme", _("Extremo")

    @property
    def hex(self) -> str:
        return ZONE_HEX[self.value][0]

    @property
    def text_hex(self) -> str:
        return ZONE_HEX[self.value][1]


ZONE_HEX = {
    "low": ("#2e7d32", "#ffffff"),
    "moderate": ("#f9d949", "#1b1b1f"),
    "high": ("#f57c00", "#1b1b1f"),
    "extreme": ("#b3261e", "#ffffff"),
}


class ControlType(models.TextChoices):
    PREVENTIVE = "preventive", _("Preventivo")
    DETECTIVE = "detective", _("Detectivo")
    CORRECTIVE = "corrective", _("Correctivo")


class ControlImplementation(models.TextChoices):
    AUTOMATIC = "automatic", _("Automático")
    MANUAL = "manual", _("Manual")


class ControlDocumentation(models.TextChoices):
    DOCUMENTED = "documented", _("Documentado")
    UNDOCUMENTED = "undocumented", _("Sin documentar")


class ControlFrequency(models.TextChoices):
    CONTINUOUS = "continuous", _("Continua")
    RANDOM = "random", _("Aleatoria")


class ControlEvidence(models.TextChoices):
    RECORDED = "recorded", _("Con registro")
    UNRECORDED = "unrecorded", _("Sin registro")


class Treatment(models.TextChoices):
    REDUCE = "reduce", _("Reducir (mitigar)")
    AVOID = "avoid", _("Evitar")
    SHARE = "share", _("Compartir o transferir")
    ACCEPT = "accept", _("Aceptar")


class ControlExecution(models.TextChoices):
    YES = "yes", _("Sí, todos")
    PARTIAL = "partial", _("Parcialmente")
    NO = "no", _("No")


class FollowUpStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Enviado")
    APPROVED = "approved", _("Aprobado")
    RETURNED = "returned", _("Devuelto para ajustes")

    @property
    def hex(self) -> str:
        return FOLLOW_UP_HEX[self.value]


FOLLOW_UP_HEX = {"submitted": "#1f5fa8", "approved": "#1e7b34", "returned": "#b3261e"}
