"""The public corruption risk map (Ley 1474 de 2011, art. 73) and its open data, no login."""

import csv
import io
import json

from openpyxl import load_workbook

from risks.models import Risk


def test_citizens_see_the_seed_corruption_risks_and_no_management_risk(seeded, client):
    response = client.get("/riesgos/corrupcion/")
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["year"] == 2024
    assert len(response.context["risks"]) == 20
    assert "De 20 solo se publicó que existen, sin su valoración." in page
    assert "Riesgo de corrupción 1 del proceso Gestión Jurídica" in page
    assert "Riesgo de gestión" not in page


def test_assessed_corruption_risks_show_their_zone_and_controls(register, client):
    organisation, _units, risks = register
    response = client.get(
        "/riesgos/corrupcion/", {"vigencia": "2025", "entidad": organisation.code}
    )
    shown = response.context["risks"]
    corruption = [r for r in risks if r.kind == "corruption"]
    assert {r.code for r in shown} == {r.code for r in corruption}
    page = response.content.decode()
    control = next(c for r in corruption for c in r.controls.all())
    assert control.description in page
    zones = {risk.code: zone.label for risk, zone in response.context["rows"]}
    for risk in Risk.objects.filter(pk__in=[r.pk for r in corruption]).select_related("assessment"):
        assert zones[risk.code] == risk.assessment.get_residual_zone_display()


def test_open_data_in_csv_json_and_xlsx_say_the_same(register, client):
    organisation, _units, risks = register
    query = {"vigencia": "2025", "entidad": organisation.code}
    n = sum(1 for r in risks if r.kind == "corruption")
    as_json = json.loads(client.get("/riesgos/corrupcion/datos.json", query).content)
    rows = as_json["riesgos"]
    assert len(rows) == n and as_json["vigencia"] == "2025"
    assert all(isinstance(v, str) for row in rows for v in row.values())
    response = client.get("/riesgos/corrupcion/datos.csv", query)
    assert response["Content-Disposition"] == (
        'attachment; filename="mapa-riesgos-corrupcion-2025.csv"'
    )
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["Entidad", "Vigencia", "Código"]
    assert [r[2] for r in table[1:]] == [r["codigo"] for r in rows]
    book = load_workbook(io.BytesIO(client.get("/riesgos/corrupcion/datos.xlsx", query).content))
    sheet = book.active
    assert [c.value for c in sheet["C"]][1:] == [r["codigo"] for r in rows]
    assert [c.value for c in sheet["M"]][1:] == [r["zona_residual"] for r in rows]


def test_unknown_formats_years_and_entities_are_not_found(seeded, client):
    assert client.get("/riesgos/corrupcion/datos.pdf").status_code == 404
    assert client.get("/riesgos/corrupcion/", {"vigencia": "1999"}).status_code == 404
    assert client.get("/riesgos/corrupcion/", {"entidad": "nadie"}).status_code == 404


def test_the_methodology_page_prints_the_heat_map_cell_by_cell(seeded, client):
    response = client.get("/riesgos/metodologia/")
    rows = response.context["rows"]
    assert [row["probability"].name for row in rows][0] == "Muy alta"
    assert [str(zone.label) for zone in rows[0]["cells"]] == [
        "Alto",
        "Alto",
        "Alto",
        "Alto",
        "Extremo",
    ]
    assert "¿Ocasionar lesiones físicas o pérdida de vidas humanas?" in response.content.decode()
