"""Unit-aware face of :mod:`okaeri.core.atmosphere`.

Quantities in (pint, any unit of the right dimension; strings such as ``"80 km"`` are
accepted too), one conversion to SI at the boundary, a core call, quantities out. An
altitude outside the model's range raises :class:`okaeri.errors.OutOfRangeError`.
"""

from __future__ import annotations

from typing import NamedTuple

from okaeri.analysis._boundary import magnitude
from okaeri.core import atmosphere as core_atmosphere
from okaeri.errors import OutOfRangeError
from okaeri.units import AnyQuantity, Quantity

__all__ = ["AtmosphereState", "exponential", "us1976"]


class AtmosphereState(NamedTuple):
    """Temperature, pressure, density and speed of sound as quantities."""

    temperature: AnyQuantity
    pressure: AnyQuantity
    density: AnyQuantity
    speed_of_sound: AnyQuantity


def _wrap(state: core_atmosphere.Atmosphere) -> AtmosphereState:
    return AtmosphereState(
        temperature=Quantity(state.temperature, "K"),
        pressure=Quantity(state.pressure, "Pa"),
        density=Quantity(state.density, "kg/m^3"),
        speed_of_sound=Quantity(state.speed_of_sound, "m/s"),
    )


def us1976(altitude: AnyQuantity | str, density_factor: float = 1.0) -> AtmosphereState:
    """U.S. Standard Atmosphere 1976 at geometric ``altitude`` (0 to 1000 km).

    See :func:`okaeri.core.atmosphere.us1976` for the model and its source
    (NOAA-S/T 76-1562). ``altitude`` may be a scalar or an array quantity;
    ``density_factor`` multiplies density only.
    """
    z = magnitude("altitude", altitude, "m", "a length")
    try:
        return _wrap(core_atmosphere.us1976(z, density_factor))
    except ValueError as exc:
        raise OutOfRangeError(f"U.S. Standard Atmosphere 1976: {exc}") from exc


def exponential(
    altitude: AnyQuantity | str,
    surface_density: AnyQuantity | str = "1.225 kg/m^3",
    scale_height: AnyQuantity | str = "7.2 km",
    density_factor: float = 1.0,
) -> AtmosphereState:
    """Isothermal exponential atmosphere ``rho = rho0 exp(-h/H)``.

    See :func:`okaeri.core.atmosphere.exponential`.
    """
    z = magnitude("altitude", altitude, "m", "a length")
    rho0 = magnitude("surface_density", surface_density, "kg/m^3", "a density")
    h_s = magnitude("scale_height", scale_height, "m", "a length")
    try:
        return _wrap(core_atmosphere.exponential(z, rho0, h_s, density_factor))
    except ValueError as exc:
        raise OutOfRangeError(f"exponential atmosphere: {exc}") from exc
