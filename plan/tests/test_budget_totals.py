"""The stored budget totals of every year (plan.budget_totals) equal a fresh sum of the
budgets, exactly, after every way of writing budgets; a write that fails leaves them as they
were; a cascade refreshes them in a fixed number of statements."""

import threading
import time
from decimal import Decimal as D
from importlib import import_module

import pytest
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models.deletion import Collector
from django.test.utils import CaptureQueriesContext

from plan import budget_totals
from plan.models import BudgetYearTotal, InvestmentProject, Organisation, ProjectBudget


def stored():
    return budget_totals.totals()


def assert_kept():
    assert stored() == budget_totals.summed()
    counts = dict(BudgetYearTotal.objects.values_list("year", "projects"))
    assert counts == {year: ProjectBudget.objects.filter(year=year).count() for year, _ in stored()}


@pytest.fixture
def project(seeded):
    return InvestmentProject.objects.get(organisation__code="SG", code="7871")


def test_the_seed_load_stores_the_published_totals(seeded):
    assert_kept()
    assert dict(stored())[2024] == D("88286000000.00")  # the seven projects of the PAI 2024


def test_a_new_budget_adds_to_its_year_and_a_new_year_gets_a_row(project):
    before = dict(stored())
    ProjectBudget.objects.create(project=project, year=2031, amount=D("5000000.25"))
    assert_kept()
    assert dict(stored())[2031] == D("5000000.25")
    project.budgets.create(year=2030, amount=D(7))
    assert dict(stored()) == {**before, 2030: D(7), 2031: D("5000000.25")}


def test_a_changed_amount_changes_its_years_total(project):
    budget = project.budgets.get(year=2024)
    total = dict(stored())[2024]
    budget.amount += D("0.01")
    budget.save()
    assert_kept()
    assert dict(stored())[2024] == total + D("0.01")


def test_a_changed_year_moves_the_amount_and_an_emptied_year_loses_its_row(project):
    ProjectBudget.objects.create(project=project, year=2032, amount=D(3))
    budget = ProjectBudget.objects.get(project=project, year=2032)
    budget.year = 2033
    budget.save()
    assert_kept()
    assert 2032 not in dict(stored()) and dict(stored())[2033] == D(3)
    budget.delete()
    assert_kept()
    assert 2033 not in dict(stored())


def test_a_budget_saved_from_an_instance_built_by_hand_still_leaves_its_old_year(project):
    old = ProjectBudget.objects.create(project=project, year=2034, amount=D(9))
    ProjectBudget(pk=old.pk, project=project, year=2035, amount=D(9)).save()
    assert_kept()
    assert 2034 not in dict(stored())


def test_deleting_a_budget_a_queryset_of_them_or_a_project_refreshes_the_totals(project):
    project.budgets.get(year=2024).delete()
    assert_kept()
    ProjectBudget.objects.filter(year=2024, project__code="7867").delete()
    assert_kept()
    collector = Collector(using="default")  # no origin, as some third-party code runs it
    collector.collect([project.budgets.create(year=2042, amount=D(4))])
    collector.delete()
    assert_kept()
    assert 2042 not in dict(stored())
    project.goals.update(investment_project=None)  # a goal protects its project
    project.delete()
    assert_kept()


def _organisation_with_budgets(code: str, projects: int):
    """An entity whose only rows are ``projects`` projects budgeted in 2025 and 2026 (plans,
    units and goals protect an organisation from deletion)."""
    organisation = Organisation.objects.create(code=code, name=code, kind="entity")
    made = InvestmentProject.objects.bulk_create(
        InvestmentProject(organisation=organisation, code=str(k), name=f"P{k}")
        for k in range(projects)
    )
    for project in made:
        project.budgets.create(year=2025, amount=D("1000.10"))
        project.budgets.create(year=2026, amount=D("0.01"))
    return organisation


def test_deleting_an_organisation_refreshes_its_projects_years(seeded):
    organisation = _organisation_with_budgets("ent-presupuesto", 3)
    assert dict(stored())[2025] == D("3000.30") and dict(stored())[2026] == D("0.03")
    assert_kept()
    organisation.delete()
    assert_kept()
    assert 2025 not in dict(stored()) and 2026 not in dict(stored())


