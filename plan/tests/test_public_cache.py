"""Django's caching of the citizens' pages (plan.public_cache): conditional responses, template
fragments keyed on the published version, a fresh CSRF token and CSP nonce on every response."""

import datetime
import re
import time
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from dashboards.tests.helpers import user_with_role
from indicators.models import Measurement
from plan import public_cache
from plan.models import Cutoff, Plan
from plan.roles import DIRECTOR
from publication.publishing import publish
from tests.factories import make_plan, reopen_for_correction
from tests.text import page_text as text

PES = "/planes/pes-2024-2027/"
MARCH = datetime.date(2026, 3, 31)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r' nonce="([^"]*)"')
PAGES = ["", "objetivos/4/", "metodologia/", "?corte=2026-03-31"]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def get(client, url, status=200, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == status, url
    return response, len(ctx.captured_queries)


def entries() -> int:
    """Entries in the tests' local-memory cache."""
    return len(cache._cache)


@pytest.mark.parametrize("page", PAGES)
def test_a_second_visit_runs_no_query_renders_nothing_and_shows_the_same_page(seeded, page):
    first, misses = get(Client(), PES + page)
    again, hits = get(Client(), PES + page)
    # miss: plan; snapshot versions; the cutoff's payloads (+ the plan page's trend, and the
    # published dates when ?corte= is given); hit: the plan with its organisation, nothing else
    assert (misses, hits) == ({"": 4, "?corte=2026-03-31": 5}.get(page, 3), 0)
    # The whole page is kept for visitors without a session: a hit renders no template.
    assert first.templates and again.templates == []
    assert first.content == again.content
    assert TOKEN.search(first.content.decode()) is None  # nothing of the page is the visitor's


@pytest.mark.parametrize("page", PAGES)
def test_no_response_needs_or_names_a_nonce(seeded, page):
    """script-src is 'self' alone and every script is one of our files: a kept page holds no
    nonce of another response, and no policy names one (config/settings.py)."""
    for _ in range(3):  # a miss, then two hits
        response, _queries = get(Client(), PES + page)
        html = response.content.decode()
        assert NONCE.search(html) is None
        assert "'nonce-" not in response["Content-Security-Policy"]
        tags = [t for t in re.findall(r"<script\b[^>]*>", html) if "application/json" not in t]
        assert tags and all(re.search(r'src="/static/[^"]+"', t) for t in tags)


def test_the_kept_page_is_per_address_and_never_a_signed_in_person_s(seeded):
    """The page names its own address (og:url): another host gets its own copy. A signed-in
    person's page (the sign-out form's token) is rendered for them and never kept."""
    here = get(Client(), PES)[0].content.decode()
    there = get(Client(HTTP_HOST="localhost"), PES)[0].content.decode()
    assert 'content="http://testserver/planes/pes-2024-2027/"' in here
    assert 'content="http://localhost/planes/pes-2024-2027/"' in there
    stored = entries()
    director = Client()
    director.force_login(user_with_role("directora-kept", DIRECTOR))
    mine = get(director, PES)[0]
    assert mine.templates and TOKEN.search(mine.content.decode())
    assert entries() == stored
    assert get(Client(), PES)[0].content.decode() == here


def test_a_hit_runs_no_query_whatever_the_size_of_the_plan(db, monkeypatch):
    # A busy machine may take longer than PLAN_TTL between a miss and its hit.
    monkeypatch.setattr(public_cache, "PLAN_TTL", 600)
    hits = []
    for size in (10, 200):
        plan = make_plan(indicators=size)
        publish(Cutoff.objects.get(plan=plan))
        indicator = plan.indicators.order_by("id").first().id
        for page in ("", "objetivos/1/", "metodologia/", f"indicadores/{indicator}/"):
            get(Client(), f"/planes/{plan.slug}/{page}")
            hits.append(get(Client(), f"/planes/{plan.slug}/{page}")[1])
    assert hits == [0] * 8


def test_the_indicator_page_is_kept_whatever_parameters_it_does_not_read(seeded):
    indicator = Plan.objects.get(slug="pes-2024-2027").indicators.order_by("id").first().id
    url = f"{PES}indicadores/{indicator}/"
    first, misses = get(Client(), url)
    again, hits = get(Client(), url + "?corte=2026-03-31")  # a parameter it does not read
    assert (misses, hits) == (2, 0)
    assert again.templates == [] and first.content == again.content
    assert re.findall(r'<script src="/static/[^"]+" defer>', first.content.decode())


def test_a_browser_that_has_the_page_gets_a_304_without_a_query(seeded):
    visitor = Client()
    first, _queries = get(visitor, PES)
    assert first["ETag"] and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    stamp = Plan.objects.get(slug="pes-2024-2027").published_changed_at
    assert first["Last-Modified"] == http_date(stamp.timestamp())
    response, queries = get(visitor, PES, 304, if_none_match=first["ETag"])
    assert (response.content, queries) == (b"", 0)
    assert "'nonce-" not in response["Content-Security-Policy"]  # nothing rendered
    response, _queries = get(visitor, PES, 304, if_modified_since=first["Last-Modified"])
    # The page is the same for every visitor without a session: another one's copy is current.
    response, queries = get(Client(), PES, 304, if_none_match=first["ETag"])
    assert (response.content, queries, response.cookies) == (b"", 0, {})


def test_a_publication_changes_the_etag_and_shows_at_once(seeded):
    visitor = Client()
    first, _queries = get(visitor, PES)
    assert "7. Gobierno abierto 60,00%" in text(first)
    cutoff = reopen_for_correction(Cutoff.objects.get(plan__slug="pes-2024-2027", date=MARCH))
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4200").update(executed=D("0.05"))
    publish(cutoff, reason="Corrección")
    again, _queries = get(visitor, PES, 200, if_none_match=first["ETag"])
    assert again["ETag"] != first["ETag"]
    page = text(again)
    assert "7. Gobierno abierto 100,00% Satisfactorio Publicado inicialmente: 60,00%" in page


def test_a_change_made_by_another_process_shows_within_the_ttl(seeded, monkeypatch):
    """A change written by another worker (bumping the stamp, as plan.signals.touch_plans does,
    but in that worker's own per-process cache) shows here once this process's copy of the
    plan's row expires: at most ``PLAN_TTL`` seconds later. Time is moved on, not waited for."""
    get(Client(), PES)
    Plan.objects.filter(slug="pes-2024-2027").update(
        name="Nombre cambiado en otro proceso", published_changed_at=timezone.now()
    )
    assert "Nombre cambiado en otro proceso" not in text(get(Client(), PES)[0])
    later = time.monotonic() + public_cache.PLAN_TTL + 0.01
    monkeypatch.setattr(public_cache, "_clock", lambda: later)
    assert "Nombre cambiado en otro proceso" in text(get(Client(), PES)[0])


def test_a_change_made_in_this_process_shows_at_once_and_again_on_commit(
    seeded, django_capture_on_commit_callbacks
):
    """plan.signals forget the stored rows at once and again on commit: a request that read
    the old row before the commit may have stored it meanwhile."""
    get(Client(), PES)
    with django_capture_on_commit_callbacks() as callbacks:
        plan = Plan.objects.get(slug="pes-2024-2027")
        plan.name = "Nombre cambiado aquí"
        plan.save()
        assert "Nombre cambiado aquí" in text(get(Client(), PES)[0])
        assert get(Client(), PES)[1] == 0  # stored again, before the commit
    assert callbacks
    for callback in callbacks:
        callback()
    response, queries = get(Client(), PES)
    assert queries == 1 and "Nombre cambiado aquí" in text(response)


def test_query_strings_the_page_does_not_read_create_no_cache_entry(seeded):
    """A stray query string that made an entry would show as one more entry per request:
    a couple of dozen distinct ones prove it as 300 did (and stay below the local-memory
    cache's MAX_ENTRIES of 300, whose culling could hide a leak)."""
    get(Client(), PES)
    stored = entries()
    for n in range(1, STRAY + 1):
        response, queries = get(Client(), f"{PES}?x={n}")
        assert queries <= 1  # the plan's row, read again when PLAN_TTL has passed
    assert entries() == stored
    # The same page for every such address: the language form returns to the canonical one.
    assert 'name="next" type="hidden" value="/planes/pes-2024-2027/"' in response.content.decode()


STRAY = 24


@pytest.mark.parametrize("corte", ["2026-02-30", "20260331", "2019-12-31", "x"])
def test_a_cutoff_that_is_not_published_is_an_error_stored_nowhere(seeded, corte):
    get(Client(), PES + "?corte=2026-03-31")
    stored = entries()
    response, _queries = get(Client(), f"{PES}?corte={corte}", 400)
    assert "no es una fecha de corte de este plan" in text(response)
    assert "ETag" not in response
    get(Client(), f"{PES}?corte={corte}", 400)
    assert entries() == stored


def test_language_variants_do_not_leak(seeded):
    spanish = Client()
    english = Client()
    english.cookies["django_language"] = "en"
    for _ in range(2):
        es, _queries = get(spanish, PES + "objetivos/4/")
        en, _queries = get(english, PES + "objetivos/4/")
        assert '<html lang="es-co">' in es.content.decode()
        assert "Indicadores del objetivo" in text(es) and "Indicadores del objetivo" not in text(en)
        assert '<html lang="en">' in en.content.decode()
        assert es["ETag"] != en["ETag"]
    get(english, PES + "objetivos/4/", 200, if_none_match=es["ETag"])


def test_a_public_page_holds_no_csrf_token_and_the_language_switch_needs_none(seeded):
    """Nothing of a citizen's page is the visitor's own: no token, no CSRF cookie. Choosing a
    language writes only the language cookie; every other form still needs its token."""
    get(Client(), PES)  # stores the fragment
    visitor = Client(enforce_csrf_checks=True)
    response, _queries = get(visitor, PES)
    assert TOKEN.search(response.content.decode()) is None
    assert "csrftoken" not in response.cookies
    switched = visitor.post("/i18n/setlang/", {"language": "en", "next": PES})
    assert (switched.status_code, switched["Location"]) == (302, PES)
    english, _queries = get(visitor, PES)
    assert '<html lang="en">' in english.content.decode()
    elsewhere = visitor.post(
        "/i18n/setlang/", {"language": "es-co", "next": "https://evil.example/"}
    )
    assert elsewhere["Location"] == "/"
    login = visitor.get("/cuenta/login/")
    assert TOKEN.search(login.content.decode())
    refused = visitor.post("/cuenta/login/", {"username": "x", "password": "y"})
    assert refused.status_code == 403
    director = Client(enforce_csrf_checks=True)
    director.force_login(user_with_role("directora-token", DIRECTOR))
    assert TOKEN.search(director.get(PES).content.decode())  # the sign-out form has one


def test_a_reopened_cutoff_disappears_at_once(seeded):
    plan = make_plan(indicators=4)
    publish(Cutoff.objects.get(plan=plan))
    url = f"/planes/{plan.slug}/"
    assert "al 30/06/2025" in text(Client().get(url))
    reopen_for_correction(Cutoff.objects.get(plan=plan))
    assert "Este plan aún no tiene cortes publicados." in text(Client().get(url))


def test_editing_the_plan_or_its_entity_shows_at_once(seeded):
    visitor = Client()
    first, _queries = get(visitor, PES)
    plan = Plan.objects.select_related("organisation").get(slug="pes-2024-2027")
    plan.name = "Plan sectorial renombrado"
    plan.save(update_fields=["name"])
    assert "Plan sectorial renombrado" in text(get(visitor, PES, if_none_match=first["ETag"])[0])
    plan.organisation.name = "Sector renombrado"
    plan.organisation.save()
    assert "Sector renombrado" in text(Client().get(PES))
    plan.save()  # a save of the instance never writes an older stamp back
    assert "Sector renombrado" in text(Client().get(PES))


def test_signed_in_people_and_visitors_with_messages_get_their_own_page_and_no_etag(seeded):
    get(Client(), PES)
    director = Client()
    director.force_login(user_with_role("directora-cache", DIRECTOR))
    response, queries = get(director, PES)
    assert "directora-cache" in response.content.decode()
    assert "ETag" not in response
    assert queries <= 4  # session and user, then the plan; the fragment comes from the cache
    with_messages = Client()
    with_messages.cookies["messages"] = "anything"
    response, queries = get(with_messages, PES)
    assert "ETag" not in response and queries == 0


def test_the_stored_menu_follows_the_page_the_language_and_the_visitor(seeded):
    """base.html's header and footer are stored per language, page and kind of visitor: a
    director's links never reach a visitor, and the current page is marked on every page."""

    def menu(client, url):
        html = get(client, url)[0].content.decode()
        # the public pages' navigation and, for a signed-in person, the internal pages' one
        nav = html[html.index('<nav class="site-nav"') : html.index('<div class="header-tools">')]
        return nav, re.findall(r'<a href="([^"]+)" aria-current="page"', nav)

    director = Client()
    director.force_login(user_with_role("directora-menu", DIRECTOR))
    for _ in range(2):  # made, then read from the cache
        nav, current = menu(Client(), PES)
        assert "/tablero/" not in nav and current == []
        nav, current = menu(director, PES)
        assert 'href="/tablero/"' in nav
        nav, current = menu(Client(), "/proyectos/")
        assert "/tablero/" not in nav and current == ["/proyectos/"]
        english = Client()
        english.cookies["django_language"] = "en"
        html = get(english, PES)[0].content.decode()
        assert '<html lang="en">' in html and '<option value="en" lang="en" selected>' in html
    assert 'href="/tablero/"' not in get(Client(), PES)[0].content.decode()


def test_the_stored_head_names_the_page_s_own_address(seeded):
    """The head fragment is shared by every query string the page ignores: its og:url is the
    page's canonical address (with ``?corte=`` only when the visitor chose a cutoff)."""
    for url in (PES + "?x=1", PES + "?x=2"):
        html = get(Client(), url)[0].content.decode()
        assert '<meta property="og:url" content="http://testserver/planes/pes-2024-2027/">' in html
    html = get(Client(), PES + "?corte=2026-03-31&x=3")[0].content.decode()
    assert 'content="http://testserver/planes/pes-2024-2027/?corte=2026-03-31">' in html


def test_a_missing_page_is_stored_nowhere(seeded):
    get(Client(), PES)  # the plan's row is kept (PLAN_TTL); the missing page adds nothing
    stored = entries()
    for _ in range(2):
        response, _queries = get(Client(), PES + "objetivos/9/", 404)
        assert "ETag" not in response and "Last-Modified" not in response
    assert entries() == stored


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
