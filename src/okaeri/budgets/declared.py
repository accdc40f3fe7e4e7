"""The budgets a mission declares (power, data, heat dissipation, ...), on the graph.

Each declaration (:class:`okaeri.model.BudgetDeclaration`) becomes one roll-up per mode
(:mod:`okaeri.budgets.rollup`) over its vehicle or stack, with its equipment margins (the
policy's by category, a flat or per-category margin, or none), its system margin and its
capacity, which is a quantity or an expression over any graph value (a vehicle property,
an analysis output). Parameters of a declaration are keyed under the budget:
``budget.<id>.<scope>.equipment_margin``, ``budget.<id>.<scope>.equipment_margins.<cat>``,
``budget.<id>.<scope>.system_margin_fraction`` and
``budget.<id>.<scope>[.<mode>].capacity``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from okaeri.budgets.parameters import add_derived
from okaeri.budgets.rollup import RollUp, add_rollup
from okaeri.errors import Finding, Location
from okaeri.graph import DependencyGraph, unit_info
from okaeri.model import BudgetDeclaration, EsaPolicy, Mission, keys
from okaeri.model.base import Derived
from okaeri.model.budgets import MarginRule
from okaeri.model.components import Component
from okaeri.model.properties import PerMode
from okaeri.units import format_unit

__all__ = ["add_declared_budgets", "equipment_margin_key", "scope_vehicles"]


def scope_vehicles(mission: Mission, scope: str) -> tuple[str, ...]:
    """The vehicles of a budget's scope: the vehicle itself, or the stack's vehicles."""
    if scope in {v.id for v in mission.vehicles}:
        return (scope,)
    return mission.stack(scope).vehicles


def add_declared_budgets(graph: DependencyGraph, mission: Mission,
                         findings: list[Finding]) -> None:
    """Add every declared budget of ``mission`` (see the module docstring)."""
    for budget in mission.budgets:
        where = mission.source_of(budget.id) or Location(
            path=f"budget {budget.id} over {budget.over}")
        unit = _unit_of(mission, budget)
        if unit is None:
            findings.append(Finding(where, "okaeri.unknown_unit",
                                    f"budget '{budget.id}' over '{budget.over}': no value of "
                                    f"'{budget.property}' and no capacity has a unit, so the "
                                    "budget's unit is unknown",
                                    "give at least one value or the capacity with its unit"))
            continue
        margin_key = _margin_keys(graph, mission, budget, where, findings)
        system = None
        if budget.system_margin.magnitude:
            system = keys.budget(budget.id, budget.over, "system_margin_fraction")
            graph.add_parameter(system, budget.system_margin, "", where)
        for mode in budget.modes or (None,):
            capacity = _capacity_key(graph, budget, mode, unit, where, findings)
            add_rollup(graph, mission, RollUp(
                budget=budget.id, scope=budget.over, vehicles=scope_vehicles(mission,
                                                                             budget.over),
                prop=budget.property, unit=unit, mode=mode,
                value_key=_value_key(budget.property, mode), margin_key=margin_key,
                system_margin=system, capacity=capacity,
                title=f"{budget.property}" + (f" in {mode}" if mode else "")))


def _unit_of(mission: Mission, budget: BudgetDeclaration) -> str | None:
    """SI unit of the budget: that of its first quantity value (values were checked to
    share one dimension when the mission loaded), else of a quantity capacity."""
    for vehicle_id in scope_vehicles(mission, budget.over):
        for component in mission.vehicle(vehicle_id).components:
            value = component.properties.get(budget.property)
            items = value.values() if isinstance(value, PerMode) else [value]
            for item in items:
                if item is not None and not isinstance(item, Derived):
                    return unit_info(item.units).si_unit
    capacities = budget.capacity.values() if isinstance(budget.capacity, dict) else [
        budget.capacity]
    for capacity in capacities:
        if capacity is not None and not isinstance(capacity, Derived):
            return unit_info(capacity.units).si_unit
    return None


def _value_key(prop: str, mode: str | None) -> Callable[[str, Component], str | None]:
    def key(vehicle_id: str, component: Component) -> str | None:
        value = component.properties.get(prop)
        if value is None:
            return None
        per_mode = mode if isinstance(value, PerMode) else None
        return keys.property_value(vehicle_id, component.id, prop, per_mode)

    return key


def _margin_keys(graph: DependencyGraph, mission: Mission, budget: BudgetDeclaration,
                 where: Location, findings: list[Finding]
                 ) -> Callable[[str, Component], str | None]:
    """Add the budget's margin parameters; return the function giving each component's
    equipment-margin key."""
    rule: Any = budget.margin
    if rule == MarginRule.POLICY and not isinstance(mission.header.policy, EsaPolicy):
        findings.append(Finding(where, "okaeri.invalid_value",
                                f"budget '{budget.id}': 'margin: policy' takes the ESA "
                                "policy's equipment margins, but the mission's policy is "
                                "AIAA (its table is for mass)",
                                "give the margins by category, a flat margin, or none"))
    elif isinstance(rule, dict):
        for category, fraction in rule.items():
            graph.add_parameter(keys.budget(budget.id, budget.over,
                                            f"equipment_margins.{category}"), fraction, "", where)
    elif rule not in (MarginRule.NONE, MarginRule.POLICY):
        graph.add_parameter(keys.budget(budget.id, budget.over, "equipment_margin"), rule, "",
                            where)
    return lambda vehicle_id, component: equipment_margin_key(mission, budget, component)


def equipment_margin_key(mission: Mission, budget: BudgetDeclaration, component: Component
                         ) -> str | None:
    """Graph key of a component's equipment margin in a declared budget (``None``: the
    component takes no margin)."""
    rule: Any = budget.margin
    if rule == MarginRule.NONE:
        return None
    if rule == MarginRule.POLICY:
        if not isinstance(mission.header.policy, EsaPolicy):
            return None
        return keys.policy("equipment_margins", str(component.category))
    if isinstance(rule, dict):
        return (keys.budget(budget.id, budget.over, f"equipment_margins.{component.category}")
                if component.category in rule else None)
    return keys.budget(budget.id, budget.over, "equipment_margin")


def _capacity_key(graph: DependencyGraph, budget: BudgetDeclaration, mode: str | None,
                  unit: str, where: Location, findings: list[Finding]) -> str | None:
    capacity = budget.capacity_in(mode)
    if capacity is None:
        return None
    key = keys.budget(budget.id, budget.over, "capacity", mode)
    if isinstance(capacity, Derived):
        add_derived(graph, key, capacity, unit, where, findings)
    elif unit_info(capacity.units).dimension != unit_info(unit).dimension:
        findings.append(Finding(where, "okaeri.unit_mismatch",
                                f"budget '{budget.id}' over '{budget.over}' sums values in "
                                f"{unit} but its capacity is {format_unit(capacity.units)}",
                                "give the capacity in a unit of the budget's property"))
        return None
    else:
        graph.add_parameter(key, float(capacity.magnitude), format_unit(capacity.units), where)
    return key
