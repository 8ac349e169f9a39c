"""The workbook's progress formulas are generated from the engine's description of the rule
(indicators.compliance.PROGRESS_RULES) and give what the engine computes (pure)."""

import operator
import re
from decimal import Decimal as D

import pytest

from indicators import compliance as engine
from reporting.workbook_export import EXCEL_CONDITIONS, EXCEL_VALUES, progress_formula


def _split_arguments(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current += char
    return [*parts, current]


OPERATORS = {
    "<=": operator.le,
    ">=": operator.ge,
    "=": operator.eq,
    ">": operator.gt,
    "/": operator.truediv,
}


def evaluate(formula: str, cells: dict[str, D | None]):
    """A spreadsheet's reading of the generated formulas (IF, AND, ISNUMBER, N, comparisons,
    + - * /), lazy in IF's branches as a spreadsheet is."""
    text = formula.removeprefix("=")
    call = re.fullmatch(r"(IF|AND|ISNUMBER|N)\((.*)\)", text)
    if call:
        name, args = call.group(1), _split_arguments(call.group(2))
        if name == "IF":
            return evaluate(args[1] if evaluate(args[0], cells) else args[2], cells)
        if name == "AND":
            return all(evaluate(a, cells) for a in args)
        value = evaluate(args[0], cells)
        if name == "ISNUMBER":
            return value is not None
        return value if value is not None else D(0)  # N()
    if text == '""':
        return ""
    for symbol in ("<=", ">=", "=", ">", "/"):
        left, found, right = text.partition(symbol)
        if found:
            return OPERATORS[symbol](evaluate(left, cells), evaluate(right, cells))
    if text in cells:
        return cells[text]
    return D(text)


VALUES = [None, D(0), D("0.5"), D(3), D(8)]


@pytest.mark.parametrize("direction", [engine.HIGHER, engine.LOWER])
@pytest.mark.parametrize("executed", VALUES)
@pytest.mark.parametrize("programmed", VALUES)
def test_the_formula_gives_the_engines_progress(direction, executed, programmed):
    formula = progress_formula(2, direction)
    cells = {"K2": executed, "J2": programmed}
    figures = engine.IndicatorFigures(
        1, direction=direction, programmed_cutoff=programmed, executed=executed
    )
    expected = engine.progress_at_cutoff(figures)
    got = evaluate(formula, cells)
    if expected is None:
        assert got == ""
    else:
        assert got * 100 == expected


def test_the_formulas_read_as_before_for_higher_and_with_the_edges_for_lower():
    assert progress_formula(2, engine.HIGHER) == '=IF(AND(ISNUMBER(K2),N(J2)>0),K2/J2,"")'
    assert progress_formula(7, engine.LOWER) == (
        '=IF(AND(ISNUMBER(K7),ISNUMBER(J7),J7>=0),IF(K7<=0,1,IF(J7=0,0,J7/K7)),"")'
    )


def test_every_case_of_the_rule_has_a_spreadsheet_form():
    for rule in engine.PROGRESS_RULES.values():
        *cases, (last_condition, last_value) = rule.cases
        assert last_condition == engine.OTHERWISE
        assert last_value in EXCEL_VALUES
        for condition, value in cases:
            assert condition in EXCEL_CONDITIONS and value in EXCEL_VALUES
