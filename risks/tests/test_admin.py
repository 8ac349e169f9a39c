"""The admin holds the methodology versions and the register, with their change history."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User


def registered():
    return [m for m in admin.site._registry if m._meta.app_label == "risks"]


def test_the_methodology_and_the_register_are_in_the_admin():
    names = {m.__name__ for m in registered()}
    assert {"Methodology", "Risk", "Assessment", "Control", "ActionActivity"} <= names
    assert {"RiskCutoff", "FollowUp"} <= names


@pytest.mark.parametrize("model", registered(), ids=lambda m: m.__name__)
def test_changelist_search_change_and_history_pages_render(client, register, model):
    client.force_login(User.objects.create_superuser("oap"))
    base = f"/admin/risks/{model._meta.model_name}/"
    assert client.get(base).status_code == 200
    assert client.get(base, {"q": "riesgo"}).status_code == 200
    obj = model.objects.first()
    assert obj is not None
    assert client.get(f"{base}{obj.pk}/change/").status_code == 200
    assert client.get(f"{base}{obj.pk}/history/").status_code == 200
