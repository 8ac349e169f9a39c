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


class AnswerForm(forms.Form):
    """The answering unit (or the planning office) writes the answer; it goes public only
    when the planning office publishes it (accountability.services.publish_answer)."""

    answer = forms.CharField(label=_("respuesta"), widget=forms.Textarea(attrs={"rows": 5}))
    answered_by = forms.CharField(label=_("quién respondió"), max_length=200, required=False)
    answered_on = forms.DateField(label=_("fecha de la respuesta"), widget=DateInput())

    def __init__(self, *args, question: Question, **kwargs):
        self.question = question
        kwargs.setdefault(
            "initial",
            {
                "answer": question.draft_answer or question.answer,
                "answered_by": question.draft_answered_by or question.answered_by,
                "answered_on": question.draft_answered_on or question.answered_on,
            },
        )
        super().__init__(*args, **kwargs)

    def clean_answered_on(self):
        answered_on = self.cleaned_data["answered_on"]
        if answered_on and answered_on < self.question.asked_on:
            raise forms.ValidationError(_("La respuesta no puede ser anterior a la pregunta."))
        return answered_on
