"""``make bench``: build or reuse the databases, measure every size in its own process, run
the throughput test, print the one table and write it to bench/results.md."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import databases, report, throughput
from bench.report import Row, megabytes, number, times, timing
from bench.stats import ratio, summarise

ROOT = databases.ROOT
RESULTS = ROOT / "bench" / "results.md"
TARGET_SIZE_RATIO = 1.3
TARGET_FLOOR_RATIO = 3
TARGET_THROUGHPUT_SHARE = 0.5
TARGET_FLAT_MEMORY = 1.5


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, str]:
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):  # in kB
                memory = f"{number(int(line.split()[1]) / 2**20, 1)} GB"
    except OSError:
        pass
    import django

    return {
        "Date": f"{datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "Machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {memory} of memory",
        "Software": (
            f"PostgreSQL {databases.server_version()}, Python {platform.python_version()}, "
            f"Django {django.get_version()}"
        ),
    }


def run_size(size: str, quick: bool, import_rows: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [sys.executable, "-m", "bench.measure", size, out]
    if quick:
        command.append("--quick")
    if import_rows:
        command += ["--import-rows", str(import_rows)]
    subprocess.run(command, cwd=ROOT, env=databases.django_env(size), check=True)  # noqa: S603
    data = json.loads(Path(out).read_text())
    Path(out).unlink()
    return data


def run_paired(small: str, large: str, quick: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [sys.executable, "-m", "bench.paired", small, large, out]
    if quick:
        command.append("--quick")
    subprocess.run(command, cwd=ROOT, env=databases.django_env(small), check=True)  # noqa: S603
    data = json.loads(Path(out).read_text())
    Path(out).unlink()
    return data


# --- the table -----------------------------------------------------------------------------


def _summary(samples):
    return summarise(samples) if samples else None


def _cells(results, pick):
    cells = {}
    for size, data in results.items():
        value = pick(data)
        if value is not None:
            cells[size] = value
    return cells


def rows_for(
    results: dict, loads: dict, flow: dict | None, paired: dict | None
) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    sizes = list(results)
    largest = sizes[-1]
    first = sizes[0]

    loaded = {s: f"{number(seconds, 0)} s" for s, seconds in loads.items() if seconds}
    rows.append(Row("0", "Loading the database (migrate, seed, synthetic, publish)", loaded))

    # 1. Queries per page (and the median server time beside them).
    pages = results[first]["pages"]
    for key, page in pages.items():
        counts = {s: r["pages"][key]["queries"] for s, r in results.items()}

        def cell(data, key=key):
            entry = data["pages"][key]
            hit = ""
            if "queries_hit" in entry:
                hit = f" (hit {entry['queries_hit']})"
            median = report.duration(summarise(entry["time"]).median)
            return f"{entry['queries']} q{hit} · {median}"

        rows.append(
            Row(
                "1",
                f"Queries and median time: {page['label']}",
                _cells(results, cell),
                "same queries at every size",
                len(set(counts.values())) == 1 and len(counts) == len(sizes),
            )
        )

    # 2. Page time against database size: the same plan at S and L, alternating in one process.
    if paired:
        small, large = paired["sizes"]
        for key, label in (
            ("dashboard", "director dashboard"),
            ("public_plan", "public plan page, rendered"),
            ("public_plan_cached", "public plan page, from the cache"),
        ):
            summaries = {s: summarise(paired["samples"][s][key]) for s in (small, large)}
            rows.append(
                Row(
                    "2",
                    f"Server time: {label} (PES; {small} and {large} alternating)",
                    {s: timing(v) for s, v in summaries.items()},
                )
            )
            value = ratio(summaries[large].median, summaries[small].median)
            rows.append(
                Row(
                    "2",
                    f"Ratio {large}/{small}: {label}",
                    {large: times(value)},
                    f"< {number(TARGET_SIZE_RATIO, 1)}",
                    value is not None and value < TARGET_SIZE_RATIO,
                )
            )

    # 3. District overview against the floor of one aggregate query.
    overview = {s: _summary(r["district"]["overview"]) for s, r in results.items()}
    floor = {s: _summary(r["district"]["floor"]) for s, r in results.items()}
    rows.append(
        Row(
            "3",
            "District overview: every objective of every plan (3 queries)",
            {s: timing(v) for s, v in overview.items()},
        )
    )
    rows.append(
        Row(
            "3",
            "Floor: one PostgreSQL aggregate query computing the same averages",
            {s: timing(v) for s, v in floor.items()},
        )
    )
    shares = {s: ratio(overview[s].median, floor[s].median) for s in sizes}
    rows.append(
        Row(
            "3",
            "Ratio overview/floor",
            {s: times(v) for s, v in shares.items()},
            f"< {TARGET_FLOOR_RATIO} at {largest}",
            shares[largest] is not None and shares[largest] < TARGET_FLOOR_RATIO,
        )
    )
    same = {s: r["district"] for s, r in results.items()}
    rows.append(
        Row(
            "3",
            "Objectives whose stored figure equals the floor's",
            {s: f"{number(d['same'])} of {number(d['objectives'])}" for s, d in same.items()},
            "all",
            all(d["same"] == d["objectives"] == d["stored"] for d in same.values()),
        )
    )

    # 4. Publishing.
    rows.append(
        Row(
            "4",
            "Publish one cutoff: PES (17 indicators)",
            {s: timing(_summary(r["publishing"]["one"])) for s, r in results.items()},
        )
    )
    synthetic = {
        s: timing(_summary(r["publishing"]["one_synthetic"]))
        for s, r in results.items()
        if "one_synthetic" in r["publishing"]
    }
    if synthetic:
        rows.append(Row("4", "Publish one cutoff: synthetic plan (96 indicators)", synthetic))
    rows.append(
        Row(
            "4",
            "Publish the newest cutoff of every plan",
            {
                s: (
                    f"{report.duration(r['publishing']['all'])} for "
                    f"{number(r['publishing']['plans'])} plans "
                    f"({report.duration(r['publishing']['all'] / r['publishing']['plans'])} each)"
                )
                for s, r in results.items()
            },
        )
    )

    # 5. Excel import.
    for size, data in results.items():
        imported = data.get("import")
        if not imported:
            continue
        floor_s = summarise(imported["floor"])
        written = imported["counts"]["new"] + imported["counts"]["updated"]
        for step, what in (
            ("preview", "preview"),
            ("commit", f"commit (writes {number(written)} measurements and their history)"),
        ):
            rows.append(
                Row(
                    "5",
                    f"Import a {number(imported['rows'])}-row workbook: {what}",
                    {size: timing(summarise(imported[step]))},
                )
            )
        rows.append(
            Row("5", "Floor: openpyxl reading the same file read-only", {size: timing(floor_s)})
        )
        for step in ("preview", "commit"):
            value = ratio(summarise(imported[step]).median, floor_s.median)
            rows.append(
                Row(
                    "5",
                    f"Ratio {step}/floor",
                    {size: times(value)},
                    f"< {TARGET_FLOOR_RATIO}",
                    value is not None and value < TARGET_FLOOR_RATIO,
                )
            )
        rows.append(
            Row(
                "5",
                "Peak memory (tracemalloc): preview · commit · floor",
                {
                    size: " · ".join(
                        megabytes(imported[f"{k}_peak"]) for k in ("preview", "commit", "floor")
                    )
                },
            )
        )
        notes.append(
            f"Item 5: a plan of {number(imported['indicators'])} indicators written for the run "
            f"(in a transaction rolled back at the end); the workbook "
            f"({megabytes(imported['bytes'])}) is its export with every row filled in, so the "
            f"commit updates {number(imported['counts']['updated'])} measurements and creates "
            f"{number(imported['counts']['new'])}."
        )

    # 6. Throughput.
    if flow:
        found = flow["pages"]
        for name, label in (
            ("floor", "Throughput: /bench/floor/ (constant string, same middleware)"),
            ("page", "Throughput: public plan page (PES), visitors (cached fragment)"),
            ("revalidated", "Throughput: public plan page, browser revalidating (304)"),
            ("uncached", "Throughput: public plan page, rendered every time (unknown ?corte=)"),
        ):
            rows.append(Row("6", label, {flow["size"]: f"{number(found[name]['rps'], 0)} req/s"}))
        share = ratio(found["page"]["rps"], found["floor"]["rps"])
        rows.append(
            Row(
                "6",
                "Ratio public plan page/floor",
                {flow["size"]: times(share)},
                f"≥ {number(TARGET_THROUGHPUT_SHARE, 1)}",
                share is not None and share >= TARGET_THROUGHPUT_SHARE,
            )
        )
        notes.append(
            f"Item 6: gunicorn with {flow['workers']} sync workers and {flow['tool']} "
            f"({flow['connections']} connections, {flow['rounds']} alternating runs of "
            f"{flow['seconds']} s per page, median shown) on 127.0.0.1, both on this machine's "
            "cores. Runs: "
            + "; ".join(
                f"{name} " + ", ".join(number(v, 0) for v in found[name]["runs"]) for name in found
            )
            + "."
        )

    # 7. The district export streams.
    exports = {s: r["export"] for s, r in results.items()}
    rows.append(
        Row(
            "7",
            "Open data, every plan's indicators (CSV): rows · size · time",
            {
                s: " · ".join(
                    (number(e["rows"]), megabytes(e["bytes"]), report.duration(e["seconds"]))
                )
                for s, e in exports.items()
            },
        )
    )
    rows.append(
        Row(
            "7",
            "Peak memory while streaming it (tracemalloc)",
            {s: megabytes(e["peak"]) for s, e in exports.items()},
        )
    )
    if "M" in exports and largest != "M":
        grown = ratio(exports[largest]["rows"], exports["M"]["rows"])
        peak = ratio(exports[largest]["peak"], exports["M"]["peak"])
        rows.append(
            Row(
                "7",
                f"Ratio {largest}/M of the peak memory (data {times(grown)})",
                {largest: times(peak)},
                f"flat: < {number(TARGET_FLAT_MEMORY, 1)}×",
                peak is not None
                and peak < TARGET_FLAT_MEMORY
                and all(e["streamed"] for e in exports.values()),
            )
        )
    return rows, notes


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S,M,L (default)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--quick", action="store_true", help="few repetitions (a smoke run)")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    if not sizes or any(s not in report.SIZES for s in sizes):
        raise SystemExit("bench: --sizes takes S, M and/or L")
    sizes = [s for s in report.SIZES if s in sizes]
    started = time.monotonic()
    load_before = os.getloadavg()
    log("collectstatic (DEBUG is off in every measurement)")
    databases.manage(sizes[0], "collectstatic", "--noinput", "-v0")
    loads = {}
    log("databases")
    for size in sizes:
        _rebuilt, seconds = databases.ensure(size, args.fresh, log)
        loads[size] = seconds
    results = {}
    for size in sizes:
        log(f"measuring {size}")
        rows = args.import_rows if size == sizes[-1] else 0
        results[size] = run_size(size, args.quick, rows)
    paired = None
    if len(sizes) > 1:
        log(f"measuring {sizes[0]} and {sizes[-1]} alternately (item 2)")
        paired = run_paired(sizes[0], sizes[-1], args.quick)
    flow = None
    if not args.no_throughput:
        log(f"throughput at {sizes[-1]}")
        pages = {
            "floor": ("/bench/floor/", ()),
            "page": (f"/planes/{'pes-2024-2027'}/", ()),
            # If-None-Match: * matches any ETag: the 304 a revisiting browser gets (no query).
            "revalidated": ("/planes/pes-2024-2027/", ("If-None-Match: *",)),
            # A ?corte= that is not a published cutoff is never cached (plan.public_cache):
            # the whole page is built and rendered, answered with status 400.
            "uncached": ("/planes/pes-2024-2027/?corte=1900-01-01", ()),
        }
        seconds, rounds = (3, 1) if args.quick else (10, 3)
        flow = throughput.measure(sizes[-1], pages, log, seconds=seconds, rounds=rounds)
        flow["size"] = sizes[-1]
    rows, notes = rows_for(results, loads, flow, paired)
    load_after = os.getloadavg()
    notes.append(
        "Load average of the machine (1 min) at the start and the end of the run: "
        f"{number(load_before[0], 2)} and {number(load_after[0], 2)}; other work on these "
        "2 CPUs during the run slows every figure, floors included, so compare the ratios."
    )
    notes.append(
        f"Whole run: {report.duration(time.monotonic() - started)}"
        + (" (--quick: few repetitions)" if args.quick else "")
        + ". Times are server times in the process (Django's test client through every "
        "middleware), medians with their 95th percentile and the number of repetitions."
    )
    document = report.document("Tablero benchmark", machine(), rows, notes)
    print(report.table(rows))
    Path(args.output).write_text(document)
    log(f"written {args.output}")
