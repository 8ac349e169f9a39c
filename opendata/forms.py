"""The open data's date picker: a GET form (no JavaScript) whose choices are the published
cutoff dates; the view sends the browser on to the file's stable address."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from opendata import datasets
from plan.formatting import format_date

FORMAT_LABELS = {
    "csv": _("CSV"),
    datasets.EXCEL_CSV: _("CSV para Excel (punto y coma, coma decimal)"),
    "json": _("JSON"),
}


class PickForm(forms.Form):
    fecha = forms.DateField(label=_("Publicado hasta el"), input_formats=["%Y-%m-%d"])
    conjunto = forms.ChoiceField(
        label=_("Conjunto de datos"),
        choices=[(name, title) for name, title in datasets.TITLES.items()],
    )
    formato = forms.ChoiceField(label=_("Formato"), choices=list(FORMAT_LABELS.items()))

    def __init__(self, *args, dates=None, **kwargs):
        """``dates``: the published cutoff dates offered in a select (newest first). Without
        them (when the form is read) any date is accepted: the file holds each plan's newest
        publication as of that date."""
        super().__init__(*args, **kwargs)
        if dates is not None:
            self.fields["fecha"].widget = forms.Select(
                choices=[(d.isoformat(), format_date(d)) for d in dates]
            )
