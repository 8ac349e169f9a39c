"""An entity's planning office, a sector head and a unit's reporter run the same number of
queries on the risk map and accountability pages whatever the size of the register: the
scope is a filter inside the queries (issue 15), never one query per row."""

from __future__ import annotations

import pytest

from accountability.tests.factories import make_strategy
from plan import people
from plan.models import Unit
from risks.models import RiskCutoff
from risks.tests.factories import make_register, user_with
from tests.district import make_district
from tests.queries import count


def urls(risk, cutoff, event):
    return [
        "/riesgos/registro/",
        f"/riesgos/{risk.pk}/",
        f"/riesgos/seguimiento/?corte={cutoff.pk}",
        f"/riesgos/{risk.pk}/plan-de-accion/",
        "/rendicion-de-cuentas/gestion/",
        f"/rendicion-de-cuentas/gestion/espacios/{event.slug}/",
    ]


def counts(client, user, pages):
    client.force_login(user)
    return [count(client, url) for url in pages]


def register_of(d, code, size):
    org = d.orgs[code]
    second = Unit.objects.create(organisation=org, code=f"{code}-2", name=f"Otra {code}")
    _org, _units, risks = make_register(size, organisation=org, units=[d.units[code], second])
    cutoff = RiskCutoff.objects.filter(organisation=org).earliest("date")
    event = make_strategy(size, year=2024, unit=d.units[code]).events.order_by("id").first()
    return risks[0], cutoff, event


@pytest.mark.django_db
def test_scoped_people_run_the_same_queries_at_two_sizes(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    d = make_district()
    small = urls(*register_of(d, "a", 3))
    large = urls(*register_of(d, "b", 30))
    rep_b = user_with(None, "rep_b")
    people.grant(rep_b, people.REPORTER, people.Where(people.UNIT, unit=d.units["b"]))
    pairs = [
        (d.users["plan_a"], d.users["plan_b"]),  # an entity's planning office
        (d.users["plan_s1"], d.users["plan_s1"]),  # the sector head reads both
        (d.users["rep_a"], rep_b),  # a unit's reporter
    ]
    for few, many in pairs:
        reads_only = few.username == "plan_s1"  # reads a's and b's registers, reports neither
        pages = [
            (s, la) for s, la in zip(small, large, strict=True) if not (reads_only and "plan-" in s)
        ]
        few_counts = counts(client, few, [s for s, _ in pages])
        assert few_counts == counts(client, many, [la for _, la in pages]), few.username
