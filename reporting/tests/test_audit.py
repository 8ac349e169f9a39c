"""Audit history: who changed what and when, from which value to which."""

import datetime
from decimal import Decimal as D

from indicators.models import CutoffProgramming, Measurement
from reporting import audit, services, workflow
from reporting.services import MeasurementInput
from reporting.tests.conftest import login
from reporting.timeline import cutoff_timeline, indicator_timeline


def test_the_trail_of_a_returned_then_approved_measurement(client, people, open_cutoff):
    cutoff, indicator = open_cutoff, people.i4200
    m = Measurement.objects.get(cutoff=cutoff, indicator=indicator)
    services.review_measurement(m, people.planner, workflow.RETURN, "Falta el soporte.")
    services.save_measurement(
        cutoff,
        indicator,
        people.reporter_a,
        MeasurementInput(executed=D("0.05"), links=["https://soporte.example.gov.co/p3"]),
        workflow.SUBMIT,
    )
    m.refresh_from_db()
    services.review_measurement(m, people.planner, workflow.APPROVE)

    records = list(m.history.order_by("history_id"))
    trail = [
        (
            r.history_user.username if r.history_user else None,
            r.status,
            r.executed,
            r.review_comment,
        )
        for r in records
    ]
    assert trail[-3:] == [
        ("planeacion", "returned", D("0.03"), "Falta el soporte."),
        ("reportante_a", "submitted", D("0.05"), "Falta el soporte."),
        ("planeacion", "approved", D("0.05"), ""),
    ]

    entries = [e for e in indicator_timeline(indicator) if e.model == "Medición"]
    newest, submitted, returned = entries[:3]
    assert newest.user == "Paula" and ("Estado", "Enviada a revisión", "Aprobada") in [
        (c.field, c.old, c.new) for c in newest.changes
    ]
    assert submitted.user == "Ana"
    assert ("Ejecutado", "0,03", "0,05") in [(c.field, c.old, c.new) for c in submitted.changes]
    assert ("Comentario de revisión", "", "Falta el soporte.") in [
        (c.field, c.old, c.new) for c in returned.changes
    ]

    page = login(client, people.director).get(f"/reporte/indicadores/{indicator.id}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Falta el soporte." in text and "Aprobada" in text and "Paula" in text
    cutoff_page = login(client, people.director).get(f"/reporte/cortes/{cutoff.id}/historial/")
    text = cutoff_page.content.decode()
    assert "Reapertura" in text and "Corrección del reporte de la meta 2276" in text
    assert "Indicador 4200" in text and "https://soporte.example.gov.co/p3" in text


def test_programming_changes_and_cutoff_moves_are_in_the_cutoff_timeline(people, open_cutoff):
    programming = CutoffProgramming.objects.get(cutoff=open_cutoff, indicator=people.i4200)
    programming.programmed = D("0.06")
    programming._history_user = people.planner
    programming.save()
    entries = cutoff_timeline(open_cutoff)
    change = next(e for e in entries if e.model == "Programación al corte")
    assert (change.user, change.changes[0].old, change.changes[0].new) == ("Paula", "0,05", "0,06")
    reopen = next(e for e in entries if e.action == "Reapertura")
    assert reopen.note == "Corrección del reporte de la meta 2276"


def test_timeline_shows_only_what_changed_newest_first():
    t0 = datetime.datetime(2026, 4, 1, 9, 0)
    versions = [
        audit.Version(
            "Medición",
            (1,),
            "x",
            t0.replace(hour=hour),
            user,
            kind,
            {"Ejecutado": executed, "Estado": "A"},
        )
        for hour, user, kind, executed in [
            (9, "Ana", "+", "1"),
            (10, "Ana", "~", "1"),
            (11, "Paula", "~", "2"),
            (12, "Paula", "-", "2"),
        ]
    ]
    entries = audit.timeline(versions)
    assert [e.action for e in entries] == ["Eliminación", "Modificación", "Creación"]
    assert entries[1].changes == (audit.Change("Ejecutado", "1", "2"),)
