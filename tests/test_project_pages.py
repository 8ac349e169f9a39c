"""The investment project lists (a card per project) and each project's page (its goals in
full), public and directors', against the seed's published figures; their queries pinned at
two data sizes. Who reads which project's page: tests/test_permission_matrix_plans.py."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from dashboards.tests.helpers import ROLES, user_with_role
from indicators.models import CutoffProgramming, Indicator, Measurement
from plan import people
from plan.models import Cutoff, InvestmentProject, ProjectBudget
from public import project_list
from publication.publishing import publish
from tests.factories import make_projects, reopen_for_correction
from tests.queries import count
from tests.text import page_text as text

AUTH = 4  # session, user, the user's groups, the user's role assignments (scope)
PROJECT_7871 = "/proyectos/SG/7871/"


@pytest.fixture
def director(client, seeded):
    client.force_login(user_with_role("directora", ROLES["director"]))
    return client


# --- The lists: a card per project ----------------------------------------------------------


@pytest.mark.parametrize("url", ["/proyectos/", "/tablero/proyectos/"])
def test_each_project_is_a_card_with_its_budget_and_its_goals_counted(director, url):
    response = director.get(url)
    page = text(response)
    assert "Proyecto 7867: Generación de los lineamientos de comunicación" in page
    assert "Presupuesto 2024: $20.149 millones 2 metas" in page
    assert "Presupuesto 2024: $27.832 millones 12 metas" in page  # 7871
    assert "Presupuesto 2024 $88.286 millones" in page  # the seven projects together
    html = response.content.decode()
    assert html.count('class="card project-card"') == 7
    assert f'href="{url}SG/7867/"' in html
    # the goals' table is on each project's page only
    assert "Metas del proyecto" not in page and "Sin mediciones" not in page


def test_the_list_speaks_english_too(client, seeded):
    client.cookies["django_language"] = "en"
    page = text(client.get("/proyectos/"))
    assert "Project 7871:" in page and "2024 budget: $27,832 million 12 goals" in page


# --- A project's page: its goals in full ---------------------------------------------------


def test_the_public_project_page_shows_budget_goals_and_programming(client, seeded):
    page = text(client.get(PROJECT_7871))
    assert "Inicio Proyectos de inversión Proyecto 7871" in page
    assert "Proyecto 7871: Construcción de Bogotá-región como territorio de paz" in page
    assert "Secretaría General de la Alcaldía Mayor de Bogotá D.C." in page
    assert "Presupuesto 2024 $27.832 millones" in page
    assert "aún no hay mediciones de su avance físico" in page
    # goal 2: 1.039 pedagogical processes in the period, 80 in 2024; no measurement yet
    assert (
        "2. Realizar 1039 procesos pedagógicos para el fortalecimiento de iniciativas ciudadanas"
    ) in page
    assert "Número Suma 1.039 2024: 80 Sin mediciones" in page
    assert "Porcentaje Creciente 100 2024: 10 Sin mediciones" in page  # goal 1
    assert page.count("Sin mediciones") == 12


def test_the_directors_project_page_shows_the_same_goals_live(director):
    page = text(director.get("/tablero/proyectos/SG/7867/"))
    assert "Tablero directivo Proyectos de inversión Proyecto 7867" in page
    assert "Presupuesto 2024 $20.149 millones" in page
    assert "Porcentaje Creciente 100 2024: 10 Sin mediciones" in page
    assert "Porcentaje Constante 100 2024: 100 Sin mediciones" in page
    assert "Cifras en vivo" in page


def _measured_project():
    """A project of a plan whose first goal's indicator reported 5 of its 25 for the year (and
    of the 10 programmed at the cutoff) at the plan's cutoff, approved; the cutoff open."""
    plan = make_projects(2, goals=3)
    cutoff = reopen_for_correction(Cutoff.objects.get(plan=plan))
    project = InvestmentProject.objects.filter(goals__plan=plan).order_by("code").first()
    indicator = Indicator.objects.filter(goal__investment_project=project).order_by("id").first()
    CutoffProgramming.objects.create(indicator=indicator, cutoff=cutoff, programmed=D(10))
    Measurement.objects.create(indicator=indicator, cutoff=cutoff, executed=D(5), status="approved")
    return plan, cutoff, project


@pytest.mark.django_db
def test_a_project_page_shows_the_progress_of_its_goals(client):
    plan, cutoff, project = _measured_project()
    org = plan.organisation.code
    client.force_login(user_with_role("directora", ROLES["director"]))
    live = text(client.get(f"/tablero/proyectos/{org}/{project.code}/"))
    note = f"de la vigencia, al {cutoff.date:%d/%m/%Y}"
    assert f"Porcentaje Suma — 2025: 25 20,00% {note}" in live
    assert live.count("Sin mediciones") == 2
    client.logout()
    before = text(client.get(f"/proyectos/{org}/{project.code}/"))
    assert "20,00%" not in before  # the published version has no measurement yet
    publish(cutoff)
    published = text(client.get(f"/proyectos/{org}/{project.code}/"))
    assert f"Porcentaje Suma — 2025: 25 20,00% {note}" in published


@pytest.mark.parametrize(
    "url",
    [
        "/proyectos/SG/9999/",
        "/proyectos/nadie/7871/",
        "/proyectos/SGP/7871/",  # 7871 is the Secretaría General's, not its sector's
        "/tablero/proyectos/SG/9999/",
        "/tablero/proyectos/nadie/7871/",
    ],
)
def test_an_unknown_project_is_not_found(director, url):
    assert director.get(url).status_code == 404


