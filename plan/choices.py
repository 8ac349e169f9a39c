"""Choices of the planning domain, with the colours that go with each status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ENTITY = "entity", _("Entidad")
    SECTOR = "sector", _("Sector")


class PlanKind(models.TextChoices):
    PEI = "PEI", _("Plan Estratégico Institucional")
    PES = "PES", _("Plan Estratégico Sectorial")
    PAI = "PAI", _("Plan de Acción Institucional")


class IndicatorSetRule(models.TextChoices):
    """Which indicators of an objective enter its weighted average (DOMAIN.md)."""

    ALL_OF_YEAR = "all_of_year", _("Todos los indicadores de la vigencia")
    PROGRAMMED_IN_YEAR = "programmed_in_year", _("Indicadores programados en la vigencia")
    PROGRAMMED_AT_CUTOFF = "programmed_at_cutoff", _("Indicadores programados al corte")


class CutoffStatus(models.TextChoices):
    OPEN = "open", _("Abierto")
    CLOSED = "closed", _("Cerrado")
    PUBLISHED = "published", _("Publicado")

    @property
    def hex(self) -> str:
        return CUTOFF_STATUS_HEX[self.value]


class ComplianceColour(models.TextChoices):
    """Traffic-light colour of an objective or plan; hex codes meet WCAG AA on white text."""

    GREEN = "green", _("Satisfactorio")
    YELLOW = "yellow", _("En riesgo")
    RED = "red", _("Crítico")
    GREY = "grey", _("Sin dato")

    @property
    def hex(self) -> str:
        return COLOUR_HEX[self.value]


COLOUR_HEX = {
    "green": "#1e7b34",
    "yellow": "#8a5a00",
    "red": "#b3261e",
    "grey": "#5f6368",
}


CUTOFF_STATUS_HEX = {
    "open": "#1f5fa8",
    "closed": "#8a5a00",
    "published": "#1e7b34",
}


class CutoffAction(models.TextChoices):
    """What the planning office did to a cutoff (plan.models.CutoffEvent)."""

    CLOSE = "close", _("Cierre")
    PUBLISH = "publish", _("Publicación")
    REOPEN = "reopen", _("Reapertura")


def choice_label(choices, value) -> str:
    """The label of ``value`` among ``choices`` (in the active language), or the code itself
    when it is not one of them (an empty string for None)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""
