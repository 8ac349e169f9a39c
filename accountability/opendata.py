"""Open data: events, questions and commitments as rows of text, written as CSV, JSON or XLSX.
Pure: rows in, bytes out. Decimals travel as strings (never floats), dates as ISO 8601."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Sequence
from decimal import Decimal

from plan.exports import csv_safe, text_cell

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

EVENT_COLUMNS = (
    "id",
    "vigencia",
    "tipo",
    "nombre",
    "tema",
    "fecha",
    "hora",
    "modalidad",
    "lugar",
    "canales",
    "dependencias_responsables",
    "formularios_asistencia",
    "asistencias",
    "visualizaciones_en_vivo",
    "cifras_compartidas_con_otros_espacios",
    "url",
)
QUESTION_COLUMNS = (
    "id",
    "espacio",
    "fecha_espacio",
    "pregunta",
    "fecha_pregunta",
    "canal",
    "tema",
    "respuesta",
    "dependencia_que_responde",
    "respondida_en_el_evento",
    "fecha_limite_respuesta",
    "fecha_respuesta",
    "estado",
    "vencida",
)
COMMITMENT_COLUMNS = (
    "id",
    "espacio",
    "fecha_espacio",
    "compromiso",
    "dependencia_responsable",
    "fecha_cumplimiento",
    "estado",
    "avance_porcentaje",
    "vencido",
)
COLUMNS = {
    "eventos": EVENT_COLUMNS,
    "preguntas": QUESTION_COLUMNS,
    "compromisos": COMMITMENT_COLUMNS,
}


def text(value) -> str:
    """One cell as text: ISO dates, plain decimals, "sí"/"no" for booleans, "" for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        )
    return str(value)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_safe(v) if isinstance(v, str) else text(v) for v in row])
    # A byte-order mark so spreadsheet programs read the accents as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(columns: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    records = [dict(zip(columns, (text(v) for v in row), strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(columns: Sequence[str], rows: Sequence[Sequence], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([text_cell(sheet, text(v)) if isinstance(v, str) else text(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(fmt: str, dataset: str, rows: Sequence[Sequence]) -> bytes:
    columns = COLUMNS[dataset]
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "json":
        return to_json(columns, rows)
    if fmt == "xlsx":
        return to_xlsx(columns, rows, dataset)
    raise ValueError(f"formato desconocido: {fmt}")
