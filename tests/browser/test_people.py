"""«Personas y roles» as the planning office sees it: on a phone each person is a card (a
table on a laptop), and it offers to take back every role in its scope except its own Planning
role, which the page would refuse to take."""

import pytest
from playwright.sync_api import expect

from plan import people, roles
from plan.models import Organisation
from tests.browser.accounts import signed_in, user

pytestmark = pytest.mark.browser


def _office_with_a_colleague():
    entity = people.Where(people.ORGANISATION, organisation=Organisation.objects.get(code="SG"))
    office = user("oficina", roles.PLANNING)
    people.grant(office, people.AssignedRole.PLANNING, entity)
    people.grant(user("colega", roles.PLANNING), people.AssignedRole.PLANNING, entity, by=office)
    return office


def test_the_office_is_offered_no_button_that_would_only_be_refused(phone_page, live_server):
    signed_in(phone_page, live_server, _office_with_a_colleague())

    phone_page.goto("/reporte/personas/")
    table = phone_page.locator("#personas")
    own = table.get_by_role("row").filter(has_text="oficina", has_not_text="colega")
    expect(own).to_have_count(1)
    expect(own.get_by_role("button")).to_have_count(0)
    expect(own).to_contain_text("No puede retirarse a sí mismo el rol de Planeación.")
    expect(own.get_by_role("cell", name="—")).to_be_visible()  # granted by nobody on record
    colleague = table.get_by_role("row").filter(has_text="colega")
    revoke = colleague.get_by_role("button", name="Retirar el rol Planeación de colega")
    expect(revoke).to_be_attached()
    expect(colleague.get_by_role("cell", name="oficina", exact=True)).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_phone_each_person_is_a_card_with_its_fields_named(phone_page, live_server):
    signed_in(phone_page, live_server, _office_with_a_colleague())
    phone_page.goto("/reporte/personas/")
    colleague = phone_page.locator("#personas tbody tr").filter(has_text="colega")
    card = colleague.bounding_box()
    assert card["x"] >= 0 and card["x"] + card["width"] <= 375
    cells = colleague.locator("td").all()
    boxes = [cell.bounding_box() for cell in cells]
    assert all(b["width"] > 0.8 * card["width"] for b in boxes)  # stacked, full width
    assert all(a["y"] < b["y"] for a, b in zip(boxes, boxes[1:], strict=False))
    texts = [cell.inner_text() for cell in cells[:4]]
    assert texts == [
        "colega\nColega",  # the username, then the person's name
        "Planeación",
        "Secretaría General de la Alcaldía Mayor de Bogotá D.C.",
        "oficina",
    ]
    labels = [
        cell.evaluate("el => getComputedStyle(el, '::before').content") for cell in cells[1:4]
    ]
    # each value is named (and the name is left to the column header for a screen reader)
    assert labels == ['"Rol: " / ""', '"Dónde: " / ""', '"Otorgado por: " / ""']
    assert phone_page.locator("#personas thead").bounding_box()["height"] <= 1  # read, not shown
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_laptop_the_people_are_a_table(page, live_server):
    signed_in(page, live_server, _office_with_a_colleague())
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/reporte/personas/")
    expect(page.locator("#personas thead")).to_be_visible()
    colleague = page.locator("#personas tbody tr").filter(has_text="colega")
    tops = {round(cell.bounding_box()["y"]) for cell in colleague.locator("td").all()}
    assert len(tops) == 1  # one row, a cell per column
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
