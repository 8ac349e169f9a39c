"""Numbers as people write them in Colombia (pure; no Django).

es-CO, the default: the comma is the decimal separator and the dot groups thousands.

    "4.155.036" -> 4155036      "22,98" -> 22.98      "22,98 %" -> 22.98
    "0,30"      -> 0.30         "1.500" -> 1500       "1.500,5" -> 1500.5
    "1,5"       -> 1.5          "1,500" -> 1.5 (a comma is always decimal)

How a dot is read: a dot followed by exactly three digits (and grouping a whole number
correctly: 1-3 digits, then groups of 3) is a thousands separator. Any other dot ("1.5",
"0.30", "22.98", "1.5000") is *ambiguous* — someone used the English decimal point — and is
rejected with a message asking for a comma, instead of being guessed. English ("en") swaps the
two separators. Negative values, letters, several commas and badly grouped thousands are
rejected. Magnitudes are stored with 4 decimals, so more decimals are rejected, not rounded.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_DECIMALS = 4

# Largest sensible magnitude for each unit of measure (indicators.choices.Unit). A percent
# magnitude is a number of percent points of something (coverage, progress of a product): it
# cannot pass 100. Days are days in a year. Anything larger is a typing slip.
MAGNITUDE_LIMITS = {
    "percent": Decimal(100),
    "index_points": Decimal(1000),
    "days": Decimal(366),
    "number": Decimal("1e12"),
    "pesos": Decimal("1e16"),
}

SPACES = "\u00a0\u202f\u2009 \t"


class NumberError(ValueError):
    """A value that is not a number as written in Colombia; the message is for the user."""


def _grouped(whole: str, sep: str) -> str | None:
    """'4.155.036' -> '4155036'; None when the groups are not 1-3 digits then threes."""
    parts = whole.split(sep)
    if not parts[0] or len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:]):
        return None
    if not all(p.isdigit() for p in parts):
        return None
    return "".join(parts)


def parse_number(
    text: str | None, *, language: str = "es", allow_percent: bool = True
) -> Decimal | None:
    """The Decimal a person meant, or None for an empty value; NumberError when unsure."""
    if text is None:
        return None
    raw = str(text).strip(SPACES)
    if not raw:
        return None
    decimal_sep, thousands_sep = (".", ",") if (language or "es")[:2] == "en" else (",", ".")
    value = _unsigned(raw, allow_percent)
    if value.count(decimal_sep) > 1:
        raise NumberError(
            _("«%(raw)s» tiene más de un separador decimal «%(sep)s».")
            % {"raw": raw, "sep": decimal_sep}
        )
    whole, __, fraction = value.partition(decimal_sep)
    if thousands_sep in fraction:
        raise NumberError(
            _("«%(raw)s»: el separador de miles «%(sep)s» va antes de los decimales.")
            % {"raw": raw, "sep": thousands_sep}
        )
    if thousands_sep in whole:
        whole = _ungrouped(raw, whole, fraction, decimal_sep, thousands_sep)
    if not whole:
        whole = "0"
    if fraction == "" and decimal_sep in value:
        raise NumberError(_("«%(raw)s»: faltan las cifras después de la coma.") % {"raw": raw})
    if len(fraction) > MAX_DECIMALS:
        raise NumberError(
            _("«%(raw)s» tiene más de %(n)s decimales.") % {"raw": raw, "n": MAX_DECIMALS}
        )
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only digits
        raise NumberError(_("«%(raw)s» no es un número.") % {"raw": raw}) from None


def _unsigned(raw: str, allow_percent: bool) -> str:
    """``raw`` without its percent sign and plus sign: digits and separators only."""
    value = raw
    if value.endswith("%"):
        if not allow_percent:
            raise NumberError(
                _("«%(raw)s»: escriba solo el número, sin el signo %%.") % {"raw": raw}
            )
        value = value[:-1].strip(SPACES)
    if value.startswith("+"):
        value = value[1:]
    if value.startswith("-") or value.startswith("−"):
        raise NumberError(_("«%(raw)s»: no se admiten valores negativos.") % {"raw": raw})
    if not value or not re.fullmatch(r"[0-9.,]+", value):
        raise NumberError(
            _(
                "«%(raw)s» no es un número. Escriba solo cifras, con coma para los decimales "
                "(por ejemplo 4.155.036 o 22,98)."
            )
            % {"raw": raw}
        )
    return value


def _ungrouped(raw: str, whole: str, fraction: str, decimal_sep: str, thousands_sep: str) -> str:
    """The digits of a whole part written with thousands separators, or NumberError."""
    digits = _grouped(whole, thousands_sep)
    if digits is not None:
        return digits
    if decimal_sep == "," and whole.count(".") == 1 and not fraction:
        suggestion = whole.replace(".", ",")
        raise NumberError(
            _(
                "«%(raw)s» es ambiguo: en Colombia el punto separa los miles. Si es un "
                "número con decimales, escríbalo con coma: %(suggestion)s."
            )
            % {"raw": raw, "suggestion": suggestion}
        )
    raise NumberError(
        _("«%(raw)s»: los miles se separan en grupos de tres cifras (por ejemplo 4.155.036).")
        % {"raw": raw}
    )


def magnitude_problem(value: Decimal, unit: str) -> str | None:
    """A Spanish message when ``value`` is absurd for the unit of measure, else None."""
    if value < 0:
        return _("No se admiten valores negativos.")
    limit = MAGNITUDE_LIMITS.get(unit)
    if limit is not None and value > limit:
        if unit == "percent":
            return _(
                "Un porcentaje no puede ser mayor que 100. Escriba los puntos porcentuales "
                "(22,98 para 22,98 %)."
            )
        if unit == "days":
            return _("Un número de días no puede ser mayor que 366.")
        return _("El valor es demasiado grande para la unidad de medida del indicador.")
    if -value.as_tuple().exponent > MAX_DECIMALS:
        return _("El valor tiene más de %(n)s decimales.") % {"n": MAX_DECIMALS}
    return _column_problem(value)


def _column_problem(value: Decimal) -> str | None:
    """The same column limit as every other entry of a magnitude (plan.validation)."""
    from indicators.models import Measurement
    from indicators.validation import field_problems

    problems = field_problems(Measurement, "executed", value)
    return problems[0] if problems else None


def format_for_input(value: Decimal | None, language: str = "es") -> str:
    """A stored magnitude as a person would type it back: 4.155.036 · 0,05 · 22,98."""
    from plan.formatting import format_number

    if value is None:
        return ""
    exponent = Decimal(value).normalize().as_tuple().exponent
    decimals = min(max(0, -exponent), MAX_DECIMALS)
    return format_number(value, decimals, language)
