"""The accountability lists and the risk register print rows read as values (issue 15).

Their rows are dictionaries finished once per page (accountability.list_rows and list_html,
risks.register_rows) instead of model instances the templates looked things up on. Each test
works a row out the way the pages did before (the models' display methods, the template
filters) and compares; the register's drop-downs are compared with Django's own markup.
"""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.http import QueryDict
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.safestring import mark_safe

from accountability import loading_manage
from accountability.models import Commitment, CommitmentFollowUp, Event, Question
from accountability.tests.factories import make_strategy, make_unit
from plan import listing
from plan.formatting import format_date
from plan.models import Organisation
from plan.select_html import QuickSelect
from risks import register_rows
from risks.filters import RegisterFilterForm
from risks.models import Assessment, Risk
from risks.tests.factories import director_user, make_register

TODAY = datetime.date(2030, 6, 30)


def test_a_number_url_is_the_reversed_url_of_each_number():
    url = listing.number_url("risks:risk_detail")
    for pk in (1, 7, 918273, 2**31 - 1):
        assert url(pk) == reverse("risks:risk_detail", args=[pk])
    year = listing.number_url("accountability:report")
    assert year(2024) == reverse("accountability:report", args=[2024])


@pytest.mark.django_db
def test_a_register_row_prints_what_the_risk_printed():
    organisation, _units, risks = make_register(6)
    Assessment.objects.filter(risk=risks[0]).delete()
    Risk.objects.filter(pk=risks[1].pk).update(responsible_unit=None, treatment="")
    theirs = Risk.objects.filter(organisation=organisation)
    rows = list(register_rows.page_rows(theirs))
    sectors = {o.id: (o.name, o.code) for o in Organisation.objects.filter(kind="sector")}
    groups = register_rows.groups(rows, sectors)
    assert [e.organisation.code for s in groups for e in s.entities] == [organisation.code]
    by_pk = {r.pk: r for r in theirs.with_assessment()}
    assert {row["id"] for row in rows} == set(by_pk)
    for row in rows:
        risk = by_pk[row["id"]]
        assert row["url"] == reverse("risks:risk_detail", args=[risk.pk])
        assert row["kind_label"] == risk.get_kind_display()
        assert row["owner"] == risk.owner.name
        assert row["unit"] == (risk.responsible_unit.name if risk.responsible_unit else "—")
        assert row["treatment_label"] == (risk.get_treatment_display() or "—")
        assessment = getattr(risk, "assessment", None)
        for stage in ("inherent", "residual"):
            if assessment is None:
                assert row[stage] == '<span class="muted">Sin valorar</span>'
            else:
                zone = getattr(assessment, f"{stage}_zone_choice")
                assert f">{zone.label}</span>" in row[stage] and zone.hex in row[stage]


@pytest.mark.django_db
def test_the_registers_drop_downs_print_djangos_markup():
    make_register(3)
    user = director_user()
    data = QueryDict("tipo=corruption")
    ours = RegisterFilterForm(data, Risk.objects.visible_to(user), user=user)
    django = RegisterFilterForm(data, Risk.objects.visible_to(user), user=user)
    for field in django.fields.values():
        if isinstance(field.widget, QuickSelect):
            field.widget = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
    selects = [name for name, f in ours.fields.items() if isinstance(f.widget, QuickSelect)]
    assert {"vigencia", "sector", "entidad", "proceso", "dependencia", "tipo"} <= set(selects)
    for name in selects:
        assert str(ours[name]) == str(django[name])
    assert " selected>" in str(ours["tipo"])


def test_a_quick_drop_down_prints_djangos_markup_with_groups_and_odd_values():
    choices = [
        (None, "Todos"),
        ("Grupo <1>", [(1, "Uno & «dos»"), ('x"y', "<b>"), (None, "Nada")]),
        (3, mark_safe("<em>Tres</em>")),  # noqa: S308  # nosec B308 B703: a test label
        (3, "Tres otra vez"),  # only the first option of a value is selected
        ("", [(4, "Cuatro")]),  # a group without a label
    ]
    attrs = {"id": "id_f", "aria-describedby": 'a"b', "disabled": True, "hidden": False}
    for value in ("", 1, 'x"y', 3, None, "None", [3], "4"):
        quick = QuickSelect(attrs=attrs, choices=choices).render("f<", value)
        plain = forms.Select(attrs=attrs, choices=choices).render("f<", value)
        assert quick == plain


@pytest.fixture
def todo(db):
    """A strategy's questions and commitments, late and on time, with follow-ups."""
    sector = Organisation.objects.create(code="s", name="Sector", kind="sector")
    entity = Organisation.objects.create(code="e", name="Entidad", kind="entity", sector=sector)
    make_strategy(3, year=2024, unit=make_unit(entity))
    unanswered = Question.objects.filter(answered_during_event=False, answered_on=None)
    Question.objects.filter(pk=unanswered.order_by("id").first().pk).update(
        answering_unit=None, text="¿" + "Por qué " * 30 + "?"
    )
    Commitment.objects.update(status="in_progress", progress=Decimal("33.33"))


def test_the_to_do_rows_print_what_the_questions_and_commitments_printed(todo):
    questions = Question.objects.filter(answered_during_event=False, answered_on=None)
    page = loading_manage.load_manage_page(director_user(), TODAY)
    assert page.awaiting_answer, "the fixture leaves questions unanswered"
    by_pk = {q.pk: q for q in questions.select_related("event", "answering_unit")}
    for row in page.awaiting_answer:
        question = by_pk[row["id"]]
        assert row["text"] == truncatechars(question.text, 140)
        unit = question.answering_unit
        assert row["unit"] == (unit.name if unit else "Sin asignar")
        assert row["due"] == format_date(question.answer_due)
        late = (TODAY - question.answer_due).days
        assert row["late"] == (f"{late:,} días".replace(",", ".") if late > 0 else "")
        assert f'href="{row["url"]}"' in page.awaiting_html
    commitments = {c.pk: c for c in Commitment.objects.all()}
    for row in page.past_due:
        commitment = commitments[row["id"]]
        assert row["state"] == f"{commitment.get_status_display()}, 33,33%"
        assert row["due"] == format_date(commitment.due_date)
        assert row["late"].endswith("días de retraso")


def test_the_management_page_prints_its_rows_and_follow_ups(todo, client):
    client.force_login(director_user())
    html = client.get("/rendicion-de-cuentas/gestion/").content.decode()
    assert html.count('<td class="num">') == 3 * Event.objects.count()
    assert html.count("<td>Sí</td>") == Event.objects.filter(is_public=True).count()
    submitted = CommitmentFollowUp.objects.filter(review_status="submitted")
    assert html.count("</a> — ") == submitted.count() > 0
    assert "Sin asignar" in html and "33,33%" in html
