"""Every page of the risk map runs the same number of SQL queries at any size of register."""

import pytest

from risks.models import FollowUp, RiskCutoff
from risks.tests.factories import make_register, planning_user, publish_corruption
from tests.queries import count


def first_risk(register):
    return register[2][0]


def cutoff_of(register):
    return RiskCutoff.objects.filter(organisation=register[0]).earliest("date")


# Internal pages start with four queries: session, user, the user's groups (plan.roles) and
# role assignments (plan.permissions: the organisations in the user's scope).
# The filter form adds two for this user, who reads every organisation: years, sectors (a
# chosen sector or entity adds its own: risks/tests/test_filter_scope.py).
PAGES = {
    # + the risks counted by kind and cell (risks.loading.load_map_counts); methodology,
    # probability and impact levels, cells; the chosen cell's first risks
    "dashboard": (12, lambda r: "/riesgos/?celda=residual-3-4"),
    # + the chosen entity's sector, processes, projects, units (filters); the counts; the grid;
    # the table by process or project
    "dashboard_entity": (16, lambda r: f"/riesgos/?entidad={r[0].code}"),
    # + the count of the risks without a current action plan and of the overdue follow-ups
    # (risks.alerts); a page of the list shown
    "alerts": (9, lambda r: "/riesgos/alertas/"),
    "alerts_page_2": (9, lambda r: "/riesgos/alertas/?pagina=2"),
    "alerts_search": (9, lambda r: f"/riesgos/alertas/?q={r[0].code}"),
    "alerts_overdue": (9, lambda r: "/riesgos/alertas/?lista=vencidos"),
    "alerts_overdue_page_2": (9, lambda r: "/riesgos/alertas/?lista=vencidos&pagina=2"),
    "alerts_overdue_search": (9, lambda r: f"/riesgos/alertas/?lista=vencidos&q={r[0].code}"),
    # + count and page of risks
    "register": (8, lambda r: "/riesgos/registro/"),
    # + the risk (owner, unit, assessment); controls, activities, follow-ups, cutoffs, answered
    # questions; history of the risk, assessment, controls and follow-ups; its controls as the
    # public row reads them, its current and its latest published version (risks.published)
    "risk_detail": (17, lambda r: f"/riesgos/{first_risk(r).pk}/"),
    # + the risk, whether it has activities; processes, projects, units (choices)
    "risk_edit": (9, lambda r: f"/riesgos/{first_risk(r).pk}/editar/"),
    # + the risk; methodology, its levels, questions, cells, scores and bands; the controls
    "assessment_edit": (13, lambda r: f"/riesgos/{first_risk(r).pk}/valoracion/"),
    # + the risk, its activities
    "action_plan_edit": (6, lambda r: f"/riesgos/{first_risk(r).pk}/plan-de-accion/"),
    # + cutoffs, the risks followed at the chosen one, their follow-ups there
    "follow_ups": (7, lambda r: f"/riesgos/seguimiento/?corte={cutoff_of(r).pk}"),
    # + the risk, the cutoff, its follow-up
    "follow_up_edit": (7, lambda r: f"/riesgos/{first_risk(r).pk}/seguimiento/{cutoff_of(r).pk}/"),
    # + the follow-up with its risk, cutoff and reporter
    "follow_up_review": (
        5,
        lambda r: (
            f"/riesgos/seguimiento/{FollowUp.objects.filter(risk=first_risk(r)).get().pk}/revision/"
        ),
    ),
    # + risks (owner, unit, assessment, levels), their controls, their activities
    "export": (9, lambda r: "/riesgos/registro/exportar/"),
    # + the current methodology, the organisations (choices)
    "import": (6, lambda r: "/riesgos/registro/importar/"),
    # Public: years, the current published versions counted by zone, one page of them (rows
    # as published); + the signed-in user's session, user and groups for the site header
    "public_corruption": (6, lambda r: "/riesgos/corrupcion/"),
    # + the chosen entity (among those that published), or a search by entity
    "public_corruption_entity": (7, lambda r: f"/riesgos/corrupcion/?entidad={r[0].code}"),
    "public_corruption_search": (6, lambda r: f"/riesgos/corrupcion/?q={r[0].code}"),
    "public_corruption_page_2": (6, lambda r: "/riesgos/corrupcion/?pagina=2"),
    # Years, every current published version (the file holds them all)
    "public_corruption_csv": (2, lambda r: "/riesgos/corrupcion/datos.csv"),
    "public_corruption_json": (2, lambda r: "/riesgos/corrupcion/datos.json"),
    "public_corruption_xlsx": (2, lambda r: "/riesgos/corrupcion/datos.xlsx"),
    # Public: methodology, levels, cells, scores, questions, bands; + session, user, groups
    "methodology": (10, lambda r: "/riesgos/metodologia/"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_grow_with_the_register(client, page):
    expected, url = PAGES[page]
    client.force_login(planning_user())
    small = make_register(4)
    publish_corruption(small[2])
    small_count = count(client, url(small))
    large = make_register(120)
    publish_corruption(large[2])
    large_count = count(client, url(large))
    assert (small_count, large_count) == (expected, expected)


@pytest.mark.django_db
def test_the_directors_pages_and_the_public_map_keep_their_counts_at_district_scale(client):
    """Many entities and years, with risks overdue and without a current plan (the bench's
    L, issue 15): the heat maps, the alerts and the public map run the queries they run for
    one small register."""
    client.force_login(planning_user())
    for n in range(12):
        register = make_register(8, year=2024 + n % 2)
        publish_corruption(register[2])
    for page in ("dashboard", "alerts", "alerts_page_2", "public_corruption"):
        expected, url = PAGES[page]
        assert count(client, url(register)) == expected, page
