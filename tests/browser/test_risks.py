"""The risk map in a real browser: the public corruption map, the directors' heat map and
the register, on a screen and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from conftest import axe_violations
from risks.models import Assessment
from risks.tests.factories import director_user, make_register
from tests.browser.accounts import signed_in

pytestmark = pytest.mark.browser


def test_a_citizen_reads_the_corruption_risk_map_with_no_accessibility_errors(page):
    page.goto("/riesgos/corrupcion/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mapa de riesgos de corrupción"
    # one table per entity, grouped by sector (the seed: one entity, 20 risks on one page)
    listed = page.locator("section[aria-labelledby=riesgos]")
    assert listed.locator("tbody tr").count() == 20
    assert "Gestión Jurídica" in listed.inner_text()
    assert page.get_by_role("link", name="CSV").get_attribute("href").startswith("datos.csv?")
    assert axe_violations(page) == []


def test_a_director_clicks_a_heat_map_cell_and_sees_its_risks(page, live_server):
    _organisation, _units, risks = make_register(12, year=2030)
    signed_in(page, live_server, director_user())
    stored = list(
        Assessment.objects.filter(risk__in=risks).select_related(
            "risk", "residual_probability", "residual_impact"
        )
    )
    cell = (stored[0].residual_probability.position, stored[0].residual_impact.position)
    expected = {
        a.risk.code
        for a in stored
        if (a.residual_probability.position, a.residual_impact.position) == cell
    }
    page.goto("/riesgos/?vigencia=2030")
    plot = page.locator("[data-heatmap='mapa-residual']")
    plot.and_(page.locator("[data-ready='true']")).wait_for()
    plot.scroll_into_view_if_needed()
    box = plot.locator(".nsewdrag").first.bounding_box()
    probability, impact = cell
    x = box["x"] + (impact - 0.5) / 5 * box["width"]
    y = box["y"] + (5 - probability + 0.5) / 5 * box["height"]
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url(f"**celda=residual-{probability}-{impact}*")
    listed = page.locator("#riesgos-de-la-celda tbody tr td:first-child").all_inner_texts()
    assert set(listed) == expected
    assert axe_violations(page) == []


def test_on_a_phone_the_heat_map_shows_every_impact_name_whole(phone_page, live_server):
    make_register(12, year=2030)
    signed_in(phone_page, live_server, director_user())
    phone_page.goto("/riesgos/?vigencia=2030")
    plot = phone_page.locator("[data-heatmap='mapa-residual']")
    plot.and_(phone_page.locator("[data-ready='true']")).wait_for()
    edge = plot.bounding_box()
    names = plot.locator(".xtick text")
    assert names.count() == 5
    for name in names.all():  # plotly slants them on a phone; «Catastrófico» ran off the plot
        box = name.bounding_box()
        assert edge["x"] <= box["x"] and box["x"] + box["width"] <= edge["x"] + edge["width"]


def test_on_a_phone_the_register_shows_each_risk_name_beside_its_code(phone_page, live_server):
    make_register(4, year=2030)
    signed_in(phone_page, live_server, director_user())
    phone_page.goto("/riesgos/registro/?vigencia=2030")
    table = phone_page.locator("#tabla-registro")
    # The year is the filter's, so its column gives way on a phone to the risk's name, which
    # reads as lines of text within the screen rather than one word a line past its edge.
    expect(table.get_by_role("columnheader", name="Vigencia")).to_be_hidden()
    name = table.locator("td.risk-name").first
    box = name.bounding_box()
    assert box["width"] >= 180 and box["x"] + box["width"] <= 375
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize(
    ("url", "table_id"),
    [
        ("/riesgos/registro/?vigencia=2025", "tabla-registro"),
        ("/riesgos/alertas/?vigencia=2025", "tabla-sin-plan"),
        ("/riesgos/alertas/?vigencia=2025&lista=vencidos", "tabla-vencidos"),
    ],
)
def test_on_a_phone_each_risk_of_the_register_and_alerts_is_a_block_of_named_cells(
    phone_page, live_server, url, table_id
):
    """The alerts' six columns scrolled sideways on a phone, the risk and its situation out of
    sight: each row now stacks, every cell named by its column, within the screen; on a
    screen the table stays a table."""
    make_register(9, year=2025)
    signed_in(phone_page, live_server, director_user())
    phone_page.goto(url)
    table = phone_page.locator(f"#{table_id}")
    headings = table.locator("thead th").all_inner_texts()
    first = table.locator("tbody tr:not(.group-row)").first
    cells = first.locator("td")
    expect(cells.first).to_be_visible()
    shown = [c for c in cells.all() if c.is_visible()]
    labels = [c.get_attribute("data-label") for c in shown]
    assert labels == [h for h in headings if h in labels] and len(labels) >= 5
    before = "(cell) => getComputedStyle(cell, '::before').content"
    assert [c.evaluate(before) for c in shown] == [f'"{label}: "' for label in labels]
    lefts = {round(c.bounding_box()["x"]) for c in shown}
    assert len(lefts) == 1  # one above the other
    for cell in shown:
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.set_viewport_size({"width": 1280, "height": 900})
    tops = {round(c.bounding_box()["y"]) for c in cells.all()}
    assert len(tops) == 1  # on a screen, one row of columns


def test_a_risk_says_who_assessed_it_only_when_someone_is_on_record(page, live_server):
    _organisation, _units, risks = make_register(1, year=2030)
    director = director_user()
    signed_in(page, live_server, director)
    assessed_by = page.locator("dt:text-is('Valorado por') + dd")
    page.goto(f"/riesgos/{risks[0].pk}/")
    expect(assessed_by).to_have_text(re.compile(r"^\d\d/\d\d/\d{4}$"))  # not «—, 28/11/2026»
    Assessment.objects.filter(risk=risks[0]).update(assessed_by=director)
    page.reload()
    expect(assessed_by).to_have_text(re.compile(rf"^{director.username}, \d\d/\d\d/\d{{4}}$"))
