"""One row of the «Mapa de riesgos» sheet, checked by the web's own forms (issue 16).

A row goes through the forms of the pages that edit a risk: ``RiskRowForm`` (RiskForm's
fields), ``AssessmentForm`` and one ``ControlForm`` per control group. A value the web refuses
is refused here with the same Spanish message, under the header of its column. What only a
workbook needs is translated first, with a message of its own when it cannot be: labels
instead of codes («Gestión», «Preventivo»), names instead of ids, numbers typed the Colombian
way. No database access: the names are looked up in plain dicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from risks import assessment as calc
from risks.choices import RiskKind, Treatment
from risks.forms import AssessmentForm, ControlForm, RiskRowForm
from risks.workbook_columns import (
    CONTROL_CHOICES,
    CONTROL_FIELDS,
    HEAD,
    RISK_SHEET,
    TAIL,
    control_header,
    normalise,
)
from risks.workbook_rows import (
    Lookups,
    ParsedControl,
    ParsedRisk,
    RowError,
    RowProblems,
    _cell,
    _choice,
    _text,
    parse_decimal,
)

HEADERS = dict(HEAD + TAIL)
# form field -> workbook column key
ASSESSMENT_KEYS = {
    "exposure_frequency": "frequency",
    "economic_impact_smlmv": "economic",
    "reputational_impact": "reputational",
    "corruption_yes_answers": "answers",
}
# workbook key of a control column -> ControlForm field (the others are named as their keys)
CONTROL_FIELD_NAMES = {key: key for key, _label in CONTROL_FIELDS} | {"type": "control_type"}
DEFAULTED = ("documentation", "frequency", "evidence")  # a blank cell takes the first option


@dataclass(frozen=True)
class _Option:
    """An impact level or a corruption question as AssessmentForm lists them."""

    position: int = 0
    number: int = 0
    name: str = ""
    text: str = ""
    reputational_description: str = ""


class _Row:
    def __init__(self, row, columns):
        self.row, self.columns = row, columns

    def get(self, key):
        return _cell(self.row, self.columns, key)

    def text(self, key) -> str:
        return _text(self.get(key))


def parse_risk_row(
    number, row, columns, control_columns, methodology: calc.Methodology, lookups: Lookups
) -> tuple[ParsedRisk | None, list[RowError]]:
    problems = RowProblems(RISK_SHEET, number)
    cells = _Row(row, columns)
    risk, kind = _risk_fields(cells, problems)
    owner = _owner(cells, lookups, problems)
    inputs = _assessment_inputs(cells, kind, methodology, lookups, problems)
    controls = [_control(row, k, control_columns[k], problems) for k in sorted(control_columns)]
    if problems:
        return None, problems.errors
    parsed = ParsedRisk(
        row=number,
        year=risk["year"],
        code=risk["code"],
        kind=kind,
        name=risk["name"],
        impact_description=risk["impact_description"],
        immediate_cause=risk["immediate_cause"],
        root_cause=risk["root_cause"],
        **owner,
        **inputs,
        controls=[c for c in controls if c is not None],
        treatment=risk["treatment"],
        treatment_justification=risk["treatment_justification"],
        existing_id=lookups.existing.get((risk["year"], risk["code"])),
    )
    try:
        parsed.evaluation = calc.evaluate(
            methodology,
            kind,
            [calc.Control(c.attributes, c.description) for c in parsed.controls],
            frequency=parsed.frequency,
            economic_smlmv=parsed.economic,
            reputational=parsed.reputational,
            yes_answers=parsed.answers,
        )
    except calc.AssessmentError as error:
        return None, [RowError(RISK_SHEET, number, str(error.message))]
    return parsed, []


def _risk_fields(cells: _Row, problems: RowProblems) -> tuple[dict | None, str | None]:
    """RiskForm's fields through RiskRowForm; the type and treatment from their labels."""
    data = {name: cells.text(name) for name in RiskRowForm.base_fields}
    if not (data["year"].isdigit() and len(data["year"]) == 4):
        message = _("La vigencia «%(value)s» no es un año.") % {"value": data["year"]}
        problems.add(message, field="year")
    kind = _choice(RiskKind, data["kind"])
    if kind is None:
        problems.add(
            _("El tipo de riesgo «%(value)s» no es Gestión ni Corrupción.")
            % {"value": data["kind"]},
            field="kind",
        )
    treatment = _choice(Treatment, data["treatment"]) if data["treatment"] else ""
    if treatment is None:
        problems.add(
            _("El tratamiento «%(value)s» no es Reducir, Evitar, Compartir ni Aceptar.")
            % {"value": data["treatment"]},
            field="treatment",
        )
    data.update(kind=kind or "", treatment=treatment or "")
    form = RiskRowForm(data)
    return (form.cleaned_data if problems.add_form(form, HEADERS) else None), kind


