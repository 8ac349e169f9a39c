"""Risk-map workbook import: the parsed values, and reading cells (no database).

The rows themselves are checked by the web's forms: ``risks.workbook_risk_rows`` and
``risks.workbook_action_rows``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from risks import assessment as calc
from risks.choices import Treatment
from risks.workbook_columns import CONTROL_FIELDS, HEAD, TAIL, normalise

# --- Import: parsing (no database) -----------------------------------------------------------


@dataclass(frozen=True)
class Lookups:
    """What the parser needs from the database, as plain values (all of one organisation)."""

    processes: dict[str, int]  # normalised name and number as text -> process id
    projects: dict[str, int]  # code -> project id
    units: dict[str, int]  # normalised code and name -> unit id
    existing: dict[tuple[int, str], int]  # (year, code) -> risk id
    impact_by_name: dict[str, int]  # normalised impact level name -> position
    with_actions: frozenset[int] = frozenset()  # ids of risks that have action-plan activities


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # 0: the whole sheet
    message: str
    column: str = ""  # the header of the refused cell, when the message does not name it


class RowProblems:
    """The errors of one row: translation messages of our own, then the forms' messages, each
    under the header of its column (the same Spanish text as on the web page)."""

    def __init__(self, sheet: str, row: int):
        self.sheet, self.row = sheet, row
        self.errors: list[RowError] = []
        self.translated: set[str] = set()  # form fields already refused by our own message

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, message: str, column: str = "", field: str | None = None) -> None:
        self.errors.append(RowError(self.sheet, self.row, str(message), column))
        if field:
            self.translated.add(field)

    def add_form(self, form, headers: dict[str, str], prefix: str = "") -> bool:
        """The form's first error of each field (the narrowest limit: plan.validation puts it
        first), skipping the fields refused before by our own message; True if valid."""
        for name, messages in form.errors.items():
            if prefix + name not in self.translated:
                self.add(messages[0], headers.get(name, ""))
        return form.is_valid()


@dataclass
class ParsedControl:
    description: str
    responsible: str
    attributes: dict[str, str]


@dataclass
class ParsedAction:
    row: int
    description: str
    responsible: str
    start_date: datetime.date
    end_date: datetime.date
    progress: Decimal
    evidence: str


@dataclass
class ParsedRisk:
    row: int
    year: int
    code: str
    kind: str
    name: str
    impact_description: str
    immediate_cause: str
    root_cause: str
    process_id: int | None
    project_id: int | None
    unit_id: int
    frequency: int
    economic: Decimal | None
    reputational: int | None
    answers: tuple[int, ...]
    controls: list[ParsedControl]
    treatment: str
    treatment_justification: str
    evaluation: calc.Evaluation | None = None
    existing_id: int | None = None
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParseResult:
    risks: list[ParsedRisk] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    has_action_sheet: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.risks)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_decimal(value) -> Decimal | None:
    """Numbers as Excel stores them, or typed the Colombian way (1.234,5) or the plain way."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _text(value).replace(" ", "").rstrip("%")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None


def parse_date(value) -> datetime.date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _choice(enum, value) -> str | None:
    """The code of a TextChoices from its Spanish label or its code."""
    wanted = normalise(value)
    for code, label in enum.choices:
        if wanted in (normalise(code), normalise(label)):
            return code
    if enum is Treatment:  # «Reducir» for «Reducir (mitigar)», «Compartir» for «Compartir o …»
        for code, label in enum.choices:
            if normalise(label).split(" ")[0] == wanted:
                return code
    return None


def _header_map(header_row) -> tuple[dict[str, int], dict[int, dict[str, int]], list[str]]:
    """Column index of each known field; control columns by control number; unknown headers."""
    known = {normalise(h): key for key, h in HEAD + TAIL}
    control_pattern = re.compile(r"^control (\d+): (.+)$")
    control_labels = {normalise(label): key for key, label in CONTROL_FIELDS}
    columns, controls, unknown = {}, {}, []
    for index, header in enumerate(header_row):
        name = normalise(header)
        if not name:
            continue
        if name in known:
            columns[known[name]] = index
            continue
        match = control_pattern.match(name)
        if match and match.group(2) in control_labels:
            controls.setdefault(int(match.group(1)), {})[control_labels[match.group(2)]] = index
            continue
        unknown.append(_text(header))
    return columns, controls, unknown


def _rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


HEAD_ORDER = [key for key, _header in HEAD]


def _cell(row, columns, key):
    index = columns.get(key)
    return row[index] if index is not None and index < len(row) else None
