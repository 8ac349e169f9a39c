"""The planning office changes «Programado al corte» in the follow-up workbook and loads it
through the pages, in Chromium: the preview shows the change (old → new) and the progress it
gives, axe-clean and no wider than 375 px; confirming stores it (issue 12, item 2)."""

import datetime
from decimal import Decimal as D

import pytest
from openpyxl.utils import get_column_letter

from indicators.models import CutoffProgramming, Indicator
from plan.models import Cutoff
from plan.roles import PLANNING
from reporting import services
from reporting.importing import export_followup
from reporting.tests.test_workbook import set_cells
from reporting.workbook_export import INDEX
from tests.browser.test_planning_cycle import check, sign_in, user

pytestmark = pytest.mark.browser


def test_the_planning_office_changes_the_programming_through_the_workbook(page, live_seeded):
    planner = user("paula", PLANNING)
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=datetime.date(2026, 3, 31))
    services.reopen_cutoff(cutoff, planner, "Ajuste de la programación del trimestre")
    cutoff.refresh_from_db()
    indicator = Indicator.objects.get(plan__slug="pes-2024-2027", code="4200")
    column = get_column_letter(INDEX["programmed_cutoff"])
    content = set_cells(export_followup(cutoff, planner), indicator.id, **{column: "0,06"})

    sign_in(page, "paula")
    page.goto(f"/reporte/cortes/{cutoff.id}/importar/")
    page.get_by_label("Libro de Excel (.xlsx)").set_input_files(
        files=[{"name": "libro.xlsx", "mimeType": "application/octet-stream", "buffer": content}]
    )
    page.get_by_role("button", name="Revisar el archivo").click()
    row = page.locator("tr.change-updated")
    assert row.locator("td.programmed").inner_text() == "0,05 → 0,06"
    assert row.locator("td.progress").inner_text().startswith("50,00")
    check(page)
    page.get_by_role("button", name="Confirmar e importar").click()
    page.wait_for_url(f"**/reporte/cortes/{cutoff.id}/")
    row = CutoffProgramming.objects.get(cutoff=cutoff, indicator=indicator)
    assert row.programmed == D("0.06")
    assert row.history.latest().history_user == planner
