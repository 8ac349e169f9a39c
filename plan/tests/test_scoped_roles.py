"""Roles held per organisation, sector and district: the rule of plan.permissions, inside the
queries and for one object, and the grant/revoke service and commands (plan.people)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from indicators.models import Indicator, Measurement
from plan import people, permissions, roles
from plan.assignments import RoleAssignment
from plan.models import Plan
from tests.district import make_district

pytestmark = pytest.mark.django_db

MANAGE, READ, REPORT, REVIEW = (
    permissions.MANAGE,
    permissions.READ,
    permissions.REPORT,
    permissions.REVIEW,
)


@pytest.fixture
def district():
    return make_district()


def plans(d, user, action):
    qs = permissions.restrict(Plan.objects.all(), user, action)
    names = {p.pk: code for code, p in d.plans.items()}
    return {names[pk] for pk in qs.values_list("pk", flat=True) if pk in names}


EXPECTED_PLANS = {
    # user: (manage, read)
    "plan_a": ({"a"}, {"a"}),
    "plan_b": ({"b"}, {"b"}),
    "plan_c": ({"c"}, {"c"}),
    "plan_s1": ({"s1"}, {"s1", "a", "b"}),
    "plan_district": ({"a", "b", "c", "s1"}, {"a", "b", "c", "s1"}),
    "legacy_planning": ({"a", "b", "c", "s1"}, {"a", "b", "c", "s1"}),
    "dir_a": (set(), {"a"}),
    "dir_s1": (set(), {"s1", "a", "b"}),
    "dir_district": (set(), {"a", "b", "c", "s1"}),
    "dir_a_rep_a": (set(), {"a"}),
    "plan_a_dir_district": ({"a"}, {"a", "b", "c", "s1"}),
    "rep_a": (set(), set()),
}


@pytest.mark.parametrize("username", sorted(EXPECTED_PLANS))
def test_plans_each_role_manages_and_reads(district, username):
    user = district.users[username]
    manage, read = EXPECTED_PLANS[username]
    assert plans(district, user, MANAGE) == manage
    assert plans(district, user, REVIEW) == manage
    assert plans(district, user, READ) == read
    for code, plan in district.plans.items():
        assert permissions.can(user, MANAGE, plan) is (code in manage), code
        assert permissions.can(user, READ, plan) is (code in read), code


def reportable(d, user):
    qs = permissions.restrict(Indicator.objects.all(), user, REPORT)
    return {(i.plan.organisation.code, i.responsible_unit.organisation.code) for i in qs}


def test_an_entity_reports_its_units_indicators_of_the_sector_plan(district):
    got = reportable(district, district.users["plan_a"])
    assert got == {("a", "a"), ("s1", "a")}
    assert reportable(district, district.users["rep_a"]) == {("a", "a"), ("s1", "a")}
    # The sector head reports its own plan, whoever's unit reports the indicator.
    assert reportable(district, district.users["plan_s1"]) == {
        ("s1", "a"),
        ("s1", "b"),
        ("s1", "s1"),
    }


def test_a_director_never_writes_even_as_a_unit_member(district):
    user = district.users["dir_a_rep_a"]
    assert roles.is_director(user) and user.units.exists()
    for action in (REPORT, REVIEW, MANAGE):
        assert not permissions.restrict(Indicator.objects.all(), user, action).exists()
        for indicator in Indicator.objects.all():
            assert not permissions.can(user, action, indicator)


def test_an_entity_reviews_only_its_own_plans_measurements(district):
    user = district.users["plan_a"]
    reviewable = permissions.restrict(Measurement.objects.all(), user, REVIEW)
    assert {m.indicator.plan.organisation.code for m in reviewable} == {"a"}
    sector = district.users["plan_s1"]
    reviewable = permissions.restrict(Measurement.objects.all(), sector, REVIEW)
    assert {m.indicator.plan.organisation.code for m in reviewable} == {"s1"}


def test_a_reporter_reads_its_units_drafts_and_its_organisations_approved_reports():
    district = make_district(status="open")
    ours = Measurement.objects.filter(indicator__plan__in=district.plans.values())
    ours.update(status="submitted")
    user = district.users["rep_a"]
    readable = permissions.restrict(ours, user, READ)
    assert {m.indicator.responsible_unit.organisation.code for m in readable} == {"a"}
    ours.update(status="approved")
    readable = permissions.restrict(ours, user, READ)
    orgs = {m.indicator.plan.organisation.code for m in readable}
    assert orgs == {"a", "s1"}  # never b's or c's plan


def test_grant_and_revoke_keep_the_group_in_step(district):
    user = get_user_model().objects.create_user("nueva")
    call_command("grant_role", "nueva", "Planeación", "--organisation", "a")
    user = get_user_model().objects.get(pk=user.pk)
    assert roles.is_planning(user)
    assert plans(district, user, MANAGE) == {"a"}
    call_command("grant_role", "nueva", "planeacion", "--sector", "s1")
    user = get_user_model().objects.get(pk=user.pk)
    assert plans(district, user, MANAGE) == {"a", "s1"}
    call_command("revoke_role", "nueva", "Planeación", "--organisation", "a")
    call_command("revoke_role", "nueva", "Planeación", "--sector", "s1")
    user = get_user_model().objects.get(pk=user.pk)
    # Revoking the last scoped role never leaves a bare group member (district scope).
    assert not roles.is_planning(user)
    assert plans(district, user, READ) == set()


def test_deleting_an_assignment_anywhere_removes_the_group(district):
    user = district.users["dir_a"]
    RoleAssignment.objects.filter(user=user).delete()
    user = get_user_model().objects.get(pk=user.pk)
    assert not roles.is_director(user)


def test_reporter_role_is_held_in_a_unit(district):
    call_command("grant_role", "plan_b", "Reportante", "--unit", "a/" + district.units["a"].code)
    user = get_user_model().objects.get(username="plan_b")
    assert roles.is_reporter(user) and user.units.filter(pk=district.units["a"].pk).exists()
    call_command("revoke_role", "plan_b", "reportante", "--unit", "a/" + district.units["a"].code)
    user = get_user_model().objects.get(username="plan_b")
    assert not roles.is_reporter(user)


@pytest.mark.parametrize(
    "args, message",
    [
        (["nadie", "Planeación", "--district"], "No existe el usuario «nadie»"),
        (["plan_a", "Jefe", "--district"], "Rol desconocido «Jefe»"),
        (["plan_a", "Planeación", "--organisation", "zz"], "No existe la organización «zz»"),
        (["plan_a", "Planeación", "--sector", "a"], "«a» no es un sector"),
        (["plan_a", "Planeación", "--organisation", "s1"], "«s1» es un sector"),
        (["plan_a", "Reportante", "--organisation", "a"], "se asigna en una dependencia"),
        (["plan_a", "Directivo", "--unit", "a/nada"], "No existe una única dependencia"),
    ],
)
def test_commands_refuse_bad_input_in_spanish(district, args, message):
    before = RoleAssignment.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *args)
    assert RoleAssignment.objects.count() == before


def test_a_person_needs_exactly_one_scope(district):
    with pytest.raises(people.RoleError, match="exactamente un alcance"):
        people.where(organisation="a", district=True)
