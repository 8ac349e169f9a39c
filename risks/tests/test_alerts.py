"""The directors' risk alerts in SQL (risks.alerts) flag exactly the risks and follow-ups that
the rules of risks.register flag when every risk is loaded into Python (the page's former
loader, kept here as the reference), on registers of several entities and years with the edge
cases: no plan, a plan that ended yesterday or ends today, follow-ups sent, approved, returned
or missing, deadlines passed or not."""

import datetime

import pytest

from risks import alert_rows, alerts
from risks.choices import FollowUpStatus
from risks.models import ActionActivity, Assessment, FollowUp, Risk, RiskCutoff
from risks.tests.factories import make_register
from risks.tests.reference import (
    CutoffDates,
    DueRisk,
    PlanCheck,
    overdue_follow_ups,
    without_current_plan,
)

D = datetime.date
TODAY = D(2025, 9, 20)  # the first two cutoffs of 2025 are past their deadline, not the third


def reference(risks, today):
    """The page's former loader: every assessed risk, its activities, the past cutoffs and
    their follow-ups read into Python, then the pure rules of risks.register."""
    assessed = list(
        risks.filter(assessment__isnull=False, placeholder=False)
        .select_related("assessment")
        .prefetch_related("actions")
    )
    checks = [
        PlanCheck(r.id, r.assessment.residual_zone, tuple(a.end_date for a in r.actions.all()))
        for r in assessed
    ]
    cutoffs = RiskCutoff.objects.filter(
        deadline__lt=today,
        date__year__in={r.year for r in assessed},
        organisation_id__in={r.organisation_id for r in assessed},
    )
    statuses = {
        (f.risk_id, f.cutoff_id): f.status
        for f in FollowUp.objects.filter(cutoff__in=cutoffs, risk__in=[r.id for r in assessed])
    }
    overdue = overdue_follow_ups(
        [DueRisk(r.id, r.organisation_id, r.year) for r in assessed],
        [CutoffDates(c.id, c.organisation_id, c.date, c.deadline) for c in cutoffs],
        statuses,
        today,
    )
    return set(without_current_plan(checks, today)), set(overdue)


def in_sql(risks, today, year=None):
    plans = alert_rows.without_plan_page(alerts.without_current_plan(risks, today))
    overdue = alert_rows.overdue_page(alerts.overdue_follow_ups(risks, today, year))
    return (
        {(r["id"], alert_rows.plan_reason(r["has_actions"])) for r in plans},
        {(r["risk_id"], r["cutoff_id"], alert_rows.overdue_reason(r["returned"])) for r in overdue},
    )


def _zone(risk, zone):
    """The residual zone changed, saved as the write paths save it (risks.due follows)."""
    assessment = Assessment.objects.get(risk=risk)
    assessment.residual_zone = zone
    assessment.save()


def _activity(risk, end):
    ActionActivity.objects.create(
        risk=risk,
        description="Actividad",
        responsible="Líder",
        start_date=end - datetime.timedelta(days=30),
        end_date=end,
    )


def _follow_up(risk, cutoff, status):
    FollowUp.objects.update_or_create(
        risk=risk,
        cutoff=cutoff,
        defaults={"controls_executed": "yes", "evidence": "Actas", "status": status},
    )


@pytest.fixture
def district(db):
    """Two entities with 2025 registers, a third with a 2024 register (and 2024's cutoffs),
    and the edge cases written on the first entity's risks; one of them moved to 2024, a year
    its entity has no cutoffs of."""
    first, _units, risks = make_register(12)
    make_register(10)
    make_register(6, year=2024)
    a = risks
    for risk in a[:6]:
        _zone(risk, "extreme" if risk.pk % 2 else "high")
    ActionActivity.objects.filter(risk__in=a[:6]).delete()
    _activity(a[1], TODAY - datetime.timedelta(days=1))  # ended yesterday: expired
    _activity(a[2], TODAY)  # ends today: current
    _activity(a[3], TODAY - datetime.timedelta(days=1))
    _activity(a[3], TODAY + datetime.timedelta(days=40))  # one current activity is enough
    _zone(a[6], "moderate")  # moderate without a plan: no alert
    a[7].placeholder = True
    a[7].save()
    _zone(a[7], "extreme")
    Assessment.objects.filter(risk=a[8]).delete()  # not assessed: never flagged
    a[9].year = 2024
    a[9].save()  # as the form saves it: its pending deadline follows (risks.due)
    _zone(a[9], "extreme")
    cutoffs = list(RiskCutoff.objects.filter(organisation=first, date__year=2025).order_by("date"))
    _follow_up(a[0], cutoffs[1], FollowUpStatus.SUBMITTED)
    _follow_up(a[1], cutoffs[1], FollowUpStatus.APPROVED)
    _follow_up(a[2], cutoffs[1], FollowUpStatus.RETURNED)
    _follow_up(a[3], cutoffs[0], FollowUpStatus.RETURNED)
    _follow_up(a[4], cutoffs[2], FollowUpStatus.RETURNED)  # deadline not passed yet
    return first, risks


@pytest.mark.parametrize(
    "today",
    [D(2025, 4, 30), D(2025, 5, 15), D(2025, 5, 16), TODAY, D(2026, 2, 1)],
)
def test_the_sql_alerts_flag_what_the_python_rules_flag(district, today):
    first_deadline = RiskCutoff.objects.filter(date=D(2025, 4, 30)).values_list(
        "deadline", flat=True
    )[0]
    for day in (today, first_deadline, first_deadline + datetime.timedelta(days=1)):
        for risks, year in ((Risk.objects.all(), None), (Risk.objects.filter(year=2025), 2025)):
            assert in_sql(risks, day) == reference(risks, day)
            assert in_sql(risks, day, year) == reference(risks, day)
        # The alerts page asks the year of the pending rows, not of the risks.
        for year in (2024, 2025, 2026):
            of_year = Risk.objects.filter(year=year)
            assert in_sql(Risk.objects.all(), day, year)[1] == reference(of_year, day)[1]


