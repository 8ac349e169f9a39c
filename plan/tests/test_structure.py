"""A plan without a published cutoff shows its structure to citizens, on its page and in the
open data, in a fixed number of queries."""

import csv
import io

import pytest

from tests.downloads import content
from tests.factories import make_plan, make_projects
from tests.queries import count
from tests.text import page_text as text

PAI = "/planes/pai-2024/"


def test_the_pai_without_cutoffs_shows_objectives_projects_processes_and_activities(client, seeded):
    page = text(client.get(PAI))
    assert "Sin seguimiento publicado" in page
    assert "construcción de la paz, la reparación, la memoria y la reconciliación" in page
    assert "7867 Generación de los lineamientos de comunicación del Distrito" in page
    assert "Presupuesto 2024" in page
    assert "1. Direccionamiento Estratégico (1 indicador)" in page
    assert "16. Evaluación del Sistema de Control Interno (2 indicadores)" in page
    assert "Plan Anual de Adquisiciones (2 indicadores)" in page
    assert "Generar 100 por ciento de los lineamientos distritales" in page
    assert "2024: 10" in page  # its yearly programming


def test_a_published_plan_does_not_show_the_structure_notice(client, seeded):
    assert "Sin seguimiento publicado" not in text(client.get("/planes/pes-2024-2027/"))


def read_csv(response):
    return list(csv.DictReader(io.StringIO(content(response).decode("utf-8-sig"))))


def test_the_structure_is_in_the_open_data_with_stable_urls(client, seeded):
    base = "/datos-abiertos/pai-2024/estructura/"
    indicators = read_csv(client.get(base + "indicadores.csv"))
    assert len(indicators) == 114  # 43 project goals, 46 process indicators, 25 activities
    kinds = {r["agrupacion"] for r in indicators}
    assert kinds == {"proyecto", "proceso", "plan_institucional"}
    first = next(r for r in indicators if r["nombre_agrupacion"].startswith("7867 "))
    assert first["vigencia"] == "2024" and first["programado_vigencia"] == "10"
    assert first["programado_total"] == "100"
    assert len(read_csv(client.get(base + "objetivos.csv"))) == 8
    projects = read_csv(client.get(base + "proyectos.csv"))
    assert {r["codigo_proyecto"] for r in projects} >= {"7867", "7873"}
    index = client.get("/datos-abiertos/").content.decode()
    assert f'href="{base}indicadores.excel.csv"' in index
    dictionary = client.get("/datos-abiertos/diccionario/").content.decode()
    assert "<code>programado_total</code>" in dictionary and "estructura/indicadores" in dictionary


def test_a_project_page_has_the_programming_of_the_whole_period(client, seeded):
    page = text(client.get("/proyectos/SG/7871/"))  # each project's goals are on its own page
    assert "Programación total del periodo" in page


@pytest.mark.django_db
def test_the_structure_page_and_download_cost_the_same_at_any_size(client):
    counts = []
    for size in (10, 200):
        plan = make_plan(indicators=size, status="open")
        projects = make_projects(size // 5)
        pages = (
            f"/planes/{plan.slug}/",
            f"/datos-abiertos/{plan.slug}/estructura/indicadores.csv",
            f"/datos-abiertos/{projects.slug}/estructura/proyectos.json",
        )
        counts.append([count(client, url) for url in pages])
    assert counts[0] == counts[1]
    # download: the plan, then objectives, goals, indicators, annual programming, objective
    # links and budgets (no budget query when the plan has no project: Django skips an empty IN)
    assert counts[0][1:] == [6, 7]
