"""The one unit registry of okaeri, and the pydantic field types that check dimensions.

Every dimensional value in a model file is a string with its unit (``"45.8 kg"``,
``"11.0 km/s"``, ``"10 MW/m^2"``). The field types below parse such strings into
:class:`pint.Quantity` objects once, check their dimension at load time, and serialise
them back to the same string form.

The numerical core never sees a quantity: the unit-aware layer calls :func:`si` (or
``Quantity.m_as``) once at the boundary. :func:`si` uses a cached conversion factor per
unit, so converting 10,000 model values costs microseconds, not pint's ~80 µs per call.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction as Exponent
from functools import cached_property, lru_cache
from typing import Annotated, Any, TypeAlias

import pint
from pydantic import AfterValidator, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

__all__ = [
    "Acceleration",
    "Angle",
    "AnyQuantity",
    "Area",
    "Density",
    "Dimensionless",
    "Family",
    "Force",
    "HeatFlux",
    "HeatLoad",
    "Length",
    "Mass",
    "Measurement",
    "Percentage",
    "Power",
    "Pressure",
    "Quantity",
    "Range",
    "SpecificImpulse",
    "Speed",
    "Time",
    "check_in_range",
    "check_quantity",
    "describe_kind",
    "describe_unit",
    "family_of",
    "format_quantity",
    "format_unit",
    "parse_quantity",
    "si",
    "si_factor",
    "unit_kind",
    "ureg",
    "within",
]



_LEVEL_SYMBOL = "dB_level"
_LEVEL_UNITS = frozenset({"dB", "dBi", "dBW", "dBHz", "dB/K", "dBK", "dB-Hz"})
"""Units written for a level in decibels; all mean the same thing: a number of dB."""


def _registry() -> pint.UnitRegistry[Any]:
    """pint's registry, with its parsed definitions cached in the user's cache folder
    (~15 ms to build instead of ~100 ms); without the cache where it cannot be written."""
    try:
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=False, cache_folder=":auto:")
    except OSError:
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=False)


ureg: pint.UnitRegistry[Any] = _registry()
ureg.formatter.default_format = "~"
# Levels in decibels (link budgets) are plain numbers of their own dimension, so that they
# add and subtract as link budgets do; pint's logarithmic decibel is refused (its
# conversions mix levels and ratios).
ureg.define(f"decibel_level = [level] = {_LEVEL_SYMBOL}")
pint.set_application_registry(ureg)  # type: ignore[no-untyped-call]
Quantity = ureg.Quantity
AnyQuantity: TypeAlias = pint.Quantity[Any]
"""Type of a quantity whatever its magnitude type (for annotations)."""


@lru_cache(maxsize=4096)
def _unit(text: str) -> pint.Unit:
    """Parse a unit string once; the cache makes repeated units (``kg``) free.

    ``dB``, ``dBi``, ``dBW``, ``dB/K``, ``dBHz`` are levels (:data:`_LEVEL_UNITS`); any
    other logarithmic unit (``dBm``, ``decibel`` inside a compound, ``neper``) is refused
    with :class:`ValueError`."""
    if text.strip() in _LEVEL_UNITS:
        return ureg.Unit("decibel_level")
    unit = ureg.Unit(text.replace("%", "percent"))
    registry_units = getattr(ureg, "_units", {})
    for name in unit._units:
        definition = registry_units.get(name)
        if definition is not None and not definition.is_multiplicative:
            raise _RefusedUnitError(f"'{text}' is a logarithmic or offset unit; write levels "
                                    "as '3 dB' (dB, dBi, dBW, dB/K, dBHz) and temperatures "
                                    "in K")
    return unit


class _RefusedUnitError(ValueError):
    """A unit pint knows but okaeri refuses (logarithmic, offset)."""


_ANGLE_UNITS = frozenset({"radian", "degree", "arcminute", "arcsecond", "turn", "revolution"})


@lru_cache(maxsize=4096)
def unit_kind(unit: pint.Unit) -> str:
    """What a unit measures: its pint dimensionality (``[mass]``), ``angle`` or ``percent``.

    pint treats angles and percentages as dimensionless; model fields must not, or
    ``"-8.5"`` would pass as an angle and ``"5 %"`` as a drag coefficient.
    """
    name = format(unit, "D")
    if name in _ANGLE_UNITS:
        return "angle"
    if name == "percent":
        return "percent"
    dimensions = sorted(
        (d, Exponent(str(p)).limit_denominator(100))
        for d, p in unit.dimensionality.items()
    )
    if not dimensions:
        return "[]"

    def power(exponent: Exponent) -> str:
        return "" if exponent == 1 else f" ** {exponent}"

    numerator = [f"{d}{power(p)}" for d, p in dimensions if p > 0]
    denominator = [f"{d}{power(-p)}" for d, p in dimensions if p < 0]
    text = " * ".join(numerator) or "1"
    return text + "".join(f" / {d}" for d in denominator)


@dataclass(frozen=True)
class Family:
    """A unit family that a field expects, with its SI unit and an example."""

    name: str
    """Family name with an article, used in messages (``"a length"``)."""
    kind: str
    """What :func:`unit_kind` returns for a unit of this family."""
    si_unit: str
    """SI unit that the core receives (``"m/s"``); angles go to the core in radians."""
    example: str
    """A valid example value (``"11.0 km/s"``)."""


def _family(name: str, si_unit: str, example: str, kind: str = "") -> Family:
    return Family(name, kind or unit_kind(_unit(si_unit)), si_unit, example)


_FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        _family("a mass", "kg", "45.8 kg"),
        _family("a length", "m", "0.8 m"),
        _family("an area", "m^2", "0.6 m^2"),
        _family("a speed", "m/s", "11.0 km/s"),
        _family("an acceleration", "m/s^2", "9.81 m/s^2"),
        _family("an angle", "rad", "-8.5 deg"),
        _family("a time", "s", "6 h"),
        _family("a force", "N", "500 N"),
        _family("a specific impulse", "s", "320 s"),
        _family("a pressure", "Pa", "5 kPa"),
        _family("a density", "kg/m^3", "1.225 kg/m^3"),
        _family("a heat flux", "W/m^2", "10 MW/m^2"),
        _family("a heat load", "J/m^2", "350 MJ/m^2"),
        _family("a power", "W", "300 W"),
        _family("an energy", "J", "1100 W*h"),
        _family("a frequency", "Hz", "8.4 GHz"),
        _family("a data rate", "1/s", "64 kbit/s"),
        _family("a temperature", "K", "290 K"),
        _family("a level", "decibel_level", "3 dB"),
        _family("a dimensionless number", "", "1.05", kind="[]"),
        _family("a percentage", "", "5 %", kind="percent"),
    )
}

# Plain words for kinds found in user input, so that messages say "(a mass)".
_NAMES_BY_KIND: dict[str, str] = {
    **{unit_kind(_unit(u)): name for u, name in (("m^2", "an area"), ("m^3", "a volume"))},
    **{f.kind: f.name for f in reversed(_FAMILIES.values())},
}

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def family_of(name: str) -> Family:
    """The :class:`Family` called ``name`` (e.g. ``"a length"``)."""
    return _FAMILIES[name]


def describe_unit(unit: pint.Unit) -> str:
    """Plain words for what ``unit`` measures: ``"a mass"``, or its dimensionality."""
    return describe_kind(unit_kind(unit))


def describe_kind(kind: str) -> str:
    """Plain words for a :func:`unit_kind`: ``"a mass"``, or the kind itself."""
    return _NAMES_BY_KIND.get(kind, kind)


@lru_cache(maxsize=4096)
def si_factor(unit: pint.Unit) -> float:
    """Factor that turns a magnitude in ``unit`` into SI base units (radians for angles)."""
    return float(ureg.Quantity(1.0, unit).to_base_units().magnitude)


OPEN_VALUE_MARKER = re.compile(r"\s*\((TBD|TBC)(?:-\d+)?\)\s*$")
"""A value still to be determined or confirmed: ``"12 kg (TBD)"``, ``"50 g0 (TBC-002)"``.
The marker is not part of the value; :mod:`okaeri.requirements.markers` lists it."""


@lru_cache(maxsize=4096)
def parse_quantity(text: str) -> AnyQuantity:
    """Parse ``"<number> <unit>"`` (``"11.0 km/s"``) into a quantity; a trailing
    :data:`OPEN_VALUE_MARKER` (``"12 kg (TBD)"``) is allowed and ignored.

    Raises :class:`ValueError` with a readable message for text that is not a number
    followed by a known unit. The same text gives the same quantity object (cached:
    thousands of requirements repeat a few limits); arithmetic on it, in place or not,
    makes a new one.
    """
    text = OPEN_VALUE_MARKER.sub("", text)
    match = _NUMBER.match(text)
    if match is None:
        raise ValueError(f"'{text}' (not a number followed by a unit)")
    magnitude = float(match.group(1))
    unit_text = match.group(2)
    try:
        unit = _unit(unit_text) if unit_text else ureg.dimensionless
    except _RefusedUnitError as exc:
        raise ValueError(f"'{text}' ({exc})") from None
    except Exception as exc:  # pint's parser raises many types (TokenError, ...) on bad text
        raise ValueError(f"'{text}' ('{unit_text}' is not a known unit)") from exc
    if not isinstance(unit, pint.Unit):
        raise ValueError(f"'{text}' ('{unit_text}' is not a unit)")
    return ureg.Quantity(magnitude, unit)


def si(value: AnyQuantity) -> float:
    """Magnitude of ``value`` in SI base units (kg, m, s, rad, ...), as a float.

    Equivalent to ``value.m_as(<SI unit>)`` for the families above, through a cached
    per-unit factor. No model family has an offset unit (degC), so a factor suffices.
    """
    return float(value.magnitude) * si_factor(value.units)


def format_quantity(value: AnyQuantity) -> str:
    """The model-file form of a quantity: ``"0.8 m"``, ``"11 km/s"``, ``"5 %"``."""
    magnitude = value.magnitude
    number = repr(float(magnitude))
    if number.endswith(".0"):
        number = number[:-2]
    return f"{number} {format_unit(value.units)}".strip()


def format_unit(unit: Any) -> str:
    """Compact symbol of a unit as written in model files: ``MW/m^2``, ``km/s``, ``%``."""
    try:
        return _unit_symbol(unit)
    except TypeError:  # not hashable
        return f"{unit:~C}".replace("**", "^").replace(_LEVEL_SYMBOL, "dB").replace("g_0", "g0")


@lru_cache(maxsize=1024)
def _unit_symbol(unit: Any) -> str:
    return f"{unit:~C}".replace("**", "^").replace(_LEVEL_SYMBOL, "dB").replace("g_0", "g0")


def _not_a_quantity(family: Family, found: Any) -> PydanticCustomError:
    return PydanticCustomError(
        "okaeri.not_a_quantity",
        "expected {family} (e.g. '{example}'), got {found}",
        {"family": family.name, "example": family.example, "found": found},
    )


def _bare_number(family: Family, found: Any) -> PydanticCustomError:
    return PydanticCustomError(
        "okaeri.bare_number",
        "expected {family} (e.g. '{example}'), got the bare number {found}",
        {"family": family.name, "example": family.example, "found": found},
    )


def _validator(family: Family, bare_number_allowed: bool) -> Any:
    def validate(value: Any) -> AnyQuantity:
        if isinstance(value, pint.Quantity):
            quantity = value
        elif isinstance(value, bool) or not isinstance(value, int | float | str):
            kind = "nothing" if value is None else f"a {type(value).__name__}"
            raise _not_a_quantity(family, f"{value!r} ({kind})")
        elif isinstance(value, int | float):
            if not bare_number_allowed:
                raise _bare_number(family, value)
            quantity = ureg.Quantity(float(value), ureg.dimensionless)
        else:
            try:
                quantity = parse_quantity(value)
            except ValueError as exc:
                raise _not_a_quantity(family, str(exc)) from None
        found_kind = unit_kind(quantity.units)
        if found_kind == "[]" and family.kind != "[]":
            raise _bare_number(family, f"'{value}'" if isinstance(value, str) else value)
        if found_kind != family.kind:
            raise PydanticCustomError(
                "okaeri.unit_mismatch",
                "expected {family} (e.g. '{example}'), got '{found}' ({found_family})",
                {
                    "family": family.name,
                    "example": family.example,
                    "found": format_quantity(quantity),
                    "found_family": _NAMES_BY_KIND.get(found_kind, found_kind),
                },
            )
        if not math.isfinite(float(quantity.magnitude)):
            raise _not_a_quantity(family, "a value that is not finite")
        check_finite_in_si(quantity)
        return quantity

    return validate


def _serialise(value: AnyQuantity) -> str:
    return format_quantity(value)


_AS_TEXT = PlainSerializer(_serialise, return_type=str)


def _schema(family: Family, bare_number_allowed: bool) -> WithJsonSchema:
    text = {
        "type": "string",
        "description": f"{family.name} with its unit",
        "examples": [family.example],
    }
    if bare_number_allowed:
        return WithJsonSchema({"anyOf": [{"type": "number"}, text]})
    return WithJsonSchema(text)


_VALIDATORS: dict[str, Any] = {}


def check_quantity(family_name: str, value: Any) -> AnyQuantity:
    """Validate ``value`` (``"0.8 m"``, a quantity) as ``family_name`` (``"a length"``).

    Raises :class:`pydantic_core.PydanticCustomError` with a stable ``okaeri.*`` type
    and a message saying what was expected and what was found.
    """
    result: AnyQuantity = _VALIDATORS[family_name](value)
    return result


def _field(name: str, bare_number_allowed: bool = False) -> tuple[Any, Any, Any]:
    family = _FAMILIES[name]
    _VALIDATORS[name] = _validator(family, bare_number_allowed)
    return (
        PlainValidator(_VALIDATORS[name]),
        _AS_TEXT,
        _schema(family, bare_number_allowed),
    )


# Each alias is written out so that type checkers see pint.Quantity.
Mass = Annotated[AnyQuantity, *_field("a mass")]
Length = Annotated[AnyQuantity, *_field("a length")]
Area = Annotated[AnyQuantity, *_field("an area")]
Speed = Annotated[AnyQuantity, *_field("a speed")]
Acceleration = Annotated[AnyQuantity, *_field("an acceleration")]
Angle = Annotated[AnyQuantity, *_field("an angle")]
Time = Annotated[AnyQuantity, *_field("a time")]
Force = Annotated[AnyQuantity, *_field("a force")]
SpecificImpulse = Annotated[AnyQuantity, *_field("a specific impulse")]
Pressure = Annotated[AnyQuantity, *_field("a pressure")]
Density = Annotated[AnyQuantity, *_field("a density")]
HeatFlux = Annotated[AnyQuantity, *_field("a heat flux")]
HeatLoad = Annotated[AnyQuantity, *_field("a heat load")]
Power = Annotated[AnyQuantity, *_field("a power")]
Dimensionless = Annotated[AnyQuantity, *_field("a dimensionless number", True)]
Percentage = Annotated[AnyQuantity, *_field("a percentage")]


def _measurement(value: Any) -> AnyQuantity:
    if isinstance(value, pint.Quantity):
        quantity: AnyQuantity = value
    elif isinstance(value, str):
        try:
            quantity = parse_quantity(value)
        except ValueError as exc:
            raise PydanticCustomError("okaeri.not_a_quantity", "expected a value with its "
                                      "unit (e.g. '10 MW/m^2'), got {found}",
                                      {"found": str(exc)}) from None
    else:
        raise PydanticCustomError("okaeri.not_a_quantity", "expected a value with its unit "
                                  "(e.g. '10 MW/m^2'), got {found!r}", {"found": value})
    if not math.isfinite(float(quantity.magnitude)):
        raise PydanticCustomError("okaeri.not_a_quantity", "expected a finite value, got "
                                  "'{found}'", {"found": value})
    check_finite_in_si(quantity)
    return quantity


def check_finite_in_si(quantity: AnyQuantity) -> AnyQuantity:
    """``quantity`` if its SI value is a finite float, else an ``okaeri.out_of_range``
    error: ``"1e306 km"`` is finite as written but 1e309 m overflows a 64-bit float
    (largest about 1.8e308), so no analysis or budget could use it."""
    try:
        value = si(quantity)
    except (OverflowError, ArithmeticError):
        value = math.inf
    if not math.isfinite(value):
        raise PydanticCustomError(
            "okaeri.out_of_range", "expected a value whose SI value is finite (below "
            "about 1.8e308), got '{found}'", {"found": format_quantity(quantity)})
    return quantity


Measurement = Annotated[
    AnyQuantity, PlainValidator(_measurement), _AS_TEXT,
    WithJsonSchema({"type": "string", "description": "a value with its unit, of any kind",
                    "examples": ["10 MW/m^2"]})]
"""A quantity of any kind, with its unit (its dimension is checked where it is used)."""


@dataclass(frozen=True)
class Range:
    """Admissible range of a quantity field (bounds as model-file strings)."""

    low: str | None = None
    low_inclusive: bool = True
    high: str | None = None
    high_inclusive: bool = True

    def describe(self) -> str:
        """``"> 0 kg"``, ``"from 0 % to below 100 %"``, ``"from -90 deg to 90 deg"``."""
        low = (">=" if self.low_inclusive else ">") + f" {self.low}" if self.low else ""
        high = ("<=" if self.high_inclusive else "<") + f" {self.high}" if self.high else ""
        if low and high:
            return f"{low} and {high}"
        return low or high

    @cached_property
    def _bounds_si(self) -> tuple[float, float]:
        low = si(parse_quantity(self.low)) if self.low is not None else -math.inf
        high = si(parse_quantity(self.high)) if self.high is not None else math.inf
        return low, high

    def contains(self, value_si: float) -> bool:
        """Whether an SI value lies in the range."""
        low, high = self._bounds_si
        return ((low < value_si or (self.low_inclusive and value_si == low))
                and (value_si < high or (self.high_inclusive and value_si == high)))


def within(*, gt: str | None = None, ge: str | None = None, lt: str | None = None,
           le: str | None = None) -> tuple[Any, Range]:
    """Metadata for ``Annotated[Mass, *within(gt="0 kg")]``: the quantity must lie in the
    range, else an ``okaeri.out_of_range`` finding ("expected > 0 kg, got '-10 kg'").

    Bounds are written in the field's unit family; comparisons are made in SI.
    """
    admissible = Range(gt or ge, ge is not None or gt is None, lt or le,
                       le is not None or lt is None)

    def check(value: AnyQuantity) -> AnyQuantity:
        return value if value is None else check_in_range(admissible, value)

    return AfterValidator(check), admissible


def check_in_range(admissible: Range, value: AnyQuantity) -> AnyQuantity:
    """``value`` if it lies in ``admissible``, else an ``okaeri.out_of_range`` error."""
    if not admissible.contains(si(value)):
        raise PydanticCustomError(
            "okaeri.out_of_range", "expected {range}, got '{found}'",
            {"range": admissible.describe(), "found": format_quantity(value)})
    return value
