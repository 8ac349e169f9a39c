"""Item 6 of the benchmark: requests per second under gunicorn (2 sync workers, this machine's
cores) on the loopback interface only, for the floor view (/bench/floor/: a constant string
through the same middleware) and for the public plan page.

The load generator is wrk (Debian's package, installed with apt-get when missing) or, when it
cannot be installed, a bounded Python generator. Every run is bounded in time (and the Python
generator also in requests); gunicorn is started and stopped here, by its own process id.
"""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.databases import ROOT, django_env

HOST = "127.0.0.1"  # loopback only
WORKERS = 2
MAX_PYTHON_REQUESTS = 200_000  # per run, for the Python generator


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def ensure_wrk(log) -> str | None:
    """wrk's path, installing Debian's package when it is missing; None if that fails."""
    found = shutil.which("wrk")
    if found:
        return found
    log("  wrk is missing: apt-get install wrk")
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    for commands in ([install], [["apt-get", "update", "-qq"], install]):
        for command in commands:
            subprocess.run(command, capture_output=True, check=False)  # noqa: S603
        found = shutil.which("wrk")
        if found:
            return found
    log("  wrk could not be installed: the Python load generator is used")
    return None


def _wait_until_up(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("bench: gunicorn did not answer in 30 s")


def wrk_rate(wrk: str, url: str, seconds: int, connections: int, headers=()) -> dict:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run(  # noqa: S603 - wrk with our own arguments, loopback URL
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", result.stdout)
    errors = re.search(r"Socket errors:.*", result.stdout)
    return {"rps": rate, "non_2xx": int(bad.group(1)) if bad else 0, "errors": bool(errors)}


def python_rate(port: int, path: str, seconds: int, connections: int, headers=()) -> dict:
    """A bounded keep-alive generator: ``connections`` threads until the time or the request
    budget runs out."""
    deadline = time.monotonic() + seconds
    budget = MAX_PYTHON_REQUESTS // connections
    counts = [0] * connections
    failures = [0] * connections
    extra = dict(h.split(": ", 1) for h in headers)

    def worker(n):
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        while time.monotonic() < deadline and counts[n] + failures[n] < budget:
            connection.request("GET", path, headers=extra)
            response = connection.getresponse()
            response.read()
            if response.status < 500:  # a 304 or a 400 is the page's answer too
                counts[n] += 1
            else:
                failures[n] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    elapsed = time.monotonic() - started
    return {"rps": sum(counts) / elapsed, "non_2xx": sum(failures), "errors": False}


def measure(size: str, pages: dict[str, tuple[str, tuple]], log, seconds=10, rounds=3) -> dict:
    """Median requests/s of each page over ``rounds`` alternating runs of ``seconds``."""
    wrk = ensure_wrk(log)
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    env = django_env(size, BENCH_FLOOR_VIEW="true", ALLOWED_HOSTS=HOST)
    command = [gunicorn, "config.wsgi", "-w", str(WORKERS), "-b", f"{HOST}:{port}"]
    server = subprocess.Popen(  # noqa: S603 - our gunicorn on loopback
        [*command, "--log-level", "warning"], cwd=ROOT, env=env
    )
    try:
        _wait_until_up(port)
        connections = 4
        for path, headers in pages.values():  # warm both workers and their caches
            python_rate(port, path, 2, 2, headers)
        runs: dict[str, list[dict]] = {name: [] for name in pages}
        for round_ in range(rounds):
            for name, (path, headers) in pages.items():
                if wrk:
                    url = f"http://{HOST}:{port}{path}"
                    run = wrk_rate(wrk, url, seconds, connections, headers)
                else:
                    run = python_rate(port, path, seconds, connections, headers)
                runs[name].append(run)
                log(f"    round {round_ + 1}: {name} {run['rps']:.0f} req/s")
        return {
            "tool": "wrk" if wrk else "python",
            "workers": WORKERS,
            "connections": connections,
            "seconds": seconds,
            "rounds": rounds,
            "pages": {
                name: {
                    "rps": statistics.median(r["rps"] for r in results),
                    "runs": [r["rps"] for r in results],
                    "non_2xx": sum(r["non_2xx"] for r in results),
                }
                for name, results in runs.items()
            },
        }
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
