"""Citizens' pages: published figures only, read from the snapshots, in plain Spanish."""

import datetime
from decimal import Decimal as D

import pytest

from dashboards.tests.helpers import add_pes_june_cutoff
from indicators.models import CutoffProgramming, Indicator, Measurement
from plan.models import Cutoff
from publication.publishing import publish
from tests.factories import add_cutoffs, make_plan, reopen_for_correction
from tests.queries import count
from tests.text import page_text as text

PES = "/planes/pes-2024-2027/"
MARCH = datetime.date(2026, 3, 31)


def indicator_id(code):
    return Indicator.objects.get(plan__slug="pes-2024-2027", code=code).id


def test_home_shows_each_plan_with_its_latest_published_compliance(client, seeded):
    page = text(client.get("/"))
    assert "Secretaría General de la Alcaldía Mayor de Bogotá D.C." in page
    assert "Misión" in page and "Visión" in page
    assert "105,97% Satisfactorio cumplimiento del plan al 31/03/2026" in page
    assert "59,71% Crítico cumplimiento del plan al 31/12/2020" in page
    assert "Plan de Acción Institucional 2024" in page
    assert "Aún no hay cortes publicados." in page


def test_plan_page_sentence_counts_the_categories_its_badges_show(client, seeded):
    page = text(client.get(PES))
    # 98,48 % is «Satisfactorio»: the sentence counts it with its badge, not as «below».
    assert (
        "Al 31/03/2026: 6 objetivos en «Satisfactorio», 1 objetivo en «Crítico» y "
        "1 objetivo en «Sin dato»."
    ) in page
    assert "1. Talento humano distrital Sin indicadores programados al corte Sin dato" in page
    assert "4. Bogotá abierta al mundo 183,33% Satisfactorio" in page
    assert "6. Gestión pública eficiente 98,48% Satisfactorio" in page
    assert "Cumplimiento del plan 105,97% Satisfactorio" in page
    assert page.count("Satisfactorio") - page.count("«Satisfactorio»") == 7  # 6 + the plan


def test_plan_page_draws_no_chart_and_loads_no_plotly(client, seeded):
    html = client.get(PES).content.decode()
    assert "data-figure=" not in html and "plotly" not in html
    assert html.count('data-testid="meter-fill"') == 9  # the plan and its 8 objectives


def test_plan_page_gives_good_link_previews(client, seeded):
    html = client.get(PES).content.decode()
    assert "<title>Plan Estratégico Sectorial 2024-2027 · Tablero</title>" in html
    description = (
        "Plan Estratégico Sectorial 2024-2027: Al 31/03/2026: 6 objetivos en "
        "«Satisfactorio», 1 objetivo en «Crítico» y 1 objetivo en «Sin dato»."
    )
    assert f'<meta name="description" content="{description}">' in html
    assert f'<meta property="og:description" content="{description}">' in html
    assert '<meta property="og:title" content="Plan Estratégico Sectorial 2024-2027">' in html


def test_the_pei_sentence_counts_its_one_satisfactory_objective(client, seeded):
    page = text(client.get("/planes/pei-2020-2024/"))
    assert (
        "Al 31/12/2020: 1 objetivo en «Satisfactorio», 3 objetivos en «En riesgo» y "
        "4 objetivos en «Crítico»."
    ) in page
    assert "5. Servicio a la ciudadanía 96,53% Satisfactorio" in page
    assert "3. Gestión pública eficiente 0,00% Crítico" in page


def test_objective_page_explains_its_figure_with_the_published_numbers(client, seeded):
    page = text(client.get(PES + "objetivos/4/"))
    assert "Objetivo 4. Bogotá abierta al mundo" in page
    assert "183,33%" in page
    assert "(50,00% × 100,00% + 50,00% × 266,67%) = 183,33%" in page
    six = text(client.get(PES + "objetivos/6/"))
    assert "(50,00% × 100,00% + 50,00% × 96,97%) = 98,48%" in six
    assert "Índice de Gestión Pública Distrital (Puntos) 25 Excluido: no programado al corte" in six


def test_objective_without_programmed_indicators_says_so(client, seeded):
    page = text(client.get(PES + "objetivos/1/"))
    assert "Sin indicadores programados al corte" in page
    assert "0,00%" not in page


def test_indicator_page_shows_its_history_goal_objectives_and_analysis(client, seeded):
    page = text(client.get(f"{PES}indicadores/{indicator_id('4075')}/"))
    assert "4075 Número Instrumentos Estratégicos de Cooperación Internacional suscritos" in page
    assert "Meta sectorial 223-2153" in page
    assert "266,67%" in page and "Sobre-ejecución" in page
    assert "4. Bogotá abierta al mundo 50 50,00% Medido al corte" in page
    assert "31/03/2026 17 3 8 266,67% 47,06% Sobre-ejecución" in page
    assert "con una sobre ejecución de 5" in page


def test_methodology_works_an_example_from_the_plan_itself(client, seeded):
    pes = text(client.get(PES + "metodologia/"))
    assert "Indicadores programados al corte." in pes
    assert "El objetivo 6 (Gestión pública eficiente) al corte del 31/03/2026" in pes
    assert "(50,00% × 100,00% + 50,00% × 96,97%) = 98,48%" in pes
    pei = text(client.get("/planes/pei-2020-2024/metodologia/"))
    assert "Todos los indicadores de la vigencia." in pei
    assert "= 34,26%" in pei
    assert "Resolución No. 277 de 2020" in pei


