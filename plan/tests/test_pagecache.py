"""The cached public pages: one query on a hit, never stale, a CSRF token of one's own."""

import datetime
import re
import time
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dashboards.tests.helpers import user_with_role
from indicators.models import Measurement
from plan import pagecache
from plan.models import Cutoff, Plan
from plan.publishing import publish
from plan.roles import DIRECTOR
from tests.factories import make_plan, reopen_for_correction

PES = "/planes/pes-2024-2027/"
MARCH = datetime.date(2026, 3, 31)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r' nonce="[^"]*"')


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["", "objetivos/4/", "metodologia/", "?corte=2026-03-31"])
def test_a_second_visit_costs_one_query_and_shows_the_same_page(seeded, page):
    first, misses = get(Client(), PES + page)
    again, hits = get(Client(), PES + page)
    # miss: 3 queries, and the plan page a 4th for its scorecard's trend (tests/test_public_pages)
    assert (misses, hits) == (3 + (page in ("", "?corte=2026-03-31")), 1)
    # hit: the plan with its organisation, nothing else
    html, cached = first.content.decode(), again.content.decode()
    # The CSP nonce differs per response: the cached page's stale nonce is harmless because
    # every script is a same-origin file, which the policy's 'self' allows (tests/test_security).
    assert NONCE.sub("", TOKEN.sub("", html)) == NONCE.sub("", TOKEN.sub("", cached))
    assert TOKEN.search(html).group(1) != TOKEN.search(cached).group(1)


def test_the_token_of_a_cached_page_is_valid_for_its_visitor(seeded):
    get(Client(), PES)  # stores the page
    visitor = Client(enforce_csrf_checks=True)
    response, _ = get(visitor, PES)
    token = TOKEN.search(response.content.decode()).group(1)
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": PES, "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    english, _ = get(visitor, PES)
    assert '<html lang="en">' in english.content.decode()
    forged = Client(enforce_csrf_checks=True)
    forged.get(PES)
    refused = forged.post(
        "/i18n/setlang/", {"language": "en", "next": PES, "csrfmiddlewaretoken": "x" * 64}
    )
    assert refused.status_code == 403


def test_a_correction_shows_at_once(seeded):
    assert "7. Gobierno abierto 60,00%" in text(Client().get(PES))
    cutoff = Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH)
    cutoff = reopen_for_correction(cutoff)
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4200").update(executed=D("0.05"))
    publish(cutoff, reason="Corrección")
    page = text(Client().get(PES))
    assert "7. Gobierno abierto 100,00% Satisfactorio Publicado inicialmente: 60,00%" in page


def test_a_reopened_cutoff_disappears_at_once(seeded):
    plan = make_plan(indicators=4)
    publish(Cutoff.objects.get(plan=plan))
    url = f"/planes/{plan.slug}/"
    assert "al 30/06/2025" in text(Client().get(url))
    cutoff = Cutoff.objects.get(plan=plan)
    reopen_for_correction(cutoff)
    assert "Este plan aún no tiene cortes publicados." in text(Client().get(url))


def test_editing_the_plan_or_its_entity_shows_at_once(seeded):
    Client().get(PES)
    plan = Plan.objects.select_related("organisation").get(slug="pes-2024-2027")
    plan.name = "Plan sectorial renombrado"
    plan.save()
    assert "Plan sectorial renombrado" in text(Client().get(PES))
    plan.organisation.name = "Sector renombrado"
    plan.organisation.save()
    assert "Sector renombrado" in text(Client().get(PES))


def test_signed_in_people_and_visitors_with_messages_are_not_served_from_the_cache(seeded):
    get(Client(), PES)
    director = Client()
    director.force_login(user_with_role("directora-cache", DIRECTOR))
    response, queries = get(director, PES)
    assert queries > 1
    assert "directora-cache" in response.content.decode()
    with_messages = Client()
    with_messages.cookies["messages"] = "anything"
    assert get(with_messages, PES)[1] == 4


def test_a_missing_page_is_not_stored(seeded):
    assert Client().get(PES + "objetivos/9/").status_code == 404
    assert Client().get(PES + "objetivos/9/").status_code == 404


