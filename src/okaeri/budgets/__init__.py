"""Mass, delta-v, propellant and heat-load budgets over the mission's dependency graph."""

from okaeri.budgets.build import build_graph
from okaeri.budgets.compute import evaluate_budgets
from okaeri.budgets.results import (
    Budgets,
    DeltaVBudget,
    HeatBudget,
    MassBudget,
    PropellantBudget,
)

__all__ = [
    "Budgets",
    "DeltaVBudget",
    "HeatBudget",
    "MassBudget",
    "PropellantBudget",
    "build_graph",
    "evaluate_budgets",
]
