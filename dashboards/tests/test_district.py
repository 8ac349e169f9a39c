"""The district overview: every objective of every plan as published up to a date, from the
stored figures, in a fixed number of queries."""

import datetime
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import district
from dashboards.tests.helpers import ROLES, user_with_role
from indicators.models import Measurement
from plan.models import Cutoff, ObjectiveFigure
from plan.publishing import publish
from plan.snapshots import ObjectiveCell, PlanFigures
from tests.factories import make_plan, reopen_for_correction

URL = "/tablero/distrito/"
MARCH = datetime.date(2026, 3, 31)


def text(response):
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def director(client, seeded):
    client.force_login(user_with_role("directora-distrito", ROLES["director"]))
    return client


def test_every_plan_shows_its_newest_publication_with_every_objective(director):
    page = text(director.get(URL + "?fecha=2026-11-30"))
    assert "2 de 3 planes con publicación a esta fecha." in page
    # Each cell names its objective: objective 1 is a different thing in each plan.
    assert (
        "Plan Estratégico Sectorial 2024-2027 Sector Gestión Pública "
        "105,97% (Satisfactorio) 31/03/2026 1. Talento humano distrital — (Sin dato) "
        "2. Paz y reconciliación 100,00% (Satisfactorio)" in page
    )
    assert "4. Bogotá abierta al mundo 183,33% (Satisfactorio)" in page
    assert "6. Gestión pública eficiente 98,48% (Satisfactorio)" in page
    assert (
        "59,71% (Crítico) 31/12/2020 1. Paz, memoria y reconciliación 49,02% (Crítico) "
        "2. Gobierno abierto 34,26% (Crítico)" in page
    )
    assert "Obj. 1" not in page
    assert "Plan de Acción Institucional 2024" in page
    assert "Sin publicación a esta fecha" in page
    # 16 objectives: 7 green, 3 yellow, 5 red, 1 without figure
    assert "16 objetivos en esas publicaciones." in page
    assert "Satisfactorio: 7 En riesgo: 3 Crítico: 5 Sin dato: 1" in page


def test_an_earlier_date_shows_what_was_published_by_then(director):
    page = text(director.get(URL + "?fecha=2021-01-01"))
    assert "hasta el 01/01/2021" in page
    assert "1 de 3 planes con publicación a esta fecha." in page
    assert "59,71% (Crítico) 31/12/2020" in page
    assert "31/03/2026" not in page


def test_a_correction_replaces_the_figures_and_says_which_version(director):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    cutoff = reopen_for_correction(cutoff)
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4200").update(executed=D("0.05"))
    publish(cutoff, reason="Corrección")
    page = text(director.get(URL))
    assert "31/03/2026 versión 2" in page
    assert "60,00%" not in page  # objective 7 is now 100 %


def test_a_reopened_cutoff_leaves_the_overview(director):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    reopen_for_correction(cutoff)
    page = text(director.get(URL))
    assert "1 de 3 planes con publicación a esta fecha." in page


def test_the_filter_and_the_order(director):
    red = text(director.get(URL + "?semaforo=red"))
    assert "Plan Estratégico Institucional 2020-2024" in red
    assert "Plan Estratégico Sectorial 2024-2027" not in red
    unpublished = text(director.get(URL + "?semaforo=unpublished"))
    assert "Plan de Acción Institucional 2024" in unpublished
    assert "Plan Estratégico Institucional 2020-2024" not in unpublished
    lowest_first = text(director.get(URL))
    assert lowest_first.index("Institucional 2020-2024") < lowest_first.index("Sectorial")
    assert lowest_first.index("Sectorial") < lowest_first.index("Acción Institucional 2024")


def test_bad_input_is_said_in_spanish_and_the_defaults_are_used(director):
    response = director.get(URL + "?fecha=31-02-2021&semaforo=morado")
    assert response.status_code == 200
    page = text(response)
    assert "Escriba la fecha como aaaa-mm-dd; se muestra la fecha de hoy." in page
    assert "2 de 3 planes con publicación a esta fecha." in page


def test_many_plans_are_paged_fifty_at_a_time(director):
    for _ in range(52):
        make_plan(indicators=1, objectives=2, status="open")
    first = text(director.get(URL + "?orden=name"))
    assert "Planes 1 a 50 de 55" in first and "Página 1 de 2" in first
    second = text(director.get(URL + "?orden=name&pagina=2"))
    assert "Planes 51 a 55 de 55" in second


def test_the_overview_reads_the_figures_stored_at_publication(director):
    """What the page shows is what publish() stored, not a recomputation."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    figure = ObjectiveFigure.objects.get(
        snapshot__cutoff__plan__slug="pes-2024-2027", snapshot__cutoff__date=MARCH, number=7
    )
    # Published rows are write-once (plan.immutability): alter it behind the models' back.
    state = MigrationExecutor(connection).loader.project_state().apps
    state.get_model("plan", "ObjectiveFigure").objects.filter(pk=figure.pk).update(
        compliance=D("12.3456"), colour="yellow"
    )
    page = text(director.get(URL))
    assert "12,35% (En riesgo)" in page and "60,00%" not in page


@pytest.mark.django_db
def test_the_overview_runs_seven_queries_whatever_the_number_of_plans(client):
    # session, user, groups, role assignments; plans; their newest publications; the
    # objective figures
    client.force_login(user_with_role("directora-cuenta", ROLES["director"]))
    counts = []
    for plans in (2, 20):
        for _ in range(plans):
            plan = make_plan(indicators=6)
            publish(Cutoff.objects.get(plan=plan))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts == [7, 7]


# --- The pure part ---------------------------------------------------------------------------


def figures(plan_id, compliance, colour, objectives=(), date=MARCH, name=None):
    return PlanFigures(
        plan_id=plan_id,
        slug=f"p{plan_id}",
        name=name or f"Plan {plan_id}",
        organisation="Entidad",
        date=date,
        version=1 if date else None,
        compliance=compliance,
        colour=colour,
        objectives=tuple(ObjectiveCell(n, f"O{n}", c, k) for n, c, k in objectives),
    )


def test_build_counts_every_plan_orders_and_aligns_the_objectives():
    plans = [
        figures(1, D(95), "green", [(1, D(95), "green"), (3, None, "grey")]),
        figures(2, D(40), "red", [(1, D(40), "red"), (2, D(80), "yellow")]),
        figures(3, None, "grey", [(1, None, "grey")]),
        PlanFigures(4, "p4", "Plan 4", "Entidad"),
    ]
    overview = district.build(MARCH, plans)
    assert [r.plan.plan_id for r in overview.rows] == [2, 1, 3, 4]
    assert overview.numbers == (1, 2, 3)
    assert overview.rows[1].cells[1] is None  # plan 1 has no objective 2
    assert (overview.plans, overview.published, overview.objectives) == (4, 3, 5)
    assert overview.plan_colours == {"green": 1, "yellow": 0, "red": 1, "grey": 1}
    assert overview.objective_colours == {"green": 1, "yellow": 1, "red": 1, "grey": 2}
    assert [r.plan.plan_id for r in district.build(MARCH, plans, "red").rows] == [2]
    unpublished = district.build(MARCH, plans, district.UNPUBLISHED).rows
    assert [r.plan.plan_id for r in unpublished] == [4]
    by_name = district.build(MARCH, plans, order=district.BY_NAME).rows
    assert [r.plan.plan_id for r in by_name] == [1, 2, 3, 4]
