"""Directors' pages compute live at any cutoff, open ones included."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from dashboards.tests.helpers import ROLES, add_pes_june_cutoff, user_with_role
from indicators.models import Indicator
from plan.models import Cutoff
from tests.downloads import content
from tests.factories import add_cutoffs, make_plan
from tests.queries import count
from tests.text import page_text as text

PES = "/tablero/pes-2024-2027/"


@pytest.fixture
def director(client, seeded):
    client.force_login(user_with_role("directora", ROLES["director"]))
    return client


@pytest.fixture
def june(seeded):
    return add_pes_june_cutoff()


@pytest.mark.parametrize(
    "query, shown",
    [
        pytest.param(
            "",
            [
                "Corte del 30/06/2026 (Abierto)",
                "Cumplimiento del plan 76,56%",
                "4. Bogotá abierta al mundo 112,50%",
            ],
            id="opens-on-the-newest-cutoff-even-if-open",
        ),
        pytest.param(
            "",
            [
                "31/03/2026 105,97% — 100,00% 100,00% 183,33%",
                "30/06/2026 76,56% — 100,00% 93,75% 112,50%",
                "Evolución del cumplimiento en 2 cortes, del 31/03/2026 al 30/06/2026.",
            ],
            id="the-trend-covers-every-cutoff-with-a-table",
        ),
        pytest.param(
            "?corte=2025-01-01",
            [
                "«2025-01-01» no es una fecha de corte de este plan",
                "Corte del 30/06/2026 (Abierto)",
            ],
            id="an-unknown-cutoff-says-so-and-shows-the-newest",
        ),
    ],
)
def test_the_dashboard_shows(director, june, query, shown):
    page = text(director.get(PES + query))
    for phrase in shown:
        assert phrase in page


def test_the_dashboard_at_the_published_cutoff_has_the_published_figures(director, june):
    page = text(director.get(PES + "?corte=2026-03-31"))
    assert "Corte del 31/03/2026 (Publicado)" in page
    assert "Cumplimiento del plan 105,97%" in page
    assert "4. Bogotá abierta al mundo 183,33%" in page
    assert "1. Talento humano distrital Sin indicadores programados al corte" in page
    html = director.get(PES + "?corte=2026-03-31").content.decode()
    assert 'data-figure="gauge-' not in html  # the scorecard's meters replaced the gauges
    assert html.count('data-testid="meter-fill"') == 9  # the plan and its 8 objectives


def test_comparing_two_cutoffs_shows_each_change(director, june):
    page = text(director.get(PES + "?corte=2026-06-30&comparar=2026-03-31"))
    assert "Cambios del 31/03/2026 al 30/06/2026" in page
    assert "4. Bogotá abierta al mundo 183,33% 112,50% -70,83" in page
    assert "Suscritos 266,67% 150,00% -116,67".lower() in page.lower()


def test_objective_panel_changes_with_the_cutoff(director, june):
    march = text(director.get(PES + "objetivos/4/?corte=2026-03-31"))
    assert "(50,00% × 100,00% + 50,00% × 266,67%) = 183,33%" in march
    june_page = text(director.get(PES + "objetivos/4/"))
    assert "(50,00% × 75,00% + 50,00% × 150,00%) = 112,50%" in june_page
    six = text(director.get(PES + "objetivos/6/?corte=2026-03-31"))
    assert "(50,00% × 100,00% + 50,00% × 96,97%) = 98,48%" in six
    assert (
        "4248 Número de prototipos desarrollados sobre retos prioritarios/estratégicos de "
        "ciudad 25 Excluido: no programado al corte" in six
    )


def test_objective_page_charts_programmed_against_executed_with_its_table(director, june):
    html = director.get(PES + "objetivos/6/?corte=2026-03-31").content.decode()
    assert 'data-figure="programmed-executed-chart"' in html
    page = text(director.get(PES + "objetivos/6/?corte=2026-03-31"))
    assert "4226 Servicio de asistencia técnica" in page
    assert "64,29% 64,29%" in page  # 0,45 of 0,70 programmed and executed


def test_indicator_table_lists_filters_and_sorts(director, june):
    page = director.get(PES + "indicadores/?corte=2026-03-31")
    table = page.context["table"]
    assert len(table.rows) == 17
    lagging = director.get(PES + "indicadores/?corte=2026-03-31&estado=lag").context["table"]
    assert sorted(r.record.code for r in lagging.rows) == ["", "4200"]
    six = director.get(PES + "indicadores/?corte=2026-03-31&objetivo=6").context["table"]
    assert len(six.rows) == 4
    ordered = director.get(PES + "indicadores/?corte=2026-03-31&sort=-progress_at_cutoff")
    assert ordered.context["table"].rows[0].record.code == "4075"
    kinds = director.get(PES + "indicadores/?corte=2026-03-31&tipo=strategic").context["table"]
    assert {r.record.goal_kind for r in kinds.rows} == {"strategic"}


def test_an_indicator_feeding_two_objectives_has_a_row_for_each_weight(director):
    rows = director.get("/tablero/pei-2020-2024/indicadores/").context["table"].rows
    weights = sorted(
        (r.record.objective_number, r.record.weight) for r in rows if r.record.code == "543"
    )
    assert [(n, str(w)) for n, w in weights] == [(2, "31.3400"), (3, "100.0000")]


def test_indicator_table_is_paginated(director, seeded):
    plan = make_plan(indicators=60)
    page = director.get(f"/tablero/{plan.slug}/indicadores/")
    assert len(page.context["table"].page.object_list) == 25
    assert "Página 1 de 4" in text(page)


def test_exports_have_the_tables_columns_and_colombian_formats_in_excel(director, june):
    url = PES + "indicadores/?corte=2026-03-31&estado=over&exportar="
    table = director.get(PES + "indicadores/?corte=2026-03-31").context["table"]
    headers = [str(c.header) for c in table.columns]
    csv_rows = list(csv.reader(io.StringIO(content(director.get(url + "csv")).decode("utf-8-sig"))))
    assert csv_rows[0] == headers
    (row,) = csv_rows[1:]
    values = dict(zip(headers, row, strict=True))
    assert values["Código"] == "4075"
    assert values["Avance al corte"] == "266.67"
    assert values["Estado"] == "Sobre-ejecución"
    assert values["Ponderación"] == "50"
    book = load_workbook(io.BytesIO(content(director.get(url + "xlsx")))).active
    assert [c.value for c in book[1]] == headers
    progress = book.cell(row=2, column=headers.index("Avance al corte") + 1)
    assert progress.value == pytest.approx(266.67)
    assert progress.number_format == '#,##0.00"%"'
    executed = book.cell(row=2, column=headers.index("Ejecutado") + 1)
    assert executed.value == 8 and executed.number_format == "#,##0"


def test_alerts_order_lags_by_gap_and_list_over_execution_and_missing_reports(director, june):
    march = director.get(PES + "alertas/?corte=2026-03-31").context["alerts"]
    assert [a.row.code or a.row.indicator[:6] for a in march.lag] == ["4200", "Modelo"]
    assert [str(a.points.quantize(1)) for a in march.lag] == ["40", "3"]
    assert [a.row.code for a in march.over] == ["4075"]
    assert march.not_reported == []
    later = director.get(PES + "alertas/").context["alerts"]
    assert [a.row.code for a in later.not_reported] == ["4226"]
    assert [a.row.code for a in later.lag] == ["4074", "4244"]


def test_indicator_history_spans_every_cutoff_and_year(director, june):
    indicator = Indicator.objects.get(plan__slug="pes-2024-2027", code="4075")
    page = text(director.get(f"{PES}indicadores/{indicator.id}/"))
    assert "30/06/2026 Abierto 17 6 9 150,00% 52,94% Sobre-ejecución" in page
    assert "31/03/2026 Publicado 17 3 8 266,67% 47,06% Sobre-ejecución" in page
    assert "2026 4. Bogotá abierta al mundo 50" in page
    assert "con una sobre ejecución de 5" in page


# --- Constant number of queries -------------------------------------------------------

AUTH = 4  # session, user, the user's groups, the user's role assignments (scope)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # plan; the history loader (9: the indicators' goals and units apart)
        ("/tablero/{slug}/?comparar={date}", 10),
        ("/tablero/{slug}/indicadores/{indicator}/", 10),
        # plan; cutoffs; the loader (8); the filter's indicator ids
        ("/tablero/{slug}/indicadores/", 11),
        ("/tablero/{slug}/indicadores/?exportar=xlsx", 11),
        # plan; cutoffs; the loader (8)
        ("/tablero/{slug}/objetivos/1/", 10),
        ("/tablero/{slug}/alertas/", 10),
        # the district's stamp; the count of plans in the user's scope; one page of them; their
        # cutoffs (the rendered list is then kept under the stamp: see test_lists)
        ("/tablero/", 4),
    ],
)
def test_directors_pages_run_a_fixed_number_of_queries(client, page, queries):
    client.force_login(user_with_role("directora", ROLES["director"]))
    counts = []
    for size, extra in ((10, 0), (200, 3)):
        plan = make_plan(indicators=size)
        add_cutoffs(plan, [datetime.date(2025, 7 + k, 28) for k in range(extra)])
        first = Cutoff.objects.filter(plan=plan).earliest("date")
        indicator = Indicator.objects.filter(plan=plan).order_by("id").first()
        url = page.format(slug=plan.slug, date=first.date.isoformat(), indicator=indicator.id)
        counts.append(count(client, url))
    assert counts == [AUTH + queries, AUTH + queries]


def test_objectives_sort_by_number_not_by_text(director, seeded):
    plan = make_plan(indicators=24, objectives=12)
    rows = director.get(f"/tablero/{plan.slug}/indicadores/?sort=-objective").context["table"]
    numbers = [r.record.objective_number for r in rows.paginated_rows]
    assert numbers[0] == 12 and numbers == sorted(numbers, reverse=True)
