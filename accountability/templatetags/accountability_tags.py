"""Template filters of the accountability pages: one-line wrappers over plan.formatting."""

from django import template
from django.utils.translation import get_language

from plan import formatting

register = template.Library()


@register.filter
def share(value):
    """A share with as many decimals as it needs: 48% · 33,33%."""
    text = formatting.format_magnitude(value, get_language())
    return f"{text}%" if text else ""
