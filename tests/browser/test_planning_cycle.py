"""The PAI 2024 from its stored structure (no cutoffs) to a published first cutoff, through
pages only, in Chromium: the planning office creates the calendar from the director
dashboard's dead end, sets «programado al corte» in the grid, the unit's reporter enters the
reports, a planner who did not submit them approves them all at once, closes and publishes,
and the public page shows the cutoff. Each new page is checked with axe and at 375 px."""

import datetime
import os

import pytest

from conftest import axe_violations
from indicators.models import Indicator, Measurement
from plan.models import Cutoff
from plan.roles import PLANNING, REPORTER
from tests.browser.accounts import sign_in, user

pytestmark = pytest.mark.browser


# The first elements that stick out of the viewport (named in a failing width assertion).
WIDE_ELEMENTS = (
    "[...document.querySelectorAll('body *')]"
    ".filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 6)"
    ".map(e => `${e.tagName}.${e.className}#${e.id} `"
    " + Math.round(e.getBoundingClientRect().right))"
)


def check(page):
    """axe-clean and, at 375 px, no wider than the viewport (screenshots at 375 and 1280 px
    in $TABLERO_SHOTS when set, to look at the pages)."""
    size = page.viewport_size
    shots = os.environ.get("TABLERO_SHOTS")
    name = page.url.rstrip("/").split("/")[-1] or "page"
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        if shots:
            page.screenshot(path=f"{shots}/{name}-{width}.png", full_page=True)
        wide = page.evaluate(WIDE_ELEMENTS)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
        assert axe_violations(page) == [], width
    page.set_viewport_size(size)


def test_the_pai_year_from_its_structure_to_a_published_cutoff_through_pages(page, live_seeded):
    pai = live_seeded["pai-2024"]
    user("paula", PLANNING)
    reporter = user("ana", REPORTER)
    unit = (
        Indicator.objects.filter(plan=pai, periodicity="quarterly")
        .exclude(responsible_unit=None)
        .order_by("responsible_unit__code")
        .first()
        .responsible_unit
    )
    chosen = list(
        Indicator.objects.filter(plan=pai, periodicity="quarterly", responsible_unit=unit).order_by(
            "code", "id"
        )[:3]
    )
    assert len(chosen) >= 2
    unit.members.add(reporter)
    cutoff = _calendar_and_programming(page, pai, chosen)
    _reports(page, cutoff, chosen)
    _approve_close_publish(page, cutoff, chosen)

    # A citizen sees the published cutoff.
    page.goto("/planes/pai-2024/")
    assert "31/03/2024" in page.content()


def _calendar_and_programming(page, pai, chosen):
    # The director dashboard of a plan without cutoffs offers the planning office its first.
    sign_in(page, "paula")
    page.goto("/tablero/pai-2024/")
    page.get_by_role("link", name="Crear el primer corte").click()
    page.get_by_label("Vigencia").select_option("2024")
    page.get_by_label("Periodicidad").select_option(label="Trimestral")
    page.get_by_role("button", name="Crear los cortes de la vigencia").click()
    assert (
        "31/03/2024, 30/06/2024, 30/09/2024, 31/12/2024" in page.locator(".messages").inner_text()
    )
    check(page)
    cutoff = Cutoff.objects.get(plan=pai, date=datetime.date(2024, 3, 31))
    assert cutoff.deadline == datetime.date(2024, 4, 12)

    # «Programado al corte»: only the chosen indicators at the first cutoff.
    page.locator("tr", has_text="31/03/2024").get_by_role(
        "link", name="Programado al corte"
    ).click()
    check(page)
    for box in page.locator('input[name^="p-"]').all():
        box.fill("")
    for n, indicator in enumerate(chosen, start=1):
        page.locator(f"#p-{indicator.id}").fill(f"{n}0,5")
    page.get_by_role("button", name="Guardar la programación").click()
    assert "Programación guardada" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Salir").click()
    return cutoff


def _reports(page, cutoff, chosen):
    # The reporter enters each report (10,5, 20,5 ... as written in Colombia).
    sign_in(page, "ana")
    for n, indicator in enumerate(chosen, start=1):
        page.goto(f"/reporte/cortes/{cutoff.id}/indicadores/{indicator.id}/")
        page.get_by_label("Magnitud ejecutada al corte").fill(f"{n}0,5")
        page.get_by_role("button", name="Enviar a revisión").click()
        assert "Reporte enviado a revisión." in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Salir").click()


def _approve_close_publish(page, cutoff, chosen):
    # The planner, who submitted none of them, approves them all at once, closes, publishes.
    sign_in(page, "paula")
    page.goto(f"/reporte/cortes/{cutoff.id}/")
    page.get_by_role("link", name="Revisar reportes en lote").click()
    check(page)
    page.get_by_label(f"Seleccionar los {len(chosen)} reportes de la lista").check()
    page.get_by_role("button", name="Aprobar los seleccionados").click()
    assert f"{len(chosen)} reportes aprobados." in page.locator(".messages").inner_text()
    assert Measurement.objects.filter(cutoff=cutoff, status="approved").count() == len(chosen)
    page.goto(f"/reporte/cortes/{cutoff.id}/")
    page.get_by_role("link", name="Cerrar el corte").click()
    page.get_by_role("button", name="Cerrar el corte").click()
    assert "El corte quedó cerrado." in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Publicar el corte").click()
    page.get_by_role("button", name="Publicar el corte").click()
    assert "Corte publicado (versión 1)" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Salir").click()


def test_set_up_grids_check_as_the_person_types(page, live_seeded):
    from indicators.models import ObjectiveLink

    user("paula", PLANNING)
    pei = live_seeded["pei-2020-2024"]
    link = ObjectiveLink.objects.filter(objective__plan=pei).order_by("year", "id").first()
    sign_in(page, "paula")
    page.goto("/reporte/planes/nuevo/")
    check(page)
    page.goto(f"/reporte/planes/{pei.slug}/configurar/")
    check(page)
    page.goto(f"/reporte/planes/{pei.slug}/ponderaciones/{link.year}/")
    check(page)
    group = page.locator("table", has=page.locator(f"#w-{link.objective_id}-{link.indicator_id}"))
    total = group.locator("[data-weight-sum]")
    assert total.inner_text().startswith("100")
    page.locator(f"#w-{link.objective_id}-{link.indicator_id}").fill("0")
    assert "debe sumar 100" in total.inner_text()

    indicator = Indicator.objects.filter(plan=pei, annualization="creciente").first()
    page.goto(f"/reporte/planes/{pei.slug}/programacion-anual/")
    check(page)
    row = page.locator("tr", has=page.locator(f"#t-{indicator.id}"))
    page.locator(f"#a-{indicator.id}-2020").fill("50")
    page.locator(f"#a-{indicator.id}-2021").fill("40")
    page.locator(f"#t-{indicator.id}").fill("1.000")
    text = row.locator("[data-check]").inner_text()
    assert "baja de un año a otro" in text and "no coincide con el declarado" in text
