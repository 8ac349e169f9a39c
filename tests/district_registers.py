"""The district of tests/district.py with a risk register and an accountability strategy for
each of entities ``a``, ``b``, ``c`` and sector ``s1`` (permission tests of issue 15).

Per organisation code: ``risks`` (four assessed risks, the first and third of the
organisation's unit of tests/district.py, the first a corruption risk; cutoffs of 2025 and a
submitted follow-up of the first risk), ``cutoff`` (the first), ``follow_up``, and an
accountability strategy of 2024 with events, questions and commitments answered or reported
by that same unit; ``commitment``, ``question`` (with an answer awaiting publication),
``event`` and ``commitment_follow_up`` (submitted)."""

from __future__ import annotations

from dataclasses import dataclass, field

from accountability.models import CommitmentFollowUp, Event, Question
from accountability.tests.factories import make_strategy
from plan.models import Unit
from risks.models import FollowUp, RiskCutoff
from risks.tests.factories import make_register
from tests.district import District, make_district

CODES = ("a", "b", "c", "s1")


@dataclass
class Registers:
    risks: dict[str, list] = field(default_factory=dict)
    cutoff: dict[str, RiskCutoff] = field(default_factory=dict)
    follow_up: dict[str, FollowUp] = field(default_factory=dict)
    event: dict[str, Event] = field(default_factory=dict)
    question: dict[str, Question] = field(default_factory=dict)
    commitment: dict[str, object] = field(default_factory=dict)
    commitment_follow_up: dict[str, CommitmentFollowUp] = field(default_factory=dict)


def _risk_register(d: District, r: Registers, code: str) -> None:
    org, unit = d.orgs[code], d.units[code]
    second = Unit.objects.create(organisation=org, code=f"{code}-2", name=f"Segunda de {code}")
    _org, _units, risks = make_register(4, organisation=org, units=[unit, second])
    r.risks[code] = risks
    r.cutoff[code] = RiskCutoff.objects.filter(organisation=org).earliest("date")
    follow_up = FollowUp.objects.get(risk=risks[0], cutoff=r.cutoff[code])
    follow_up.status = "submitted"
    follow_up.save()
    r.follow_up[code] = follow_up


def _strategy(d: District, r: Registers, code: str) -> None:
    strategy = make_strategy(2, year=2024, unit=d.units[code])
    event = strategy.events.order_by("date", "id").first()
    event.is_public = False  # its internal page is the only one that shows it
    event.save()
    r.event[code] = event
    question = event.questions.order_by("id").first()
    question.draft_answer, question.draft_answered_on = "Respuesta en borrador", question.asked_on
    question.save()
    r.question[code] = question
    commitment = event.commitments.order_by("id").first()
    r.commitment[code] = commitment
    r.commitment_follow_up[code] = CommitmentFollowUp.objects.create(
        commitment=commitment,
        date=commitment.due_date,
        narrative="Avance por revisar",
        status="in_progress",
        progress=commitment.progress,
        review_status="submitted",
    )


def make_district_registers(status: str = "published") -> tuple[District, Registers]:
    d = make_district(status)
    r = Registers()
    for code in CODES:
        _risk_register(d, r, code)
        _strategy(d, r, code)
    return d, r
