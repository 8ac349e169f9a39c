"""A small district for permission tests: two sectors, three entities, their plans and one
person per role and scope (DOMAIN.md, «Who may do what, at district scale»).

- Sector ``s1`` (a sector organisation with its sector plan, PES) holds entities ``a`` and
  ``b``; sector ``s2`` holds entity ``c``.
- The PES of ``s1`` has indicators reported by units of ``a`` and ``b``.
- People (usernames): ``plan_a``, ``plan_b``, ``plan_c`` (entity planning offices),
  ``plan_s1`` (the sector head's planning office), ``plan_district``, ``dir_a``, ``dir_s1``,
  ``dir_district``, ``rep_a`` (reporter of a's unit), ``dir_a_rep_a`` (a director of a who is
  also a member of a's unit), ``plan_a_dir_district`` (both), ``legacy_planning`` (group
  only: the single-entity deployment's district scope).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from plan import people, roles
from plan.models import Organisation, Plan, Unit
from tests.factories import make_plan


@dataclass
class District:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)


def _org(code: str, kind: str, sector: Organisation | None = None) -> Organisation:
    return Organisation.objects.create(
        code=code, name=f"Organización {code.upper()}", kind=kind, sector=sector
    )


def _person(d: District, username: str, *grants) -> None:
    user = get_user_model().objects.create_user(username, password="x-" + username)
    for role, place in grants:
        people.grant(user, role, place)
    d.users[username] = user


def make_district(status: str = "published") -> District:
    d = District()
    d.orgs["s1"] = _org("s1", "sector")
    d.orgs["s2"] = _org("s2", "sector")
    d.orgs["a"] = _org("a", "entity", d.orgs["s1"])
    d.orgs["b"] = _org("b", "entity", d.orgs["s1"])
    d.orgs["c"] = _org("c", "entity", d.orgs["s2"])
    for code in ("a", "b", "c", "s1"):
        d.plans[code] = make_plan(4, 2, status=status, organisation=d.orgs[code])
        d.units[code] = d.plans[code].organisation.units.get()
    pes = d.plans["s1"]
    pes.kind = "PES"
    pes.save()
    indicators = list(pes.indicators.order_by("id"))
    for indicator, code in zip(indicators, ("a", "b", "a", "s1"), strict=True):
        indicator.responsible_unit = d.units[code]
        indicator.save()
    _people(d)
    return d


def _people(d: District) -> None:
    P, D, R = people.AssignedRole.PLANNING, people.AssignedRole.DIRECTOR, people.REPORTER
    org = lambda code: people.Where(people.ORGANISATION, organisation=d.orgs[code])  # noqa: E731
    sector = people.Where(people.SECTOR, organisation=d.orgs["s1"])
    district = people.Where(people.DISTRICT)
    unit_a = people.Where(people.UNIT, unit=d.units["a"])
    for code in ("a", "b", "c"):
        _person(d, f"plan_{code}", (P, org(code)))
    _person(d, "plan_s1", (P, sector))
    _person(d, "plan_district", (P, district))
    _person(d, "dir_a", (D, org("a")))
    _person(d, "dir_s1", (D, sector))
    _person(d, "dir_district", (D, district))
    _person(d, "rep_a", (R, unit_a))
    _person(d, "dir_a_rep_a", (D, org("a")), (R, unit_a))
    _person(d, "plan_a_dir_district", (P, org("a")), (D, district))
    legacy = get_user_model().objects.create_user("legacy_planning", password="x")
    legacy.groups.add(Group.objects.get_or_create(name=roles.PLANNING)[0])
    d.users["legacy_planning"] = legacy
