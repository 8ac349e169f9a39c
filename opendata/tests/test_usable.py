"""Open data people can use: the plan's figure per cutoff, codes that stay text in every
format, a CSV that a Colombian Excel opens right, and a date picker instead of URL editing."""

import csv
import io
import json

import pandas
from openpyxl import load_workbook

from opendata import datasets
from opendata.writers import CSV_EXCEL, Column, csv_bytes
from tests.downloads import content

BASE = "/datos-abiertos/pes-2024-2027/2026-03-31/"


def test_the_plan_dataset_carries_the_figure_the_home_page_shows(client, seeded):
    home = client.get("/").content.decode()
    assert "105,97%" in home
    (row,) = csv.DictReader(io.StringIO(content(client.get(BASE + "plan.csv")).decode("utf-8-sig")))
    assert row["cumplimiento_plan"] == "105.97"
    assert row["semaforo"] == "Satisfactorio"
    assert row["fecha_corte"] == "2026-03-31" and row["plan"] == "pes-2024-2027"
    assert row["objetivos_con_cifra"] == "7"  # objective 1 had nothing programmed
    (record,) = json.loads(content(client.get(BASE + "plan.json")))
    assert record["cumplimiento_plan"] == 105.97


def test_every_plan_as_of_a_date_has_one_plan_row_each(client, seeded):
    body = b"".join(client.get("/datos-abiertos/2026-11-30/plan.csv").streaming_content)
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {(r["plan"], r["cumplimiento_plan"]) for r in table} == {
        ("pes-2024-2027", "105.97"),
        ("pei-2020-2024", "59.71"),
    }


def test_codes_stay_text_in_csv_json_and_xlsx(client, seeded):
    response = client.get(BASE + "indicadores.csv")
    frame = pandas.read_csv(
        io.BytesIO(content(response)),
        encoding="utf-8-sig",
        dtype={"codigo_indicador": str, "codigo_meta": str},
    )
    assert "4075" in set(frame["codigo_indicador"])  # never 4075.0
    records = json.loads(content(client.get(BASE + "indicadores.json")))
    codes = [r["codigo_indicador"] for r in records]
    assert {type(c) for c in codes if c is not None} == {str} and "4075" in codes
    sheet = load_workbook(io.BytesIO(content(client.get(BASE + "indicadores.xlsx")))).active
    column = [c.value for c in sheet[1]].index("codigo_indicador") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert {c.data_type for c in cells if c.value} == {"s"}
    assert {c.number_format for c in cells if c.value} == {"@"}
    assert "4075" in {c.value for c in cells}


def test_the_dictionary_says_how_to_read_codes_as_text(client, seeded):
    html = client.get("/datos-abiertos/diccionario/").content.decode()
    assert "dtype=str" in html
    kinds = {c.key: c.kind for c in datasets.INDICATOR_COLUMNS}
    assert kinds["codigo_indicador"] == kinds["codigo_meta"] == "code"


def test_the_excel_csv_uses_semicolons_decimal_commas_and_a_bom(client, seeded):
    response = client.get(BASE + "objetivos.excel.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="pes-2024-2027_2026-03-31_objetivos_excel.csv"'
    )
    body = content(response)
    assert body.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    by_number = {r["objetivo"]: r for r in table}
    assert by_number["4"]["cumplimiento"] == "183,33"
    assert by_number["6"]["cumplimiento"] == "98,48"
    assert by_number["1"]["cumplimiento"] == ""
    assert by_number["4"]["fecha_corte"] == "31/03/2026"
    # pandas with Excel's Colombian settings reads the same numbers
    frame = pandas.read_csv(io.BytesIO(body), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame["cumplimiento"].dropna().round(2))[:2] == [100.0, 100.0]


def test_the_excel_csv_keeps_formulas_inert():
    body = csv_bytes(
        [Column("texto", "Texto"), Column("codigo", "Código", "code")],
        [{"texto": "=HYPERLINK(1)", "codigo": "+57"}],
        variant=CSV_EXCEL,
    ).decode("utf-8-sig")
    assert body.splitlines()[1] == "'=HYPERLINK(1);'+57"


def test_the_date_picker_offers_published_cutoffs_and_leads_to_the_stable_url(client, seeded):
    html = client.get("/datos-abiertos/").content.decode()
    assert 'action="/datos-abiertos/descargar/"' in html
    assert '<option value="2026-03-31">31/03/2026</option>' in html
    assert '<option value="2020-12-31">31/12/2020</option>' in html
    assert "cambie la fecha" not in html
    response = client.get(
        "/datos-abiertos/descargar/",
        {"fecha": "2020-12-31", "conjunto": "objetivos", "formato": "excel.csv"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/datos-abiertos/2020-12-31/objetivos.excel.csv"
    bad = client.get("/datos-abiertos/descargar/", {"fecha": "31/12/2020"})
    assert bad.status_code == 400
    assert "Elija una fecha" in bad.content.decode()
