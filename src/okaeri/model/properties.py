"""Named properties of components and vehicles, single-valued or per operating mode.

Any component or vehicle may carry properties besides its mass::

    properties:
      power: {cruise: "35 W", main_engine_burn: "80 W", safe: "20 W"}
      data_rate: "64 kbit/s"
      heat_dissipation: "= 0.8 * otv.avionics.power.cruise"

A value is a quantity with its unit, an expression (``"= ..."``), or a mapping from the
mission's declared modes to either. The unit is free; a budget that rolls a property up
checks that every value it sums has the budget's dimension.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from okaeri import units
from okaeri.model.base import Derived, derived_or_none

_NAME = r"^[a-z][a-z0-9_]*$"


def _value(value: Any) -> Any:
    derived = derived_or_none(value)
    if derived is not None:
        return derived
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PydanticCustomError(
            "okaeri.not_a_quantity",
            "expected a quantity with its unit (e.g. '35 W'), an expression ('= ...') or "
            "a mapping of modes to values, got {found}",
            {"found": "nothing" if value is None else f"a {type(value).__name__}"})
    if isinstance(value, int | float):
        quantity = units.Quantity(float(value), units.ureg.dimensionless)
    else:
        try:
            quantity = units.parse_quantity(value)
        except ValueError as exc:
            raise PydanticCustomError(
                "okaeri.not_a_quantity", "expected a quantity with its unit (e.g. '35 W'), "
                "got {found}", {"found": str(exc)}) from None
    if not math.isfinite(float(quantity.magnitude)):
        raise PydanticCustomError("okaeri.not_a_quantity",
                                  "expected a finite value, got '{found}'", {"found": value})
    return units.check_finite_in_si(quantity)


def _validate(value: Any) -> Any:
    if isinstance(value, Mapping):
        if not value:
            raise PydanticCustomError("okaeri.invalid_value",
                                      "expected at least one mode, got an empty mapping")
        per_mode = {}
        for mode, item in value.items():
            if not isinstance(mode, str) or re.match(_NAME, mode) is None:
                raise PydanticCustomError(
                    "okaeri.invalid_id", "expected a mode id (lower case letters, digits and "
                    "'_'), got {found!r}", {"found": mode})
            per_mode[mode] = _value(item)
        return PerMode(per_mode)
    return _value(value)


def _serialise(value: Any) -> Any:
    if isinstance(value, PerMode):
        return {mode: _serialise(item) for mode, item in value.items()}
    return str(value) if isinstance(value, Derived) else units.format_quantity(value)


class PerMode(dict[str, Any]):
    """A property's value in each operating mode (``{"cruise": <35 W>, ...}``)."""


_ONE = {"anyOf": [
    {"type": "string", "description": "a quantity with its unit (e.g. '35 W') or an "
     "expression starting with '='", "examples": ["35 W"]},
    {"type": "number", "description": "a dimensionless number"},
]}

PropertyValue = Annotated[
    Any,
    PlainValidator(_validate),
    PlainSerializer(_serialise),
    WithJsonSchema({"anyOf": [*_ONE["anyOf"], {
        "type": "object", "description": "the value in each operating mode",
        "propertyNames": {"pattern": _NAME}, "additionalProperties": _ONE}]}),
]
"""A property value: a quantity, an expression, or one of them per mode."""


def property_items(properties: Mapping[str, Any]) -> list[tuple[str, str | None, Any]]:
    """``(name, mode or None, value)`` of every value of a ``properties`` mapping."""
    items: list[tuple[str, str | None, Any]] = []
    for name, value in properties.items():
        if isinstance(value, PerMode):
            items += [(name, mode, item) for mode, item in value.items()]
        else:
            items.append((name, None, value))
    return items
