"""One loader per screen: a fixed number of SQL queries whatever the data size, and the pure
computations of accountability.calculations on what they fetch. Permissions are applied inside
the queries (``visible_*``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accountability import calculations as calc
from accountability import charts
from accountability.choices import ActivityStatus
from accountability.models import (
    Activity,
    ActivityFollowUp,
    AttendanceRecord,
    CitizenTopic,
    Commitment,
    DemographicRow,
    Event,
    Question,
    Strategy,
    TeamRole,
)
from plan import listing, permissions, scoping, search_text
from plan.roles import can_view_internal

# --- Permissions inside the queries ----------------------------------------------------------


def internal_events(user) -> QuerySet[Event]:
    """Events whose internal pages ``user`` reads: those of the strategies of the
    organisations in its scope (plan.permissions.read_organisations)."""
    events = Event.objects.all()
    if not can_view_internal(user):
        return events.none()
    orgs = permissions.read_organisations(user)
    return scoping.within(events, orgs, "strategy__organisation_id")


def reads_internally(user, event: Event) -> bool:
    """Whether ``user`` reads ``event``'s internal side (drafts, unapproved follow-ups)."""
    if not can_view_internal(user):
        return False
    orgs = permissions.read_organisations(user)
    return orgs is None or event.strategy.organisation_id in orgs


def visible_events(user) -> QuerySet[Event]:
    """Public events, and the non-public ones of the organisations in ``user``'s scope."""
    events = Event.objects.all()
    if not can_view_internal(user):
        return events.filter(is_public=True)
    orgs = permissions.read_organisations(user)
    if orgs is None:
        return events
    return events.filter(Q(is_public=True) | Q(strategy__organisation_id__in=orgs))


def internal_strategies(user) -> QuerySet[Strategy]:
    orgs = permissions.read_organisations(user)
    return scoping.within(Strategy.objects.all(), orgs)


def visible_commitments(user) -> QuerySet[Commitment]:
    """Internal lists: everything for planning and directors; a reporter, their units' only
    (plan.permissions, action READ)."""
    return permissions.restrict(Commitment.objects.all(), user, permissions.READ)


def visible_questions(user) -> QuerySet[Question]:
    return permissions.restrict(Question.objects.all(), user, permissions.READ)


def reportable_ids(user, model, objects) -> set[int]:
    """Ids of ``objects`` (commitments, questions) ``user`` reports on: one query, none when
    it reports everything (plan.permissions, REPORT)."""
    if not permissions.can(user, permissions.REPORT):
        return set()
    ids = [o.pk for o in objects]
    if permissions.managed_organisations(user) is None:  # the district's planning office
        return set(ids)
    scoped = permissions.restrict(model.objects.filter(pk__in=ids), user, permissions.REPORT)
    return set(scoped.values_list("pk", flat=True))


# --- Rows with their derived flags ----------------------------------------------------------


@dataclass
class QuestionRow:
    question: Question
    status: calc.AnswerStatus
    flagged: bool
    days_late: int
    can_answer: bool = False


def question_rows(questions, today: datetime.date) -> list[QuestionRow]:
    rows = []
    for q in questions:
        status = calc.answer_status(
            answered_during_event=q.answered_during_event,
            answer_due=q.answer_due,
            answered_on=q.answered_on,
            today=today,
        )
        late = 0 if q.answered_during_event else calc.days_late(q.answer_due, q.answered_on, today)
        rows.append(QuestionRow(q, status, calc.answer_is_flagged(status), late))
    return rows


@dataclass
class CommitmentRow:
    commitment: Commitment
    overdue: bool
    days_late: int
    follow_ups: list = field(default_factory=list)
    can_report: bool = False


def commitment_rows(commitments, today: datetime.date) -> list[CommitmentRow]:
    rows = []
    for c in commitments:
        overdue = calc.commitment_is_overdue(c.status, c.due_date, today)
        late = calc.days_late(c.due_date, None, today) if overdue else 0
        follow_ups = list(getattr(c, "shown_follow_ups", []))
        rows.append(CommitmentRow(c, overdue, late, follow_ups))
    return rows


# --- Charts ------------------------------------------------------------------------------------


@dataclass
class Chart:
    key: str
    figure: dict
    summary: str
    headers: tuple[str, ...]
    rows: list[tuple]

    @property
    def data_id(self) -> str:
        return f"{self.key}-data"


@dataclass
class AttendanceBlock:
    record: AttendanceRecord
    shared: bool  # the figures cover several events together
    dimensions: list[calc.DimensionSummary]
    charts: list[Chart]


def attendance_items(record: AttendanceRecord) -> list[tuple[str, int]]:
    from django.utils.translation import gettext as _

    items = []
    if record.attendance_forms is not None:
        items.append((_("Formularios de asistencia diligenciados"), record.attendance_forms))
    if record.attendances is not None:
        items.append((_("Asistencias"), record.attendances))
    if record.live_views is not None:
        channel = record.live_views_channel
        label = _("Visualizaciones en vivo") + (f" ({channel})" if channel else "")
        items.append((label, record.live_views))
    return items


