"""A row of the follow-up workbook as a Django form (reporting.row_forms): the analysis is the
measurement page's own field (reporting.forms.MeasurementForm), so a text the page refuses is
refused by the workbook with the same message; the checks that need the indicator (its unit,
its programming, the report's state) are the page's too and run when the rows are compared
with the database (reporting.workbook_import.plan_followup)."""

from __future__ import annotations

import functools
import sys

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reporting.forms import MeasurementForm
from reporting.row_forms import CellField, RowForm, checked
from reporting.workbook_export import HEADERS, NO, YES
from reporting.xlsx import CellError, read_decimal, read_int, read_text

YES_TEXTS = ("sí", "si")
KEYS = ("id", "objective", "code", "executed", "analysis", "submit", "programmed_cutoff")


def _yes_or_no(text: str) -> None:
    if text.lower() not in (*YES_TEXTS, "no"):
        raise CellError(_("Escriba «%(yes)s» o «%(no)s».") % {"yes": YES, "no": NO})


class FollowupRowForm(RowForm):
    headers = {key: HEADERS[key] for key in KEYS}
    id = CellField(read_int)
    objective = CellField(read_int)
    code = CellField()
    executed = CellField(read_decimal)
    # any length is read: the page's field says how long an analysis may be
    analysis = CellField(
        functools.partial(read_text, max_length=sys.maxsize),
        like=MeasurementForm.base_fields["analysis"],
    )
    submit = CellField(convert=checked(_yes_or_no))
    programmed_cutoff = CellField(read_decimal)

    missing_id = gettext_lazy("Falta el Id del indicador.")

    def clean(self):
        data = super().clean()
        if data.get("id") is None and not self.errors:
            self.add_error("id", str(self.missing_id))
        return data

    @property
    def submitted(self) -> bool:
        return self.cleaned_data.get("submit", "").lower() in YES_TEXTS
