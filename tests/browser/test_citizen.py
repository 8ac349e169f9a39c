"""A citizen reads the seed data in a real browser, switches language and downloads data."""

import csv
import io

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_citizen_goes_from_home_to_an_indicator_then_switches_language(page):
    page.goto("/")
    page.get_by_role("link", name="Plan Estratégico Sectorial 2024-2027").click()
    page.wait_for_url("**/planes/pes-2024-2027/")
    expect(page.get_by_test_id("plain-summary")).to_have_text(
        "Al 31/03/2026: 6 objetivos en «Satisfactorio», 1 objetivo en «Crítico» y "
        "1 objetivo en «Sin dato»."
    )
    four = page.get_by_test_id("score-4")
    expect(four.get_by_test_id("figure")).to_have_text("183,33%")
    expect(four.locator(".badge")).to_have_text("Satisfactorio")

    page.get_by_role("link", name="4. Bogotá abierta al mundo").click()
    page.wait_for_url("**/planes/pes-2024-2027/objetivos/4/")
    expect(page.get_by_test_id("objective-compliance")).to_have_text("183,33%")
    expect(page.get_by_test_id("arithmetic")).to_have_text(
        "(50,00% × 100,00% + 50,00% × 266,67%) = 183,33%"
    )

    page.locator("#indicators-table").get_by_role("link", name="4075", exact=False).click()
    page.wait_for_url("**/planes/pes-2024-2027/indicadores/*/")
    expect(page.get_by_test_id("indicator-progress")).to_have_text("266,67%")
    expect(page.locator("#history-table tbody tr")).to_have_count(1)
    page.locator("[data-figure='history-chart'][data-rendered='true']").wait_for()

    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#language-select")).to_have_value("en")
    expect(page.get_by_test_id("indicator-progress")).to_have_text("266.67%")
    page.goto("/planes/pes-2024-2027/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#language-select")).to_have_value("en")


def test_a_citizen_downloads_the_objectives_of_the_pes(page):
    page.goto("/")
    page.get_by_role("link", name="Datos abiertos").first.click()
    page.wait_for_url("**/datos-abiertos/")
    link = page.locator("a[href='/datos-abiertos/pes-2024-2027/2026-03-31/objetivos.csv']")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "pes-2024-2027_2026-03-31_objetivos.csv"
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = {r["objetivo"]: r for r in csv.DictReader(io.StringIO(handle.read()))}
    assert rows["4"]["cumplimiento"] == "183.33"
    assert rows["6"]["cumplimiento"] == "98.48"
    assert rows["1"]["cumplimiento"] == ""
    assert rows["4"]["fecha_corte"] == "2026-03-31"
    assert rows["4"]["plan"] == "pes-2024-2027"
