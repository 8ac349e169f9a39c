"""Layout that a review found wanting: the signed-in header on a laptop and a phone, the home
page's search right under its lead, and counts aligned as numbers in the planning office's
accountability list."""

import pytest
from playwright.sync_api import expect

from plan import roles
from tests.browser.accounts import signed_in, user

pytestmark = pytest.mark.browser

# Every control of the header a person sees or uses: the brand, each link, the language
# select and its button, the account name and «Salir».
HEADER_CONTROLS = ".brand, .site-nav a, .header-tools select, .header-tools button, .account-name"


def header_lines(page) -> int:
    """How many rows the header's controls take: centres more than half a control's height
    apart are on different rows."""
    centres = sorted(
        box["y"] + box["height"] / 2
        for box in (c.bounding_box() for c in page.locator(HEADER_CONTROLS).all())
        if box
    )
    return 1 + sum(1 for a, b in zip(centres, centres[1:], strict=False) if b - a > 16)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_signed_in_header_takes_two_rows_on_a_laptop(page, live_server, language):
    signed_in(page, live_server, user("planeadora", roles.PLANNING))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    if language == "en":
        page.get_by_label("Idioma").select_option("en")
        page.get_by_role("button", name="Cambiar").click()
        expect(page.get_by_role("link", name="Director dashboard")).to_be_visible()
    assert header_lines(page) == 2
    internal = page.get_by_role(
        "navigation", name="Trabajo interno" if language == "es" else "Internal work"
    )
    expect(internal.get_by_role("link")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_signed_in_header_never_takes_more_than_two_rows(page, live_server, language):
    """From the widest phone-like layout to a laptop: either everything behind «Menú» or the
    two rows; never a third row just above the width where the menu button takes over."""
    signed_in(page, live_server, user("planeadora", roles.PLANNING))
    page.goto("/")
    if language == "en":
        page.get_by_label("Idioma").select_option("en")
        page.get_by_role("button", name="Cambiar").click()
    rows = {}
    for width in range(960, 1301, 20):
        page.set_viewport_size({"width": width, "height": 800})
        rows[width] = header_lines(page)
    assert max(rows.values()) <= 2, rows


def test_the_signed_in_header_folds_behind_the_menu_on_a_phone(phone_page, live_server):
    signed_in(phone_page, live_server, user("planeadora", roles.PLANNING))
    phone_page.goto("/")
    header = phone_page.locator(".site-header")
    assert header.bounding_box()["height"] < 80  # the brand and the menu button
    phone_page.get_by_role("button", name="Menú").click()
    for name in ("Datos abiertos", "Gestión de la rendición", "Salir"):
        control = header.get_by_role("link", name=name).or_(header.get_by_role("button", name=name))
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("width", [375, 1280])
def test_the_home_search_box_sits_right_under_the_lead(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")
    lead = page.locator("main .lead").bounding_box()
    search = page.get_by_role("search").bounding_box()
    gap = search["y"] - (lead["y"] + lead["height"])
    assert 0 <= gap <= 24  # a paragraph's space, not a blank band


def test_the_accountability_counts_are_right_aligned_numbers(page, live_server):
    signed_in(page, live_server, user("planeadora", roles.PLANNING))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/rendicion-de-cuentas/gestion/")
    table = page.locator(".acc-table-wrap table").filter(has_text="Sin respuesta").first
    headers = [h.inner_text() for h in table.locator("thead th").all()]
    columns = [headers.index(name) + 1 for name in ("Preguntas", "Sin respuesta", "Compromisos")]
    rows = table.locator("tbody tr")
    assert rows.count() > 0
    for column in columns:
        cells = [table.locator(f"thead th:nth-child({column})")]
        cells += [row.locator(f":scope > :nth-child({column})") for row in rows.all()]
        for cell in cells:
            style = cell.evaluate(
                "el => [getComputedStyle(el).textAlign, getComputedStyle(el).fontVariantNumeric]"
            )
            assert style == ["right", "tabular-nums"], (headers[column - 1], style)


NUMBER = r"^\d{1,3}(\.\d{3})*(,\d+)?\s?%?$"


def misaligned_numbers(page) -> list[str]:
    """Table cells that hold only a figure (4.155.036, 22,98%) and are not right-aligned."""
    return page.evaluate(
        """pattern => [...document.querySelectorAll("table td")]
            .filter(td => new RegExp(pattern).test(td.innerText.trim()))
            .filter(td => getComputedStyle(td).textAlign !== "right")
            .map(td => td.closest("table").querySelector("caption")?.innerText
                       + ": " + td.innerText)""",
        NUMBER,
    )


def test_every_figure_of_the_public_accountability_pages_is_right_aligned(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/rendicion-de-cuentas/")
    page.locator("main a[href*='/espacios/dialogo-']").first.click()
    assert page.locator("table td").filter(has_text="%").count() > 0
    assert misaligned_numbers(page) == []
    page.goto("/rendicion-de-cuentas/")
    page.locator("a[href*='/informe/']").first.click()
    assert page.locator("table td").filter(has_text="%").count() > 0
    assert misaligned_numbers(page) == []
