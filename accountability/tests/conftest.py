import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from accountability.models import Commitment, Event, Question
from accountability.tests.factories import make_strategy, make_unit
from accountability.tests.people import user_with
from plan.roles import DIRECTOR, PLANNING, REPORTER


@pytest.fixture
def acc_seeded(seeded):
    """The 2023 accountability report (seed 004), loaded with every seed by the root conftest."""
    from accountability.models import Strategy

    return Strategy.objects.get(year=2023, organisation__code="SG")


@pytest.fixture
def live_acc_seeded(live_seeded):
    from accountability.models import Strategy

    return Strategy.objects.get(year=2023, organisation__code="SG")


@pytest.fixture
def world(db):
    """One event of unit A with an overdue unanswered question and an overdue commitment,
    and the five kinds of visitor."""
    today = timezone.localdate()
    unit_a, unit_b = make_unit(name="Unidad A"), None
    unit_b = make_unit(unit_a.organisation, name="Unidad B")
    strategy = make_strategy(1, unit=unit_a, year=today.year)
    event = Event.objects.get(strategy=strategy)
    event.questions.all().delete()  # keep only the ones below
    event.commitments.all().delete()
    question = Question.objects.create(
        event=event,
        text="¿Cuándo abren el nuevo SuperCADE?",
        asked_on=today - datetime.timedelta(days=40),
        channel="form",
        answering_unit=unit_a,
        answer_due=today - datetime.timedelta(days=25),
    )
    commitment = Commitment.objects.create(
        event=event,
        description="Publicar el informe de respuestas",
        responsible_unit=unit_a,
        due_date=today - datetime.timedelta(days=3),
        status="in_progress",
        progress=D(40),
    )
    return {
        "event": event,
        "question": question,
        "commitment": commitment,
        "own": user_with(REPORTER, unit_a, "propia"),
        "other": user_with(REPORTER, unit_b, "otra"),
        "director": user_with(DIRECTOR, name="directora"),
        "planning": user_with(PLANNING, name="planeacion"),
        "nobody": user_with(name="sinrol"),
        # Overlapping roles, all members of unit A.
        "director_member": user_with(DIRECTOR, unit_a, "dir2"),
        "promoted": user_with(REPORTER, unit_a, "ascendido", also=DIRECTOR),
        "planning_member": user_with(PLANNING, unit_a, "planeacion2"),
    }
