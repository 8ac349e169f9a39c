"""Lists at district scale (issue 15, item 3): grouped by sector and entity, searched by name
and code without regard to accents or case, one page at a time, in a constant number of
queries."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from plan import listing, people, search_text
from plan.models import Cutoff, Organisation, Plan
from public import home_page
from publication.publishing import publish
from tests.district import make_district
from tests.factories import make_plan


def text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def headings(response, level: int) -> list[str]:
    html = response.content.decode()
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h)).strip() for h in found]


def test_fold_drops_accents_and_case():
    assert search_text.fold("Secretaría GENERAL Ñandú") == "secretaria general nandu"
    assert search_text.search_words("  Gestión   PÚBLICA ") == ["gestion", "publica"]
    assert search_text.search_words("") == []


def test_group_puts_consecutive_rows_under_their_sector_and_entity():
    rows = [("s1", "a", 1), ("s1", "a", 2), ("s1", "b", 3), (None, "z", 4)]
    groups = listing.group(rows, lambda r: (r[0], r[0], r[0]), lambda r: r[1])
    assert [
        (g.name, [(e.organisation, [r[2] for r in e.items]) for e in g.entities]) for g in groups
    ] == [
        ("s1", [("a", [1, 2]), ("b", [3])]),
        (None, [("z", [4])]),
    ]


@pytest.fixture
def district(db):
    d = make_district()
    lone = Organisation.objects.create(code="zona-rural", name="Ámbito Rural", kind="entity")
    d.plans["lone"] = make_plan(4, 2, organisation=lone)
    for plan in d.plans.values():
        publish(Cutoff.objects.get(plan=plan))
    return d


PAGES = ["/", "/datos-abiertos/"]


@pytest.mark.parametrize("url", PAGES)
def test_public_lists_group_plans_by_sector_then_entity_the_sector_first(client, district, url):
    response = client.get(url)
    sectors = headings(response, 2 if url == "/" else 3)
    s1, s2 = (f"Organización {code.upper()}" for code in ("s1", "s2"))
    assert sectors.index(s1) < sectors.index(s2) < sectors.index("Sin sector")
    entities = headings(response, 3 if url == "/" else 4)
    # the sector organisation (owner of the PES) first, then its entities by name
    first = entities.index("Organización S1")
    assert entities[first : first + 3] == ["Organización S1", "Organización A", "Organización B"]
    assert entities.index("Organización C") > first + 2
    assert "Ámbito Rural" in entities


@pytest.mark.parametrize("url", [*PAGES, "/tablero/"])
@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ambito", "Ámbito Rural"),  # an entity's name, without its accent
        ("ÁMBITO", "Ámbito Rural"),  # upper case with an accent
        ("zona-rural", "Ámbito Rural"),  # an entity's code
        ("organizacion s2", "Organización C"),  # a sector's name: its entities
    ],
)
def test_search_finds_plans_by_name_or_code_whatever_the_accents_and_case(
    client, district, url, query, found
):
    client.force_login(district.users["dir_district"])
    response = client.get(url, {"q": query})
    page = text(response)
    assert found in page
    assert "Organización A" not in page
    assert "Secretaría General" not in page


@pytest.mark.parametrize("url", [*PAGES, "/tablero/"])
def test_search_by_plan_name_and_slug(client, district, url):
    client.force_login(district.users["dir_district"])
    plan = district.plans["b"]
    for query in (plan.name.upper(), plan.slug):
        page = text(client.get(url, {"q": query}))
        assert plan.name in page and "Organización B" in page
        assert district.plans["a"].name + " " not in page
    assert "Ningún plan coincide con la búsqueda." in text(client.get(url, {"q": "nada-así"}))


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*PAGES, "/tablero/"])
def test_pages_of_plans_repeat_the_headers_of_what_they_show(client, url):
    client.force_login(make_district().users["dir_district"])
    size = home_page.PAGE_SIZE if url == "/" else listing.PAGE_SIZE
    more_than_a_page = range(size + 5)
    fill = lambda entity: [make_plan(2, 2, organisation=entity) for _ in more_than_a_page]  # noqa: E731
    first, _ = assert_pages_repeat_headers(client, url, fill, Plan.objects.count, size)
    assert 'rel="next"' in first.content.decode()
    # a page past the end is the last one
    assert "Página 2 de 2" in text(client.get(url, {"pagina": 99}))


def assert_pages_repeat_headers(client, url, fill, count, size=listing.PAGE_SIZE):
    """``fill(entity)`` gives one entity of one sector more than a page of ``size`` items
    (``count()`` items in all): both pages of ``url`` name the entity, the second its sector
    too. Returns the two pages."""
    sector = Organisation.objects.create(code="sgp", name="Sector Gestión Pública", kind="sector")
    entity = Organisation.objects.create(
        code="e", name="Entidad grande", kind="entity", sector=sector
    )
    fill(entity)
    total = count()
    first, second = client.get(url), client.get(url, {"pagina": 2})
    assert "Entidad grande" in text(first) and "Entidad grande" in text(second)
    assert "Sector Gestión Pública" in text(second)
    assert f"Se muestran 1 a {size} de {total}." in text(first)
    assert "Página 2 de 2" in text(second)
    return first, second


def assert_constant_queries(client, assert_num_queries, url, queries, role, sizes, grow, grown):
    """``url`` runs ``queries`` queries with each of ``sizes`` items in one big sector: ``role``
    (if any) signs in with it district-wide; ``grow(n, sector)`` adds n items and ``grown``
    counts the sector's items so far."""
    if role:
        user = get_user_model().objects.create_user("lista_" + role)
        people.grant(user, role, people.Where(people.DISTRICT))
        client.force_login(user)
    sector = Organisation.objects.create(code="big", name="Sector grande", kind="sector")
    for size in sizes:
        grow(size - grown(sector), sector)
        with assert_num_queries(queries):
            assert client.get(url).status_code == 200


