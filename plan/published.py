"""What citizens may see: the published cutoffs of a plan, read from their snapshots.

Each function runs a fixed number of queries whatever the size of the plan. Only cutoffs whose
status is "published" and that have a snapshot appear.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KT

from plan.choices import CutoffStatus
from plan.models import Plan, Snapshot
from plan.snapshots import Correction, PublishedCutoff, read_cutoff


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


def load_published_history(plan: Plan) -> list[PublishedCutoff]:
    """Every published cutoff of a plan with its figures, newest first. One query."""
    grouped = _group(_published(plan).select_related("cutoff").order_by("cutoff__date", "version"))
    return [read_cutoff(c.date, c.latest, c.first, c.corrections) for c in grouped]


def _newest_of_each_plan(plans):
    """Latest version of the newest published cutoff of each plan."""
    newest = (
        Snapshot.objects.filter(
            cutoff__plan=OuterRef("cutoff__plan"), cutoff__status=CutoffStatus.PUBLISHED
        )
        .order_by("-cutoff__date", "-version")
        .values("pk")[:1]
    )
    return Snapshot.objects.filter(cutoff__plan__in=plans, pk=Subquery(newest))


def latest_snapshots(plans) -> dict[int, Snapshot]:
    """Plan id -> latest version of its newest published cutoff (payload deferred, its plan
    colour annotated as ``plan_colour``). One query."""
    snapshots = (
        _newest_of_each_plan(plans)
        .select_related("cutoff")
        .defer("payload")
        .annotate(plan_colour=KT("payload__plan_colour"))
    )
    return {s.cutoff.plan_id: s for s in snapshots}


def latest_payloads(plans) -> dict[int, PublishedCutoff]:
    """Plan id -> figures of its newest published cutoff. One query."""
    snapshots = _newest_of_each_plan(plans).select_related("cutoff")
    return {s.cutoff.plan_id: read_cutoff(s.cutoff.date, s) for s in snapshots}