def test_per_request_values_become_marks_and_back():
    html = (
        '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123">'
        '<script nonce="n0nce" src="/x.js"></script></form>'
    )
    request = SimpleNamespace(csp_nonce="n0nce", META={"CSRF_COOKIE": "s" * 32}, COOKIES={})
    stored = pagecache.to_stored(request, html)
    assert "abc123" not in stored and "n0nce" not in stored
    later = SimpleNamespace(csp_nonce="other", META={"CSRF_COOKIE": "s" * 32}, COOKIES={})
    filled = pagecache.from_stored(later, stored)
    assert 'nonce="other"' in filled
    token = TOKEN.search(filled).group(1)
    assert len(token) == 64 and token != "abc123"


def test_the_key_changes_with_any_column_of_the_plan(seeded):
    plan = Plan.objects.select_related("organisation").get(slug="pes-2024-2027")
    before = pagecache.row_state(plan, plan.organisation)
    plan.green_from = D(95)
    assert pagecache.row_state(plan, plan.organisation) != before


def text(response):
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db(transaction=True)
def test_just_after_a_check_a_visit_costs_no_query_and_other_processes_show_within_moments(
    monkeypatch,
):
    monkeypatch.setattr(pagecache, "FRESH_SECONDS", 0.5)
    plan = make_plan(indicators=4)
    publish(Cutoff.objects.get(plan=plan))
    url = f"/planes/{plan.slug}/"
    # Warm the process (templates compiled, catalogues loaded) so that the first render below
    # fits in the 0,5 s window even on a loaded machine, then start from an empty cache.
    Client().get(url)
    cache.clear()
    assert get(Client(), url)[1] == 4
    assert get(Client(), url)[1] == 0  # micro-cached: the plan was checked a moment ago
    # Another process renames the plan (an update sends no signal here)...
    Plan.objects.filter(pk=plan.pk).update(name="Nombre cambiado en otro proceso")
    assert "Nombre cambiado en otro proceso" not in text(Client().get(url))
    time.sleep(0.6)  # ...and it shows once the check expires.
    assert "Nombre cambiado en otro proceso" in text(Client().get(url))
    # A change in this process shows at once.
    plan.refresh_from_db()
    plan.name = "Nombre cambiado aquí"
    plan.save()
    assert "Nombre cambiado aquí" in text(Client().get(url))


def test_editing_the_structure_shows_at_once_on_the_cached_pages(seeded):
    """An objective's statement, a goal, an indicator, a weight or a yearly programming edited
    in the set-up pages or the structure workbook: the cached public pages are made again (a
    published cutoff's pages keep showing what was published; the structure is live)."""
    from indicators.models import AnnualProgramming, Goal, Indicator, ObjectiveLink

    pai = "/planes/pai-2024/"  # no published cutoff: its public page is its structure
    Client().get(pai)
    objective = Plan.objects.get(slug="pai-2024").objectives.order_by("number").first()
    objective.statement = "Enunciado corregido por la oficina"
    objective.save()
    assert "Enunciado corregido por la oficina" in text(Client().get(pai))

    indicator = Indicator.objects.filter(plan__slug="pai-2024").order_by("id").first()
    indicator.name = "Indicador con nombre corregido"
    indicator.save()
    assert "Indicador con nombre corregido" in text(Client().get(pai))
    goal = Goal.objects.filter(plan__slug="pai-2024").order_by("id").first()
    goal.name = "Meta con nombre corregido"
    goal.save()
    assert "Meta con nombre corregido" in text(Client().get(pai))

    stamps = []
    for row in (
        AnnualProgramming.objects.filter(indicator__plan__slug="pai-2024").first(),
        ObjectiveLink.objects.filter(indicator__plan__slug="pes-2024-2027").first(),
    ):
        before = Plan.objects.filter(indicators=row.indicator_id).values_list(
            "published_changed_at", flat=True
        )[0]
        row.save()
        after = Plan.objects.filter(indicators=row.indicator_id).values_list(
            "published_changed_at", flat=True
        )[0]
        stamps.append(after != before)
    assert stamps == [True, True]
