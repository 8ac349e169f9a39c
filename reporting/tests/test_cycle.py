"""The planning office's cycle on pages: cutoff calendar, programming grid, review at scale."""

import datetime
from decimal import Decimal

import pytest

from indicators.models import AnnualProgramming, CutoffProgramming, Indicator, Measurement
from plan.models import Cutoff
from plan.roles import PLANNING
from reporting import cycle
from reporting.tests.conftest import login, make_user
from reporting.workflow import TransitionError
from tests.factories import make_plan
from tests.queries import count

D = datetime.date


@pytest.fixture
def pai(people):
    return people.pes.__class__.objects.get(slug="pai-2024")


def test_the_pai_without_cutoffs_offers_the_planning_office_its_first_cutoff(client, people, pai):
    page = login(client, people.planner).get(f"/tablero/{pai.slug}/").content.decode()
    assert "Este plan aún no tiene cortes." in page
    assert f"/reporte/planes/{pai.slug}/calendario/" in page
    assert 'name="corte"' not in page  # no empty date selector
    page = login(client, people.director).get(f"/tablero/{pai.slug}/").content.decode()
    assert "/calendario/" not in page and "La Oficina Asesora de Planeación los crea" in page


def test_a_year_of_cutoffs_in_one_action_with_colombian_deadlines_and_default_programming(
    client, people, pai
):
    login(client, people.planner)
    url = f"/reporte/planes/{pai.slug}/calendario/"
    response = client.post(
        url,
        {
            "form": "year",
            "year-year": "2024",
            "year-periodicity": "quarterly",
            "year-working_days": "10",
        },
    )
    assert response.status_code == 302
    cutoffs = list(Cutoff.objects.filter(plan=pai).order_by("date"))
    assert [c.date for c in cutoffs] == [
        D(2024, 3, 31),
        D(2024, 6, 30),
        D(2024, 9, 30),
        D(2024, 12, 31),
    ]
    # 01/07/2024 (San Pedro y San Pablo, moved to Monday) is a holiday.
    assert cutoffs[1].deadline == D(2024, 7, 15)
    assert cutoffs[0].deadline == D(2024, 4, 12)
    assert all(c.status == "open" for c in cutoffs)
    # A quarterly «suma» indicator is programmed a quarter of its year at 31/03; a yearly
    # «constante» one is not programmed before 31/12.
    suma = Indicator.objects.filter(plan=pai, annualization="suma", periodicity="quarterly").first()
    yearly = AnnualProgramming.objects.get(indicator=suma, year=2024).programmed
    first = CutoffProgramming.objects.get(indicator=suma, cutoff=cutoffs[0]).programmed
    assert first == (yearly / 4).quantize(Decimal("0.0001"))
    annual = Indicator.objects.filter(plan=pai, periodicity="yearly").first()
    assert not CutoffProgramming.objects.filter(indicator=annual, cutoff=cutoffs[0]).exists()
    assert CutoffProgramming.objects.filter(indicator=annual, cutoff=cutoffs[3]).exists()
    # The page lists them; asking again creates nothing and says which existed.
    response = client.post(
        url, {"form": "one", "one-date": "30/06/2024", "one-working_days": "5"}, follow=True
    )
    assert "Ya existían: 30/06/2024." in response.content.decode()
    assert Cutoff.objects.filter(plan=pai).count() == 4


def test_one_cutoff_at_a_time_and_bad_dates_get_a_spanish_message(client, people, pai):
    login(client, people.planner)
    url = f"/reporte/planes/{pai.slug}/calendario/"
    response = client.post(url, {"form": "one", "one-date": "31/02/2024", "one-working_days": "10"})
    assert response.status_code == 400
    assert "La fecha «31/02/2024» no existe." in response.content.decode()
    response = client.post(url, {"form": "one", "one-date": "31/03/2031", "one-working_days": "10"})
    assert response.status_code == 400 and "fuera de su vigencia" in response.content.decode()
    response = client.post(url, {"form": "one", "one-date": "2024-05-31", "one-working_days": "3"})
    assert response.status_code == 302
    # Friday 31/05/2024 + 3 working days: Monday 03/06 is Corpus Christi (moved), so 06/06.
    assert Cutoff.objects.get(plan=pai).deadline == D(2024, 6, 6)


def test_only_the_planning_office_opens_cutoffs(client, people, pai):
    for user in (people.director, people.reporter_a):
        login(client, user)
        assert client.get(f"/reporte/planes/{pai.slug}/calendario/").status_code == 403
    with pytest.raises(TransitionError):
        cycle.create_cutoffs(pai, [D(2024, 3, 31)], people.director)
    assert client.logout() is None
    assert client.get(f"/reporte/planes/{pai.slug}/calendario/").status_code == 302


