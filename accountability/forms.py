from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accountability.calculations import check_follow_up
from accountability.models import CommitmentFollowUp, Question


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommitmentFollowUpForm(forms.ModelForm):
    """The responsible unit reports the progress of a commitment."""

    class Meta:
        model = CommitmentFollowUp
        fields = ["date", "status", "progress", "narrative", "evidence_url"]
        widgets = {"date": DateInput(), "narrative": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        status, progress = data.get("status"), data.get("progress")
        if status and progress is not None:
            for problem in check_follow_up(status, Decimal(progress)):
                self.add_error("progress", problem)
        return data


class ReviewForm(forms.Form):
    """The planning office approves or returns a follow-up; returning needs a reason."""

    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("approve", _("Aprobar")), ("return", _("Devolver para ajustes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Explique por qué se devuelve el seguimiento."))
        return data


class AnswerForm(forms.ModelForm):
    """The answering unit (or the planning office) records the written answer."""

    class Meta:
        model = Question
        fields = ["answer", "answered_by", "answered_on"]
        widgets = {"answered_on": DateInput(), "answer": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["answered_on"].required = True

    def clean_answered_on(self):
        answered_on = self.cleaned_data["answered_on"]
        if answered_on and answered_on < self.instance.asked_on:
            raise forms.ValidationError(_("La respuesta no puede ser anterior a la pregunta."))
        return answered_on
