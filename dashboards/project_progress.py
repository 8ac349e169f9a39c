"""The live progress of the directors' project page: each indicator of the project's goals at
the newest cutoff of its plan, open or not.

Three queries whatever the data: the plans' cutoffs, then the programming at the newest
ones and their approved measurements for the page's indicators. Those two run even when the
plans have no cutoff yet (``indicators.loading.load_inputs`` would skip them), so the count
does not depend on the data (issue 15: it is pinned for two projects).
"""

from __future__ import annotations

from indicators.compliance import indicator_result
from indicators.loading import Inputs
from indicators.models import CutoffProgramming, Measurement
from plan.fields import CUTOFF_FIGURES, PROGRESS, same_named
from plan.models import Cutoff
from public.projects import Progress

NO_CUTOFF = 0  # no cutoff has it: the queries run (and find nothing) when there is none


def page_indicators(rows) -> dict:
    """Id -> indicator of every goal of ``public.projects.project_detail`` (prefetched)."""
    return {i.id: i for p in rows for g in p.goal_list for i in g.indicator_list}


def live_progress(rows) -> dict[int, Progress]:
    """Indicator id -> its progress at its plan's newest cutoff, for the indicators of the
    page's projects that have a figure there."""
    indicators = page_indicators(rows)
    ids = list(indicators)
    newest = {}
    plan_ids = {i.plan_id for i in indicators.values()}
    for cutoff in Cutoff.objects.filter(plan__in=plan_ids).order_by("date"):
        newest[cutoff.plan_id] = cutoff  # the last one by date: the newest
    cutoff_ids = [c.id for c in newest.values()] or [NO_CUTOFF]
    at_newest = {"indicator_id__in": ids, "cutoff_id__in": cutoff_ids}
    programming = CutoffProgramming.objects.filter(**at_newest).order_by()
    measurements = Measurement.objects.counted().filter(**at_newest).order_by()
    inputs = Inputs(
        annual={  # prefetched by project_detail
            (i.id, p.year): p.programmed for i in indicators.values() for p in i.programming
        },
        at_cutoff={
            (i, c): p
            for i, c, p in programming.values_list("indicator_id", "cutoff_id", "programmed")
        },
        measurements={(m.indicator_id, m.cutoff_id): m for m in measurements},
    )
    progress = {}
    for indicator in indicators.values():
        cutoff = newest.get(indicator.plan_id)
        if cutoff is None:
            continue
        figures = inputs.figures(indicator, cutoff)
        if figures.executed is None:
            continue
        result = indicator_result(figures)
        progress[indicator.id] = Progress(
            date=cutoff.date,
            **same_named(figures, CUTOFF_FIGURES),
            **same_named(result, PROGRESS),
        )
    return progress
