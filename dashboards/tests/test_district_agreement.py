"""One read rule (plan.permissions.read_plans_q): for every person of the district world
(tests/district.py) the plans read by plan.scoping, the plans listed on the directors' index
and the plans the district overview lists (by sector) and opens (one plan) are the same set."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboards.tests.test_district import publish_all
from plan import permissions, scoping
from plan.models import Plan
from tests.district import make_district
from tests.district_scopes import READS, USERS

OVERVIEW = "/tablero/distrito/"
NOT_PLANS = {"distrito", "proyectos"}


def _links(response) -> list[str]:
    assert response.status_code == 200
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', response.content.decode())]


def _query(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def index_plans(client) -> set[str]:
    """Slugs of the plans on the directors' index (one page: the world has fewer than 50)."""
    found = set()
    for link in _links(client.get("/tablero/")):
        match = re.fullmatch(r"/tablero/([^/]+)/", link)
        if match and match[1] not in NOT_PLANS:
            found.add(match[1])
    return found


def overview_plans(client) -> set[str]:
    """Slugs of the plans the overview lists: every sector of its first level, then each
    sector's plans (second level)."""
    links = map(_query, _links(client.get(OVERVIEW)))
    sectors = {q["sector"] for q in links if "sector" in q and "plan" not in q}
    found = set()
    for sector in sectors:
        for q in map(_query, _links(client.get(OVERVIEW, {"sector": sector}))):
            if "plan" in q:
                found.add(q["plan"])
    return found


def opened_plans(client, slugs) -> set[str]:
    """The plans whose own level (third) the overview opens; 404 for the others."""
    opened = set()
    for slug in slugs:
        status = client.get(OVERVIEW, {"plan": slug}).status_code
        assert status in (200, 404), (slug, status)
        if status == 200:
            opened.add(slug)
    return opened


@pytest.mark.django_db
def test_every_person_reads_the_same_plans_on_every_page(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    d = make_district()
    publish_all(d)
    slug_of = {code: plan.slug for code, plan in d.plans.items()}
    every = set(Plan.objects.values_list("slug", flat=True))
    for username in USERS:
        user = d.users[username]
        rule = set(scoping.plans(user, permissions.READ).values_list("slug", flat=True))
        # the district's own plans, as DOMAIN.md says (tests/district_scopes.py)
        assert rule & set(slug_of.values()) == {slug_of[c] for c in READS[username]}, username
        client.force_login(user)
        assert index_plans(client) == rule, username
        assert overview_plans(client) == rule, username
        assert opened_plans(client, every) == rule, username
