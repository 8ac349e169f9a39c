"""Pages changed for issue 14, in Chromium at 375 and 1280 px: no horizontal scrolling, no
serious or critical axe violation (screenshots in $SCREENSHOTS when set)."""

import os

import pytest
from django.contrib.auth.models import Group, User

from accountability.models import Question
from conftest import axe_violations
from plan.roles import PLANNING
from risks.models import FollowUp, Risk, RiskCutoff
from risks.tests.factories import make_register, planning_user
from tests.browser.accounts import signed_in

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)


def check(page, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        if os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS']}/{name}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        assert axe_violations(page) == [], (name, width)


def test_a_corruption_risk_awaiting_publication(page, live_server):
    _organisation, _units, risks = make_register(6, year=2030)
    risk = next(r for r in risks if r.kind == "corruption")
    signed_in(page, live_server, planning_user())
    page.goto(f"/riesgos/{risk.pk}/")
    assert page.get_by_role("button", name="Publicar en el mapa de corrupción").is_visible()
    check(page, "risk-detail")
    page.get_by_role("button", name="Publicar en el mapa de corrupción").click()
    assert "Versión 1 publicada" in page.content()
    check(page, "risk-detail-published")
    page.goto("/riesgos/corrupcion/?vigencia=2030")
    assert risk.code in page.content()
    check(page, "public-corruption")


def test_a_follow_up_review_refused_by_four_eyes(page, live_server):
    _organisation, _units, risks = make_register(6, year=2030)
    planner = planning_user()
    risk = risks[0]
    cutoff = RiskCutoff.objects.filter(organisation=risk.organisation).earliest("date")
    follow_up = FollowUp.objects.get(risk=risk, cutoff=cutoff)
    FollowUp.objects.filter(pk=follow_up.pk).update(reported_by=planner, status="submitted")
    signed_in(page, live_server, planner)
    page.goto(f"/riesgos/seguimiento/{follow_up.pk}/revision/")
    page.get_by_label("Aprobar").check()
    page.get_by_role("button", name="Guardar la revisión").click()
    assert "Quien envió el reporte no puede aprobarlo" in page.content()
    for width in WIDTHS:  # the refusal is the response to a POST: check it without reloading
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        if os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS']}/four-eyes-{width}.png")
    assert Risk.objects.filter(pk=risk.pk).exists()


def test_an_answer_awaiting_publication_on_the_event_management_page(page, live_server):
    from accountability.tests.factories import make_strategy

    strategy = make_strategy(2, year=2030)
    question = Question.objects.filter(event__strategy=strategy).select_related("event").first()
    Question.objects.filter(pk=question.pk).update(
        draft_answer="La nueva sede abrirá en junio de 2024, con atención de lunes a sábado.",
        draft_answered_on=question.asked_on,
    )
    planner = User.objects.create(username="planeacion_navegador")
    planner.groups.add(Group.objects.get_or_create(name=PLANNING)[0])
    signed_in(page, live_server, planner)
    page.goto(f"/rendicion-de-cuentas/gestion/espacios/{question.event.slug}/")
    assert page.get_by_role("button", name="Publicar la respuesta").first.is_visible()
    check(page, "manage-event")


def test_the_password_reset_throttle_page(page, live_server, settings):
    settings.PASSWORD_RESET = True
    settings.PASSWORD_RESET_PER_ADDRESS = 0
    page.goto("/cuenta/password_reset/")
    page.get_by_label("Correo electrónico").fill("alguien@example.gov.co")
    page.get_by_role("button").last.click()
    assert "Demasiadas solicitudes" in page.content()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        if os.environ.get("SCREENSHOTS"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS']}/reset-throttled-{width}.png")
