"""A reporter enters a value, the planning office approves and publishes it, and the public
plan page shows the new figure (a real browser on a live server)."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from indicators.models import Indicator, Measurement
from plan.models import Cutoff, Organisation, Unit
from plan.roles import PLANNING, REPORTER
from reporting import services
from tests.browser.accounts import sign_in, user

pytestmark = pytest.mark.browser


def test_reporter_enters_planning_approves_and_publishes_the_public_page_shows_it(
    page, live_seeded
):
    cutoff, indicator, planner = _people_and_indicator(live_seeded)
    # The public page shows the published 60,00% of objective 7 before the correction.
    page.goto("/planes/pes-2024-2027/")
    objective_7 = page.get_by_test_id("score-7")
    assert "60,00%" in objective_7.inner_text()

    # The planning office reopened the cutoff and returned 4200's report with a comment.
    _return_for_correction(cutoff, indicator, planner)

    # The reporter finds the returned indicator, types the value as people do in Colombia,
    # sees the progress computed while typing, and submits it.
    _reporter_corrects(page)

    # The planning office approves it, closes the cutoff and publishes the correction.
    _planning_approves_and_publishes(page, cutoff)

    # A citizen sees the new figure.
    page.goto("/planes/pes-2024-2027/")
    objective_7 = page.get_by_test_id("score-7")
    assert "100,00%" in objective_7.inner_text()


def _people_and_indicator(live_seeded):
    """Ana reports for the unit responsible for 4200; Paula is the planning office."""
    pes = live_seeded["pes-2024-2027"]
    unit = Unit.objects.create(
        organisation=Organisation.objects.get(code="SGP"),
        code="OAP",
        name="Oficina de Gobierno Abierto",
    )
    reporter = user("ana", REPORTER, "Ana")
    unit.members.add(reporter)
    planner = user("paula", PLANNING, "Paula")
    indicator = Indicator.objects.get(plan=pes, code="4200")
    indicator.responsible_unit = unit
    indicator.save()
    cutoff = Cutoff.objects.get(plan=pes, date=datetime.date(2026, 3, 31))
    return cutoff, indicator, planner


def _return_for_correction(cutoff, indicator, planner):
    services.reopen_cutoff(cutoff, planner, "Corrección del reporte de la meta 2276")
    services.review_measurement(
        Measurement.objects.get(cutoff=cutoff, indicator=indicator),
        planner,
        "return",
        "Falta el soporte del Producto 3.",
    )


def _reporter_corrects(page):
    sign_in(page, "ana")
    page.goto("/reporte/pendientes/")
    page.get_by_role("link", name="4200").click()
    page.wait_for_url("**/reporte/cortes/*/indicadores/*/")  # content() mid-navigation is ''
    assert "Falta el soporte del Producto 3." in page.content()
    page.get_by_label("Magnitud ejecutada al corte").fill("0,05")
    expect(page.locator("#progress-value")).to_have_text("100,00%")
    page.get_by_label("Magnitud ejecutada al corte").fill("0,04")
    expect(page.locator("#progress-value")).to_have_text("80,00% · explique el rezago")
    page.get_by_label("Magnitud ejecutada al corte").fill("0,05")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enviar a revisión").click()
    assert "Reporte enviado a revisión." in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Salir").click()


def _planning_approves_and_publishes(page, cutoff):
    sign_in(page, "paula")
    page.goto(f"/reporte/cortes/{cutoff.id}/")
    page.get_by_role("button", name="Aprobar el reporte del indicador 4200").click()
    assert "Reporte aprobado." in page.locator(".messages").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Cerrar el corte").click()
    page.get_by_role("button", name="Cerrar el corte").click()
    assert "El corte quedó cerrado." in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Publicar el corte").click()
    page.get_by_label("Motivo de la corrección").fill("Corrección del reporte de la meta 2276")
    # 4075 (266,67 %) is above 200 %: the office confirms it with a reason before publishing.
    assert "Avance al corte de 266,67%: más del 200 %." in page.content()
    for field in page.locator("input.flag-reason").all():
        field.fill("Verificado con el acta de suscripción")
    page.get_by_role("button", name="Publicar el corte").click()
    assert "Corte publicado (versión 2)" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Salir").click()
