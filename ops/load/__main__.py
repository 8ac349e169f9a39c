"""Load and fault scripts (loopback only, each bounded in time). See README, "Carga y fallas".

    python -m ops.load load          # 60 s at 50 connections, public and director pages
    python -m ops.load outage        # PostgreSQL stopped and started while the load runs
    python -m ops.load kill-import   # import_followup killed (SIGKILL) inside its transaction
    python -m ops.load two-servers   # two gunicorns, one PostgreSQL, a shared cache
    python -m ops.load all

Each run makes its own PostgreSQL cluster (ops/load/cluster.py) and gunicorn processes on
127.0.0.1, prints a Markdown summary and exits non-zero when a requirement is not met.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import signal
import subprocess  # noqa: S404 - fixed argument lists, no shell  # nosec B404
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from ops.load import analysis, generator
from ops.load.cluster import Cluster
from ops.load.fixtures import DIRECTOR, PLANNER
from ops.load.generator import Target
from ops.load.servers import ROOT, Client, Gunicorn, app_env, manage

PUBLIC = [
    "/",
    "/planes/pes-2024-2027/",
    "/planes/pes-2024-2027/objetivos/4/",
    "/planes/pei-2020-2024/",
    "/datos-abiertos/",
    "/riesgos/corrupcion/",
    "/rendicion-de-cuentas/",
]
DIRECTOR_PAGES = [
    "/tablero/pes-2024-2027/",
    "/tablero/pes-2024-2027/indicadores/",
    "/tablero/pes-2024-2027/objetivos/4/",
    "/tablero/pes-2024-2027/alertas/",
]
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/0")


def prepared_database(cluster: Cluster, name: str = "tablero_load", **extra) -> dict:
    """Migrated, seeded, with the scripts' users; the environment to run the app on it."""
    env = app_env(cluster.create_database(name), **extra)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_seed")
    manage(env, "collectstatic", "--noinput", "-v0")
    run_fixture(env, "users")
    return env


def run_fixture(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments  # nosec B603
        [sys.executable, "-m", "ops.load.fixtures", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip()


def director_targets(base_url: str) -> list[Target]:
    client = Client(base_url)
    status, _html, _headers = client.login(*DIRECTOR)
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"the director could not sign in (status {status})")
    return [Target(p, client.cookie_header(), "director") for p in DIRECTOR_PAGES]


def mixed_targets(base_url: str) -> list[Target]:
    public = [Target(p, {}, "public") for p in PUBLIC]
    director = director_targets(base_url)
    return [t for pair in zip(public, director * 2, strict=False) for t in pair] + public[4:]


def fmt_ms(value) -> str:
    return "-" if value is None else f"{value:.0f} ms"


def summary_lines(title: str, records, elapsed: float) -> list[str]:
    s = generator.summarise(records, elapsed)
    return [
        f"| {title} | {s.requests} | {s.errors} | {s.throughput:.1f} | {fmt_ms(s.p50_ms)} | "
        f"{fmt_ms(s.p95_ms)} | {fmt_ms(s.p99_ms)} | {fmt_ms(s.max_ms)} |"
    ]


@contextlib.contextmanager
def serving(args, warm_up: float):
    """A private PostgreSQL cluster and gunicorn over it, warmed up for ``warm_up`` seconds
    on the mixed pages: yields the cluster, the server and those pages."""
    with Cluster(port=args.pg_port) as cluster:
        env = prepared_database(cluster)
        with Gunicorn(args.port, env, workers=args.workers, threads=args.threads) as server:
            targets = mixed_targets(server.url)
            generator.run(server.url, targets, concurrency=10, duration=warm_up)
            yield cluster, server, targets


def scenario_load(args) -> bool:
    with serving(args, warm_up=5) as (_cluster, server, targets):
        records, elapsed = generator.run(
            server.url, targets, concurrency=args.concurrency, duration=args.duration
        )
    paths = {t.path: t.label for t in targets}
    public = [r for r in records if paths[r.path] == "public"]
    director = [r for r in records if paths[r.path] == "director"]
    s = generator.summarise(records, elapsed)
    print(f"\n### Load: {args.duration:.0f} s at {args.concurrency} connections\n")
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads (gthread), PostgreSQL 15 "
        f"(private cluster), {len(PUBLIC)} public and {len(DIRECTOR_PAGES)} director pages.\n"
    )
    print("| pages | requests | errors | req/s | p50 | p95 | p99 | max |")
    print("|---|---|---|---|---|---|---|---|")
    for line in (
        summary_lines("all", records, elapsed)
        + summary_lines("public", public, elapsed)
        + summary_lines("director", director, elapsed)
    ):
        print(line)
    print(f"\nstatuses: {s.statuses}")
    return s.errors == 0 and s.requests > 0


