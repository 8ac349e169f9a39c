"""Under the Content-Security-Policy the charts still draw and Chromium reports no violation."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation collected from the console and from the DOM event."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.add_init_script(LISTEN)
    page.csp_console = console
    return page


def violations(page):
    return page.csp_console + page.evaluate("window.__cspViolations")


def test_charts_draw_with_no_csp_violation(watched):
    from indicators.models import Indicator

    page = watched
    indicator = Indicator.objects.get(plan__slug="pes-2024-2027", code="4075").pk
    response = page.goto(f"/planes/pes-2024-2027/indicadores/{indicator}/")
    assert (
        "'unsafe-inline'"
        not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    )
    page.locator("[data-figure='history-chart'][data-rendered='true']").wait_for()
    expect(page.locator("[data-figure='history-chart'] svg.main-svg").first).to_be_visible()

    page.goto("/rendicion-de-cuentas/2023/informe/")
    expect(page.locator("[data-figure] svg.main-svg").first).to_be_visible()
    expect(page.get_by_role("button", name="Imprimir")).to_be_visible()
    assert violations(page) == []


def test_an_inline_script_is_refused_and_reported(watched):
    """The listener above is not blind: an injected inline script is blocked and reported."""
    page = watched
    page.goto("/planes/pes-2024-2027/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__inlineRan = true;";
          document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__inlineRan === undefined")
    assert any("script-src" in v for v in violations(page))
