"""The public corruption risk map (Ley 1474 de 2011, art. 73) and its open data, no login."""

import csv
import io
import json

from openpyxl import load_workbook

from risks.models import Risk
from risks.published import PublishedRiskVersion
from risks.tests.factories import publish_corruption
from tests.downloads import content


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
    publish_corruption(risks)
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
    publish_corruption(risks)
    query = {"vigencia": "2025", "entidad": organisation.code}
    n = sum(1 for r in risks if r.kind == "corruption")
    as_json = json.loads(content(client.get("/riesgos/corrupcion/datos.json", query)))
    rows = as_json["riesgos"]
    assert len(rows) == n and as_json["vigencia"] == "2025"
    assert all(isinstance(v, str) for row in rows for v in row.values())
    response = client.get("/riesgos/corrupcion/datos.csv", query)
    assert response["Content-Disposition"] == (
        'attachment; filename="mapa-riesgos-corrupcion-2025.csv"'
    )
    table = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert table[0][:3] == ["Entidad", "Vigencia", "Código"]
    assert [r[2] for r in table[1:]] == [r["codigo"] for r in rows]
    book = load_workbook(io.BytesIO(content(client.get("/riesgos/corrupcion/datos.xlsx", query))))
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


# --- Publication reviewed by the planning office (issue 14, finding 7) ---------------------


def test_a_new_or_changed_corruption_risk_is_public_only_once_published(register, client):
    from risks.tests.factories import planning_user, reporter_user

    organisation, units, risks = register
    risk = next(r for r in risks if r.kind == "corruption")
    query = {"vigencia": "2025", "entidad": organisation.code}
    urls = [
        "/riesgos/corrupcion/",
        "/riesgos/corrupcion/datos.json",
        "/riesgos/corrupcion/datos.csv",
    ]
    for url in urls:  # new: not public yet
        assert risk.code not in content(client.get(url, query)).decode(), url
    planner, writer = planning_user("planeacion-1"), planning_user("planeacion-2")
    reporter = reporter_user(units[0], "reportante-x")
    publish = f"/riesgos/{risk.pk}/publicar/"
    client.force_login(reporter)
    assert client.post(publish).status_code == 403
    client.force_login(planner)
    detail = client.get(f"/riesgos/{risk.pk}/").content.decode()
    assert "Aún no se ha publicado" in detail and "Publicar en el mapa de corrupción" in detail
    assert client.post(publish).status_code == 302
    client.logout()
    for url in urls:
        assert risk.name in content(client.get(url, query)).decode(), url
    # Changed: the public map keeps the published version until the office publishes again.
    Risk.objects.get(pk=risk.pk)._history_user = writer
    changed = Risk.objects.get(pk=risk.pk)
    changed.name = "Posibilidad de recibir dádivas al adjudicar contratos"
    changed._history_user = writer
    changed.save()
    for url in urls:
        page = content(client.get(url, query)).decode()
        assert risk.name in page and changed.name not in page, url
    client.force_login(planner)
    assert "Tiene cambios sin publicar" in client.get(f"/riesgos/{risk.pk}/").content.decode()
    client.post(publish)
    client.logout()
    assert changed.name in content(client.get(urls[1], query)).decode()
    versions = list(risk.published_versions.order_by("version"))
    assert [v.version for v in versions] == [1, 2] and [v.is_current for v in versions] == [
        False,
        True,
    ]
    assert versions[1].published_by == planner and versions[1].written_by == writer
    assert versions[0].row["riesgo"] == risk.name  # the first published text stays


def test_a_published_version_stores_the_zone_its_row_shows(register):
    """The public map counts by the residual zone stored beside the row (an index answers
    it); every version keeps the two the same, an unassessed risk's zone blank."""
    from risks.models import Assessment
    from risks.published import PublishedRiskVersion

    _org, _units, risks = register
    corruption = [r for r in risks if r.kind == "corruption"]
    Assessment.objects.filter(risk=corruption[0]).delete()
    publish_corruption(risks)
    versions = list(PublishedRiskVersion.objects.all())  # the seed's too, on PostgreSQL
    assert len([v for v in versions if v.risk_id in {r.id for r in risks}]) == len(corruption)
    assert all(v.residual_zone == (v.row["zona_residual_codigo"] or "") for v in versions)
    assert {v.residual_zone for v in versions if v.risk_id == corruption[0].id} == {""}


def test_the_years_offered_are_those_with_current_versions_newest_first(register, client):
    _organisation, _units, risks = register
    publish_corruption(risks)
    current = PublishedRiskVersion.objects.filter(is_current=True)
    years = sorted(set(current.values_list("year", flat=True)), reverse=True)
    assert client.get("/riesgos/corrupcion/").context["years"] == years
    PublishedRiskVersion.objects.filter(year=years[0]).update(is_current=False)
    assert client.get("/riesgos/corrupcion/").context["years"] == years[1:]


def test_published_texts_and_entity_names_are_escaped_in_the_tables(register, client):
    organisation, _units, risks = register
    publish_corruption(risks)
    organisation.name = "Entidad <b>& Cía</b>"
    organisation.save(update_fields=["name"])
    version = PublishedRiskVersion.objects.filter(is_current=True).first()
    version.row |= {"riesgo": "<script>x</script>", "controles_lista": [["<i>c</i>", "A", "B"]]}
    version.save(update_fields=["row"])
    page = client.get("/riesgos/corrupcion/", {"vigencia": str(version.year)}).content.decode()
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<li>&lt;i&gt;c&lt;/i&gt; <span" in page
    assert "Entidad &lt;b&gt;&amp; Cía&lt;/b&gt;" in page and "<b>&" not in page
