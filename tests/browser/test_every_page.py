"""Every page of the site (enumerated from the URLconf), as each role sees it, fits a 375 px
phone and a 1280 px screen without horizontal scrolling, shows the title of every table that
scrolls sideways whole, repeats no heading, and has no serious or critical axe-core
violation."""

import os
import pprint

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from accountability.models import Commitment, CommitmentFollowUp, Question
from accountability.tests.factories import make_strategy
from conftest import axe_violations
from dashboards.tests.helpers import ROLES, add_pes_june_cutoff, user_with_role
from indicators.models import Indicator, Measurement
from plan.models import Organisation, Plan, Unit
from risks.models import FollowUp, RiskCutoff
from risks.tests.factories import make_register

from .accounts import session_cookie
from .pages import NOT_PAGES, Seeds, every_page, url_names

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
# EVERY_PAGE_ONLY=/datos-abiertos/ checks only the paths that start with it (a quick run while
# working on some pages); without it, every page.
ONLY = os.environ.get("EVERY_PAGE_ONLY", "")
# Every chart drawn: ours mark themselves rendered; any plotly chart has its SVG.
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-figure]')].every(
    e => e.dataset.rendered === 'true' || e.querySelector('.main-svg'))"""
# The title of a table that scrolls sideways (its caption, a row group's heading) is read
# whole without scrolling: each one that sticks out of its scrolling region, by its text.
TITLES_CUT = """() => [...document.querySelectorAll(
    '[role=region] caption, [role=region] .group-label')].filter(e => {
      const text = document.createRange();
      text.selectNodeContents(e);
      const box = text.getBoundingClientRect(), region = e.closest('[role=region]');
      const edge = region.getBoundingClientRect();
      return box.width > 0 && (box.left < edge.left - 1 || box.right > edge.right + 1);
    }).map(e => e.textContent.trim().slice(0, 60))"""
# A heading on screen that says again what the one just before it said (a sector, then its
# own organisation of the same name); a heading for screen readers only is not seen.
HEADINGS_REPEATED = """() => {
    const all = [...document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6)')].filter(
      e => e.getBoundingClientRect().width > 1);
    const text = e => e.textContent.trim();
    return all.filter((e, i) => i > 0 && text(e) === text(all[i - 1])).map(text); }"""
# The document as the checks above read it: the markup without what no check and no layout
# reads (hidden inputs' values, the og: meta tags' content). Two addresses that give the same
# markup (the sign-in page for every internal address an anonymous visitor asks for differs
# only in its «next») give the same measurements, so the second is not measured again.
MARKUP = """() => {
    const copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll('input[type=hidden]').forEach(e => e.removeAttribute('value'));
    copy.querySelectorAll('meta[property]').forEach(e => e.removeAttribute('content'));
    return copy.outerHTML; }"""


def _seeds() -> Seeds:
    add_pes_june_cutoff()  # an open cutoff: the reporting pages as they are while reporting
    plans = []
    for plan in Plan.objects.filter(slug__in=("pes-2024-2027", "pei-2020-2024", "pai-2024")):
        objective = plan.objectives.order_by("number").first()
        indicator = plan.indicators.order_by("code").first()
        cutoff = plan.cutoffs.order_by("-date").first()
        plans.append((plan.slug, objective.number, indicator.id, cutoff.id if cutoff else None))
    _organisation, _units, risks = make_register(3)
    make_strategy(2, year=2001)
    make_strategy(2, year=2023)  # a second organisation that year: the list of its reports
    measurement = Measurement.objects.filter(indicator__plan__slug="pes-2024-2027").first()
    return Seeds(
        plans=tuple(sorted(plans)),
        event_slug="audiencia-publica-2023-04-20",
        accountability_year=2023,
        measurement_id=measurement.id,
        risk_id=risks[0].id,
        risk_cutoff_id=RiskCutoff.objects.filter(organisation=risks[0].organisation).first().id,
        risk_follow_up_id=FollowUp.objects.first().id,
        question_id=Question.objects.first().id,
        commitment_id=Commitment.objects.first().id,
        commitment_follow_up_id=CommitmentFollowUp.objects.first().id,
    )


def _signed_in_context(browser, live_server, role):
    context = browser.new_context(
        locale="es-CO", base_url=live_server.url, viewport={"width": 375, "height": 740}
    )
    if role != "anonymous":
        user = user_with_role(f"user-{role}", ROLES[role])
        if role == "reporter":
            unit = Unit.objects.create(
                organisation=Organisation.objects.get(code="SGP"), code="UR", name="Dependencia"
            )
            unit.members.add(user)
            Indicator.objects.filter(plan__slug="pes-2024-2027", code="4200").update(
                responsible_unit=unit
            )
        context.add_cookies([session_cookie(user, live_server.url)])
    return context


def _measure(page) -> dict:
    """Width problems, cut titles and axe violations of the page at both widths, and headings
    that repeat the one before."""
    problems = {}
    repeated = page.evaluate(HEADINGS_REPEATED)
    if repeated:
        problems["headings repeated"] = repeated
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            problems[f"width@{width}"] = scroll
        cut = page.evaluate(TITLES_CUT)
        if cut:
            problems[f"titles cut@{width}"] = cut
        violations = axe_violations(page)
        if violations:
            problems[f"axe@{width}"] = [
                (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
            ]
    return problems


def test_every_url_name_is_a_page_or_declared_not_one():
    assert NOT_PAGES <= url_names()


@pytest.mark.parametrize("role", ["anonymous", "planning", "director", "reporter"])
def test_every_page_fits_the_screen_and_passes_axe(browser, live_server, live_seeded, role):
    paths = [path for path in every_page(_seeds()) if path.startswith(ONLY)]
    context = _signed_in_context(browser, live_server, role)
    page = context.new_page()
    page.set_default_timeout(20_000)
    seen, failures, checked, measured = set(), {}, 0, {}
    try:
        for path in paths:
            try:
                response = page.goto(path)
            except PlaywrightError:  # a GET the view refuses with an empty body (405)
                continue
            final = page.url.removeprefix(live_server.url)
            if final in seen or response is None or response.status != 200:
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            seen.add(final)
            try:
                page.wait_for_function(CHARTS_DRAWN, timeout=10_000)
            except PlaywrightTimeout:
                failures[final] = {"charts": "not drawn"}
                continue
            checked += 1
            markup = page.evaluate(MARKUP)
            if markup not in measured:
                measured[markup] = _measure(page)
            problems = measured[markup]
            if problems:
                failures[final] = problems
    finally:
        context.close()
    assert failures == {}, pprint.pformat(failures, width=100)
    # Anonymous visitors see the public pages; signed-in roles also see the internal ones.
    assert checked >= (1 if ONLY else 15 if role == "anonymous" else 40), sorted(seen)


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/planes/?q=%00", 400, "Solicitud no válida"),  # a control character in the address
        ("/no-existe/", 404, "No encontramos esta página"),
    ],
)
def test_the_error_pages_fit_the_screen_in_spanish(page, path, status, heading):
    """The walk above reads only the pages that answer 200."""
    assert page.goto(path).status == status
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.get_by_role("link", name="Volver al inicio").get_attribute("href") == "/"
    assert _measure(page) == {}
