"""A director signs in, changes the cutoff and reads how a figure is computed; a sector of the
district overview says in its summary what its table shows."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from dashboards.tests.helpers import ROLES, add_pes_june_cutoff, user_with_role
from tests.browser.accounts import sign_in_on_the_way, signed_in

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


def test_a_sector_of_the_district_says_what_its_table_shows(page, live_server, live_seeded):
    signed_in(page, live_server, user_with_role("directora", ROLES["director"]))
    page.goto("/tablero/distrito/?sector=SGP")
    table = page.locator("#district")
    # The plan's own figure is named as such, not a second «Plan» beside the plan's name.
    headers = table.locator("thead th").all_inner_texts()
    assert headers[:3] == ["Plan", "Cumplimiento del plan", "Corte publicado"]
    shown = Counter(
        label.strip(" ()")
        for label in table.locator("td:has(.objective-name) .visually-hidden").all_inner_texts()
    )
    summary = page.get_by_text("Objetivos de estos planes por semáforo:").inner_text()
    _intro, counts = summary.split(":", 1)
    said = {name.strip(): int(n) for name, n in re.findall(r"([^:\d]+): (\d+)", counts)}
    assert sum(shown.values()) == 16
    assert said == dict(shown)
