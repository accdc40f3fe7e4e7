"""Every quantity of the mission model as a parameter node of the dependency graph.

Keys are the model's readable paths, the same ones findings use:
``capsule.aeroshell.diameter``, ``otv.structure.basic_mass``,
``mission.policy.system_margin``, ``tli.delta_v.value``,
``mission.policy.equipment_margins.new``. Each node's origin is the file, line and column
the value was read from, or the policy default it came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pint
from pydantic import BaseModel

from okaeri.graph import DependencyGraph
from okaeri.model import Mission
from okaeri.model.base import Derived
from okaeri.units import format_unit


def _quantities(value: Any, prefix: str) -> Iterator[tuple[str, pint.Quantity[Any]]]:
    if isinstance(value, pint.Quantity):
        yield prefix, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _quantities(getattr(value, name), f"{prefix}.{name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _quantities(item, f"{prefix}.{key}")


def model_quantities(mission: Mission) -> Iterator[tuple[str, pint.Quantity[Any]]]:
    """Every quantity of the mission with its key, in model order."""
    yield from _quantities(mission.header, "mission")
    for vehicle in mission.vehicles:
        for name in type(vehicle).model_fields:
            if name != "components":
                yield from _quantities(getattr(vehicle, name), f"{vehicle.id}.{name}")
        for component in vehicle.components:
            if not isinstance(component.basic_mass, Derived):
                yield from _quantities(component, f"{vehicle.id}.{component.id}")
    for phase in mission.phases:
        yield from _quantities(phase, phase.id)


def add_parameters(graph: DependencyGraph, mission: Mission) -> None:
    """Add every quantity of ``mission`` to ``graph`` as a parameter node."""
    policy_source = f"default of the {mission.header.policy.kind} policy " \
                    f"({mission.header.policy.source})"
    for key, quantity in model_quantities(mission):
        origin = mission.source_of(key) or (
            policy_source if key.startswith("mission.policy.") else "default value")
        graph.add_parameter(key, float(quantity.magnitude), format_unit(quantity.units), origin)
