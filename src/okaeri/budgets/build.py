"""Building the mission's dependency graph: parameters, relations, analyses, budgets."""

from __future__ import annotations

from okaeri.budgets.delta_v import add_delta_v_relations
from okaeri.budgets.heat import add_entry_relations
from okaeri.budgets.mass import add_mass_relations
from okaeri.budgets.parameters import add_parameters
from okaeri.budgets.propellant import add_budget_totals, add_propellant_relations
from okaeri.errors import Finding, ModelError
from okaeri.graph import DependencyGraph
from okaeri.model import Mission


def build_graph(mission: Mission) -> DependencyGraph:
    """The dependency graph of ``mission``, not yet evaluated.

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
    add_delta_v_relations(graph, mission)
    vehicle_id = add_propellant_relations(graph, mission)
    if vehicle_id is not None:
        add_budget_totals(graph, mission, vehicle_id)
    add_entry_relations(graph, mission)
    return graph
