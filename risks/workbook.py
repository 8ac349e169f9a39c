"""The risk-map workbook: export, and import in two steps (preview, then an atomic write).

Layout: sheet «Mapa de riesgos», one row per risk with its controls side by side («Control 1:
descripción», «Control 1: tipo» …), as planning offices keep their maps; sheet «Plan de
acción», one row per activity with the code of its risk. Computed columns (levels and zones)
are exported for reading and recomputed on import.

``parse_workbook`` reads and checks everything without touching the database (lookups come in
as plain dicts); ``apply_import`` writes a checked workbook in one transaction. A workbook with
any error is rejected whole, with every error listed by sheet and row.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from plan import validation
from plan.exports import protect_row
from reporting.ooxml import find_active_content, uncompressed_size, workbook_message
from reporting.xlsx import MAX_UNCOMPRESSED_BYTES
from risks import assessment as calc
from risks.choices import (
    ControlDocumentation,
    ControlEvidence,
    ControlFrequency,
    ControlImplementation,
    ControlType,
    RiskKind,
    RiskZone,
    Treatment,
)

RISK_SHEET = "Mapa de riesgos"
ACTION_SHEET = "Plan de acción"

# (key, header) of the risk sheet, before and after the control columns.
HEAD = [
    ("year", "Vigencia"),
    ("code", "Código"),
    ("kind", "Tipo de riesgo"),
    ("process", "Proceso"),
    ("project", "Proyecto de inversión"),
    ("unit", "Dependencia responsable"),
    ("name", "Riesgo"),
    ("impact_description", "Impacto (consecuencia)"),
    ("immediate_cause", "Causa inmediata"),
    ("root_cause", "Causa raíz"),
    ("frequency", "Frecuencia (veces al año)"),
    ("economic", "Afectación económica (SMLMV)"),
    ("reputational", "Pérdida reputacional"),
    ("answers", "Preguntas de corrupción con «sí»"),
    ("inherent_probability", "Probabilidad inherente"),
    ("inherent_impact", "Impacto inherente"),
    ("inherent_zone", "Zona inherente"),
]
CONTROL_FIELDS = [
    ("description", "descripción"),
    ("responsible", "responsable"),
    ("type", "tipo"),
    ("implementation", "implementación"),
    ("documentation", "documentación"),
    ("frequency", "frecuencia"),
    ("evidence", "evidencia"),
]
TAIL = [
    ("residual_probability_value", "Probabilidad residual (%)"),
    ("residual_probability", "Probabilidad residual"),
    ("residual_impact_value", "Impacto residual (%)"),
    ("residual_impact", "Impacto residual"),
    ("residual_zone", "Zona residual"),
    ("treatment", "Tratamiento"),
    ("treatment_justification", "Justificación del tratamiento"),
]
COMPUTED = {
    "inherent_probability",
    "inherent_impact",
    "inherent_zone",
    "residual_probability_value",
    "residual_probability",
    "residual_impact_value",
    "residual_impact",
    "residual_zone",
}
REQUIRED = {"year", "code", "kind", "unit", "name", "frequency"}
ACTION_COLUMNS = [
    ("risk_code", "Código del riesgo"),
    ("year", "Vigencia"),
    ("description", "Actividad"),
    ("responsible", "Responsable"),
    ("start_date", "Fecha de inicio"),
    ("end_date", "Fecha de terminación"),
    ("progress", "Avance (%)"),
    ("evidence", "Evidencia"),
]
CONTROL_CHOICES = {
    "type": ControlType,
    "implementation": ControlImplementation,
    "documentation": ControlDocumentation,
    "frequency": ControlFrequency,
    "evidence": ControlEvidence,
}
MIN_CONTROL_GROUPS = 3


def control_header(number: int, label: str) -> str:
    return f"Control {number}: {label}"


def normalise(text) -> str:
    """Header and choice matching ignores case, accents and repeated spaces."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().casefold()


# --- Export ----------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="0B5394")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _zone_label(zone: str) -> str:
    return str(RiskZone(zone).label) if zone else ""


