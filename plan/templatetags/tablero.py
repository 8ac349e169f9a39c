"""Template filters: one-line wrappers over plan.formatting in the active language."""

from django import template
from django.utils.translation import get_language

from plan import formatting

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
