"""What the fault scripts conclude from their records (pure: no HTTP, no database)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ops.load.generator import Record

RECOVERY_LIMIT = 5.0  # seconds after the database is back


@dataclass(frozen=True)
class OutageReport:
    down_at: float
    back_at: float
    requests: int
    during: int  # requests that started and ended while the database was down
    during_friendly_503: int
    during_ok_paths: dict[str, int]  # pages that answered without the database
    not_friendly: list[Record]  # failures that were not the friendly 503 (tracebacks, resets)
    recovered_after: float  # seconds after back_at until every request succeeds again
    failures_after_limit: int  # failed requests that started RECOVERY_LIMIT s after back_at

    @property
    def passed(self) -> bool:
        return (
            not self.not_friendly
            and self.during_friendly_503 > 0
            and self.during_friendly_503 + sum(self.during_ok_paths.values()) == self.during
            and self.recovered_after <= RECOVERY_LIMIT
            and self.failures_after_limit == 0
        )


def analyse_outage(records: list[Record], down_at: float, back_at: float) -> OutageReport:
    """``down_at``: the database had stopped; ``back_at``: it accepted connections again (both
    in seconds since the load started)."""
    during = [r for r in records if r.start >= down_at and r.end <= back_at]
    failures = [r for r in records if not r.ok]
    not_friendly = [r for r in failures if not (r.status == 503 and r.friendly) or r.traceback]
    after = [r for r in records if r.start >= back_at]
    last_failure = max((r.end for r in after if not r.ok), default=None)
    recovered_after = 0.0 if last_failure is None else max(0.0, last_failure - back_at)
    return OutageReport(
        down_at=down_at,
        back_at=back_at,
        requests=len(records),
        during=len(during),
        during_friendly_503=sum(1 for r in during if r.status == 503 and r.friendly),
        during_ok_paths=_count_paths(r for r in during if r.ok),
        not_friendly=not_friendly,
        recovered_after=recovered_after,
        failures_after_limit=sum(
            1 for r in after if not r.ok and r.start >= back_at + RECOVERY_LIMIT
        ),
    )


def _count_paths(records) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in records:
        counts[r.path] = counts.get(r.path, 0) + 1
    return counts


def timeline(records: list[Record], step: float = 1.0) -> list[tuple[float, int, int]]:
    """(second, successes, failures) per ``step`` seconds of request start time."""
    if not records:
        return []
    buckets: dict[int, list[int]] = {}
    for r in records:
        bucket = buckets.setdefault(int(r.start // step), [0, 0])
        bucket[0 if r.ok else 1] += 1
    return [(k * step, ok, failed) for k, (ok, failed) in sorted(buckets.items())]


ACTIVITY_SQL = "SELECT application_name, backend_xid IS NOT NULL FROM pg_stat_activity"


def connections_of(activity: str, application: str) -> tuple[int, int]:
    """From psql's output of ACTIVITY_SQL: (connections, connections whose transaction has
    written) of one application name. PostgreSQL gives a transaction its id at its first
    write, so a written transaction is one with a backend_xid."""
    rows = [line.split("|") for line in activity.splitlines() if "|" in line]
    mine = [written for name, written in rows if name == application]
    return len(mine), sum(1 for written in mine if written == "t")


# md5 over every row's text in a stable order, and the row count, for each checked table.
_ROWS = "SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
CHECKSUM_SQL = {
    "indicators_measurement": _ROWS + " FROM indicators_measurement t",
    "indicators_historicalmeasurement": _ROWS + " FROM indicators_historicalmeasurement t",
    "indicators_evidence": _ROWS + " FROM indicators_evidence t",
    "plan_cutoff": _ROWS + " FROM plan_cutoff t",
}


# The same, without the columns that differ between two runs of the same import (timestamps
# and history ids): "exactly as after the complete import" compares with a reference copy.
_STABLE = (
    "SELECT count(*) || ' ' || md5(coalesce(string_agg(s::text, '|' ORDER BY s::text), '')) "
    "FROM (SELECT (SELECT jsonb_object_agg(k, v) FROM jsonb_each(to_jsonb(t)) AS e(k, v) "
    "WHERE k NOT LIKE '%\\_at' AND k NOT IN ('history_date', 'history_id')) AS s FROM {} t) q"
)
STABLE_SQL = {table: _STABLE.format(table) for table in CHECKSUM_SQL}

_PROGRESS = re.compile(r"(\d+)\D+?(\d+)\s*$")


def progress_of(line: str) -> tuple[int, int] | None:
    """(done, total) from a progress line of import_followup («… fila 1500 de 3000»)."""
    if "…" not in line:
        return None
    match = _PROGRESS.search(line.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def kill_now(progress: tuple[int, int] | None, written: bool) -> bool:
    """Kill once the import, inside its transaction (it has written), reports half its rows:
    a point measured from its own progress, not from a clock."""
    if progress is None or not written:
        return False
    done, total = progress
    return total > 0 and 2 * done >= total


BEFORE, AFTER, BETWEEN = "before", "after", "between"


def kill_verdict(
    before: dict[str, str],
    after_kill: dict[str, str],
    stable_after_kill: dict[str, str],
    stable_complete: dict[str, str],
) -> str:
    """BEFORE: exactly as before the import (rolled back); AFTER: exactly as after the complete
    import (it had committed); BETWEEN: anything else, which atomicity forbids."""
    if after_kill == before:
        return BEFORE
    if stable_after_kill == stable_complete:
        return AFTER
    return BETWEEN