def _add_plans(count: int, sector: Organisation):
    for k in range(count):
        entity = Organisation.objects.create(
            code=f"e{count}-{k}-{Organisation.objects.count()}",
            name=f"Entidad {k}",
            kind="entity",
            sector=sector,
        )
        publish(Cutoff.objects.get(plan=make_plan(2, 2, organisation=entity)))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the count of plans; one page of plans with entity and sector; their newest
        # publications (payload deferred)
        ("/", 4),  # with the district's stamp (the list is kept under it once rendered)
        ("/?q=entidad", 3),
        # the published cutoff dates; the count; the page; the page's snapshots' metadata
        ("/datos-abiertos/", 5),  # the stamp, and the dates on a miss
        ("/datos-abiertos/?q=entidad&pagina=2", 5),
        # session; user; groups; the user's role assignments; the count; the page; cutoffs
        ("/tablero/", 8),  # with the district's stamp
        ("/tablero/?q=entidad", 7),
    ],
)
def test_lists_run_the_same_queries_at_3_and_40_plans(
    client, django_assert_num_queries, url, queries
):
    role = people.AssignedRole.DIRECTOR if url.startswith("/tablero/") else None
    plans = (_add_plans, lambda sector: Plan.objects.filter(organisation__sector=sector).count())
    assert_constant_queries(client, django_assert_num_queries, url, queries, role, (3, 40), *plans)


def test_the_director_index_lists_only_the_plans_the_user_reads(client, district):
    client.force_login(district.users["dir_a"])
    page = text(client.get("/tablero/"))
    assert district.plans["a"].name + " " in page
    for code in ("b", "c", "lone"):
        assert district.plans[code].name + " " not in page
    client.force_login(district.users["dir_s1"])
    page = text(client.get("/tablero/"))
    for code in ("a", "b", "s1"):
        assert district.plans[code].name + " " in page
    assert district.plans["c"].name + " " not in page
    # Nothing changed in between: each kept list is keyed on the organisations read, so the
    # first director still sees only hers.
    client.force_login(district.users["dir_a"])
    again = text(client.get("/tablero/"))
    assert district.plans["a"].name + " " in again
    assert district.plans["b"].name + " " not in again


