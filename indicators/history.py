"""A plan at every one of its cutoffs: the directors' trend chart, the comparison of two
cutoffs and an indicator's history. The loader lives with the others in
``indicators.loading`` (one path for the engine's inputs); this module keeps the name."""

from indicators.loading import PlanHistory, load_plan_history

__all__ = ["PlanHistory", "load_plan_history"]
