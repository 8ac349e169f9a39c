"""The seed data holds what the reports state, and loading it twice changes nothing."""

from decimal import Decimal as D

from indicators.compliance import check_total
from indicators.models import AnnualProgramming, Goal, Indicator, Measurement, ObjectiveLink
from plan.models import Cutoff, InstitutionalPlan, InvestmentProject, Plan, Process, ProjectBudget
from publication.seed import load_all
from tests.reloading import assert_loading_again_changes_nothing

SEEDED = [
    Plan,
    Indicator,
    Goal,
    ObjectiveLink,
    AnnualProgramming,
    Measurement,
    Cutoff,
    ProjectBudget,
]


def test_loading_twice_changes_nothing(seeded):
    assert_loading_again_changes_nothing(load_all, SEEDED)


def test_three_plans_with_their_cutoffs_published(seeded):
    assert set(seeded) == {"pei-2020-2024", "pes-2024-2027", "pai-2024"}
    assert set(Cutoff.objects.values_list("status", flat=True)) == {"published"}
    assert seeded["pes-2024-2027"].adoption_act == "Resolución No. 630 de 2024"
    assert seeded["pes-2024-2027"].indicator_set_rule == "programmed_at_cutoff"
    assert seeded["pei-2020-2024"].indicator_set_rule == "all_of_year"


def test_pai_investment_projects_and_budgets(seeded):
    projects = InvestmentProject.objects.filter(code__in=[str(c) for c in range(7867, 7874)])
    assert projects.count() == 7
    total = sum(ProjectBudget.objects.filter(year=2024).values_list("amount", flat=True))
    assert total == D(20149 + 7928 + 1547 + 3555 + 27832 + 18451 + 8824) * 1_000_000
    goals = Goal.objects.filter(kind="project", plan__slug="pai-2024")
    assert [goals.filter(investment_project__code=str(c)).count() for c in range(7867, 7874)] == [
        2,
        11,
        3,
        3,
        12,
        7,
        5,
    ]


def test_pai_process_indicators_and_integrated_plan_activities(seeded):
    pai = Indicator.objects.filter(plan__slug="pai-2024")
    management = pai.filter(goal__kind="management")
    assert management.count() == 46
    assert management.values("goal__process").distinct().count() == 16
    assert Process.objects.count() == 16
    activities = pai.filter(goal__kind="activity")
    assert activities.count() == 25
    assert activities.values("goal__institutional_plan").distinct().count() == 14
    assert InstitutionalPlan.objects.count() == 14
    payments = management.get(unit="days")
    assert payments.direction == "lower"


def test_indicator_543_feeds_two_objectives(seeded):
    links = ObjectiveLink.objects.filter(indicator__code="543", year=2020).order_by(
        "objective__number"
    )
    assert [(link.objective.number, link.weight) for link in links] == [
        (2, D("31.34")),
        (3, D(100)),
    ]


def test_indicator_555_total_is_flagged_as_contradicting_suma(seeded):
    indicator = Indicator.objects.get(code="555")
    yearly = dict(indicator.annual_programming.values_list("year", "programmed"))
    check = check_total(indicator.annualization, yearly, indicator.declared_total)
    assert indicator.annualization == "suma"
    assert check.problems == ("total_mismatch",)
    assert check.expected == D(100) and check.declared == D(128)


def test_other_pei_totals_agree_with_their_annualisation(seeded):
    flagged = []
    for indicator in Indicator.objects.filter(plan__slug="pei-2020-2024").prefetch_related(
        "annual_programming"
    ):
        yearly = {p.year: p.programmed for p in indicator.annual_programming.all()}
        if not check_total(indicator.annualization, yearly, indicator.declared_total).ok:
            flagged.append(indicator.code)
    assert flagged == ["555"]
