"""The pure parts of the load and fault scripts (ops/load), and the generator against a tiny
server on 127.0.0.1."""

import http.server
import threading

import pytest

from ops.load import analysis, generator
from ops.load.generator import NotLoopback, Record, Target
from ops.load.servers import csrf_token


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:1", "http://127.5.5.5:80", "http://[::1]:8"]
)
def test_loopback_addresses_are_accepted(url):
    assert generator.check_loopback(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1:8000",
        "http://192.168.1.2",
        "http://example.com",
        "https://127.0.0.1",
        "http://8.8.8.8",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(NotLoopback):
        generator.check_loopback(url)


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert generator.percentile(values, 50) == 50
    assert generator.percentile(values, 95) == 95
    assert generator.percentile([7.0], 99) == 7
    assert generator.percentile([], 50) is None


def record(start, status=200, friendly=False, traceback=False, length=0.1):
    return Record(start, start + length, "/", status, friendly, traceback)


def test_summary_counts_errors_and_throughput():
    records = [record(0), record(0.5), record(1, 503, True), record(1.5, 0)]
    summary = generator.summarise(records, 2.0)
    assert (summary.requests, summary.errors, summary.throughput) == (4, 2, 2.0)
    assert summary.statuses == {0: 1, 200: 2, 503: 1}
    assert round(summary.p50_ms) == 100


def outage(records):
    return analysis.analyse_outage(records, down_at=10, back_at=20)


def test_an_outage_answered_with_the_friendly_page_and_recovered_in_time_passes():
    records = [record(5), *[record(t, 503, True) for t in range(11, 20)], record(21, 503, True)]
    records += [record(t) for t in (22, 23, 30)]
    report = outage(records)
    assert report.during == 9 and report.during_friendly_503 == 9
    assert report.recovered_after == pytest.approx(1.1)
    assert report.passed


def test_a_page_that_needs_no_database_may_answer_during_the_outage():
    report = outage([record(12, 503, True), record(13), record(25)])
    assert report.during_ok_paths == {"/": 1} and report.passed


def test_a_traceback_or_a_reset_connection_fails_the_outage():
    assert not outage([record(12, 500, False, True), record(25)]).passed
    assert not outage([record(12, 0), record(25)]).passed
    assert outage([record(12, 503, True), record(25)]).passed


def test_a_slow_recovery_fails_the_outage():
    report = outage([record(12, 503, True), record(26, 503, True), record(27)])
    assert report.recovered_after == pytest.approx(6.1) and report.failures_after_limit == 1
    assert not report.passed


def test_a_run_that_never_saw_the_outage_proves_nothing():
    assert not outage([record(5), record(25)]).passed


def test_timeline_buckets_by_second():
    assert analysis.timeline([record(0.2), record(0.7, 503), record(2.1)]) == [
        (0.0, 1, 1),
        (2.0, 1, 0),
    ]


def test_connections_of_an_application_from_psql_output():
    activity = "tablero-kill-1|t\ntablero-kill-1|f\npsql|f\n|f\n"
    assert analysis.connections_of(activity, "tablero-kill-1") == (2, 1)
    assert analysis.connections_of(activity, "otra") == (0, 0)


def test_every_checked_table_has_its_checksum_query():
    assert set(analysis.CHECKSUM_SQL) >= {
        "indicators_measurement",
        "indicators_historicalmeasurement",
    }
    for table, sql in analysis.CHECKSUM_SQL.items():
        assert sql.endswith(f"FROM {table} t") and "md5" in sql


def test_the_csrf_token_is_read_from_the_form():
    html = '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123"></form>'
    assert csrf_token(html) == "abc123"
    assert csrf_token("<p>sin formulario</p>") is None


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the standard library's name
        if self.path == "/caido":
            body = b"Servicio no disponible por un momento"
            self.send_response(503)
        else:
            body = b"ok"
            self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_generator_is_bounded_and_records_every_request():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        records, elapsed = generator.run(
            url, [Target("/"), Target("/caido")], concurrency=4, duration=5, max_requests=40
        )
    finally:
        server.shutdown()
    assert len(records) == 40 and elapsed < 5
    assert {r.status for r in records} == {200, 503}
    assert all(r.friendly for r in records if r.status == 503)


# --- kill-import: the kill point and the verdict (issue 14, finding 8) ---------------------


def test_the_progress_of_the_import_is_read_from_its_own_lines():
    assert analysis.progress_of("… fila 1500 de 3000\n") == (1500, 3000)
    assert analysis.progress_of("Importado: 3 nuevos, 2 actualizados, 0 sin cambios.") is None


def test_the_kill_point_is_half_the_rows_written_inside_the_transaction():
    assert not analysis.kill_now((2000, 3000), written=False)  # still parsing, no transaction
    assert not analysis.kill_now((1000, 3000), written=True)
    assert analysis.kill_now((2000, 3000), written=True)
    assert not analysis.kill_now(None, written=True)


BEFORE = {"m": "10 aaa", "h": "3 bbb"}


@pytest.mark.parametrize(
    "after_kill, stable_after, stable_complete, verdict",
    [
        (BEFORE, {"m": "x"}, {"m": "y"}, analysis.BEFORE),  # rolled back
        ({"m": "12 ccc", "h": "5 ddd"}, {"m": "y"}, {"m": "y"}, analysis.AFTER),  # committed
        ({"m": "11 eee", "h": "4 fff"}, {"m": "z"}, {"m": "y"}, analysis.BETWEEN),  # torn
    ],
    ids=["before", "after", "between"],
)
def test_the_database_must_be_exactly_as_before_or_as_after(
    after_kill, stable_after, stable_complete, verdict
):
    assert analysis.kill_verdict(BEFORE, after_kill, stable_after, stable_complete) == verdict


def test_the_stable_checksum_leaves_out_timestamps_and_history_ids():
    sql = analysis.STABLE_SQL["indicators_historicalmeasurement"]
    assert "'%\\_at'" in sql and "'history_date', 'history_id'" in sql
    assert sql.endswith("FROM indicators_historicalmeasurement t) q")
