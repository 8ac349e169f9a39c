"""Property-based tests (hypothesis): whatever a person types or uploads, the number parser and
the follow-up workbook import answer with a value or a Spanish message, never a crash, and an
import writes all of a workbook or nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from indicators.models import Measurement
from reporting.importing import export_followup, run_followup_import
from reporting.numbers import MAX_DECIMALS, NumberError, format_for_input, parse_number
from reporting.tests.workbook_helpers import db_state
from reporting.workbook_export import COLUMNS, INDEX, SHEET

# --- The number parser ------------------------------------------------------------------------

NUMBERISH = st.text(alphabet="0123456789.,%+-− \u00a0eE", max_size=30)
ANY_TEXT = st.text(max_size=60)


@given(st.one_of(NUMBERISH, ANY_TEXT), st.sampled_from(["es", "en"]), st.booleans())
def test_the_parser_returns_a_number_or_a_spanish_message_never_a_crash(text, language, percent):
    try:
        value = parse_number(text, language=language, allow_percent=percent)
    except NumberError as error:
        assert str(error)  # a message for the person
        return
    if value is not None:
        assert isinstance(value, Decimal) and value.is_finite()
        assert value >= 0
        assert -value.as_tuple().exponent <= MAX_DECIMALS


MAGNITUDES = st.decimals(
    min_value=0, max_value=Decimal("1e15"), places=MAX_DECIMALS, allow_nan=False
)


@given(MAGNITUDES, st.sampled_from(["es", "en"]))
def test_what_the_form_shows_reads_back_as_the_same_number(value, language):
    assert parse_number(format_for_input(value, language), language=language) == value


@given(st.integers(min_value=1000, max_value=10**15))
def test_thousands_grouped_with_dots_are_thousands(number):
    grouped = f"{number:,}".replace(",", ".")
    assert parse_number(grouped) == number
    assert parse_number(grouped + ",5") == number + Decimal("0.5")


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_a_dot_that_cannot_be_thousands_is_refused_not_guessed(whole, fraction):
    assume(len(str(fraction)) != 3)
    with pytest.raises(NumberError):
        parse_number(f"{whole}.{fraction}")


# --- The follow-up workbook import ------------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40
)  # openpyxl cannot store control characters; Excel cannot either
CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
    TEXT,
    st.sampled_from(
        ["Sí", "No", "sí", "=1+1", "4.155.036", "22,98 %", "1.5", "-3", "0,05", "", " ", "99"]
    ),
)
KEYS = [key for key, *_rest in COLUMNS if key != "progress"]
EDIT = st.tuples(st.integers(min_value=0, max_value=30), st.sampled_from(KEYS), CELL)
EDITABLE = st.tuples(
    st.integers(min_value=0, max_value=30),
    st.sampled_from(["executed", "analysis", "submit"]),
    CELL,
)


def workbook_with(content: bytes, edits, extra_row: bool, drop_row: bool) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[SHEET]
    data_rows = sheet.max_row - 1
    for offset, key, value in edits:
        row = 2 + offset % max(data_rows, 1)
        sheet[f"{get_column_letter(INDEX[key])}{row}"] = value
    if extra_row:
        sheet.append([value for _offset, _key, value in edits][: len(COLUMNS)])
    if drop_row and data_rows > 1:
        sheet.delete_rows(2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measurements(cutoff):
    return {
        m.indicator_id: (m.executed, m.analysis, m.status)
        for m in Measurement.objects.filter(cutoff=cutoff)
    }


def check_import(content, cutoff, user):
    """Runs the import inside a savepoint that is always rolled back (each example starts
    from the same database), and checks all-or-nothing."""
    with transaction.atomic():
        before = db_state()
        plan = run_followup_import(content, cutoff, user)  # any exception fails the test
        if plan.errors:
            assert db_state() == before, "an import with errors wrote something"
            assert all(str(e) for e in plan.errors)
        else:
            stored = measurements(cutoff)
            for change in plan.writes:
                assert stored[change.indicator_id] == (
                    change.new_executed,
                    change.new_analysis,
                    change.new_status,
                ), "an import without errors left a row unwritten"
        transaction.set_rollback(True)
    return plan


PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: CI never flakes on a new one
)


@PROPERTY
@given(edits=st.lists(EDIT, min_size=1, max_size=4), extra=st.booleans(), drop=st.booleans())
def test_any_workbook_imports_whole_or_not_at_all(people, open_cutoff, edits, extra, drop):
    base = export_followup(open_cutoff, people.planner)
    check_import(workbook_with(base, edits, extra, drop), open_cutoff, people.planner)


@PROPERTY
@given(edits=st.lists(EDITABLE, min_size=1, max_size=6))
def test_a_reporter_s_edits_import_whole_or_not_at_all(people, returned_4200, edits):
    cutoff = people.cutoff
    base = export_followup(cutoff, people.reporter_a)
    check_import(workbook_with(base, edits, False, False), cutoff, people.reporter_a)


@PROPERTY
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_with_a_message(people, open_cutoff, content):
    plan = check_import(content, open_cutoff, people.planner)
    assert plan.errors


def test_the_properties_reach_both_outcomes(people, open_cutoff):
    """The generated workbooks are not all refused: a plain edit of the executed magnitude
    imports, a nonsense one is refused."""
    base = export_followup(open_cutoff, people.planner)
    good = check_import(
        workbook_with(base, [(0, "executed", "0,05")], False, False), open_cutoff, people.planner
    )
    assert not good.errors and good.writes
    bad = check_import(
        workbook_with(base, [(0, "executed", "mucho")], False, False), open_cutoff, people.planner
    )
    assert bad.errors
