"""What citizens may see: the published cutoffs of a plan, read from their snapshots.

Each function runs a fixed number of queries whatever the size of the plan. Only cutoffs whose
status is "published" and that have a snapshot appear.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q, Window
from django.db.models.functions import DenseRank, RowNumber

from plan.choices import CutoffStatus
from plan.models import ObjectiveFigure, Plan, Snapshot
from publication.snapshots import (
    Correction,
    ObjectiveCell,
    PlanFigures,
    PublishedCutoff,
    read_cutoff,
)


@dataclass(frozen=True)
class CutoffVersions:
    """A published cutoff and the metadata (no payload) of its snapshot versions."""

    date: datetime.date
    versions: tuple[Snapshot, ...]  # ordered by version

    @property
    def first(self) -> Snapshot:
        return self.versions[0]

    @property
    def latest(self) -> Snapshot:
        return self.versions[-1]

    @property
    def corrections(self) -> tuple[Correction, ...]:
        return tuple(Correction(s.version, s.published_at, s.reason) for s in self.versions[1:])


def _published(plan: Plan):
    return Snapshot.objects.filter(cutoff__plan=plan, cutoff__status=CutoffStatus.PUBLISHED)


def _group(snapshots) -> list[CutoffVersions]:
    """Newest cutoff first."""
    grouped: dict[datetime.date, list[Snapshot]] = defaultdict(list)
    for snapshot in snapshots:
        grouped[snapshot.cutoff.date].append(snapshot)
    return [
        CutoffVersions(date, tuple(sorted(versions, key=lambda s: s.version)))
        for date, versions in sorted(grouped.items(), reverse=True)
    ]


@dataclass(frozen=True)
class PublishedPlan:
    cutoffs: list[CutoffVersions]  # newest first
    selected: PublishedCutoff | None


def load_published(plan: Plan, date: datetime.date | None = None) -> PublishedPlan:
    """The published cutoffs of a plan and the figures of one of them (the latest when
    ``date`` is None or not a published cutoff). Two queries: versions without payload, then
    the payloads of the selected cutoff's first and latest versions."""
    cutoffs = _group(
        _published(plan)
        .select_related("cutoff")
        .defer("payload")
        .order_by("cutoff__date", "version")
    )
    if not cutoffs:
        return PublishedPlan([], None)
    chosen = next((c for c in cutoffs if c.date == date), cutoffs[0])
    payloads = {
        s.pk: s for s in Snapshot.objects.filter(pk__in={chosen.first.pk, chosen.latest.pk})
    }
    selected = read_cutoff(
        chosen.date,
        payloads[chosen.latest.pk],
        payloads[chosen.first.pk],
        chosen.corrections,
    )
    return PublishedPlan(cutoffs, selected)


def published_trend(cutoffs: list[CutoffVersions], upto: datetime.date):
    """Scorecard figures of each published cutoff up to ``upto`` (oldest first), read from the
    stored figures of their latest versions (plan.models.ObjectiveFigure), never from the
    payloads. One query."""
    from plan.scorecard import CutoffFigures, Figure

    chosen = sorted((c for c in cutoffs if c.date <= upto), key=lambda c: c.date)
    by_snapshot: dict[int, dict[int, Figure]] = defaultdict(dict)
    for snapshot_id, number, title, compliance, colour in ObjectiveFigure.objects.filter(
        snapshot_id__in=[c.latest.pk for c in chosen]
    ).values_list("snapshot_id", "number", "short_title", "compliance", "colour"):
        by_snapshot[snapshot_id][number] = Figure(compliance, colour, title)
    return [
        CutoffFigures(
            c.date,
            Figure(c.latest.plan_compliance, c.latest.plan_colour),
            by_snapshot[c.latest.pk],
        )
        for c in chosen
    ]


def load_published_history(plan: Plan) -> list[PublishedCutoff]:
    """Every published cutoff of a plan with its figures, newest first. One query."""
    grouped = _group(_published(plan).select_related("cutoff").order_by("cutoff__date", "version"))
    return [read_cutoff(c.date, c.latest, c.first, c.corrections) for c in grouped]


def _newest(**where):
    """Snapshots of published cutoffs matching ``where``: the latest version of the newest
    cutoff of each plan. A window over them keeps one row per plan (a correlated subquery per
    snapshot grew with the square of the number of plans)."""
    return (
        Snapshot.objects.filter(cutoff__status=CutoffStatus.PUBLISHED, **where)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("cutoff__plan_id"),
                order_by=[F("cutoff__date").desc(), F("version").desc()],
            )
        )
        .filter(rank=1)
        .order_by("cutoff__plan_id")
    )


