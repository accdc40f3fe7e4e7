"""Evaluating the graph and reading the mission's budgets out of it."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from okaeri.budgets.build import build_graph
from okaeri.budgets.heat import entry_phases
from okaeri.budgets.mass import growth_key
from okaeri.budgets.propellant import propulsive_vehicle
from okaeri.budgets.results import (
    Budgets,
    DeltaVBudget,
    DeltaVLine,
    HeatBudget,
    HeatLine,
    LoopEvidence,
    MassBudget,
    MassLine,
    PhaseMass,
    PropellantBudget,
    VehicleMass,
)
from okaeri.errors import Location, ModelError
from okaeri.graph import DependencyGraph, NodeKind
from okaeri.model import ComputedDeltaV, LaunchPhase, Mission
from okaeri.model.base import Derived

SYSTEM_MARGIN_KEY = "mission.policy.system_margin"


Memo = Callable[[str, Mapping[str, float], Callable[[], dict[str, Any]]], dict[str, Any]]
"""``memo(name, inputs, compute)``: ``compute()``'s result, or a stored one for equal
inputs (:meth:`okaeri.verification.cache.AnalysisCache.get_or_compute`)."""


def _no_memo(name: str, inputs: Mapping[str, float],
             compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    return compute()


def evaluate_budgets(mission: Mission, graph: DependencyGraph | None = None,
                     memo: Memo = _no_memo) -> tuple[Budgets, DependencyGraph]:
    """Build (unless given) and evaluate the graph, and read every budget from it.

    ``memo`` may answer the available system margin (a root search that re-solves the
    graph) from a cache keyed by every parameter's value.

    Raises :class:`~okaeri.errors.ModelError` for expression, reference and unit
    findings, :class:`~okaeri.errors.ConvergenceError` for a loop that does not converge
    and :class:`~okaeri.errors.AnalysisError` for an analysis that fails.
    """
    graph = graph or build_graph(mission)
    evaluation = graph.evaluate()
    vehicle = propulsive_vehicle(mission)
    if vehicle is None:
        raise ModelError([])  # pragma: no cover - a mission without burns has no budgets
    loops = tuple(LoopEvidence(tuple(loop.keys), loop.iterations, tuple(loop.history))
                  for loop in evaluation.loops)
    budgets = Budgets(
        mission=mission.name,
        mass=_mass_budget(mission, graph, vehicle, memo),
        delta_v=_delta_v_budget(mission, graph, vehicle),
        propellant=_propellant_budget(mission, graph, vehicle),
        heat=_heat_budget(mission, graph),
        loops=loops,
    )
    return budgets, graph


def _origin(graph: DependencyGraph, key: str) -> str:
    """``file:line`` of a parameter read from a model file, else the node's description."""
    origin = graph.node(key).origin
    return f"{origin.file}:{origin.line}" if isinstance(origin, Location) else str(origin)


def _vehicle_mass(mission: Mission, graph: DependencyGraph, vehicle_id: str) -> VehicleMass:
    vehicle = mission.vehicle(vehicle_id)
    v = graph.value
    lines = tuple(
        MassLine(
            vehicle=vehicle_id, component=c.id, name=c.name, parent=c.parent,
            subsystem=str(c.subsystem), category=str(c.category), maturity=str(c.maturity),
            basic_mass_kg=v(f"{vehicle_id}.{c.id}.basic_mass"),
            growth_fraction=v(growth_key(mission, vehicle_id, c)),
            predicted_mass_kg=v(f"{vehicle_id}.{c.id}.predicted_mass"),
            origin=(f"= {c.basic_mass.expression}" if isinstance(c.basic_mass, Derived) else
                    _origin(graph, f"{vehicle_id}.{c.id}.basic_mass")),
        )
        for c in vehicle.components
    )
    dry = f"{vehicle_id}.dry_mass"
    return VehicleMass(
        vehicle=vehicle_id, name=vehicle.name, lines=lines,
        basic_mass_kg=v(f"{dry}.basic"), predicted_mass_kg=v(f"{dry}.predicted"),
        harness_kg=v(f"{dry}.harness"), nominal_dry_mass_kg=v(f"{dry}.nominal"),
        system_margin_fraction=v(SYSTEM_MARGIN_KEY), system_margin_kg=v(f"{dry}.system_margin"),
        dry_mass_with_margin_kg=v(f"{dry}.with_margin"),
    )


def _phase_masses(mission: Mission, graph: DependencyGraph, vehicle: str
                  ) -> tuple[PhaseMass, ...]:
    rows = []
    for phase in mission.burns():
        if phase.performed_by != vehicle:
            continue
        before = graph.value(f"{vehicle}.propellant.{phase.id}_mass_before")
        propellant = graph.value(f"{vehicle}.propellant.{phase.id}")
        rows.append(PhaseMass(phase.id, phase.name, phase.stack,
                              graph.value(f"{phase.id}.delta_v.with_margin"), before,
                              propellant, before - propellant))
    return tuple(rows)


