"""Building the mission's dependency graph: parameters, budgets, analyses, totals.

The graph holds every model value (:mod:`okaeri.budgets.parameters`), the mass budget of
every vehicle (:mod:`okaeri.budgets.mass`), the declared budgets
(:mod:`okaeri.budgets.declared`), okaeri's own analyses wired to the mission
(:mod:`okaeri.analysis.builtins`), the delta-v and propellant budgets, the analyses the
verification activities use, and the available system margin.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from okaeri.analysis.builtins import BUILTINS
from okaeri.analysis.propellant import propulsive_vehicle
from okaeri.analysis.registry import Analysis, Binding
from okaeri.budgets.available_margin import add_available_margin
from okaeri.budgets.declared import add_declared_budgets
from okaeri.budgets.delta_v import add_delta_v_relations
from okaeri.budgets.mass import add_mass_budgets
from okaeri.budgets.parameters import add_parameters
from okaeri.errors import Finding, Location, ModelError
from okaeri.graph import AnalysisIdentity, DependencyGraph, NodeKind
from okaeri.model import LaunchPhase, Mission, keys
from okaeri.units import AnyQuantity, format_unit

__all__ = ["AnalysisUse", "build_graph", "install"]


@dataclass(frozen=True)
class AnalysisUse:
    """An analysis a verification activity uses: which, under what key, with what settings,
    and (for analyses not wired by okaeri) which graph key or constant feeds each input."""

    key: str
    """Instance key: its outputs are ``<key>.<output>``."""
    analysis: Analysis
    settings: Any = None
    """The validated settings (a pydantic model), or ``None``."""
    inputs: Mapping[str, str | AnyQuantity] | None = None
    """Graph key or constant quantity per input port; ``None`` for okaeri's own analyses,
    which are wired from the mission."""
    origin: Location | str = ""


def install(graph: DependencyGraph, key: str, analysis: Analysis, binding: Binding,
            origin: Location | str) -> None:
    """Add one bound analysis to ``graph`` under ``key``."""
    graph.add_analysis(
        key, binding.inputs, {name: port.unit for name, port in binding.outputs.items()},
        binding.call, origin or analysis.description,
        samples=[name for name, port in binding.outputs.items() if port.samples],
        lazy=analysis.lazy, concurrent=analysis.concurrent,
        identity=AnalysisIdentity(analysis.name, analysis.version, binding.settings,
                                  analysis.code))


def build_graph(mission: Mission, uses: Sequence[AnalysisUse] = ()) -> DependencyGraph:
    """The dependency graph of ``mission`` with the analyses ``uses`` names, not yet
    evaluated.

    Raises :class:`~okaeri.errors.ModelError` for expressions that do not parse and
    budgets that cannot be built; reference and unit problems surface as findings of
    :meth:`~okaeri.graph.DependencyGraph.check` (and when the graph is evaluated).
    """
    graph = DependencyGraph()
    findings: list[Finding] = []
    add_parameters(graph, mission, findings)
    add_mass_budgets(graph, mission)
    add_declared_budgets(graph, mission, findings)
    vehicle = propulsive_vehicle(mission)
    settings = {use.analysis.name: use.settings for use in uses if use.inputs is None}
    for analysis in BUILTINS:
        chosen = _settings(analysis, settings)
        if chosen is _MISSING or analysis.bind is None:
            continue
        for key, binding in analysis.bind(mission, chosen).items():
            install(graph, key, analysis, binding, analysis.description)
    add_delta_v_relations(graph, mission, vehicle)
    if vehicle is not None:
        _add_totals(graph, vehicle)
    for use in uses:
        if use.inputs is not None:
            _install_use(graph, use)
    if findings:
        raise ModelError(findings)
    launch = next((p for p in mission.phases if isinstance(p, LaunchPhase)), None)
    if vehicle is not None and launch is not None and not graph.check():
        add_available_margin(graph, f"{launch.id}.mass_allowance",
                             keys.part(vehicle, "propulsion", "usable_propellant"))
    return graph


_MISSING = object()


def _settings(analysis: Analysis, given: Mapping[str, Any]) -> Any:
    """The settings an activity gives, else the defaults; ``_MISSING`` when the analysis
    needs settings no activity gives (a Monte Carlo without samples and seed)."""
    if analysis.name in given:
        return given[analysis.name]
    if analysis.settings is None:
        return None
    try:
        return analysis.settings()
    except ValueError:
        return _MISSING


def _add_totals(graph: DependencyGraph, vehicle: str) -> None:
    """``budget.propellant.required`` and ``budget.mass.launch``."""
    graph.add_relation(keys.PROPELLANT_REQUIRED, [f"{vehicle}.propellant.loaded"],
                       _identity, "kg", "propellant used + residuals", kind=NodeKind.BUDGET)
    graph.add_relation(keys.LAUNCH_MASS, [f"{vehicle}.propellant.initial_mass"], _identity,
                       "kg", "launch stack: dry masses with margin + loaded propellant",
                       kind=NodeKind.BUDGET)


def _identity(value: float) -> float:
    return value


def _install_use(graph: DependencyGraph, use: AnalysisUse) -> None:
    inputs: dict[str, str] = {}
    for port, source in (use.inputs or {}).items():
        if isinstance(source, str):
            inputs[port] = source
        else:
            constant = keys.join(use.key, "inputs", port)
            graph.add_parameter(constant, float(source.magnitude), format_unit(source.units),
                                use.origin)
            inputs[port] = constant
    install(graph, use.key, use.analysis, use.analysis.binding(inputs, use.settings),
            use.origin)
