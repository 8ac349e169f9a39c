"""The multi-cutoff loader equals one load per cutoff, in a constant number of queries."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.history import load_plan_history
from indicators.loading import load_plan_at_cutoff
from plan.models import Cutoff
from tests.factories import add_cutoffs, make_plan, reopen_for_correction


def comparable(data):
    return (
        data.cutoff.date,
        data.result.compliance,
        {k: (v.compliance, v.terms) for k, v in data.result.objectives.items()},
        dict(data.result.indicators),
    )


@pytest.mark.django_db
def test_history_equals_loading_each_cutoff(seeded):
    plan = make_plan(indicators=30)
    add_cutoffs(plan, [datetime.date(2025, 9, 30), datetime.date(2025, 12, 31)])
    history = load_plan_history(plan)
    assert [d.cutoff.date for d in history.cutoffs] == [
        datetime.date(2025, 6, 30),
        datetime.date(2025, 9, 30),
        datetime.date(2025, 12, 31),
    ]
    for loaded in history.cutoffs:
        cutoff = Cutoff.objects.select_related("plan").get(pk=loaded.cutoff.pk)
        assert comparable(loaded) == comparable(load_plan_at_cutoff(cutoff))


@pytest.mark.django_db
def test_history_of_the_seed_pes_gives_the_published_figures(seeded):
    history = load_plan_history(seeded["pes-2024-2027"])
    (march,) = history.cutoffs
    compliance = {o.number: march.result.objectives[o.id].compliance for o in march.objectives}
    assert compliance[1] is None
    assert round(compliance[4], 2) == D("183.33")
    assert history.annual  # every year's programming is there for the indicator pages


@pytest.mark.django_db
@pytest.mark.parametrize(("indicators", "extra"), [(10, 0), (200, 3)])
def test_history_takes_nine_queries_whatever_the_size_and_the_cutoffs(indicators, extra):
    plan = make_plan(indicators=indicators)
    add_cutoffs(plan, [datetime.date(2025, 7 + k, 28) for k in range(extra)])
    # cutoffs, objectives, indicators, their goals (+project, process), their units, links,
    # annual programming, programming at the cutoffs, measurements
    with CaptureQueriesContext(connection) as ctx:
        history = load_plan_history(plan)
    assert len(ctx.captured_queries) == 9
    assert len(history.cutoffs) == 1 + extra


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_unapproved_measurements_count_in_neither_loader(seeded, status):
    from indicators.models import Measurement

    reopen_for_correction(Cutoff.objects.get(plan=seeded["pes-2024-2027"]))
    cutoff = Cutoff.objects.select_related("plan").get(plan=seeded["pes-2024-2027"])
    Measurement.objects.filter(cutoff=cutoff, indicator__code="4075").update(status=status)
    single = load_plan_at_cutoff(cutoff)
    (history,) = [h for h in load_plan_history(cutoff.plan).cutoffs if h.cutoff.id == cutoff.id]
    assert comparable(single) == comparable(history)
    objective_4 = next(o for o in single.objectives if o.number == 4)
    # 4075 is programmed but its report is not approved: it counts as not reported (0 %).
    assert single.result.objectives[objective_4.id].compliance == D(50)


def test_loading_without_related_reads_only_the_measurement_table(seeded):
    """``related=()`` (the reporting screens) reads measurements alone: ``select_related()``
    with no names would join every foreign key (indicator, cutoff, users) into each row, and
    the model's ordering by cutoff and indicator would join them again to sort a dict."""
    from indicators.loading import load_inputs

    cutoff = Cutoff.objects.filter(plan__slug__isnull=False).order_by("-date").first()
    with CaptureQueriesContext(connection) as bare:
        inputs = load_inputs([cutoff], counted_only=False, related=())
    with CaptureQueriesContext(connection) as joined:
        load_inputs([cutoff], counted_only=False)
    measurement_sql = [q["sql"] for q in bare.captured_queries if "measurement" in q["sql"]][-1]
    assert inputs.measurements
    assert " JOIN " not in measurement_sql.upper()
    assert " JOIN " in [q["sql"] for q in joined.captured_queries][-1].upper()
