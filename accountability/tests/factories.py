"""Synthetic accountability data for tests (bulk inserts: a handful of queries at any size)."""

import datetime
import itertools
from decimal import Decimal as D

from accountability.models import (
    Activity,
    ActivityFollowUp,
    AttendanceRecord,
    CitizenTopic,
    Commitment,
    CommitmentFollowUp,
    DemographicRow,
    Document,
    Event,
    Question,
    Strategy,
)
from plan.models import Organisation, Unit

_sequence = itertools.count(1)


def make_unit(organisation=None, name=None) -> Unit:
    n = next(_sequence)
    if organisation is None:
        organisation, _ = Organisation.objects.get_or_create(
            code=f"acc-org-{n}", defaults={"name": f"Entidad {n}", "kind": "entity"}
        )
    return Unit.objects.create(organisation=organisation, code=f"AU{n}", name=name or f"Unidad {n}")


def make_strategy(size: int = 3, *, year: int | None = None, unit: Unit | None = None):
    """A strategy with ``size`` activities (with follow-ups), ``size`` events (one attendance
    record each, with demographics and documents), and per event ``size`` questions and
    ``size`` commitments (with follow-ups), ``size`` citizen topics. Returns the strategy."""
    n = next(_sequence)
    unit = unit or make_unit()
    organisation = unit.organisation
    year = year or 2000 + n
    strategy = Strategy.objects.create(
        organisation=organisation,
        year=year,
        title=f"Estrategia {year}",
        objective="Objetivo",
        report_title=f"Informe {year}",
        lead_unit=unit,
    )
    _activities(strategy, unit, year, size)
    events = _events(strategy, unit, n, year, size)
    _attendance(strategy, events, size)
    _questions_and_commitments(events, unit, size)
    CitizenTopic.objects.bulk_create(
        CitizenTopic(
            strategy=strategy,
            year=year,
            list_title="Temas",
            channel="Diálogos",
            order=k + 1,
            text=f"Tema {k}",
            included=bool(k % 2),
            included_in=events[0] if k % 2 else None,
        )
        for k in range(size)
    )
    return strategy


def _activities(strategy, unit, year, size) -> None:
    activities = Activity.objects.bulk_create(
        Activity(
            strategy=strategy,
            number=k + 1,
            name=f"Actividad {k + 1}",
            goal="Meta",
            evidence="Evidencia",
            responsible_text=unit.name,
            q2=True,
            q3=bool(k % 2),
            quarters_known=bool(k % 3),
        )
        for k in range(size)
    )
    Activity.responsible_units.through.objects.bulk_create(
        Activity.responsible_units.through(activity_id=a.pk, unit_id=unit.pk) for a in activities
    )
    ActivityFollowUp.objects.bulk_create(
        ActivityFollowUp(
            activity=a,
            date=datetime.date(year, 12, 31),
            status="done" if k % 2 else "partial",
            progress=D(100) if k % 2 else D(50),
            quarters_done="2,3",
            narrative="Hecho",
        )
        for k, a in enumerate(activities)
    )


def _events(strategy, unit, n, year, size) -> list[Event]:
    events = Event.objects.bulk_create(
        Event(
            strategy=strategy,
            slug=f"e-{n}-{k}",
            kind="hearing" if k == 0 else "dialogue",
            title=f"Espacio {n}-{k}",
            topic="Tema",
            date=datetime.date(year, 1 + k % 12, 1 + k % 28),
            modality="mixed",
            venue="Lugar",
        )
        for k in range(size)
    )
    Event.responsible_units.through.objects.bulk_create(
        Event.responsible_units.through(event_id=e.pk, unit_id=unit.pk) for e in events
    )
    return events


def _attendance(strategy, events, size) -> None:
    """One attendance record per event, with demographics, and two documents per event."""
    records = AttendanceRecord.objects.bulk_create(
        AttendanceRecord(
            strategy=strategy, order=k + 1, label=f"Asistencia {k}", attendance_forms=10 + k
        )
        for k in range(size)
    )
    AttendanceRecord.events.through.objects.bulk_create(
        AttendanceRecord.events.through(attendancerecord_id=r.pk, event_id=e.pk)
        for r, e in zip(records, events, strict=True)
    )
    DemographicRow.objects.bulk_create(
        DemographicRow(record=r, dimension=dim, category=cat, order=o, count=c)
        for r in records
        for o, (dim, cat, c) in enumerate(
            [("Sexo", "Mujeres", 6), ("Sexo", "Hombres", 4), ("Edad", "Adultos", 10)]
        )
    )
    Document.objects.bulk_create(
        Document(event=e, kind="record", title=f"Acta {k}", url="https://example.org/acta")
        for e in events
        for k in range(2)
    )


def _questions_and_commitments(events, unit, size) -> None:
    Question.objects.bulk_create(
        Question(
            event=e,
            text=f"Pregunta {k}",
            asked_on=e.date,
            channel="during_event",
            answering_unit=unit,
            answered_during_event=not k % 2,
            answer_due=e.date + datetime.timedelta(days=15),
            answered_on=e.date + datetime.timedelta(days=10) if k % 3 == 0 else None,
        )
        for e in events
        for k in range(size)
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(
            event=e,
            description=f"Compromiso {k}",
            responsible_unit=unit,
            due_date=e.date + datetime.timedelta(days=30),
            status="fulfilled" if k % 2 else "in_progress",
            progress=D(100) if k % 2 else D(40),
        )
        for e in events
        for k in range(size)
    )
    CommitmentFollowUp.objects.bulk_create(
        CommitmentFollowUp(
            commitment=c,
            date=c.due_date,
            narrative="Avance",
            status=c.status,
            progress=c.progress,
            review_status="approved" if k % 2 else "submitted",
        )
        for k, c in enumerate(commitments)
    )
