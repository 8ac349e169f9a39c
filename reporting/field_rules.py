"""The model's rules on a form field (issue 16): one validator per value, whether it is typed
in a web form or read from a workbook.

A ModelForm field carries Django's form validators (``DecimalValidator``, ``MaxLengthValidator``
...) and checks the model field's own (the column limits and rules of plan.validation) only
later, in ``_post_clean``: the same too-big weight was told «Asegúrese de que no haya más de 3
dígitos...» on the page and «El valor es demasiado grande...» in the workbook. ``ModelRule``
puts the model field's complete check (``indicators.validation.field_problems``: length, column
range, choices, the field's validators, the Spanish messages first) on the form field instead,
so the page, the workbook rows (reporting.row_forms) and the admin say the same thing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible

from indicators import validation


@deconstructible
class ModelRule:
    """A form-field validator: ``model.field_name``'s own check, its first message."""

    def __init__(self, model, field_name: str):
        self.model = model
        self.field_name = field_name

    def __call__(self, value):
        problems = validation.field_problems(self.model, self.field_name, value)
        if problems:
            raise ValidationError(problems[0], code="model_rule")

    def __eq__(self, other):
        return isinstance(other, ModelRule) and (self.model, self.field_name) == (
            other.model,
            other.field_name,
        )


def model_rules(model_field, **kwargs):
    """``formfield_callback`` of a ModelForm: the form field of ``model_field``, validated by
    the model's rule (its form-level duplicates dropped, the refusal of NUL characters kept,
    the widget left as it is)."""
    form_field = model_field.formfield(**kwargs)
    if form_field is not None and model_field.concrete and not model_field.is_relation:
        kept = [v for v in form_field.validators if isinstance(v, ProhibitNullCharactersValidator)]
        form_field.validators = [ModelRule(model_field.model, model_field.name), *kept]
    return form_field
