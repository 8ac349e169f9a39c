from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from indicators import validation
from plan import permissions, scoping
from plan.models import InvestmentProject, Organisation, Process, Unit
from risks import assessment as calc
from risks.choices import FollowUpStatus, RiskKind
from risks.models import ActionActivity, Assessment, Control, FollowUp, Risk

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OUT_OF_SCOPE = _("Elija una opción de las entidades a su cargo: esa no está entre las disponibles.")


def scope_choices(field, queryset, orgs, path="organisation_id"):
    """Narrow a choice field to the organisations ``orgs`` (None: all) and say, in Spanish,
    why a posted id outside them is refused."""
    field.queryset = scoping.within(queryset, orgs, path)
    field.error_messages["invalid_choice"] = OUT_OF_SCOPE


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "year",
            "code",
            "kind",
            "name",
            "impact_description",
            "immediate_cause",
            "root_cause",
            "process",
            "investment_project",
            "responsible_unit",
            "treatment",
            "treatment_justification",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 3}),
            "impact_description": forms.Textarea(attrs={"rows": 2}),
            "immediate_cause": forms.Textarea(attrs={"rows": 2}),
            "root_cause": forms.Textarea(attrs={"rows": 2}),
            "treatment_justification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, acceptance_zones=None, has_action_plan=False, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.acceptance_zones = acceptance_zones  # the methodology's, to check the treatment
        self.has_action_plan = has_action_plan
        self.fields["responsible_unit"].required = True
        orgs = permissions.managed_organisations(user)  # only the registers it configures
        scope_choices(self.fields["process"], Process.objects.select_related("organisation"), orgs)
        scope_choices(self.fields["investment_project"], InvestmentProject.objects.all(), orgs)
        scope_choices(
            self.fields["responsible_unit"], Unit.objects.select_related("organisation"), orgs
        )

    def clean(self):
        data = super().clean()
        # Exactly one of process and project: the model's check constraint says so.
        owner = data.get("process") or data.get("investment_project")
        if owner is not None:
            self.instance.organisation_id = owner.organisation_id
            unit = data.get("responsible_unit")
            if unit and unit.organisation_id != owner.organisation_id:
                self.add_error(
                    "responsible_unit",
                    _("La dependencia debe ser de la misma entidad que el proceso o el proyecto."),
                )
            duplicate = Risk.objects.filter(
                organisation_id=owner.organisation_id, year=data.get("year"), code=data.get("code")
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error("code", _("Ya hay un riesgo con este código en esa vigencia."))
        if data.get("treatment") and self.acceptance_zones is not None:
            stored = getattr(self.instance, "assessment", None) if self.instance.pk else None
            for problem in calc.treatment_problems(
                data.get("kind"),
                stored.residual_zone if stored else None,
                data["treatment"],
                self.has_action_plan,
                self.acceptance_zones,
            ):
                self.add_error("treatment", problem)
        return data

    def save(self, commit=True):
        self.instance.placeholder = False  # someone described it: no longer just a count
        return super().save(commit)


RISK_OWNER_FIELDS = ("process", "investment_project", "responsible_unit")


class RiskRowForm(forms.ModelForm):
    """A row of the risk-map workbook: RiskForm's own fields, with the same validators and
    messages. The process, project and unit come as names, looked up in the import's plain
    dicts (no query per row); the treatment is checked once the zones are computed."""

    class Meta:
        model = Risk
        fields = [f for f in RiskForm.Meta.fields if f not in RISK_OWNER_FIELDS]


class AssessmentForm(forms.Form):
    exposure_frequency = forms.IntegerField(
        label=_("¿Cuántas veces al año se ejecuta la actividad que conlleva el riesgo?"),
        min_value=0,
    )
    economic_impact_smlmv = forms.DecimalField(
        label=_("Afectación económica (SMLMV)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    reputational_impact = forms.TypedChoiceField(
        label=_("Pérdida reputacional"), coerce=int, required=False
    )
    corruption_yes_answers = forms.TypedMultipleChoiceField(
        label=_("Preguntas respondidas «sí»"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kind, impact_levels, questions, **kwargs):
        super().__init__(*args, **kwargs)
        # The same column limits as every other entry (plan.validation).
        for name in ("exposure_frequency", "economic_impact_smlmv"):
            self.fields[name].validators += validation.model_validators(Assessment, name)
        self.kind = kind
        self.fields["reputational_impact"].choices = [("", "—")] + [
            (level.position, f"{level.name}: {level.reputational_description}")
            for level in impact_levels
        ]
        self.fields["corruption_yes_answers"].choices = [
            (q.number, f"{q.number}. {q.text}") for q in questions
        ]
        if kind == RiskKind.CORRUPTION:
            del self.fields["economic_impact_smlmv"]
            del self.fields["reputational_impact"]
        else:
            del self.fields["corruption_yes_answers"]


class ControlForm(forms.ModelForm):
    class Meta:
        model = Control
        fields = [
            "order",
            "description",
            "responsible",
            "control_type",
            "implementation",
            "documentation",
            "frequency",
            "evidence",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class BaseControlFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        orders = [
            form.cleaned_data["order"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("order")
        ]
        if len(orders) != len(set(orders)):
            raise forms.ValidationError(_("Dos controles no pueden tener el mismo orden."))


ControlFormSet = inlineformset_factory(
    Risk, Control, form=ControlForm, formset=BaseControlFormSet, extra=1, can_delete=True
)


class ActionForm(forms.ModelForm):
    class Meta:
        model = ActionActivity
        fields = ["description", "responsible", "start_date", "end_date", "progress", "evidence"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
        }
        localized_fields = ["progress"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fecha de terminación es anterior a la de inicio."))
        return data


class BaseActionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.treatment == calc.REDUCE and not kept:
            raise forms.ValidationError(
                _("El tratamiento es «Reducir»: el plan de acción necesita al menos una actividad.")
            )


ActionFormSet = inlineformset_factory(
    Risk, ActionActivity, form=ActionForm, formset=BaseActionFormSet, extra=1, can_delete=True
)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["controls_executed", "evidence", "evidence_url", "materialised", "notes"]
        widgets = {
            "controls_executed": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        widget=forms.RadioSelect,
        choices=[
            (FollowUpStatus.APPROVED, _("Aprobar")),
            (FollowUpStatus.RETURNED, _("Devolver para ajustes")),
        ],
    )
    review_notes = forms.CharField(
        label=_("Observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == FollowUpStatus.RETURNED and not data.get("review_notes"):
            self.add_error("review_notes", _("Explique qué debe ajustarse."))
        return data


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Entidad"), queryset=Organisation.objects.order_by("name")
    )
    workbook = forms.FileField(
        label=_("Libro de Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    MAX_BYTES = 2 * 1024 * 1024  # the preview keeps the file in the session until confirmed

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = permissions.managed_organisations(user)  # only the registers it configures
        scope_choices(
            self.fields["organisation"], Organisation.objects.order_by("name"), orgs, "id"
        )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("El archivo debe ser un libro de Excel .xlsx."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("El archivo supera 2 MB."))
        return upload