def _newest_of_each_plan(plans):
    """Latest version of the newest published cutoff of each plan."""
    return _newest(cutoff__plan__in=plans)


def latest_figures(plan_ids) -> dict[int, dict]:
    """Plan id -> the date (``cutoff__date``), compliance (``plan_compliance``) and colour
    (``plan_colour``) of the latest version of its newest published cutoff: columns of the
    snapshot, read as values (no payload, no model). One query."""
    rows = _newest_of_each_plan(plan_ids).values(
        "cutoff__plan_id", "cutoff__date", "plan_compliance", "plan_colour"
    )
    return {row["cutoff__plan_id"]: row for row in rows}


def latest_payloads(plans) -> dict[int, PublishedCutoff]:
    """Plan id -> figures of its newest published cutoff. One query."""
    snapshots = _newest_of_each_plan(plans).select_related("cutoff")
    return {s.cutoff.plan_id: read_cutoff(s.cutoff.date, s) for s in snapshots}


# --- Every plan as of a date (district overview and district open data) ------------------


def newest_as_of(date: datetime.date):
    """For each plan, the latest version of its newest published cutoff dated on or before
    ``date``: a queryset of snapshots (payload deferred, cutoff selected)."""
    return _newest(cutoff__date__lte=date).select_related("cutoff").defer("payload")


def first_and_latest_as_of(date: datetime.date):
    """For each plan's newest published cutoff dated on or before ``date``: its first version
    (the figures published initially) and its latest one (the current figures), with the plan
    and its entity, in entity and plan order, payload deferred (the window sorts only the
    snapshots' metadata; a reader fetches the payloads it needs a few at a time). One query,
    fit to read through a cursor."""
    return (
        Snapshot.objects.filter(cutoff__status=CutoffStatus.PUBLISHED, cutoff__date__lte=date)
        .annotate(
            newest_cutoff=Window(
                DenseRank(),
                partition_by=F("cutoff__plan_id"),
                order_by=F("cutoff__date").desc(),
            ),
            newest_version=Window(
                RowNumber(), partition_by=F("cutoff_id"), order_by=F("version").desc()
            ),
        )
        .filter(newest_cutoff=1)
        .filter(Q(version=1) | Q(newest_version=1))
        .select_related("cutoff__plan__organisation")
        .defer("payload")
        .order_by("cutoff__plan__organisation__name", "cutoff__plan__slug", "version")
    )


def objective_cells(snapshot_ids) -> dict[int, tuple[ObjectiveCell, ...]]:
    """Snapshot id -> its objectives' stored figures, in number order. One query."""
    cells: dict[int, list[ObjectiveCell]] = defaultdict(list)
    for snapshot_id, number, title, compliance, colour in (
        ObjectiveFigure.objects.filter(snapshot_id__in=list(snapshot_ids))
        .order_by("snapshot_id", "number")
        .values_list("snapshot_id", "number", "short_title", "compliance", "colour")
    ):
        cells[snapshot_id].append(ObjectiveCell(number, title, compliance, colour))
    return {k: tuple(v) for k, v in cells.items()}


def district_figures(date: datetime.date, plans=None) -> list[PlanFigures]:
    """Every plan (of ``plans``, a queryset: a user's scope) with the figures of its newest
    publication as of ``date``, read from the stored figures (never from the payloads). Three
    queries whatever the number of plans: plans with their entity; the chosen snapshots;
    their objective figures."""
    plans = (Plan.objects.all() if plans is None else plans).order_by("pk")
    plans = plans.values_list("pk", "slug", "name", "organisation__name")
    snapshots = {
        s.pk: (s.cutoff.plan_id, s.cutoff.date, s.version, s.plan_compliance, s.plan_colour)
        for s in newest_as_of(date)
    }
    cells = objective_cells(snapshots)
    by_plan = {meta[0]: (pk, meta) for pk, meta in snapshots.items()}
    figures = []
    for plan_id, slug, name, organisation in plans:
        base = {"plan_id": plan_id, "slug": slug, "name": name, "organisation": organisation}
        if plan_id not in by_plan:
            figures.append(PlanFigures(**base))
            continue
        pk, (_plan, cutoff_date, version, compliance, colour) = by_plan[plan_id]
        figures.append(
            PlanFigures(
                **base,
                date=cutoff_date,
                version=version,
                compliance=compliance,
                colour=colour,
                objectives=cells.get(pk, ()),
            )
        )
    return figures
