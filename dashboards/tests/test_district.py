"""The district overview: every objective of every plan as published up to a date, from the
stored figures, in a fixed number of queries."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection

from dashboards import district
from dashboards.tests.helpers import ROLES, user_with_role
from indicators.models import Measurement
from plan.formatting import format_percent
from plan.models import Cutoff, ObjectiveFigure, Plan, Snapshot
from publication.publishing import publish
from publication.snapshots import ObjectiveCell, PlanFigures
from tests.district import make_district
from tests.factories import make_plan, reopen_for_correction
from tests.queries import count
from tests.text import page_text as text

URL = "/tablero/distrito/"
MARCH = datetime.date(2026, 3, 31)


@pytest.fixture
def director(client, seeded):
    client.force_login(user_with_role("directora-distrito", ROLES["director"]))
    return client


def test_every_plan_shows_its_newest_publication_with_every_objective(director):
    page = text(director.get(URL + "?fecha=2026-11-30"))
    assert "2 de 3 planes con publicación a esta fecha." in page
    # 16 objectives: 7 green, 3 yellow, 5 red, 1 without figure
    assert "16 objetivos en esas publicaciones." in page
    assert "Satisfactorio: 7 En riesgo: 3 Crítico: 5 Sin dato: 1" in page
    page = text(director.get(URL + "?fecha=2026-11-30&sector=SGP")) + text(
        director.get(URL + "?fecha=2026-11-30&sector=sin-sector")
    )
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


def test_an_earlier_date_shows_what_was_published_by_then(director):
    page = text(director.get(URL + "?fecha=2021-01-01&q=plan"))
    assert "hasta el 01/01/2021" in page
    assert "59,71% (Crítico) 31/12/2020" in page
    assert "31/03/2026" not in page


def test_a_correction_replaces_the_figures_and_says_which_version(director):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    cutoff = reopen_for_correction(cutoff)
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4200").update(executed=D("0.05"))
    publish(cutoff, reason="Corrección")
    page = text(director.get(URL + "?sector=SGP"))
    assert "31/03/2026 versión 2" in page
    assert "60,00%" not in page  # objective 7 is now 100 %


def test_a_reopened_cutoff_leaves_the_overview(director):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    reopen_for_correction(cutoff)
    page = text(director.get(URL))
    assert "1 de 3 planes con publicación a esta fecha." in page


def test_the_filter_and_the_order(director):
    red = text(director.get(URL + "?semaforo=red&q=plan"))
    assert "Plan Estratégico Institucional 2020-2024" in red
    assert "Plan Estratégico Sectorial 2024-2027" not in red
    unpublished = text(director.get(URL + "?semaforo=unpublished&q=plan"))
    assert "Plan de Acción Institucional 2024" in unpublished
    assert "Plan Estratégico Institucional 2020-2024" not in unpublished
    lowest_first = text(director.get(URL + "?q=plan"))
    assert lowest_first.index("Institucional 2020-2024") < lowest_first.index("Sectorial")
    assert lowest_first.index("Sectorial") < lowest_first.index("Acción Institucional 2024")


def test_bad_input_is_said_in_spanish_and_the_defaults_are_used(director):
    response = director.get(URL + "?fecha=31-02-2021&semaforo=morado")
    assert response.status_code == 200
    page = text(response)
    assert "Escriba la fecha como aaaa-mm-dd; se muestra la fecha de hoy." in page
    assert "2 de 3 planes con publicación a esta fecha." in page


def test_many_plans_are_paged_twenty_five_at_a_time_like_every_list(director):
    for _ in range(27):
        make_plan(indicators=1, objectives=2, status="open")
    first = text(director.get(URL + "?orden=name&sector=sin-sector"))
    assert "Planes 1 a 25 de 27" in first and "Página 1 de 2" in first
    second = text(director.get(URL + "?orden=name&sector=sin-sector&pagina=2"))
    assert "Planes 26 a 27 de 27" in second


def test_the_overview_reads_the_figures_stored_at_publication(director):
    """What the page shows is what publish() stored, not a recomputation."""
    from django.db.migrations.executor import MigrationExecutor

    figure = ObjectiveFigure.objects.get(
        snapshot__cutoff__plan__slug="pes-2024-2027", snapshot__cutoff__date=MARCH, number=7
    )
    # Published rows are write-once (plan.immutability): alter it behind the models' back.
    state = MigrationExecutor(connection).loader.project_state().apps
    state.get_model("plan", "ObjectiveFigure").objects.filter(pk=figure.pk).update(
        compliance=D("12.3456"), colour="yellow"
    )
    page = text(director.get(URL + "?plan=pes-2024-2027"))
    assert "12,35% (En riesgo)" in page and "60,00%" not in page


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("?buscar=plan", "?q=plan"),
        (
            "?fecha=2026-03-31&buscar=sal%C3%BAd&orden=name",
            "?fecha=2026-03-31&orden=name&q=sal%C3%BAd",
        ),
        ("?buscar=viejo&q=nuevo", "?q=nuevo"),  # the new name wins
    ],
)
def test_the_old_search_parameter_redirects_permanently_to_q(director, old, new):
    """Bookmarks and shared links from before «buscar» became «q», like every other list."""
    response = director.get(URL + old)
    assert response.status_code == 301
    assert response["Location"] == URL + new


def test_the_search_box_is_q_and_finds_the_plans(director):
    response = director.get(URL + "?q=pes")
    page = response.content.decode()
    assert 'name="q"' in page and 'name="buscar"' not in page
    assert "Planes que coinciden con la búsqueda" in text(response)
    assert "pes-2024-2027" in page


# --- The pure part ---------------------------------------------------------------------------


# --- By sector, within the read scope (tests/district.py) --------------------------------


def publish_all(d):
    for plan in d.plans.values():
        publish(Cutoff.objects.get(plan=plan))


@pytest.fixture
def district_data(db):
    d = make_district()
    publish_all(d)
    return d


def stored(plan):
    return Snapshot.objects.get(cutoff__plan=plan).plan_compliance


def signed_in(client, d, username):
    client.force_login(d.users[username])
    return client


def test_a_sector_rolls_up_its_plans_as_the_page_says(client, district_data):
    """The sector's figure is the simple mean of its plans' stored compliances (the sector
    plan and its entities'), shown with 2 decimals rounded half up."""
    d = district_data
    page = text(signed_in(client, d, "dir_district").get(URL))
    values = [stored(d.plans[code]) for code in ("s1", "a", "b")]
    mean = sum(values) / 3
    expected = format_percent(mean, 2, "es")
    assert f"Organización S1 {expected} 3 de 3" in page
    assert f"Organización S2 {format_percent(stored(d.plans['c']), 2, 'es')} 1 de 1" in page
    assert "promedio simple, sin ponderar" in page
    # the seed reports are there too: 2 of their 3 plans are published
    assert "6 de 7 planes con publicación a esta fecha." in page


def test_a_sector_director_sees_its_sector_only(client, district_data):
    d = district_data
    browser = signed_in(client, d, "dir_s1")
    page = text(browser.get(URL))
    assert "Organización S1" in page and "Organización S2" not in page
    assert "3 de 3 planes con publicación a esta fecha." in page
    sector = text(browser.get(URL + "?sector=s1&orden=name"))
    assert sector.index("Organización A") < sector.index("Organización B")
    assert d.plans["c"].name not in text(browser.get(URL + "?q=plan"))
    assert browser.get(URL + f"?plan={d.plans['c'].slug}").status_code == 404
    assert browser.get(URL + f"?plan={d.plans['a'].slug}").status_code == 200


def test_an_entity_director_sees_its_entity_and_the_district_director_everything(
    client, district_data
):
    d = district_data
    page = text(signed_in(client, d, "dir_a").get(URL))
    # its entity's plan and the sector plan its units report in (as on the directors' pages)
    assert "2 de 2 planes con publicación a esta fecha." in page
    assert "Organización S1" in page and "Organización S2" not in page
    everything = text(signed_in(client, d, "dir_district").get(URL + "?orden=name"))
    assert everything.index("Organización S1") < everything.index("Organización S2")
    # the seed's sector comes after, by name
    assert everything.index("Organización S2") < everything.index("Sector Gestión Pública")


def test_a_reporter_reads_the_plans_of_its_units_organisation(client, district_data):
    """A Reportante reads the plans of its units' organisation and the sector plan they report
    in (plan.permissions.read_plans_q, as on the directors' pages), nothing else."""
    d = district_data
    browser = signed_in(client, d, "rep_a")
    assert "2 de 2 planes con publicación a esta fecha." in text(browser.get(URL))
    assert browser.get(URL + f"?plan={d.plans['a'].slug}").status_code == 200
    assert browser.get(URL + f"?plan={d.plans['s1'].slug}").status_code == 200
    assert browser.get(URL + f"?plan={d.plans['b'].slug}").status_code == 404


def test_entities_without_a_sector_are_grouped_last_under_sin_sector(client, district_data):
    d = district_data
    lone = make_plan(indicators=2, objectives=2)
    publish(Cutoff.objects.get(plan=lone))
    page = text(signed_in(client, d, "dir_district").get(URL + "?orden=name"))
    assert page.index("Organización S2") < page.index("Sin sector")
    group = text(client.get(URL + "?sector=sin-sector"))
    assert lone.name in group and d.plans["a"].name not in group


def test_search_by_entity_code_or_plan_name_and_the_plan_opens_its_objectives(
    client, district_data
):
    d = district_data
    browser = signed_in(client, d, "dir_district")
    by_code = text(browser.get(URL + "?q=b"))
    assert "Organización B" in by_code and "Organización C" not in by_code
    response = browser.get(URL + f"?plan={d.plans['a'].slug}&fecha=2026-11-30")
    html = response.content.decode()
    assert f'href="/tablero/{d.plans["a"].slug}/objetivos/1/?corte=2025-06-30"' in html
    assert "Organización S1" in text(response)  # the breadcrumb names its sector
    assert browser.get(URL + "?sector=no-such-sector").status_code == 404


def test_the_colour_filter_keeps_sectors_with_plans_of_that_colour(client, district_data):
    d = district_data
    browser = signed_in(client, d, "dir_district")
    colours = dict(Snapshot.objects.values_list("cutoff__plan__organisation__code", "plan_colour"))
    absent = next(c for c in ("green", "yellow", "red", "grey") if c not in colours.values())
    assert "Ningún sector coincide con el filtro." in text(browser.get(URL + f"?semaforo={absent}"))
    page = text(browser.get(URL + f"?semaforo={colours['c']}"))
    assert "Organización S2" in page


@pytest.mark.django_db
def test_every_level_runs_a_fixed_number_of_queries_whatever_the_number_of_plans(client):
    """Every level: session, user, groups, assignments, sector entities (5). Sectors: the
    district's stamp, then on a cache miss plans per sector, publications per sector and
    objective colours (6 · 9). A sector's plans: the sector, the stamp, on a miss its plans,
    their newest publications, the sector's objective colours, and the page's plans, their
    publications and objective figures for the rendered table (7 · 13); a search the same
    without the sector and its colours, and never kept: any text typed must not fill the
    cache (11 · 11). A plan: the plan and its objective figures (7), never kept."""
    d = make_district()
    publish_all(d)
    client.force_login(d.users["dir_s1"])
    urls = (URL, URL + "?sector=s1", URL + "?q=plan", URL + f"?plan={d.plans['a'].slug}")
    counts = []
    for extra in (0, 12):
        for _ in range(extra):
            plan = make_plan(indicators=3, objectives=2, organisation=d.orgs["a"])
            publish(Cutoff.objects.get(plan=plan))
        missed = [count(client, url) for url in urls]
        counts.append((missed, [count(client, url) for url in urls]))
    assert counts[0] == counts[1]
    assert counts[0] == ([9, 13, 11, 7], [6, 7, 11, 7])


@pytest.mark.django_db
def test_a_kept_aggregate_is_never_read_after_a_change_of_the_district(client):
    """The aggregates come from the cache until the district's stamp changes: a new plan, its
    publication and a plan deleted show at once on the sectors and on a sector's plans."""
    d = make_district()
    publish_all(d)
    browser = signed_in(client, d, "dir_district")
    urls = (URL, URL + "?sector=s1")
    pages = [tuple(text(browser.get(url)) for url in urls)]
    assert pages[0] == tuple(text(browser.get(url)) for url in urls)  # kept: the same
    plan = make_plan(indicators=3, objectives=2, organisation=d.orgs["a"])
    pages.append(tuple(text(browser.get(url)) for url in urls))
    publish(Cutoff.objects.get(plan=plan))
    pages.append(tuple(text(browser.get(url)) for url in urls))
    extra = Plan.objects.create(
        organisation=d.orgs["a"], slug="extra", name="Plan extra", start_year=2024, end_year=2027
    )
    pages.append(tuple(text(browser.get(url)) for url in urls))
    extra.delete()
    pages.append(tuple(text(browser.get(url)) for url in urls))
    for before, after in zip(pages[:3], pages[1:4], strict=True):
        assert before[0] != after[0] and before[1] != after[1]
    assert pages[4] == pages[2]
    assert plan.name in pages[2][1] and extra.name in pages[3][1]


# --- The pure part ---------------------------------------------------------------------------


def test_the_rollup_is_the_simple_mean_with_full_precision():
    assert district.rollup(D("100.0000") + D("59.7100") + D("0.0050"), 3) == (D("159.7150") / D(3))
    assert district.rollup(None, 0) is None
    assert district.rollup(D(0), 0) is None
    assert format_percent(district.rollup(D("0.0050") + D("0.0000"), 2), 2, "es") == "0,00%"
    assert format_percent(district.rollup(D("0.0100") + D("0.0000"), 2), 2, "es") == "0,01%"


def test_sectors_merge_order_and_filter():
    plans = [
        {"key": 1, "code": "s1", "sector_name": "Salud", "plans": 3, "entities": 2},
        {"key": 2, "code": "s2", "sector_name": "Ambiente", "plans": 1, "entities": 1},
        {"key": None, "code": None, "sector_name": None, "plans": 2, "entities": 2},
        {"key": 3, "code": "s3", "sector_name": "Cultura", "plans": 1, "entities": 0},
    ]
    published = {
        1: {
            "published": 3,
            "with_figure": 2,
            "total": D("150.0000"),
            "green": 1,
            "red": 1,
            "grey": 1,
        },
        2: {"published": 1, "with_figure": 1, "total": D("95.0000"), "green": 1},
        None: {"published": 1, "with_figure": 1, "total": D("40.0000"), "red": 1},
    }
    found = district.sectors(plans, published)
    assert found[0].compliance == D(75) and found[0].unpublished == 0
    assert found[2].code == district.NO_SECTOR and found[2].unpublished == 1
    assert found[3].compliance is None and found[3].colours["green"] == 0
    order = [s.code for s in district.order_sectors(found)]
    assert order == ["sin-sector", "s1", "s2", "s3"]  # lowest first; without a figure last
    by_name = [s.code for s in district.order_sectors(found, order=district.BY_NAME)]
    assert by_name == ["s2", "s3", "s1", "sin-sector"]
    assert [s.code for s in district.order_sectors(found, "red")] == ["sin-sector", "s1"]
    unpublished = district.order_sectors(found, district.UNPUBLISHED)
    assert [s.code for s in unpublished] == ["sin-sector", "s3"]
    totals = district.totals(found, {"green": 4, "red": 1})
    assert (totals.plans, totals.published, totals.objectives) == (7, 5, 5)
    assert totals.plan_colours == {"green": 2, "yellow": 0, "red": 2, "grey": 1}


def test_plans_are_filtered_by_colour_and_ordered_lowest_first_or_by_entity():
    rows = [(1, "B", "Plan 1"), (2, "A", "Plan 2"), (3, "A", "Plan 3"), (4, "C", "Plan 4")]
    newest = {1: (D("95"), "green"), 2: (D("40"), "red"), 3: (None, "grey")}
    assert district.order_plans(rows, newest) == [2, 1, 3, 4]
    assert district.order_plans(rows, newest, order=district.BY_NAME) == [2, 3, 1, 4]
    assert district.order_plans(rows, newest, "red") == [2]
    assert district.order_plans(rows, newest, district.UNPUBLISHED) == [4]


def test_align_puts_each_objective_under_its_number():
    def plan(plan_id, numbers):
        cells = tuple(ObjectiveCell(n, f"O{n}", D(50), "red") for n in numbers)
        return PlanFigures(plan_id, f"p{plan_id}", "P", "E", MARCH, 1, D(50), "red", cells)

    numbers, rows = district.align([plan(1, (1, 3)), plan(2, (1, 2))])
    assert numbers == (1, 2, 3)
    assert rows[0].cells[1] is None and rows[0].cells[2].number == 3
    assert rows[1].cells[2] is None


def test_the_search_reads_each_word_without_accents_or_capitals_and_the_sector_like_every_list(
    director,
):
    """The search box works as every other list's (plan.search_text): each word, accents and
    case aside, in a plan's name or slug, its entity's name or code, or its sector's."""
    entity = text(director.get(URL + "?fecha=2026-11-30&q=SECRETARIA alcaldia"))
    assert "Plan de Acción Institucional 2024" in entity
    assert "Plan Estratégico Institucional 2020-2024" in entity
    assert "Plan Estratégico Sectorial 2024-2027" not in entity  # the sector's own plan
    sector = text(director.get(URL + "?fecha=2026-11-30&q=gestion PUBLICA"))
    assert "Plan Estratégico Sectorial 2024-2027" in sector
    assert "Plan de Acción Institucional 2024" in sector  # its entity's, by the sector's name
    nothing = text(director.get(URL + "?fecha=2026-11-30&q=secretaria inexistente"))
    assert "Plan de Acción Institucional 2024" not in nothing
