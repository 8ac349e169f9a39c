"""The investment project lists on a phone: a card per project that fits 375 px, and a card's
link leads to the project's page with its goals table, for citizens and for directors."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from dashboards.tests.helpers import ROLES, user_with_role
from tests.browser.accounts import signed_in

pytestmark = pytest.mark.browser


def _fits(page) -> None:
    assert page.evaluate("window.innerWidth") == 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    wider = page.evaluate(
        "() => [...document.querySelectorAll('main *')]"
        ".filter(el => el.getBoundingClientRect().right > 375.5"
        " && !el.closest('.table-wrap, .visually-hidden'))"
        ".map(el => el.tagName + '.' + el.className)"
    )
    assert wider == []


@pytest.mark.parametrize("list_url", ["/proyectos/", "/tablero/proyectos/"])
def test_a_project_card_leads_to_its_goals_on_a_phone(phone_page, live_server, list_url):
    if list_url.startswith("/tablero/"):
        signed_in(phone_page, live_server, user_with_role("directora", ROLES["director"]))
    phone_page.goto(list_url)
    cards = phone_page.locator(".project-card")
    expect(cards).to_have_count(7)
    _fits(phone_page)
    card = cards.filter(has_text="Proyecto 7871")
    expect(card).to_contain_text("Presupuesto 2024: $27.832 millones")
    expect(card).to_contain_text("12 metas")
    card.get_by_role("link").click()
    phone_page.wait_for_url(f"**{list_url}SG/7871/")
    goals = phone_page.get_by_test_id("project-goals")
    expect(goals.locator("tbody tr")).to_have_count(12)
    expect(goals.locator("tbody tr").nth(1)).to_contain_text("Realizar 1039 procesos")
    expect(goals.locator("tbody tr").nth(1)).to_contain_text("2024: 80")
    _fits(phone_page)
    # The stacked goals wrap inside their box, even a cell as long as a district entity's
    # progress («52,53% de la vigencia, al 30/09/2025») beside its label: nothing is left to
    # scroll sideways to.
    widths = (
        "el => { el.querySelector('td.num').textContent = '52,53% de la vigencia, al "
        "30/09/2025 '.repeat(2); const wrap = el.closest('.table-wrap');"
        " return [wrap.scrollWidth, wrap.clientWidth]; }"
    )
    scrolled, shown = goals.evaluate(widths)
    assert scrolled <= shown
    assert axe_violations(phone_page) == []
    phone_page.get_by_role("navigation", name="Ruta").get_by_role(
        "link", name="Proyectos de inversión"
    ).click()
    phone_page.wait_for_url(f"**{list_url}")


@pytest.mark.parametrize("width", [375, 1280])
def test_a_district_budget_total_stays_inside_its_card(page, width):
    """Each yearly total of the list, as large as a district's, fits its card: the figure's
    box holds its text at a phone's and a desktop's width."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/proyectos/")
    figures = page.locator(".budget-totals .figure-big")
    expect(figures.first).to_be_visible()
    overflowing = figures.evaluate_all(
        "els => els.filter(el => { el.textContent = '$49.858.686 millones';"
        " return el.scrollWidth > el.clientWidth; }).length"
    )
    assert overflowing == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
