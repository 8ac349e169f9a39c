"""The blank structure workbook: every sheet with its headers and drop-downs, no data, and an
instructions sheet first. Written by reporting.structure_workbook.export_structure(None)."""

from __future__ import annotations

import io

from openpyxl.styles import Alignment, Font

INSTRUCTIONS_SHEET = "Instrucciones"

# (heading, text) pairs; Spanish, as every sheet of the workbook.
INSTRUCTIONS = [
    ("Libro de estructura de un plan", ""),
    (
        "Para qué sirve",
        "Configura un plan nuevo (o actualiza uno existente) en Tablero: sus objetivos, metas, "
        "indicadores, ponderaciones por vigencia, programación anual, cortes y programación "
        "al corte. Se carga en /reporte/estructura/importar/ o con "
        "«python manage.py import_plan_structure libro.xlsx --user USUARIO».",
    ),
    (
        "Hoja Plan",
        "Organización: el código de la entidad en Tablero. Identificador: el nombre corto del "
        "plan en la dirección web (minúsculas, números y guiones, por ejemplo pai-2025). "
        "Si el identificador ya es de otro plan, la carga ACTUALIZA ese plan: Tablero lo "
        "advierte y pide confirmarlo. Cambie el identificador si copió el libro de otro plan.",
    ),
    (
        "Listas desplegables",
        "Tipo de plan, regla de los indicadores que cuentan, tipo de meta, unidad de medida, "
        "anualización, sentido y periodicidad se eligen de una lista.",
    ),
    (
        "Claves",
        "Cada meta lleva una clave (M1, M2 ...) y cada indicador otra (I1, I2 ...); las demás "
        "hojas se refieren a ellos por esa clave.",
    ),
    (
        "Dependencias",
        "Columna Dependencia de la hoja Indicadores: el código de la dependencia responsable "
        "en Tablero (por ejemplo OAP). En un plan sectorial (PES), una dependencia de una "
        "entidad del sector se escribe ENTIDAD/DEPENDENCIA: el código de la entidad, una barra "
        "y el código de la dependencia (por ejemplo DASCD/STDOE). Una dependencia de la "
        "organización del plan también se puede escribir así.",
    ),
    (
        "Ponderaciones",
        "Una fila por indicador, objetivo y vigencia, en porcentaje. Con la regla «Todos los "
        "indicadores de la vigencia», las ponderaciones de cada objetivo suman 100 en cada "
        "vigencia (se acepta una diferencia de redondeo de 0,01 por ponderación).",
    ),
    (
        "Programación",
        "Programación anual: lo programado para cada vigencia. Con anualización Suma los años "
        "se suman; Creciente, Constante y Decreciente son niveles (el total es el del último "
        "año). La programación al corte se puede dejar vacía: Tablero la sugiere al crear "
        "los cortes en /reporte/planes/<identificador>/calendario/.",
    ),
    (
        "Números y fechas",
        "Números como se escriben en Colombia (4.155.036; 22,98). Fechas dd/mm/aaaa.",
    ),
]


def blank(workbook, table, lists) -> bytes:
    """Fill ``workbook`` (its Plan sheet already made) with the empty sheets and the
    instructions; ``table`` is export_structure's sheet writer, ``lists`` its drop-downs."""
    kinds, units, annualizations, directions, periodicities = lists
    table("objectives", [])
    table("goals", [], {"B": kinds})
    table(
        "indicators",
        [],
        {"E": units, "F": annualizations, "G": directions, "I": periodicities},
    )
    for key in ("links", "annual", "cutoffs", "cutoff_programming"):
        table(key, [])
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET, 0)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    for row, (heading, text) in enumerate(INSTRUCTIONS, start=1):
        sheet.cell(row=row, column=1, value=heading).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
