"""The planning office's management page: its list of events (one page of a queryset, by
sector and entity) and its to-do lists (the most urgent rows of each), within ``user``'s scope
(accountability.loading, plan.permissions)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

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
from accountability.loading_events import event_count, events_list
from accountability.models import Commitment, CommitmentFollowUp, Event, Question

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
    """The management list's events (those of ``user``'s scope: counted, searched);
    ``manage_rows`` arranges a page."""
    return internal_events(user)


def manage_rows(events: QuerySet[Event]) -> QuerySet[Event]:
    """One page of the management list: by sector and entity, with its questions (all of
    them and those still unanswered) and commitments counted, for the page's rows only."""
    return events_list(events).annotate(
        question_count=event_count(Question),
        unanswered_count=event_count(
            Question, answered_during_event=False, answered_on__isnull=True
        ),
        commitment_count=event_count(Commitment),
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