@pytest.mark.django_db
def test_a_cascade_refreshes_the_totals_in_the_same_statements_whatever_its_budgets():
    counts = []
    for size in (2, 30):
        organisation = _organisation_with_budgets(f"ent-{size}", size)
        with CaptureQueriesContext(connection) as queries:
            organisation.delete()
        counts.append(sum("budgetyeartotal" in q["sql"] for q in queries))
        assert_kept()
    assert counts == [4, 4]  # insert the missing rows, lock them, sum into them, drop empties


def test_the_migration_fills_the_totals_of_the_budgets_already_there(seeded):
    fill = import_module("plan.migrations.0014_fill_budget_year_totals").fill
    expected = stored()
    BudgetYearTotal.objects.all().delete()
    fill(MigrationExecutor(connection).loader.project_state().apps, None)
    assert stored() == expected
    assert_kept()


def test_refresh_all_mends_a_table_out_of_step(seeded):
    BudgetYearTotal.objects.filter(year=2024).update(amount=D(1))
    BudgetYearTotal.objects.create(year=1999, amount=D(5), projects=1)
    budget_totals.refresh_all()
    assert_kept()


def _failing_refresh(monkeypatch):
    real = budget_totals.refresh

    def refresh(years):
        real(years)
        raise RuntimeError("the refresh failed")

    monkeypatch.setattr(budget_totals, "refresh", refresh)


@pytest.mark.django_db(transaction=True)
def test_a_failing_write_leaves_the_budgets_and_the_totals_as_they_were(monkeypatch):
    # Autocommit, as a request outside ATOMIC_REQUESTS or a script: the budget and its
    # total are written in one transaction, or neither.
    organisation = _organisation_with_budgets("ent-falla", 3)
    before = stored()
    budget = ProjectBudget.objects.filter(project__organisation=organisation).first()
    _failing_refresh(monkeypatch)
    budget.amount += D(1)
    with pytest.raises(RuntimeError):
        budget.save()
    with pytest.raises(RuntimeError):
        ProjectBudget.objects.create(project=budget.project, year=2040, amount=D(1))
    with pytest.raises(RuntimeError):
        budget.project.delete()
    with pytest.raises(RuntimeError):
        organisation.delete()
    monkeypatch.undo()
    assert stored() == before
    assert ProjectBudget.objects.get(pk=budget.pk).amount == budget.amount - D(1)
    assert not ProjectBudget.objects.filter(year=2040).exists()
    assert InvestmentProject.objects.filter(pk=budget.project_id).exists()
    assert_kept()


def test_a_write_rolled_back_in_a_savepoint_leaves_the_totals_as_they_were(project):
    before = stored()
    with pytest.raises(RuntimeError), transaction.atomic():
        project.budgets.create(year=2041, amount=D(1))
        raise RuntimeError
    assert stored() == before
    assert_kept()


def _concurrently(first, second):
    """Run ``first`` in a transaction that stays open until ``second`` (in another thread and
    connection) has started and is waiting for it, then commit both."""
    started = threading.Event()

    def run(write, hold):
        try:
            with transaction.atomic():
                write()
                if hold:
                    started.set()
                    time.sleep(0.5)  # the second writer reaches its lock meanwhile
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(first, True))]
    threads[0].start()
    assert started.wait(10)
    threads.append(threading.Thread(target=run, args=(second, False)))
    threads[1].start()
    for thread in threads:
        thread.join(20)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("year", [2025, 2050])  # a year with a total, and a year's first ones
def test_two_writers_of_one_year_at_once_leave_the_sum_of_both(year):
    organisation = _organisation_with_budgets("ent-concurrente", 2)
    one, two = InvestmentProject.objects.filter(organisation=organisation)

    def write(project, amount):
        return lambda: ProjectBudget.objects.update_or_create(
            project=project, year=year, defaults={"amount": amount}
        )

    if connection.vendor == "postgresql":
        _concurrently(write(one, D("7.50")), write(two, D("2.25")))
    else:  # SQLite runs one writer at a time: two at once come to one after the other
        write(one, D("7.50"))()
        write(two, D("2.25"))()
    assert ProjectBudget.objects.filter(year=year).count() == 2
    assert_kept()
