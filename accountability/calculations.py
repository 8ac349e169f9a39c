"""The arithmetic of accountability, in pure functions that know nothing of HTTP or the ORM:
demographic totals and shares, overdue answers and commitments, the quarter-by-quarter
timeline of the strategy, and the aggregates of the yearly report. Decimal everywhere."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from accountability.choices import ActivityStatus, AnswerStatus, CommitmentStatus, EventKind

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
QUARTERS = (1, 2, 3, 4)


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, rounded half up to two decimals; None if whole
    is zero (no share of nothing)."""
    whole = Decimal(whole)
    if whole == 0:
        return None
    return (Decimal(part) * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Demographics --------------------------------------------------------------------------


@dataclass(frozen=True)
class DemographicInput:
    dimension: str
    category: str
    count: int | None = None
    published_share: Decimal | None = None


@dataclass(frozen=True)
class CategoryShare:
    category: str
    count: int | None
    share: Decimal | None


@dataclass(frozen=True)
class DimensionSummary:
    """One dimension (sex, age group ...) of an attendance record.

    ``basis`` says where the shares come from: ``counts`` when every category has a count
    (share = count / total), ``published`` when the source gave only percentages (the shares
    are the published ones and there is no total of people)."""

    dimension: str
    categories: tuple[CategoryShare, ...]
    total: int | None
    share_sum: Decimal | None
    basis: str

    @property
    def adds_up(self) -> bool:
        """The shares add up to 100 (to within the rounding of one unit per category)."""
        if self.share_sum is None:
            return False
        return abs(self.share_sum - HUNDRED) <= Decimal(len(self.categories)) * CENT


def summarise_demographics(rows: Iterable[DemographicInput]) -> list[DimensionSummary]:
    """Group rows by dimension (in the order they come) and compute totals and shares."""
    grouped: dict[str, list[DemographicInput]] = {}
    for row in rows:
        grouped.setdefault(row.dimension, []).append(row)
    summaries = []
    for dimension, items in grouped.items():
        if all(item.count is not None for item in items):
            total = sum(item.count for item in items)
            categories = tuple(
                CategoryShare(item.category, item.count, share(item.count, total)) for item in items
            )
            basis = "counts"
        else:
            total = None
            categories = tuple(
                CategoryShare(item.category, item.count, item.published_share) for item in items
            )
            basis = "published"
        shares = [c.share for c in categories]
        share_sum = None if any(s is None for s in shares) else sum(shares, Decimal(0))
        summaries.append(DimensionSummary(dimension, categories, total, share_sum, basis))
    return summaries


def majority(summary: DimensionSummary) -> CategoryShare | None:
    """The category with the largest share (the first one on a tie)."""
    candidates = [c for c in summary.categories if c.share is not None]
    return max(candidates, key=lambda c: c.share, default=None)


# --- Attendance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceInput:
    label: str
    event_kinds: tuple[str, ...]
    attendance_forms: int | None = None
    attendances: int | None = None
    live_views: int | None = None


@dataclass(frozen=True)
class AttendanceTotals:
    attendance_forms: int
    attendances: int
    live_views: int
    hearing_forms: int
    dialogue_attendances: int


def attendance_totals(records: Iterable[AttendanceInput]) -> AttendanceTotals:
    forms = attendances = views = hearing_forms = dialogue_attendances = 0
    for r in records:
        forms += r.attendance_forms or 0
        attendances += r.attendances or 0
        views += r.live_views or 0
        if EventKind.HEARING in r.event_kinds:
            hearing_forms += r.attendance_forms or 0
        if r.event_kinds and all(k == EventKind.DIALOGUE for k in r.event_kinds):
            dialogue_attendances += r.attendances or 0
    return AttendanceTotals(forms, attendances, views, hearing_forms, dialogue_attendances)


# --- Questions and commitments ------------------------------------------------------------


def answer_status(
    *,
    answered_during_event: bool,
    answer_due: datetime.date | None,
    answered_on: datetime.date | None,
    today: datetime.date,
) -> AnswerStatus:
    """Where a citizen's question stands on ``today``.

    Answered during the event; answered in writing on or before the due date (on time) or
    after it (late); not answered yet, before the due date (pending) or after it (overdue)."""
    if answered_during_event:
        return AnswerStatus.DURING_EVENT
    if answered_on is not None:
        if answer_due is None or answered_on <= answer_due:
            return AnswerStatus.ON_TIME
        return AnswerStatus.LATE
    if answer_due is not None and today > answer_due:
        return AnswerStatus.OVERDUE
    return AnswerStatus.PENDING


def answer_is_flagged(status: AnswerStatus) -> bool:
    """Overdue answers are flagged: still missing after the due date, or given after it."""
    return status in (AnswerStatus.OVERDUE, AnswerStatus.LATE)


def days_late(due: datetime.date | None, done: datetime.date | None, today: datetime.date) -> int:
    """Days past ``due`` at ``done`` (or today if not done yet); 0 when not late."""
    if due is None:
        return 0
    return max(0, ((done or today) - due).days)


def commitment_is_overdue(status: str, due_date: datetime.date, today: datetime.date) -> bool:
    """A commitment past its due date that is not fulfilled (a "No cumplido" one included)."""
    return status != CommitmentStatus.FULFILLED and today > due_date


def check_follow_up(status: str, progress: Decimal) -> list[str]:
    """Problems with a reported follow-up, as Spanish messages (empty if consistent)."""
    problems = []
    if progress < 0 or progress > HUNDRED:
        problems.append(_("El avance debe estar entre 0 y 100."))
    if status == CommitmentStatus.FULFILLED and progress != HUNDRED:
        problems.append(_("Un compromiso cumplido tiene un avance de 100."))
    if status == CommitmentStatus.PENDING and progress != 0:
        problems.append(_("Un compromiso sin iniciar tiene un avance de 0."))
    return problems


# --- Strategy timeline -----------------------------------------------------------------------


def quarter_of(date: datetime.date) -> int:
    return (date.month - 1) // 3 + 1


def parse_quarters(text: str) -> tuple[int, ...]:
    """ "2,3,4" -> (2, 3, 4); ignores blanks and anything that is not a quarter."""
    quarters = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if part.isdigit() and int(part) in QUARTERS:
            quarters.add(int(part))
    return tuple(sorted(quarters))


@dataclass(frozen=True)
class ActivityInput:
    number: int
    name: str
    planned_quarters: tuple[int, ...] | None  # None: the source does not say
    status: str = ActivityStatus.NOT_REPORTED
    progress: Decimal | None = None
    quarters_done: tuple[int, ...] = ()

    @property
    def status_choice(self) -> ActivityStatus:
        return ActivityStatus(self.status)


@dataclass(frozen=True)
class TimelineCell:
    quarter: int
    planned: bool | None  # None: unknown
    done: bool

    @property
    def state(self) -> str:
        """planned_done | planned | done | unknown | empty (used as a CSS class and a label)."""
        if self.planned and self.done:
            return "planned_done"
        if self.planned:
            return "planned"
        if self.done:
            return "done"
        if self.planned is None:
            return "unknown"
        return "empty"


@dataclass(frozen=True)
class TimelineRow:
    activity: ActivityInput
    cells: tuple[TimelineCell, ...]
    quarters_known: bool


def timeline(activities: Sequence[ActivityInput]) -> list[TimelineRow]:
    """One row per activity with four quarter cells: planned, executed, both, or unknown."""
    rows = []
    for a in activities:
        known = a.planned_quarters is not None
        cells = tuple(
            TimelineCell(
                quarter=q,
                planned=(q in a.planned_quarters) if known else None,
                done=q in a.quarters_done,
            )
            for q in QUARTERS
        )
        rows.append(TimelineRow(a, cells, known))
    return rows


# --- The yearly report ---------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInput:
    status: AnswerStatus


@dataclass(frozen=True)
class CommitmentInput:
    status: str
    progress: Decimal
    due_date: datetime.date


@dataclass
class YearSummary:
    activities: int = 0
    activities_by_status: dict[str, int] = field(default_factory=dict)
    activities_done: int = 0
    activities_done_share: Decimal | None = None
    average_progress: Decimal | None = None
    events_by_kind: dict[str, int] = field(default_factory=dict)
    attendance: AttendanceTotals | None = None
    questions: int = 0
    questions_by_status: dict[str, int] = field(default_factory=dict)
    questions_on_time: int = 0
    questions_on_time_share: Decimal | None = None
    questions_flagged: int = 0
    commitments: int = 0
    commitments_fulfilled: int = 0
    commitments_fulfilled_share: Decimal | None = None
    commitments_overdue: int = 0
    commitments_average_progress: Decimal | None = None

    @property
    def activity_status_counts(self) -> list[tuple[ActivityStatus, int]]:
        """(status, count) in the order of ActivityStatus, statuses with no activity left out."""
        return [
            (status, self.activities_by_status[status])
            for status in ActivityStatus
            if self.activities_by_status.get(status)
        ]


def year_summary(
    *,
    activities: Sequence[ActivityInput],
    event_kinds: Sequence[str],
    attendance: Sequence[AttendanceInput],
    questions: Sequence[QuestionInput],
    commitments: Sequence[CommitmentInput],
    today: datetime.date,
) -> YearSummary:
    """What the yearly accountability report prints.

    Activities done counts "Cumplida"; the average progress is over the activities that have
    a progress figure. Questions answered on time are those answered during the event or in
    writing by their due date, out of all questions. Commitments fulfilled are out of all."""
    s = YearSummary()
    s.activities = len(activities)
    for a in activities:
        s.activities_by_status[a.status] = s.activities_by_status.get(a.status, 0) + 1
    s.activities_done = s.activities_by_status.get(ActivityStatus.DONE, 0)
    s.activities_done_share = share(s.activities_done, s.activities)
    progresses = [a.progress for a in activities if a.progress is not None]
    if progresses:
        s.average_progress = (sum(progresses, Decimal(0)) / len(progresses)).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
    for kind in event_kinds:
        s.events_by_kind[kind] = s.events_by_kind.get(kind, 0) + 1
    s.attendance = attendance_totals(attendance)
    s.questions = len(questions)
    for q in questions:
        s.questions_by_status[q.status] = s.questions_by_status.get(q.status, 0) + 1
    s.questions_on_time = s.questions_by_status.get(
        AnswerStatus.DURING_EVENT, 0
    ) + s.questions_by_status.get(AnswerStatus.ON_TIME, 0)
    s.questions_on_time_share = share(s.questions_on_time, s.questions)
    s.questions_flagged = sum(1 for q in questions if answer_is_flagged(q.status))
    s.commitments = len(commitments)
    s.commitments_fulfilled = sum(1 for c in commitments if c.status == CommitmentStatus.FULFILLED)
    s.commitments_fulfilled_share = share(s.commitments_fulfilled, s.commitments)
    s.commitments_overdue = sum(
        1 for c in commitments if commitment_is_overdue(c.status, c.due_date, today)
    )
    if commitments:
        s.commitments_average_progress = (
            sum((c.progress for c in commitments), Decimal(0)) / len(commitments)
        ).quantize(CENT, rounding=ROUND_HALF_UP)
    return s
