"""GET form of the district overview."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.district import BY_COMPLIANCE, BY_NAME, UNPUBLISHED
from plan.choices import ComplianceColour


class DistrictForm(forms.Form):
    """``?fecha=2025-09-30&semaforo=red&orden=name&q=salud&sector=sgp&plan=pei-2020``;
    anything invalid is shown as an error and the default is used (today, every plan, lowest
    compliance first, every sector)."""

    fecha = forms.DateField(
        label=_("Publicado hasta el"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Escriba la fecha como aaaa-mm-dd; se muestra la fecha de hoy.")
        },
    )
    semaforo = forms.ChoiceField(
        label=_("Semáforo del plan"),
        required=False,
        choices=[
            ("", _("Todos")),
            *ComplianceColour.choices,
            (UNPUBLISHED, _("Sin publicación a esa fecha")),
        ],
    )
    orden = forms.ChoiceField(
        label=_("Orden"),
        required=False,
        choices=[(BY_COMPLIANCE, _("Menor cumplimiento primero")), (BY_NAME, _("Entidad"))],
    )

    # «q», like every other list's search box (plan.listing); the old «buscar» redirects.
    q = forms.CharField(
        label=_("Buscar plan o entidad (nombre o código)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # The drill-down: a sector's plans (its code, or «sin-sector»), then one plan.
    sector = forms.SlugField(required=False, max_length=30, widget=forms.HiddenInput)
    plan = forms.SlugField(required=False, max_length=60, widget=forms.HiddenInput)

    def choices(self) -> Choice:
        """What was asked for, or the defaults."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # the valid fields only
        return Choice(
            date=data.get("fecha") or timezone.localdate(),
            colour=data.get("semaforo") or "",
            order=data.get("orden") or BY_COMPLIANCE,
            search=(data.get("q") or "").strip(),
            sector=data.get("sector") or "",
            plan=data.get("plan") or "",
        )


@dataclass(frozen=True)
class Choice:
    date: datetime.date
    colour: str = ""
    order: str = BY_COMPLIANCE
    search: str = ""
    sector: str = ""  # a sector's code or NO_SECTOR: its plans
    plan: str = ""  # a plan's slug: its objectives
