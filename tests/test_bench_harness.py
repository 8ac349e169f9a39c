"""The pure parts of the benchmark harness (bench/): statistics and the results table. The
benchmark itself runs with `make bench`, not in the suite."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from bench import pages, paired, report, stats, views
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


# --- Item 2: every page of bench.pages at both sizes, alternating -------------------------


def test_the_table_holds_every_list_page_of_the_issue_once():
    keys = [page.key for page in pages.PAGES]
    assert len(keys) == len(set(keys))
    assert pages.LISTS <= set(keys)
    assert {"dashboard", "public_plan", "public_plan_cached"} <= set(keys)  # as before
    assert any(page.streamed and page.key == "opendata_district" for page in pages.PAGES)


def test_every_page_of_the_table_is_measured_at_both_sizes_taking_turns():
    calls = []
    switches = []

    def get(size, page):
        calls.append((size, page.key))
        return (403 if page.key == "risk_register" and size == "L" else 200), 0.01, 0.02

    result = paired.measure_rounds(("S", "L"), pages.PAGES, switches.append, get, 3, 4)
    assert [size for size, _key in calls] == switches  # each request at the size it asked for

    def one_page(key, heavy, first, second):
        warm_up, count = (1, 1) if heavy else (paired.WARM_UP, 4)
        turns = [first] * warm_up + [second] * warm_up + [first, second] * count
        return [(size, key) for size in turns]

    expected, refused = [], False
    heavy = [p for p in pages.PAGES if p.heavy]
    light = [p for p in pages.PAGES if not p.heavy]
    # 3 rounds of the pages, then 2 of the every-plan files, the first size alternating
    for pages_of_round, first, second in (
        (light, "S", "L"),
        (light, "L", "S"),
        (light, "S", "L"),
        (heavy, "S", "L"),
        (heavy, "L", "S"),
    ):
        for page in pages_of_round:
            turns = one_page(page.key, page.heavy, first, second)
            if page.key == "risk_register":
                # refused at L in the first round, after its warm-ups at S; never asked again
                turns, refused = ([] if refused else turns[: paired.WARM_UP + 1]), True
            expected += turns
    assert calls == expected
    assert result["errors"] == {"risk_register": "L answered 403"}
    for size in ("S", "L"):
        for page in pages.PAGES:
            got = result["samples"][size][page.key]
            if page.key == "risk_register":
                assert got == []
                continue
            # 3 rounds of 4 requests (2 rounds of 1 for the heavy pages), warm-ups not counted
            assert len(got) == (2 if page.heavy else 12), page.key
            if page.streamed:
                assert result["first_byte"][size][page.key] == [0.01] * len(got)
    # no page is measured after a file of every plan
    files = [n for n, (_size, key) in enumerate(calls) if key == "opendata_district"]
    assert max(n for n, (_size, key) in enumerate(calls) if key == "home") < min(files)


def test_every_page_gets_its_ratio_with_target_and_streamed_files_their_first_byte():
    fast, slow = [0.010] * 5, [0.014] * 5
    samples = {
        "S": {p.key: fast for p in pages.PAGES},
        "L": {p.key: (slow if p.key == "home" else fast) for p in pages.PAGES},
    }
    first = {
        "S": {p.key: [0.05] * 5 for p in pages.PAGES if p.streamed},
        "L": {
            p.key: [0.25 if p.key == "opendata_district" else 0.05] * 5
            for p in pages.PAGES
            if p.streamed
        },
    }
    data = {"sizes": ["S", "L"], "samples": samples, "first_byte": first, "errors": {}}
    rows = pages.rows(data)
    ratios = {r.what: r for r in rows if r.what.startswith("Ratio L/S")}
    assert len(ratios) == len(pages.PAGES)
    home = next(p for p in pages.PAGES if p.key == "home")
    assert ratios[f"Ratio L/S: {home.label}"].cells == {"L": "1,40×"}
    assert ratios[f"Ratio L/S: {home.label}"].met is False
    whole_files = {p.label for p in pages.PAGES if p.streamed and p.heavy}
    assert whole_files, "the every-plan files are in the table"
    for what, row in ratios.items():
        if any(label in what for label in whole_files):  # every plan by definition
            assert what.endswith("(the whole file)") and row.met is None and not row.target
        elif home.label not in what:
            assert row.met and row.target == "≤ 1,3"
    firsts = [r for r in rows if r.what.startswith("Time to the first byte")]
    assert len(firsts) == sum(p.streamed for p in pages.PAGES)
    assert [r.met for r in firsts] == [False, True]  # 250 ms, then 50 ms
    assert firsts[0].target == "≤ 200,0 ms at L"
    times_rows = [r for r in rows if r.what.startswith("Server time")]
    assert all(set(r.cells) == {"S", "L"} for r in times_rows)
    failed = pages.rows({**data, "errors": {"home": "L answered 500"}})
    assert any(r.cells == {"L": "not measured: L answered 500"} and r.met is False for r in failed)


@pytest.mark.django_db
def test_every_page_of_the_table_answers_on_the_seed(client, seeded):
    from dashboards.tests.helpers import ROLES, user_with_role

    director = Client()
    director.force_login(user_with_role("bench-directora", ROLES["director"]))
    for key, path in pages.paths(pages.reference_values()).items():
        page = next(p for p in pages.PAGES if p.key == key)
        status, first, total = paired.timed_get(director if page.signed_in else client, path)
        assert status == 200, path
        assert 0 <= first <= total


def test_each_size_keeps_its_own_connection_caches_and_plan_rows():
    """Going from one size to the other between two requests opens nothing and mixes
    nothing: each size has its connection, its caches' keys and its kept plan rows."""
    from django.core.cache import cache, caches
    from django.db import connections

    from bench import databases
    from plan import public_cache

    saved = (
        connections["default"],
        {alias: caches[alias] for alias in settings.CACHES},
        public_cache._kept_plans,
    )
    try:
        use = paired._switcher(("S", "L"))
        use("S")
        small = connections["default"]
        cache.set("bench-test-key", "S")
        public_cache._kept_plans["x"] = "S"
        use("L")
        assert connections["default"].settings_dict["NAME"] == databases.name("L")
        assert small.settings_dict["NAME"] == databases.name("S")
        assert cache.get("bench-test-key") is None and "x" not in public_cache._kept_plans
        use("S")
        assert connections["default"] is small
        assert cache.get("bench-test-key") == "S" and public_cache._kept_plans["x"] == "S"
    finally:
        connections["default"] = saved[0]
        for alias, instance in saved[1].items():
            caches[alias] = instance
        public_cache._kept_plans = saved[2]


def test_only_the_every_plan_file_may_run_more_queries_at_a_larger_size():
    """Item 1: a page must run the same queries at every size; the file of every plan reads
    one query per chunk of plans by design (streamed in constant memory), so its queries are
    informative and its target is its first byte (item 2)."""
    from bench import table

    def sized(home, district):
        return {
            "pages": {
                "home": {"label": "home", "queries": home, "time": [0.01]},
                "opendata_district": {"label": "file", "queries": district, "time": [1.0]},
            }
        }

    rows, _notes = table._queries({"S": sized(4, 2), "L": sized(5, 46)}, None, None, None)
    by_what = {row.what: row for row in rows}
    assert by_what["Queries and median time: home"].met is False
    file_row = by_what["Queries and median time: file (the whole file)"]
    assert file_row.met is None and not file_row.target
    assert file_row.cells == {"S": "2 q · 1.000,0 ms", "L": "46 q · 1.000,0 ms"}
    rows, _notes = table._queries({"S": sized(4, 2), "L": sized(4, 46)}, None, None, None)
    assert {row.what: row.met for row in rows}["Queries and median time: home"] is True
