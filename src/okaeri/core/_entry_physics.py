"""The physics of the compiled entry kernel (private; see :mod:`okaeri.core.entry`): the
atmosphere at a point (U.S. Standard Atmosphere 1976 and its upper table, or an
exponential one; the trajectory's density perturbation), the drag coefficient against
Mach, the stagnation heat fluxes (Sutton-Graves, Tauber-Sutton), the monitored
quantities, the bank schedule and the equations of motion (:func:`rhs`). Everything is
numba ``@njit(cache=True)``; the array layouts are :mod:`okaeri.core._entry_layout`."""

from __future__ import annotations

import math

import numpy as np

from okaeri.core import aerothermo
from okaeri.core._entry_layout import (
    AUX_HEADER,
    AUX_START,
    E_AUX,
    E_P_BASE,
    E_T_BASE,
    E_TAB,
    LINEAR,
    M_G,
    M_PDYN,
    M_Q,
    M_QC,
    M_QR,
    P_ATM,
    P_BANK,
    P_BANK_TIME,
    P_CDA_M,
    P_GRAVITY,
    P_HSCALE,
    P_J2,
    P_K_SG,
    P_LD,
    P_MU,
    P_OMEGA,
    P_RAD_REGIME,
    P_RADIATIVE,
    P_RADIUS,
    P_RHO0,
    P_RHO_FACTOR,
    P_RN,
    SMOOTH,
    Y_GAMMA,
    Y_H,
    Y_LAT,
    Y_LON,
    Y_PSI,
    Y_QC,
    Y_QR,
    Y_V,
    Y_WD,
)
from okaeri.core._jit import njit
from okaeri.core.constants import G0

# --- U.S. Standard Atmosphere 1976 below 86 km (Table 4); see core/atmosphere.py -------
_R0 = 6356766.0
_GMR = 9.80665 * 28.9644 / 8.31432e3
_R_AIR = 8.31432e3 / 28.9644  # R*/M0 (J/(kg K))
_SOUND_K = 1.4 * _R_AIR
_H_BASE = np.array([0.0, 11000.0, 20000.0, 32000.0, 47000.0, 51000.0, 71000.0])
_LAPSE = np.array([-6.5e-3, 0.0, 1.0e-3, 2.8e-3, 0.0, -2.8e-3, -2.0e-3])
_Z_UPPER = 86000.0

# --- Tauber-Sutton Earth table and its natural cubic spline (see core/aerothermo.py) ---
TS_V = aerothermo.TAUBER_SUTTON_EARTH_V.copy()
_TS_F = aerothermo.TAUBER_SUTTON_EARTH_F.copy()
_TS_M = aerothermo.TAUBER_SUTTON_EARTH_M.copy()


@njit(cache=True)
def _us76_lower(z, t_base, p_base):  # type: ignore[no-untyped-def]
    """(density kg/m^3, molecular-scale temperature K) below 86 km, geometric z (m)."""
    h = _R0 * z / (_R0 + z)
    i = 6
    while i > 0 and h < _H_BASE[i]:
        i -= 1
    lapse = _LAPSE[i]
    tb = t_base[i]
    dh = h - _H_BASE[i]
    if lapse == 0.0:
        tm = tb
        p = p_base[i] * math.exp(-_GMR * dh / tb)
    else:
        tm = tb + lapse * dh
        p = p_base[i] * (tb / tm) ** (_GMR / lapse)
    return p / (_R_AIR * tm), tm


@njit(cache=True)
def _table_index(z, tab):  # type: ignore[no-untyped-def]
    n = tab.shape[1]
    x = (z - tab[2, 0]) / (tab[2, 1] - tab[2, 0])
    i = int(x)
    if i > n - 2:
        i = n - 2
    if i < 0:
        i = 0
    return i, x - i


@njit(cache=True)
def density(z, p, tab, t_base, p_base):  # type: ignore[no-untyped-def]
    """Density (kg/m^3) at altitude z (m), with the density factor applied."""
    if p[P_ATM] == 1.0:
        return p[P_RHO0] * p[P_RHO_FACTOR] * math.exp(-z / p[P_HSCALE])
    if z < _Z_UPPER:
        rho, _ = _us76_lower(z, t_base, p_base)
        return rho * p[P_RHO_FACTOR]
    i, w = _table_index(z, tab)
    return math.exp(tab[0, i] + w * (tab[0, i + 1] - tab[0, i])) * p[P_RHO_FACTOR]


