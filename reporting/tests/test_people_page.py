"""«Personas y roles»: the planning office manages the roles of its own scope, never another
entity's; bad input gets a Spanish message and changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from plan import roles
from plan.assignments import AssignedRole, RoleAssignment
from tests.district import make_district

pytestmark = pytest.mark.django_db
URL = reverse("reporting:people")
REVOKE = reverse("reporting:people_revoke")


@pytest.fixture
def district():
    return make_district()


def login(client, district, username):
    client.force_login(district.users[username])
    return client


def test_an_entity_office_sees_and_offers_only_its_own_scope(client, district):
    login(client, district, "plan_a")
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    shown = {name for name in district.users if f"<td>{name}</td>" in html}
    assert shown == {"plan_a", "rep_a", "dir_a", "dir_a_rep_a", "plan_a_dir_district"}
    choices = dict(page.context["form"].fields["place"].choices)
    assert f"org:{district.orgs['a'].pk}" in choices
    assert f"org:{district.orgs['b'].pk}" not in choices and "district" not in choices


def test_it_grants_within_its_scope_and_the_person_gets_the_role(client, district):
    newcomer = get_user_model().objects.create_user("nuevo")
    login(client, district, "plan_a")
    response = client.post(
        URL, {"username": "nuevo", "role": "planning", "place": f"org:{district.orgs['a'].pk}"}
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert assignment.organisation == district.orgs["a"]
    assert assignment.granted_by == district.users["plan_a"]
    assert roles.is_planning(get_user_model().objects.get(pk=newcomer.pk))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"username": "nadie", "role": "planning"}, "No existe una cuenta activa «nadie»"),
        ({"username": "rep_a", "role": "reporter"}, "se asigna en una dependencia"),
        ({"username": "rep_a", "role": "jefe"}, "Escoja una opción válida"),
    ],
)
def test_bad_input_is_refused_in_spanish_and_nothing_is_saved(client, district, data, message):
    login(client, district, "plan_a")
    before = RoleAssignment.objects.count()
    data.setdefault("place", f"org:{district.orgs['a'].pk}")
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert RoleAssignment.objects.count() == before


def test_it_cannot_grant_in_another_entity_or_the_district(client, district):
    login(client, district, "plan_a")
    for place in (f"org:{district.orgs['b'].pk}", "district", f"unit:{district.units['c'].pk}"):
        response = client.post(URL, {"username": "rep_a", "role": "director", "place": place})
        assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=district.users["rep_a"]).exists()


def test_it_revokes_in_its_scope_and_answers_404_outside(client, district):
    login(client, district, "plan_a")
    own = RoleAssignment.objects.get(user=district.users["dir_a"])
    other = RoleAssignment.objects.get(user=district.users["plan_b"])
    assert client.post(REVOKE, {"key": f"a:{other.pk}"}).status_code == 404
    assert client.post(REVOKE, {"key": "a:nada"}).status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists()
    assert client.post(REVOKE, {"key": f"a:{own.pk}"}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=own.pk).exists()
    assert not roles.is_director(get_user_model().objects.get(username="dir_a"))
    member = f"m:{district.units['a'].pk}:{district.users['rep_a'].pk}"
    assert client.post(REVOKE, {"key": member}).status_code == 302
    assert not district.units["a"].members.filter(username="rep_a").exists()


def test_an_office_cannot_revoke_its_own_planning_role(client, district):
    login(client, district, "plan_a")
    mine = RoleAssignment.objects.get(user=district.users["plan_a"])
    response = client.post(REVOKE, {"key": f"a:{mine.pk}"}, follow=True)
    assert "No puede retirarse a sí mismo" in response.content.decode()
    assert RoleAssignment.objects.filter(pk=mine.pk).exists()


@pytest.mark.parametrize("username", ["dir_district", "rep_a", "dir_a_rep_a"])
def test_only_planning_offices_reach_the_page(client, district, username):
    login(client, district, username)
    assert client.get(URL).status_code == 403
    target = RoleAssignment.objects.get(user=district.users["plan_b"])
    assert client.post(REVOKE, {"key": f"a:{target.pk}"}).status_code == 403


def test_the_page_runs_a_constant_number_of_queries(client, district):
    login(client, district, "plan_district")
    client.get(URL)
    small = count(client)
    for n in range(30):
        get_user_model().objects.create_user(f"extra{n}").units.add(district.units["a"])
    assert count(client) == small


def count(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_group_rows_are_who_role_scope_says_holds_the_role_by_group_alone(client, district):
    """plan.permissions.role_scope decides: the district's office sees a «grupo» row for each
    role held by membership of its group alone, none for a role that has an assignment."""
    from django.contrib.auth.models import Group

    both = get_user_model().objects.create_user("both_groups")
    for name in (roles.PLANNING, roles.DIRECTOR):
        both.groups.add(Group.objects.get_or_create(name=name)[0])
    RoleAssignment.objects.create(user=both, role=AssignedRole.DIRECTOR)
    login(client, district, "plan_district")
    rows = client.get(URL).context["page"].object_list
    grouped = {(r.username, r.role) for r in rows if r.key.startswith("g:")}
    assert grouped == {("legacy_planning", "Planeación"), ("both_groups", "Planeación")}


def test_the_group_rows_run_a_constant_number_of_queries(client, district):
    from django.contrib.auth.models import Group

    login(client, district, "plan_district")
    client.get(URL)
    small = count(client)
    planning = Group.objects.get(name=roles.PLANNING)
    for n in range(20):
        get_user_model().objects.create_user(f"grupo{n}").groups.add(planning)
    assert count(client) == small
