"""Open data: stable URLs, Spanish field names, the same numbers as the public pages."""

import csv
import datetime
import io
import json
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from dashboards.tests.helpers import add_pes_june_cutoff
from indicators.models import Measurement
from opendata import datasets
from plan.models import Cutoff
from publication.publishing import publish
from tests.downloads import content
from tests.factories import make_plan, reopen_for_correction
from tests.queries import count

BASE = "/datos-abiertos/pes-2024-2027/2026-03-31/"


def rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(content(response).decode("utf-8-sig"))))


def test_objectives_csv_carries_the_published_compliance(client, seeded):
    response = client.get(BASE + "objetivos.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="pes-2024-2027_2026-03-31_objetivos.csv"'
    )
    table = rows(response)
    assert [r["objetivo"] for r in table] == [str(n) for n in range(1, 9)]
    by_number = {r["objetivo"]: r for r in table}
    assert by_number["4"]["cumplimiento"] == "183.33"
    assert by_number["6"]["cumplimiento"] == "98.48"
    assert by_number["2"]["cumplimiento"] == "100.00"
    assert by_number["1"]["cumplimiento"] == ""
    assert by_number["1"]["semaforo"] == "Sin dato"
    assert by_number["4"]["plan"] == "pes-2024-2027"
    assert by_number["4"]["fecha_corte"] == "2026-03-31"
    assert by_number["4"]["indicadores_en_calculo"] == "2"
    assert by_number["4"]["version"] == "1"
    assert list(table[0]) == [c.key for c in datasets.OBJECTIVE_COLUMNS]


