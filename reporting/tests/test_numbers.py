"""Numbers as people write them in Colombia (pure: no database)."""

from decimal import Decimal as D

import pytest

from reporting.numbers import NumberError, format_for_input, magnitude_problem, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4.155.036", D("4155036")),
        ("22,98", D("22.98")),
        ("22,98 %", D("22.98")),
        ("22,98%", D("22.98")),
        ("0,30", D("0.30")),
        ("0,05", D("0.05")),
        ("1.500", D("1500")),  # a dot followed by exactly three digits groups thousands
        ("1.500,5", D("1500.5")),
        ("1,5", D("1.5")),
        ("1,500", D("1.5")),  # a comma is always the decimal separator
        ("  3\u00a0", D("3")),
        ("+7", D("7")),
        ("0", D("0")),
        (",5", D("0.5")),
        ("13.200.000,00", D("13200000")),
    ],
)
def test_it_reads_colombian_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_value_is_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "1.5",
            "es ambiguo: en Colombia el punto separa los miles. Si es un número con "
            "decimales, escríbalo con coma: 1,5",
        ),
        ("0.30", "escríbalo con coma: 0,30"),
        ("22.98", "es ambiguo"),
        ("1.5000", "es ambiguo"),
        ("-3", "no se admiten valores negativos"),
        ("−3", "no se admiten valores negativos"),
        ("abc", "no es un número"),
        ("12 mil", "no es un número"),
        ("1,2,3", "más de un separador decimal"),
        ("12.34.567", "grupos de tres cifras"),
        ("1.234,5.6", "va antes de los decimales"),
        ("5,", "faltan las cifras después de la coma"),
        ("0,12345", "más de 4 decimales"),
        ("%", "no es un número"),
    ],
)
def test_it_rejects_garbage_and_ambiguity_with_a_spanish_message(text, message):
    with pytest.raises(NumberError) as error:
        parse_number(text)
    assert message in str(error.value)


def test_percent_sign_can_be_refused():
    with pytest.raises(NumberError, match="sin el signo %"):
        parse_number("22,98 %", allow_percent=False)


def test_english_swaps_the_separators():
    assert parse_number("4,155,036.5", language="en") == D("4155036.5")
    with pytest.raises(NumberError):
        parse_number("1,5", language="en")


@pytest.mark.parametrize(
    "value, unit, problem",
    [
        (D("100"), "percent", None),
        (D("100.01"), "percent", "no puede ser mayor que 100"),
        (D("367"), "days", "mayor que 366"),
        (D("2e12"), "number", "demasiado grande"),
        (D("3500000"), "number", None),
        (D("0.12345"), "number", "más de 4 decimales"),
    ],
)
def test_absurd_values_for_the_unit(value, unit, problem):
    result = magnitude_problem(value, unit)
    assert (result is None) if problem is None else (problem in result)


@pytest.mark.parametrize(
    "value, text", [(D("4155036"), "4.155.036"), (D("0.0500"), "0,05"), (D("22.98"), "22,98")]
)
def test_stored_values_are_written_back_as_typed(value, text):
    assert format_for_input(value) == text
    assert parse_number(text) == value
