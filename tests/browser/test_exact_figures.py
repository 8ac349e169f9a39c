"""A citizen and a director read PEI 2020-2024 objectives 4 and 5 as the report published them
(82,48 % and 96,53 %), on a phone and on a desktop, with the denominator named in the panel."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from dashboards.tests.helpers import ROLES, user_with_role
from tests.browser.accounts import sign_in_on_the_way

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


def _reads_the_plan_and_an_objective(page, width, who, base, objective, never):
    """On the plan page shown 82,48 % and 96,53 % (and never ``never``); on the page of
    ``objective`` under ``base`` the denominator named in the panel; no horizontal scroll, no
    axe violation."""
    main = page.locator("main")
    expect(main).to_contain_text("82,48%")
    expect(main).to_contain_text("96,53%")
    expect(main).not_to_contain_text(never)
    _look(page, f"{who}-plan", width)
    page.goto(f"{base}objetivos/{objective}/?corte=2020-12-31")
    expect(page.get_by_test_id("denominator")).to_contain_text("÷ 100 (total declarado)")
    _look(page, f"{who}-objective-{objective}", width)
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_citizen_reads_82_48_and_96_53_on_the_plan_and_objective_pages(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(PEI)
    _reads_the_plan_and_an_objective(page, width, "public", "/planes/pei-2020-2024/", 4, "82,49%")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_director_reads_82_48_and_96_53_on_the_dashboard(page, width):
    user_with_role("directora", ROLES["director"], with_password=True)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_on_the_way(
        page, "/tablero/pei-2020-2024/?corte=2020-12-31", "directora", "**/tablero/pei-2020-2024/**"
    )
    _reads_the_plan_and_an_objective(
        page,
        width,
        "director",
        "/tablero/pei-2020-2024/",
        5,
        "96,54%",
    )