def export_rows(risks, n_controls: int) -> tuple[list[str], list[list]]:
    """Headers and one row per risk (loaded with ``with_assessment`` and its controls)."""
    headers = [h for _key, h in HEAD]
    for k in range(1, n_controls + 1):
        headers += [control_header(k, label) for _key, label in CONTROL_FIELDS]
    headers += [h for _key, h in TAIL]
    rows = []
    for risk in risks:
        stored = getattr(risk, "assessment", None)
        row = [
            risk.year,
            risk.code,
            str(RiskKind(risk.kind).label),
            risk.process.name if risk.process_id else "",
            risk.investment_project.code if risk.investment_project_id else "",
            risk.responsible_unit.code if risk.responsible_unit_id else "",
            risk.name,
            risk.impact_description,
            risk.immediate_cause,
            risk.root_cause,
            stored.exposure_frequency if stored else None,
            stored.economic_impact_smlmv if stored else None,
            stored.reputational_impact.name if stored and stored.reputational_impact else "",
            ", ".join(str(n) for n in stored.corruption_yes_answers) if stored else "",
            stored.inherent_probability.name if stored else "",
            stored.inherent_impact.name if stored else "",
            _zone_label(stored.inherent_zone) if stored else "",
        ]
        controls = list(risk.controls.all())
        for k in range(n_controls):
            if k < len(controls):
                c = controls[k]
                row += [
                    c.description,
                    c.responsible,
                    c.get_control_type_display(),
                    c.get_implementation_display(),
                    c.get_documentation_display(),
                    c.get_frequency_display(),
                    c.get_evidence_display(),
                ]
            else:
                row += [""] * len(CONTROL_FIELDS)
        row += [
            stored.residual_probability_value if stored else None,
            stored.residual_probability.name if stored else "",
            stored.residual_impact_value if stored else None,
            stored.residual_impact.name if stored else "",
            _zone_label(stored.residual_zone) if stored else "",
            risk.get_treatment_display() if risk.treatment else "",
            risk.treatment_justification,
        ]
        rows.append(row)
    return headers, rows


def _write_sheet(sheet, headers, rows):
    sheet.append(headers)
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
        protect_row(sheet)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(header), 12), 40)
    sheet.freeze_panes = "C2"


