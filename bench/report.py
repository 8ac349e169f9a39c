"""Pure rendering of the benchmark's one table (Markdown, read as is in a terminal) and of
the figures in it, in Colombian notation: 1.234,5."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.stats import Summary

SIZES = ("S", "M", "L")
MET, MISSED, INFO = "yes", "NO", ""


def number(value: float | int | None, decimals: int = 0) -> str:
    """1234567.891 -> "1.234.567,89" (two decimals); None -> "—"."""
    if value is None:
        return "—"
    text = f"{abs(value):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"-{text}" if value < 0 else text


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{number(seconds * 1000, 1 if seconds < 10 else 0)} ms"


def duration(seconds: float | None) -> str:
    """Milliseconds below 10 s, seconds above."""
    if seconds is None:
        return "—"
    return ms(seconds) if seconds < 10 else f"{number(seconds, 1)} s"


def timing(summary: Summary | None) -> str:
    """ "45,2 ms (p95 51,0 ms, n 30)"."""
    if summary is None:
        return "—"
    return f"{duration(summary.median)} (p95 {duration(summary.p95)}, n {summary.n})"


def megabytes(size: float | None) -> str:
    return "—" if size is None else f"{number(size / 2**20, 1)} MB"


def times(value: float | None) -> str:
    """A ratio: "1,02×"."""
    return "—" if value is None else f"{number(value, 2)}×"


def verdict(ok: bool | None) -> str:
    return INFO if ok is None else (MET if ok else MISSED)


@dataclass(frozen=True)
class Row:
    item: str  # "1", "2", ...
    what: str
    cells: dict[str, str] = field(default_factory=dict)  # size -> text
    target: str = ""
    met: bool | None = None  # None: informative, no target


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def table(rows: Sequence[Row], sizes: Sequence[str] = SIZES) -> str:
    header = ["#", "Measurement", *sizes, "Target", "Met"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] * len(header)) + "|",
    ]
    for row in rows:
        cells = [row.item, row.what, *(row.cells.get(s, "") for s in sizes), row.target]
        cells.append(verdict(row.met))
        lines.append("| " + " | ".join(_escape(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def document(title: str, machine: dict[str, str], rows: Sequence[Row], notes: Sequence[str]) -> str:
    """results.md: the title, the machine, the table, then notes."""
    parts = [f"# {title}", ""]
    parts += [f"- **{key}**: {value}" for key, value in machine.items()]
    parts += ["", table(rows)]
    if notes:
        parts += ["Notes:", ""]
        parts += [f"- {note}" for note in notes]
        parts.append("")
    return "\n".join(parts)
