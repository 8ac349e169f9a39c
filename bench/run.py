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
from bench.report import number
from bench.table import rows_for

ROOT = databases.ROOT
RESULTS = ROOT / "bench" / "results.md"


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


def _arguments(argv):
    """The command line, and the sizes it names in the order S, M, L."""
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
    return args, [s for s in report.SIZES if s in sizes]


def _throughput(size: str, quick: bool) -> dict:
    """Item 6: requests per second of the public plan page against the floor, at ``size``."""
    log(f"throughput at {size}")
    pages = {
        "floor": ("/bench/floor/", ()),
        "page": (f"/planes/{'pes-2024-2027'}/", ()),
        # If-None-Match: * matches any ETag: the 304 a revisiting browser gets (no query).
        "revalidated": ("/planes/pes-2024-2027/", ("If-None-Match: *",)),
        # A ?corte= that is not a published cutoff is never cached (plan.public_cache):
        # the whole page is built and rendered, answered with status 400.
        "uncached": ("/planes/pes-2024-2027/?corte=1900-01-01", ()),
    }
    seconds, rounds = (3, 1) if quick else (10, 3)
    flow = throughput.measure(size, pages, log, seconds=seconds, rounds=rounds)
    flow["size"] = size
    return flow


def main(argv=None) -> None:
    args, sizes = _arguments(argv)
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
    for size in sizes:  # the dead rows left by publishing and the import (databases.vacuum)
        databases.vacuum(size)
    paired = None
    if len(sizes) > 1:
        log(f"measuring {sizes[0]} and {sizes[-1]} alternately (item 2)")
        paired = run_paired(sizes[0], sizes[-1], args.quick)
    flow = None if args.no_throughput else _throughput(sizes[-1], args.quick)
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