def export_workbook(risks) -> bytes:
    """The risk map as .xlsx (risks with assessment, controls and actions prefetched)."""
    risks = list(risks)
    n_controls = max([MIN_CONTROL_GROUPS] + [len(r.controls.all()) for r in risks])
    book = Workbook()
    sheet = book.active
    sheet.title = RISK_SHEET
    _write_sheet(sheet, *export_rows(risks, n_controls))
    actions = book.create_sheet(ACTION_SHEET)
    _write_sheet(
        actions,
        [h for _key, h in ACTION_COLUMNS],
        [
            [
                r.code,
                r.year,
                a.description,
                a.responsible,
                a.start_date,
                a.end_date,
                a.progress,
                a.evidence,
            ]
            for r in risks
            for a in r.actions.all()
        ],
    )
    for column in ("E", "F"):
        for cell in actions[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


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


def parse_workbook(content: bytes, methodology: calc.Methodology, lookups: Lookups) -> ParseResult:
    result = ParseResult()
    if uncompressed_size(content) > MAX_UNCOMPRESSED_BYTES:
        result.errors.append(RowError("", 0, _("El libro es demasiado grande al descomprimirlo.")))
        return result
    active = find_active_content(content)
    if active is not None:
        result.errors.append(RowError("", 0, workbook_message(active)))
        return result
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors on a bad file
        result.errors.append(RowError("", 0, _("El archivo no es un libro de Excel válido.")))
        return result
    names = {normalise(n): n for n in book.sheetnames}
    if normalise(RISK_SHEET) not in names:
        result.errors.append(
            RowError("", 0, _("El libro no tiene la hoja «%(sheet)s».") % {"sheet": RISK_SHEET})
        )
        return result
    rows = _rows(book[names[normalise(RISK_SHEET)]])
    if not rows:
        result.errors.append(RowError(RISK_SHEET, 0, _("La hoja está vacía.")))
        return result
    columns, control_columns, unknown = _header_map(rows[0])
    headers = dict(HEAD + TAIL)
    missing = [headers[key] for key in HEAD_ORDER if key in REQUIRED and key not in columns]
    if "process" not in columns and "project" not in columns:
        missing.append(_("Proceso o Proyecto de inversión"))
    if missing:
        result.errors.append(
            RowError(
                RISK_SHEET,
                1,
                _("Faltan las columnas: %(columns)s.") % {"columns": ", ".join(missing)},
            )
        )
        return result
    if unknown:
        result.errors.append(
            RowError(
                RISK_SHEET,
                1,
                _("Columnas desconocidas: %(columns)s.") % {"columns": ", ".join(unknown)},
            )
        )
    seen: dict[tuple[int, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in row):
            continue
        parsed, errors = _parse_risk_row(
            number, row, columns, control_columns, methodology, lookups
        )
        result.errors += [RowError(RISK_SHEET, number, e) for e in errors]
        if parsed is None:
            continue
        key = (parsed.year, parsed.code)
        if key in seen:
            result.errors.append(
                RowError(
                    RISK_SHEET,
                    number,
                    _("El código %(code)s de %(year)s ya está en la fila %(row)s.")
                    % {"code": parsed.code, "year": parsed.year, "row": seen[key]},
                )
            )
            continue
        seen[key] = number
        result.risks.append(parsed)
    if normalise(ACTION_SHEET) in names:
        result.has_action_sheet = True
        _parse_actions(_rows(book[names[normalise(ACTION_SHEET)]]), result)
    book.close()
    if not result.risks and not result.errors:
        result.errors.append(RowError(RISK_SHEET, 0, _("La hoja no tiene riesgos.")))
    for risk in result.risks:
        if result.has_action_sheet:
            has_plan = bool(risk.actions)
        else:  # the activities already stored stay as they are
            has_plan = risk.existing_id in lookups.with_actions
        if risk.treatment and risk.evaluation is not None:
            problems = calc.treatment_problems(
                risk.kind,
                risk.evaluation.residual.zone,
                risk.treatment,
                has_plan,
                methodology.acceptance_zones,
            )
            result.errors += [RowError(RISK_SHEET, risk.row, p) for p in problems]
    result.errors.sort(key=lambda e: (e.sheet != RISK_SHEET, e.sheet, e.row))
    return result


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


# --- Import: writing -----------------------------------------------------------------------


def lookups_for(organisation, methodology_row) -> Lookups:
    """Six queries: processes, projects, units, risks, impact levels and risks with actions."""
    from plan.models import InvestmentProject, Process, Unit
    from risks.models import ActionActivity, Risk

    processes = {}
    for p in Process.objects.filter(organisation=organisation):
        processes[normalise(p.name)] = p.id
        processes[str(p.number)] = p.id
    units = {}
    for u in Unit.objects.filter(organisation=organisation):
        units[normalise(u.name)] = u.id
        units[normalise(u.code)] = u.id
    return Lookups(
        processes=processes,
        projects=dict(
            InvestmentProject.objects.filter(organisation=organisation).values_list("code", "id")
        ),
        units=units,
        existing={
            (year, code): pk
            for pk, year, code in Risk.objects.filter(organisation=organisation).values_list(
                "id", "year", "code"
            )
        },
        impact_by_name={
            normalise(name): position
            for name, position in methodology_row.impact_levels.values_list("name", "position")
        },
        with_actions=frozenset(
            ActionActivity.objects.filter(risk__organisation=organisation).values_list(
                "risk_id", flat=True
            )
        ),
    )


@transaction.atomic
def apply_import(result: ParseResult, organisation, ctx, user=None) -> tuple[int, int]:
    """Write every risk of a checked workbook, or nothing. Returns (created, updated)."""
    from risks.models import ActionActivity, Control, Risk
    from risks.services import Inputs, store_assessment

    if not result.ok:
        raise ValueError("the workbook has errors")
    created = updated = 0
    for parsed in result.risks:
        risk, was_created = Risk.objects.update_or_create(
            organisation=organisation,
            year=parsed.year,
            code=parsed.code,
            defaults={
                "kind": parsed.kind,
                "name": parsed.name,
                "impact_description": parsed.impact_description,
                "immediate_cause": parsed.immediate_cause,
                "root_cause": parsed.root_cause,
                "process_id": parsed.process_id,
                "investment_project_id": parsed.project_id,
                "responsible_unit_id": parsed.unit_id,
                "placeholder": False,
                "treatment": parsed.treatment,
                "treatment_justification": parsed.treatment_justification,
            },
        )
        created += was_created
        updated += not was_created
        risk.controls.all().delete()
        controls = [
            Control.objects.create(
                risk=risk,
                order=k,
                description=c.description,
                responsible=c.responsible,
                control_type=c.attributes["type"],
                implementation=c.attributes["implementation"],
                documentation=c.attributes["documentation"],
                frequency=c.attributes["frequency"],
                evidence=c.attributes["evidence"],
            )
            for k, c in enumerate(parsed.controls, start=1)
        ]
        store_assessment(
            risk,
            ctx,
            Inputs(parsed.frequency, parsed.economic, parsed.reputational, parsed.answers),
            controls,
            user,
        )
        if result.has_action_sheet:
            risk.actions.all().delete()
            for a in parsed.actions:
                ActionActivity.objects.create(
                    risk=risk,
                    description=a.description,
                    responsible=a.responsible,
                    start_date=a.start_date,
                    end_date=a.end_date,
                    progress=a.progress,
                    evidence=a.evidence,
                )
    return created, updated


def error_lines(errors: Iterable[RowError]) -> list[str]:
    lines = []
    for e in errors:
        if e.row:
            lines.append(
                _("Hoja «%(sheet)s», fila %(row)s: %(message)s")
                % {"sheet": e.sheet, "row": e.row, "message": e.message}
            )
        elif e.sheet:
            lines.append(f"«{e.sheet}»: {e.message}")
        else:
            lines.append(e.message)
    return lines