@njit(cache=True)
def sound_speed(z, p, tab, t_base, p_base):  # type: ignore[no-untyped-def]
    """Speed of sound (m/s) at altitude z (m)."""
    if p[P_ATM] == 1.0:
        return math.sqrt(1.4 * G0 * p[P_HSCALE])  # isothermal: a^2 = gamma g0 H
    if z < _Z_UPPER:
        _, tm = _us76_lower(z, t_base, p_base)
        return math.sqrt(_SOUND_K * tm)
    i, w = _table_index(z, tab)
    return tab[1, i] + w * (tab[1, i + 1] - tab[1, i])


@njit(cache=True)
def interp(x, a, ox, oy, n, smooth):  # type: ignore[no-untyped-def]
    """Interpolation at x of the table xs = a[ox:ox + n], ys = a[oy:oy + n] (xs
    increasing), held constant beyond both ends: linear, or (``smooth``) cubic Hermite
    with centred-difference slopes (one-sided at the ends), continuous with its first
    derivative so that an adaptive integrator does not stop at every node. The interval
    is found from a uniform-spacing guess and a walk (one step on a uniform grid)."""
    if n == 1 or x <= a[ox]:
        return a[oy]
    if x >= a[ox + n - 1]:
        return a[oy + n - 1]
    i = int((x - a[ox]) / (a[ox + n - 1] - a[ox]) * (n - 1))
    if i > n - 2:
        i = n - 2
    while i > 0 and a[ox + i] > x:
        i -= 1
    while i < n - 2 and a[ox + i + 1] <= x:
        i += 1
    h = a[ox + i + 1] - a[ox + i]
    t = (x - a[ox + i]) / h
    if not smooth or n == 2:
        return a[oy + i] + t * (a[oy + i + 1] - a[oy + i])
    lo = i - 1 if i > 0 else 0
    hi = i + 2 if i < n - 2 else n - 1
    m0 = (a[oy + i + 1] - a[oy + lo]) / (a[ox + i + 1] - a[ox + lo])
    m1 = (a[oy + hi] - a[oy + i]) / (a[ox + hi] - a[ox + i])
    t2 = t * t
    t3 = t2 * t
    return ((2.0 * t3 - 3.0 * t2 + 1.0) * a[oy + i] + (t3 - 2.0 * t2 + t) * h * m0
            + (-2.0 * t3 + 3.0 * t2) * a[oy + i + 1] + (t3 - t2) * h * m1)


@njit(cache=True)
def air_density(z, p, env):  # type: ignore[no-untyped-def]
    """Density (kg/m^3) at altitude z (m): the model's, times the density factor, times
    the trajectory's perturbation profile at z when it has one (smooth :func:`interp`)."""
    rho = density(z, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE])
    aux = env[E_AUX]
    n = int(aux[0])
    if n > 0:
        rho *= interp(z, aux, AUX_START, AUX_START + n, n, SMOOTH)
    return rho


@njit(cache=True)
def cda_per_mass(h, v, p, env):  # type: ignore[no-untyped-def]
    """Cd S / m (m^2/kg) at altitude h (m), speed v (m/s): the reference value times the
    drag coefficient ratio at the local Mach number (when a Mach table is given)."""
    aux = env[E_AUX]
    n = int(aux[1])
    if n == 0:
        return p[P_CDA_M]
    o = AUX_HEADER + 2 * int(aux[0])
    a = sound_speed(h, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE])
    return p[P_CDA_M] * interp(v / a, aux, o, o + n, n, LINEAR)


@njit(cache=True, inline="always")
def _air_and_drag(h, v, p, tab, t_base, p_base, aux):  # type: ignore[no-untyped-def]
    """(density kg/m^3, Cd S / m m^2/kg) at altitude h (m), speed v (m/s): what
    :func:`air_density` and :func:`cda_per_mass` give, inlined for the equations of motion
    (a call passing the env tuple costs a third of a plain run's time)."""
    rho = density(h, p, tab, t_base, p_base)
    cda_m = p[P_CDA_M]
    n = int(aux[0])
    if n > 0:
        rho *= interp(h, aux, AUX_START, AUX_START + n, n, SMOOTH)
    nc = int(aux[1])
    if nc > 0:
        o = AUX_HEADER + 2 * n
        cda_m *= interp(v / sound_speed(h, p, tab, t_base, p_base), aux, o, o + nc, nc, LINEAR)
    return rho, cda_m


