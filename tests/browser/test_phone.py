"""On a phone: the navigation folds behind a menu button, and a wide table scrolls inside its
container with its row headers in place."""

import pytest
from playwright.sync_api import expect

from conftest import axe_violations

pytestmark = pytest.mark.browser


def test_the_navigation_folds_behind_an_accessible_menu_button(phone_page):
    phone_page.goto("/")
    button = phone_page.get_by_role("button", name="Menú")
    link = phone_page.locator(".site-nav").get_by_role("link", name="Datos abiertos")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_hidden()
    header = phone_page.locator(".site-header").bounding_box()
    assert header["height"] < 80  # one row, not three
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(link).to_be_visible()
    assert axe_violations(phone_page) == []
    phone_page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_hidden()
    expect(button).to_be_focused()


def test_on_a_wide_screen_the_navigation_shows_without_a_button(page):
    page.goto("/")
    expect(page.get_by_role("button", name="Menú")).to_be_hidden()
    expect(page.locator(".site-nav").get_by_role("link", name="Datos abiertos")).to_be_visible()


def test_a_wide_table_keeps_its_row_headers_while_it_scrolls(phone_page):
    phone_page.goto("/datos-abiertos/pes-2024-2027/")
    region = phone_page.locator("#plan-pes-2024-2027 .table-wrap")
    header = region.locator("tbody th").first
    before = header.bounding_box()["x"]
    region.evaluate("el => { el.scrollLeft = 400; }")
    assert region.evaluate("el => el.scrollLeft") > 0  # it does scroll inside its container
    assert abs(header.bounding_box()["x"] - before) < 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_public_plan_page_shows_every_status_badge_on_a_phone(phone_page):
    phone_page.goto("/planes/pes-2024-2027/")
    card = phone_page.get_by_test_id("scorecard")
    assert card.evaluate("el => el.scrollWidth <= el.clientWidth")
    badges = card.locator(".badge").all()
    assert len(badges) == 9  # the plan and its 8 objectives
    for badge in badges:
        box = badge.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
