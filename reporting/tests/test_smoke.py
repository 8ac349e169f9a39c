"""Every reporting page renders for the planning office (catches template errors early)."""

from reporting.tests.conftest import login


def test_every_reporting_page_renders_for_the_planning_office(client, people, open_cutoff):
    login(client, people.planner)
    c, i = open_cutoff.id, people.i4200.id
    for url in [
        "/reporte/",
        "/reporte/pendientes/",
        f"/reporte/cortes/{c}/",
        f"/reporte/cortes/{c}/historial/",
        f"/reporte/cortes/{c}/cerrar/",
        f"/reporte/cortes/{c}/indicadores/{i}/",
        f"/reporte/cortes/{c}/importar/",
        f"/reporte/indicadores/{i}/",
        "/reporte/estructura/importar/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    for url in [f"/reporte/cortes/{c}/libro.xlsx", "/reporte/planes/pes-2024-2027/estructura.xlsx"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.content[:2] == b"PK"
