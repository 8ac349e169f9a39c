import datetime
from decimal import Decimal as D

import pytest

from plan import formatting as f


def test_colombian_thousands_and_decimal_comma():
    assert f.format_number(D(4155036)) == "4.155.036"
    assert f.format_percent(D("22.98")) == "22,98%"
    assert f.format_percent(D("266.6666")) == "266,67%"


def test_english_uses_point_and_comma():
    assert f.format_number(D(4155036), language="en") == "4,155,036"
    assert f.format_percent(D("22.98"), language="en") == "22.98%"


def test_rounds_half_up():
    assert f.format_percent(D("82.485")) == "82,49%"
    assert f.format_number(D("0.5")) == "1"


def test_negative_numbers_keep_their_sign():
    assert f.format_number(D("-1234.5"), 1) == "-1.234,5"


def test_money_in_millions():
    assert f.format_money_millions(D("20149000000")) == "$20.149 millones"
    assert f.format_money_millions(D("20149000000"), "en") == "$20,149 million"


def test_magnitudes_show_decimals_only_when_needed():
    assert f.format_magnitude(D("13200000.0000")) == "13.200.000"
    assert f.format_magnitude(D("0.6400")) == "0,64"


def test_dates_are_day_month_year():
    assert f.format_date(datetime.date(2026, 3, 31)) == "31/03/2026"


def test_none_formats_as_empty():
    assert f.format_number(None) == f.format_percent(None) == f.format_date(None) == ""


def test_two_places_are_the_half_up_rounding_of_the_full_precision_figure():
    from plan.formatting import format_percent

    assert format_percent(D("82.484953333")) == "82,48%"
    assert format_percent(D("82.485")) == "82,49%"  # a tie rounds up, not to even
    assert format_percent(D("96.5326")) == "96,53%"
    assert format_percent(D("0.005")) == "0,01%"


def test_a_stored_figure_is_cut_so_its_display_matches_the_full_figure():
    from plan.formatting import format_percent
    from publication.publishing import _stored

    assert _stored(D("82.484953333")) == D("82.4849")
    for value in (D("82.484953333"), D("12.344999"), D("12.345"), D("99.9999999")):
        assert format_percent(_stored(value)) == format_percent(value)


@pytest.mark.parametrize("language", ["es", "en"])
def test_djangos_localisation_prints_what_the_filters_print(language):
    """config/formats is a thin use of plan.formatting: forms, the admin and a bare
    ``{{ value }}`` show the same separators and dates as the pages' filters."""
    from django.utils import formats, translation

    day = datetime.date(2026, 3, 31)
    with translation.override(language):
        assert formats.number_format(D("4155036.50"), 2, force_grouping=True) == (
            f.format_number(D("4155036.50"), 2, language)
        )
        assert formats.localize(D("22.98")) == f.format_number(D("22.98"), 2, language)
        assert formats.date_format(day) == formats.date_format(day, "SHORT_DATE_FORMAT")
        assert formats.date_format(day) == f.format_date(day) == "31/03/2026"
    with translation.override("es"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == f.DATE_PATTERN
