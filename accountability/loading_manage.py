"""The planning office's management page: its list of events (one page of a queryset, by
sector and entity) and its to-do lists (the most urgent rows of each), within ``user``'s scope
(accountability.loading, plan.permissions)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accountability.choices import ReviewStatus
from accountability.loading import (
    CommitmentRow,
    QuestionRow,
    commitment_rows,
    internal_events,
    question_rows,
    visible_commitments,
    visible_questions,
)
from accountability.loading_events import events_list
from accountability.models import CommitmentFollowUp, Event

MANAGE_ROWS = 25  # the most urgent rows of each to-do list of the management page


@dataclass
class ManagePage:
    awaiting_answer: list[QuestionRow]
    past_due: list[CommitmentRow]
    to_review: list[CommitmentFollowUp]
    more_awaiting: bool = False
    more_past_due: bool = False
    more_to_review: bool = False


def manage_events(user) -> QuerySet[Event]:
    """The management list's events (those of ``user``'s scope) with their counts, by sector
    and entity (one page of them is read: a COUNT and the page)."""
    return events_list(internal_events(user)).annotate(
        question_count=Count("questions", distinct=True),
        unanswered_count=Count(
            "questions",
            filter=Q(questions__answered_during_event=False, questions__answered_on=None),
            distinct=True,
        ),
        commitment_count=Count("commitments", distinct=True),
    )


def _first(queryset) -> tuple[list, bool]:
    """The first ``MANAGE_ROWS`` rows and whether there are more: one query."""
    rows = list(queryset[: MANAGE_ROWS + 1])
    return rows[:MANAGE_ROWS], len(rows) > MANAGE_ROWS


def load_manage_page(user, today: datetime.date) -> ManagePage:
    """Queries: unanswered questions, commitments past due, follow-ups awaiting review (the
    most urgent ``MANAGE_ROWS`` of each)."""
    unanswered, more_awaiting = _first(
        visible_questions(user)
        .filter(answered_during_event=False, answered_on=None)
        .select_related("event", "answering_unit")
        .order_by("answer_due", "id")
    )
    past_due, more_past_due = _first(
        visible_commitments(user)
        .exclude(status="fulfilled")
        .filter(due_date__lt=today)
        .select_related("event", "responsible_unit")
        .order_by("due_date", "id")
    )
    to_review, more_to_review = _first(
        CommitmentFollowUp.objects.filter(
            review_status=ReviewStatus.SUBMITTED, commitment__in=visible_commitments(user)
        )
        .select_related("commitment__event", "commitment__responsible_unit", "reported_by")
        .order_by("reported_at", "id")
    )
    return ManagePage(
        awaiting_answer=question_rows(unanswered, today),
        past_due=commitment_rows(past_due, today),
        to_review=to_review,
        more_awaiting=more_awaiting,
        more_past_due=more_past_due,
        more_to_review=more_to_review,
    )