@njit(cache=True)
def _ts_f(v):  # type: ignore[no-untyped-def]
    """Tauber-Sutton f(V): the natural cubic spline of the table, extended linearly with
    its end slopes beyond both ends (the caller zeroes it below 9 km/s)."""
    n = TS_V.shape[0]
    if v <= TS_V[0]:
        h = TS_V[1] - TS_V[0]
        slope = (_TS_F[1] - _TS_F[0]) / h - h * (2.0 * _TS_M[0] + _TS_M[1]) / 6.0
        return _TS_F[0] + slope * (v - TS_V[0])
    if v >= TS_V[n - 1]:
        h = TS_V[n - 1] - TS_V[n - 2]
        slope = (_TS_F[n - 1] - _TS_F[n - 2]) / h + h * (_TS_M[n - 2] + 2.0 * _TS_M[n - 1]) / 6.0
        return _TS_F[n - 1] + slope * (v - TS_V[n - 1])
    i = 0
    while TS_V[i + 1] <= v:
        i += 1
    h = TS_V[i + 1] - TS_V[i]
    lo = TS_V[i + 1] - v
    hi = v - TS_V[i]
    return (_TS_M[i] * lo * lo * lo / (6.0 * h) + _TS_M[i + 1] * hi * hi * hi / (6.0 * h)
            + (_TS_F[i] / h - _TS_M[i] * h / 6.0) * lo
            + (_TS_F[i + 1] / h - _TS_M[i + 1] * h / 6.0) * hi)


@njit(cache=True)
def heat_fluxes(rho, v, p, regime):  # type: ignore[no-untyped-def]
    """(convective, radiative) stagnation heat flux (W/m^2): Sutton-Graves, Tauber-Sutton.

    q_c = k (rho/Rn)^0.5 V^3; q_r = 1e4 C Rn^a rho^1.22 f(V) with
    a = min(1.072e6 V^-1.88 rho^-0.325, a_max) (see core/aerothermo.py for the sources),
    and q_r = 0 below 9 km/s. ``regime`` 1 or 0 forces the side of that discontinuity
    (inside an integration step, which never straddles it); -1 decides by ``v``.
    """
    rn = p[P_RN]
    qc = p[P_K_SG] * math.sqrt(rho / rn) * v * v * v
    qr = 0.0
    above = v >= TS_V[0] if regime < 0 else regime > 0
    if p[P_RADIATIVE] != 0.0 and above and rho > 0.0:
        log_rho = math.log(rho)
        a = 1.072e6 * math.exp(-1.88 * math.log(v) - 0.325 * log_rho)
        a_max = 1.0 if rn < 1.0 else (0.6 if rn < 2.0 else 0.5)
        if a > a_max:
            a = a_max
        f = _ts_f(v)
        if f > 0.0:
            qr = 4.736e8 * math.exp(a * math.log(rn) + 1.22 * log_rho) * f
    return qc, qr


@njit(cache=True)
def monitored_quantity(k, h, v, p, env):  # type: ignore[no-untyped-def]
    """Monitored quantity k (M_QC, M_QR, M_Q, M_G or M_PDYN) at altitude h (m), speed v
    (m/s); M_G in g."""
    rho = (density(h, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE]) if env[E_AUX][0] == 0.0
           else air_density(h, p, env))  # no call through env on the plain path
    if k == M_PDYN:
        return 0.5 * rho * v * v
    if k == M_G:  # the sensed aerodynamic acceleration sqrt(L^2 + D^2), in g
        return 0.5 * rho * v * v * cda_per_mass(h, v, p, env) * math.sqrt(
            1.0 + p[P_LD] * p[P_LD]) / G0
    qc, qr = heat_fluxes(rho, v, p, -1.0)
    if k == M_QC:
        return qc
    if k == M_QR:
        return qr
    return qc + qr


@njit(cache=True)
def monitor(h, v, p, env, out):  # type: ignore[no-untyped-def]
    """Fill ``out`` with the monitored quantities at altitude h (m), speed v (m/s)."""
    rho, cda_m = _air_and_drag(h, v, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE], env[E_AUX])
    qc, qr = heat_fluxes(rho, v, p, -1.0)
    pdyn = 0.5 * rho * v * v
    out[M_QC] = qc
    out[M_QR] = qr
    out[M_Q] = qc + qr
    out[M_G] = pdyn * cda_m * math.sqrt(1.0 + p[P_LD] * p[P_LD]) / G0
    out[M_PDYN] = pdyn


