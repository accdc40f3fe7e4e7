"""The base of every model type, identifiers, and derived-value expressions."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from okaeri import units


class OkaeriModel(BaseModel):
    """Base of all model types: immutable, unknown keys are errors, docstrings document
    (read when asked for, by :mod:`okaeri.model.field_docs`)."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        arbitrary_types_allowed=True,
    )


ElementId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[a-z][a-z0-9_]*$",
            "description": "identifier: lower case letters, digits and '_', starting "
            "with a letter (e.g. 'heat_shield')",
        }
    ),
]
"""Identifier of a vehicle, component, stack or phase (``heat_shield``); it is also the
first segment of the element's parameters in the dependency graph
(``capsule.heat_shield.basic_mass``)."""


class Derived(str):
    """A derived value: an expression starting with ``=`` (``"= 0.08 * otv.x.y"``).

    The expression is parsed, unit-checked and evaluated by :mod:`okaeri.graph`; the
    model keeps its text (without the ``=``) so that loading stays free of physics.
    :attr:`unit` is the SI unit the field expects (``"kg"`` for a mass), or ``None`` when
    the expression's own dimension is used (a property).
    """

    unit: str | None = None

    @property
    def expression(self) -> str:
        """The expression text after the leading ``=``."""
        return self[1:].strip()


def derived_or_none(value: Any, unit: str | None = None) -> Derived | None:
    """``value`` as a :class:`Derived` (expecting ``unit``) if it is a text starting with
    ``=``, else ``None``.

    Raises an ``okaeri.expression_syntax`` error for ``=`` followed by nothing."""
    if not (isinstance(value, str) and value.lstrip().startswith("=")):
        return None
    if not value.lstrip()[1:].strip():
        raise PydanticCustomError(
            "okaeri.expression_syntax", "expected an expression after '=', got nothing")
    derived = Derived(value.strip())
    derived.unit = unit
    return derived


_NOT_NEGATIVE = units.Range("0 kg")


def _validate_mass_or_derived(value: Any) -> Any:
    derived = derived_or_none(value, "kg")
    if derived is not None:
        return derived
    return units.check_in_range(_NOT_NEGATIVE, units.check_quantity("a mass", value))


def _serialise_mass_or_derived(value: Any) -> str:
    return str(value) if isinstance(value, Derived) else units.format_quantity(value)


MassOrDerived = Annotated[
    Any,
    PlainValidator(_validate_mass_or_derived),
    PlainSerializer(_serialise_mass_or_derived, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "a mass with its unit (e.g. '120 kg'), or an expression starting "
            "with '=' that computes one (e.g. '= otv.propulsion.tank_mass_fraction * "
            "otv.propulsion.propellant_loaded')",
        }
    ),
]
"""A mass (``"120 kg"``) or an expression that computes one (``"= 0.08 * ..."``)."""


def bounded(what: str, minimum: float | None = None, maximum: float | None = None) -> Any:
    """Metadata for ``Annotated[int, *bounded("a seed of 0 or more", 0)]``: a number
    checked against its bounds with an ``okaeri.invalid_value`` message ("expected
    <what>, got <value>"), and the bounds in the JSON Schema."""

    def check(value: float) -> float:
        # written so that NaN (every comparison false) is refused too, as is infinity
        if ((minimum is not None and not value >= minimum)
                or (maximum is not None and not value <= maximum)
                or (isinstance(value, float) and not math.isfinite(value))):
            raise PydanticCustomError("okaeri.invalid_value", "expected {what}, got {found}",
                                      {"what": what, "found": value})
        return value

    extra: dict[str, Any] = {}
    if minimum is not None:
        extra["minimum"] = minimum
    if maximum is not None:
        extra["maximum"] = maximum
    return AfterValidator(check), Field(json_schema_extra=extra)
