"""Budgets over the mission's dependency graph: mass (per vehicle, with the mission's
growth policy), the budgets a mission declares (power, ...), delta-v and propellant (walks
over the phases), and the heat load of the entry."""

from okaeri.budgets.build import AnalysisUse, build_graph, install
from okaeri.budgets.compute import evaluate_budgets
from okaeri.budgets.results import (
    Budgets,
    DeclaredBudget,
    DeltaVBudget,
    HeatBudget,
    MassBudget,
    PropellantBudget,
)

__all__ = [
    "AnalysisUse",
    "Budgets",
    "DeclaredBudget",
    "DeltaVBudget",
    "HeatBudget",
    "MassBudget",
    "PropellantBudget",
    "build_graph",
    "evaluate_budgets",
    "install",
]
