"""Template filters: one-line wrappers over plan.formatting in the active language; and
the ``scrolltable`` tag, the one markup of a table that scrolls sideways."""

from functools import partial

from django import template
from django.template.base import token_kwargs
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext

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
from plan.choices import COLOUR_HEX, ComplianceColour, IndicatorSetRule, choice_label

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
    register.filter(_name, partial(choice_label, _choices))


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


class ScrollTableNode(template.Node):
    """A table in a focusable region that scrolls sideways on narrow screens."""

    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        given = {name: _resolve(value, context) for name, value in self.options.items()}
        caption_id = given.get("caption_id")
        label = given.get("label") or gettext("Tabla desplazable")
        region = (
            format_html('aria-labelledby="{}"', caption_id)
            if caption_id
            else format_html('aria-label="{}"', label)
        )
        attrs = format_html_join(
            "", ' {}="{}"', ((a, given[k]) for k, a in TABLE_ATTRS if given.get(k))
        )
        caption = given.get("caption")
        return format_html(
            '<div class="{}" tabindex="0" role="region" {}>\n<table{}>\n{}{}</table>\n</div>',
            given.get("wrap") or "table-scroll",
            region,
            attrs,
            format_html("<caption{}>{}</caption>\n", _id(caption_id), caption)
            if caption is not None
            else "",
            self.nodelist.render(context),
        )


TABLE_ATTRS = (("table_id", "id"), ("table_class", "class"))


def _resolve(expression, context):
    """An option's value; a translated literal ``_("…")`` as {% translate %} gives it: Django
    doubles its percent signs for the catalogue lookup, and they are restored here."""
    value = expression.resolve(context)
    if getattr(expression.var, "translate", False):  # as django.templatetags.i18n does
        value = str(value)  # the lazy translation: safe, as the literal it translates
        is_safe = isinstance(value, SafeData)
        value = value.replace("%%", "%")
        value = mark_safe(value) if is_safe else value  # noqa: S308  # nosec B308 B703
    return value


def _id(value) -> str:
    return format_html(' id="{}"', value) if value else ""


@register.tag
def scrolltable(parser, token):
    """``{% scrolltable caption=… caption_id=… label=… table_id=… table_class=… wrap=… %}``
    <thead>…</tbody> ``{% endscrolltable %}``: every option is optional. With
    ``caption_id`` the region is labelled by the caption, else by ``label`` (by default
    «Tabla desplazable»); ``wrap`` is the region's class (``table-scroll`` by default)."""
    bits = token.split_contents()[1:]
    options = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(f"scrolltable takes only name=value options: {bits}")
    nodelist = parser.parse(("endscrolltable",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, options)
