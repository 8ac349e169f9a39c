import pytest

from plan import roles
from risks.tests.factories import (
    director_user,
    make_register,
    planning_user,
    reporter_user,
    user_with,
)


@pytest.fixture
def register(db):
    """(organisation, [unit A, unit B], risks): risks alternate between the two units."""
    return make_register(6)


@pytest.fixture
def users(register):
    _organisation, units, _risks = register
    return {
        "planning": planning_user(),
        "director": director_user(),
        "own_unit": reporter_user(units[0], "reportante-a"),
        "other_unit": reporter_user(units[1], "reportante-b"),
        # Overlapping roles, all members of unit A (the own unit).
        "director_member": user_with(roles.DIRECTOR, "directivo-miembro", [units[0]]),
        "promoted": user_with(roles.REPORTER, "reportante-ascendido", [units[0]], roles.DIRECTOR),
        "planning_member": user_with(roles.PLANNING, "planeacion-miembro", [units[0]]),
    }


@pytest.fixture
def client_as(client, users):
    def login(role):
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return login