def attendance_block(record: AttendanceRecord, language: str, key: str) -> AttendanceBlock:
    from django.utils.translation import gettext as _

    dimensions = calc.summarise_demographics(
        calc.DemographicInput(r.dimension, r.category, r.count, r.published_share)
        for r in record.demographics.all()
    )
    chart_list = []
    items = attendance_items(record)
    if len(items) >= 2:
        chart_list.append(
            Chart(
                key=f"{key}-asistencia",
                figure=charts.attendance_figure(items, _("Asistencia"), language),
                summary=charts.attendance_summary_text(items, language),
                headers=(_("Cifra"), _("Número")),
                rows=[(label, value, None) for label, value in items],
            )
        )
    for n, dim in enumerate(dimensions, start=1):
        chart_list.append(
            Chart(
                key=f"{key}-dim{n}",
                figure=charts.demographics_figure(dim, language),
                summary=charts.demographics_summary_text(dim, language),
                headers=(dim.dimension, _("Personas"), _("Porcentaje")),
                rows=[(c.category, c.count, c.share) for c in dim.categories],
            )
        )
    return AttendanceBlock(record, len(record.events.all()) > 1, dimensions, chart_list)


# --- Public screens ---------------------------------------------------------------------------


@dataclass
class TopicList:
    year: int
    title: str
    channel: str
    topics: list[CitizenTopic]
    included: int
    unknown: int


def topic_lists(strategies) -> dict[int, list[TopicList]]:
    """One query: the topics of ``strategies`` (ids or a queryset) with the event each was
    taken to, in lists by strategy, year and title."""
    topics = (
        CitizenTopic.objects.filter(strategy__in=strategies)
        .select_related("included_in")
        .order_by("strategy", "-year", "order")
    )
    lists: dict[tuple, TopicList] = {}
    for t in topics:
        key = (t.strategy_id, t.year, t.list_title)
        if key not in lists:
            lists[key] = TopicList(t.year, t.list_title, t.channel, [], 0, 0)
        block = lists[key]
        block.topics.append(t)
        block.included += 1 if t.included else 0
        block.unknown += 1 if t.included is None else 0
    by_strategy: dict[int, list[TopicList]] = {}
    for (strategy_id, *_), block in lists.items():
        by_strategy.setdefault(strategy_id, []).append(block)
    return by_strategy


def topic_strategies() -> QuerySet[Strategy]:
    """The strategies with citizen topics, by sector and entity, the newest first (a page of
    them is read: a COUNT and the page)."""
    strategies = Strategy.objects.filter(
        Exists(CitizenTopic.objects.filter(strategy=OuterRef("pk")))
    ).select_related("organisation__sector")
    return listing.with_sector(strategies).order_by(*listing.sector_order(), "-year", "id")


def group_topics(strategies: list[Strategy]) -> list[listing.SectorGroup]:
    """One page of ``topic_strategies`` under sector and entity headers, each strategy with
    its ``topic_lists``: one query."""
    lists = topic_lists([s.pk for s in strategies])
    for strategy in strategies:
        strategy.topic_lists = lists.get(strategy.pk, [])
    return listing.group(strategies, listing.plan_sector, lambda s: s.organisation)


# --- The strategy: activities and their latest follow-up --------------------------------------


def activity_inputs(activities) -> list[calc.ActivityInput]:
    inputs = []
    for a in activities:
        latest = a.latest_follow_ups[-1] if a.latest_follow_ups else None
        inputs.append(
            calc.ActivityInput(
                number=a.number,
                name=a.name,
                planned_quarters=a.planned_quarters if a.quarters_known else None,
                status=latest.status if latest else ActivityStatus.NOT_REPORTED,
                progress=latest.progress if latest else None,
                quarters_done=calc.parse_quarters(latest.quarters_done) if latest else (),
            )
        )
    return inputs


def activities_of(strategy: Strategy) -> list[Activity]:
    """Three queries: activities, their responsible units, their follow-ups."""
    return list(
        strategy.activities.prefetch_related(
            "responsible_units",
            Prefetch(
                "follow_ups",
                queryset=ActivityFollowUp.objects.order_by("date", "id"),
                to_attr="latest_follow_ups",
            ),
        ).order_by("number")
    )


@dataclass
class TimelinePage:
    strategy: Strategy
    rows: list[tuple[Activity, calc.TimelineRow]]
    summary: calc.YearSummary


def load_timeline(strategy: Strategy, today: datetime.date) -> TimelinePage:
    activities = activities_of(strategy)
    inputs = activity_inputs(activities)
    rows = list(zip(activities, calc.timeline(inputs), strict=True))
    summary = calc.year_summary(
        activities=inputs, event_kinds=[], attendance=[], questions=[], commitments=[], today=today
    )
    return TimelinePage(strategy, rows, summary)


# --- The yearly report -------------------------------------------------------------------------


