"""Evaluating the graph and reading the mission's budgets out of it."""

from __future__ import annotations

import math

from okaeri.analysis.entry_runs import entry_phases
from okaeri.analysis.propellant import propulsive_vehicle
from okaeri.budgets.build import build_graph
from okaeri.budgets.declared import equipment_margin_key, scope_vehicles
from okaeri.budgets.mass import growth_key
from okaeri.budgets.results import (
    BudgetLine,
    BudgetMode,
    Budgets,
    DeclaredBudget,
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
from okaeri.budgets.rollup import predicted
from okaeri.errors import AnalysisError, Location
from okaeri.graph import DependencyGraph
from okaeri.model import BudgetDeclaration, ComputedDeltaV, LaunchPhase, Mission, keys
from okaeri.model.base import Derived
from okaeri.model.components import Component
from okaeri.model.phases import MassEventPhase
from okaeri.model.properties import PerMode
from okaeri.units import format_quantity

__all__ = ["evaluate_budgets", "origin_of"]


def evaluate_budgets(mission: Mission, graph: DependencyGraph | None = None
                     ) -> tuple[Budgets, DependencyGraph]:
    """Build (unless given) and evaluate the graph, and read every budget from it.

    Raises :class:`~okaeri.errors.ModelError` for expression, reference and unit
    findings, and :class:`~okaeri.errors.AnalysisError` (the root cause) when a value a
    budget shows cannot be computed.
    """
    graph = graph or build_graph(mission)
    evaluation = graph.evaluate(strict=False)
    vehicle = propulsive_vehicle(mission)
    if vehicle is None:
        raise AnalysisError("the mission has no manoeuvre: no delta-v or propellant budget")
    loops = tuple(LoopEvidence(tuple(loop.keys), loop.iterations, tuple(loop.history))
                  for loop in evaluation.loops)
    budgets = Budgets(
        mission=mission.name,
        mass=_mass_budget(mission, graph, vehicle),
        delta_v=_delta_v_budget(mission, graph, vehicle),
        propellant=_propellant_budget(mission, graph, vehicle),
        heat=_heat_budget(mission, graph),
        loops=loops,
        declared=tuple(_declared(mission, graph, b) for b in mission.budgets),
    )
    return budgets, graph


def origin_of(graph: DependencyGraph, key: str) -> str:
    """``file:line`` of a value read from a model file, its expression for a derived
    value, else the node's description."""
    node = graph.node(key)
    if node.expression is not None and isinstance(node.origin, Location):
        return f"= {node.expression}"
    origin = node.origin
    return f"{origin.file}:{origin.line}" if isinstance(origin, Location) else str(origin)


def _mass_line(mission: Mission, graph: DependencyGraph, vehicle_id: str, c: Component
               ) -> MassLine:
    basic = graph.value(keys.component(vehicle_id, c.id, "basic_mass"))
    growth = graph.value(growth_key(mission, vehicle_id, c))
    return MassLine(
        vehicle=vehicle_id, component=c.id, name=c.name, parent=c.parent,
        subsystem=str(c.subsystem), category=str(c.category), maturity=str(c.maturity),
        basic_mass_kg=basic, growth_fraction=growth,
        # as the predicted node computes it (a deferred relation: not computed unasked)
        predicted_mass_kg=predicted(basic, growth),
        origin=(f"= {c.basic_mass.expression}" if isinstance(c.basic_mass, Derived) else
                origin_of(graph, keys.component(vehicle_id, c.id, "basic_mass"))),
    )


def _vehicle_mass(mission: Mission, graph: DependencyGraph, vehicle_id: str) -> VehicleMass:
    vehicle = mission.vehicle(vehicle_id)
    v = graph.value
    lines = tuple(_mass_line(mission, graph, vehicle_id, c)
                  for c in vehicle.components if c.basic_mass is not None)

    def total(quantity: str) -> float:
        return v(keys.budget("mass", vehicle_id, quantity))

    return VehicleMass(
        vehicle=vehicle_id, name=vehicle.name, lines=lines,
        basic_mass_kg=total("basic"), predicted_mass_kg=total("predicted"),
        harness_kg=total("harness"), nominal_dry_mass_kg=total("nominal"),
        system_margin_fraction=v(keys.policy("system_margin")) if vehicle.system_level else 0.0,
        system_margin_kg=total("system_margin"), dry_mass_with_margin_kg=total("with_margin"),
    )


def _phase_masses(mission: Mission, graph: DependencyGraph, vehicle: str
                  ) -> tuple[PhaseMass, ...]:
    """The propellant walk's steps in flight order: burns and mass events, each with the
    stack mass before and after, so that every jump of the stack mass is explained."""
    burns = {p.id for p in mission.burns() if p.performed_by == vehicle}
    rows = []
    mass = graph.value(f"{vehicle}.propellant.initial_mass")
    for phase in mission.phases:
        change_key = f"{vehicle}.propellant.{phase.id}_mass_change"
        if change_key in graph and isinstance(phase, MassEventPhase):
            change = graph.value(change_key)
            what = [f"{ref} joins" for ref in phase.adds] + \
                [f"{leaving} leaves" for leaving in phase.separates]
            rows.append(PhaseMass(phase.id, phase.name, phase.stack, 0.0, mass, 0.0,
                                  mass + change, event=", ".join(what)))
            mass += change
        if phase.id in burns:
            before = graph.value(f"{vehicle}.propellant.{phase.id}_mass_before")
            propellant = graph.value(f"{vehicle}.propellant.{phase.id}")
            rows.append(PhaseMass(phase.id, phase.name, str(getattr(phase, "stack", "")),
                                  graph.value(keys.delta_v(phase.id, "with_margin")), before,
                                  propellant, before - propellant))
            mass = before - propellant
    return tuple(rows)


def _mass_budget(mission: Mission, graph: DependencyGraph, vehicle: str) -> MassBudget:
    launch = next(p for p in mission.phases if isinstance(p, LaunchPhase))
    allowance = graph.value(f"{launch.id}.mass_allowance")
    launch_mass = graph.value(keys.LAUNCH_MASS)
    return MassBudget(
        vehicles=tuple(_vehicle_mass(mission, graph, v.id) for v in mission.vehicles),
        phases=_phase_masses(mission, graph, vehicle),
        launch_mass_kg=launch_mass,
        launch_allowance_kg=allowance,
        launch_margin_fraction=(allowance - launch_mass) / allowance,
        available_system_margin_fraction=graph.value(keys.SYSTEM_MARGIN_AVAILABLE),
    )


def _delta_v_budget(mission: Mission, graph: DependencyGraph, vehicle: str) -> DeltaVBudget:
    v = graph.value

    def loss(phase: str) -> float:
        key = f"{keys.delta_v(phase, 'finite_burn')}.gravity_loss"
        return v(key) if key in graph else 0.0

    lines = tuple(
        DeltaVLine(
            phase=p.id, name=p.name, vehicle=str(p.performed_by),
            source="computed" if isinstance(p.delta_v, ComputedDeltaV) else "allocated",
            nominal_m_s=v(keys.delta_v(p.id, "nominal")),
            gravity_loss_m_s=loss(p.id),
            margin_fraction=v(keys.delta_v(p.id, "margin_applied")),
            with_margin_m_s=v(keys.delta_v(p.id, "with_margin")),
            origin=origin_of(graph, keys.delta_v(p.id, "nominal")),
        )
        for p in mission.burns() if p.performed_by == vehicle
    )
    required = v(keys.DELTA_V_REQUIRED)
    capability = v(keys.DELTA_V_CAPABILITY)
    return DeltaVBudget(vehicle, lines, sum(line.nominal_m_s for line in lines), required,
                        capability, (capability - required) / required)


def _propellant_budget(mission: Mission, graph: DependencyGraph, vehicle: str
                       ) -> PropellantBudget:
    v = graph.value
    capacity = v(keys.part(vehicle, "propulsion", "usable_propellant"))
    required = v(keys.PROPELLANT_REQUIRED)
    return PropellantBudget(
        vehicle=vehicle, isp_s=v(keys.part(vehicle, "propulsion", "isp")),
        phases=_phase_masses(mission, graph, vehicle),
        used_kg=v(f"{vehicle}.propellant.used"),
        residual_fraction=v(keys.part(vehicle, "propulsion", "residual_fraction")),
        residual_kg=v(f"{vehicle}.propellant.residual"),
        acs_kg=v(f"{vehicle}.propellant.acs"),
        required_kg=required, usable_capacity_kg=capacity,
        margin_fraction=(capacity - required) / capacity,
    )


def _heat_line(graph: DependencyGraph, quantity: str, key: str, limit_key: str,
               margin_key: str, unit: str) -> HeatLine:
    from okaeri.model.margins import margin

    value, limit = graph.value(key), graph.value(limit_key)
    relative = margin(value, limit, "<=")
    required = graph.value(margin_key)
    return HeatLine(quantity, key, value, limit, unit, relative, required, relative >= required)


def _heat_budget(mission: Mission, graph: DependencyGraph) -> HeatBudget | None:
    phases = entry_phases(mission)
    if phases is None:
        return None
    capsule = phases[0].vehicle
    return HeatBudget(
        vehicle=capsule,
        entry_mass_kg=graph.value(keys.budget("mass", capsule, "with_margin")),
        entry_speed_inertial_m_s=graph.value("trajectory.entry_speed_inertial"),
        entry_fpa_inertial_deg=math.degrees(graph.value("trajectory.entry_flight_path_angle")),
        peak_heat_flux_convective_W_m2=graph.value("entry.nominal.peak_heat_flux_convective"),
        peak_heat_flux_radiative_W_m2=graph.value("entry.nominal.peak_heat_flux_radiative"),
        lines=(
            _heat_line(graph, "peak stagnation heat flux (convective + radiative)",
                       "entry.nominal.peak_heat_flux_total",
                       keys.part(capsule, "heat_shield", "max_heat_flux"),
                       keys.part(capsule, "heat_shield", "heat_flux_margin"), "W/m^2"),
            _heat_line(graph, "integrated stagnation heat load",
                       "entry.nominal.heat_load_total",
                       keys.part(capsule, "heat_shield", "max_heat_load"),
                       keys.part(capsule, "heat_shield", "heat_load_margin"), "J/m^2"),
        ),
    )


def _declared(mission: Mission, graph: DependencyGraph, budget: BudgetDeclaration
              ) -> DeclaredBudget:
    system = keys.budget(budget.id, budget.over, "system_margin_fraction")
    rule = budget.margin
    margin_rule = (str(rule) if isinstance(rule, str) else
                   ", ".join(f"{k}: {format_quantity(v)}" for k, v in rule.items())
                   if isinstance(rule, dict) else format_quantity(rule))
    return DeclaredBudget(
        id=budget.id, name=budget.name, scope=budget.over, property=budget.property,
        unit_si=graph.node(keys.budget(budget.id, budget.over, "basic",
                                       budget.modes[0] if budget.modes else None)).unit,
        margin_rule=margin_rule,
        system_margin_fraction=graph.value(system) if system in graph else 0.0,
        modes=tuple(_declared_mode(mission, graph, budget, mode)
                    for mode in budget.modes or (None,)),
        source=budget.source)


def _declared_mode(mission: Mission, graph: DependencyGraph, budget: BudgetDeclaration,
                   mode: str | None) -> BudgetMode:
    v = graph.value

    def total(quantity: str) -> float:
        return v(keys.budget(budget.id, budget.over, quantity, mode))

    lines = []
    for vehicle_id in scope_vehicles(mission, budget.over):
        for c in mission.vehicle(vehicle_id).components:
            value = c.properties.get(budget.property)
            if value is None:
                continue
            key = keys.property_value(vehicle_id, c.id, budget.property,
                                      mode if isinstance(value, PerMode) else None)
            basic = v(key)
            margin_key = equipment_margin_key(mission, budget, c)
            margin = v(margin_key) if margin_key is not None else 0.0
            # as the predicted node computes it (a deferred relation: not computed unasked)
            with_margin = predicted(basic, margin) if margin_key is not None else basic
            lines.append(BudgetLine(vehicle_id, c.id, c.name, str(c.category), basic,
                                    margin, with_margin, origin_of(graph, key)))
    capacity = keys.budget(budget.id, budget.over, "capacity", mode)
    has_capacity = capacity in graph
    system = keys.budget(budget.id, budget.over, "system_margin", mode)
    return BudgetMode(
        mode=mode, lines=tuple(lines), basic_si=total("basic"), predicted_si=total("predicted"),
        system_margin_si=v(system) if system in graph else 0.0,
        with_margin_si=total("with_margin"),
        capacity_si=v(capacity) if has_capacity else None,
        margin_fraction=total("margin") if has_capacity else None,
        capacity_origin=origin_of(graph, capacity) if has_capacity else "")
