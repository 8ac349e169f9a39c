"""plan.public_cache.forget_plans: the stored plan rows are forgotten at once on every change,
and again once per transaction when it commits (not once per saved row)."""

import pytest
from django.db import transaction

from plan import public_cache
from plan.models import Plan
from tests.factories import make_plan


@pytest.fixture
def generations(monkeypatch):
    """Every renewal of the generation (a cache write each), counted."""
    renewals = []
    original = public_cache._new_generation

    def counted():
        renewals.append(1)
        return original()

    monkeypatch.setattr(public_cache, "_new_generation", counted)
    return renewals


@pytest.fixture
def plan(db, generations) -> Plan:
    """A new plan, its renewals not counted, as if the transaction that made it had
    committed: the test's own transaction never commits, so the renewal its saves registered
    would otherwise stay pending and serve (correctly) every later change of the test."""
    plan = make_plan(indicators=2, objectives=2)
    connection = transaction.get_connection()
    connection.run_on_commit = [
        entry for entry in connection.run_on_commit if entry[1] is not public_cache._renew_on_commit
    ]
    generations.clear()
    return plan


def renewals_on_commit(callbacks) -> int:
    return sum(callback is public_cache._renew_on_commit for callback in callbacks)


def test_many_saves_in_one_transaction_renew_once_on_commit(
    plan, generations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for number in range(50):
            plan.name = f"Plan {number}"
            plan.save()  # plan.signals forget the plans on every save
        plan.organisation.save()
    assert renewals_on_commit(callbacks) == 1
    assert len(generations) == 51  # each change is still forgotten at once
    for callback in callbacks:
        callback()
    assert len(generations) == 52


def test_a_rolled_back_transaction_renews_nothing_after_it(
    plan, generations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            plan.save()
            raise RuntimeError
    assert renewals_on_commit(callbacks) == 0
    assert len(generations) == 1  # the immediate one


def test_a_savepoint_rolled_back_inside_a_committed_transaction_still_renews(
    plan, generations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            plan.save()  # registers the renewal inside the savepoint ...
            raise RuntimeError  # ... which drops it
        plan.name = "Después del punto de guardado"
        plan.save()
    assert renewals_on_commit(callbacks) == 1


def test_a_released_savepoint_s_renewal_serves_the_rest_of_the_transaction(
    plan, generations, django_capture_on_commit_callbacks
):
    """An import that saves each row in its own savepoint: still one renewal."""
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for number in range(20):
            with transaction.atomic():
                plan.name = f"Fila {number}"
                plan.save()
        with pytest.raises(RuntimeError), transaction.atomic():
            plan.save()
            raise RuntimeError  # rolls back nothing the released savepoints registered
    assert renewals_on_commit(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_real_commits_renew_once_and_autocommit_at_once(generations):
    plan = make_plan(indicators=2, objectives=2)  # committed: a real transaction
    generations.clear()
    with transaction.atomic():
        for number in range(10):
            Plan.objects.get(pk=plan.pk).save()
            assert len(generations) == number + 1  # at once, nothing on commit yet
    assert len(generations) == 11  # the ten at once and one on commit
    generations.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        plan.save()
        raise RuntimeError
    assert len(generations) == 1
    generations.clear()
    plan.save()  # autocommit: committed already, one renewal is enough
    assert len(generations) == 1
