"""Publish with eyes open (issue 11, item 3): the flags of DOMAIN.md «Checks before a figure
goes public», pure; and the over-report of 1.234,5 against a yearly target of 46, approved and
closed, that cannot be published until each flag is confirmed with a reason."""

from decimal import Decimal as D

import pytest
from django.test import Client

from indicators.models import AnnualProgramming
from plan.models import CutoffEvent
from reporting import plausibility, services, workflow
from reporting.plausibility import IndicatorCheck
from reporting.services import MeasurementInput
from reporting.workflow import TransitionError


def check(executed, year=None, cutoff=None, previous=None, unit="number", direction="higher"):
    return IndicatorCheck(
        7, "4075 · Instrumentos", unit, executed, year, cutoff, previous, direction
    )


def kinds(c):
    return [f.kind for f in plausibility.flags_for([c])]


def test_each_condition_raises_its_own_flag_with_a_stable_key():
    assert kinds(check(D(8), D(10), D(3))) == ["progress_above_200"]
    assert kinds(check(D(6), D(10), D(3))) == []  # exactly 200 %
    assert kinds(check(D(21), D(10), D(20))) == ["executed_above_twice_year"]
    assert kinds(check(D(20), D(10), D(20))) == []  # exactly twice
    assert kinds(check(D(55), D(100), D(60), previous=D(5))) == ["tenfold_change"]
    assert kinds(check(D(50), D(100), D(60), previous=D(5))) == []  # exactly tenfold
    assert kinds(check(D(5), D(100), D(60), previous=D(55))) == ["tenfold_change"]
    assert kinds(check(D("100.5"), D(100), D(100), unit="percent")) == ["percent_above_100"]
    assert kinds(check(None, D(10), D(3))) == ["missing_report"]
    assert kinds(check(None, D(10), D(0))) == []  # not programmed at the cutoff
    assert kinds(check(D(-1), D(10), D(3))) == ["progress_below_0"]
    flag = plausibility.flags_for([check(D(8), D(10), D(3))])[0]
    assert flag.key == "progress_above_200:7"
    assert flag.message == "Avance al corte de 266,67%: más del 200 %."


def test_lower_is_better_progress_follows_the_direction():
    # programmed 10 days, executed 4: 250 %
    assert kinds(check(D(4), D(10), D(10), direction="lower")) == ["progress_above_200"]
    assert kinds(check(D(8), D(10), D(10), direction="lower")) == []


def test_unconfirmed_are_the_flags_without_a_reason():
    flags = plausibility.flags_for([check(D("1234.5"), D(46), D(3))])
    assert [f.kind for f in flags] == ["progress_above_200", "executed_above_twice_year"]
    reasons = {
        "progress_above_200:7": "Verificado con el soporte",
        "executed_above_twice_year:7": " ",
    }
    assert [f.key for f in plausibility.unconfirmed(flags, reasons)] == [
        "executed_above_twice_year:7"
    ]


def test_the_measurement_form_warnings_are_the_same_conditions():
    assert plausibility.measurement_warnings(D("1234.5"), "number", D(46), D(3)) == [
        "Avance al corte de 41.150,00%: más del 200 %.",
        "Ejecutado 1.234,50: más del doble de lo programado en la vigencia (46).",
    ]
    assert plausibility.measurement_warnings(D(3), "number", D(46), D(3)) == []


@pytest.fixture
def over_report(people, open_cutoff):
    """4075: yearly target 46, an over-report of 1.234,5 submitted, approved and closed."""
    AnnualProgramming.objects.filter(indicator=people.i4075, year=2026).update(programmed=D(46))
    approved = people.i4075.measurements.get(cutoff=open_cutoff)
    services.review_measurement(approved, people.planner, workflow.RETURN, "Actualice el valor")
    services.save_measurement(
        open_cutoff,
        people.i4075,
        people.reporter_b,
        MeasurementInput(executed=D("1234.5"), analysis="Sobre-ejecución"),
        workflow.SUBMIT,
    )
    measurement = people.i4075.measurements.get(cutoff=open_cutoff)
    services.review_measurement(measurement, people.planner, workflow.APPROVE)
    services.close_cutoff(open_cutoff, people.planner, override=True, reason="Plazo vencido")
    return open_cutoff


def test_the_over_report_cannot_be_published_until_each_flag_has_a_reason(people, over_report):
    flags = services.publication_flags(over_report)
    keys = {f.key for f in flags}
    i = people.i4075.id
    assert {f"progress_above_200:{i}", f"executed_above_twice_year:{i}"} <= keys
    with pytest.raises(TransitionError) as refused:
        services.publish_cutoff(over_report, people.planner, "Corrección")
    assert "Ejecutado 1.234,50: más del doble de lo programado en la vigencia (46)." in str(
        refused.value
    )
    over_report.refresh_from_db()
    assert over_report.status == "closed" and over_report.snapshots.count() == 1
    partial = {f"progress_above_200:{i}": "Verificado"}
    with pytest.raises(TransitionError):
        services.publish_cutoff(over_report, people.planner, "Corrección", partial)
    reasons = {key: f"Confirmado con el acta 12 ({key})" for key in keys}
    event = services.publish_cutoff(over_report, people.planner, "Corrección", reasons)
    assert event.snapshot.version == 2
    stored = {c["key"]: c["reason"] for c in CutoffEvent.objects.get(pk=event.pk).confirmations}
    assert stored == reasons
    client = Client()
    client.force_login(people.planner)
    history = client.get(f"/reporte/cortes/{over_report.id}/historial/").content.decode()
    assert f"Confirmado con el acta 12 (executed_above_twice_year:{i})" in history
    detail = client.get(f"/reporte/cortes/{over_report.id}/").content.decode()
    assert f"Confirmado con el acta 12 (progress_above_200:{i})" in detail


def test_the_publish_page_shows_the_figures_the_flags_and_asks_a_reason_for_each(
    people, over_report
):
    client = Client()
    client.force_login(people.planner)
    url = f"/reporte/cortes/{over_report.id}/publicar/"
    page = client.get(url).content.decode()
    assert "Lo que se publicará" in page
    assert "Ejecutado 1.234,50: más del doble de lo programado en la vigencia (46)." in page
    assert "Publicación anterior" in page
    i = people.i4075.id
    names = [f"confirm-progress_above_200-{i}", f"confirm-executed_above_twice_year-{i}"]
    for name in names:
        assert f'name="{name}"' in page
    response = client.post(url, {"reason": "Corrección", names[0]: "Verificado"})
    assert response.status_code == 400
    assert "corrija o confirme con un motivo cada alerta" in response.content.decode()
    over_report.refresh_from_db()
    assert over_report.status == "closed"
    keys = [f.key for f in services.publication_flags(over_report)]
    data = {"reason": "Corrección"}
    data.update({"confirm-" + key.replace(":", "-"): "Soporte verificado" for key in keys})
    assert client.post(url, data).status_code == 302
    over_report.refresh_from_db()
    assert over_report.status == "published"


def test_the_close_page_lists_missing_reports_by_name_and_the_preview(
    people, open_cutoff, returned_4200
):
    client = Client()
    client.force_login(people.planner)
    page = client.get(f"/reporte/cortes/{open_cutoff.id}/cerrar/").content.decode()
    assert "Lo que se publicará" in page
    assert "Programado al corte y sin reporte aprobado." in page
    assert "Estrategia distrital para un Gobierno Abierto" in page
