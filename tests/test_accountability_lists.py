"""Accountability lists at district scale (issue 15, item 3): the public events, the citizens'
topics and the management list grouped by sector and entity, searched by name and code, one
page at a time in a constant number of queries; the yearly report of a year in which several
organisations rendered accounts."""

import pytest
from django.contrib.auth import get_user_model

from accountability import loading_events
from accountability.models import Event, Strategy
from accountability.tests.factories import make_strategy, make_unit
from plan import listing, people
from plan.models import Organisation
from tests.district_registers import make_district_registers
from tests.test_lists import (
    assert_constant_queries,
    assert_pages_repeat_headers,
    headings,
    text,
)

EVENTS, TOPICS, MANAGE = (
    "/rendicion-de-cuentas/",
    "/rendicion-de-cuentas/temas/",
    ("/rendicion-de-cuentas/gestion/"),
)


@pytest.fixture
def world(db):
    """Strategies of 2024 for a, b (sector s1), c (sector s2) and s1, one of an entity without
    sector; the first event of each of a, b, c, s1 is not public."""
    d, r = make_district_registers()
    lone = Organisation.objects.create(code="zona-rural", name="Ámbito Rural", kind="entity")
    r.lone = make_strategy(2, year=2024, unit=make_unit(lone))
    return d, r


def _sign_in(client, user):
    client.force_login(user)


def test_public_events_are_grouped_by_sector_then_entity_the_sector_first(client, world):
    response = client.get(EVENTS)
    sectors = headings(response, 2)
    assert sectors.index("Organización S1") < sectors.index("Organización S2")
    assert sectors.index("Organización S2") < sectors.index("Sin sector")
    entities = headings(response, 3)
    first = entities.index("Organización S1")
    assert entities[first : first + 3] == ["Organización S1", "Organización A", "Organización B"]
    assert entities.index("Ámbito Rural") == len(entities) - 1
    # only public events, each entity with the link to its own yearly report
    d, r = world
    assert r.event["a"].title not in text(response)
    assert "/rendicion-de-cuentas/2024/informe/?entidad=zona-rural" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "found", "absent"),
    [
        ("ambito", "Ámbito Rural", "Organización A"),  # an entity's name without accent
        ("ZONA-RURAL", "Ámbito Rural", "Organización A"),  # its code, upper case
        ("organizacion s2", "Organización C", "Organización A"),  # a sector: its entities
    ],
)
def test_public_events_are_searched_by_entity_or_sector(client, world, query, found, absent):
    page = text(client.get(EVENTS, {"q": query}))
    assert found in page and absent not in page


def test_public_events_are_searched_by_title(client, world):
    d, r = world
    event = r.lone.events.order_by("id").last()
    page = text(client.get(EVENTS, {"q": event.title.upper()}))
    assert event.title in page and "1 resultado para" in page
    assert "Ningún espacio coincide con la búsqueda." in text(client.get(EVENTS, {"q": "nada"}))


def test_topics_are_grouped_by_entity_and_searched(client, world):
    response = client.get(TOPICS)
    assert "Ámbito Rural" in headings(response, 3)
    assert "Temas" in headings(response, 4)
    page = text(client.get(TOPICS, {"q": "ámbito"}))
    assert "Ámbito Rural" in page and "Organización A" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", [EVENTS, MANAGE])
def test_pages_of_events_repeat_the_headers_of_what_they_show(client, url):
    user = get_user_model().objects.create_user("planeacion")
    people.grant(user, people.AssignedRole.PLANNING, people.Where(people.DISTRICT))
    _sign_in(client, user)
    size = loading_events.PAGE_SIZE if url == EVENTS else listing.PAGE_SIZE
    first, _ = assert_pages_repeat_headers(
        client,
        url,
        lambda entity: make_strategy(size + 5, year=2024, unit=make_unit(entity)),
        Event.objects.count,
        size,
    )
    assert len(first.context["page"].object_list) == size


def test_the_management_list_keeps_the_scope_and_searches_inside_it(client, world):
    d, r = world
    _sign_in(client, d.users["plan_a"])
    response = client.get(MANAGE)
    assert r.event["a"].title in text(response)  # its own non-public event
    shown = {e["strategy__organisation_id"] for e in response.context["page"].object_list}
    assert shown == {d.orgs["a"].pk}
    # another entity's name finds nothing: the search stays in the scope
    response = client.get(MANAGE, {"q": "organizacion b"})
    assert list(response.context["page"].object_list) == []
    _sign_in(client, d.users["plan_s1"])
    response = client.get(MANAGE, {"q": "organizacion b"})
    assert {e["strategy__organisation_id"] for e in response.context["page"].object_list} == {
        d.orgs["b"].pk
    }


