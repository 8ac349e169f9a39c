"""The pure parts of the benchmark harness (bench/): statistics and the results table. The
benchmark itself runs with `make bench`, not in the suite."""

import pytest
from django.test import RequestFactory

from bench import report, stats, views
from bench.report import Row


def test_median_and_nearest_rank_p95():
    sample = [0.010 * n for n in range(1, 21)]  # 0,01 … 0,20
    summary = stats.summarise(sample)
    assert summary.n == 20
    assert summary.median == pytest.approx(0.105)
    assert summary.p95 == pytest.approx(0.19)  # the 19th of 20
    assert (summary.low, summary.high) == (pytest.approx(0.01), pytest.approx(0.2))
    assert stats.percentile([5.0], 0.95) == 5.0
    with pytest.raises(ValueError):
        stats.summarise([])
    with pytest.raises(ValueError):
        stats.percentile([1.0], 0)


def test_ratios_refuse_missing_or_zero_denominators():
    assert stats.ratio(3, 2) == 1.5
    assert stats.ratio(None, 2) is None
    assert stats.ratio(3, 0) is None


def test_figures_are_written_the_colombian_way():
    assert report.number(1234567.891, 2) == "1.234.567,89"
    assert report.number(-0.5, 1) == "-0,5"
    assert report.number(None) == "—"
    assert report.duration(0.0452) == "45,2 ms"
    assert report.duration(12.34) == "12,3 s"
    assert report.megabytes(2.5 * 2**20) == "2,5 MB"
    assert report.times(1.0234) == "1,02×"
    assert report.timing(stats.summarise([0.01, 0.02, 0.03])) == "20,0 ms (p95 30,0 ms, n 3)"


def test_the_table_has_a_column_per_size_a_target_and_a_verdict():
    rows = [
        Row("1", "Queries: public plan", {"S": "3 q", "L": "3 q"}, "equal", True),
        Row("6", "Ratio page|floor", {"L": "0,45×"}, "≥ 0,5", False),
        Row("4", "Publish", {"M": "1 s"}),
    ]
    lines = report.table(rows).splitlines()
    assert lines[0] == "| # | Measurement | S | M | L | Target | Met |"
    assert lines[2] == "| 1 | Queries: public plan | 3 q |  | 3 q | equal | yes |"
    assert lines[3] == "| 6 | Ratio page\\|floor |  |  | 0,45× | ≥ 0,5 | NO |"
    assert lines[4] == "| 4 | Publish |  | 1 s |  |  |  |"  # informative: no target
    document = report.document("Tablero benchmark", {"CPUs": "2"}, rows, ["a note"])
    assert document.startswith("# Tablero benchmark\n\n- **CPUs**: 2\n")
    assert "- a note" in document


def test_the_floor_view_answers_a_constant_string_and_is_not_routed_by_default(client):
    response = views.floor(RequestFactory().get("/bench/floor/"))
    assert response.status_code == 200 and response.content == b"Tablero\n"
    assert client.get("/bench/floor/").status_code == 404
