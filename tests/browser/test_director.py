"""A director signs in, changes the cutoff and reads how a figure is computed."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from dashboards.tests.helpers import ROLES, add_pes_june_cutoff, user_with_role
from tests.browser.accounts import sign_in_on_the_way

pytestmark = pytest.mark.browser


def test_a_director_changes_the_cutoff_and_reads_the_computation_panel(page, live_seeded):
    add_pes_june_cutoff()
    user_with_role("directora", ROLES["director"], with_password=True)

    sign_in_on_the_way(page, "/tablero/pes-2024-2027/", "directora", "**/tablero/pes-2024-2027/")

    expect(page.get_by_role("heading", name="Corte del 30/06/2026 (Abierto)")).to_be_visible()
    expect(page.get_by_test_id("plan-compliance")).to_have_text("76,56%")

    page.get_by_label("Fecha de corte", exact=True).select_option("2026-03-31")
    page.locator("main").get_by_role("button", name="Ver").click()
    expect(page.get_by_role("heading", name="Corte del 31/03/2026 (Publicado)")).to_be_visible()
    expect(page.get_by_test_id("plan-compliance")).to_have_text("105,97%")
    page.locator("[data-figure='trend-chart'][data-rendered='true']").wait_for()

    page.get_by_role("link", name="4. Bogotá abierta al mundo").click()
    page.wait_for_url("**/tablero/pes-2024-2027/objetivos/4/?corte=2026-03-31")
    expect(page.get_by_test_id("objective-compliance")).to_have_text("183,33%")
    expect(page.get_by_test_id("arithmetic")).to_have_text(
        "(50,00% × 100,00% + 50,00% × 266,67%) = 183,33%"
    )
    panel = page.locator(".panel-included tbody tr")
    expect(panel).to_have_count(2)
    expect(panel.nth(1)).to_contain_text("266,67%")

    page.get_by_label("Fecha de corte", exact=True).select_option("2026-06-30")
    page.locator("main").get_by_role("button", name="Ver").click()
    expect(page.get_by_test_id("arithmetic")).to_have_text(
        "(50,00% × 75,00% + 50,00% × 150,00%) = 112,50%"
    )
    assert axe_violations(page) == []