def test_programming_grid_saves_all_or_nothing(client, people, pai):
    cutoff = cycle.create_cutoffs(pai, [D(2024, 3, 31)], people.planner).created[0]
    login(client, people.planner)
    url = f"/reporte/cortes/{cutoff.id}/programacion/"
    page = client.get(url).content.decode()
    indicators = list(Indicator.objects.filter(plan=pai).order_by("id")[:2])
    assert f'name="p-{indicators[0].id}"' in page
    bad = client.post(url, {f"p-{indicators[0].id}": "12,5", f"p-{indicators[1].id}": "1.5"})
    assert bad.status_code == 400
    assert (
        CutoffProgramming.objects.filter(
            cutoff=cutoff, indicator=indicators[0], programmed=Decimal("12.5")
        ).count()
        == 0
    )
    good = client.post(url, {f"p-{indicators[0].id}": "12,5", f"p-{indicators[1].id}": ""})
    assert good.status_code == 302
    assert CutoffProgramming.objects.get(
        cutoff=cutoff, indicator=indicators[0]
    ).programmed == Decimal("12.5")
    assert not CutoffProgramming.objects.filter(cutoff=cutoff, indicator=indicators[1]).exists()
    record = CutoffProgramming.history.filter(indicator=indicators[0], cutoff=cutoff).latest(
        "history_date"
    )
    assert record.history_user == people.planner


def _submit_all(cutoff, user):
    rows = Measurement.objects.filter(cutoff=cutoff)
    rows.update(status="submitted", submitted_by=user)
    return list(rows.order_by("id").values_list("id", flat=True))


def test_bulk_approval_leaves_out_the_reviewers_own_submissions(client, people, open_cutoff):
    other = make_user("planeacion2", PLANNING)
    ids = _submit_all(open_cutoff, people.planner)
    mine = Measurement.objects.get(cutoff=open_cutoff, indicator=people.i4200)
    mine.submitted_by = other
    mine.save()
    login(client, other)
    url = f"/reporte/cortes/{open_cutoff.id}/revision/"
    response = client.post(url, {"action": "approve", "ids": ids}, follow=True)
    page = response.content.decode()
    assert f"{len(ids) - 1} reportes aprobados." in page
    assert "que usted mismo envió" in page and "4200" in page
    assert Measurement.objects.get(pk=mine.pk).status == "submitted"
    approved = Measurement.objects.filter(cutoff=open_cutoff, status="approved")
    assert approved.count() == len(ids) - 1
    assert set(approved.values_list("reviewed_by", flat=True)) == {other.id}


def test_bulk_approval_of_own_submissions_when_four_eyes_is_off(
    client, people, open_cutoff, settings
):
    settings.FOUR_EYES = False
    ids = _submit_all(open_cutoff, people.planner)
    login(client, people.planner)
    client.post(f"/reporte/cortes/{open_cutoff.id}/revision/", {"action": "approve", "ids": ids})
    assert Measurement.objects.filter(cutoff=open_cutoff, status="approved").count() == len(ids)


def test_bulk_return_by_unit_needs_a_comment(client, people, open_cutoff):
    _submit_all(open_cutoff, people.reporter_a)
    login(client, people.planner)
    url = f"/reporte/cortes/{open_cutoff.id}/revision/?dependencia={people.unit_a.id}"
    page = client.get(url).content.decode()
    target = Measurement.objects.get(cutoff=open_cutoff, indicator=people.i4200)
    other = Measurement.objects.get(cutoff=open_cutoff, indicator=people.i4075)
    assert f'value="{target.id}"' in page and f'value="{other.id}"' not in page
    response = client.post(url, {"action": "return", "ids": [target.id]})
    assert response.status_code == 400 and "Escriba el comentario" in response.content.decode()
    client.post(url, {"action": "return", "ids": [target.id], "comment": "Falta el soporte."})
    target.refresh_from_db()
    assert target.status == "returned" and target.review_comment == "Falta el soporte."
    # A report outside the filter cannot be slipped into the form.
    response = client.post(url, {"action": "approve", "ids": [other.id]})
    assert response.status_code == 400
    assert Measurement.objects.get(pk=other.pk).status == "submitted"


def test_review_at_scale_is_all_or_nothing(people, open_cutoff, monkeypatch):
    ids = _submit_all(open_cutoff, people.reporter_a)
    calls = []
    real = cycle.services.review_measurement

    def failing(m, user, action, comment=""):
        calls.append(m.id)
        if len(calls) == 3:
            raise TransitionError("falla simulada")
        return real(m, user, action, comment)

    monkeypatch.setattr(cycle.services, "review_measurement", failing)
    with pytest.raises(TransitionError):
        cycle.review_many(open_cutoff, people.planner, ids, "approve")
    assert not Measurement.objects.filter(cutoff=open_cutoff, status="approved").exists()


@pytest.fixture
def oap(db):
    return make_user("oap-cycle", PLANNING)


@pytest.mark.parametrize("size", [10, 200])
def test_cycle_pages_cost_a_fixed_number_ofcount(client, oap, size):
    plan = make_plan(indicators=size, status="open")
    cutoff = Cutoff.objects.get(plan=plan)
    Measurement.objects.filter(cutoff=cutoff).update(status="submitted", submitted_by=oap)
    client.force_login(oap)
    counts = [
        count(client, f"/reporte/planes/{plan.slug}/calendario/"),
        count(client, f"/reporte/cortes/{cutoff.id}/programacion/"),
        count(client, f"/reporte/cortes/{cutoff.id}/revision/"),
    ]
    # Every page: session, user, groups, role assignments (the scope).
    # Calendar: + plan, periodicities, cutoffs.
    # Programming: + cutoff, indicators, annual programming, stored programming.
    # Review: + cutoff, measurements with indicator, unit and submitter, units.
    assert counts == [7, 8, 7]
