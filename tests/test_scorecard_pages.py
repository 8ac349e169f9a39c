"""The scorecard on the public plan page and the director dashboard with 1, 2 and 8 cutoffs."""

import datetime
import re

import pytest

from dashboards.tests.helpers import ROLES, user_with_role
from plan.formatting import format_number
from plan.models import Cutoff
from publication.published import load_published_history
from publication.publishing import publish
from tests.factories import add_cutoffs, make_plan
from tests.text import page_text as text


def line(html, key):
    """The HTML of one scorecard line (``plan`` or an objective number)."""
    pattern = rf'<li class="score-line[^"]*" data-testid="score-{key}">(.*?)</li>'
    match = re.search(pattern, html, re.S)
    assert match, key
    return match.group(1)


def spark_points(fragment):
    return sum(len(p.split()) for p in re.findall(r'<polyline points="([^"]+)"', fragment))


def later(count: int) -> list[datetime.date]:
    """Cutoffs after make_plan's 30/06/2025, three weeks apart, in the same year."""
    return [datetime.date(2025, 7, 1) + datetime.timedelta(weeks=3 * k) for k in range(count)]


def plan_with_cutoffs(published: int):
    plan = make_plan(indicators=8)
    add_cutoffs(plan, later(published - 1))
    for cutoff in Cutoff.objects.filter(plan=plan).order_by("date"):
        publish(cutoff)
    return plan


def points(history, number=None):
    def value(cutoff):
        if number is None:
            return cutoff.plan_compliance
        return cutoff.objective(number).compliance

    return abs(value(history[0]) - value(history[1]))


@pytest.mark.django_db
@pytest.mark.parametrize("published", [1, 2, 8])
def test_the_public_scorecard_compares_published_cutoffs_only(client, published):
    plan = plan_with_cutoffs(published)
    # An open cutoff after the last publication never shows to citizens.
    add_cutoffs(plan, [datetime.date(2026, 6, 30)])
    html = client.get(f"/planes/{plan.slug}/").content.decode()
    history = load_published_history(plan)  # newest first
    headline = line(html, "plan")
    assert spark_points(headline) == (published if published > 1 else 0)
    if published == 1:
        assert 'data-testid="change"' not in html
        assert "Es el primer corte: aún no hay cambio ni tendencia." in text(html)
    else:
        shown = format_number(points(history), 2)
        assert f"{shown} puntos" in text(headline)
        assert f"frente al corte del {history[1].date:%d/%m/%Y}" in text(html)
        assert f"{format_number(points(history, 2), 2)} puntos" in text(line(html, 2))
    assert "30/06/2026" not in text(html)


@pytest.mark.django_db
@pytest.mark.parametrize("cutoffs", [1, 2, 8])
def test_the_director_scorecard_compares_with_the_previous_cutoff_open_or_not(client, cutoffs):
    plan = make_plan(indicators=8)
    add_cutoffs(plan, later(cutoffs - 1))
    client.force_login(user_with_role("directora-sc", ROLES["director"]))
    html = client.get(f"/tablero/{plan.slug}/").content.decode()
    page = text(html)
    assert spark_points(line(html, "plan")) == (cutoffs if cutoffs > 1 else 0)
    if cutoffs == 1:
        assert "El plan tiene un solo corte" in page  # a sentence, not a one-point chart
        assert 'data-figure="trend-chart"' not in html
        assert "Sin proyección: hace falta al menos dos cortes de 2025" in page
    else:
        assert 'data-figure="trend-chart"' in html
        assert "«Proyección 2025»" in page
        assert 'data-testid="change"' in line(html, "plan")
