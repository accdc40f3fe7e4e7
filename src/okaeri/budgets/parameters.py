"""Every value of the mission model as a node of the dependency graph.

Keys are the model's readable paths, the same ones findings use
(:mod:`okaeri.model.keys`): ``capsule.aeroshell.diameter``, ``otv.structure.basic_mass``,
``otv.avionics.power.cruise``, ``mission.policy.system_margin``, ``tli.delta_v.value``,
``mission.trajectory.tli_perigee_burns``. A quantity or a whole number is a parameter whose
origin is the file, line and column it was read from (or the policy default it came from);
a value written as an expression (``"= ..."``) is a relation computed from others.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pint
from pydantic import BaseModel

from okaeri.errors import ExpressionError, Finding, Location
from okaeri.graph import DependencyGraph
from okaeri.model import Mission, keys
from okaeri.model.base import Derived
from okaeri.model.properties import property_items
from okaeri.units import Quantity, format_quantity, format_unit, si_factor

__all__ = ["add_derived", "add_parameters", "model_quantities"]


_NOT_VALUES = frozenset({str, bool, float, type(None)})
"""Types of model fields that hold no value of the graph (names, ids, flags), most of a
large model's fields: :func:`_collect_values` skips them before its ``isinstance`` chain."""

Found = list[tuple[str, Any]]


def _collect_values(value: Any, prefix: str, found: Found) -> None:
    """Append the values in ``value`` (a field, a model, a mapping) to ``found``."""
    if type(value) in _NOT_VALUES:
        return
    if isinstance(value, pint.Quantity | Derived):
        found.append((prefix, value))
    elif isinstance(value, int) and not isinstance(value, bool):
        found.append((prefix, Quantity(float(value), "dimensionless")))
    elif isinstance(value, BaseModel):
        _collect_fields(value, prefix, found, ("properties",))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _collect_values(item, f"{prefix}.{key}", found)


def _collect_fields(model: BaseModel, prefix: str, found: Found,
                    skipped: tuple[str, ...]) -> None:
    """:func:`_collect_values` of each field of ``model`` but those ``skipped``."""
    for name in type(model).model_fields:
        item = getattr(model, name)
        if type(item) not in _NOT_VALUES and name not in skipped:
            _collect_values(item, f"{prefix}.{name}", found)


def model_quantities(mission: Mission) -> Found:
    """Every value of the mission with its key, in model order: quantities (whole numbers
    as dimensionless quantities) and expressions (:class:`Derived`)."""
    found: Found = []
    _collect_values(mission.header, "mission", found)
    for vehicle in mission.vehicles:
        _collect_fields(vehicle, vehicle.id, found, ("components", "properties"))
        found += [(keys.property_value(vehicle.id, None, prop, mode), value)
                  for prop, mode, value in property_items(vehicle.properties)]
        for component in vehicle.components:
            _collect_fields(component, f"{vehicle.id}.{component.id}", found, ("properties",))
            found += [(keys.property_value(vehicle.id, component.id, prop, mode), value)
                      for prop, mode, value in property_items(component.properties)]
    for phase in mission.phases:
        _collect_fields(phase, phase.id, found, ("properties",))
    return found


def add_parameters(graph: DependencyGraph, mission: Mission, findings: list[Finding]) -> None:
    """Add every value of ``mission``: quantities as parameters, expressions as relations
    (an expression that does not parse is a finding in ``findings``)."""
    policy_source = f"default of the {mission.header.policy.kind} policy " \
                    f"({mission.header.policy.source})"
    for key, value in model_quantities(mission):
        origin = mission.source_of(key) or (
            policy_source if key.startswith("mission.policy.") else "default value")
        if isinstance(value, Derived):
            add_derived(graph, key, value, value.unit, origin, findings)
            continue
        unit = value.units  # pint makes a new Unit at each ask
        magnitude = float(value.magnitude)
        if not math.isfinite(magnitude * si_factor(unit)):
            # the model's fields refuse these at load time; a value that reaches here
            # still becomes a finding, never a traceback
            where = origin if isinstance(origin, Location) else Location(path=key)
            findings.append(Finding(where, "okaeri.out_of_range",
                                    f"expected a value whose SI value is finite, got "
                                    f"'{format_quantity(value)}'",
                                    "use a value in the admissible range of the field"))
        else:
            graph.add_parameter(key, magnitude, format_unit(unit), origin)


def add_derived(graph: DependencyGraph, key: str, value: Derived, unit: str | None,
                origin: Location | str, findings: list[Finding]) -> None:
    """Add an expression node; a syntax error becomes a located finding."""
    try:
        graph.add_expression(key, value.expression, unit, origin, initial=0.0)
    except ExpressionError as exc:
        location = origin if isinstance(origin, Location) else Location(path=key)
        findings.append(Finding(location, "okaeri.expression_syntax",
                                f"{exc.message} in expression '{value.expression}'", exc.hint))
