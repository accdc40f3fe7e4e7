"""U.S. Standard Atmosphere 1976 (0 to 1000 km) and an exponential atmosphere.

All inputs and outputs are SI: geometric altitude in m, temperature in K, pressure in
Pa, density in kg/m^3, speed of sound in m/s.

Source
------
[US76] NOAA, NASA, USAF, "U.S. Standard Atmosphere, 1976", NOAA-S/T 76-1562,
Washington D.C., October 1976. Equation, table and section numbers below refer to it.

Model
-----
*0 to 86 km* (section 1.2): seven layers that are linear in molecular-scale temperature
``T_M`` against geopotential altitude ``H = r0 Z / (r0 + Z)`` (eq. 18, r0 = 6,356,766 m),
with the base values of Table 4 and the hydrostatic pressure of eqs. 33a/33b::

    T_M = T_Mb + L_Mb (H - H_b)
    P   = P_b (T_Mb / T_M)^(g0' M0 / (R* L_Mb))         (L_Mb != 0)
    P   = P_b exp(-g0' M0 (H - H_b) / (R* T_Mb))         (L_Mb == 0)
    rho = P M0 / (R* T_M)                                (eq. 42-1)
    a   = (gamma R* T_M / M0)^(1/2)                      (eq. 50)

The base pressures are computed from 101,325 Pa with these equations, as the standard
does. The kinetic temperature is ``T = T_M M/M0``; between 80 and 86 km the ratio M/M0
is linearly interpolated in Table 8 (it falls from 1 to 0.999579).

*86 to 1000 km* (section 1.3): the kinetic temperature follows eqs. 25-32 (isothermal,
an elliptical arc, linear, then the exponential approach to T_inf = 1000 K). Pressure
and density come from the number densities of N2, O, O2, Ar, He (and H above 150 km),
integrated upward from their 86 km values (Table 9) with the diffusion, eddy-mixing and
vertical-flux terms of eqs. 34-40 and the constants of Tables 6 and 7::

    d ln(n_i T)/dZ = -[ g/(R* T) (D_i M_i + K M)/(D_i + K)
                        + D_i/(D_i + K) alpha_i (dT/dZ)/T + v_i/(D_i + K) ]
    D_i = a_i / N_b (T/273.15)^b_i
    P = N k T,  rho = sum(n_i M_i) / N_A                 (eqs. 33c, 42-3)

This module integrates those equations once, on first use, on a uniform 25 m grid
(third-order cumulative quadrature; the neglected truncation is below 1e-6 relative),
and interpolates the logarithms of pressure and density linearly between grid nodes
(interpolation error below 1e-5 relative). The standard gives no speed of sound above
86 km (section 1.3.10); :func:`us1976` returns ``(gamma R* T / M)^(1/2)`` with the
local mean molecular weight there, an extrapolation used only to form Mach numbers.

The integrated profile reproduces Table I to its printed digits (5 significant digits
for pressure, 4 for density above 86 km); see ``tests/unit/core/test_atmosphere.py``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "ALTITUDE_MAX",
    "ALTITUDE_MIN",
    "Atmosphere",
    "UpperTable",
    "exponential",
    "geometric_to_geopotential",
    "geopotential_to_geometric",
    "upper_table",
    "us1976",
]

FloatArray = NDArray[np.float64]

# --- Constants of the standard (Table 2 and section 1.2) -------------------------------
G0_PRIME = 9.80665
"""g0' (m^2/(s^2 m')), the constant that converts geopotential to geometric height [US76]."""
R0 = 6356766.0
"""Effective Earth radius r0 (m) of the geopotential conversion, eq. 18 [US76]."""
R_STAR = 8.31432e3
"""Universal gas constant R* (J/(kmol K)) as defined by the standard [US76, Table 2]."""
M0 = 28.9644
"""Sea-level mean molecular weight M0 (kg/kmol) [US76, Table 2]."""
K_BOLTZMANN = 1.380622e-23
"""Boltzmann constant k (J/K) as used by the standard [US76, Table 2]."""
N_AVOGADRO = 6.022169e26
"""Avogadro constant N_A (1/kmol) as used by the standard [US76, Table 2]."""
GAMMA_AIR = 1.4
"""Ratio of specific heats of air [US76, eq. 50]."""
P0 = 101325.0
"""Sea-level pressure (Pa) [US76, Table 2]."""

ALTITUDE_MIN = 0.0
"""Lowest geometric altitude (m) accepted by :func:`us1976`."""
ALTITUDE_MAX = 1_000_000.0
"""Highest geometric altitude (m) accepted by :func:`us1976` (the standard's top)."""

_GMR = G0_PRIME * M0 / R_STAR  # K/m': hydrostatic constant g0' M0 / R*

# Table 4: geopotential base heights (m') and lapse rates (K/m'); T_Mb follows from them.
_H_BASE = np.array([0.0, 11000.0, 20000.0, 32000.0, 47000.0, 51000.0, 71000.0, 84852.0])
_LAPSE = np.array([-6.5e-3, 0.0, 1.0e-3, 2.8e-3, 0.0, -2.8e-3, -2.0e-3])


def _lower_bases() -> tuple[FloatArray, FloatArray]:
    t_base = np.empty(7)
    p_base = np.empty(7)
    t, p = 288.15, P0
    for i in range(7):
        t_base[i], p_base[i] = t, p
        dh = _H_BASE[i + 1] - _H_BASE[i]
        t_top = t + _LAPSE[i] * dh
        if _LAPSE[i] == 0.0:
            p = p * math.exp(-_GMR * dh / t)
        else:
            p = p * (t / t_top) ** (_GMR / _LAPSE[i])
        t = t_top
    return t_base, p_base


_T_BASE, _P_BASE = _lower_bases()

# Table 8: M/M0 from 80 to 86 km geometric, every 0.5 km.
_RATIO_Z = np.arange(80000.0, 86000.1, 500.0)
_RATIO = np.array([1.000000, 0.999996, 0.999989, 0.999971, 0.999941, 0.999909, 0.999870,
                   0.999829, 0.999786, 0.999741, 0.999694, 0.999641, 0.999579])

# --- Upper atmosphere constants (section 1.3; Tables 5, 6, 7, 9) ------------------------
_Z7, _Z8, _Z9, _Z10, _Z11 = 86000.0, 91000.0, 110000.0, 120000.0, 500000.0
_T7 = 186.8673  # K at 86 km (Table 5)
_T9, _LK9, _T10, _T_INF = 240.0, 12.0e-3, 360.0, 1000.0  # K, K/m, K, K
# Ellipse of eq. 27 from its defining conditions (Appendix B): T = T7 with zero slope at
# 91 km, T = T9 with slope LK9 at 110 km. The printed Tc = 263.1905 K, A = -76.3232 K,
# a = -19.9429 km are these values rounded.
_TC = (_LK9 * (_Z9 - _Z8) * _T9 + _T7**2 - _T9**2) / (_LK9 * (_Z9 - _Z8) + 2 * _T7 - 2 * _T9)
_A_ELL = _T7 - _TC
_A_AXIS = (_Z9 - _Z8) * _A_ELL / math.sqrt(_A_ELL**2 - (_T9 - _TC) ** 2)
_LAMBDA = _LK9 / (_T_INF - _T10)  # 1/m (eq. 31: 0.01875 /km)

_SPECIES = ("N2", "O", "O2", "Ar", "He", "H")
_MOLAR = np.array([28.0134, 15.9994, 31.9988, 39.948, 4.0026, 1.00797])  # kg/kmol, Table 3
_N7 = (1.129794e20, 8.6e16, 3.030898e19, 1.351400e18, 7.5817e14)  # 1/m^3 at 86 km, Table 9
_ALPHA = (0.0, 0.0, 0.0, 0.0, -0.40, -0.25)  # thermal diffusion factors, Table 6
_A_DIFF = (0.0, 6.986e20, 4.863e20, 4.487e20, 1.700e21, 3.305e21)  # 1/(m s), Table 6
_B_DIFF = (0.0, 0.750, 0.750, 0.870, 0.691, 0.500)  # Table 6
# Table 7 (per species O, O2, Ar, He): Q (km^-3), U (km), W (km^-3); q, u, w for O only.
_FLUX = {1: (-5.809644e-4, 56.90311, 2.706240e-5), 2: (1.366212e-4, 86.0, 8.333333e-5),
         3: (9.434079e-5, 86.0, 8.333333e-5), 4: (-2.457369e-4, 86.0, 6.666667e-4)}
_FLUX_O_LOW = (-3.416248e-3, 97.0, 5.008765e-4)  # q, u, w: applies to O below 97 km
_K7 = 1.2e2  # m^2/s, eddy diffusion 86-95 km (eq. 7a)
_N_H11 = 8.0e10  # 1/m^3, hydrogen at 500 km
_PHI_H = 7.2e11  # 1/(m^2 s), hydrogen flux
_Z_H = 150000.0  # hydrogen is neglected below 150 km

_UPPER_STEP = 25.0  # m, integration and interpolation grid above 86 km


class Atmosphere(NamedTuple):
    """State of the atmosphere at given altitudes (each a float or an array)."""

    temperature: FloatArray | float
    """Kinetic temperature (K)."""
    pressure: FloatArray | float
    """Pressure (Pa)."""
    density: FloatArray | float
    """Mass density (kg/m^3), multiplied by any density factor."""
    speed_of_sound: FloatArray | float
    """Speed of sound (m/s)."""


class UpperTable(NamedTuple):
    """The 86-1000 km profile on a uniform grid (for interpolation, also in compiled code).

    ``altitude[0] = 86 km``, spacing ``step``; ``log_pressure`` and ``log_density`` are
    natural logarithms of Pa and kg/m^3; ``temperature`` in K; ``molar_mass`` in kg/kmol.
    """

    step: float
    altitude: FloatArray
    temperature: FloatArray
    log_pressure: FloatArray
    log_density: FloatArray
    molar_mass: FloatArray


def geometric_to_geopotential(altitude_m: ArrayLike) -> FloatArray | float:
    """Geopotential altitude H (m') of geometric altitude Z (m).

    ``H = r0 Z / (r0 + Z)`` with r0 = 6,356,766 m [US76, eq. 18].
    """
    z = np.asarray(altitude_m, dtype=float)
    h = R0 * z / (R0 + z)
    return float(h) if h.ndim == 0 else h


def geopotential_to_geometric(geopotential_m: ArrayLike) -> FloatArray | float:
    """Geometric altitude Z (m) of geopotential altitude H (m').

    ``Z = r0 H / (r0 - H)`` [US76, eq. 19].
    """
    h = np.asarray(geopotential_m, dtype=float)
    z = R0 * h / (R0 - h)
    return float(z) if z.ndim == 0 else z


def _upper_temperature(z: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Kinetic temperature (K) and dT/dZ (K/m) at geometric altitudes z >= 86 km (m)."""
    t = np.empty_like(z)
    dt = np.empty_like(z)
    iso = z < _Z8
    t[iso], dt[iso] = _T7, 0.0
    ell = (z >= _Z8) & (z < _Z9)
    x = (z[ell] - _Z8) / _A_AXIS
    root = np.sqrt(1.0 - x * x)
    t[ell] = _TC + _A_ELL * root
    dt[ell] = -_A_ELL / _A_AXIS * x / root
    lin = (z >= _Z9) & (z < _Z10)
    t[lin] = _T9 + _LK9 * (z[lin] - _Z9)
    dt[lin] = _LK9
    top = z >= _Z10
    xi = (z[top] - _Z10) * (R0 + _Z10) / (R0 + z[top])
    e = np.exp(-_LAMBDA * xi)
    t[top] = _T_INF - (_T_INF - _T10) * e
    dt[top] = _LAMBDA * (_T_INF - _T10) * ((R0 + _Z10) / (R0 + z[top])) ** 2 * e
    return t, dt


def _cumulative(f: FloatArray, h: float) -> FloatArray:
    """Cumulative integral of samples ``f`` on a uniform grid of spacing ``h``.

    Each interval uses the three-point rule ``h/12 (5 f_i + 8 f_i+1 - f_i+2)`` (exact for
    quadratics; the last interval uses its mirror image).
    """
    out = np.zeros_like(f)
    if f.size < 3:
        out[1:] = 0.5 * h * (f[:-1] + f[1:])
        return out
    inc = np.empty(f.size - 1)
    inc[:-1] = h / 12.0 * (5.0 * f[:-2] + 8.0 * f[1:-1] - f[2:])
    inc[-1] = h / 12.0 * (-f[-3] + 8.0 * f[-2] + 5.0 * f[-1])
    out[1:] = np.cumsum(inc)
    return out


def _eddy(z: FloatArray) -> FloatArray:
    """Eddy diffusion coefficient K (m^2/s) [US76, eqs. 7a-7c]."""
    k = np.zeros_like(z)
    k[z < 95000.0] = _K7
    mid = (z >= 95000.0) & (z < 115000.0)
    dz = (z[mid] - 95000.0) / 1000.0
    k[mid] = _K7 * np.exp(1.0 - 400.0 / (400.0 - dz * dz))
    return k


def _flux_term(i: int, z: FloatArray) -> FloatArray:
    """Vertical-flux term v_i/(D_i + K) (1/m) of species ``i`` [US76, eq. 37, Table 7]."""
    q, u, w = _FLUX[i]
    zk = z / 1000.0
    term = q * (zk - u) ** 2 * np.exp(-w * (zk - u) ** 3)
    if i == 1:
        q2, u2, w2 = _FLUX_O_LOW
        low = zk < u2
        term[low] += q2 * (u2 - zk[low]) ** 2 * np.exp(-w2 * (u2 - zk[low]) ** 3)
    return term / 1000.0


def _segment(z: FloatArray, log_nt0: FloatArray, above_100: bool) -> FloatArray:
    """ln(n_i T) of N2, O, O2, Ar, He on grid ``z`` (m), from values at ``z[0]``.

    ``above_100`` selects M(N2) (above 100 km) or M0 (below) in the N2 equation and in
    the mixing term, as the standard prescribes; the grid must not straddle 100 km.
    """
    t, dtdz = _upper_temperature(z)
    g = G0_PRIME * (R0 / (R0 + z)) ** 2  # eq. 17
    gr = g / (R_STAR * t)  # 1/m per (kg/kmol)
    k = _eddy(z)
    out = np.empty((5, z.size))
    # N2 (eq. 38): mixed with M0 below 100 km, diffusive with M(N2) above.
    m_n2 = _MOLAR[0] if above_100 else M0
    out[0] = log_nt0[0] - _cumulative(gr * m_n2, _UPPER_STEP)
    n = np.empty((5, z.size))
    n[0] = np.exp(out[0]) / t
    for i in (1, 2, 3, 4):
        if i in (1, 2):  # O and O2 diffuse through N2 [US76 p. 14]
            background = n[0]
            m_mix = np.full_like(z, _MOLAR[0])
        else:  # Ar and He diffuse through N2 + O + O2
            background = n[0] + n[1] + n[2]
            m_mix = (n[0] * _MOLAR[0] + n[1] * _MOLAR[1] + n[2] * _MOLAR[2]) / background
        if not above_100:
            m_mix = np.full_like(z, M0)
        d = _A_DIFF[i] / background * (t / 273.15) ** _B_DIFF[i]
        f = (gr * (d * _MOLAR[i] + k * m_mix) / (d + k)
             + d / (d + k) * _ALPHA[i] * dtdz / t + _flux_term(i, z))
        out[i] = log_nt0[i] - _cumulative(f, _UPPER_STEP)
        n[i] = np.exp(out[i]) / t
    return out


@lru_cache(maxsize=1)
def upper_table() -> UpperTable:
    """Integrate the 86-1000 km number densities once and tabulate the profile.

    Returns an :class:`UpperTable` on a 25 m grid [US76, section 1.3, eqs. 25-40].
    The hydrogen flux integral of eq. 39 is kept below 500 km and neglected above, as
    the standard states (p. 14: "the integral term can be neglected" where D(H) is large).
    """
    step = _UPPER_STEP
    z = np.linspace(_Z7, ALTITUDE_MAX, round((ALTITUDE_MAX - _Z7) / step) + 1)
    i100 = round((100000.0 - _Z7) / step)
    low = _segment(z[: i100 + 1], np.log(np.array(_N7) * _T7), above_100=False)
    high = _segment(z[i100:], low[:, -1], above_100=True)
    log_nt = np.concatenate([low, high[:, 1:]], axis=1)
    t, _ = _upper_temperature(z)
    n = np.exp(log_nt) / t  # 5 x N
    # Hydrogen (eqs. 39, 40) from 150 km: tau and the flux integral, measured from 500 km.
    n_h = np.zeros_like(z)
    i150 = round((_Z_H - _Z7) / step)
    i500 = round((_Z11 - _Z7) / step)
    zh = z[i150:]
    th = t[i150:]
    gh = G0_PRIME * (R0 / (R0 + zh)) ** 2
    tau = _cumulative(gh * _MOLAR[5] / (R_STAR * th), step)
    tau -= tau[i500 - i150]
    t11 = t[i500]
    d_h = _A_DIFF[5] / n[:, i150:].sum(axis=0) * (th / 273.15) ** _B_DIFF[5]
    power = 1.0 + _ALPHA[5]
    integrand = _PHI_H / d_h * (th / t11) ** power * np.exp(tau)
    flux = _cumulative(integrand, step)
    flux -= flux[i500 - i150]
    flux[i500 - i150 :] = 0.0
    n_h[i150:] = (_N_H11 - flux) * (t11 / th) ** power * np.exp(-tau)
    number = n.sum(axis=0) + n_h
    mass = (n * _MOLAR[:5, None]).sum(axis=0) + n_h * _MOLAR[5]
    pressure = number * K_BOLTZMANN * t
    density = mass / N_AVOGADRO
    return UpperTable(
        step=step,
        altitude=z,
        temperature=t,
        log_pressure=np.log(pressure),
        log_density=np.log(density),
        molar_mass=mass / number,
    )


def _check_altitude(z: FloatArray) -> None:
    if z.size == 0:
        return
    lo, hi = float(np.min(z)), float(np.max(z))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("altitude must be finite (m), got a NaN or infinite value")
    if lo < ALTITUDE_MIN or hi > ALTITUDE_MAX:
        bad = lo if lo < ALTITUDE_MIN else hi
        raise ValueError(
            f"altitude {bad:g} m is outside the U.S. Standard Atmosphere 1976 range "
            f"{ALTITUDE_MIN:g} to {ALTITUDE_MAX:g} m (0 to 1000 km)"
        )


def _shape(values: FloatArray, scalar: bool) -> FloatArray | float:
    return float(values.reshape(())) if scalar else values


def _below_86_km(z: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Temperature (K), pressure (Pa), density (kg/m^3) and speed of sound (m/s) at
    geometric altitudes (m) below 86 km: eqs. 18, 23, 33a/b, 42 and 50 with Table 4, the
    kinetic temperature ``T = T_M M/M0`` with the M/M0 ratio of Table 8 (80-86 km)."""
    h = R0 * z / (R0 + z)
    i = np.clip(np.searchsorted(_H_BASE, h, side="right") - 1, 0, 6)
    lapse = _LAPSE[i]
    tb = _T_BASE[i]
    tm = tb + lapse * (h - _H_BASE[i])
    iso = lapse == 0.0
    pressure = np.empty_like(z)
    pressure[iso] = _P_BASE[i[iso]] * np.exp(-_GMR * (h[iso] - _H_BASE[i[iso]]) / tb[iso])
    grad = ~iso
    pressure[grad] = _P_BASE[i[grad]] * (tb[grad] / tm[grad]) ** (_GMR / lapse[grad])
    ratio = np.interp(z, _RATIO_Z, _RATIO, left=1.0)
    return (tm * ratio, pressure, pressure * M0 / (R_STAR * tm),
            np.sqrt(GAMMA_AIR * R_STAR * tm / M0))


def _above_86_km(z: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Temperature (K), pressure (Pa), density (kg/m^3) and speed of sound (m/s) at
    geometric altitudes (m) from 86 km: the temperature of section 1.3 and the pressure,
    density and mean molar mass interpolated (log-linearly) in :func:`upper_table`."""
    table = upper_table()
    temperature, _ = _upper_temperature(z)
    pressure = np.exp(np.interp(z, table.altitude, table.log_pressure))
    density = np.exp(np.interp(z, table.altitude, table.log_density))
    molar = np.interp(z, table.altitude, table.molar_mass)
    return temperature, pressure, density, np.sqrt(GAMMA_AIR * R_STAR * temperature / molar)


def us1976(altitude_m: ArrayLike, density_factor: float = 1.0) -> Atmosphere:
    """U.S. Standard Atmosphere 1976 at geometric altitudes from 0 to 1000 km.

    Below 86 km, eqs. 18, 23, 33a/b, 42 and 50 with Table 4 (molecular-scale temperature
    linear in geopotential altitude); above, the number-density model of section 1.3
    (see the module docstring). The kinetic temperature is ``T = T_M M/M0``.

    Parameters
    ----------
    altitude_m : float or array_like
        Geometric altitude above mean sea level (m), 0 to 1,000,000.
    density_factor : float, optional
        Multiplier on density only (dimensionless, > 0), for dispersions; temperature,
        pressure and speed of sound are not changed.

    Returns
    -------
    Atmosphere
        ``(temperature K, pressure Pa, density kg/m^3, speed_of_sound m/s)``, each a float
        for a scalar input, else an array of the input's shape. Above 86 km the speed of
        sound is ``(1.4 R* T / M)^(1/2)`` with the local mean molecular weight M (the
        standard gives none there).

    Raises
    ------
    ValueError
        If an altitude is outside 0-1000 km or not finite, or ``density_factor <= 0``.

    References
    ----------
    NOAA-S/T 76-1562, "U.S. Standard Atmosphere, 1976", sections 1.2-1.3, Table I.
    """
    if not (density_factor > 0.0 and math.isfinite(density_factor)):
        raise ValueError(f"density_factor must be positive and finite, got {density_factor!r}")
    z_in = np.asarray(altitude_m, dtype=float)
    scalar = z_in.ndim == 0
    z = np.atleast_1d(z_in).astype(float, copy=False)
    _check_altitude(z)
    t = np.empty_like(z)
    p = np.empty_like(z)
    rho = np.empty_like(z)
    a = np.empty_like(z)

    low = z < _Z7
    if np.any(low):
        t[low], p[low], rho[low], a[low] = _below_86_km(z[low])
    high = ~low
    if np.any(high):
        t[high], p[high], rho[high], a[high] = _above_86_km(z[high])

    if density_factor != 1.0:
        rho *= density_factor
    shape = z_in.shape
    return Atmosphere(
        temperature=_shape(t.reshape(shape), scalar),
        pressure=_shape(p.reshape(shape), scalar),
        density=_shape(rho.reshape(shape), scalar),
        speed_of_sound=_shape(a.reshape(shape), scalar),
    )


def exponential(
    altitude_m: ArrayLike,
    surface_density: float = 1.225,
    scale_height: float = 7200.0,
    density_factor: float = 1.0,
) -> Atmosphere:
    """Isothermal exponential atmosphere, for analytic tests (e.g. Allen-Eggers).

    .. math:: \\rho(h) = \\rho_0 \\exp(-h/H_s)

    The atmosphere is the isothermal one consistent with the scale height:
    ``T = g0 M0 H_s / R*``, ``p = rho R* T / M0``, ``a = (1.4 R* T / M0)^(1/2)`` with the
    constants of [US76]; for H_s = 7200 m, T = 246.5 K.

    Parameters
    ----------
    altitude_m : float or array_like
        Altitude (m); any finite value.
    surface_density : float, optional
        Density at h = 0, rho_0 (kg/m^3), > 0. Default 1.225 (the [US76] sea-level value).
    scale_height : float, optional
        Density scale height H_s (m), > 0. Default 7200.
    density_factor : float, optional
        Multiplier on density (dimensionless, > 0).

    Returns
    -------
    Atmosphere
        ``(temperature K, pressure Pa, density kg/m^3, speed_of_sound m/s)``.

    Raises
    ------
    ValueError
        For a non-positive density, scale height or factor, or a non-finite altitude.

    References
    ----------
    A. J. Allen and A. J. Eggers, "A study of the motion and aerodynamic heating of
    ballistic missiles entering the earth's atmosphere at high supersonic speeds",
    NACA Report 1381, 1958 (the exponential atmosphere of their analysis).
    """
    for name, value in (("surface_density", surface_density), ("scale_height", scale_height),
                        ("density_factor", density_factor)):
        if not (value > 0.0 and math.isfinite(value)):
            raise ValueError(f"{name} must be positive and finite, got {value!r}")
    z_in = np.asarray(altitude_m, dtype=float)
    if not np.all(np.isfinite(z_in)):
        raise ValueError("altitude must be finite (m), got a NaN or infinite value")
    t_iso = G0_PRIME * M0 * scale_height / R_STAR
    rho = surface_density * density_factor * np.exp(-z_in / scale_height)
    p = surface_density * np.exp(-z_in / scale_height) * R_STAR * t_iso / M0
    a = math.sqrt(GAMMA_AIR * R_STAR * t_iso / M0)
    scalar = z_in.ndim == 0
    return Atmosphere(
        temperature=t_iso if scalar else np.full(z_in.shape, t_iso),
        pressure=float(p) if scalar else p,
        density=float(rho) if scalar else rho,
        speed_of_sound=a if scalar else np.full(z_in.shape, a),
    )
