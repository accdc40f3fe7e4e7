"""Physical dimensions of expression values: exponents of the SI base dimensions.

A :class:`Dimension` is exact (:class:`fractions.Fraction` exponents, so ``sqrt`` of an
area is a length), multiplies and divides, and describes itself in words
(``"a mass (kg)"``). :func:`unit_info` parses a unit once and gives its dimension and its
factor to SI; angles and percentages are dimensionless here, as in the SI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, TypeAlias

import pint

from okaeri.units import describe_unit, parse_quantity, si, unit_kind, ureg

__all__ = [
    "DIMENSIONLESS",
    "Dimension",
    "DimensionLike",
    "UnitInfo",
    "as_dimension",
    "unit_info",
]

_BASE_ORDER: tuple[tuple[str, str], ...] = (
    ("[mass]", "kg"),
    ("[length]", "m"),
    ("[time]", "s"),
    ("[current]", "A"),
    ("[temperature]", "K"),
    ("[substance]", "mol"),
    ("[luminosity]", "cd"),
    ("[level]", "dB"),
)
_BASE_SYMBOL = dict(_BASE_ORDER)
_BASE_RANK = {name: rank for rank, (name, _) in enumerate(_BASE_ORDER)}


def _power_text(exponent: Fraction) -> str:
    if exponent == 1:
        return ""
    if exponent.denominator == 1:
        return f"^{exponent.numerator}"
    return f"^({exponent.numerator}/{exponent.denominator})"


@dataclass(frozen=True, slots=True)
class Dimension:
    """A physical dimension: exact rational exponents of the SI base dimensions.

    Angles and percentages are dimensionless, as in SI. Multiplication, division and
    rational powers follow dimension algebra; ``str()`` gives the SI unit (``"m/s"``).
    Build one with :func:`as_dimension` or :meth:`Dimension.of`.
    """

    exponents: tuple[tuple[str, Fraction], ...] = ()
    """Pairs (base dimension such as ``"[mass]"``, exponent), sorted, no zero exponent."""

    @classmethod
    def of(cls, exponents: Mapping[str, Any]) -> Dimension:
        """The dimension with these exponents (``{"[length]": 1, "[time]": -1}``)."""
        items: list[tuple[str, Fraction]] = []
        for name, value in exponents.items():
            exponent = Fraction(value).limit_denominator(1000)
            if exponent != 0:
                items.append((str(name), exponent))
        items.sort(key=lambda item: (_BASE_RANK.get(item[0], len(_BASE_RANK)), item[0]))
        return cls(tuple(items))

    @property
    def dimensionless(self) -> bool:
        """Whether all exponents are zero (numbers, angles, percentages)."""
        return not self.exponents

    def __mul__(self, other: Dimension) -> Dimension:
        merged = dict(self.exponents)
        for name, exponent in other.exponents:
            merged[name] = merged.get(name, Fraction(0)) + exponent
        return Dimension.of(merged)

    def __truediv__(self, other: Dimension) -> Dimension:
        return self * other ** -1

    def __pow__(self, power: Fraction | int) -> Dimension:
        factor = Fraction(power)
        return Dimension.of({name: exponent * factor for name, exponent in self.exponents})

    @property
    def si_unit(self) -> str:
        """The SI unit of this dimension (``"kg"``, ``"m/s^2"``, ``"W/m^2"``; ``""`` if none)."""
        named = _named_units().get(self)
        if named is not None:
            return named
        upper: list[str] = []
        lower: list[str] = []
        for name, exponent in self.exponents:
            symbol = _BASE_SYMBOL.get(name, name)
            if exponent > 0:
                upper.append(symbol + _power_text(exponent))
            else:
                lower.append(symbol + _power_text(-exponent))
        text = "*".join(upper) or ("1" if lower else "")
        if lower:
            text += "/" + ("*".join(lower) if len(lower) == 1 else "(" + "*".join(lower) + ")")
        return text

    def describe(self) -> str:
        """Plain words with the SI unit: ``"a mass (kg)"``, ``"a dimensionless number"``."""
        if self.dimensionless:
            return "a dimensionless number"
        return f"{_family_name(self)} ({self.si_unit})"

    def __str__(self) -> str:
        return self.si_unit or "1"


DIMENSIONLESS = Dimension()


@lru_cache(maxsize=1)
def _named_units() -> dict[Dimension, str]:
    """SI units with a name or a conventional compound form, by dimension."""
    names = ("N", "Pa", "J", "W", "W/m^2", "J/m^2", "J/kg", "N*s")
    return {Dimension.of(dict(ureg.Unit(name).dimensionality)): name for name in names}


_BASE_UNIT = {
    "[mass]": "kilogram",
    "[length]": "meter",
    "[time]": "second",
    "[current]": "ampere",
    "[temperature]": "kelvin",
    "[substance]": "mole",
    "[luminosity]": "candela",
    "[level]": "decibel_level",
}


@lru_cache(maxsize=256)
def _family_name(dimension: Dimension) -> str:
    """``"a mass"``, ``"a speed"``, ... from :func:`okaeri.units.describe_unit`."""
    exponents: dict[str, float | int] = {}
    for name, exponent in dimension.exponents:
        unit = _BASE_UNIT.get(name)
        if unit is None or exponent.denominator != 1:
            return "a quantity"
        exponents[unit] = exponent.numerator
    try:
        name = describe_unit(ureg.Unit(pint.util.UnitsContainer(exponents)))
    except Exception:  # pint raises many types for odd input; a name is cosmetic
        return "a quantity"
    return "a quantity" if "[" in name else name


DimensionLike: TypeAlias = "Dimension | str | pint.Unit | pint.Quantity[Any] | Mapping[str, Any]"
"""What :func:`as_dimension` accepts: a :class:`Dimension`, a unit text (``"km/s"``), a pint
unit or quantity, or a pint dimensionality (``UnitsContainer``) / exponent mapping."""


def as_dimension(value: DimensionLike) -> Dimension:
    """The :class:`Dimension` of a unit, quantity or dimensionality.

    Raises
    ------
    ValueError
        For a unit text that is not a known unit.
    """
    if isinstance(value, Dimension):
        return value
    if isinstance(value, str):
        return unit_info(value).dimension
    if isinstance(value, pint.Unit):
        return unit_info(value).dimension
    if isinstance(value, pint.Quantity):
        return unit_info(value.units).dimension
    return Dimension.of(value)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What the graph and the parser need to know about a unit, computed once per unit."""

    dimension: Dimension
    factor: float
    """Multiply a magnitude in this unit by ``factor`` to get SI (radians for angles)."""
    si_unit: str
    """The SI unit of values stored for it: ``"kg"``, ``"m/s"``, ``"rad"``, ``""``."""


