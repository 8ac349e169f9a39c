"""People and an open cutoff on the seed data, for the reporting tests.

The PES 2024-2027 cutoff of 31/03/2026 is published in the seeds; ``open_cutoff`` reopens it
(with a reason, as the workflow demands). Indicator 4200 (the only one of objective 7, 0,03
executed of 0,05 programmed: 60 %) belongs to unit A, indicator 4075 to unit B.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User

from indicators.models import Indicator, Measurement
from plan.models import Cutoff, Organisation, Unit
from plan.roles import DIRECTOR, PLANNING, REPORTER
from reporting import services


def make_user(username, group=None, **extra):
    """A user without a password (tests sign in with force_login; hashing is slow)."""
    user = User(username=username, email=f"{username}@example.gov.co", **extra)
    user.set_unusable_password()
    user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def people(seeded):
    organisation = Organisation.objects.get(code="SGP")
    unit_a = Unit.objects.create(organisation=organisation, code="UA", name="Dependencia A")
    unit_b = Unit.objects.create(organisation=organisation, code="UB", name="Dependencia B")
    reporter_a = make_user("reportante_a", REPORTER, first_name="Ana")
    reporter_b = make_user("reportante_b", REPORTER, first_name="Beto")
    # Overlapping roles and memberships, all members of unit A: a Directivo never writes,
    # a Reportante promoted to Directivo loses write access, Planeación stays Planeación.
    director_member = make_user("directivo_miembro", DIRECTOR)
    promoted = make_user("reportante_ascendido", REPORTER)
    promoted.groups.add(Group.objects.get_or_create(name=DIRECTOR)[0])
    planner_member = make_user("planeacion_miembro", PLANNING)
    unit_a.members.add(reporter_a, director_member, promoted, planner_member)
    unit_b.members.add(reporter_b)
    pes = seeded["pes-2024-2027"]
    Indicator.objects.filter(plan=pes, code="4200").update(responsible_unit=unit_a)
    Indicator.objects.filter(plan=pes, code="4075").update(responsible_unit=unit_b)
    return SimpleNamespace(
        planner=make_user("planeacion", PLANNING, first_name="Paula"),
        director=make_user("directora", DIRECTOR),
        reporter_a=reporter_a,
        reporter_b=reporter_b,
        nobody=make_user("sin_rol"),
        director_member=director_member,
        promoted=promoted,
        planner_member=planner_member,
        unit_a=unit_a,
        unit_b=unit_b,
        pes=pes,
        cutoff=Cutoff.objects.get(plan=pes, date=datetime.date(2026, 3, 31)),
        i4200=Indicator.objects.get(plan=pes, code="4200"),
        i4075=Indicator.objects.get(plan=pes, code="4075"),
    )


@pytest.fixture
def open_cutoff(people):
    services.reopen_cutoff(people.cutoff, people.planner, "Corrección del reporte de la meta 2276")
    people.cutoff.refresh_from_db()
    return people.cutoff


@pytest.fixture
def returned_4200(people, open_cutoff):
    """4200's approved seed measurement returned to unit A with a comment."""
    measurement = Measurement.objects.get(cutoff=open_cutoff, indicator=people.i4200)
    services.review_measurement(
        measurement, people.planner, "return", "Falta el soporte del Producto 3."
    )
    return measurement


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def login(client, user):
    client.force_login(user)
    return client