def test_open_cutoffs_never_show_on_public_pages(client, seeded):
    add_pes_june_cutoff()
    page = text(client.get(PES))
    assert "30/06/2026" not in page
    assert "al 31/03/2026" in page
    asked = text(client.get(PES + "?corte=2026-06-30"))
    assert "«2026-06-30» no es una fecha de corte de este plan" in asked
    assert "Al 31/03/2026: 6 objetivos en «Satisfactorio»" in asked


def test_a_plan_without_published_cutoffs_says_so(client, db):
    plan = make_plan(indicators=5, status="open")
    assert "Este plan aún no tiene cortes publicados." in text(client.get(f"/planes/{plan.slug}/"))


def test_published_figures_do_not_change_when_the_data_changes(client, seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    # a published cutoff's measurements are locked; its programming changing shows the same
    CutoffProgramming.objects.filter(cutoff=cutoff, indicator__code="4075").update(programmed=6)
    assert "4. Bogotá abierta al mundo 183,33%" in text(client.get(PES))


def test_a_correction_shows_the_corrected_figure_beside_the_published_one(client, seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    cutoff = reopen_for_correction(cutoff)
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4200").update(executed=D("0.05"))
    publish(cutoff, reason="Corrección del reporte de la meta 2276")
    page = text(client.get(PES))
    assert "Cifras corregidas después de su publicación" in page
    assert "(versión 2)" in page
    assert "Motivo: Corrección del reporte de la meta 2276" in page
    assert "7. Gobierno abierto 100,00% Satisfactorio Publicado inicialmente: 60,00%" in page
    assert "Al 31/03/2026: 7 objetivos en «Satisfactorio» y 1 objetivo en «Sin dato»." in page
    objective = text(client.get(PES + "objetivos/7/"))
    assert "Publicado inicialmente: 60,00%" in objective


@pytest.mark.parametrize(
    "url",
    [
        PES + "objetivos/9/",
        "/planes/no-existe/",
        PES + "indicadores/999999/",
        "/planes/pai-2024/objetivos/1/",
    ],
)
def test_missing_things_are_a_spanish_404(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "No encontramos esta página" in response.content.decode()


def test_switching_to_english_changes_the_page_language_and_number_format(client, seeded):
    client.post("/i18n/setlang/", {"language": "en", "next": PES})
    html = client.get(PES).content.decode()
    assert '<html lang="en">' in html
    assert "183.33%" in html
    assert '<option value="en" lang="en" selected>' in html


# --- Constant number of queries -------------------------------------------------------


def published_plan(size):
    plan = make_plan(indicators=size)
    publish(Cutoff.objects.get(plan=plan))
    return plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # plan; snapshot versions (no payload); the selected cutoff's payloads; the stored
        # objective figures of every published cutoff up to it (the scorecard's trend)
        ("/planes/{slug}/", 4),
        # plan; snapshot versions (no payload); the selected cutoff's payloads
        ("/planes/{slug}/objetivos/1/", 3),
        ("/planes/{slug}/metodologia/", 3),
        # plan; every published snapshot with its payload
        ("/planes/{slug}/indicadores/{indicator}/", 2),
    ],
)
def test_public_plan_pages_run_a_fixed_number_of_queries(client, page, queries):
    counts = []
    for size, extra in ((10, 0), (200, 3)):
        plan = published_plan(size)
        add_cutoffs(plan, [datetime.date(2025, 7 + k, 28) for k in range(extra)])
        for cutoff in Cutoff.objects.filter(plan=plan, status="open"):
            publish(cutoff)
        first = Indicator.objects.filter(plan=plan).order_by("id").first()
        counts.append(count(client, page.format(slug=plan.slug, indicator=first.id)))
    assert counts == [queries, queries]


@pytest.mark.django_db
def test_home_runs_four_queries_however_many_plans_and_one_until_something_changes(client):
    # the district's stamp; the count of plans; one page of plans with their organisation;
    # the newest published snapshot of each plan of the page (payload deferred). Browsed page
    # by page, the rendered list is then kept until the stamp changes: the stamp alone. A
    # search is computed every time, stored nowhere.
    published_plan(10)
    small = count(client, "/"), count(client, "/"), count(client, "/?q=plan")
    for size in (50, 200):
        published_plan(size)
    assert small == (count(client, "/"), count(client, "/"), count(client, "/?q=plan"))
    assert small == (4, 1, 3)
    first, kept = text(client.get("/")), text(client.get("/"))
    assert first == kept
    published_plan(3)  # a new plan, published: the kept list is never read again
    assert text(client.get("/")) != kept


@pytest.mark.django_db
def test_the_open_data_index_is_kept_until_something_changes(client):
    # the stamp; the published dates; the count; the page; its cutoffs. Then the stamp alone,
    # until a publication: its plan and its date show at once.
    published_plan(10)
    assert (count(client, "/datos-abiertos/"), count(client, "/datos-abiertos/")) == (5, 1)
    assert count(client, "/datos-abiertos/?q=plan") == 4  # a search: never kept
    kept = text(client.get("/datos-abiertos/"))
    plan = published_plan(3)
    page = text(client.get("/datos-abiertos/"))
    assert page != kept and plan.name in page and plan.name not in kept


@pytest.mark.django_db
def test_the_methodology_page_states_the_denominator_of_the_plans_rule(client, seeded):
    pei = client.get("/planes/pei-2020-2024/metodologia/").content.decode()
    assert "cumplimiento = Σ (ponderación × avance) ÷ 100 (total declarado)" in pei
    pes = client.get("/planes/pes-2024-2027/metodologia/").content.decode()
    assert "÷ Σ (ponderación de los indicadores que cuentan)" in pes