def test_objectives_json_writes_numbers_with_two_decimals_and_null(client, seeded):
    response = client.get(BASE + "objetivos.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = content(response).decode()
    assert '"objetivo": 4, ' in body and '"cumplimiento": 183.33, ' in body
    assert '"objetivo": 2, ' in body and '"cumplimiento": 100.00, ' in body
    records = json.loads(body, parse_float=D)
    assert records[0]["cumplimiento"] is None
    assert records[3]["cumplimiento"] == D("183.33")
    assert records[5]["cumplimiento"] == D("98.48")


def test_indicators_csv_has_magnitudes_progress_and_status(client, seeded):
    table = {r["codigo_indicador"]: r for r in rows(client.get(BASE + "indicadores.csv"))}
    assert len(rows(client.get(BASE + "indicadores.csv"))) == 17
    row = table["4075"]
    assert row["programado_vigencia"] == "17"
    assert row["programado_corte"] == "3"
    assert row["ejecutado"] == "8"
    assert row["avance_corte"] == "266.67"
    assert row["avance_vigencia"] == "47.06"
    assert row["estado"] == "Sobre-ejecución"
    assert row["objetivos"] == "4"
    assert row["codigo_meta"] == "223-2153"
    assert (
        table["4231"]["avance_corte"] == "" and table["4231"]["estado"] == "No programada al corte"
    )
    assert table["3979"]["programado_corte"] == "60.67"


def test_xlsx_holds_the_same_numbers_with_display_formats(client, seeded):
    response = client.get(BASE + "objetivos.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(content(response))).active
    header = [c.value for c in sheet[1]]
    assert header == [c.key for c in datasets.OBJECTIVE_COLUMNS]
    column = header.index("cumplimiento") + 1
    four = sheet.cell(row=5, column=column)
    assert four.value == pytest.approx(183.33)
    assert four.number_format == '#,##0.00"%"'
    assert sheet.cell(row=2, column=column).value is None
    date = sheet.cell(row=5, column=header.index("fecha_corte") + 1)
    assert date.value == datetime.datetime(2026, 3, 31) and date.number_format == "dd/mm/yyyy"


def test_downloads_of_a_corrected_cutoff_carry_the_new_version(client, seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=datetime.date(2026, 3, 31))
    cutoff = reopen_for_correction(cutoff)
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4200").update(executed=D("0.05"))
    publish(cutoff, reason="Corrección del reporte de la meta 2276")
    seven = rows(client.get(BASE + "objetivos.csv"))[6]
    assert seven["cumplimiento"] == "100.00"
    assert seven["cumplimiento_publicado_inicialmente"] == "60.00"
    assert seven["version"] == "2"
    assert seven["motivo_correccion"] == "Corrección del reporte de la meta 2276"


def test_open_or_unknown_cutoffs_have_no_download(client, seeded):
    add_pes_june_cutoff()
    assert client.get("/datos-abiertos/pes-2024-2027/2026-06-30/objetivos.csv").status_code == 404
    assert client.get("/datos-abiertos/pes-2024-2027/2026-02-30/objetivos.csv").status_code == 404
    assert client.get("/datos-abiertos/no-existe/2026-03-31/objetivos.csv").status_code == 404
    assert client.get(BASE + "objetivos.pdf").status_code == 404


def test_index_links_each_plans_newest_cutoff_and_its_page_every_cutoff(client, seeded):
    publish(add_pes_june_cutoff())
    june = "/datos-abiertos/pes-2024-2027/2026-06-30/"
    html = client.get("/datos-abiertos/").content.decode()
    for dataset in ("objetivos", "indicadores"):
        for fmt in ("csv", "json", "xlsx"):
            assert f'href="{june}{dataset}.{fmt}"' in html
            assert f'href="/datos-abiertos/pei-2020-2024/2020-12-31/{dataset}.{fmt}"' in html
    assert BASE not in html  # an older cutoff: on the plan's own page only
    assert 'href="/datos-abiertos/pes-2024-2027/"' in html
    assert 'href="/datos-abiertos/diccionario/"' in html
    page = client.get("/datos-abiertos/pes-2024-2027/").content.decode()
    for date in (BASE, june):
        for dataset in ("plan", "objetivos", "indicadores"):
            for fmt in ("csv", "excel.csv", "json", "xlsx"):
                assert f'href="{date}{dataset}.{fmt}"' in page
    assert "/pei-2020-2024/" not in page


def test_dictionary_lists_every_field_with_its_type_and_meaning(client, seeded):
    html = client.get("/datos-abiertos/diccionario/").content.decode()
    for column in datasets.OBJECTIVE_COLUMNS + datasets.INDICATOR_COLUMNS:
        assert f"<code>{column.key}</code>" in html
    assert "Vacío (null) cuando ningún indicador estaba programado" in html
    dictionary = list(
        csv.DictReader(
            io.StringIO(content(client.get("/datos-abiertos/diccionario.csv")).decode("utf-8-sig"))
        )
    )
    assert len(dictionary) == sum(len(columns) for columns in datasets.COLUMNS.values())
    assert dictionary[len(datasets.PLAN_COLUMNS)] == {
        "conjunto": "objetivos",
        "campo": "plan",
        "tipo": "Texto",
        "descripcion": (
            "Identificador del plan, el mismo de su dirección web (por ejemplo pes-2024-2027)."
        ),
    }


def test_downloads_are_in_spanish_even_when_the_reader_chose_english(client, seeded):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    table = rows(client.get(BASE + "indicadores.csv"))
    assert {r["estado"] for r in table} >= {"Sobre-ejecución", "Rezago", "Cumplida"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # plan; snapshot versions; the cutoff's payloads
        ("/datos-abiertos/{slug}/{date}/objetivos.csv", 3),
        ("/datos-abiertos/{slug}/{date}/indicadores.json", 3),
        ("/datos-abiertos/{slug}/{date}/indicadores.xlsx", 3),
        # the published cutoff dates; the count of plans; one page of plans with their
        # entity; the metadata of the page's published snapshots (tests/test_lists.py pins
        # it at two numbers of plans)
        ("/datos-abiertos/", 5),  # with the stamp; the dates on a cache miss
        # the plan with its entity; its published cutoffs (opendata/tests/test_plan_page.py
        # pins it at two numbers of cutoffs)
        ("/datos-abiertos/{slug}/", 2),
        ("/datos-abiertos/diccionario/", 0),
    ],
)
def test_open_data_runs_a_fixed_number_of_queries(client, url, queries):
    counts = []
    for size in (10, 200):
        plan = make_plan(indicators=size)
        cutoff = Cutoff.objects.get(plan=plan)
        publish(cutoff)
        counts.append(count(client, url.format(slug=plan.slug, date=cutoff.date.isoformat())))
    assert counts == [queries, queries]
