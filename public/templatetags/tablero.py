"""Template filters: one-line wrappers over plan.formatting in the active language."""

from functools import partial

from django import template
from django.utils.translation import get_language

from indicators import explain
from indicators.choices import (
    STATUS_HEX,
    Annualization,
    GoalKind,
    IndicatorStatus,
    MeasurementStatus,
)
from indicators.choices import Unit as MeasureUnit
from plan import formatting, roles
from plan.choices import COLOUR_HEX, ComplianceColour, IndicatorSetRule

register = template.Library()


@register.filter
def number(value, decimals=0):
    return formatting.format_number(value, int(decimals), get_language())


@register.filter
def magnitude(value):
    return formatting.format_magnitude(value, get_language())


@register.filter
def percent(value, decimals=2):
    return formatting.format_percent(value, int(decimals), get_language())


@register.filter
def millions(value):
    return formatting.format_money_millions(value, get_language())


@register.filter
def dmy(value):
    return formatting.format_date(value)


# --- Labels and colours of codes (choices keep their colours beside them) ---------------


def _label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value or ""


# A code as people read it, one filter per kind of code: ``{{ code|status_label }}``.
LABEL_FILTERS = {
    "colour_label": ComplianceColour,
    "status_label": IndicatorStatus,
    "report_status_label": MeasurementStatus,  # a measurement's review status (draft ...)
    "unit_label": MeasureUnit,
    "goal_kind_label": GoalKind,
    "annualization_label": Annualization,
    "rule_label": IndicatorSetRule,
}
for _name, _choices in LABEL_FILTERS.items():
    register.filter(_name, partial(_label, _choices))


@register.filter
def colour_hex(value):
    return COLOUR_HEX.get(value, COLOUR_HEX["grey"])


@register.filter
def status_hex(value):
    return STATUS_HEX.get(value, STATUS_HEX["not_programmed"])


@register.filter
def reason_label(value):
    return explain.reason_label(value)


@register.filter
def can_view_internal(user):
    return roles.can_view_internal(user)
