"""The public events list and one event's page, with the queries each loader counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accountability import list_rows
from accountability.choices import ReviewStatus
from accountability.loading import (
    AttendanceBlock,
    CommitmentRow,
    QuestionRow,
    attendance_block,
    commitment_rows,
    question_rows,
    reads_internally,
    visible_events,
)
from accountability.models import (
    AttendanceRecord,
    CitizenTopic,
    CommitmentFollowUp,
    DemographicRow,
    Event,
    Strategy,
)
from plan import listing, search_text

ORGANISATION = list_rows.ORGANISATION
# What the events lists search: the event's title and slug, its entity's and sector's name and
# code (plan.listing).
# An event's title and slug, its entity's name and code, its sector's: its owner is its strategy.
EVENT_SEARCH = search_text.SearchOn(
    owner="strategy_id",
    owned=lambda organisations: Strategy.objects.filter(
        search_text.InSubquery("organisation_id", organisations)
    ).values("pk"),
)


def events_list(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` by sector and entity (plan.listing), the newest first within an entity
    (upcoming events lead). Meant for one page of rows (the ``arrange`` of
    plan.listing.paginate): the COUNT is asked of ``events`` without it."""
    return listing.with_sector(events, ORGANISATION).order_by(
        *listing.sector_order(ORGANISATION), "-date", "-time", "-id"
    )


def event_count(model, **conditions) -> Coalesce:
    """The number of ``model`` rows (questions, commitments) of each event meeting
    ``conditions``: a correlated subquery, worked out only for the rows a page returns (a
    grouped COUNT over joined questions and commitments would aggregate every event of the
    district before the page is cut: issue 15)."""
    rows = (
        model.objects.filter(event=OuterRef("pk"), **conditions)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def public_events(user) -> QuerySet[Event]:
    """The events of the public list (counted, searched); ``public_rows`` arranges a page."""
    return visible_events(user)


# Events a page of the public list. Each is a card (kind, title, date, modality, place,
# channels) under its entity's heading and yearly reports: at district scale nearly every
# entity on a page is another, and 25 cards were a page 12 phone screens long (9.993 px at
# 375 px wide) that cost 1,5x the seed's page of 5 to render. At 12 the page is about six
# screens, with the search above it; an entity's events of a year (3 to 5) still fit on one
# page (issue 15).
PAGE_SIZE = 12


def public_rows(events: QuerySet[Event]) -> QuerySet:
    """One page of the public list, in order, as values (accountability.list_rows.EVENT_ROW).
    Its cards print no count: the questions and commitments are on each event's page."""
    return events_list(events).values(*list_rows.EVENT_ROW)


@dataclass
class EventPage:
    event: Event
    attendance: list[AttendanceBlock]
    questions: list[QuestionRow]
    commitments: list[CommitmentRow]
    documents: list
    topics: list[CitizenTopic]
    evaluation: list
    internal: bool


def event_queryset(user) -> QuerySet[Event]:
    return (
        visible_events(user)
        .select_related("strategy__organisation")
        .prefetch_related(
            "responsible_units",
            Prefetch("objectives", queryset=_objectives()),
            "investment_projects",
            "indicators",
            "documents",
            "evaluation",
        )
    )


def _objectives():
    from plan.models import Objective

    return Objective.objects.select_related("plan").order_by("plan__start_year", "number")


def load_event_page(event: Event, user, today: datetime.date, language: str) -> EventPage:
    """``event`` comes from event_queryset (1 query + 6 prefetches). Then: attendance records
    (+ their events, demographics), questions, commitments (+ follow-ups), topics: 6 queries."""
    internal = reads_internally(user, event)
    records = list(
        AttendanceRecord.objects.filter(events=event)
        .prefetch_related(
            "events",
            Prefetch("demographics", queryset=DemographicRow.objects.order_by("order", "id")),
        )
        .order_by("order")
    )
    blocks = [attendance_block(r, language, f"a{r.pk}") for r in records]
    questions = event.questions.select_related("answering_unit").order_by("asked_on", "id")
    if not internal:
        questions = questions.filter(is_public=True)
    follow_ups = CommitmentFollowUp.objects.order_by("date", "id")
    if not internal:
        follow_ups = follow_ups.filter(review_status=ReviewStatus.APPROVED)
    commitments = (
        event.commitments.select_related("responsible_unit")
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups, to_attr="shown_follow_ups"))
        .order_by("due_date", "id")
    )
    topics = list(event.citizen_topics.order_by("-year", "order"))
    return EventPage(
        event=event,
        attendance=blocks,
        questions=question_rows(questions, today),
        commitments=commitment_rows(commitments, today),
        documents=list(event.documents.all()),
        topics=topics,
        evaluation=list(event.evaluation.all()),
        internal=internal,
    )