def scenario_outage(args) -> bool:
    with serving(args, warm_up=3) as (cluster, server, targets):
        marks: dict[str, float] = {}
        started = time.monotonic()

        def fault():
            # The exact moments come from polling pg_isready: it fails as soon as the
            # server refuses connections and succeeds as soon as it accepts them again.
            time.sleep(args.down_after)
            stopping = cluster.stop_in_background("fast")
            while cluster.is_ready():
                time.sleep(0.02)
            marks["down"] = time.monotonic() - started
            stopping.wait(timeout=60)
            time.sleep(args.down_for)
            cluster.start_in_background()
            while not cluster.is_ready():
                time.sleep(0.02)
            marks["back"] = time.monotonic() - started

        thread = threading.Thread(target=fault, daemon=True)
        thread.start()
        records, elapsed = generator.run(
            server.url, targets, concurrency=args.concurrency, duration=args.duration
        )
        thread.join(timeout=120)
    report = analysis.analyse_outage(records, marks["down"], marks["back"])
    print(f"\n### Database outage under load ({args.concurrency} connections)\n")
    print(
        f"PostgreSQL refused connections (pg_ctl stop -m fast) from {report.down_at:.2f} s and "
        f"accepted them again (pg_ctl start) at {report.back_at:.2f} s, as seen by pg_isready "
        f"polled every 20 ms; load for {elapsed:.0f} s.\n"
    )
    print(f"- requests: {report.requests}")
    print(
        f"- while down: {report.during} requests, {report.during_friendly_503} answered "
        "with the friendly 503 page"
    )
    if report.during_ok_paths:
        print(f"- answered without the database while it was down: {report.during_ok_paths}")
    print(f"- failures that were not the friendly 503: {len(report.not_friendly)}")
    for r in report.not_friendly[:5]:
        print(f"  - {r.path} status {r.status} {r.error} at {r.start:.2f} s")
    print(
        f"- every request succeeds again {report.recovered_after:.2f} s after the database is "
        f"back (limit {analysis.RECOVERY_LIMIT:.0f} s)"
    )
    print(f"- failures later than the limit: {report.failures_after_limit}")
    print("\nsecond | ok | failed")
    for second, ok, failed in analysis.timeline(records):
        print(f"{second:5.0f} | {ok} | {failed}")
    return report.passed


CHECKED_TABLES = list(analysis.CHECKSUM_SQL)


def checksums(cluster: Cluster, database: str) -> dict[str, str]:
    return {t: cluster.psql(database, sql) for t, sql in analysis.CHECKSUM_SQL.items()}


def stable_checksums(cluster: Cluster, database: str) -> dict[str, str]:
    return {t: cluster.psql(database, sql) for t, sql in analysis.STABLE_SQL.items()}


def _watch_output(process, lines: queue.Queue) -> None:
    for line in process.stdout:
        lines.put(line)
    lines.put(None)


