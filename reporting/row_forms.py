"""Workbook rows through Django forms (issue 16): every row of the structure workbook and of the
follow-up workbook is bound to a Form whose fields are those of the web forms that enter the
same values, so a value the page refuses is refused by the workbook with the same Spanish
message, the sheet, row and column named.

A ``CellField`` reads its cell with a reader of reporting.xlsx (formulas, dates where a number
goes and numbers written the Colombian way are told apart there), turns a label into its value
when the column holds a choice, and then cleans the value with ``like``: the field of the web
form (reporting.setup_forms, reporting.forms), which carries the model's own rule
(reporting.field_rules). A ``RowForm`` holds the raw cells of one row by field name and gives
its errors back as WorkbookErrors.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.forms import DeclarativeFieldsMetaclass

from reporting import xlsx
from reporting.xlsx import CellError, WorkbookError

EMPTY = (None, "")


class CellField(forms.Field):
    """One cell: ``reader`` (cell -> value), then ``convert`` (value -> value, e.g. a Spanish
    label -> its choice), then, for a non-empty value, ``like.clean`` (the web form field's
    checks and messages) and the field's own ``validators``. An empty cell is refused with
    ``missing`` when given, else kept empty ("" for text, None otherwise)."""

    widget = forms.HiddenInput

    def __init__(
        self,
        reader: Callable = xlsx.read_text,
        *,
        like: forms.Field | None = None,
        convert: Callable | None = None,
        missing: str | None = None,
        **kwargs,
    ):
        super().__init__(required=False, **kwargs)
        self.reader, self.like, self.convert, self.missing = reader, like, convert, missing

    def clean(self, value):
        try:
            value = self.reader(value)
            if self.convert is not None:
                value = self.convert(value)
        except CellError as error:
            raise ValidationError(str(error)) from None
        if value in EMPTY:
            if self.missing:
                raise ValidationError(str(self.missing))
            return value
        if self.like is not None:
            self.like.clean(value)
        self.run_validators(value)
        return value


def choice(mapping: dict[str, str], message: Callable[[str], str]) -> Callable:
    """A ``convert`` of a choice column: the value of a spelling (reporting.structure_workbook
    ._choices), CellError(message(text)) for any other text, an empty cell included."""

    def convert(text: str) -> str:
        value = mapping.get(text.lower())
        if value is None:
            raise CellError(str(message(text)))
        return value

    return convert


def checked(check: Callable) -> Callable:
    """A ``convert`` that only checks: ``check(value)`` raises CellError; empty cells pass."""

    def convert(value):
        if value not in EMPTY:
            check(value)
        return value

    return convert


class SharedFields(dict):
    """The fields of a RowForm class, shared by all its rows instead of deep-copied for each
    (a CellField keeps no state and no row changes it): 10.000 rows, 10.000 copies saved."""

    def __deepcopy__(self, memo):
        return self


class RowFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = SharedFields(new_class.base_fields)
        return new_class


class RowForm(forms.Form, metaclass=RowFormMetaclass):
    """One workbook row: ``data`` are the row's cells (or streamed values) by field name. The
    fields are shared between rows: a form that needs others assigns a new ``self.fields``."""

    headers: dict[str, str] = {}  # field name -> column header

    def order_fields(self, field_order):
        if field_order is not None:  # Django pops the fields it orders: keep the shared ones
            self.fields = dict(self.fields)
        super().order_fields(field_order)

    def workbook_errors(self, sheet: str, row: int | None, columns: dict[str, int]):
        """The form's errors, each naming the sheet, the row and the column of its field (an
        error of the whole row names no column)."""
        found = []
        for name, messages in self.errors.items():
            header = self.headers.get(name) if name != NON_FIELD_ERRORS else None
            column = xlsx.column_name(columns[header], header) if header in columns else ""
            found += [WorkbookError(sheet, row, column, str(m)) for m in messages]
        return found

    def refuse(self, name: str, message: str) -> None:
        """An error of one cell found after the form was cleaned (a repeated row)."""
        self.add_error(name, str(message))
