"""Forms of the cutoff calendar, the programming grid and review at scale."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.choices import Periodicity
from reporting.cycle import DEFAULT_WORKING_DAYS
from reporting.dates import DateError, parse_date
from reporting.numbers import NumberError, parse_number

WORKING_DAYS = {
    "label": _("Días hábiles para reportar"),
    "min_value": 0,
    "max_value": 60,
    "initial": DEFAULT_WORKING_DAYS,
    "help_text": _("Días hábiles de Colombia después del corte (sin festivos)."),
}


class YearCutoffsForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Vigencia"), coerce=int)
    periodicity = forms.ChoiceField(label=_("Periodicidad"), choices=Periodicity.choices)
    working_days = forms.IntegerField(**WORKING_DAYS)

    def __init__(self, *args, plan, periodicity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in plan.years]
        self.fields["periodicity"].initial = periodicity
        self.prefix = "year"


class OneCutoffForm(forms.Form):
    date = forms.CharField(
        label=_("Fecha de corte"),
        max_length=10,
        help_text=_("dd/mm/aaaa"),
        widget=forms.TextInput(attrs={"placeholder": "31/03/2024", "autocomplete": "off"}),
    )
    working_days = forms.IntegerField(**WORKING_DAYS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix = "one"

    def clean_date(self):
        try:
            return parse_date(self.cleaned_data["date"])
        except DateError as error:
            raise forms.ValidationError(str(error)) from None


def parse_programming(post, lines) -> tuple[dict, dict]:
    """The values typed in the grid (``p-<indicator id>``), and the errors by indicator id."""
    values, errors = {}, {}
    language = get_language() or "es"
    for line in lines:
        key = f"p-{line.indicator.id}"
        if key not in post:
            continue
        try:
            value = parse_number(post[key], language=language, allow_percent=False)
        except NumberError as error:
            errors[line.indicator.id] = str(error)
            continue
        if value is not None and value < 0:
            errors[line.indicator.id] = str(_("La programación no puede ser negativa."))
            continue
        values[line.indicator.id] = value if value else None
    return values, errors


class BulkReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Aprobar")), ("return", _("Devolver con comentario"))]
    )
    comment = forms.CharField(
        label=_("Comentario para las dependencias"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ids = forms.TypedMultipleChoiceField(coerce=int, required=True)

    def __init__(self, *args, eligible_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, str(i)) for i in eligible_ids]
        self.fields["ids"].error_messages["required"] = _("Seleccione al menos un reporte.")
        self.fields["ids"].error_messages["invalid_choice"] = _(
            "Uno de los reportes seleccionados ya no está pendiente de revisión; "
            "recargue la página."
        )

    def clean(self):
        data = super().clean()
        if data.get("action") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Escriba el comentario que explica qué debe corregirse."))
        return data
