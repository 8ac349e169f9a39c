"""Accountability ("rendición de cuentas"): the yearly strategy, its events, what citizens asked
and proposed, and the commitments made to them (Ley 1757 de 2015, Manual Único de Rendición de
Cuentas)."""

from accountability.models.citizens import CitizenTopic, Commitment, CommitmentFollowUp, Question
from accountability.models.strategy import (
    PERCENT,
    Activity,
    ActivityFollowUp,
    AttendanceRecord,
    Challenge,
    DemographicRow,
    Document,
    EvaluationResult,
    Event,
    ImprovementArea,
    SelfAssessment,
    Stage,
    Strategy,
    TeamRole,
)

__all__ = [
    "PERCENT",
    "Activity",
    "ActivityFollowUp",
    "AttendanceRecord",
    "Challenge",
    "CitizenTopic",
    "Commitment",
    "CommitmentFollowUp",
    "DemographicRow",
    "Document",
    "EvaluationResult",
    "Event",
    "ImprovementArea",
    "Question",
    "SelfAssessment",
    "Stage",
    "Strategy",
    "TeamRole",
]
