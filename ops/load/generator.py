"""A bounded HTTP load generator for loopback only (standard library; threads).

Every request is recorded (start, end, status, whether the body is the friendly 503 page, an
error if the connection failed), so that the scenarios can say what happened at each moment.
It refuses any host outside 127.0.0.0/8 and ::1, stops by itself after ``duration`` seconds
or ``max_requests`` requests, whichever comes first, and each request times out.
"""

from __future__ import annotations

import http.client
import ipaddress
import math
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

FRIENDLY_503 = "Servicio no disponible por un momento"


class NotLoopback(ValueError):
    pass


def check_loopback(base_url: str) -> tuple[str, int]:
    """(host, port) of a loopback URL; NotLoopback for anything else."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if parts.scheme != "http":
        raise NotLoopback(f"only plain http to this machine: {base_url}")
    if host != "localhost":
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise NotLoopback(f"not an address on this machine: {host}") from None
        if not address.is_loopback:
            raise NotLoopback(f"not a loopback address: {host}")
    return host, parts.port or 80


@dataclass(frozen=True)
class Record:
    start: float  # seconds since the run started
    end: float
    path: str
    status: int  # 0 when the connection failed
    friendly: bool = False  # the body is the friendly 503 page
    traceback: bool = False  # the body shows a Python traceback
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400

    @property
    def latency(self) -> float:
        return self.end - self.start


@dataclass
class Target:
    """A path and the headers (e.g. a session cookie) to send with it."""

    path: str
    headers: dict[str, str] = field(default_factory=dict)
    label: str = ""


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    requests: int
    errors: int  # anything but 2xx/3xx
    duration: float
    throughput: float  # requests per second
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    statuses: dict[int, int]


def summarise(records: list[Record], duration: float) -> Summary:
    latencies = [r.latency * 1000 for r in records]
    statuses: dict[int, int] = {}
    for r in records:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    return Summary(
        requests=len(records),
        errors=sum(1 for r in records if not r.ok),
        duration=duration,
        throughput=len(records) / duration if duration > 0 else 0.0,
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
        max_ms=max(latencies) if latencies else None,
        statuses=dict(sorted(statuses.items())),
    )


def run(
    base_url: str,
    targets: list[Target],
    *,
    concurrency: int,
    duration: float,
    max_requests: int = 1_000_000,
    timeout: float = 10.0,
    on_tick=None,
) -> tuple[list[Record], float]:
    """Runs ``concurrency`` workers over ``targets`` (round robin) for ``duration`` seconds.
    ``on_tick(elapsed)`` is called about every 0.1 s from the main thread (the scenarios use it
    to stop and start the database while the load runs). Returns (records, elapsed)."""
    host, port = check_loopback(base_url)
    if not targets:
        raise ValueError("no targets")
    duration = min(float(duration), 600.0)  # never more than ten minutes
    records: list[Record] = []
    lock = threading.Lock()
    counter = iter(range(max_requests))
    started = time.monotonic()
    deadline = started + duration
    stop = threading.Event()

    def worker(offset: int):
        connection = None
        n = offset
        while not stop.is_set() and time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    stop.set()
                    return
            target = targets[n % len(targets)]
            n += 1
            begin = time.monotonic()
            connection, outcome = _get(connection, host, port, timeout, target)
            end = time.monotonic()
            with lock:
                records.append(Record(begin - started, end - started, target.path, *outcome))
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    _wait(threads, on_tick, started, deadline + timeout + 5, stop)
    elapsed = min(time.monotonic(), deadline) - started
    return sorted(records, key=lambda r: r.start), elapsed


def _get(connection, host, port, timeout, target: Target):
    """One GET on a kept-alive connection (reopened when needed). Returns the connection to
    reuse (or None) and (status, friendly 503 page, traceback shown, error name)."""
    status, friendly, traceback, error = 0, False, False, ""
    try:
        if connection is None:
            connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.request("GET", target.path, headers=target.headers)
        response = connection.getresponse()
        body = response.read()
        status = response.status
        if status >= 500:
            text = body.decode("utf-8", "replace")
            friendly = FRIENDLY_503 in text
            traceback = "Traceback" in text
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        error = type(exc).__name__
        if connection is not None:
            connection.close()
        connection = None
    return connection, (status, friendly, traceback, error)


def _wait(threads, on_tick, started: float, give_up: float, stop: threading.Event) -> None:
    """Tick about every 0.1 s until the workers end (or give up past ``give_up``)."""
    while any(t.is_alive() for t in threads):
        if on_tick is not None:
            on_tick(time.monotonic() - started)
        time.sleep(0.1)
        if time.monotonic() > give_up:
            stop.set()
            break
