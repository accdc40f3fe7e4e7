"""Whether a value a campaign sets on a model parameter is one the model admits.

Every physical field of the model declares its admissible range (a diameter is positive,
a fraction lies in [0, 100 %)); loading a mission checks each value written in a file.
A trade study or a sensitivity sets parameters on the dependency graph instead, past
that check: :class:`ParameterRanges` runs the same field validation on the new value,
so that a negative diameter is a point with a clear error (the field's own message,
``expected > 0 m and <= 50 m, got '-0.1 m'``), not a point silently evaluated.

A parameter is found by walking the mission the way the graph's parameters are made
(:func:`okaeri.budgets.parameters.model_quantities`): the header under ``mission``, each
vehicle's fields and parts under its id, each component under ``<vehicle>.<component>``,
each phase under its id. Named properties (free units, no range) and values the graph
adds itself are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

import pint
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from okaeri.model import Mission
from okaeri.units import Quantity

__all__ = ["ParameterRanges"]


@dataclass(frozen=True)
class _Field:
    """A model field holding a parameter: how to validate a value, in which unit."""

    adapter: TypeAdapter[Any]
    value: Any
    """The model's value (a quantity, or a whole number)."""


def _adapter(info: FieldInfo) -> TypeAdapter[Any]:
    if not info.metadata:  # an optional field: its checks are inside its annotation
        optional: Any = info.annotation
        return TypeAdapter(optional)
    annotated: Any = Annotated[info.annotation, *info.metadata]  # the field's own checks
    return TypeAdapter(annotated)


def _fields(model: BaseModel, prefix: str, skip: frozenset[str] = frozenset()
            ) -> Iterator[tuple[str, _Field]]:
    for name, info in type(model).model_fields.items():
        if name in skip or name == "properties":
            continue
        value = getattr(model, name)
        key = f"{prefix}.{name}"
        if isinstance(value, BaseModel):
            yield from _fields(value, key)
        elif _is_value(value):
            yield key, _Field(_adapter(info), value)
        elif isinstance(value, Mapping):
            yield from _mapping(value, key, info.annotation)


def _is_value(value: Any) -> bool:
    return isinstance(value, pint.Quantity) or (isinstance(value, int)
                                                and not isinstance(value, bool))


def _mapping(values: Mapping[Any, Any], prefix: str, annotation: Any
             ) -> Iterator[tuple[str, _Field]]:
    """The items of a ``dict[K, V]`` field (``equipment_margins``, ``growth_table``)."""
    arguments = get_args(annotation) if get_origin(annotation) is dict else ()
    item_type = arguments[1] if len(arguments) == 2 else None
    for name, item in values.items():
        key = f"{prefix}.{name}"
        if isinstance(item, BaseModel):
            yield from _fields(item, key)
        elif isinstance(item, Mapping):
            yield from _mapping(item, key, item_type)
        elif item_type is not None and _is_value(item):
            yield key, _Field(TypeAdapter(item_type), item)


def _model_fields(mission: Mission) -> Iterator[tuple[str, _Field]]:
    yield from _fields(mission.header, "mission")
    for vehicle in mission.vehicles:
        yield from _fields(vehicle, vehicle.id, frozenset({"components"}))
        for component in vehicle.components:
            yield from _fields(component, f"{vehicle.id}.{component.id}")
    for phase in mission.phases:
        yield from _fields(phase, phase.id)


class ParameterRanges:
    """The admissible values of a mission's parameters (see the module docstring)."""

    def __init__(self, mission: Mission) -> None:
        self._fields = dict(_model_fields(mission))

    def __contains__(self, key: object) -> bool:
        return key in self._fields

    def problem(self, key: str, value_si: float, unit_si: str) -> str | None:
        """Why ``value_si`` (in the graph's SI unit ``unit_si``) is not an admissible value
        of parameter ``key``, or ``None`` when it is (or ``key`` is not a model field)."""
        found = self._fields.get(key)
        if found is None:
            return None
        if isinstance(found.value, pint.Quantity):
            candidate: Any = Quantity(value_si, unit_si or "dimensionless").to(
                found.value.units)
        elif float(value_si).is_integer():
            candidate = int(value_si)
        else:
            return f"'{key}' is a whole number, got {value_si:g}"
        try:
            found.adapter.validate_python(candidate)
        except ValidationError as exc:
            errors = exc.errors()
            own = [e for e in errors if str(e["type"]).startswith("okaeri.")] or errors
            return f"'{key}' out of its admissible range: {own[0]['msg']}"
        return None