def _kill_mid_transaction(cluster: Cluster, process, app: str, started: float) -> dict:
    """Follow the import's own progress lines; once its transaction has written (it has a
    transaction id in pg_stat_activity) and it reports half its rows, SIGKILL it. Returns
    when (s) it started writing, when it was killed, and whether it was still running."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_watch_output, args=(process, lines), daemon=True).start()
    written_at = None
    while time.monotonic() - started < 300:
        try:
            line = lines.get(timeout=0.05)
        except queue.Empty:
            line = ""
        if line is None:  # the import ended (committed or failed) before the kill point
            break
        if written_at is None:
            activity = cluster.psql("postgres", analysis.ACTIVITY_SQL)
            if analysis.connections_of(activity, app)[1]:
                written_at = time.monotonic() - started
        if analysis.kill_now(analysis.progress_of(line), written_at is not None):
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:  # it ended in between: nothing to kill
                break
            process.wait()
            return {"written": written_at, "killed": time.monotonic() - started, "alive": True}
    process.wait()
    return {"written": written_at, "killed": None, "alive": False}


def _wait_for_rollback(cluster: Cluster, app: str) -> None:
    for _ in range(200):  # the server notices the lost client and rolls back
        activity = cluster.psql("postgres", analysis.ACTIVITY_SQL)
        if analysis.connections_of(activity, app)[0] == 0:
            return
        time.sleep(0.05)


def kill_import_once(args, size: int) -> dict:
    with Cluster(port=args.pg_port) as cluster:
        env = prepared_database(cluster, "tablero_kill")
        workbook = Path(tempfile.mkdtemp(prefix="tablero-kill-")) / "libro.xlsx"
        slug, date, rows = run_fixture(env, "big-workbook", str(size), str(workbook)).split()
        command = [
            sys.executable, "manage.py", "import_followup", str(workbook), "--plan", slug,
            "--cutoff", date, "--user", PLANNER[0],
        ]  # fmt: skip
        # The reference: the same database, the complete import, in a copy.
        cluster.psql("postgres", 'CREATE DATABASE "tablero_ref" TEMPLATE "tablero_kill"')
        before = checksums(cluster, "tablero_kill")
        stable_before = stable_checksums(cluster, "tablero_kill")
        reference_env = {**env, "DATABASE_URL": cluster.url("tablero_ref")}
        control_started = time.monotonic()
        output = manage(reference_env, *command[2:])
        control = time.monotonic() - control_started
        complete = stable_checksums(cluster, "tablero_ref")
        app = f"tablero-kill-{uuid.uuid4().hex[:8]}"
        started = time.monotonic()
        process = subprocess.Popen(  # noqa: S603 - fixed arguments  # nosec B603
            command, cwd=ROOT, env={**env, "PGAPPNAME": app},
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        kill = _kill_mid_transaction(cluster, process, app, started)
        _wait_for_rollback(cluster, app)
        after_kill = checksums(cluster, "tablero_kill")
        stable_after_kill = stable_checksums(cluster, "tablero_kill")
        workbook.unlink()
        workbook.parent.rmdir()
    return {
        **kill,
        "rows": rows,
        "size": size,
        "control": control,
        "output": output,
        "before": before,
        "after_kill": after_kill,
        "verdict": analysis.kill_verdict(before, after_kill, stable_after_kill, complete),
        "import_changes": complete != stable_before,
    }


def scenario_kill_import(args) -> bool:
    """Kill the import inside its transaction at a point measured from its own progress; if
    it ends before that point, try again with a workbook twice as large (at most 3 tries)."""
    size = args.size
    for _attempt in range(3):
        run = kill_import_once(args, size)
        if run["alive"]:
            break
        print(f"the import of {run['rows']} rows ended before the kill point; trying larger")
        size *= 2
    else:
        print("the import always ended before the kill point: make --size larger")
        return False
    verdict = run["verdict"]
    print("\n### Import killed inside its transaction\n")
    print(
        f"`import_followup` of a {run['rows']}-row workbook ({run['size']} indicators) had "
        f"written inside its transaction at {run['written']:.2f} s and was killed with SIGKILL "
        f"at {run['killed']:.2f} s, when it reported half its rows written; a complete import "
        f"takes {run['control']:.1f} s (run on a copy of the database, the reference).\n"
    )
    print("| table | before | after the kill |")
    print("|---|---|---|")
    for table in CHECKED_TABLES:
        print(f"| {table} | {run['before'][table]} | {run['after_kill'][table]} |")
    print(f"\n- database after the kill: {verdict} (before or after, never between)")
    print(f"- the complete import does change it (the check can fail): {run['import_changes']}")
    print(f"- complete import (reference): {run['output'].strip().splitlines()[-1]}")
    return verdict in (analysis.BEFORE, analysis.AFTER) and run["import_changes"]


def two_server_check(args, cache_url: str, **extra) -> dict[str, bool]:
    prefix = f"carga-{uuid.uuid4().hex[:8]}"
    with Cluster(port=args.pg_port) as cluster:
        env = prepared_database(
            cluster, "tablero_two", CACHE_URL=cache_url, CACHE_KEY_PREFIX=prefix, **extra
        )
        cutoff_id, indicator_id = run_fixture(env, "open-cutoff").split()
        form = f"/reporte/cortes/{cutoff_id}/indicadores/{indicator_id}/"
        a = Gunicorn(args.port, env, workers=2, threads=2)
        b = Gunicorn(args.port + 1, env, workers=2, threads=2)
        try:
            a.wait_ready()
            b.wait_ready()
            results = {}
            on_a = Client(a.url)
            on_a.login(*PLANNER)
            on_b = Client(b.url, on_a.cookies)  # the same browser, sent to the other server
            status, page, _h = on_b.get("/reporte/")
            results["session from A is valid on B"] = status == 200 and PLANNER[0] in page
            status, _page, _h = on_a.post_form(
                form, {"executed": "0,37", "analysis": "Ingresado por el servidor A",
                       "action": "save"},
            )  # fmt: skip
            status_b, page_b, _h = on_b.get(form)
            results["value entered on A is seen on B"] = (
                status == 302 and status_b == 200 and 'value="0,37"' in page_b
            )
            on_b.post_form("/reporte/", {}, action="/cuenta/logout/")
            status, _page, headers = Client(a.url, on_a.cookies).get("/reporte/")
            results["signing out on B ends the session on A"] = status == 302 and (
                headers.get("Location", "").startswith("/cuenta/login/")
            )
            for _ in range(5):
                Client(a.url).login(DIRECTOR[0], "clave-equivocada")
            status, _page, _h = Client(b.url).login(*DIRECTOR)
            results["five failed sign-ins on A lock the user on B"] = status == 429
        finally:
            a.stop()
            b.stop()
    return results


def scenario_two_servers(args) -> bool:
    shared = two_server_check(args, REDIS_URL)
    print("\n### Two application servers, one PostgreSQL\n")
    print(
        f"gunicorn on 127.0.0.1:{args.port} (A) and :{args.port + 1} (B); CACHE_URL={REDIS_URL}\n"
    )
    for check, ok in shared.items():
        print(f"- {check}: {'yes' if ok else 'NO'}")
    passed = all(shared.values())
    if args.control:
        local = two_server_check(
            args, "locmem://", SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
        )
        print(
            "\nControl: sessions cached in a per-process cache (CACHE_URL=locmem://, "
            "SESSION_ENGINE=cached_db; `check --deploy` warns tablero.W001):\n"
        )
        for check, ok in local.items():
            print(f"- {check}: {'yes' if ok else 'NO'}")
    return passed


SCENARIOS = {
    "load": scenario_load,
    "outage": scenario_outage,
    "kill-import": scenario_kill_import,
    "two-servers": scenario_two_servers,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Tablero load and fault scripts (loopback)")
    parser.add_argument("scenario", choices=[*SCENARIOS, "all"])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--down-after", type=float, default=10.0)
    parser.add_argument("--down-for", type=float, default=8.0)
    parser.add_argument("--size", type=int, default=3000, help="kill-import: indicators")
    parser.add_argument("--control", action="store_true", help="two-servers: also locmem://")
    args = parser.parse_args(argv)
    names = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    failed = []
    for name in names:
        if name == "outage" and args.scenario == "all":
            args.duration = 35.0
        if not SCENARIOS[name](args):
            failed.append(name)
    print(f"\nfailed: {', '.join(failed)}" if failed else "\nall requirements met")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
