"""«Personas y roles» as the planning office sees it, on a phone: it offers to take back every
role in its scope except its own Planning role, which the page would refuse to take."""

import pytest
from playwright.sync_api import expect

from plan import people, roles
from plan.models import Organisation
from tests.browser.accounts import signed_in, user

pytestmark = pytest.mark.browser


def test_the_office_is_offered_no_button_that_would_only_be_refused(phone_page, live_server):
    entity = people.Where(people.ORGANISATION, organisation=Organisation.objects.get(code="SG"))
    office = user("oficina", roles.PLANNING)
    people.grant(office, people.AssignedRole.PLANNING, entity)
    people.grant(user("colega", roles.PLANNING), people.AssignedRole.PLANNING, entity, by=office)
    signed_in(phone_page, live_server, office)

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