@njit(cache=True)
def _bank(t, v, p, bank_x, bank_y):  # type: ignore[no-untyped-def]
    n = bank_x.shape[0]
    if n == 0:
        return p[P_BANK]
    x = t if p[P_BANK_TIME] != 0.0 else v
    if n == 1 or x <= bank_x[0]:
        return bank_y[0]
    if x >= bank_x[n - 1]:
        return bank_y[n - 1]
    i = 0
    while bank_x[i + 1] <= x:
        i += 1
    w = (x - bank_x[i]) / (bank_x[i + 1] - bank_x[i])
    return bank_y[i] + w * (bank_y[i + 1] - bank_y[i])


@njit(cache=True)
def rhs(t, y, p, bank_x, bank_y, env, dy):  # type: ignore[no-untyped-def]
    """Equations of motion over a rotating spherical planet (Vinh et al. 1980, ch. 2).

    Relative speed V, flight path angle gamma and heading psi (clockwise from north);
    gravity with radial part g_r and northward part g_n (J2); rotation rate Omega::

        h'     = V sin(gamma)
        lon'   = V cos(gamma) sin(psi) / (r cos(lat))
        lat'   = V cos(gamma) cos(psi) / r
        V'     = -D - g_r sin(gamma) + g_n cos(gamma) cos(psi)
                 + Omega^2 r cos(lat) (sin(gamma) cos(lat) - cos(gamma) sin(lat) cos(psi))
        V gamma' = L cos(sigma) - g_r cos(gamma) - g_n sin(gamma) cos(psi)
                 + V^2/r cos(gamma) + 2 Omega V cos(lat) sin(psi)
                 + Omega^2 r cos(lat) (cos(gamma) cos(lat) + sin(gamma) sin(lat) cos(psi))
        V psi'  = [L sin(sigma) - g_n sin(psi)] / cos(gamma)
                 + V^2/r cos(gamma) sin(psi) tan(lat)
                 - 2 Omega V (tan(gamma) cos(psi) cos(lat) - sin(lat))
                 + Omega^2 r sin(lat) cos(lat) sin(psi) / cos(gamma)

    plus the heat loads (q_c, q_r) and the drag work D V as quadratures.
    """
    h = y[Y_H]
    lat = y[Y_LAT]
    v = y[Y_V]
    gam = y[Y_GAMMA]
    psi = y[Y_PSI]
    r = p[P_RADIUS] + h
    rho, cda_m = _air_and_drag(h, v, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE], env[E_AUX])
    drag = 0.5 * rho * v * v * cda_m
    lift = drag * p[P_LD]
    sg, cg = math.sin(gam), math.cos(gam)
    sp, cp = math.sin(psi), math.cos(psi)
    sl, cl = math.sin(lat), math.cos(lat)
    gr = 0.0
    gn = 0.0
    if p[P_GRAVITY] != 0.0:
        g_central = p[P_MU] / (r * r)
        gr = g_central
        if p[P_J2] != 0.0:
            ratio = p[P_RADIUS] / r
            k = p[P_J2] * ratio * ratio
            gr = g_central * (1.0 + 1.5 * k * (1.0 - 3.0 * sl * sl))
            gn = -3.0 * g_central * k * sl * cl
    om = p[P_OMEGA]
    dy[Y_H] = v * sg
    dy[Y_LON] = v * cg * sp / (r * cl)
    dy[Y_LAT] = v * cg * cp / r
    dv = -drag - gr * sg + gn * cg * cp
    vg = -gr * cg - gn * sg * cp + v * v / r * cg
    vp = -gn * sp / cg + v * v / r * cg * sp * sl / cl
    if lift != 0.0:
        sigma = _bank(t, v, p, bank_x, bank_y)
        vg += lift * math.cos(sigma)
        vp += lift * math.sin(sigma) / cg
    if om != 0.0:
        cen = om * om * r * cl
        dv += cen * (sg * cl - cg * sl * cp)
        vg += 2.0 * om * v * cl * sp + cen * (cg * cl + sg * sl * cp)
        vp += -2.0 * om * v * (sg / cg * cp * cl - sl) + cen * sl * sp / cg
    dy[Y_V] = dv
    dy[Y_GAMMA] = vg / v
    dy[Y_PSI] = vp / v
    qc, qr = heat_fluxes(rho, v, p, p[P_RAD_REGIME])
    dy[Y_QC] = qc
    dy[Y_QR] = qr
    dy[Y_WD] = drag * v
