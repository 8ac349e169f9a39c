"""A magnitude beyond its column is refused by the measurement form and the follow-up
workbook with the same message, on PostgreSQL and SQLite, and every page still answers
(issue 11, item 2: 9.999.999.999.999.999 pesos broke five pages on SQLite)."""

from django.test import Client

from indicators.models import Indicator
from reporting.importing import export_followup, run_followup_import
from reporting.tests.test_structure_validation import crawl
from reporting.tests.test_workbook import EXECUTED, set_cells
from reporting.tests.workbook_helpers import db_state

TOO_BIG = "El valor es demasiado grande: debe ser menor que 1.000.000.000.000.000."


def in_pesos(indicator):
    Indicator.objects.filter(pk=indicator.pk).update(unit="pesos")


def test_the_measurement_form_refuses_pesos_beyond_the_column(people, returned_4200):
    in_pesos(people.i4200)
    client = Client()
    client.force_login(people.planner)
    url = f"/reporte/cortes/{returned_4200.cutoff_id}/indicadores/{people.i4200.id}/"
    before = db_state()
    for value in ("9.999.999.999.999.999", "10.000.000.000.000.000"):
        response = client.post(url, {"executed": value, "analysis": "x", "action": "submit"})
        assert response.status_code == 400
        assert response.context["form"].errors["executed"] == [TOO_BIG]
    assert db_state() == before
    crawl(client, [people.pes])
    assert client.get(url).status_code == 200


def test_the_followup_workbook_refuses_pesos_beyond_the_column(people, returned_4200):
    in_pesos(people.i4200)
    content = export_followup(people.cutoff, people.planner)
    content = set_cells(content, people.i4200.id, **{EXECUTED: "9.999.999.999.999.999"})
    before = db_state()
    plan = run_followup_import(content, people.cutoff, people.planner)
    assert [e.message for e in plan.errors] == [TOO_BIG]
    assert plan.errors[0].sheet == "Seguimiento" and plan.errors[0].row
    assert db_state() == before
    client = Client()
    client.force_login(people.planner)
    crawl(client, [people.pes])
