"""Open data of every plan as of a date: the same records as each plan's download, streamed,
in a fixed number of queries."""

import csv
import datetime
import io
import json
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Measurement
from plan.models import Cutoff
from plan.publishing import publish
from tests.downloads import content
from tests.factories import make_plan, reopen_for_correction

MARCH = datetime.date(2026, 3, 31)
PER_PLAN = {
    "pes-2024-2027": "/datos-abiertos/pes-2024-2027/2026-03-31/",
    "pei-2020-2024": "/datos-abiertos/pei-2020-2024/2020-12-31/",
}


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def table(response):
    return list(csv.DictReader(io.StringIO(body(response))))


@pytest.mark.parametrize("dataset", ["objetivos", "indicadores"])
def test_every_plan_in_one_file_with_the_records_of_its_own_download(client, seeded, dataset):
    response = client.get(f"/datos-abiertos/2026-11-30/{dataset}.csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="planes_2026-11-30_{dataset}.csv"'
    )
    everything = table(response)
    expected = []
    for base in sorted(PER_PLAN.values()):  # entity name, then plan slug: PEI before PES
        expected += table(client.get(f"{base}{dataset}.csv"))
    assert everything == expected
    assert {r["plan"] for r in everything} == set(PER_PLAN)  # the PAI has no publication


def test_json_holds_the_same_records(client, seeded):
    records = json.loads(
        body(client.get("/datos-abiertos/2026-11-30/objetivos.json")), parse_float=D
    )
    pes = json.loads(
        content(client.get(PER_PLAN["pes-2024-2027"] + "objetivos.json")), parse_float=D
    )
    assert [r for r in records if r["plan"] == "pes-2024-2027"] == pes
    assert len(records) == 16


def test_a_date_takes_each_plans_newest_publication_up_to_it(client, seeded):
    early = table(client.get("/datos-abiertos/2021-01-01/objetivos.csv"))
    assert {r["plan"] for r in early} == {"pei-2020-2024"}
    assert table(client.get("/datos-abiertos/2020-01-01/objetivos.csv")) == []
    assert body(client.get("/datos-abiertos/2020-01-01/objetivos.json")) == "[]\n"


def test_a_corrected_cutoff_carries_its_latest_version_and_the_first_figure(client, seeded):
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    cutoff = reopen_for_correction(cutoff)
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4200").update(executed=D("0.05"))
    publish(cutoff, reason="Corrección del reporte")
    cutoff = reopen_for_correction(cutoff)
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4200").update(executed=D("0.04"))
    publish(cutoff, reason="Segunda corrección")
    rows = table(client.get("/datos-abiertos/2026-11-30/objetivos.csv"))
    seven = next(r for r in rows if r["plan"] == "pes-2024-2027" and r["objetivo"] == "7")
    assert seven["version"] == "3"
    assert seven["cumplimiento_publicado_inicialmente"] == "60.00"
    assert seven["motivo_correccion"] == "Segunda corrección"
    assert rows == table(client.get("/datos-abiertos/2026-11-30/objetivos.csv"))
    assert [r for r in rows if r["plan"] == "pes-2024-2027"] == table(
        client.get(PER_PLAN["pes-2024-2027"] + "objetivos.csv")
    )


def test_impossible_dates_and_formats_are_not_found(client, seeded):
    assert client.get("/datos-abiertos/2026-02-30/objetivos.csv").status_code == 404
    assert client.get("/datos-abiertos/2026-03-31/objetivos.xlsx").status_code == 404


def test_the_index_links_the_files_of_every_plan(client, seeded):
    html = client.get("/datos-abiertos/").content.decode()
    today = datetime.date.today().isoformat()
    for dataset in ("objetivos", "indicadores"):
        for fmt in ("csv", "json"):
            assert f'href="/datos-abiertos/{today}/{dataset}.{fmt}"' in html


@pytest.mark.django_db
def test_every_plan_in_one_query_whatever_their_number(client):
    # the first and latest versions of each plan's newest published cutoff, through a cursor
    counts = []
    for plans in (2, 20):
        for _ in range(plans):
            plan = make_plan(indicators=5)
            publish(Cutoff.objects.get(plan=plan))
        with CaptureQueriesContext(connection) as ctx:
            rows = table(client.get("/datos-abiertos/2030-01-01/indicadores.csv"))
        counts.append(len(ctx.captured_queries))
    assert len([r for r in rows if r["plan"].startswith("plan-")]) == 22 * 5
    assert counts == [1, 1]
