"""Every public page: no serious or critical axe-core violation, charts drawn; the plan page
fits a 375 px phone without horizontal scrolling."""

import pytest

from conftest import axe_violations
from indicators.models import Indicator

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/planes/pes-2024-2027/",
    "/planes/pei-2020-2024/",
    "/planes/pai-2024/",
    "/planes/pes-2024-2027/objetivos/4/",
    "/planes/pes-2024-2027/objetivos/1/",
    "/planes/pei-2020-2024/objetivos/2/",
    "/planes/pes-2024-2027/indicadores/{indicator}/",
    "/planes/pes-2024-2027/metodologia/",
    "/planes/pei-2020-2024/metodologia/",
    "/proyectos/",
    "/proyectos/SG/7871/",
    "/datos-abiertos/",
    "/datos-abiertos/pes-2024-2027/",
    "/datos-abiertos/diccionario/",
    "/cuenta/login/",
    "/planes/no-existe/",
]


def wait_for_charts(page):
    for chart in page.locator("[data-figure]").all():
        chart.and_(page.locator("[data-rendered='true']")).wait_for()


def test_every_public_page_passes_axe(page):
    indicator = Indicator.objects.get(plan__slug="pes-2024-2027", code="4075").id
    failures = {}
    for url in PAGES:
        page.goto(url.format(indicator=indicator))
        wait_for_charts(page)
        violations = axe_violations(page)
        if violations:
            failures[url] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    assert failures == {}


@pytest.mark.parametrize("url", ["/planes/pes-2024-2027/", "/planes/pes-2024-2027/objetivos/6/"])
def test_public_pages_fit_a_phone_without_horizontal_scrolling(phone_page, url):
    phone_page.goto(url)
    wait_for_charts(phone_page)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    assert phone_page.evaluate("window.innerWidth") == 375
    assert axe_violations(phone_page) == []
