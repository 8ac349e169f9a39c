"""Rows of markup filled with escaped values, for the pages that write a page of rows at once.

``format_html_join`` escapes each value through ``conditional_escape``, a lazy-aware wrapper,
and formats each row through ``format_html``: about 40 Python calls a value. The lists at
district scale write hundreds of values a page (issue 15); ``rows`` escapes each value exactly
as Django does (``html.escape`` of its text, ``__html__`` for safe strings) and formats each
row with ``str.format``, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe


def escaped(value) -> str:
    """``value`` as Django's ``conditional_escape`` writes it."""
    html = getattr(value, "__html__", None)
    return html() if html is not None else escape(str(value))


def rows(markup: str, values: Iterable[Iterable], separator: str = "") -> SafeString:
    """``markup`` (with ``{}`` fields) filled with each item of ``values``, escaped, joined
    by ``separator`` (markup as well)."""
    return mark_safe(  # noqa: S308  # nosec B308 B703: every value is escaped
        separator.join(markup.format(*map(escaped, row)) for row in values)
    )


def one(markup: str, *values) -> SafeString:
    """``format_html(markup, *values)``, without its wrappers."""
    return mark_safe(markup.format(*map(escaped, values)))  # noqa: S308  # nosec B308 B703
