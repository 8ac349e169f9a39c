"""The 16 published figures of ../shared/seeds/README.md, computed from the loaded seed data
through the same loader and engine the pages use, and compared as a citizen reads them: the
2-decimal string of the report, exactly, with no tolerance. The pages, the director dashboard
and the open data of the two objectives whose weights sum to 99,99 show the same strings."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from dashboards.tests.helpers import ROLES, user_with_role
from indicators.loading import load_plan_at_cutoff
from plan.formatting import format_number
from plan.models import Cutoff
from publication.seed import published_figures, read_seed, seed_files

NONE = None  # "no indicator programmed at the cutoff"
PEI = ("pei-2020-2024", datetime.date(2020, 12, 31))
PES = ("pes-2024-2027", datetime.date(2026, 3, 31))

# As printed in the reports (es-CO).
PUBLISHED = {
    PEI: ["49,02", "34,26", "0,00", "82,48", "96,53", "71,43", "69,92", "74,00"],
    PES: [NONE, "100,00", "100,00", "183,33", "100,00", "98,48", "60,00", "100,00"],
}
# Seed 002's objectives 4 and 5: weights summing to 99,99, divided by the declared 100.
EXACT = {4: "82,48", 5: "96,53"}
RENORMALISED = {4: "82,49", 5: "96,54"}  # what Σw would show: must appear nowhere


def computed(slug, date):
    cutoff = Cutoff.objects.select_related("plan").get(plan__slug=slug, date=date)
    data = load_plan_at_cutoff(cutoff)
    return [data.result.objectives[o.id].compliance for o in data.objectives]


def as_read(value) -> str | None:
    return None if value is None else format_number(value, 2)


@pytest.mark.parametrize(("slug", "date"), list(PUBLISHED))
def test_objective_compliance_reproduces_the_published_strings_exactly(seeded, slug, date):
    values = [as_read(v) for v in computed(slug, date)]
    assert values == PUBLISHED[slug, date]


def test_the_sixteen_figures_are_all_checked(seeded):
    checked = sum(
        as_read(v) == p
        for key in PUBLISHED
        for v, p in zip(computed(*key), PUBLISHED[key], strict=True)
    )
    assert checked == 16


def test_pei_objectives_4_and_5_divide_by_the_declared_100(seeded):
    cutoff = Cutoff.objects.select_related("plan").get(plan__slug=PEI[0], date=PEI[1])
    data = load_plan_at_cutoff(cutoff)
    for objective in data.objectives:
        result = data.result.objectives[objective.id]
        if objective.number in EXACT:
            assert result.weight_sum == Decimal("99.99")
            assert result.denominator == 100 and result.denominator_kind == "declared_total"
    four, five = (data.result.objectives[o.id] for o in data.objectives[3:5])
    # Σ(w·p)/100 as the seed notes state it (82,48495…, 96,5326…)
    assert four.compliance.quantize(Decimal("0.00001")) == Decimal("82.48495")
    assert five.compliance.quantize(Decimal("0.0001")) == Decimal("96.5326")


def test_pes_objective_1_has_no_programmed_indicator_not_zero(seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=datetime.date(2026, 3, 31))
    data = load_plan_at_cutoff(cutoff)
    first = data.result.objectives[data.objectives[0].id]
    assert first.compliance is None
    assert first.colour == "grey"
    assert len(first.terms) == 2 and not any(t.included for t in first.terms)


def test_seed_files_state_the_same_published_figures(seeded):
    """The figures typed into the fixtures agree with the table above."""
    stated = {}
    for path in seed_files():
        data = read_seed(path)
        for date, number, value in published_figures(data):
            stated.setdefault((data["plan"]["slug"], date), {})[number] = value
    for key, figures in PUBLISHED.items():
        assert [as_read(stated[key][n]) for n in range(1, 9)] == figures


def test_pes_indicator_4075_over_execution_is_shown_uncapped(seeded):
    cutoff = Cutoff.objects.select_related("plan").get(plan__slug="pes-2024-2027")
    data = load_plan_at_cutoff(cutoff)
    (indicator,) = [i for i in data.indicators.values() if i.code == "4075"]
    result = data.result.indicators[indicator.id]
    assert as_read(result.progress_at_cutoff) == "266,67"
    assert result.status == "over"


def _assert_shows_exact(html: str):
    for number, figure in EXACT.items():
        assert f"{figure}%" in html, f"objetivo {number}: {figure}% no aparece"
        assert f"{RENORMALISED[number]}%" not in html


@pytest.mark.django_db
def test_the_public_plan_page_shows_82_48_and_96_53(client, seeded):
    response = client.get(f"/planes/{PEI[0]}/?corte={PEI[1].isoformat()}")
    assert response.status_code == 200
    _assert_shows_exact(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("number", sorted(EXACT))
def test_the_public_objective_page_shows_the_figure_and_its_denominator(client, seeded, number):
    response = client.get(f"/planes/{PEI[0]}/objetivos/{number}/?corte={PEI[1].isoformat()}")
    html = response.content.decode()
    assert f"{EXACT[number]}%" in html and f"{RENORMALISED[number]}%" not in html
    assert "÷ 100 (total declarado)" in html
    assert "/ 100 = " + EXACT[number] + "%" in html


@pytest.mark.django_db
def test_the_director_dashboard_shows_82_48_and_96_53(client, seeded):
    client.force_login(user_with_role("directora", ROLES["director"]))
    response = client.get(f"/tablero/{PEI[0]}/?corte={PEI[1].isoformat()}")
    assert response.status_code == 200
    _assert_shows_exact(response.content.decode())
    objective = client.get(f"/tablero/{PEI[0]}/objetivos/4/?corte={PEI[1].isoformat()}")
    html = objective.content.decode()
    assert "82,48%" in html and "÷ 100 (total declarado)" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/datos-abiertos/{PEI[0]}/{PEI[1].isoformat()}/objetivos.csv",
        f"/datos-abiertos/{PEI[1].isoformat()}/objetivos.csv",
    ],
)
def test_the_open_data_csv_publishes_82_48_and_96_53(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r.get("plan", PEI[0]) == PEI[0]]
    figures = {int(r["objetivo"]): r["cumplimiento"] for r in rows}
    assert figures[4] == "82.48" and figures[5] == "96.53"


@pytest.mark.django_db
def test_the_district_overview_reads_the_stored_figures_as_82_48_and_96_53(client, seeded):
    """The overview reads figures stored at 4 places: they are cut, not rounded (82,4849 and
    not 82,4850, which would show 82,49)."""
    client.force_login(user_with_role("directora", ROLES["director"]))
    # The plan's level of the overview, and its sector's (the Secretaría General belongs to
    # the Sector Gestión Pública).
    for level in ("plan=pei-2020-2024", "sector=SGP"):
        response = client.get(f"/tablero/distrito/?fecha=2020-12-31&{level}")
        assert response.status_code == 200
        _assert_shows_exact(response.content.decode())
