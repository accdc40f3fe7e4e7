"""Stagnation-point heating and flight loads of an entry vehicle, in SI units.

Functions accept floats or numpy arrays (broadcast together) and return the same.

Sources
-------
[SG71] K. Sutton and R. A. Graves Jr., "A General Stagnation-Point Convective-Heating
       Equation for Arbitrary Gas Mixtures", NASA TR R-376, 1971.
[TS91] M. E. Tauber and K. Sutton, "Stagnation-Point Radiative Heating Relations for
       Earth and Mars Entries", Journal of Spacecraft and Rockets 28(1):40-42, 1991.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from okaeri.core.constants import G0

__all__ = [
    "SUTTON_GRAVES_EARTH",
    "TAUBER_SUTTON_EARTH_F",
    "TAUBER_SUTTON_EARTH_M",
    "TAUBER_SUTTON_EARTH_V",
    "deceleration_g",
    "dynamic_pressure",
    "mach_number",
        "sutton_graves",
    "tauber_sutton",
    "tauber_sutton_velocity_function",
]

FloatArray = NDArray[np.float64]

SUTTON_GRAVES_EARTH = 1.7415e-4
"""Sutton-Graves constant k for Earth air (kg^0.5/m), giving q in W/m^2 from rho in kg/m^3,
Rn in m and V in m/s [SG71: k = 1.7415e-4 for air in SI units]."""

TAUBER_SUTTON_EARTH_V = np.array([9000.0, 9250.0, 9500.0, 9750.0, 10000.0, 10250.0, 10500.0,
                                  10750.0, 11000.0, 11500.0, 12000.0, 12500.0, 13000.0,
                                  13500.0, 14000.0, 14500.0, 15000.0, 15500.0, 16000.0])
"""Velocities (m/s) of the Earth f(V) table of [TS91]."""

TAUBER_SUTTON_EARTH_F = np.array([1.5, 4.3, 9.7, 19.5, 35.0, 55.0, 81.0, 115.0, 151.0, 238.0,
                                  359.0, 495.0, 660.0, 850.0, 1065.0, 1313.0, 1550.0, 1780.0,
                                  2040.0])
"""f(V) of the Earth radiative-heating correlation of [TS91] (gives q_r in W/cm^2)."""

_TS_C = 4.736e4  # [TS91] Earth constant C, with q in W/cm^2, Rn in m, rho in kg/m^3
_TS_B = 1.22  # [TS91] Earth density exponent b


def _natural_spline_moments(x: FloatArray, y: FloatArray) -> FloatArray:
    """Second derivatives of the natural cubic spline through (x, y) (zero at both ends)."""
    n = x.size
    h = np.diff(x)
    a = np.zeros((n, n))
    b = np.zeros(n)
    a[0, 0] = a[-1, -1] = 1.0
    for i in range(1, n - 1):
        a[i, i - 1] = h[i - 1] / 6.0
        a[i, i] = (h[i - 1] + h[i]) / 3.0
        a[i, i + 1] = h[i] / 6.0
        b[i] = (y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1]
    moments: FloatArray = np.asarray(np.linalg.solve(a, b), dtype=np.float64)
    return moments


TAUBER_SUTTON_EARTH_M = _natural_spline_moments(TAUBER_SUTTON_EARTH_V, TAUBER_SUTTON_EARTH_F)
"""Second derivatives (1/(m/s)^2) of the natural cubic spline through the f(V) table."""


def _result(value: FloatArray) -> FloatArray | float:
    return float(value) if value.ndim == 0 else value


def sutton_graves(
    density: ArrayLike, speed: ArrayLike, nose_radius: ArrayLike,
    k: float = SUTTON_GRAVES_EARTH,
) -> FloatArray | float:
    """Stagnation-point convective heat flux, cold wall, of Sutton and Graves.

    .. math:: q_c = k \\sqrt{\\rho / R_n}\\, V^3

    Parameters
    ----------
    density : float or array_like
        Free-stream density rho (kg/m^3), >= 0.
    speed : float or array_like
        Speed relative to the atmosphere V (m/s).
    nose_radius : float or array_like
        Nose radius R_n (m), > 0.
    k : float, optional
        Constant (kg^0.5/m); default 1.7415e-4 for Earth air [SG71].

    Returns
    -------
    float or ndarray
        Convective heat flux q_c (W/m^2).

    References
    ----------
    K. Sutton and R. A. Graves Jr., NASA TR R-376, 1971.
    """
    rho = np.asarray(density, dtype=float)
    v = np.asarray(speed, dtype=float)
    rn = np.asarray(nose_radius, dtype=float)
    if np.any(rn <= 0.0):
        raise ValueError(f"nose_radius must be positive (m), got {nose_radius!r}")
    if np.any(rho < 0.0):
        raise ValueError(f"density must be non-negative (kg/m^3), got {density!r}")
    return _result(k * np.sqrt(rho / rn) * np.abs(v) ** 3)


def tauber_sutton_velocity_function(speed: ArrayLike) -> FloatArray | float:
    """The velocity function f(V) of Tauber and Sutton for Earth (scale of W/cm^2).

    The natural cubic spline through the [TS91] table (9 to 16 km/s): it equals the
    table at its points and is twice continuously differentiable, so that an adaptive
    integrator's error control stays valid over the heat-load integral (piecewise-linear
    interpolation has a kink at every table point). Between table points it lies within
    6.5 % of linear interpolation below 9.5 km/s and within 2 % above 10.5 km/s.
    0 below 9 km/s; linear extrapolation (the spline's end slope) above 16 km/s, outside
    the correlation's range of validity.

    Parameters
    ----------
    speed : float or array_like
        Speed relative to the atmosphere (m/s).

    Returns
    -------
    float or ndarray
        f(V) (dimensionless scale of [TS91]).

    References
    ----------
    M. E. Tauber and K. Sutton, J. Spacecraft Rockets 28(1):40-42, 1991 (the table).
    """
    v = np.abs(np.asarray(speed, dtype=float))
    x = TAUBER_SUTTON_EARTH_V
    y = TAUBER_SUTTON_EARTH_F
    m = TAUBER_SUTTON_EARTH_M
    i = np.clip(np.searchsorted(x, v, side="right") - 1, 0, x.size - 2)
    h = x[i + 1] - x[i]
    u = np.clip(v, x[0], x[-1])
    lo = x[i + 1] - u
    hi = u - x[i]
    f = (m[i] * lo**3 / (6 * h) + m[i + 1] * hi**3 / (6 * h)
         + (y[i] / h - m[i] * h / 6) * lo + (y[i + 1] / h - m[i + 1] * h / 6) * hi)
    hn = x[-1] - x[-2]
    end_slope = (y[-1] - y[-2]) / hn + hn * (m[-2] + 2.0 * m[-1]) / 6.0
    f = np.where(v > x[-1], y[-1] + end_slope * (v - x[-1]), f)
    f = np.where(v < x[0], 0.0, f)
    return _result(np.asarray(f, dtype=float))


def tauber_sutton(
    density: ArrayLike, speed: ArrayLike, nose_radius: ArrayLike,
) -> FloatArray | float:
    """Stagnation-point radiative (equilibrium shock-layer) heat flux for Earth entry.

    .. math::
        q_r = 10^4\\, C\\, R_n^{a} \\rho^{b} f(V), \\quad C = 4.736\\times10^4,\\; b = 1.22,
        \\quad a = \\min(1.072\\times10^6\\, V^{-1.88} \\rho^{-0.325},\\; a_{max})

    with a_max = 1.0 for R_n < 1 m, 0.6 for 1 <= R_n < 2 m, 0.5 for R_n >= 2 m, and f(V)
    the tabulated velocity function (:func:`tauber_sutton_velocity_function`); the factor 10^4 turns
    [TS91]'s W/cm^2 into W/m^2. The correlation covers 9-16 km/s (the table's range) and
    nose radii up to 3 m. Below 9 km/s the function returns 0 (radiation is negligible
    there for capsule-sized bodies); above 16 km/s f(V) is extrapolated linearly from its
    last interval, outside the fitted range.

    Parameters
    ----------
    density : float or array_like
        Free-stream density rho (kg/m^3), >= 0.
    speed : float or array_like
        Speed relative to the atmosphere V (m/s).
    nose_radius : float or array_like
        Nose radius R_n (m), > 0.

    Returns
    -------
    float or ndarray
        Radiative heat flux q_r (W/m^2).

    References
    ----------
    M. E. Tauber and K. Sutton, J. Spacecraft Rockets 28(1):40-42, 1991.
    """
    rho = np.asarray(density, dtype=float)
    v = np.abs(np.asarray(speed, dtype=float))
    rn = np.asarray(nose_radius, dtype=float)
    if np.any(rn <= 0.0):
        raise ValueError(f"nose_radius must be positive (m), got {nose_radius!r}")
    if np.any(rho < 0.0):
        raise ValueError(f"density must be non-negative (kg/m^3), got {density!r}")
    f = np.asarray(tauber_sutton_velocity_function(v))
    a_max = np.where(rn < 1.0, 1.0, np.where(rn < 2.0, 0.6, 0.5))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        a = np.minimum(1.072e6 * v ** -1.88 * rho ** -0.325, a_max)
        q = np.where((f > 0.0) & (rho > 0.0), 1.0e4 * _TS_C * rn**a * rho**_TS_B * f, 0.0)
    return _result(q)


def dynamic_pressure(density: ArrayLike, speed: ArrayLike) -> FloatArray | float:
    """Dynamic pressure ``q = rho V^2 / 2`` (Pa), density in kg/m^3, speed in m/s."""
    rho = np.asarray(density, dtype=float)
    v = np.asarray(speed, dtype=float)
    return _result(0.5 * rho * v * v)


def mach_number(speed: ArrayLike, speed_of_sound: ArrayLike) -> FloatArray | float:
    """Mach number ``M = V / a`` (dimensionless), speed and speed of sound in m/s."""
    v = np.asarray(speed, dtype=float)
    a = np.asarray(speed_of_sound, dtype=float)
    if np.any(a <= 0.0):
        raise ValueError(f"speed_of_sound must be positive (m/s), got {speed_of_sound!r}")
    return _result(np.abs(v) / a)


def deceleration_g(
    density: ArrayLike, speed: ArrayLike, mass: ArrayLike, reference_area: ArrayLike,
    drag_coefficient: ArrayLike, lift_to_drag: ArrayLike = 0.0,
) -> FloatArray | float:
    """Aerodynamic load factor in units of standard gravity.

    .. math:: n = \\frac{\\rho V^2 S C_D}{2 m g_0}\\sqrt{1 + (L/D)^2}

    the magnitude of the sensed (non-gravitational) acceleration, drag and lift together,
    with g0 = 9.80665 m/s^2 (``okaeri.core.constants.G0``).

    Parameters
    ----------
    density : float or array_like
        Free-stream density (kg/m^3).
    speed : float or array_like
        Speed relative to the atmosphere (m/s).
    mass : float or array_like
        Vehicle mass (kg), > 0.
    reference_area : float or array_like
        Aerodynamic reference area S (m^2), > 0.
    drag_coefficient : float or array_like
        Drag coefficient C_D (dimensionless), >= 0.
    lift_to_drag : float or array_like, optional
        Lift-to-drag ratio L/D (dimensionless); default 0 (ballistic).

    Returns
    -------
    float or ndarray
        Load factor n (g, dimensionless).

    References
    ----------
    Standard definition; g0 from CGPM 1901 (see ``okaeri.core.constants``).
    """
    m = np.asarray(mass, dtype=float)
    s = np.asarray(reference_area, dtype=float)
    if np.any(m <= 0.0) or np.any(s <= 0.0):
        raise ValueError("mass (kg) and reference_area (m^2) must be positive")
    q = np.asarray(dynamic_pressure(density, speed))
    ld = np.asarray(lift_to_drag, dtype=float)
    cd = np.asarray(drag_coefficient, dtype=float)
    return _result(q * s * cd / (m * G0) * np.sqrt(1.0 + ld * ld))

