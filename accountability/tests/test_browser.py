"""A citizen opens the page of the 20/04/2023 hearing in a real browser."""

import pytest

from conftest import axe_violations

pytestmark = pytest.mark.browser


def test_a_citizen_reads_the_hearing_of_20_april_2023(served_static, page, live_acc_seeded):
    page.goto("/rendicion-de-cuentas/")
    page.get_by_role("link", name="Audiencia Pública RdC – Vigencia 2022").click()
    page.wait_for_url("**/rendicion-de-cuentas/espacios/audiencia-publica-2023-04-20/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Audiencia Pública RdC – Vigencia 2022"
    )
    figures = page.locator(".acc-figures").inner_text()
    assert "317" in figures and "872" in figures
    # plotly drew the attendance chart, and its table alternative is there.
    page.locator(".acc-chart .main-svg").first.wait_for()
    assert "872" in page.locator(".acc-chart").first.inner_text()
    table = page.get_by_role("table", name="Datos de la gráfica")
    assert "317" in table.inner_text()
    assert axe_violations(page) == []


def test_the_dialogue_demographics_fit_a_phone(served_static, phone_page, live_acc_seeded):
    phone_page.goto("/rendicion-de-cuentas/espacios/dialogo-talento-humano-2023-10-19/")
    phone_page.locator(".acc-chart .main-svg").first.wait_for()
    assert "48%" in phone_page.locator(".acc-chart").first.inner_text()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert axe_violations(phone_page) == []
