"""Colombian number, percent, money and date formats (pure; es-CO by default, en second).

es: 4.155.036 · 22,98% · $20.149 millones · 31/03/2026
en: 4,155,036 · 22.98% · $20,149 million · 31/03/2026

The one formatting system of the product: figures are rounded half up from their Decimal
(Django's number_format would cut them). Django's own localisation (config/formats/es and
en: forms, the admin, a bare ``{{ value }}``) is a thin use of the constants below, so both
print the same separators and dates.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

SEPARATORS = {"es": (",", "."), "en": (".", ",")}  # (decimal, thousands)
GROUPING = 3  # digits per thousands group
MILLION = Decimal(1_000_000)
DATE_PATTERN = "%d/%m/%Y"  # 31/03/2026
# The same formats in Django's notation, for config/formats.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = [DATE_PATTERN, "%Y-%m-%d"]


def _separators(language: str | None) -> tuple[str, str]:
    return SEPARATORS.get((language or "es")[:2], SEPARATORS["es"])


def format_number(value: Decimal | int | None, decimals: int = 0, language: str = "es") -> str:
    """Rounded half up, grouped by thousands; ``None`` gives an empty string."""
    if value is None:
        return ""
    decimal_sep, thousands_sep = _separators(language)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups = []
    while len(whole) > GROUPING:
        groups.insert(0, whole[-GROUPING:])
        whole = whole[:-GROUPING]
    groups.insert(0, whole)
    text = thousands_sep.join(groups)
    if decimals > 0:
        text += decimal_sep + fraction
    return sign + text


def format_magnitude(value: Decimal | None, language: str = "es") -> str:
    """A magnitude with as many decimals as it needs (up to 2): 4.155.036; 0,64; 60,67."""
    if value is None:
        return ""
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return format_number(value, decimals, language)


def format_percent(value: Decimal | None, decimals: int = 2, language: str = "es") -> str:
    """22,98% (no space, as the planning office publishes)."""
    if value is None:
        return ""
    return format_number(value, decimals, language) + "%"


def format_money_millions(pesos: Decimal | None, language: str = "es") -> str:
    """$20.149 millones."""
    if pesos is None:
        return ""
    word = "million" if (language or "es").startswith("en") else "millones"
    return f"${format_number(Decimal(pesos) / MILLION, 0, language)} {word}"


def format_date(value: datetime.date | None) -> str:
    return value.strftime(DATE_PATTERN) if value else ""
