"""Measurements inside Django, on the database of one size (run by ``python -m bench`` in a
subprocess: ``python -m bench.measure SIZE OUT.json [--quick] [--import-rows N]``).

Server time is measured in-process with Django's test client: the request goes through the
whole middleware stack, the view and the template, not through a socket (bench.throughput
measures that). Every loop is bounded in repetitions.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from decimal import Decimal

REFERENCE = "pes-2024-2027"  # a seed plan: the same plan at every size
SYNTHETIC = "sintetico-0001"  # a synthetic plan (sizes M and L)
HEAVY = {"opendata_district"}  # holds every plan: fewer repetitions (the lists are pages)


def _consume(response) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


class Bench:
    def __init__(self, size: str, quick: bool):
        from django.contrib.auth.models import Group, User
        from django.test import Client
        from django.utils import timezone

        from indicators.models import Indicator
        from plan.models import Cutoff, Plan
        from plan.roles import DIRECTOR, PLANNING

        self.size = size
        self.reps = 5 if quick else 30
        self.quick = quick
        director, _ = User.objects.get_or_create(username="bench-directora")
        director.groups.add(Group.objects.get_or_create(name=DIRECTOR)[0])
        self.planner, _ = User.objects.get_or_create(username="bench-planeacion")
        self.planner.groups.add(Group.objects.get_or_create(name=PLANNING)[0])
        self.director = Client()
        self.director.force_login(director)
        self.citizen = Client()
        self.today = timezone.localdate()
        plan = Plan.objects.get(slug=REFERENCE)
        self.reference = plan
        indicator = Indicator.objects.filter(plan=plan).order_by("id").first()
        published = Cutoff.objects.filter(plan=plan, status="published").latest("date")
        self.pages = self._pages(plan.slug, indicator.id, published.date.isoformat())

    def _pages(self, slug: str, indicator_id: int, published: str) -> list[tuple]:
        """(key, label, client, url, cached public page) of every page measured."""
        director, citizen, today = self.director, self.citizen, self.today.isoformat()
        board = f"/tablero/{slug}"
        return [
            ("dashboard", "director dashboard", director, f"{board}/", False),
            ("objective", "director objective", director, f"{board}/objetivos/4/", False),
            (
                "indicator",
                "director indicator",
                director,
                f"{board}/indicadores/{indicator_id}/",
                False,
            ),
            ("indicators", "director indicator table", director, f"{board}/indicadores/", False),
            ("alerts", "director alerts", director, f"{board}/alertas/", False),
            ("public_plan", "public plan", citizen, f"/planes/{slug}/", True),
            ("public_objective", "public objective", citizen, f"/planes/{slug}/objetivos/4/", True),
            (
                "opendata_plan",
                "open data: plan CSV",
                citizen,
                f"/datos-abiertos/{slug}/{published}/indicadores.csv",
                False,
            ),
            ("district", "district overview", director, f"/tablero/distrito/?fecha={today}", False),
            (
                "opendata_district",
                "open data: all plans CSV (streamed)",
                citizen,
                f"/datos-abiertos/{today}/objetivos.csv",
                False,
            ),
            # Pages that list every plan: their queries are fixed, their size is not.
            ("home", "public home (lists every plan)", citizen, "/", False),
            (
                "opendata_index",
                "open data index (lists every plan)",
                citizen,
                "/datos-abiertos/",
                False,
            ),
            ("index", "director index (lists every plan)", director, "/tablero/", False),
        ]

    # --- helpers -----------------------------------------------------------------------

    def get(self, client, url) -> int:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")
        return _consume(response)

    def time_get(self, client, url, reps, clear_cache=False) -> list[float]:
        from django.core.cache import cache

        samples = []
        for n in range(reps + 2):  # two warm-up requests
            if clear_cache:
                cache.clear()
            started = time.perf_counter()
            self.get(client, url)
            if n >= 2:
                samples.append(time.perf_counter() - started)
        return samples

    def count_queries(self, client, url) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.get(client, url)
        return len(ctx.captured_queries)

    # --- 1 and 2: queries and server time of every main page ---------------------------

    def pages_(self) -> dict:
        from django.core.cache import cache

        out = {}
        for key, label, client, url, cached in self.pages:
            cache.clear()
            queries = self.count_queries(client, url)
            entry = {"label": label, "url": url, "queries": queries}
            heavy = key in HEAVY
            reps = max(3, self.reps // 10) if heavy else self.reps
            entry["time"] = self.time_get(client, url, reps, clear_cache=cached)
            if cached:
                self.get(client, url)  # stored
                # none: the plan's row is kept for PLAN_TTL seconds
                entry["queries_hit"] = self.count_queries(client, url)
                entry["time_hit"] = self.time_get(client, url, self.reps)
            out[key] = entry
        return out

    # --- 3: the district overview against one aggregate query --------------------------

    def district(self) -> dict:
        from django.db import connection

        from bench.floor import district_floor
        from publication.published import district_figures

        overview = self.time_get(
            self.director, f"/tablero/distrito/?fecha={self.today.isoformat()}", self.reps
        )
        floor_reps = 3 if self.quick else 10
        floor_times = []
        with connection.cursor() as cursor:
            district_floor(cursor, self.today)  # warm-up
            for _ in range(floor_reps):
                started = time.perf_counter()
                floor = district_floor(cursor, self.today)
                floor_times.append(time.perf_counter() - started)
        stored = {
            (p.plan_id, o.number): o.compliance
            for p in district_figures(self.today)
            for o in p.objectives
        }
        same = sum(
            1
            for key, value in floor.items()
            if key in stored
            and (
                (value is None and stored[key] is None)
                or (
                    value is not None
                    and stored[key] is not None
                    and abs(Decimal(value) - stored[key]) < Decimal("0.0001")
                )
            )
        )
        return {
            "overview": overview,
            "floor": floor_times,
            "objectives": len(floor),
            "stored": len(stored),
            "same": same,
        }

    # --- 4: publishing ------------------------------------------------------------------

    def publishing(self) -> dict:
        from django.db import transaction

        from plan.models import Cutoff, Plan
        from publication.publishing import publish

        def newest(plan_ids):
            latest = {}
            for cutoff in (
                Cutoff.objects.filter(plan__in=plan_ids).select_related("plan").order_by("date")
            ):
                latest[cutoff.plan_id] = cutoff
            return list(latest.values())

        def rolled_back(cutoff) -> list[float]:
            samples = []
            for _ in range(max(3, self.reps // 2)):
                with transaction.atomic():
                    started = time.perf_counter()
                    publish(cutoff, reason="Medición del benchmark")
                    samples.append(time.perf_counter() - started)
                    transaction.set_rollback(True)
            return samples

        out = {"one": rolled_back(newest([self.reference.id])[0])}
        synthetic = Plan.objects.filter(slug=SYNTHETIC).first()
        if synthetic:
            out["one_synthetic"] = rolled_back(newest([synthetic.id])[0])
        cutoffs = newest(list(Plan.objects.values_list("id", flat=True)))
        with transaction.atomic():
            started = time.perf_counter()
            for cutoff in cutoffs:
                publish(cutoff, reason="Medición del benchmark")
            out["all"] = time.perf_counter() - started
            transaction.set_rollback(True)
        out["plans"] = len(cutoffs)
        return out

    # --- 5: importing a 10.000-row follow-up workbook ----------------------------------

    def excel_import(self, rows: int) -> dict:
        from bench.workbook import import_benchmark

        return import_benchmark(self.planner, rows, reps=2 if self.quick else 5)

    # --- 7: the streamed district export ----------------------------------------------

    def export_memory(self) -> dict:
        from django.test import Client

        url = f"/datos-abiertos/{self.today.isoformat()}/indicadores.csv"
        client = Client()
        self.get(client, url)  # warm-up (imports, caches)
        started = time.perf_counter()
        size = self.get(client, url)
        seconds = time.perf_counter() - started
        gc.collect()
        tracemalloc.start()
        self.get(client, url)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        response = client.get(url)
        streaming = bool(getattr(response, "streaming", False))
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
        return {
            "peak": peak,
            "bytes": size,
            "rows": lines,
            "seconds": seconds,
            "streamed": streaming,
        }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("size", choices=["S", "M", "L"])
    parser.add_argument("out")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--import-rows", type=int, default=0)
    parser.add_argument("--only", default="pages,district,publishing,export,import")
    args = parser.parse_args(argv)

    import django

    django.setup()
    only = set(args.only.split(","))
    bench = Bench(args.size, args.quick)
    results: dict = {"size": args.size, "today": bench.today.isoformat()}
    steps = [
        ("pages", bench.pages_),
        ("district", bench.district),
        ("publishing", bench.publishing),
        ("export", bench.export_memory),
    ]
    if args.import_rows:
        steps.append(("import", lambda: bench.excel_import(args.import_rows)))
    for key, step in steps:
        if key not in only:
            continue
        started = time.monotonic()
        results[key] = step()
        print(f"    {args.size} {key}: {time.monotonic() - started:.1f} s", file=sys.stderr)
    with open(args.out, "w") as handle:
        json.dump(results, handle, default=str)


if __name__ == "__main__":
    main()
