"""Reading published snapshots (pure: payload dicts in, typed figures out).

A snapshot's payload is the JSON of ``publication.publishing.snapshot_payload``: decimals as
strings.
Public pages and open data read these figures only, never live data, so a published figure
never changes silently. When a cutoff was corrected (a snapshot version > 1), the current
figures come from the latest version and each one knows the figure originally published.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.compliance import WEIGHT_SUM, Term

HUNDRED = Decimal(100)


def _decimal(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


# A published term is the engine's own Term, read back from the payload (one Term type).
PublishedTerm = Term


@dataclass(frozen=True)
class PublishedObjective:
    id: int
    number: int
    short_title: str
    statement: str
    weight: Decimal
    compliance: Decimal | None
    colour: str
    terms: tuple[Term, ...]
    original_compliance: Decimal | None = None  # as first published, when since corrected
    corrected: bool = False
    denominator: Decimal | None = None  # what Σ(w·p) was divided by
    denominator_kind: str = WEIGHT_SUM  # or DECLARED_TOTAL (indicators.compliance)

    @property
    def included_terms(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.included)


@dataclass(frozen=True)
class PublishedIndicator:
    id: int
    code: str
    name: str
    unit: str
    direction: str
    annualization: str
    goal_kind: str
    goal_code: str
    goal_name: str
    responsible_unit: str
    programmed_year: Decimal | None
    programmed_cutoff: Decimal | None
    executed: Decimal | None
    progress_at_cutoff: Decimal | None
    progress_in_year: Decimal | None
    status: str
    gap: Decimal | None
    analysis: str
    evidence_url: str
    original_progress: Decimal | None = None  # as first published, when since corrected
    corrected: bool = False

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass(frozen=True)
class Correction:
    version: int
    published_at: datetime.datetime
    reason: str


@dataclass(frozen=True)
class PublishedCutoff:
    """The figures of one cutoff as published (latest version), with its corrections."""

    date: datetime.date
    version: int
    published_at: datetime.datetime
    rule: str
    cap_progress: bool
    plan_compliance: Decimal | None
    plan_colour: str
    objectives: tuple[PublishedObjective, ...]
    indicators: dict[int, PublishedIndicator]
    original_plan_compliance: Decimal | None = None
    corrections: tuple[Correction, ...] = field(default_factory=tuple)

    @property
    def corrected(self) -> bool:
        return self.version > 1

    @property
    def last_correction(self) -> Correction | None:
        return self.corrections[-1] if self.corrections else None

    def objective(self, number: int) -> PublishedObjective | None:
        return next((o for o in self.objectives if o.number == number), None)

    def objectives_fed_by(self, indicator_id: int) -> list[tuple[PublishedObjective, Term]]:
        return [
            (objective, term)
            for objective in self.objectives
            for term in objective.terms
            if term.indicator_id == indicator_id
        ]


def _term(data: dict) -> Term:
    return Term(
        indicator_id=data["indicator_id"],
        weight=_decimal(data["weight"]),
        included=bool(data["included"]),
        reason=data["reason"],
        progress=_decimal(data.get("progress")),
        normalised_weight=_decimal(data.get("normalised_weight")),
        contribution=_decimal(data.get("contribution")),
    )


def _objective(data: dict, original: dict | None) -> PublishedObjective:
    compliance = _decimal(data.get("compliance"))
    first = _decimal(original.get("compliance")) if original else compliance
    terms = tuple(_term(t) for t in data.get("terms", []))
    denominator = _decimal(data.get("denominator"))
    if denominator is None and compliance is not None:  # published before the field existed
        denominator = sum((t.weight for t in terms if t.included), Decimal(0))
    return PublishedObjective(
        id=data["id"],
        number=data["number"],
        short_title=data.get("short_title", ""),
        statement=data.get("statement", ""),
        weight=_decimal(data.get("weight")) or Decimal(1),
        compliance=compliance,
        colour=data.get("colour", "grey"),
        terms=terms,
        original_compliance=first,
        corrected=original is not None and first != compliance,
        denominator=denominator,
        denominator_kind=data.get("denominator_kind", WEIGHT_SUM),
    )


def _indicator(data: dict, original: dict | None) -> PublishedIndicator:
    goal = data.get("goal") or {}
    progress = _decimal(data.get("progress_at_cutoff"))
    first = _decimal(original.get("progress_at_cutoff")) if original else progress
    return PublishedIndicator(
        id=data["id"],
        code=data.get("code", ""),
        name=data.get("name", ""),
        unit=data.get("unit", ""),
        direction=data.get("direction", "higher"),
        annualization=data.get("annualization", ""),
        goal_kind=goal.get("kind", ""),
        goal_code=goal.get("code", ""),
        goal_name=goal.get("name", ""),
        responsible_unit=data.get("responsible_unit", ""),
        programmed_year=_decimal(data.get("programmed_year")),
        programmed_cutoff=_decimal(data.get("programmed_cutoff")),
        executed=_decimal(data.get("executed")),
        progress_at_cutoff=progress,
        progress_in_year=_decimal(data.get("progress_in_year")),
        status=data.get("status", ""),
        gap=_decimal(data.get("gap")),
        analysis=data.get("analysis", ""),
        evidence_url=data.get("evidence_url", ""),
        original_progress=first,
        corrected=original is not None and first != progress,
    )


def read_cutoff(
    date: datetime.date,
    latest,
    first=None,
    corrections: tuple[Correction, ...] = (),
) -> PublishedCutoff:
    """A cutoff's published figures from its latest snapshot and, when the cutoff was
    corrected, its first one. ``latest``/``first`` have ``version``, ``published_at``,
    ``plan_compliance`` and ``payload`` (Snapshot rows or any object alike)."""
    payload = latest.payload
    original = first.payload if first is not None and first.version != latest.version else None
    first_objectives = {o["id"]: o for o in original["objectives"]} if original else {}
    first_indicators = {i["id"]: i for i in original["indicators"]} if original else {}
    objectives = tuple(
        _objective(o, first_objectives.get(o["id"]) if original else None)
        for o in sorted(payload.get("objectives", []), key=lambda o: o["number"])
    )
    indicators = {
        i["id"]: _indicator(i, first_indicators.get(i["id"]) if original else None)
        for i in payload.get("indicators", [])
    }
    plan_compliance = _decimal(payload.get("plan_compliance"))
    return PublishedCutoff(
        date=date,
        version=latest.version,
        published_at=latest.published_at,
        rule=payload.get("rule", ""),
        cap_progress=bool(payload.get("cap_progress", False)),
        plan_compliance=plan_compliance,
        plan_colour=payload.get("plan_colour", "grey"),
        objectives=objectives,
        indicators=indicators,
        original_plan_compliance=(
            _decimal(original.get("plan_compliance")) if original else plan_compliance
        ),
        corrections=corrections,
    )


# --- Every plan's figures as of a date (the district overview) ------------------------


@dataclass(frozen=True)
class ObjectiveCell:
    """An objective's published compliance."""

    number: int
    short_title: str
    compliance: Decimal | None
    colour: str


@dataclass(frozen=True)
class PlanFigures:
    """One plan and, when it has one as of the date, its newest publication."""

    plan_id: int
    slug: str
    name: str
    organisation: str
    date: datetime.date | None = None  # the published cutoff's date
    version: int | None = None
    compliance: Decimal | None = None
    colour: str = "grey"
    objectives: tuple[ObjectiveCell, ...] = ()

    @property
    def published(self) -> bool:
        return self.date is not None
