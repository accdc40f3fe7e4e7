"""Building the mission's dependency graph: parameters, relations, analyses, budgets."""

from __future__ import annotations

from collections.abc import Callable

from okaeri.budgets.delta_v import add_delta_v_relations
from okaeri.budgets.heat import add_entry_relations
from okaeri.budgets.mass import add_mass_relations
from okaeri.budgets.parameters import add_parameters
from okaeri.budgets.propellant import add_budget_totals, add_propellant_relations
from okaeri.errors import Finding, ModelError
from okaeri.graph import AnalysisFunction, DependencyGraph
from okaeri.model import Mission

AnalysisWrapper = Callable[[str, AnalysisFunction], AnalysisFunction]
"""Wraps an analysis function of the graph by name (a cache, a timer)."""


def build_graph(mission: Mission, wrap: AnalysisWrapper | None = None) -> DependencyGraph:
    """The dependency graph of ``mission``, not yet evaluated.

    ``wrap(name, function)``, if given, wraps each costly analysis (trajectory, nominal
    entry, delta-v capability), e.g. to answer it from a cache.

    An expression that cannot be parsed raises :class:`~okaeri.errors.ModelError` here;
    reference and unit problems surface as findings of
    :meth:`~okaeri.graph.DependencyGraph.check` (and when the graph is evaluated).
    """
    graph = DependencyGraph()
    findings: list[Finding] = []
    add_parameters(graph, mission)
    add_mass_relations(graph, mission, findings)
    if findings:
        raise ModelError(findings)
    wrap = wrap or _unwrapped
    add_delta_v_relations(graph, mission, wrap)
    vehicle_id = add_propellant_relations(graph, mission, wrap)
    if vehicle_id is not None:
        add_budget_totals(graph, mission, vehicle_id)
    add_entry_relations(graph, mission, wrap)
    return graph


def _unwrapped(name: str, function: AnalysisFunction) -> AnalysisFunction:
    return function
