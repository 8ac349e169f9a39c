"""ModelForms of plan set-up: the model-level validators (plan.validation, installed on the
fields and in Model.clean) apply exactly as in the structure workbook and the admin."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.models import Goal, Indicator
from plan import scoping
from plan.models import Objective, Plan, Unit
from plan.permissions import MANAGE, READ
from reporting.field_rules import model_rules
from reporting.numbers import NumberError, format_for_input, parse_number

END_BEFORE_START = _("El año final no puede ser anterior al inicial.")


class PlanForm(forms.ModelForm):
    source = forms.ModelChoiceField(
        label=_("Copiar la estructura de"),
        queryset=Plan.objects.order_by("name"),
        required=False,
        help_text=_(
            "Objetivos, metas, indicadores, ponderaciones y programación anual, corridos a los "
            "años del plan nuevo (sin cortes ni reportes)."
        ),
    )

    class Meta:
        model = Plan
        formfield_callback = model_rules
        fields = [
            "organisation",
            "slug",
            "kind",
            "name",
            "start_year",
            "end_year",
            "indicator_set_rule",
            "cap_progress",
            "mission",
            "vision",
            "adoption_act",
        ]
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 3}),
            "vision": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisations the user's planning office manages; a plan to copy from
        # among those it reads. A posted id outside answers «Escoja una opción válida».
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = scoping.organisations(user, MANAGE)
        self.fields["source"].queryset = scoping.plans(user, READ).order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", END_BEFORE_START)
        return data


class PlanEditForm(PlanForm):
    class Meta(PlanForm.Meta):
        fields = [f for f in PlanForm.Meta.fields if f != "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["source"]


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        formfield_callback = model_rules
        fields = ["number", "short_title", "statement", "weight"]
        localized_fields = ["weight"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        formfield_callback = model_rules
        fields = ["kind", "code", "name"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        formfield_callback = model_rules
        fields = [
            "goal",
            "code",
            "name",
            "unit",
            "annualization",
            "direction",
            "periodicity",
            "responsible_unit",
            "declared_total",
        ]
        localized_fields = ["declared_total"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(plan=plan).order_by("kind", "code")
        # The plan's organisation's units; a sector plan is reported by its entities' units.
        org = plan.organisation_id
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            Q(organisation_id=org) | Q(organisation__sector_id=org)
        )


def parse_grid(post, prefix: str, keys) -> tuple[dict, dict]:
    """Numbers typed in a grid (``<prefix>-<a>-<b>`` or ``<prefix>-<a>``): values by key and
    Spanish errors by key; an empty cell is None."""
    values, errors = {}, {}
    language = get_language() or "es"
    for key in keys:
        name = "-".join([prefix, *map(str, key if isinstance(key, tuple) else (key,))])
        if name not in post:
            continue
        try:
            value = parse_number(post[name], language=language, allow_percent=False)
        except NumberError as error:
            errors[key] = str(error)
            continue
        if value is not None and value < 0:
            errors[key] = str(_("El valor no puede ser negativo."))
            continue
        values[key] = value
    return values, errors


def grid_cell(request, name: str, value, error=None) -> dict:
    """A grid's input as its template shows it: the text posted (a refused grid keeps what was
    typed), else the stored ``value`` as it is typed in the current language."""
    if request.method == "POST":
        shown = request.POST.get(name)
    else:
        shown = format_for_input(value, get_language() or "es")
    return {"name": name, "value": shown, "error": error}
