"""The accountability and project lists made flat for issue 15 show what they showed before.

The events lists count each event's questions and commitments for the page's rows only
(correlated subqueries) instead of a grouped count over every event; the project lists read
their rows without the models' default orderings and translate what rows share once per
page; the directors' project list loads its live progress in queries that run whatever the
data. Each test works the figures out the way the pages did before (grouped counts,
``indicators.loading.load_inputs``, the translation tags) on a small district and compares.
"""

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from accountability import list_rows, loading_events, loading_manage
from accountability.models import Event, Question
from accountability.tests.factories import make_strategy, make_unit
from dashboards import project_progress
from dashboards.tests.helpers import ROLES, user_with_role
from indicators.compliance import indicator_result
from indicators.loading import load_inputs
from indicators.models import Indicator, Measurement
from plan.choices import choice_label
from plan.fields import CUTOFF_FIGURES, PROGRESS, same_named
from plan.formatting import format_date
from plan.models import Cutoff, InvestmentProject, Organisation
from public import projects
from tests.factories import make_projects
from tests.queries import count

AUTH = 4  # session, user, the user's groups, the user's role assignments (scope)


@pytest.fixture
def events(db):
    """Three entities' strategies; some questions private, some events without any."""
    sector = Organisation.objects.create(code="s", name="Sector", kind="sector")
    for code in ("b", "a", "c"):
        entity = Organisation.objects.create(
            code=code, name=f"Entidad {code}", kind="entity", sector=sector
        )
        make_strategy(3, year=2024, unit=make_unit(entity))
    questions = list(Question.objects.order_by("id").values_list("id", flat=True))
    Question.objects.filter(pk__in=questions[::4]).update(is_public=False)
    events = list(Event.objects.order_by("id"))
    Event.objects.filter(pk=events[1].pk).update(is_public=False)
    Question.objects.filter(event=events[2]).delete()


def _by_id(rows, *names):
    """id -> the ``names`` of each row (model instances or the lists' dictionaries)."""
    if rows and isinstance(rows[0], dict):
        return {row["id"]: tuple(row[name] for name in names) for row in rows}
    return {row.pk: tuple(getattr(row, name) for name in names) for row in rows}


def test_the_public_list_reads_its_page_in_order_without_counting(events, client):
    """The public cards print no count of questions or commitments: their page reads the
    events alone, in the lists' order, and the page says nothing of counts."""
    public = Event.objects.filter(is_public=True)
    rows = list(loading_events.public_rows(public))
    assert [e["id"] for e in rows] == [e.pk for e in loading_events.events_list(public)]
    assert not {"question_count", "commitment_count"} & set(rows[0])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/rendicion-de-cuentas/").status_code == 200
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "accountability_event" in read
    assert "accountability_question" not in read and "accountability_commitment" not in read


def test_the_management_list_counts_what_a_grouped_count_did(events):
    before = Event.objects.annotate(
        question_count=Count("questions", distinct=True),
        unanswered_count=Count(
            "questions",
            filter=Q(questions__answered_during_event=False, questions__answered_on=None),
            distinct=True,
        ),
        commitment_count=Count("commitments", distinct=True),
    )
    after = list(loading_manage.manage_rows(Event.objects.all()))
    names = ("question_count", "unanswered_count", "commitment_count")
    assert _by_id(after, *names) == _by_id(list(before), *names)
    assert sum(e["question_count"] for e in after) == Question.objects.count()
    assert any(e["question_count"] == 0 for e in after)


def test_an_event_row_prints_its_labels_and_address(events):
    """Each row's finished text is what the model and the template filters printed."""
    page = list(loading_events.public_rows(Event.objects.filter(is_public=True)))
    groups = list_rows.event_groups(page, "accountability:event", list_rows.PUBLIC_LINKS, None)
    events = {e.pk: e for e in Event.objects.select_related("strategy__organisation")}
    for row in page:
        event = events[row["id"]]
        assert row["kind_label"] == event.get_kind_display()
        assert row["modality_label"] == event.get_modality_display()
        assert row["url"] == f"/rendicion-de-cuentas/espacios/{event.slug}/"
        assert row["date_text"] == format_date(event.date)
    entity = groups[0].entities[0]
    organisation = events[entity.items[0]["id"]].strategy.organisation
    assert entity.organisation == {
        "id": organisation.pk,
        "name": organisation.name,
        "code": organisation.code,
    }
    assert entity.strategies == [
        {
            "url": f"/rendicion-de-cuentas/2024/informe/?entidad={organisation.code}",
            "text": "Informe anual 2024",
        }
    ]


# --- Projects -----------------------------------------------------------------------------------


