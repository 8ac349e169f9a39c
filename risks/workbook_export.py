"""Risk-map workbook export: one row per risk with its controls, and the action plan."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from opendata.writers import protect_row
from risks.choices import (
    RiskKind,
    RiskZone,
)
from risks.workbook_columns import (
    ACTION_COLUMNS,
    ACTION_SHEET,
    CONTROL_FIELDS,
    HEAD,
    MIN_CONTROL_GROUPS,
    RISK_SHEET,
    TAIL,
    control_header,
)

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
