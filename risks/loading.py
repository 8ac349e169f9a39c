"""One loader per screen: each reads what its page needs in a fixed number of SQL queries and
hands plain values to the pure modules (``risks.register``, ``risks.assessment``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from plan import listing
from risks import methodology as methodology_module
from risks.assessment import CORRUPTION, MANAGEMENT
from risks.models import (
    ActionActivity,
    Assessment,
    Control,
    CorruptionQuestion,
    FollowUp,
    HeatMapCell,
    ImpactLevel,
    Methodology,
    ProbabilityLevel,
    Risk,
    RiskCutoff,
)
from risks.register import (
    STAGES,
    Cell,
    OwnerRow,
    OwnerTable,
    owner_table,
)


@dataclass(frozen=True)
class Grid:
    """The current methodology's axes and cells, for drawing heat maps."""

    methodology: Methodology | None
    probability_levels: list[ProbabilityLevel]  # ascending
    impact_levels: list[ImpactLevel]
    zones: dict[tuple[int, int], str] = field(default_factory=dict)


def load_grid() -> Grid:
    """Four queries: the current methodology, its probability and impact levels, its cells."""
    methodology = methodology_module.current()
    if methodology is None:
        return Grid(None, [], [])
    return Grid(
        methodology=methodology,
        probability_levels=list(methodology.probability_levels.order_by("position")),
        impact_levels=list(methodology.impact_levels.order_by("position")),
        zones={
            (p, i): z
            for p, i, z in HeatMapCell.objects.filter(methodology=methodology).values_list(
                "probability__position", "impact__position", "zone"
            )
        },
    )


# --- Heat maps page ------------------------------------------------------------------------

CELL_ROWS = 100  # the risks of a chosen cell listed on the heat maps page


@dataclass(frozen=True)
class MapCounts:
    """The risks of the heat maps page counted in SQL: however many the district has, the page
    reads these few numbers rather than every risk."""

    corruption: int
    management: int
    unassessed: int
    cells: dict[str, dict[Cell, int]]  # stage -> cell -> risks in it (empty cells absent)

    @property
    def total(self) -> int:
        return self.corruption + self.management


def _cell_fields(stage: str) -> tuple[str, str]:
    """The positions of a risk's cell on one heat map, stored on it (risks.due)."""
    return (f"map_{stage}_probability", f"map_{stage}_impact")


def load_map_counts(risks) -> MapCounts:
    """One query: ``risks`` grouped by kind and by their inherent and residual cells, stored
    on each risk (no join: an index of the risks answers it)."""
    fields = [field for stage in STAGES for field in _cell_fields(stage)]
    grouped = risks.order_by().values_list("kind", *fields).annotate(n=Count("*"))
    kinds = {CORRUPTION: 0, MANAGEMENT: 0}
    cells: dict[str, dict[Cell, int]] = {stage: {} for stage in STAGES}
    unassessed = 0
    for kind, ip, ii, rp, ri, n in grouped:
        kinds[kind] = kinds.get(kind, 0) + n
        if ip is None:
            unassessed += n
            continue
        for stage, cell in zip(STAGES, ((ip, ii), (rp, ri)), strict=True):
            cells[stage][cell] = cells[stage].get(cell, 0) + n
    return MapCounts(kinds[CORRUPTION], kinds[MANAGEMENT], unassessed, cells)


def load_cell_risks(risks, stage: str, cell: Cell) -> list[Risk]:
    """One query: the first ``CELL_ROWS`` risks of one cell of a heat map, by sector and
    entity (the register's order), then code."""
    probability, impact = _cell_fields(stage)
    in_cell = risks.filter(**{probability: cell[0], impact: cell[1]})
    ordered = in_cell.with_assessment().order_by(*listing.sector_order(), "code", "id")
    return list(ordered[:CELL_ROWS])


def load_owner_table(risks) -> OwnerTable:
    """One query: the risks of ``risks`` (one entity's) counted by kind per process or
    investment project."""
    grouped = (
        risks.order_by()
        .values_list(
            "process_id",
            "process__name",
            "investment_project_id",
            "investment_project__code",
            "investment_project__name",
        )
        .annotate(
            corruption=Count("id", filter=Q(kind=CORRUPTION)),
            management=Count("id", filter=Q(kind=MANAGEMENT)),
        )
    )
    return owner_table(
        OwnerRow(f"process-{process}", name, corruption, management)
        if process
        else OwnerRow(f"project-{project}", f"{code} {project_name}", corruption, management)
        for process, name, project, code, project_name, corruption, management in grouped
    )


def assessment_or_none(risk: Risk):
    try:
        return risk.assessment
    except Risk.assessment.RelatedObjectDoesNotExist:
        return None


# --- Risk detail ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskDetail:
    risk: Risk
    assessment: object | None
    controls: list[Control]
    actions: list[ActionActivity]
    follow_ups: list[FollowUp]
    cutoffs: list[RiskCutoff]
    yes_questions: list
    history: list  # (date, user, what, change type) newest first


def load_risk_detail(risk: Risk) -> RiskDetail:
    """Nine queries: controls, actions, follow-ups, cutoffs of the year, answered corruption
    questions, and the history of the risk, its assessment, controls and follow-ups."""
    assessment = assessment_or_none(risk)
    controls = list(risk.controls.order_by("order"))
    actions = list(risk.actions.order_by("end_date", "id"))
    follow_ups = list(risk.follow_ups.select_related("cutoff", "reported_by", "reviewed_by"))
    cutoffs = list(
        RiskCutoff.objects.filter(organisation_id=risk.organisation_id, date__year=risk.year)
    )
    yes_questions = []
    if assessment is not None:
        yes_questions = list(
            CorruptionQuestion.objects.filter(
                methodology_id=assessment.methodology_id,
                number__in=assessment.corruption_yes_answers or [],
            )
        )
    history = []
    for label, records in (
        (_("Riesgo"), Risk.history.filter(id=risk.id)),
        (_("Valoración"), Assessment.history.filter(risk_id=risk.id)),
        (_("Control"), Control.history.filter(risk_id=risk.id)),
        (_("Seguimiento"), FollowUp.history.filter(risk_id=risk.id)),
    ):
        for record in records.select_related("history_user"):
            history.append((record.history_date, record.history_user, label, record))
    history.sort(key=lambda h: h[0], reverse=True)
    return RiskDetail(
        risk, assessment, controls, actions, follow_ups, cutoffs, yes_questions, history
    )
