"""Issue 14, item 5: before approval a Reportante reads only its own units' reports. The
directors' pages are open to reporters and build their figures from approved measurements
only (indicators.loading, counted_only): a report of another unit that is under review shows
nowhere in them — figure, analysis or export — until the planning office approves it."""

import datetime
import re
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from dashboards.tests.helpers import user_with_role
from indicators.models import Indicator, Measurement, ObjectiveLink
from plan.formatting import format_magnitude, format_number
from plan.models import Cutoff, Organisation, Unit
from plan.roles import DIRECTOR, PLANNING, REPORTER
from reporting import services
from reporting.services import MeasurementInput
from tests.downloads import content

EXECUTED = D("777.777")
ANALYSIS = "Análisis distintivo del reporte pendiente de la dependencia B (zqx-4075)."
MARCH = datetime.date(2026, 3, 31)


def traces(text: str) -> set[str]:
    """What of the unapproved report a page or a file shows."""
    shown = {
        format_magnitude(EXECUTED, "es"),
        format_number(EXECUTED, 3, "es"),
        "777,777",
        "777.777",
        "777,78",
        "zqx-4075",
    }
    return {t for t in shown if t in text}


@pytest.fixture
def setting(seeded):
    organisation = Organisation.objects.get(code="SGP")
    unit_a = Unit.objects.create(organisation=organisation, code="UA", name="Dependencia A")
    unit_b = Unit.objects.create(organisation=organisation, code="UB", name="Dependencia B")
    reporter_a = user_with_role("reportante_a", REPORTER)
    reporter_b = user_with_role("reportante_b", REPORTER)
    unit_a.members.add(reporter_a)
    unit_b.members.add(reporter_b)
    planner = user_with_role("planeacion", PLANNING)
    Indicator.objects.filter(plan__slug="pes-2024-2027", code="4200").update(
        responsible_unit=unit_a
    )
    indicator = Indicator.objects.get(plan__slug="pes-2024-2027", code="4075")
    indicator.responsible_unit = unit_b
    indicator.save()
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    services.reopen_cutoff(cutoff, planner, "Nuevo reporte de la meta 4075")
    cutoff.refresh_from_db()
    # the seed's approved report of 4075 goes back to unit B: the plan then counts none
    measurement = Measurement.objects.get(cutoff=cutoff, indicator=indicator)
    services.review_measurement(measurement, planner, "return", "Actualice la cifra.")
    objective = (
        ObjectiveLink.objects.filter(indicator=indicator, year=2026)
        .values_list("objective__number", flat=True)
        .first()
    )
    return SimpleNamespace(
        reporter_a=reporter_a,
        reporter_b=reporter_b,
        planner=planner,
        cutoff=cutoff,
        indicator=indicator,
        objective=objective,
    )


def pages(indicator, objective):
    base = "/tablero/pes-2024-2027/"
    when = "?corte=2026-03-31"
    return {
        "dashboard": f"{base}{when}",
        "table": f"{base}indicadores/{when}&por_pagina=100",
        "csv": f"{base}indicadores/{when}&exportar=csv",
        "indicator": f"{base}indicadores/{indicator.id}/",
        "objective": f"{base}objetivos/{objective}/{when}",
        "alerts": f"{base}alertas/{when}",
    }


def read_all(client, urls):
    texts = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        texts[name] = content(response).decode()
    return texts


def plan_compliance(html: str) -> str:
    return re.search(r'data-testid="plan-compliance">([^<]+)<', html).group(1)


@pytest.mark.parametrize("role", [REPORTER, DIRECTOR])
def test_a_reporter_does_not_see_another_units_report_under_review(client, setting, role):
    """A Reportante of unit A (and a Directivo who is a member of unit A) opens every
    directors' page of the plan: 4075's report of unit B, submitted, is nowhere — not its
    figure, its analysis, nor its effect on the plan's compliance — until it is approved."""
    reader = setting.reporter_a
    if role == DIRECTOR:
        reader = user_with_role("directivo_miembro", DIRECTOR)
        Unit.objects.get(code="UA").members.add(reader)
    urls = pages(setting.indicator, setting.objective)
    client.force_login(reader)
    without_report = plan_compliance(client.get(urls["dashboard"]).content.decode())

    measurement = services.save_measurement(
        setting.cutoff,
        setting.indicator,
        setting.reporter_b,
        MeasurementInput(executed=EXECUTED, analysis=ANALYSIS),
        "submit",
    )
    assert measurement.status == "submitted"
    under_review = read_all(client, urls)
    assert {name: traces(text) for name, text in under_review.items()} == {
        name: set() for name in urls
    }
    assert plan_compliance(under_review["dashboard"]) == without_report

    services.review_measurement(measurement, setting.planner, "approve")
    approved = read_all(client, urls)
    for name in ("table", "csv", "indicator", "objective", "alerts"):
        assert "zqx-4075" in approved[name], name
        assert traces(approved[name]) - {"zqx-4075"}, name  # the figure too
    assert plan_compliance(approved["dashboard"]) != without_report