# --- The yearly report when several organisations rendered accounts the same year ----------


def test_a_year_of_several_organisations_lists_their_reports(client, world):
    d, r = world
    response = client.get("/rendicion-de-cuentas/2024/informe/")
    assert response.status_code == 200
    page = text(response)
    for name in ("Organización A", "Organización B", "Organización C", "Ámbito Rural"):
        assert name in page
    sectors = headings(response, 2)
    assert sectors.index("Organización S1") < sectors.index("Sin sector")
    found = text(client.get("/rendicion-de-cuentas/2024/informe/", {"q": "zona-rural"}))
    assert "Ámbito Rural" in found and "Organización A" not in found


def test_the_report_of_one_organisation_is_chosen_by_its_code(client, world):
    d, r = world
    for code, strategy in (("zona-rural", r.lone), ("a", r.event["a"].strategy)):
        response = client.get("/rendicion-de-cuentas/2024/informe/", {"entidad": code})
        assert response.status_code == 200
        assert response.context["report"].strategy == strategy
    missing = client.get("/rendicion-de-cuentas/2024/informe/", {"entidad": "nadie"})
    assert missing.status_code == 404
    assert client.get("/rendicion-de-cuentas/1999/informe/").status_code == 404


def test_a_year_of_one_organisation_shows_its_report(client, db):
    strategy = make_strategy(2, year=2031)
    response = client.get("/rendicion-de-cuentas/2031/informe/")
    assert response.context["report"].strategy == strategy


def test_the_timeline_is_chosen_by_the_organisation_code(client, world):
    d, r = world
    _sign_in(client, d.users["plan_district"])
    response = client.get("/rendicion-de-cuentas/gestion/2024/cronograma/", {"entidad": "b"})
    assert response.context["page"].strategy.organisation == d.orgs["b"]
    # outside the scope: not found
    _sign_in(client, d.users["plan_a"])
    response = client.get("/rendicion-de-cuentas/gestion/2024/cronograma/", {"entidad": "b"})
    assert response.status_code == 404


# --- Constant queries at two data sizes ---------------------------------------------------------


def _organisations(count: int, sector: Organisation) -> None:
    for k in range(count):
        code = f"o{Organisation.objects.count()}-{k}"
        entity = Organisation.objects.create(
            code=code, name=f"Entidad {code}", kind="entity", sector=sector
        )
        make_strategy(2, year=2024, unit=make_unit(entity))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        (EVENTS, 2),  # the count of events; one page of them with strategy, entity, sector
        (EVENTS + "?q=entidad&pagina=2", 2),
        (TOPICS, 3),  # the count of strategies with topics; their page; their topics
        (TOPICS + "?q=entidad", 3),
        # the first two strategies of the year; the count; the page
        ("/rendicion-de-cuentas/2024/informe/", 3),
        ("/rendicion-de-cuentas/2024/informe/?q=entidad", 3),
        # session; user; groups; role assignments; the count; the page of events; unanswered
        # questions; commitments past due; follow-ups to review
        (MANAGE, 9),
        (MANAGE + "?q=entidad&pagina=2", 9),
    ],
)
def test_accountability_lists_run_the_same_queries_at_2_and_30_organisations(
    client, django_assert_num_queries, url, queries
):
    role = people.AssignedRole.PLANNING if url.startswith(MANAGE) else None
    strategies = Strategy.objects.filter
    grow = (_organisations, lambda sector: strategies(organisation__sector=sector).count())
    assert_constant_queries(client, django_assert_num_queries, url, queries, role, (2, 30), *grow)


def test_an_event_links_to_its_organisations_report(client, world):
    d, r = world
    event = r.lone.events.order_by("id").first()
    html = client.get(f"/rendicion-de-cuentas/espacios/{event.slug}/").content.decode()
    assert "/rendicion-de-cuentas/2024/informe/?entidad=zona-rural" in html


def test_the_to_do_lists_show_the_most_urgent_rows_and_say_there_are_more(
    client, world, monkeypatch
):
    from accountability import loading_manage

    d, r = world
    _sign_in(client, d.users["plan_district"])
    whole = client.get(MANAGE).context["todo"]
    assert len(whole.awaiting_answer) > 1 and not whole.more_awaiting
    monkeypatch.setattr(loading_manage, "MANAGE_ROWS", 1)
    response = client.get(MANAGE)
    todo = response.context["todo"]
    assert len(todo.awaiting_answer) == 1 and todo.more_awaiting
    assert todo.awaiting_answer[0]["id"] == whole.awaiting_answer[0]["id"]
    assert len(todo.past_due) == 1 and todo.more_past_due
    assert len(todo.to_review) == 1 and todo.more_to_review
    assert "Se muestran las 1 de plazo más cercano" in text(response)
