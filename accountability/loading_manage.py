"""The planning office's management page: its list of events (one page of a queryset, by
sector and entity) and its to-do lists (the most urgent rows of each), within ``user``'s scope
(accountability.loading, plan.permissions)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from accountability import list_html, list_rows
from accountability.choices import ReviewStatus
from accountability.loading import internal_events, visible_commitments, visible_questions
from accountability.loading_events import event_count, events_list
from accountability.models import Commitment, CommitmentFollowUp, Event, Question

MANAGE_ROWS = 10  # the most urgent rows of each to-do list: three lists fit a phone's few screens


@dataclass
class ManagePage:
    """The to-do lists' rows as they print (accountability.list_rows)."""

    awaiting_answer: list[dict]
    past_due: list[dict]
    to_review: list[dict]
    more_awaiting: bool = False
    more_past_due: bool = False
    more_to_review: bool = False

    def __post_init__(self):
        """Each list's rows as the page prints them (accountability.list_html)."""
        self.awaiting_html = list_html.question_rows(self.awaiting_answer)
        self.past_due_html = list_html.commitment_rows(self.past_due)
        self.to_review_html = list_html.follow_up_items(self.to_review)


def manage_events(user) -> QuerySet[Event]:
    """The management list's events (those of ``user``'s scope: counted, searched);
    ``manage_rows`` arranges a page."""
    return internal_events(user)


MANAGE_COUNTS = ("question_count", "unanswered_count", "commitment_count")


def manage_rows(events: QuerySet[Event]) -> QuerySet:
    """One page of the management list: by sector and entity, with its questions (all of
    them and those still unanswered) and commitments counted, for the page's rows only, as
    values (accountability.list_rows.EVENT_ROW)."""
    return (
        events_list(events)
        .annotate(
            question_count=event_count(Question),
            unanswered_count=event_count(
                Question, answered_during_event=False, answered_on__isnull=True
            ),
            commitment_count=event_count(Commitment),
        )
        .values(*list_rows.EVENT_ROW, *MANAGE_COUNTS)
    )


def past_due_commitments(user, today: datetime.date) -> QuerySet:
    """The commitments of ``user``'s scope not fulfilled by their due date, oldest first (read
    in order from ``commitment_open_due_idx``), as the values their rows print."""
    return (
        visible_commitments(user)
        .exclude(status="fulfilled")
        .filter(due_date__lt=today)
        .order_by("due_date", "id")
        .values(*list_rows.COMMITMENT_ROW)
    )


def _first(queryset) -> tuple[list, bool]:
    """The first ``MANAGE_ROWS`` rows and whether there are more: one query."""
    rows = list(queryset[: MANAGE_ROWS + 1])
    return rows[:MANAGE_ROWS], len(rows) > MANAGE_ROWS


def load_manage_page(user, today: datetime.date) -> ManagePage:
    """Queries: unanswered questions, commitments past due, follow-ups awaiting review (the
    most urgent ``MANAGE_ROWS`` of each), read as the values their rows print."""
    unanswered, more_awaiting = _first(
        visible_questions(user)
        .filter(answered_during_event=False, answered_on=None)
        .order_by("answer_due", "id")
        .values(*list_rows.QUESTION_ROW)
    )
    past_due, more_past_due = _first(past_due_commitments(user, today))
    to_review, more_to_review = _first(
        CommitmentFollowUp.objects.filter(
            review_status=ReviewStatus.SUBMITTED, commitment__in=visible_commitments(user)
        )
        .order_by("reported_at", "id")
        .values(*list_rows.FOLLOW_UP_ROW)
    )
    return ManagePage(
        awaiting_answer=list_rows.question_todo(unanswered, today),
        past_due=list_rows.commitment_todo(past_due, today),
        to_review=list_rows.follow_up_todo(to_review),
        more_awaiting=more_awaiting,
        more_past_due=more_past_due,
        more_to_review=more_to_review,
    )
