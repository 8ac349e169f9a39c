"""The admin lets a planning office set up a plan without touching code."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User


@pytest.fixture
def superuser_client(client, db):
    user = User.objects.create_superuser("oap", "oap@example.gov.co", "clave-segura-123")
    client.force_login(user)
    return client


def registered():
    return [m for m in admin.site._registry if m._meta.app_label in {"plan", "indicators"}]


def test_every_model_of_the_domain_is_registered():
    names = {m.__name__ for m in registered()}
    assert {
        "Organisation",
        "Unit",
        "Process",
        "Plan",
        "Objective",
        "Cutoff",
        "InvestmentProject",
        "InstitutionalPlan",
        "Goal",
        "Indicator",
        "ObjectiveLink",
        "AnnualProgramming",
        "CutoffProgramming",
        "Measurement",
        "Snapshot",
    } <= names


@pytest.mark.parametrize("model", registered(), ids=lambda m: m.__name__)
def test_changelist_search_and_change_pages_render(superuser_client, seeded, model):
    info = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert superuser_client.get(info).status_code == 200
    assert superuser_client.get(info, {"q": "Bogotá"}).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert superuser_client.get(f"{info}{obj.pk}/change/").status_code == 200


def test_admin_lists_the_seed_plans(superuser_client, seeded):
    page = superuser_client.get("/admin/plan/plan/").content.decode()
    for name in [
        "Plan Estratégico Institucional 2020-2024",
        "Plan Estratégico Sectorial 2024-2027",
        "Plan de Acción Institucional 2024",
    ]:
        assert name in page


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/admin/plan/plan/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("model", ["snapshot", "cutoffevent", "budgetyeartotal"])
def test_records_the_application_writes_are_read_only_in_the_admin(superuser_client, seeded, model):
    """Even a superuser may only look at a published snapshot, a cutoff's log or a year's
    budget total."""
    from plan.models import BudgetYearTotal, Cutoff, CutoffEvent, Snapshot

    if model == "budgetyeartotal":
        record = BudgetYearTotal.objects.first()  # the seed's projects have budgets
        listed = superuser_client.get("/admin/plan/budgetyeartotal/")
        assert str(record.year) in listed.content.decode()
    elif model == "cutoffevent":
        record = CutoffEvent.objects.create(
            cutoff=Cutoff.objects.first(), action="close", from_status="open", to_status="closed"
        )
    else:
        record = Snapshot.objects.first()  # the seed publishes its cutoffs
    assert superuser_client.get(f"/admin/plan/{model}/add/").status_code == 403
    change = superuser_client.get(f"/admin/plan/{model}/{record.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert superuser_client.get(f"/admin/plan/{model}/{record.pk}/delete/").status_code == 403
