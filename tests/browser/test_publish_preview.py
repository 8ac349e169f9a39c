"""The close and publish pages as the planning office sees them, at 375 and 1280 px: the
figures that will be published beside the previous publication, the plausibility flags, a
reason for each, nothing wider than the screen, no axe violation; and the measurement form
warning while the person types (issue 11, item 3)."""

import datetime
import os
import tempfile
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from indicators.models import AnnualProgramming, Indicator, Measurement
from plan.models import Cutoff, CutoffEvent
from plan.roles import PLANNING
from reporting import services
from tests.browser.test_reporting_flow import sign_in, user

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOTS_DIR", tempfile.gettempdir())


def fits(page) -> bool:
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                && !e.closest('.table-wrap'))
        .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 5)"""
    )
    assert wide == [], wide
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [375, 1280])
def test_close_and_publish_pages_show_what_will_be_published(page, live_seeded, width):
    pes = live_seeded["pes-2024-2027"]
    planner = user("paula", PLANNING, "Paula")
    cutoff = Cutoff.objects.get(plan=pes, date=datetime.date(2026, 3, 31))
    services.reopen_cutoff(cutoff, planner, "Corrección del reporte de 4075")
    i4075 = Indicator.objects.get(plan=pes, code="4075")
    AnnualProgramming.objects.filter(indicator=i4075, year=2026).update(programmed=D(46))
    measurement = Measurement.objects.get(cutoff=cutoff, indicator=i4075)
    services.review_measurement(measurement, planner, "return", "Revise el valor")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "paula")

    # The measurement form warns while typing an over-report.
    page.goto(f"/reporte/cortes/{cutoff.id}/indicadores/{i4075.id}/")
    page.get_by_label("Magnitud ejecutada al corte").fill("1.234,5")
    expect(page.locator("#plausibility-live")).to_contain_text("supera el doble")
    assert fits(page) and axe_violations(page) == []
    page.get_by_role("button", name="Enviar a revisión").click()
    reviewer = user("rita", PLANNING, "Rita")  # four eyes: another planner approves
    services.review_measurement(
        Measurement.objects.get(cutoff=cutoff, indicator=i4075), reviewer, "approve"
    )

    page.goto(f"/reporte/cortes/{cutoff.id}/cerrar/")
    expect(page.get_by_role("heading", name="Lo que se publicará")).to_be_visible()
    assert "Ejecutado 1.234,50: más del doble de lo programado en la vigencia (46)." in (
        page.content()
    )
    page.screenshot(path=f"{SHOTS}/close-{width}.png", full_page=True)
    assert fits(page) and axe_violations(page) == []
    page.get_by_role("button", name="Cerrar el corte").click()
    assert "El corte quedó cerrado." in page.locator(".messages").inner_text()

    page.goto(f"/reporte/cortes/{cutoff.id}/publicar/")
    page.locator("details summary").click()
    page.screenshot(path=f"{SHOTS}/publish-{width}.png", full_page=True)
    assert fits(page) and axe_violations(page) == []
    page.get_by_label("Motivo de la corrección").fill("Corrección de 4075")
    page.get_by_role("button", name="Publicar el corte").click()
    expect(page.locator(".error")).to_contain_text("corrija o confirme con un motivo")
    assert fits(page)
    for field in page.locator("input.flag-reason").all():
        field.fill("Confirmado con el acta 12 del comité")
    page.get_by_role("button", name="Publicar el corte").click()
    assert "Corte publicado (versión 2)" in page.locator(".messages").inner_text()
    event = CutoffEvent.objects.get(cutoff=cutoff, action="publish")
    assert {c["reason"] for c in event.confirmations} == {"Confirmado con el acta 12 del comité"}
    page.goto(f"/reporte/cortes/{cutoff.id}/historial/")
    assert "Confirmado con el acta 12 del comité" in page.content()
    page.screenshot(path=f"{SHOTS}/history-{width}.png", full_page=True)
    assert fits(page)
