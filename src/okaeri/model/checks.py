"""Checks across a mission's files: references, breakdowns, modes, properties, budgets.

Each check returns located findings; :func:`okaeri.model.load.load_mission` collects them
all before failing. What is checked here is what one file cannot know alone: that an id
refers to something defined elsewhere, that a breakdown has no cycle and no leaf without a
mass, that modes are declared, and that a budget sums values of one dimension.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from okaeri.errors import Finding, Location, LocationFields, did_you_mean
from okaeri.model.base import Derived
from okaeri.model.budgets import BudgetDeclaration
from okaeri.model.components import Component
from okaeri.model.mission import Mission, MissionHeader
from okaeri.model.phases import (
    DescentPhase,
    EntryPhase,
    ManoeuvrePhase,
    MassEventPhase,
    OperationsPhase,
)
from okaeri.model.properties import PerMode
from okaeri.model.vehicles import PARTS, Vehicle
from okaeri.model.yaml_source import PathKey, SourceDocument
from okaeri.units import describe_kind, describe_unit, unit_kind

RESERVED_COMPONENT_IDS = frozenset({*PARTS, "components", "properties", "dry_mass",
                                    "propellant"})
"""Names a component id must not take: they are sections of a vehicle or its budgets."""

_COMPONENT_DERIVED = frozenset({"predicted_mass", "growth", "assembly_basic_mass",
                                "assembly_predicted_mass"})
"""Values the mass budget derives for a component (``otv.tanks.predicted_mass``)."""

RESERVED_BUDGET_IDS = frozenset({"mass", "delta_v", "propellant"})
"""Budgets okaeri builds itself."""

ENTRY_PARTS = ("aeroshell", "heat_shield", "parachute")
"""Parts a vehicle needs to enter and descend (the entry simulation reads them)."""


@dataclass
class Element:
    """An element found in a file, with where it stands (for cross-file findings)."""

    document: SourceDocument
    path: PathKey

    def location(self, *extra: str | int) -> Location:
        """Location of the element, or of the value at ``extra`` inside it."""
        return self.document.location((*self.path, *extra))

    def child(self, *extra: str | int) -> Element:
        """The element at ``extra`` inside this one."""
        return Element(self.document, (*self.path, *extra))


@dataclass
class Merged:
    """The sections of every model file, each with where it was read."""

    sources: dict[str, LocationFields] = field(default_factory=dict)
    """Where each value was read, by readable path (:meth:`SourceDocument.index`)."""
    headers: list[tuple[MissionHeader, Element]] = field(default_factory=list)
    vehicles: list[tuple[Vehicle, Element]] = field(default_factory=list)
    stacks: list[tuple[Any, Element]] = field(default_factory=list)
    phase_files: list[tuple[tuple[Any, ...], SourceDocument]] = field(default_factory=list)
    budgets: list[tuple[BudgetDeclaration, Element]] = field(default_factory=list)

    def phases(self) -> Iterator[tuple[Any, Element]]:
        """Every phase of the (first) phase list with where it stands."""
        if self.phase_files:
            phases, document = self.phase_files[0]
            for index, phase in enumerate(phases):
                yield phase, Element(document, ("phases", index))


def unknown(kind: str, name: str, known: Iterable[str], location: Location) -> Finding:
    """``unknown <kind> '<name>'``, with the closest known ids and the list of them."""
    names = sorted(known)
    hint = did_you_mean(name, names, 1)
    listing = f"known {kind} ids: {', '.join(names)}" if names else f"no {kind} is defined"
    return Finding(location, "okaeri.dangling_ref", f"unknown {kind} '{name}'",
                   f"{hint} {listing}".strip())


def check_mission(mission: Mission, merged: Merged) -> list[Finding]:
    """Every cross-file finding of a merged mission."""
    findings: list[Finding] = []
    vehicle_ids = {v.id for v in mission.vehicles}
    stack_ids = {s.id for s in mission.stacks}
    modes = set(mission.header.modes)
    for stack, element in merged.stacks:
        for i, vehicle_id in enumerate(stack.vehicles):
            if vehicle_id not in vehicle_ids:
                findings.append(unknown("vehicle", vehicle_id, vehicle_ids,
                                        element.location("vehicles", i)))
    for vehicle, element in merged.vehicles:
        findings += _check_vehicle(vehicle, element, modes)
    for phase, element in merged.phases():
        findings += _check_phase(mission, phase, element, vehicle_ids, stack_ids)
    for budget, element in merged.budgets:
        findings += _check_budget(mission, budget, element, merged)
    return findings


def _check_vehicle(vehicle: Vehicle, element: Element, modes: set[str]) -> list[Finding]:
    findings = _check_breakdown(vehicle, element)
    if vehicle.kind is not None:
        findings.append(Finding(
            element.location("kind"), "okaeri.deprecated",
            f"'kind: {vehicle.kind}' is no longer needed: a vehicle's parts "
            f"({', '.join(PARTS)}) say what it can do", "remove the 'kind' line",
            severity="warning"))
    components = {c.id for c in vehicle.components}
    taken = components | set(PARTS) | {"components", "properties", "dry_mass", "propellant"}
    findings += _check_properties(vehicle.properties, element, modes, taken,
                                  f"vehicle {vehicle.id}")
    component_fields = set(Component.model_fields) | _COMPONENT_DERIVED
    for index, component in enumerate(vehicle.components):
        findings += _check_properties(component.properties,
                                      element.child("components", index), modes,
                                      component_fields, f"component {vehicle.id}.{component.id}")
    return findings


def _check_properties(properties: dict[str, Any], element: Element, modes: set[str],
                      taken: set[str], owner: str) -> list[Finding]:
    findings = []
    for name, value in properties.items():
        where = element.child("properties", name)
        if name in taken:
            findings.append(Finding(
                where.location(), "okaeri.reserved_id",
                f"property '{name}' of {owner} has the name of one of its fields, parts or "
                "components (their graph keys would collide)", f"rename it, e.g. '{name}_value'"))
        if isinstance(value, PerMode):
            for mode in value:
                if mode not in modes:
                    findings.append(unknown("mode", mode, modes, where.location(mode)))
    return findings


def _check_breakdown(vehicle: Vehicle, element: Element) -> list[Finding]:
    findings = []
    ids = {c.id: i for i, c in enumerate(vehicle.components)}
    parents = {c.id: c.parent for c in vehicle.components}
    has_parts = {c.parent for c in vehicle.components if c.parent is not None}
    for i, component in enumerate(vehicle.components):
        where = element.child("components", i)
        if component.id in RESERVED_COMPONENT_IDS:
            findings.append(Finding(where.location("id"), "okaeri.reserved_id",
                                    f"component id '{component.id}' is the name of a vehicle "
                                    "section", f"rename it, e.g. '{component.id}_hardware'"))
        if component.parent is not None and component.parent not in ids:
            findings.append(unknown(f"component of {vehicle.id}", component.parent, ids,
                                    where.location("parent")))
        if component.basic_mass is None and component.id not in has_parts:
            findings.append(Finding(
                where.location(), "okaeri.missing_key",
                f"component {vehicle.id}.{component.id} has no basic_mass and no parts: "
                "its mass would count as 0 kg",
                'give it a basic_mass (e.g. basic_mass: "2.5 kg"), or parts that name it '
                "as their parent"))
    findings += _breakdown_cycles(vehicle, element, ids, parents)
    canister = vehicle.sample_canister
    if canister is not None and canister.component not in ids:
        findings.append(unknown(f"component of {vehicle.id}", canister.component, ids,
                                element.location("sample_canister", "component")))
    return findings


def _breakdown_cycles(vehicle: Vehicle, element: Element, ids: dict[str, int],
                      parents: dict[str, str | None]) -> list[Finding]:
    findings = []
    reported: set[str] = set()
    for start in ids:
        chain = [start]
        node = parents.get(start)
        while node is not None and node in ids and node not in chain:
            chain.append(node)
            node = parents.get(node)
        if node is not None and node in chain and node not in reported:
            cycle = chain[chain.index(node):]
            reported.update(cycle)
            findings.append(Finding(
                element.location("components", ids[node], "parent"), "okaeri.cycle",
                f"breakdown cycle in {vehicle.id}: {' -> '.join([*cycle, node])}",
                "a component cannot be its own ancestor; fix one of these 'parent' keys"))
    return findings


def _check_phase(mission: Mission, phase: Any, element: Element,
                 vehicle_ids: set[str], stack_ids: set[str]) -> list[Finding]:
    findings = []
    stack_vehicles: tuple[str, ...] = ()
    if hasattr(phase, "stack"):
        if phase.stack not in stack_ids:
            findings.append(unknown("stack", phase.stack, stack_ids, element.location("stack")))
        else:
            stack_vehicles = mission.stack(phase.stack).vehicles
    if isinstance(phase, ManoeuvrePhase | OperationsPhase) and phase.performed_by is not None:
        findings += _check_performer(mission, phase, element, vehicle_ids, stack_vehicles)
    if isinstance(phase, OperationsPhase) and phase.delta_v and phase.performed_by is None:
        findings.append(Finding(element.location("delta_v"), "okaeri.missing_key",
                                "a delta-v needs the vehicle that performs it",
                                "add 'performed_by: <vehicle id>'"))
    if isinstance(phase, MassEventPhase):
        findings += _check_mass_event(mission, phase, element, vehicle_ids)
    if isinstance(phase, EntryPhase | DescentPhase):
        findings += _check_entering(mission, phase, element, vehicle_ids)
    findings += _check_phase_modes(mission, phase, element, vehicle_ids)
    return findings


def _check_performer(mission: Mission, phase: Any, element: Element, vehicle_ids: set[str],
                     stack_vehicles: tuple[str, ...]) -> list[Finding]:
    if phase.performed_by not in vehicle_ids:
        return [unknown("vehicle", phase.performed_by, vehicle_ids,
                        element.location("performed_by"))]
    if mission.vehicle(phase.performed_by).propulsion is None:
        return [Finding(element.location("performed_by"), "okaeri.invalid_value",
                        f"vehicle '{phase.performed_by}' has no propulsion",
                        "give the vehicle a 'propulsion' section or choose another vehicle")]
    if stack_vehicles and phase.performed_by not in stack_vehicles:
        return [Finding(element.location("performed_by"), "okaeri.invalid_value",
                        f"vehicle '{phase.performed_by}' is not in stack '{phase.stack}'",
                        f"stack vehicles: {', '.join(stack_vehicles)}")]
    return []


def _check_mass_event(mission: Mission, phase: MassEventPhase, element: Element,
                      vehicle_ids: set[str]) -> list[Finding]:
    findings = []
    for i, ref in enumerate(phase.adds):
        vehicle_id, _, component_id = ref.partition(".")
        if vehicle_id not in vehicle_ids:
            findings.append(unknown("vehicle", vehicle_id, vehicle_ids,
                                    element.location("adds", i)))
            continue
        components = {c.id for c in mission.vehicle(vehicle_id).components}
        if component_id not in components:
            findings.append(unknown(f"component of {vehicle_id}", component_id, components,
                                    element.location("adds", i)))
    for i, vehicle_id in enumerate(phase.separates):
        if vehicle_id not in vehicle_ids:
            findings.append(unknown("vehicle", vehicle_id, vehicle_ids,
                                    element.location("separates", i)))
    return findings


def _check_entering(mission: Mission, phase: EntryPhase | DescentPhase, element: Element,
                    vehicle_ids: set[str]) -> list[Finding]:
    if phase.vehicle not in vehicle_ids:
        return [unknown("vehicle", phase.vehicle, vehicle_ids, element.location("vehicle"))]
    missing = [p for p in ENTRY_PARTS if getattr(mission.vehicle(phase.vehicle), p) is None]
    if missing:
        return [Finding(element.location("vehicle"), "okaeri.invalid_value",
                        f"vehicle '{phase.vehicle}' has no {' and no '.join(missing)}: the "
                        "entry simulation needs an aeroshell, a heat shield and a parachute",
                        f"give {phase.vehicle} the missing sections, or choose the vehicle "
                        "that enters")]
    return []


def _check_phase_modes(mission: Mission, phase: Any, element: Element,
                       vehicle_ids: set[str]) -> list[Finding]:
    findings = []
    modes = set(mission.header.modes)
    for vehicle_id, mode in phase.modes.items():
        if vehicle_id not in vehicle_ids:
            findings.append(unknown("vehicle", vehicle_id, vehicle_ids,
                                    element.location("modes", vehicle_id)))
        if mode not in modes:
            findings.append(unknown("mode", mode, modes, element.location("modes", vehicle_id)))
    return findings


def _scope_vehicles(mission: Mission, scope: str) -> tuple[str, ...] | None:
    if scope in {v.id for v in mission.vehicles}:
        return (scope,)
    if scope in {s.id for s in mission.stacks}:
        return mission.stack(scope).vehicles
    return None


def _check_budget(mission: Mission, budget: BudgetDeclaration, element: Element,
                  merged: Merged) -> list[Finding]:
    findings: list[Finding] = []
    if budget.id in RESERVED_BUDGET_IDS:
        findings.append(Finding(element.location("id"), "okaeri.reserved_id",
                                f"budget id '{budget.id}' is okaeri's own budget",
                                f"choose another id, e.g. '{budget.id}_{budget.over}'"))
    first = next(e for b, e in merged.budgets if (b.id, b.over) == (budget.id, budget.over))
    if first is not element:
        findings.append(Finding(element.location("id"), "okaeri.duplicate_id",
                                f"budget '{budget.id}' over '{budget.over}' is declared twice "
                                f"(first at {first.location().file}:{first.location().line})",
                                "declare each budget of a scope once"))
    modes = set(mission.header.modes)
    for i, mode in enumerate(budget.modes):
        if mode not in modes:
            findings.append(unknown("mode", mode, modes, element.location("modes", i)))
    if isinstance(budget.capacity, dict):
        for mode in budget.capacity:
            if mode not in budget.modes:
                findings.append(Finding(
                    element.location("capacity", mode), "okaeri.invalid_value",
                    f"capacity for mode '{mode}', which budget '{budget.id}' does not list",
                    f"add '{mode}' to the budget's modes, or remove this capacity"))
    scope = _scope_vehicles(mission, budget.over)
    if scope is None:
        known = {v.id for v in mission.vehicles} | {s.id for s in mission.stacks}
        return [*findings, unknown("vehicle or stack", budget.over, known,
                                   element.location("over"))]
    return findings + _check_budget_values(mission, budget, element, merged, scope)


def _check_budget_values(mission: Mission, budget: BudgetDeclaration, element: Element,
                         merged: Merged, scope: tuple[str, ...]) -> list[Finding]:
    findings: list[Finding] = []
    kinds: dict[str, tuple[str, str]] = {}  # unit kind -> (where first seen, unit)
    carried = False
    elements = {v.id: e for v, e in merged.vehicles}
    for vehicle_id in scope:
        vehicle = mission.vehicle(vehicle_id)
        for index, component in enumerate(vehicle.components):
            value = component.properties.get(budget.property)
            if value is None:
                continue
            carried = True
            where = elements[vehicle_id].child("components", index, "properties",
                                               budget.property)
            per_mode = value if isinstance(value, PerMode) else None
            if per_mode is not None and not budget.modes:
                findings.append(Finding(
                    where.location(), "okaeri.invalid_value",
                    f"{vehicle_id}.{component.id}.{budget.property} is given per mode but "
                    f"budget '{budget.id}' has no modes", "give one value, or list the "
                    "modes in the budget"))
                continue
            for mode in budget.modes:
                if per_mode is not None and mode not in per_mode:
                    findings.append(Finding(
                        where.location(), "okaeri.missing_key",
                        f"{vehicle_id}.{component.id}.{budget.property} has no value for "
                        f"mode '{mode}' of budget '{budget.id}'",
                        f'add {mode}: "0 {_unit_text(per_mode)}" if it has none in that mode'))
            values: list[tuple[str | None, Any]] = (
                list(per_mode.items()) if per_mode is not None else [(None, value)])
            for value_mode, item in values:
                if isinstance(item, Derived):
                    continue
                kind = unit_kind(item.units)
                here = f"{vehicle_id}.{component.id}"
                if not kinds:
                    kinds[kind] = (here, str(item.units))
                elif kind not in kinds:
                    seen, _ = next(iter(kinds.values()))
                    first_kind = next(iter(kinds))
                    findings.append(Finding(
                        where.location(*((value_mode,) if value_mode else ())),
                        "okaeri.unit_mismatch",
                        f"{here}.{budget.property} is {describe_unit(item.units)}, but "
                        f"{seen}.{budget.property} in the same budget '{budget.id}' is "
                        f"{describe_kind(first_kind)}", "give every value of the budget's "
                        "property the same kind of unit"))
    if not carried:
        findings.append(Finding(
            element.location("property"), "okaeri.invalid_value",
            f"no component of {budget.over} carries the property '{budget.property}'",
            f"add 'properties: {{{budget.property}: ...}}' to the components it sums"))
    return findings


def _unit_text(per_mode: PerMode) -> str:
    for item in per_mode.values():
        if not isinstance(item, Derived):
            return f"{item.units:~}"
    return ""


