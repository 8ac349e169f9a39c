"""Item 5 of the benchmark: importing a follow-up workbook of about 10.000 rows (preview, then
commit) through reporting.importing, as the upload pages do, against openpyxl merely reading
the same file in read-only mode. Everything happens in a transaction that is rolled back: the
database of the size is left as it was.

- preview: read the file, check every row against the database, keep the checked rows
  (reporting.workbook_views.followup_import);
- commit: check the kept rows again against the database and write them in one transaction
  (reporting.workbook_views.followup_import_confirm), without reading the file again."""

from __future__ import annotations

import dataclasses
import gc
import io
import math
import time
import tracemalloc
from decimal import Decimal

from django.db import transaction
from openpyxl import load_workbook

from reporting.importing import followup_rows, run_followup_import
from reporting.workbook_export import build_followup
from reporting.workbook_import import parse_followup, parsed_from_json, parsed_to_json
from synthetic.design import OBJECTIVES, design_plan
from synthetic.writer import write_plans

SLUG = "bench-importacion"
ROWS_PER_INDICATOR = Decimal("1.2")  # one indicator in five feeds a second objective


def read_only_floor(content: bytes) -> int:
    """What openpyxl alone costs: open the file read-only and read every value once."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = 0
    for sheet in workbook.worksheets:
        for _values in sheet.iter_rows(values_only=True):
            rows += 1
    workbook.close()
    return rows


def _filled(rows):
    """The rows as a unit would send them back: a new executed magnitude, its analysis and
    «Sí» to submit, the same for every row of an indicator."""
    filled = []
    for row in rows:
        programmed = row.programmed_cutoff or Decimal(0)
        if programmed > 0:
            factor = Decimal("1.1") if row.lower_is_better else Decimal("0.9")
            executed = (programmed * factor).quantize(Decimal("0.01"))
        else:
            executed = Decimal(1)
        filled.append(
            dataclasses.replace(
                row,
                executed=executed,
                analysis="Rezago por ajustes del cronograma; se recupera en el siguiente corte.",
                submitted=True,
            )
        )
    return filled


def _timed(function, reps: int) -> list[float]:
    samples = []
    for _ in range(reps):
        gc.collect()
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def _peak(function) -> int:
    gc.collect()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def import_benchmark(planner, rows: int, reps: int = 5) -> dict:
    per_objective = math.ceil(Decimal(rows) / ROWS_PER_INDICATOR / OBJECTIVES)
    out: dict = {}
    with transaction.atomic():
        started = time.perf_counter()
        design = design_plan(9001, per_objective=per_objective, slug=SLUG)
        design.register = None  # the plan alone: item 5 times its workbook
        write_plans([design])
        from plan.models import Cutoff

        cutoff = Cutoff.objects.select_related("plan").filter(plan__slug=SLUG).latest("date")
        meta, current = followup_rows(cutoff, planner)
        content = build_followup(meta, _filled(current))
        out["setup_seconds"] = time.perf_counter() - started
        out["rows"] = len(current)
        out["indicators"] = len(design.indicators)
        out["bytes"] = len(content)

        kept = {}

        def preview():
            parsed = parse_followup(content)
            plan = run_followup_import(content, cutoff, planner, dry_run=True, parsed=parsed)
            if plan.errors:
                raise SystemExit(f"bench: the import preview found errors: {plan.errors[:3]}")
            kept["rows"] = parsed_to_json(parsed)
            out["counts"] = plan.counts

        def commit():
            with transaction.atomic():
                parsed = parsed_from_json(kept["rows"])
                plan = run_followup_import(content, cutoff, planner, parsed=parsed)
                if plan.errors:
                    raise SystemExit(f"bench: the import found errors: {plan.errors[:3]}")
                transaction.set_rollback(True)

        def floor():
            out["floor_rows"] = read_only_floor(content)

        floor()
        preview()  # warm-up
        out["floor"] = _timed(floor, reps)
        out["preview"] = _timed(preview, reps)
        out["commit"] = _timed(commit, max(2, reps - 2))
        out["floor_peak"] = _peak(floor)
        out["preview_peak"] = _peak(preview)
        out["commit_peak"] = _peak(commit)
        transaction.set_rollback(True)
    return out
