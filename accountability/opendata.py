"""Open data: events, questions and commitments as rows of text, written by the one export
writer (``opendata.writers``) as CSV, JSON or XLSX. Pure: rows in, bytes out. Every value is
text: decimals never pass through a float, dates are ISO 8601, booleans "sí"/"no"."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from opendata import writers

FORMATS = {fmt: writers.CONTENT_TYPES[fmt] for fmt in (writers.CSV, writers.JSON, writers.XLSX)}
JSON_LAYOUT = writers.JsonLayout(indent=1, blank="")

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


def columns(keys: Sequence[str]) -> list[writers.Column]:
    """The row description: every column is text, headed by its key."""
    return [writers.Column(key, key) for key in keys]


def records(keys: Sequence[str], rows: Iterable[Sequence]) -> Iterator[dict[str, str]]:
    """Rows of values as records of text, read one at a time."""
    for row in rows:
        yield dict(zip(keys, (text(v) for v in row), strict=True))


def to_csv(keys: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return writers.csv_bytes(columns(keys), records(keys, rows))


def to_json(keys: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return writers.json_text(columns(keys), records(keys, rows), JSON_LAYOUT).encode("utf-8")


def to_xlsx(keys: Sequence[str], rows: Iterable[Sequence], title: str) -> bytes:
    return writers.xlsx_bytes(columns(keys), records(keys, rows), title)


def download(fmt: str, dataset: str, rows: Iterable[Sequence], filename: str):
    """The streamed file of one dataset in one of ``FORMATS``."""
    keys = COLUMNS[dataset]
    return writers.download(
        fmt, columns(keys), records(keys, rows), filename, title=dataset, layout=JSON_LAYOUT
    )
