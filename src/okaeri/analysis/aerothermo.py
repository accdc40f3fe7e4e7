"""Unit-aware face of :mod:`okaeri.core.aerothermo`: stagnation heating and flight loads.

Quantities in (pint, or strings such as ``"12 km/s"``), one conversion to SI, a core
call, quantities out. Invalid inputs raise :class:`okaeri.errors.OutOfRangeError`.
"""

from __future__ import annotations

from typing import Any

from okaeri.analysis._boundary import call_core, magnitude
from okaeri.core import aerothermo as core_aerothermo
from okaeri.units import AnyQuantity, Quantity

__all__ = [
    "deceleration_g",
    "dynamic_pressure",
    "mach_number",
    "sutton_graves",
    "tauber_sutton",
]

Value = AnyQuantity | str


def sutton_graves(density: Value, speed: Value, nose_radius: Value) -> AnyQuantity:
    """Convective stagnation heat flux (W/m^2), Sutton and Graves (NASA TR R-376)."""
    q = call_core("sutton_graves", core_aerothermo.sutton_graves,
              magnitude("density", density, "kg/m^3", "a density"),
              magnitude("speed", speed, "m/s", "a speed"),
              magnitude("nose_radius", nose_radius, "m", "a length"))
    return Quantity(q, "W/m^2")


def tauber_sutton(density: Value, speed: Value, nose_radius: Value) -> AnyQuantity:
    """Radiative stagnation heat flux (W/m^2), Tauber and Sutton (1991), Earth."""
    q = call_core("tauber_sutton", core_aerothermo.tauber_sutton,
              magnitude("density", density, "kg/m^3", "a density"),
              magnitude("speed", speed, "m/s", "a speed"),
              magnitude("nose_radius", nose_radius, "m", "a length"))
    return Quantity(q, "W/m^2")


def dynamic_pressure(density: Value, speed: Value) -> AnyQuantity:
    """Dynamic pressure rho V^2 / 2 (Pa)."""
    q = core_aerothermo.dynamic_pressure(
        magnitude("density", density, "kg/m^3", "a density"),
        magnitude("speed", speed, "m/s", "a speed"))
    return Quantity(q, "Pa")


def mach_number(speed: Value, speed_of_sound: Value) -> Any:
    """Mach number (a float or an array, dimensionless)."""
    return call_core("mach_number", core_aerothermo.mach_number,
                 magnitude("speed", speed, "m/s", "a speed"),
                 magnitude("speed_of_sound", speed_of_sound, "m/s", "a speed"))


def deceleration_g(density: Value, speed: Value, mass: Value, reference_area: Value,
                   drag_coefficient: float, lift_to_drag: float = 0.0) -> Any:
    """Aerodynamic load factor in g (float or array): sqrt(L^2 + D^2) / (m g0)."""
    return call_core("deceleration_g", core_aerothermo.deceleration_g,
                 magnitude("density", density, "kg/m^3", "a density"),
                 magnitude("speed", speed, "m/s", "a speed"),
                 magnitude("mass", mass, "kg", "a mass"),
                 magnitude("reference_area", reference_area, "m^2", "an area"),
                 drag_coefficient, lift_to_drag)