@lru_cache(maxsize=4096)
def unit_info(unit: str | pint.Unit) -> UnitInfo:
    """Dimension, SI factor and SI unit of ``unit`` (``"km/s"``, ``"%"``, ``"deg"``, a pint unit).

    Raises
    ------
    ValueError
        If ``unit`` is not a known unit, or is an offset unit such as ``degC`` (a factor
        cannot convert it; write kelvin).
    """
    text = unit if isinstance(unit, str) else format(unit, "D")
    try:
        quantity = parse_quantity(f"1 {text.strip()}") if isinstance(unit, str) else (
            ureg.Quantity(1.0, unit)
        )
        offset = float(ureg.Quantity(0.0, quantity.units).to_base_units().magnitude)
    except ValueError as exc:  # okaeri's own message: unknown, logarithmic or offset
        raise ValueError(str(exc)) from None
    except Exception as exc:  # pint's parser raises TokenError, AttributeError, ...
        raise ValueError(f"'{text}' is not a known unit") from exc
    if offset != 0.0:
        raise ValueError(f"'{text}' is an offset unit; write temperatures in K")
    dimension = Dimension.of(dict(quantity.units.dimensionality))
    symbol = "rad" if unit_kind(quantity.units) == "angle" else dimension.si_unit
    return UnitInfo(dimension, si(quantity), symbol)


