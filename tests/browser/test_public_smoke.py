"""A citizen opens the site in a real browser."""

import pytest

from conftest import axe_violations

pytestmark = pytest.mark.browser


def test_a_citizen_reads_the_pes_compliance_at_the_cutoff(page):
    page.goto("/")
    page.get_by_role("link", name="Plan Estratégico Sectorial 2024-2027").click()
    page.wait_for_url("**/planes/pes-2024-2027/")
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Plan Estratégico Sectorial 2024-2027"
    )
    lines = page.get_by_test_id("scorecard").locator("> li")
    assert lines.count() == 9  # the plan, then its 8 objectives
    assert "Sin indicadores programados al corte" in page.get_by_test_id("score-1").inner_text()
    assert "183,33%" in page.get_by_test_id("score-4").inner_text()
    assert "98,48%" in page.get_by_test_id("score-6").inner_text()
    assert axe_violations(page) == []