@dataclass
class YearReport:
    strategy: Strategy
    stages: list
    challenges: list
    roles: list[TeamRole]
    assessment: object
    improvement_areas: list
    activities: list[tuple[Activity, calc.TimelineRow]]
    events: list[Event]
    attendance: list[AttendanceBlock]
    topic_lists: list[TopicList]
    summary: calc.YearSummary


def strategy_queryset() -> QuerySet[Strategy]:
    return Strategy.objects.select_related("organisation", "lead_unit", "self_assessment")


def internal_strategy(user, year: int, code: str | None = None) -> Strategy | None:
    """The strategy of ``year`` in ``user``'s scope, of the organisation whose code is
    ``code`` (the first organisation by name when none is given): one query."""
    orgs = permissions.read_organisations(user)
    strategies = scoping.within(strategy_queryset().filter(year=year), orgs)
    if code:
        strategies = strategies.filter(organisation__code=code)
    return strategies.order_by("organisation__name", "id").first()


# What the list of a year's strategies searches: the entity's and sector's name and code.
STRATEGY_SEARCH = search_text.ORGANISATIONS


def year_strategies(year: int, code: str | None):
    """The strategy of ``year`` to report on: the organisation's whose code is ``code``, or the
    only one of the year (one query). Several and no code: the queryset of them by sector and
    entity (a page of it is read). None when there is nothing to show."""
    strategies = strategy_queryset().filter(year=year)
    if code:
        strategies = strategies.filter(organisation__code=code)
    first_two = list(strategies.order_by("organisation__name", "id")[:2])
    if not first_two:
        return None
    if len(first_two) == 1 or code:
        return first_two[0]
    ordered = listing.with_sector(strategies.select_related("organisation__sector"))
    return ordered.order_by(*listing.sector_order())


def load_year_report(strategy: Strategy, today: datetime.date, language: str) -> YearReport:
    """Queries: stages, challenges, roles, improvement areas, activities (+ units, follow-ups),
    events, attendance (+ events, demographics), questions, commitments, topics."""
    from accountability.models import SelfAssessment

    activities = activities_of(strategy)
    inputs = activity_inputs(activities)
    events = list(strategy.events.filter(is_public=True).order_by("date", "time", "id"))
    records = list(
        strategy.attendance.prefetch_related(
            "events",
            Prefetch("demographics", queryset=DemographicRow.objects.order_by("order", "id")),
        ).order_by("order")
    )
    summary = _year_summary(strategy, inputs, events, records, today)
    try:
        assessment = strategy.self_assessment
    except SelfAssessment.DoesNotExist:
        assessment = None
    return YearReport(
        strategy=strategy,
        stages=list(strategy.stages.order_by("number")),
        challenges=list(strategy.challenges.order_by("number")),
        roles=list(strategy.roles.order_by("order")),
        assessment=assessment,
        improvement_areas=list(assessment.improvement_areas.order_by("order"))
        if assessment
        else [],
        activities=list(zip(activities, calc.timeline(inputs), strict=True)),
        events=events,
        attendance=[attendance_block(r, language, f"r{r.pk}") for r in records],
        topic_lists=topic_lists([strategy.pk]).get(strategy.pk, []),
        summary=summary,
    )


def _year_summary(strategy, inputs, events, records, today: datetime.date) -> calc.YearSummary:
    """The year's figures (two queries: the public questions and commitments)."""
    questions = Question.objects.filter(
        event__strategy=strategy, event__is_public=True, is_public=True
    )
    commitments = Commitment.objects.filter(event__strategy=strategy, event__is_public=True)
    question_list = [
        calc.QuestionInput(r.status)
        for r in question_rows(
            questions.only("answered_during_event", "answer_due", "answered_on"), today
        )
    ]
    commitment_list = [
        calc.CommitmentInput(c.status, c.progress, c.due_date)
        for c in commitments.only("status", "progress", "due_date")
    ]
    summary = calc.year_summary(
        activities=inputs,
        event_kinds=[e.kind for e in events],
        attendance=[
            calc.AttendanceInput(
                r.label,
                tuple(e.kind for e in r.events.all()),
                r.attendance_forms,
                r.attendances,
                r.live_views,
            )
            for r in records
        ],
        questions=question_list,
        commitments=commitment_list,
        today=today,
    )
    return summary


# --- Planning office ---------------------------------------------------------------------------


# --- Open data -----------------------------------------------------------------------------------


def open_events():
    return (
        Event.objects.filter(is_public=True)
        .select_related("strategy__organisation")
        .prefetch_related("responsible_units", "attendance__events")
        .order_by("date", "id")
    )


def open_questions():
    return (
        Question.objects.filter(is_public=True, event__is_public=True)
        .select_related("event", "answering_unit")
        .order_by("event__date", "asked_on", "id")
    )


def open_commitments():
    return (
        Commitment.objects.filter(event__is_public=True)
        .select_related("event", "responsible_unit")
        .order_by("event__date", "due_date", "id")
    )
