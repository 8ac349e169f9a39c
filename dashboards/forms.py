"""GET form of the district overview."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.district import BY_COMPLIANCE, BY_NAME, UNPUBLISHED
from plan.choices import ComplianceColour


class DistrictForm(forms.Form):
    """``?fecha=2025-09-30&semaforo=red&orden=name``; anything invalid is shown as an error
    and the default is used (today, every plan, lowest compliance first)."""

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

    def choices(self) -> tuple[datetime.date, str, str]:
        """The date, colour and order asked for, or their defaults."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # the valid fields only
        return (
            data.get("fecha") or timezone.localdate(),
            data.get("semaforo") or "",
            data.get("orden") or BY_COMPLIANCE,
        )
