"""The available system margin: how much dry mass could still be added.

``budget.mass.system_margin_available`` is the system margin (a fraction of the nominal dry
mass) at which the launch mass reaches the launch allowance or the propellant reaches the
tank capacity, whichever comes first. It re-solves the part of the graph those two depend
on, with the margin as the unknown, by Brent's method: the tank mass, the propellant walk
and every mass-dependent loss move with it. The result is capped at 100 % and may be
negative when the design already exceeds a limit with no margin at all.

Only what moves with the system margin is re-solved: the nodes on the paths from it to the
launch mass and the propellant (margin mass, dry masses with margin, the propellant walk,
the mass-dependent burns). What those nodes read from the rest of the graph (the nominal
dry masses, the delta-v of each phase, ...) enters as fixed values, however many
components lie behind them.

It is an analysis like any other: its inputs are exactly those values and the margin,
allowance and capacity, and its identity includes the structure of the part of the graph
it re-solves (expressions, phase order, analyses), so its cached result is reused only
when nothing it depends on changed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from okaeri.analysis.registry import Analysis, Port
from okaeri.graph import AnalysisIdentity, DependencyGraph, NodeKind
from okaeri.model import keys

__all__ = ["AVAILABLE_MARGIN", "add_available_margin"]


def _unbound(**_: float) -> dict[str, float]:  # pragma: no cover - installed per graph
    raise TypeError("the available system margin is installed on a mission's graph")


AVAILABLE_MARGIN = Analysis(
    name="mass.system_margin_available", compute=_unbound, inputs={},
    outputs={"system_margin_available": Port("", "largest system margin within the launch "
                                             "allowance and the tank capacity")},
    version="2", lazy=True, budget="mass",
    description="The system margin at which launch mass or propellant reaches its limit "
    "(Brent's method on the re-solved graph).")
"""``budget.mass.system_margin_available``: the system margin still available."""


def add_available_margin(graph: DependencyGraph, allowance: str, capacity: str) -> None:
    """Add ``budget.mass.system_margin_available`` for the launch ``allowance`` and tank
    ``capacity`` keys (the graph must hold the launch mass and the propellant)."""
    targets = (keys.LAUNCH_MASS, keys.PROPELLANT_REQUIRED, allowance, capacity)
    margin = keys.policy("system_margin")
    shape = graph.subgraph(targets, varying=[margin])
    parameters = sorted({margin, allowance, capacity,
                         *shape.upstream(targets, [NodeKind.PARAMETER])})
    structure = shape.fingerprint(targets)
    held: dict[str, DependencyGraph] = {}

    def call(values: Mapping[str, float]) -> dict[str, float]:
        sub = held.get("graph")
        if sub is None:
            sub = held["graph"] = graph.subgraph(targets, varying=[margin])
        for key, value in values.items():
            sub.set_parameter(key, value)
        return {"system_margin_available": _solve(sub, allowance, capacity)}

    graph.add_analysis(keys.SYSTEM_MARGIN_AVAILABLE.rpartition(".")[0],
                       {k: k for k in parameters}, {"system_margin_available": ""}, call,
                       AVAILABLE_MARGIN.description, lazy=True,
                       identity=AnalysisIdentity(AVAILABLE_MARGIN.name,
                                                 AVAILABLE_MARGIN.version,
                                                 {"structure": structure}))


def _solve(graph: DependencyGraph, allowance: str, capacity: str) -> float:
    from scipy.optimize import brentq

    margin_key = keys.policy("system_margin")
    held = graph.value(margin_key)

    def slack(margin: float) -> float:
        graph.set_parameter(margin_key, margin)
        launch = (graph.value(allowance) - graph.value(keys.LAUNCH_MASS)) / (
            graph.value(allowance))
        tanks = (graph.value(capacity) - graph.value(keys.PROPELLANT_REQUIRED)) / (
            graph.value(capacity))
        return min(launch, tanks)

    try:
        low, high = (0.0, 1.0) if slack(0.0) >= 0.0 else (-0.9, 0.0)
        if slack(high) > 0.0:
            return high
        if slack(low) < 0.0:
            return math.nan
        return float(brentq(slack, low, high, xtol=1e-6, maxiter=100))
    finally:
        graph.set_parameter(margin_key, held)