@pytest.mark.parametrize("today", [D(2025, 4, 30), TODAY, D(2026, 2, 1)])
def test_the_overdue_count_is_what_the_python_rules_count_narrowed_or_not(district, today):
    """The page's count (a COUNT of the pending rows, narrowed by a semi-join only when the
    filters narrow the risks) equals the reference's number of overdue follow-ups."""
    first, _risks = district
    narrowed = (
        Risk.objects.all(),
        Risk.objects.filter(organisation=first),
        Risk.objects.exclude(organisation=first),
        Risk.objects.none(),
    )
    for risks in narrowed:
        for year in (None, 2024, 2025, 2026):
            of_year = risks if year is None else risks.filter(year=year)
            expected = len(reference(of_year, today)[1])
            assert overdue_count(risks, today, year) == expected
    assert overdue_count(Risk.objects.all(), today, 2025) > 0 or today < TODAY


def overdue_count(risks, today, year):
    return alerts.overdue_follow_ups(risks, today, year).count()


def test_the_overdue_count_of_the_whole_register_reads_only_the_pending_rows(
    district, django_assert_num_queries
):
    with django_assert_num_queries(1) as captured:
        overdue_count(Risk.objects.all(), TODAY, 2025)
    assert "risks_risk" not in captured.captured_queries[0]["sql"]
    with django_assert_num_queries(1) as captured:
        overdue_count(Risk.objects.filter(year=2025), TODAY, 2025)
    assert "risks_risk" in captured.captured_queries[0]["sql"]


def test_the_edge_cases_are_flagged_as_before(district):
    _first, a = district
    plans, overdue = in_sql(Risk.objects.all(), TODAY)
    flagged = dict(plans)
    assert flagged[a[0].id] == "no_plan" and flagged[a[1].id] == "plan_expired"
    assert a[2].id not in flagged and a[3].id not in flagged  # ends today; one current
    assert not {a[6].id, a[7].id, a[8].id} & set(flagged)
    by_pair = {(r, c): reason for r, c, reason in overdue}
    cutoffs = list(RiskCutoff.objects.filter(organisation=a[0].organisation, date__year=2025))
    cutoffs.sort(key=lambda c: c.date)
    assert (a[0].id, cutoffs[1].id) not in by_pair  # sent
    assert (a[1].id, cutoffs[1].id) not in by_pair  # approved
    assert by_pair[(a[2].id, cutoffs[1].id)] == "returned"
    assert by_pair[(a[3].id, cutoffs[0].id)] == "returned"
    assert by_pair[(a[5].id, cutoffs[1].id)] == "missing"
    assert not any(c == cutoffs[2].id for _r, c in by_pair)  # its deadline has not passed
    assert not {a[7].id, a[8].id, a[9].id} & {r for r, _c in by_pair}
    assert a[9].id not in flagged  # its activity ends on 30/11/2025


def test_the_alerts_page_counts_both_lists_and_shows_one_a_page_at_a_time(client_as, register):
    make_register(40)
    client = client_as("director")
    query = {"vigencia": "2025"}
    page = client.get("/riesgos/alertas/", query)
    shown = page.context["page"]
    assert page.context["shown"] == "sin-plan" and shown.paginator.count > 0
    overdue = client.get("/riesgos/alertas/", {**query, "lista": "vencidos"})
    overdue_page = overdue.context["page"]
    assert overdue_page.paginator.count > 25 and len(overdue_page.object_list) == 25
    # Both counts head either list, each a link to its list with the same filters.
    for response in (page, overdue):
        text = response.content.decode()
        tabs = response.context["tabs"]
        assert [t["count"] for t in tabs] == [
            f"{shown.paginator.count:,}".replace(",", "."),
            f"{overdue_page.paginator.count:,}".replace(",", "."),
        ]
        assert [t["current"] for t in tabs] == [response is page, response is overdue]
        for tab in tabs:
            assert f'href="{tab["url"]}#lista"' in text.replace("&amp;", "&")
            assert "vigencia=2025" in tab["url"] and "pagina" not in tab["url"]
    text = overdue.content.decode()
    assert f"Se muestran 1 a 25 de {overdue_page.paginator.count}." in text
    assert "lista=vencidos&amp;pagina=2#lista" in text
    second = client.get("/riesgos/alertas/", {**query, "lista": "vencidos", "pagina": "2"})
    shown_rows = {(r["id"], r["cutoff_id"]) for r in overdue_page.object_list}
    later = {(r["id"], r["cutoff_id"]) for r in second.context["page"].object_list}
    assert later and not shown_rows & later
    # An unknown list shows the first one.
    assert client.get("/riesgos/alertas/", {"lista": "otra"}).context["shown"] == "sin-plan"


def test_the_alerts_are_grouped_by_entity_and_searchable(client_as, register):
    organisation, _units, _risks = register
    other, _u, _r = make_register(6)
    client = client_as("director")
    page = client.get("/riesgos/alertas/", {"vigencia": "2025", "lista": "vencidos"})
    text = page.content.decode()
    for entity in (organisation, other):
        assert f"· {entity.name}</span></th></tr>" in text
    found = client.get(
        "/riesgos/alertas/", {"vigencia": "2025", "lista": "vencidos", "q": other.name}
    )
    assert {r["organisation_id"] for r in found.context["page"].object_list} == {other.id}