def _owner(cells: _Row, lookups: Lookups, problems: RowProblems) -> dict:
    """The process or project, and the unit, from their names (RiskForm's choice fields)."""
    process_text, project_text = cells.text("process"), cells.text("project")
    owner = {"process_id": None, "project_id": None, "unit_id": None}
    if bool(process_text) == bool(project_text):
        problems.add(_("Indique un proceso o un proyecto de inversión, no ambos ni ninguno."))
    elif process_text:
        owner["process_id"] = lookups.processes.get(normalise(process_text))
        if owner["process_id"] is None:
            problems.add(_("El proceso «%(value)s» no existe.") % {"value": process_text})
    else:
        owner["project_id"] = lookups.projects.get(project_text)
        if owner["project_id"] is None:
            problems.add(
                _("El proyecto de inversión «%(value)s» no existe.") % {"value": project_text}
            )
    unit_text = cells.text("unit")
    owner["unit_id"] = lookups.units.get(normalise(unit_text))
    if owner["unit_id"] is None:
        problems.add(
            _("La dependencia «%(value)s» no existe.") % {"value": unit_text}
            if unit_text
            else _("Falta la dependencia responsable.")
        )
    return owner


def _number(cells: _Row, key: str, message: str, problems: RowProblems, field: str):
    """A cell as a Decimal (Colombian or plain), "" when blank; our message when unreadable."""
    try:
        value = parse_decimal(cells.get(key))
    except ValueError:
        problems.add(message % {"value": cells.text(key)}, field=field)
        return ""
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else value  # 1E+19 as a number


def _assessment_data(cells: _Row, kind, lookups: Lookups, problems: RowProblems) -> dict:
    """The assessment inputs in AssessmentForm's terms (positions and numbers, not names)."""
    data = {
        "exposure_frequency": _number(
            cells,
            "frequency",
            _("La frecuencia «%(value)s» debe ser un número entero de veces al año."),
            problems,
            "exposure_frequency",
        )
    }
    if kind == RiskKind.MANAGEMENT:
        data["economic_impact_smlmv"] = _number(
            cells,
            "economic",
            _("La afectación económica «%(value)s» no es un número."),
            problems,
            "economic_impact_smlmv",
        )
        reputational = cells.text("reputational")
        data["reputational_impact"] = lookups.impact_by_name.get(normalise(reputational), "")
        if reputational and data["reputational_impact"] == "":
            problems.add(
                _("La pérdida reputacional «%(value)s» no es un nivel de impacto.")
                % {"value": reputational},
                field="reputational_impact",
            )
    elif kind == RiskKind.CORRUPTION:
        answers = cells.text("answers")
        data["corruption_yes_answers"] = [p for p in re.split(r"[,;\s]+", answers) if p]
        if not all(p.isdigit() for p in data["corruption_yes_answers"]):
            problems.add(
                _("Las preguntas con «sí» deben ser números separados por comas: «%(value)s».")
                % {"value": answers},
                field="corruption_yes_answers",
            )
    return data


def _assessment_inputs(cells, kind, methodology, lookups, problems: RowProblems) -> dict:
    """Frequency, economic loss, reputational level and «sí» answers through AssessmentForm."""
    form = AssessmentForm(
        _assessment_data(cells, kind, lookups, problems),
        kind=kind or RiskKind.MANAGEMENT,
        impact_levels=[_Option(position=level.position) for level in methodology.impact_levels],
        questions=[_Option(number=n) for n in range(1, methodology.corruption_questions + 1)],
    )
    headers = {name: HEADERS[key] for name, key in ASSESSMENT_KEYS.items()}
    if not problems.add_form(form, headers):
        return {}
    data = form.cleaned_data
    return {
        "frequency": data["exposure_frequency"],
        "economic": data.get("economic_impact_smlmv"),
        "reputational": data.get("reputational_impact") or None,
        "answers": tuple(data.get("corruption_yes_answers", ())),
    }


def _control(row, number: int, columns, problems: RowProblems) -> ParsedControl | None:
    """One «Control n: …» group through ControlForm; None when the group is blank."""
    cells = _Row(row, columns)
    if all(cells.text(key) == "" for key, _label in CONTROL_FIELDS):
        return None
    labels = dict(CONTROL_FIELDS)
    prefix = f"control{number}-"
    data = {"order": number, "description": cells.text("description")}
    data["responsible"] = cells.text("responsible")
    for key, enum in CONTROL_CHOICES.items():
        text = cells.text(key)
        code = enum.choices[0][0] if not text and key in DEFAULTED else _choice(enum, text)
        if code is None and text:
            problems.add(
                _("El control %(n)s tiene %(field)s «%(value)s», que no es una opción válida.")
                % {"n": number, "field": labels[key], "value": text},
                field=prefix + CONTROL_FIELD_NAMES[key],
            )
        data[CONTROL_FIELD_NAMES[key]] = code or ""
    form = ControlForm(data)
    headers = {
        CONTROL_FIELD_NAMES[key]: control_header(number, label) for key, label in CONTROL_FIELDS
    }
    if not problems.add_form(form, headers, prefix):
        return None
    attributes = {key: form.cleaned_data[CONTROL_FIELD_NAMES[key]] for key in CONTROL_CHOICES}
    return ParsedControl(data["description"], data["responsible"], attributes)
