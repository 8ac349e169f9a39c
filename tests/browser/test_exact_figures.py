"""A citizen and a director read PEI 2020-2024 objectives 4 and 5 as the report published them
(82,48 % and 96,53 %), on a phone and on a desktop, with the denominator named in the panel."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from dashboards.tests.helpers import PASSWORD, ROLES, user_with_role

pytestmark = pytest.mark.browser

PEI = "/planes/pei-2020-2024/?corte=2020-12-31"
WIDTHS = (375, 1280)


def _look(page, name: str, width: int):
    """Same page at ``width``: no horizontal scroll; a screenshot when SCREENSHOT_DIR is set."""
    page.set_viewport_size({"width": width, "height": 900})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow} px wider than {width} px"
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_citizen_reads_82_48_and_96_53_on_the_plan_and_objective_pages(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(PEI)
    main = page.locator("main")
    expect(main).to_contain_text("82,48%")
    expect(main).to_contain_text("96,53%")
    expect(main).not_to_contain_text("82,49%")
    _look(page, "public-plan", width)
    page.goto("/planes/pei-2020-2024/objetivos/4/?corte=2020-12-31")
    expect(page.get_by_test_id("denominator")).to_contain_text("÷ 100 (total declarado)")
    _look(page, "public-objective-4", width)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_director_reads_82_48_and_96_53_on_the_dashboard(page, width):
    user_with_role("directora", ROLES["director"], with_password=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/tablero/pei-2020-2024/?corte=2020-12-31")
    page.wait_for_url("**/cuenta/login/**")
    page.get_by_label("Usuario").fill("directora")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/tablero/pei-2020-2024/**")
    main = page.locator("main")
    expect(main).to_contain_text("82,48%")
    expect(main).to_contain_text("96,53%")
    expect(main).not_to_contain_text("96,54%")
    _look(page, "director-plan", width)
    page.goto("/tablero/pei-2020-2024/objetivos/5/?corte=2020-12-31")
    expect(page.get_by_test_id("denominator")).to_contain_text("÷ 100 (total declarado)")
    _look(page, "director-objective-5", width)
    assert axe_violations(page) == []
