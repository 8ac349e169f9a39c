"""plan.fast_html writes what Django's format_html and format_html_join write."""

from decimal import Decimal

import pytest
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from plan import fast_html

VALUES = [
    "Entidad & «Sector» <b>",
    "comillas \" y ' sueltas",
    mark_safe('<span class="zone">Alto</span>'),  # noqa: S308  # nosec B308 B703: a test value
    gettext_lazy("Sin sector"),
    Decimal("22.98"),
    4155036,
    None,
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_a_value_is_escaped_as_django_escapes_it(value):
    assert fast_html.escaped(value) == conditional_escape(value)


def test_rows_and_one_write_what_format_html_writes():
    markup = '<tr><td title="{}">{}</td></tr>'
    pairs = [(a, b) for a in VALUES for b in VALUES]
    assert fast_html.rows(markup, pairs) == format_html_join("", markup, pairs)
    assert fast_html.rows(markup, pairs, " · ") == format_html_join(" · ", markup, pairs)
    for a, b in pairs:
        assert fast_html.one(markup, a, b) == format_html(markup, a, b)
    written = fast_html.rows(markup, [("<x>", "y")])
    assert written == '<tr><td title="&lt;x&gt;">y</td></tr>' and hasattr(written, "__html__")
