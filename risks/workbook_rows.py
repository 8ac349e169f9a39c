"""Risk-map workbook import: parsing rows into checked values (no database)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from plan import validation
from risks import assessment as calc
from risks.choices import (
    RiskKind,
    Treatment,
)
from risks.workbook_columns import (
    ACTION_COLUMNS,
    ACTION_SHEET,
    CONTROL_CHOICES,
    CONTROL_FIELDS,
    HEAD,
    RISK_SHEET,
    TAIL,
    normalise,
)

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


def _parse_risk_row(number, row, columns, control_columns, methodology, lookups):
    errors = []

    def get(key):
        return _cell(row, columns, key)

    year_text = _text(get("year"))
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    if year is None:
        errors.append(_("La vigencia «%(value)s» no es un año.") % {"value": year_text})
    code = _text(get("code"))
    if not code:
        errors.append(_("Falta el código del riesgo."))
    elif len(code) > 30:
        errors.append(_("El código tiene más de 30 caracteres."))
    kind = _choice(RiskKind, get("kind"))
    if kind is None:
        errors.append(
            _("El tipo de riesgo «%(value)s» no es Gestión ni Corrupción.")
            % {"value": _text(get("kind"))}
        )
    name = _text(get("name"))
    if not name:
        errors.append(_("Falta la descripción del riesgo."))
    process_text, project_text = _text(get("process")), _text(get("project"))
    process_id = project_id = None
    if bool(process_text) == bool(project_text):
        errors.append(_("Indique un proceso o un proyecto de inversión, no ambos ni ninguno."))
    elif process_text:
        process_id = lookups.processes.get(normalise(process_text))
        if process_id is None:
            errors.append(_("El proceso «%(value)s» no existe.") % {"value": process_text})
    else:
        project_id = lookups.projects.get(project_text)
        if project_id is None:
            errors.append(
                _("El proyecto de inversión «%(value)s» no existe.") % {"value": project_text}
            )
    unit_text = _text(get("unit"))
    unit_id = lookups.units.get(normalise(unit_text))
    if unit_id is None:
        errors.append(
            _("La dependencia «%(value)s» no existe.") % {"value": unit_text}
            if unit_text
            else _("Falta la dependencia responsable.")
        )
    frequency = None
    try:
        value = parse_decimal(get("frequency"))
        if value is None or value < 0 or value != value.to_integral_value():
            raise ValueError
        frequency = int(value)
    except ValueError:
        errors.append(
            _("La frecuencia «%(value)s» debe ser un número entero de veces al año.")
            % {"value": _text(get("frequency"))}
        )
    else:  # the same column limit as the assessment form (plan.validation)
        from risks.models import Assessment

        errors += validation.field_problems(Assessment, "exposure_frequency", frequency)[:1]
    economic = reputational = None
    answers: tuple[int, ...] = ()
    if kind == RiskKind.MANAGEMENT:
        try:
            economic = parse_decimal(get("economic"))
        except ValueError:
            errors.append(
                _("La afectación económica «%(value)s» no es un número.")
                % {"value": _text(get("economic"))}
            )
        reputational_text = _text(get("reputational"))
        if reputational_text:
            reputational = lookups.impact_by_name.get(normalise(reputational_text))
            if reputational is None:
                errors.append(
                    _("La pérdida reputacional «%(value)s» no es un nivel de impacto.")
                    % {"value": reputational_text}
                )
    elif kind == RiskKind.CORRUPTION:
        answers_text = _text(get("answers"))
        parts = [p for p in re.split(r"[,;\s]+", answers_text) if p]
        if not all(p.isdigit() for p in parts):
            errors.append(
                _("Las preguntas con «sí» deben ser números separados por comas: «%(value)s».")
                % {"value": answers_text}
            )
        else:
            answers = tuple(int(p) for p in parts)
    controls = []
    for k in sorted(control_columns):
        cells = {key: _cell(row, control_columns[k], key) for key, _label in CONTROL_FIELDS}
        if all(_text(v) == "" for v in cells.values()):
            continue
        description = _text(cells["description"])
        if not description:
            errors.append(_("El control %(n)s no tiene descripción.") % {"n": k})
        attributes = {}
        for key, enum in CONTROL_CHOICES.items():
            text = _text(cells.get(key))
            if not text and key in ("documentation", "frequency", "evidence"):
                attributes[key] = enum.choices[0][0]
                continue
            code_value = _choice(enum, text)
            if code_value is None:
                label = dict(CONTROL_FIELDS)[key]
                errors.append(
                    _("El control %(n)s tiene %(field)s «%(value)s», que no es una opción válida.")
                    % {"n": k, "field": label, "value": text}
                )
            else:
                attributes[key] = code_value
        controls.append(ParsedControl(description, _text(cells["responsible"]), attributes))
    treatment_text = _text(get("treatment"))
    treatment = ""
    if treatment_text:
        treatment = _choice(Treatment, treatment_text) or ""
        if not treatment:
            errors.append(
                _("El tratamiento «%(value)s» no es Reducir, Evitar, Compartir ni Aceptar.")
                % {"value": treatment_text}
            )
    if errors:
        return None, errors
    parsed = ParsedRisk(
        row=number,
        year=year,
        code=code,
        kind=kind,
        name=name,
        impact_description=_text(get("impact_description")),
        immediate_cause=_text(get("immediate_cause")),
        root_cause=_text(get("root_cause")),
        process_id=process_id,
        project_id=project_id,
        unit_id=unit_id,
        frequency=frequency,
        economic=economic,
        reputational=reputational,
        answers=answers,
        controls=controls,
        treatment=treatment,
        treatment_justification=_text(get("treatment_justification")),
        existing_id=lookups.existing.get((year, code)),
    )
    try:
        parsed.evaluation = calc.evaluate(
            methodology,
            kind,
            [calc.Control(c.attributes, c.description) for c in controls],
            frequency=frequency,
            economic_smlmv=economic,
            reputational=reputational,
            yes_answers=answers,
        )
    except calc.AssessmentError as error:
        return None, [str(error.message)]
    return parsed, []


def _parse_actions(rows, result: ParseResult) -> None:
    if not rows:
        return
    known = {normalise(h): key for key, h in ACTION_COLUMNS}
    columns = {known[normalise(h)]: i for i, h in enumerate(rows[0]) if normalise(h) in known}
    missing = [h for key, h in ACTION_COLUMNS if key not in columns and key != "evidence"]
    if missing:
        result.errors.append(
            RowError(
                ACTION_SHEET,
                1,
                _("Faltan las columnas: %(columns)s.") % {"columns": ", ".join(missing)},
            )
        )
        return
    by_key = {(r.year, r.code): r for r in result.risks}
    for number, row in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in row):
            continue

        def get(key, row=row):
            return _cell(row, columns, key)

        errors = []
        code, year_text = _text(get("risk_code")), _text(get("year"))
        risk = by_key.get((int(year_text), code)) if year_text.isdigit() else None
        if risk is None:
            errors.append(
                _("El riesgo %(code)s de %(year)s no está en la hoja «%(sheet)s».")
                % {"code": code, "year": year_text, "sheet": RISK_SHEET}
            )
        description = _text(get("description"))
        if not description:
            errors.append(_("Falta la actividad."))
        responsible = _text(get("responsible"))
        if not responsible:
            errors.append(_("Falta el responsable de la actividad."))
        dates = {}
        for key in ("start_date", "end_date"):
            try:
                dates[key] = parse_date(get(key))
                if dates[key] is None:
                    raise ValueError
            except ValueError:
                errors.append(
                    _("La fecha «%(value)s» no es una fecha dd/mm/aaaa.")
                    % {"value": _text(get(key))}
                )
        if len(dates) == 2 and dates["end_date"] and dates["start_date"]:
            if dates["end_date"] < dates["start_date"]:
                errors.append(_("La fecha de terminación es anterior a la de inicio."))
        progress = Decimal(0)
        try:
            progress = parse_decimal(get("progress")) or Decimal(0)
            if not Decimal(0) <= progress <= Decimal(100):
                raise ValueError
        except ValueError:
            errors.append(
                _("El avance «%(value)s» debe ser un porcentaje entre 0 y 100.")
                % {"value": _text(get("progress"))}
            )
        if errors:
            result.errors += [RowError(ACTION_SHEET, number, e) for e in errors]
            continue
        risk.actions.append(
            ParsedAction(
                number,
                description,
                responsible,
                dates["start_date"],
                dates["end_date"],
                progress,
                _text(get("evidence")),
            )
        )
