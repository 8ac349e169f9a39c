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
from opendata import datasets, writers
from opendata.views import STREAM_CHUNK
from plan.models import Cutoff, Plan
from publication.publishing import publish
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


def _queries_until(chunks, count: int) -> tuple[list[bytes], int]:
    """The first ``count`` chunks of a stream and the queries run to produce them."""
    with CaptureQueriesContext(connection) as ctx:
        taken = [next(chunks) for _ in range(count)]
    return taken, len(ctx.captured_queries)


@pytest.mark.django_db
def test_every_plan_streams_its_header_at_once_and_reads_payloads_a_few_plans_at_a_time(
    client, monkeypatch
):
    monkeypatch.setattr(writers, "CHUNK", 1)  # every row is a chunk of its own
    header = ",".join(c.key for c in datasets.INDICATOR_COLUMNS)
    totals = []
    for plans in (2, 2 * STREAM_CHUNK + 1):
        while Plan.objects.filter(slug__startswith="plan-").count() < plans:
            publish(Cutoff.objects.get(plan=make_plan(indicators=5)))
        published = Plan.objects.filter(cutoffs__status="published").distinct().count()
        response = client.get("/datos-abiertos/2030-01-01/indicadores.csv")
        chunks = iter(response.streaming_content)
        # the header before any query: no row has been computed yet
        (first,), before_header = _queries_until(chunks, 1)
        assert first.decode("utf-8") == "\ufeff" + header + "\r\n"
        assert before_header == 0
        # the first row after the snapshots' metadata and the first few plans' payloads
        (row,), before_row = _queries_until(chunks, 1)
        assert row.decode("utf-8").count(",") >= len(datasets.INDICATOR_COLUMNS) - 1
        assert before_row == 2
        with CaptureQueriesContext(connection) as ctx:
            rest = b"".join(chunks)
        totals.append((before_row + len(ctx.captured_queries), published))
        rows = list(csv.DictReader(io.StringIO((first + row + rest).decode("utf-8-sig"))))
        assert len([r for r in rows if r["plan"].startswith("plan-")]) == plans * 5
    # the metadata, then one query per STREAM_CHUNK plans
    assert totals == [(1 + -(-n // STREAM_CHUNK), n) for _, n in totals]
    assert totals[1][0] >= 3