def test_each_plan_of_the_director_index_shows_its_newest_cutoff_and_links(client, district):
    """The index reads each plan's newest cutoff only (not the first, not all of them)."""
    plan = district.plans["a"]
    Cutoff.objects.create(plan=plan, date=datetime.date(2025, 9, 30), status="open")
    Cutoff.objects.create(plan=plan, date=datetime.date(2025, 3, 31), status="published")
    lone = Plan.objects.create(
        organisation=district.plans["lone"].organisation,
        slug="sin-cortes",
        kind="PEI",
        name="Plan sin cortes",
        start_year=2026,
        end_year=2029,
    )
    client.force_login(district.users["dir_district"])
    response = client.get("/tablero/")
    page, html = text(response), response.content.decode()
    assert f"{plan.name} Último corte: 30/09/2025 (Abierto)" in page
    assert f"{lone.name} Sin cortes" in page
    for path in ("", "indicadores/", "alertas/"):
        assert f'href="/tablero/{plan.slug}/{path}"' in html


def _director(client):
    user = get_user_model().objects.create_user("lectora")
    people.grant(user, people.AssignedRole.DIRECTOR, people.Where(people.DISTRICT))
    client.force_login(user)


@pytest.mark.parametrize("url", ["/proyectos/", "/tablero/proyectos/"])
def test_projects_are_searched_by_code_and_grouped_by_entity(client, seeded, url):
    _director(client)
    everything = client.get(url).content.decode()
    assert everything.count('class="card project-card"') > 1
    found = client.get(url, {"q": "7871"}).content.decode()
    assert found.count('class="card project-card"') == 1 and "Proyecto 7871" in found
    assert f'href="{url}SG/7871/"' in found
    assert "Secretaría General" in text(client.get(url, {"q": "7871"}))


def test_the_risk_register_is_searched_and_grouped_by_entity(client, seeded):
    from risks.models import Risk

    _director(client)
    risk = Risk.objects.order_by("-year", "code").first()
    everything = client.get("/riesgos/registro/").content.decode()
    assert everything.count('scope="rowgroup"') >= 1
    found = client.get("/riesgos/registro/", {"q": risk.code.lower()})
    assert f">{risk.code}</a>" in found.content.decode()
    assert "Secretaría General" in text(found)
    none = client.get("/riesgos/registro/", {"q": "nada-así-zzz"}).content.decode()
    assert "No hay riesgos con estos filtros." in none


@pytest.mark.django_db
def test_the_home_escapes_names_and_mission_once(client):
    """The home's cards are escaped in Python, once (public.home_html): markup typed
    in a name or a mission shows as text, and an ampersand is not escaped twice."""
    sector = Organisation.objects.create(code="s-x", name="Sector <b>X</b> & Co", kind="sector")
    entity = Organisation.objects.create(
        code="e-x", name="Entidad «A&B»", kind="entity", sector=sector
    )
    plan = make_plan(2, 2, organisation=entity)
    plan.name, plan.mission = "Plan <script>alert(1)</script>", "Servir & <i>cumplir</i>"
    plan.save()
    publish(Cutoff.objects.get(plan=plan))
    html = client.get("/").content.decode()
    assert "<script>alert(1)" not in html and "<i>cumplir" not in html and "<b>X" not in html
    assert "Plan &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Servir &amp; &lt;i&gt;cumplir&lt;/i&gt;" in html
    assert "Sector &lt;b&gt;X&lt;/b&gt; &amp; Co" in html
    assert "Entidad «A&amp;B»" in html
    assert "&amp;amp;" not in html and "&amp;lt;" not in html


@pytest.mark.django_db
def test_the_home_counts_plans_without_joins_and_reads_its_page_in_the_stored_order(client):
    """The COUNT of an unsearched home joins nothing (plan.listing.paginate's ``arrange``);
    its page is ordered by the organisations' stored places (plan.list_order), not by names."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _add_plans(3, Organisation.objects.create(code="sx", name="Sector X", kind="sector"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    sql = [q["sql"] for q in queries]
    counts = [q for q in sql if "COUNT(" in q and "plan_plan" in q and "MAX(" not in q]
    assert len(counts) == 1 and "JOIN" not in counts[0].upper()
    page = next(q for q in sql if "LIMIT" in q and '"plan_plan"."slug"' in q)
    order = page.upper().split("ORDER BY")[1]
    assert "LIST_POSITION" in order and '"NAME"' not in order.split(",")[0]