def _old_page(rows):
    """The directors' rows and progress as the page built them before (managers' ``all()``
    in the models' orderings, ``load_inputs``)."""
    old = list(
        InvestmentProject.objects.filter(pk__in=[r.pk for r in rows])
        .prefetch_related(
            "budgets", "goals__indicators__plan", "goals__indicators__annual_programming"
        )
        .order_by("organisation__name", "code")
    )
    indicators = {i.id: i for p in old for g in p.goals.all() for i in g.indicators.all()}
    newest = {}
    for cutoff in Cutoff.objects.filter(plan__in={i.plan_id for i in indicators.values()}):
        if cutoff.plan_id not in newest or cutoff.date > newest[cutoff.plan_id].date:
            newest[cutoff.plan_id] = cutoff
    inputs = load_inputs(list(newest.values()), list(indicators))
    progress = {}
    for indicator in indicators.values():
        cutoff = newest.get(indicator.plan_id)
        figures = inputs.figures(indicator, cutoff) if cutoff else None
        if figures is None or figures.executed is None:
            continue
        progress[indicator.id] = projects.Progress(
            date=cutoff.date,
            **same_named(figures, CUTOFF_FIGURES),
            **same_named(indicator_result(figures), PROGRESS),
        )
    return old, progress


@pytest.mark.django_db
def test_the_directors_projects_show_the_figures_they_showed_before():
    plan = make_projects(4)
    cutoff = Cutoff.objects.filter(plan=plan).latest("date")
    measured = Indicator.objects.filter(plan=plan, goal__investment_project__isnull=False)[:5]
    Measurement.objects.bulk_create(
        Measurement(indicator=i, cutoff=cutoff, executed=k + 3, status="approved")
        for k, i in enumerate(measured)
    )
    every = InvestmentProject.objects.select_related("organisation").order_by("code")
    rows = [
        row for p in every for row in projects.project_detail(every, p.organisation.code, p.code)
    ]
    old, old_progress = _old_page(rows)
    progress = project_progress.live_progress(rows)
    assert progress == old_progress and len(progress) == 5
    by_pk = {p.pk: p for p in old}
    assert projects.build(rows, progress) == projects.build(
        [_as_lists(by_pk[r.pk]) for r in rows], old_progress
    )
    shown = [
        i
        for v in projects.labelled(projects.build(rows, progress))
        for g in v.goals
        for i in g.indicators
    ]
    for indicator in shown:
        assert indicator.unit_label == choice_label(projects.Unit, indicator.unit)
        assert indicator.annualization_label == choice_label(
            projects.Annualization, indicator.annualization
        )
        expected = f"de la vigencia, al {cutoff.date:%d/%m/%Y}" if indicator.progress else ""
        assert indicator.progress_note == expected


def _as_lists(project):
    """A project loaded the old way, with the attributes ``build`` now reads."""
    project.budget_list = list(project.budgets.all())
    project.goal_list = list(project.goals.all())
    for goal in project.goal_list:
        goal.indicator_list = list(goal.indicators.all())
        for indicator in goal.indicator_list:
            indicator.programming = list(indicator.annual_programming.all())
            indicator.plan_slug = indicator.plan.slug
    return project


@pytest.mark.django_db
def test_the_directors_project_page_runs_the_same_queries_with_or_without_cutoffs(client):
    """The seed's projects belong to a plan without cutoffs; the district's to plans with
    many: a project's page costs the same queries (the list used to skip two without
    cutoffs)."""
    client.force_login(user_with_role("directora", ROLES["director"]))
    counts = []
    for size, goals, cutoffs in ((2, 1, False), (40, 12, True)):
        plan = make_projects(size, goals=goals, year=2025 if cutoffs else 2031)
        if not cutoffs:
            Cutoff.objects.filter(plan=plan).delete()
        project = InvestmentProject.objects.filter(goals__plan=plan).distinct().last()
        url = f"/tablero/proyectos/{plan.organisation.code}/{project.code}/"
        counts.append(count(client, url))
    # the project; its budgets; goals; their indicators; programming; the plans' cutoffs; the
    # programming at the newest ones; their measurements
    assert counts == [AUTH + 8, AUTH + 8]


def test_the_public_list_can_count_its_events_from_the_index_of_public_ones(events):
    """The COUNT of the public list's events is what the partial index answers: the planner
    is told not to scan the table (a test's few rows would be scanned anyway), and what is
    checked is that the list's condition lets it use ``event_public_idx``."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import transaction

    public = loading_events.public_events(AnonymousUser())
    assert public.count() == Event.objects.filter(is_public=True).count()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        plan = public.values("pk").order_by().explain()
    assert "event_public_idx" in plan
