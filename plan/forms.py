"""The cutoff selector shared by public and directors' pages (GET forms)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from plan.formatting import format_date


def _iso(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def selection_status(form: forms.Form) -> int:
    """HTTP status of a page whose cutoff selector was given a malformed or unknown date: 400
    (the page still shows the error and the newest cutoff), else 200."""
    return 400 if form.is_bound and form.errors else 200


class CutoffForm(forms.Form):
    """``?corte=2026-03-31`` among the given cutoffs; an unknown or malformed date is an
    error the page shows (status 400: selection_status), and the page falls back to the
    newest cutoff."""

    corte = forms.TypedChoiceField(label=_("Fecha de corte"), coerce=_iso, required=False)

    def __init__(self, data, cutoffs: list[tuple[datetime.date, str]], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["corte"].choices = [(d.isoformat(), label) for d, label in cutoffs]
        self.fields["corte"].error_messages["invalid_choice"] = _(
            "«%(value)s» no es una fecha de corte de este plan; se muestra el corte más reciente."
        )

    def date(self, field: str = "corte") -> datetime.date | None:
        """The valid date of ``field``, or None (absent or invalid: the error is shown)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(field) or None


class CompareForm(CutoffForm):
    comparar = forms.TypedChoiceField(
        label=_("Comparar con"), coerce=_iso, required=False, empty_value=None
    )

    def __init__(self, data, cutoffs, **kwargs):
        super().__init__(data, cutoffs, **kwargs)
        self.fields["comparar"].choices = [("", _("Sin comparar"))] + [
            (d.isoformat(), label) for d, label in cutoffs
        ]
        self.fields["comparar"].error_messages["invalid_choice"] = _(
            "«%(value)s» no es una fecha de corte de este plan."
        )


def cutoff_label(date: datetime.date, status_label: str | None = None) -> str:
    return f"{format_date(date)} ({status_label})" if status_label else format_date(date)


def save_form(request, form: forms.ModelForm, message: str, **fields):
    """Save a valid model form's object with ``fields`` set on it first (the parent it
    belongs to, who did it, ``_history_user``…), and tell the user ``message``."""
    from django.contrib import messages

    saved = form.save(commit=False)
    for name, value in fields.items():
        setattr(saved, name, value)
    saved.save()
    messages.success(request, message)
    return saved
