"""The register and both alert lists head each entity's rows with its sector, named from the
sectors the page's filter read (plan.listing.sector_in) rather than from a join: right for
every scope, a sector's own risks under itself and an entity's under its sector."""

import datetime
import re

import pytest
from django.test import Client

from risks.models import Risk
from tests.district_registers import make_district_registers

USERS = ("dir_district", "dir_s1", "dir_a", "plan_c", "plan_a_dir_district")
PAGES = (
    "/riesgos/registro/?vigencia=2025",
    "/riesgos/alertas/?vigencia=2025",
    "/riesgos/alertas/?vigencia=2025&lista=vencidos",
)


@pytest.fixture
def world(db):
    return make_district_registers()


def headers(html: str) -> set[tuple[str, str]]:
    """(sector, entity) of each group row of the page's table."""
    found = re.findall(
        r'<span class="group-label">([^<]*) · (?:<a [^>]*>)?([^<]*)(?:</a>)?</span>', html
    )
    return set(found)


@pytest.mark.parametrize("username", USERS)
def test_each_entity_is_headed_by_its_own_sector_for_every_scope(world, username, monkeypatch):
    d, _r = world
    monkeypatch.setattr("risks.views.today", lambda: datetime.date(2025, 12, 31))
    client = Client()
    client.force_login(d.users[username])
    expected = {
        "Organización A": "Organización S1",
        "Organización B": "Organización S1",
        "Organización S1": "Organización S1",
        "Organización C": "Organización S2",
    }
    seen = set()
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200
        for sector, entity in headers(response.content.decode()):
            assert expected[entity] == sector, (url, entity, sector)
            seen.add(entity)
    readable = set(
        Risk.objects.visible_to(d.users[username])
        .filter(year=2025)
        .values_list("organisation__name", flat=True)
    )
    assert seen == readable and seen  # every entity read is listed, none is not