def test_the_project_pages_are_linked_from_their_list(director):
    html = director.get("/proyectos/", {"q": "7871"}).content.decode()
    assert f'href="{PROJECT_7871}"' in html
    assert director.get(PROJECT_7871).status_code == 200


@pytest.mark.parametrize("code", ["2024/01", "A 1/ñ?#%"])
@pytest.mark.parametrize(
    ("listing", "prefix"), [("/proyectos/", ""), ("/tablero/proyectos/", "/tablero")]
)
def test_a_project_whose_code_holds_a_slash_opens_from_its_card(director, code, listing, prefix):
    """Nothing validates a project's code: «/», spaces and reserved characters included, its
    card links to its page and the page opens (a «/» in the code once matched no address)."""
    project = InvestmentProject.objects.get(code="7871")
    InvestmentProject.objects.filter(pk=project.pk).update(code=code)
    html = director.get(listing, {"q": "secretaria"}).content.decode()
    expected = reverse(
        f"{'dashboards:project' if prefix else 'plan:project_detail'}", args=["SG", code]
    )
    assert expected.startswith(f"{prefix}/proyectos/SG/") and f'href="{expected}"' in html
    page = director.get(expected)
    assert page.status_code == 200 and code in text(page)


# --- Constant number of queries ------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_list_runs_a_fixed_number_of_queries(client):
    # the count of projects; one page of them (sector, entity, goals counted); their budgets;
    # the stored budget totals (plan.budget_totals), never a sum over every budget
    counts = []
    for size in (2, 40):
        plan = make_projects(size)
        publish(Cutoff.objects.get(plan=plan))
        counts.append((count(client, "/proyectos/"), count(client, "/proyectos/")))
    assert counts == [(4, 4), (4, 4)]


@pytest.mark.django_db
def test_the_directors_list_runs_a_fixed_number_of_queries(client):
    # the count of projects in scope; one page of them; their budgets; the budget totals
    # (stored for a district director, summed over the scope for an entity's)
    district = user_with_role("directora", ROLES["director"])
    entity = user_with_role("directora_entidad", ROLES["director"])
    counts = []
    for size in (2, 40):
        plan = make_projects(size, goals=5)
        if size == 2:
            where = people.Where(people.ORGANISATION, organisation=plan.organisation)
            people.grant(entity, people.AssignedRole.DIRECTOR, where)
        for user in (district, entity):
            client.force_login(user)
            counts.append(count(client, "/tablero/proyectos/"))
    assert counts == [AUTH + 4] * 4


def test_a_changed_budget_shows_in_the_totals_at_once(client, seeded):
    assert "Presupuesto 2024 $88.286 millones" in text(client.get("/proyectos/"))
    budget = ProjectBudget.objects.get(project__code="7867", year=2024)
    budget.amount += D(1_000_000_000)
    budget.save()
    assert "Presupuesto 2024 $89.286 millones" in text(client.get("/proyectos/"))
    ProjectBudget.objects.create(project=budget.project, year=2025, amount=D(5_000_000))
    page = text(client.get("/proyectos/"))
    assert "Presupuesto 2025 $5 millones" in page
    # a card sums its years in one line; the project's page shows each
    assert "Presupuesto 2024–2025: $21.154 millones en total 2 metas" in page
    project = text(client.get("/proyectos/SG/7867/"))
    assert "Presupuesto 2024 $21.149 millones Presupuesto 2025 $5 millones" in project
    ProjectBudget.objects.get(project__code="7871", year=2024).delete()
    assert "Presupuesto 2024 $61.454 millones" in text(client.get("/proyectos/"))


@pytest.mark.django_db
def test_the_public_project_page_runs_a_fixed_number_of_queries(client):
    # the project with its organisation; its budgets; goals; their indicators; programming;
    # the newest publication of each plan of its goals
    counts = []
    for goals in (1, 15):
        plan = make_projects(3, goals=goals)
        publish(Cutoff.objects.get(plan=plan))
        project = InvestmentProject.objects.filter(goals__plan=plan).distinct().last()
        counts.append(count(client, f"/proyectos/{plan.organisation.code}/{project.code}/"))
    assert counts == [6, 6]


# --- The cards' text, without a database ----------------------------------------------------


def test_a_card_says_one_year_or_the_sum_of_several_in_one_line():
    words = project_list._words("plan:project_detail", "es")
    assert project_list._budget((2024, 2024, D("20149000000")), words) == (
        "Presupuesto 2024: $20.149 millones"
    )
    assert project_list._budget((2022, 2025, D("58723000000")), words) == (
        "Presupuesto 2022–2025: $58.723 millones en total"
    )
    assert project_list._budget(None, words) == "Presupuesto no publicado"
    assert [project_list._goals(n, words) for n in (0, 1, 12)] == [
        "Sin metas publicadas",
        "1 meta",
        "12 metas",
    ]


@pytest.mark.parametrize("code", ["7871", "A 1", "P-ñ", "2024/01", "a?b#c%d"])
def test_a_card_links_where_reverse_would(code):
    url = project_list.project_url("dashboards:project")
    assert url("sg-2", code) == reverse("dashboards:project", args=["sg-2", code])