def _mass_budget(mission: Mission, graph: DependencyGraph, vehicle: str, memo: Memo
                 ) -> MassBudget:
    launch = next(p for p in mission.phases if isinstance(p, LaunchPhase))
    allowance = graph.value(f"{launch.id}.mass_allowance")
    launch_mass = graph.value("budget.mass.launch")
    parameters = {n.key: graph.value(n.key) for n in graph.nodes()
                  if n.kind is NodeKind.PARAMETER}
    available = memo("budget.mass.system_margin_available", parameters, lambda: {
        "fraction": available_system_margin(graph, f"{launch.id}.mass_allowance",
                                            f"{vehicle}.propulsion.usable_propellant")})
    return MassBudget(
        vehicles=tuple(_vehicle_mass(mission, graph, v.id) for v in mission.vehicles),
        phases=_phase_masses(mission, graph, vehicle),
        launch_mass_kg=launch_mass,
        launch_allowance_kg=allowance,
        launch_margin_fraction=(allowance - launch_mass) / allowance,
        available_system_margin_fraction=float(available["fraction"]),
    )


def available_system_margin(graph: DependencyGraph, allowance_key: str,
                            capacity_key: str) -> float:
    """The system margin at which launch mass or propellant reaches its limit.

    Re-solves the graph (incrementally: only what depends on the system margin) with
    the margin as the unknown, by Brent's method, then restores the model's margin.
    The result is capped at 100 % and may be negative when the design already exceeds
    a limit with no margin at all.
    """
    from scipy.optimize import brentq

    held = graph.value(SYSTEM_MARGIN_KEY)

    def slack(margin: float) -> float:
        graph.set_parameter(SYSTEM_MARGIN_KEY, margin)
        launch = (graph.value(allowance_key) - graph.value("budget.mass.launch")) / (
            graph.value(allowance_key))
        tanks = (graph.value(capacity_key) - graph.value("budget.propellant.required")) / (
            graph.value(capacity_key))
        return min(launch, tanks)

    try:
        low, high = (0.0, 1.0) if slack(0.0) >= 0.0 else (-0.9, 0.0)
        if slack(high) > 0.0:
            return high
        if slack(low) < 0.0:
            return math.nan
        return float(brentq(slack, low, high, xtol=1e-6))
    finally:
        graph.set_parameter(SYSTEM_MARGIN_KEY, held)


def _delta_v_budget(mission: Mission, graph: DependencyGraph, vehicle: str) -> DeltaVBudget:
    v = graph.value
    lines = tuple(
        DeltaVLine(
            phase=p.id, name=p.name, vehicle=str(p.performed_by),
            source="computed" if isinstance(p.delta_v, ComputedDeltaV) else "allocated",
            nominal_m_s=v(f"{p.id}.delta_v.nominal"),
            gravity_loss_m_s=(v(f"{p.id}.delta_v.finite_burn.tli_gravity_loss")
                              if f"{p.id}.delta_v.finite_burn.tli_gravity_loss" in graph
                              else 0.0),
            margin_fraction=v(f"{p.id}.delta_v.margin_applied"),
            with_margin_m_s=v(f"{p.id}.delta_v.with_margin"),
            origin=_origin(graph, f"{p.id}.delta_v.nominal"),
        )
        for p in mission.burns() if p.performed_by == vehicle
    )
    required = v("budget.delta_v.required")
    capability = v("budget.delta_v.capability")
    return DeltaVBudget(vehicle, lines, sum(line.nominal_m_s for line in lines), required,
                        capability, (capability - required) / required)


def _propellant_budget(mission: Mission, graph: DependencyGraph, vehicle: str
                       ) -> PropellantBudget:
    v = graph.value
    capacity = v(f"{vehicle}.propulsion.usable_propellant")
    required = v("budget.propellant.required")
    return PropellantBudget(
        vehicle=vehicle, isp_s=v(f"{vehicle}.propulsion.isp"),
        phases=_phase_masses(mission, graph, vehicle),
        used_kg=v(f"{vehicle}.propellant.used"),
        residual_fraction=v(f"{vehicle}.propulsion.residual_fraction"),
        residual_kg=v(f"{vehicle}.propellant.residual"),
        required_kg=required, usable_capacity_kg=capacity,
        margin_fraction=(capacity - required) / capacity,
    )


def _heat_line(graph: DependencyGraph, quantity: str, key: str, limit_key: str,
               margin_key: str, unit: str) -> HeatLine:
    value, limit = graph.value(key), graph.value(limit_key)
    margin = (limit - value) / limit
    required = graph.value(margin_key)
    return HeatLine(quantity, key, value, limit, unit, margin, required, margin >= required)


def _heat_budget(mission: Mission, graph: DependencyGraph) -> HeatBudget | None:
    phases = entry_phases(mission)
    if phases is None:
        return None
    capsule = phases[0].vehicle
    shield = f"{capsule}.heat_shield"
    return HeatBudget(
        vehicle=capsule,
        entry_mass_kg=graph.value(f"{capsule}.dry_mass.with_margin"),
        entry_speed_inertial_m_s=graph.value("trajectory.entry_speed_inertial"),
        entry_fpa_inertial_deg=math.degrees(graph.value("trajectory.entry_flight_path_angle")),
        peak_heat_flux_convective_W_m2=graph.value("entry.nominal.peak_heat_flux_convective"),
        peak_heat_flux_radiative_W_m2=graph.value("entry.nominal.peak_heat_flux_radiative"),
        lines=(
            _heat_line(graph, "peak stagnation heat flux (convective + radiative)",
                       "entry.nominal.peak_heat_flux_total", f"{shield}.max_heat_flux",
                       f"{shield}.heat_flux_margin", "W/m^2"),
            _heat_line(graph, "integrated stagnation heat load",
                       "entry.nominal.heat_load_total", f"{shield}.max_heat_load",
                       f"{shield}.heat_load_margin", "J/m^2"),
        ),
    )
