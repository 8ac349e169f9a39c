"""plotly figures and open-data files are built by pure functions: no floats anywhere."""

import csv
import datetime
import io
import json
from decimal import Decimal as D

from openpyxl import load_workbook

from accountability import calculations as calc
from accountability import charts, opendata


def walk(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from walk(v)
    else:
        yield value


def sex_summary():
    (summary,) = calc.summarise_demographics(
        [
            calc.DemographicInput("Sexo", "Mujeres", None, D("48")),
            calc.DemographicInput("Sexo", "Hombres", None, D("33")),
            calc.DemographicInput("Sexo", "No responde", None, D("19.5")),
        ]
    )
    return summary


def test_demographics_figure_speaks_colombian_and_carries_no_floats():
    figure = charts.demographics_figure(sex_summary(), "es")
    trace = figure["data"][0]
    assert figure["layout"]["separators"] == ",."
    assert trace["y"] == ["Mujeres", "Hombres", "No responde"]
    assert trace["x"] == ["48", "33", "19.5"]
    assert trace["text"] == ["48%", "33%", "19,50%"]
    assert not any(isinstance(v, float) for v in walk(figure))
    json.dumps(figure)  # plain JSON


def test_english_figures_use_english_separators():
    figure = charts.demographics_figure(sex_summary(), "en")
    assert figure["layout"]["separators"] == ".,"
    assert figure["data"][0]["text"][2] == "19.50%"


def test_summary_text_names_the_largest_category_and_the_total_when_known():
    assert charts.demographics_summary_text(sex_summary()) == (
        "Sexo: Mujeres 48%, Hombres 33%, No responde 19,50%. La mayor parte: Mujeres (48%)."
    )
    (counted,) = calc.summarise_demographics(
        [
            calc.DemographicInput("Sexo", "Mujeres", 1200),
            calc.DemographicInput("Sexo", "Hombres", 800),
        ]
    )
    assert charts.demographics_summary_text(counted).endswith("Total: 2.000 personas.")


def test_attendance_figure_and_text():
    items = [("Formularios de asistencia diligenciados", 317), ("Visualizaciones en vivo", 1872)]
    figure = charts.attendance_figure(items, "Asistencia")
    assert figure["data"][0]["x"] == ["317", "1872"]
    assert figure["data"][0]["text"] == ["317", "1.872"]
    assert charts.attendance_summary_text(items) == (
        "Formularios de asistencia diligenciados: 317; Visualizaciones en vivo: 1.872."
    )


ROW = [
    7,
    "Audiencia",
    datetime.date(2023, 4, 20),
    D("48.50"),
    D("100.00"),
    True,
    None,
]
COLUMNS = ["id", "nombre", "fecha", "avance", "total", "vencido", "vacío"]


def test_cells_are_plain_text_iso_dates_and_decimals():
    assert [opendata.text(v) for v in ROW] == [
        "7",
        "Audiencia",
        "2023-04-20",
        "48.50",
        "100",
        "sí",
        "",
    ]


def test_csv_json_and_xlsx_hold_the_same_row():
    rows = list(csv.reader(io.StringIO(opendata.to_csv(COLUMNS, [ROW]).decode("utf-8-sig"))))
    assert rows == [COLUMNS, ["7", "Audiencia", "2023-04-20", "48.50", "100", "sí", ""]]
    records = json.loads(opendata.to_json(COLUMNS, [ROW]))
    assert records == [dict(zip(COLUMNS, rows[1], strict=True))]
    sheet = load_workbook(io.BytesIO(opendata.to_xlsx(COLUMNS, [ROW], "eventos"))).active
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [
        COLUMNS,
        ["7", "Audiencia", "2023-04-20", "48.50", "100", "sí", None],
    ]
    assert sheet.title == "eventos"
