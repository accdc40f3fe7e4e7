"""Graph keys of every value okaeri builds: made here and nowhere else.

A key is a dotted path, the same string a finding, a criterion, an expression or
``okaeri impact`` uses:

======================================  ===============================================
key                                     what
======================================  ===============================================
``capsule.aeroshell.diameter``          a field of a vehicle's part (model value)
``otv.structure.basic_mass``            a field of a component (model value)
``otv.avionics.power.cruise``           a component property, in one mode
``otv.solar_array_power``               a vehicle property
``mission.policy.system_margin``        a field of the mission header
``tli.delta_v.with_margin``             a phase's delta-v (nominal, margin, with margin)
``budget.mass.otv.with_margin``         a budget's quantity for a scope (and a mode)
``budget.power.otv.cruise.margin``      ... in one mode
``budget.mass.launch``                  a mission-level budget total
``entry.nominal.peak_heat_flux_total``  an output of an analysis instance
======================================  ===============================================
"""

from __future__ import annotations

__all__ = [
    "DELTA_V_CAPABILITY",
    "DELTA_V_REQUIRED",
    "LAUNCH_MASS",
    "PROPELLANT_REQUIRED",
    "SYSTEM_MARGIN_AVAILABLE",
    "analysis_output",
    "assembly",
    "budget",
    "component",
    "delta_v",
    "growth",
    "join",
    "part",
    "policy",
    "predicted",
    "property_value",
]

LAUNCH_MASS = "budget.mass.launch"
"""Mass of the launched stack: dry masses with margins plus the loaded propellant (kg)."""
SYSTEM_MARGIN_AVAILABLE = "budget.mass.system_margin_available"
"""The largest system margin that keeps launch mass and propellant within their limits."""
PROPELLANT_REQUIRED = "budget.propellant.required"
"""Propellant the mission needs, residuals included (kg)."""
DELTA_V_REQUIRED = "budget.delta_v.required"
"""Sum of the propulsive vehicle's delta-v with margins (m/s)."""
DELTA_V_CAPABILITY = "budget.delta_v.capability"
"""Delta-v the propulsive vehicle reaches with its propellant (m/s)."""


def join(*parts: str | None) -> str:
    """Parts joined with dots, ``None`` parts left out."""
    if None not in parts:  # most keys: no generator needed
        return ".".join(parts)  # type: ignore[arg-type]
    return ".".join(p for p in parts if p is not None)


def part(vehicle: str, part_name: str, field: str) -> str:
    """``capsule.aeroshell.diameter``: a field of a vehicle's typed part."""
    return join(vehicle, part_name, field)


def component(vehicle: str, component_id: str, field: str) -> str:
    """``otv.structure.basic_mass``: a field (or derived value) of a component."""
    return join(vehicle, component_id, field)


def property_value(vehicle: str, component_id: str | None, name: str,
                   mode: str | None = None) -> str:
    """``otv.avionics.power.cruise`` (component) or ``otv.solar_array_power`` (vehicle)."""
    return join(vehicle, component_id, name, mode)


def predicted(budget_id: str, scope: str, vehicle: str, component_id: str, name: str,
              mode: str | None = None) -> str:
    """A component's value with its equipment margin in one budget: the mass budget's
    ``otv.tanks.predicted_mass`` (basic mass plus growth allowance, AIAA S-120A's term),
    else ``budget.power.otv.cruise.lines.otv.avionics``."""
    if name == "basic_mass":
        return join(vehicle, component_id, "predicted_mass")
    return join("budget", budget_id, scope, mode, "lines", vehicle, component_id)


def assembly(budget_id: str, scope: str, vehicle: str, component_id: str, name: str,
             mode: str | None, stage: str) -> str:
    """An assembly's total over its parts (``stage``: ``basic`` or ``predicted``): the mass
    budget's ``otv.avionics.assembly_basic_mass``, else
    ``budget.power.otv.cruise.assemblies.otv.avionics.basic``."""
    if name == "basic_mass":
        return join(vehicle, component_id, f"assembly_{stage}_mass")
    return join("budget", budget_id, scope, mode, "assemblies", vehicle, component_id, stage)


def growth(vehicle: str, component_id: str) -> str:
    """``otv.avionics.growth``: a growth allowance that depends on the component's own
    mass (the AIAA electrical rows)."""
    return join(vehicle, component_id, "growth")


def policy(*field: str) -> str:
    """``mission.policy.system_margin``, ``mission.policy.equipment_margins.new``."""
    return join("mission", "policy", *field)


def delta_v(phase: str, quantity: str) -> str:
    """``tli.delta_v.with_margin``: ``nominal``, ``margin_applied``, ``with_margin``,
    ``value`` (an allocation)."""
    return join(phase, "delta_v", quantity)


def budget(budget_id: str, scope: str, quantity: str, mode: str | None = None) -> str:
    """``budget.power.otv.cruise.margin``: a declared budget's quantity for a scope."""
    return join("budget", budget_id, scope, mode, quantity)


def analysis_output(instance: str, output: str) -> str:
    """``entry.nominal.peak_heat_flux_total``: an output of an analysis instance."""
    return join(instance, output)
