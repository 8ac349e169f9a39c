"""The one table of ``make bench``: a row per figure, each item (1 to 7 of the issue) from its
own function over the measurements (plain dicts read from each size's process)."""

from __future__ import annotations

from bench import pages as paired_pages
from bench import report
from bench.measure import HEAVY
from bench.report import Row, megabytes, number, times, timing
from bench.stats import ratio, summarise

TARGET_SIZE_RATIO = 1.3
TARGET_FLOOR_RATIO = 3
TARGET_THROUGHPUT_SHARE = 0.5
TARGET_FLAT_MEMORY = 1.5


def _summary(samples):
    return summarise(samples) if samples else None


def _cells(results, pick):
    cells = {}
    for size, data in results.items():
        value = pick(data)
        if value is not None:
            cells[size] = value
    return cells


def _loading(results, loads, flow, paired):
    loaded = {s: f"{number(seconds, 0)} s" for s, seconds in loads.items() if seconds}
    return [Row("0", "Loading the database (migrate, seed, synthetic, publish)", loaded)], []


def _queries(results, loads, flow, paired):
    """1. Queries per page (and the median server time beside them)."""
    rows = []
    sizes = list(results)
    first = sizes[0]

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

        if key in HEAVY:
            # A file of every plan, streamed in constant memory: one query on the snapshots
            # and one per STREAM_CHUNK plans for their payloads, by definition (opendata.views).
            # Its target is its first byte (item 2); its queries, like its whole time, inform.
            label = f"Queries and median time: {page['label']} (the whole file)"
            rows.append(Row("1", label, _cells(results, cell)))
            continue
        rows.append(
            Row(
                "1",
                f"Queries and median time: {page['label']}",
                _cells(results, cell),
                "same queries at every size",
                len(set(counts.values())) == 1 and len(counts) == len(sizes),
            )
        )
    return rows, []


def _size_ratios(results, loads, flow, paired):
    """2. Page time against database size: every page of bench.pages at S and L, alternating
    in one process."""
    return (paired_pages.rows(paired) if paired else []), []


def _district(results, loads, flow, paired):
    """3. District overview against the floor of one aggregate query."""
    rows = []
    sizes = list(results)
    largest = sizes[-1]

    overview = {s: _summary(r["district"]["overview"]) for s, r in results.items()}
    floor = {s: _summary(r["district"]["floor"]) for s, r in results.items()}
    rows.append(
        Row(
            "3",
            "District overview, first level: every sector's roll-up (aggregate queries)",
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
    return rows, []


def _publishing(results, loads, flow, paired):
    """4. Publishing."""
    rows = []

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
    return rows, []


def _excel_import(results, loads, flow, paired):
    """5. Excel import."""
    rows, notes = [], []
    for size, data in results.items():
        imported = data.get("import")
        if imported:
            rows += _import_rows(size, imported)
            notes.append(_import_note(imported))
    return rows, notes


def _import_note(imported) -> str:
    return (
        f"Item 5: a plan of {number(imported['indicators'])} indicators written for the run "
        f"(in a transaction rolled back at the end); the workbook "
        f"({megabytes(imported['bytes'])}) is its export with every row filled in, so the "
        f"commit updates {number(imported['counts']['updated'])} measurements and creates "
        f"{number(imported['counts']['new'])}."
    )


def _import_rows(size, imported):
    rows = []
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
    return rows


def _throughput(results, loads, flow, paired):
    """6. Throughput."""
    rows, notes = [], []

    if flow:
        found = flow["pages"]
        for name, label in (
            ("floor", "Throughput: /bench/floor/ (constant string, same middleware)"),
            ("page", "Throughput: public plan page (PES), visitors (kept whole)"),
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
    return rows, notes


def _exports(results, loads, flow, paired):
    """7. The district export streams."""
    rows = []
    largest = list(results)[-1]

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
    return rows, []


SECTIONS = (
    _loading,
    _queries,
    _size_ratios,
    _district,
    _publishing,
    _excel_import,
    _throughput,
    _exports,
)


def rows_for(
    results: dict, loads: dict, flow: dict | None, paired: dict | None
) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    for section in SECTIONS:
        more_rows, more_notes = section(results, loads, flow, paired)
        rows += more_rows
        notes += more_notes
    return rows, notes
