"""Compiled kernel of the 3-DOF entry simulation (private; use :mod:`okaeri.core.entry`).

Everything here is numba ``@njit(cache=True)``: the atmosphere at a point, the equations
of motion, a Dormand-Prince 5(4) integrator with cubic Hermite dense output, event
location, peak refinement, deployment sensors, the parachute descent to the ground, and
the batch loop over trajectories. Inputs are packed in float64 arrays whose layouts are
the ``P_*`` (parameters), ``Y_*`` (state) and ``S_*`` (summary) indices below;
:mod:`okaeri.core.entry` builds and unpacks them.

The tables a trajectory reads travel together in the tuple ``env`` = (upper atmosphere
table, T_Mb, P_b, aux): ``aux`` is one float64 array holding the trajectory's own tables,
``[n_rho, n_cd, n_wind, rho_h..., rho_f..., cd_mach..., cd_ratio..., wind_h..., wind_e...,
wind_n...]``: the density perturbation profile (altitude grid m, multiplicative
factors), the drag coefficient ratio against Mach, and the wind profile (altitude grid
m, east and north m/s). One array rather than ten keeps the compiled code small. An
empty table switches its model off, and the arithmetic of a trajectory is then exactly
that of the kernel without the model.

State vector ``y`` (SI): altitude h (m), longitude (rad), geocentric latitude (rad),
Earth-relative speed V (m/s), relative flight path angle gamma (rad), relative heading
psi (rad, clockwise from north), convective and radiative stagnation heat load (J/m^2),
drag work per unit mass (J/kg).
"""

from __future__ import annotations

import math

import numpy as np

from okaeri.core._numba_cache import ensure_numba_cache

ensure_numba_cache()  # before numba decorates anything: a read-only install caches in tmp

from numba import njit  # noqa: E402

from okaeri.core import aerothermo  # noqa: E402

# --- parameter vector ------------------------------------------------------------------
P_CDA_M = 0  # Cd * S / m (m^2/kg)
P_LD = 1  # lift-to-drag ratio
P_RN = 2  # nose radius (m)
P_RHO_FACTOR = 3  # density multiplier
P_RADIUS = 4  # planet radius (m)
P_MU = 5  # gravitational parameter (m^3/s^2)
P_J2 = 6  # second zonal harmonic (0: off)
P_OMEGA = 7  # rotation rate (rad/s)
P_ATM = 8  # 0: US 1976, 1: exponential
P_RHO0 = 9  # exponential: surface density (kg/m^3)
P_HSCALE = 10  # exponential: scale height (m)
P_GRAVITY = 11  # 0: none, 1: inverse square (+ J2 term if P_J2 != 0)
P_K_SG = 12  # Sutton-Graves constant (kg^0.5/m)
P_RADIATIVE = 13  # 1: add Tauber-Sutton radiative heating
P_DEPLOY_MACH = 14  # deploy when Mach below (NaN: not used)
P_DEPLOY_Q = 15  # ... and dynamic pressure below (Pa) (NaN: not used)
P_DEPLOY_ALT = 16  # ... and altitude below (m) (NaN: not used)
P_SKIP_ALT = 17  # skip-out when climbing above this altitude (m)
P_GROUND_ALT = 18  # ground impact altitude (m)
P_T_MAX = 19  # time limit (s)
P_RTOL = 20  # relative tolerance
P_MAX_STEP = 21  # largest step (s)
P_FIRST_STEP = 22  # first trial step (s)
P_BANK = 23  # constant bank angle (rad), used when the schedule is empty
P_BANK_TIME = 24  # 1: schedule abscissa is time (s); 0: relative speed (m/s)
P_MAX_STEPS = 25  # step budget
P_RAD_REGIME = 26  # internal: 1 while V >= 9 km/s at the step start, else 0
P_DEPLOY_MODE = 27  # 0: conditions (Mach, q, altitude); 1: g-switch + timer; 2: timer
P_GSW_LEVEL = 28  # g-switch threshold on the sensed aerodynamic acceleration (m/s^2)
P_GSW_EDGE = 29  # 0: closes when the acceleration falls below the level after exceeding
#                  it (after the peak); 1: closes when it first rises above the level
P_DEPLOY_DELAY = 30  # timer (s): after the g-switch (mode 1) or from t = 0 (mode 2)
P_DESCENT = 31  # 1: descend under the parachutes to the ground after deployment
P_DROGUE_CDA_M = 32  # drogue system drag area over mass, Cd S / m (m^2/kg)
P_MAIN_CDA_M = 33  # main system drag area over mass (m^2/kg) (NaN: no main)
P_MAIN_ALT = 34  # main deploys below this altitude (m) (NaN: not used)
P_MAIN_DELAY = 35  # ... or this long after the drogue (s) (NaN: not used)
P_DESCENT_STEP = 36  # altitude step of the descent integration (m)
P_GSW_ARM = 37  # falling edge: the g-switch arms above this acceleration (m/s^2)
NP = 38

DEPLOY_CONDITIONS, DEPLOY_G_SWITCH, DEPLOY_TIMER = 0, 1, 2

# --- tables of a trajectory (the tuple env) ----------------------------------------------
E_TAB, E_T_BASE, E_P_BASE, E_AUX = 0, 1, 2, 3  # atmosphere tables; the aux array
# the batch tables (see env_row): the same three, then
T_RHO_H, T_RHO_F, T_CD_MACH, T_CD_RATIO, T_WIND_H, T_WIND_E, T_WIND_N = 3, 4, 5, 6, 7, 8, 9
AUX_HEADER = 3  # n_rho, n_cd, n_wind

# --- state vector ----------------------------------------------------------------------
Y_H, Y_LON, Y_LAT, Y_V, Y_GAMMA, Y_PSI, Y_QC, Y_QR, Y_WD = 0, 1, 2, 3, 4, 5, 6, 7, 8
NY = 9
_Y_SCALE = np.array([1.0e4, 1.0, 1.0, 1.0e3, 1.0, 1.0, 1.0e6, 1.0e6, 1.0e6])

# --- monitored quantities --------------------------------------------------------------
M_QC, M_QR, M_Q, M_G, M_PDYN = 0, 1, 2, 3, 4
NM = 5

# --- summary vector --------------------------------------------------------------------
S_PEAK = 0  # NM peak values: 0..4
S_PEAK_T = 5  # NM times of the peaks: 5..9
S_PEAK_H = 10  # NM altitudes of the peaks: 10..14
S_END_T = 15
S_END_Y = 16  # NY end state values: 16..24
S_END_MACH = 25
S_END_PDYN = 26
S_EVENT = 27
S_STEPS = 28
S_REJECTED = 29
S_NFEV = 30
S_DEP_T = 31  # deployment: time (s)
S_DEP_H = 32  # altitude (m)
S_DEP_V = 33  # Earth-relative speed (m/s)
S_DEP_FPA = 34  # flight path angle (rad)
S_DEP_LAT = 35  # latitude (rad)
S_DEP_LON = 36  # longitude (rad)
S_DEP_MACH = 37  # Mach number
S_DEP_Q = 38  # dynamic pressure (Pa)
S_SWITCH_T = 39  # g-switch closure (s)
S_MAIN_T = 40  # main parachute: time (s)
S_MAIN_H = 41  # altitude (m)
S_LAND_T = 42  # ground impact after the descent: time (s)
S_LAND_LAT = 43  # latitude (rad)
S_LAND_LON = 44  # longitude (rad)
S_LAND_VZ = 45  # descent rate at impact (m/s)
S_DEP_PSI = 46  # heading at deployment (rad)
NS = 47

EVENT_NONE, EVENT_DEPLOY, EVENT_GROUND, EVENT_SKIP, EVENT_TIME = 0, 1, 2, 3, 4
EVENT_STEP_LIMIT, EVENT_FAILURE = 5, 6

# --- U.S. Standard Atmosphere 1976 below 86 km (Table 4); see core/atmosphere.py -------
_R0 = 6356766.0
_GMR = 9.80665 * 28.9644 / 8.31432e3
_R_AIR = 8.31432e3 / 28.9644  # R*/M0 (J/(kg K))
_SOUND_K = 1.4 * _R_AIR
_H_BASE = np.array([0.0, 11000.0, 20000.0, 32000.0, 47000.0, 51000.0, 71000.0])
_LAPSE = np.array([-6.5e-3, 0.0, 1.0e-3, 2.8e-3, 0.0, -2.8e-3, -2.0e-3])
_Z_UPPER = 86000.0

# --- Tauber-Sutton Earth table and its natural cubic spline (see core/aerothermo.py) ---
_TS_V = aerothermo.TAUBER_SUTTON_EARTH_V.copy()
_TS_F = aerothermo.TAUBER_SUTTON_EARTH_F.copy()
_TS_M = aerothermo.TAUBER_SUTTON_EARTH_M.copy()
_G0 = 9.80665


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
        return math.sqrt(1.4 * _G0 * p[P_HSCALE])  # isothermal: a^2 = gamma g0 H
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
        rho *= interp(z, aux, AUX_HEADER, AUX_HEADER + n, n, True)
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
    return p[P_CDA_M] * interp(v / a, aux, o, o + n, n, False)


@njit(cache=True, inline="always")
def _air_and_drag(h, v, p, tab, t_base, p_base, aux):  # type: ignore[no-untyped-def]
    """(density kg/m^3, Cd S / m m^2/kg) at altitude h (m), speed v (m/s): what
    :func:`air_density` and :func:`cda_per_mass` give, inlined for the equations of motion
    (a call passing the env tuple costs a third of a plain run's time)."""
    rho = density(h, p, tab, t_base, p_base)
    cda_m = p[P_CDA_M]
    n = int(aux[0])
    if n > 0:
        rho *= interp(h, aux, AUX_HEADER, AUX_HEADER + n, n, True)
    nc = int(aux[1])
    if nc > 0:
        o = AUX_HEADER + 2 * n
        cda_m *= interp(v / sound_speed(h, p, tab, t_base, p_base), aux, o, o + nc, nc, False)
    return rho, cda_m


@njit(cache=True)
def _ts_f(v):  # type: ignore[no-untyped-def]
    """Tauber-Sutton f(V): the natural cubic spline of the table, extended linearly with
    its end slopes beyond both ends (the caller zeroes it below 9 km/s)."""
    n = _TS_V.shape[0]
    if v <= _TS_V[0]:
        h = _TS_V[1] - _TS_V[0]
        slope = (_TS_F[1] - _TS_F[0]) / h - h * (2.0 * _TS_M[0] + _TS_M[1]) / 6.0
        return _TS_F[0] + slope * (v - _TS_V[0])
    if v >= _TS_V[n - 1]:
        h = _TS_V[n - 1] - _TS_V[n - 2]
        slope = (_TS_F[n - 1] - _TS_F[n - 2]) / h + h * (_TS_M[n - 2] + 2.0 * _TS_M[n - 1]) / 6.0
        return _TS_F[n - 1] + slope * (v - _TS_V[n - 1])
    i = 0
    while _TS_V[i + 1] <= v:
        i += 1
    h = _TS_V[i + 1] - _TS_V[i]
    lo = _TS_V[i + 1] - v
    hi = v - _TS_V[i]
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
    above = v >= _TS_V[0] if regime < 0 else regime > 0
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
def _quantity(k, h, v, p, env):  # type: ignore[no-untyped-def]
    """Monitored quantity k (M_QC, M_QR, M_Q, M_G or M_PDYN) at altitude h (m), speed v
    (m/s); M_G in g."""
    rho = (density(h, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE]) if env[E_AUX][0] == 0.0
           else air_density(h, p, env))  # no call through env on the plain path
    if k == M_PDYN:
        return 0.5 * rho * v * v
    if k == M_G:  # the sensed aerodynamic acceleration sqrt(L^2 + D^2), in g
        return 0.5 * rho * v * v * cda_per_mass(h, v, p, env) * math.sqrt(
            1.0 + p[P_LD] * p[P_LD]) / _G0
    qc, qr = heat_fluxes(rho, v, p, -1)
    if k == M_QC:
        return qc
    if k == M_QR:
        return qr
    return qc + qr


@njit(cache=True)
def monitor(h, v, p, env, out):  # type: ignore[no-untyped-def]
    """Fill ``out`` with the monitored quantities at altitude h (m), speed v (m/s)."""
    rho, cda_m = _air_and_drag(h, v, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE], env[E_AUX])
    qc, qr = heat_fluxes(rho, v, p, -1)
    pdyn = 0.5 * rho * v * v
    out[M_QC] = qc
    out[M_QR] = qr
    out[M_Q] = qc + qr
    out[M_G] = pdyn * cda_m * math.sqrt(1.0 + p[P_LD] * p[P_LD]) / _G0
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


# --- Dormand-Prince 5(4) coefficients (Dormand and Prince 1980) ------------------------
_A21 = 1.0 / 5.0
_A31, _A32 = 3.0 / 40.0, 9.0 / 40.0
_A41, _A42, _A43 = 44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0
_A51, _A52, _A53, _A54 = 19372.0 / 6561.0, -25360.0 / 2187.0, 64448.0 / 6561.0, -212.0 / 729.0
_A61, _A62, _A63 = 9017.0 / 3168.0, -355.0 / 33.0, 46732.0 / 5247.0
_A64, _A65 = 49.0 / 176.0, -5103.0 / 18656.0
_B1, _B3, _B4, _B5, _B6 = 35.0 / 384.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0
_E1, _E3, _E4 = 71.0 / 57600.0, -71.0 / 16695.0, 71.0 / 1920.0
_E5, _E6, _E7 = -17253.0 / 339200.0, 22.0 / 525.0, -1.0 / 40.0
_C2, _C3, _C4, _C5 = 0.2, 0.3, 0.8, 8.0 / 9.0


@njit(cache=True)
def hermite(t0, t1, y0, y1, f0, f1, t, i):  # type: ignore[no-untyped-def]
    """Cubic Hermite interpolant of component i between (t0, y0, f0) and (t1, y1, f1)."""
    dt = t1 - t0
    s = (t - t0) / dt
    s2 = s * s
    s3 = s2 * s
    return ((2.0 * s3 - 3.0 * s2 + 1.0) * y0[i] + (s3 - 2.0 * s2 + s) * dt * f0[i]
            + (-2.0 * s3 + 3.0 * s2) * y1[i] + (s3 - s2) * dt * f1[i])


@njit(cache=True)
def _deploy_value(c, h, v, p, env):  # type: ignore[no-untyped-def]
    """Deployment condition c (0 Mach, 1 dynamic pressure, 2 altitude) minus its limit."""
    if c == 0:
        return v / sound_speed(h, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE]) - p[P_DEPLOY_MACH]
    if c == 1:
        rho = (density(h, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE])
               if env[E_AUX][0] == 0.0 else air_density(h, p, env))
        return 0.5 * rho * v * v - p[P_DEPLOY_Q]
    return h - p[P_DEPLOY_ALT]


@njit(cache=True)
def _deploy_condition(h, v, p, env):  # type: ignore[no-untyped-def]
    """True when every enabled deployment condition holds (False if none is enabled)."""
    enabled = False
    for c in range(3):
        limit = p[P_DEPLOY_MACH + c]
        if limit == limit:  # not NaN
            enabled = True
            if _deploy_value(c, h, v, p, env) >= 0.0:
                return False
    return enabled


@njit(cache=True)
def _event_value(kind, level, h, v, p, env):  # type: ignore[no-untyped-def]
    if kind == 3:
        return h - level
    if kind == 4:
        return v - level
    if kind == 5:  # sensed aerodynamic acceleration sqrt(L^2 + D^2) (m/s^2)
        return 0.5 * air_density(h, p, env) * v * v * cda_per_mass(h, v, p, env) * math.sqrt(
            1.0 + p[P_LD] * p[P_LD]) - level
    return _deploy_value(kind, h, v, p, env)


@njit(cache=True)
def _locate(kind, level, t0, t1, y0, y1, f0, f1, p, env):  # type: ignore[no-untyped-def]
    """Time in [t0, t1] where an event function crosses zero (Illinois regula falsi).

    kind 0-2: deployment condition; kind 3: altitude minus ``level``; kind 4: speed
    minus ``level``; kind 5: sensed aerodynamic acceleration minus ``level``.
    """
    a, b = t0, t1
    fa = 0.0
    fb = 0.0
    for end in range(2):
        tt = a if end == 0 else b
        h = hermite(t0, t1, y0, y1, f0, f1, tt, Y_H)
        v = hermite(t0, t1, y0, y1, f0, f1, tt, Y_V)
        val = _event_value(kind, level, h, v, p, env)
        if end == 0:
            fa = val
        else:
            fb = val
    if fa == 0.0:
        return a
    if fb == 0.0 or fa * fb > 0.0:
        return b
    side = 0
    for _ in range(60):
        c = (a * fb - b * fa) / (fb - fa)
        if not (a < c < b):
            c = 0.5 * (a + b)
        h = hermite(t0, t1, y0, y1, f0, f1, c, Y_H)
        v = hermite(t0, t1, y0, y1, f0, f1, c, Y_V)
        fc = _event_value(kind, level, h, v, p, env)
        if fc * fb > 0.0:
            b, fb = c, fc
            if side == -1:
                fa *= 0.5
            side = -1
        elif fc * fa > 0.0:
            a, fa = c, fc
            if side == 1:
                fb *= 0.5
            side = 1
        else:
            return c
        if b - a <= 1e-12 * (1.0 + abs(b)):
            break
    return 0.5 * (a + b) if fa * fb < 0.0 else (a if abs(fa) < abs(fb) else b)


@njit(cache=True)
def _two_step_value(k, t, ta, tb, tc, ya, yb, yc, fa, fb, fc, p, env):  # type: ignore[no-untyped-def]
    if t <= tb:
        h = hermite(ta, tb, ya, yb, fa, fb, t, Y_H)
        v = hermite(ta, tb, ya, yb, fa, fb, t, Y_V)
    else:
        h = hermite(tb, tc, yb, yc, fb, fc, t, Y_H)
        v = hermite(tb, tc, yb, yc, fb, fc, t, Y_V)
    return _quantity(k, h, v, p, env), h


@njit(cache=True)
def _refine_peak(k, ta, tb, tc, ya, yb, yc, fa, fb, fc, p, env):  # type: ignore[no-untyped-def]
    """Maximum of monitored quantity k over [ta, tc] by golden-section search on the
    Hermite interpolant (the samples at ta, tb, tc bracket a local maximum at tb)."""
    ratio = 0.3819660112501051
    lo, hi = ta, tc
    x1 = lo + ratio * (hi - lo)
    x2 = hi - ratio * (hi - lo)
    f1, h1 = _two_step_value(k, x1, ta, tb, tc, ya, yb, yc, fa, fb, fc, p, env)
    f2, h2 = _two_step_value(k, x2, ta, tb, tc, ya, yb, yc, fa, fb, fc, p, env)
    for _ in range(40):
        if hi - lo <= 1e-6 * (tc - ta):
            break
        if f1 > f2:
            hi, x2, f2, h2 = x2, x1, f1, h1
            x1 = lo + ratio * (hi - lo)
            f1, h1 = _two_step_value(k, x1, ta, tb, tc, ya, yb, yc, fa, fb, fc, p, env)
        else:
            lo, x1, f1, h1 = x1, x2, f2, h2
            x2 = hi - ratio * (hi - lo)
            f2, h2 = _two_step_value(k, x2, ta, tb, tc, ya, yb, yc, fa, fb, fc, p, env)
    if f1 > f2:
        return x1, f1, h1
    return x2, f2, h2


@njit(cache=True)
def _update_peaks(  # type: ignore[no-untyped-def]
    ta, tb, tc, ya, yb, yc, fa, fb, fc, ma, mb, mc, have_a, summary, p, env
):
    """Account for the new sample c: a refined local maximum at b, and c itself.

    With a constant drag coefficient the load factor is proportional to the dynamic
    pressure, so it peaks at the same instant: its peak is taken from the dynamic
    pressure's. With a drag coefficient that depends on Mach it is refined on its own.
    """
    with_mach = env[E_AUX][1] > 0.0
    g_per_pdyn = p[P_CDA_M] * math.sqrt(1.0 + p[P_LD] * p[P_LD]) / _G0
    for k in (M_QC, M_QR, M_Q, M_PDYN, M_G):
        if k == M_G and not with_mach:
            continue
        if have_a and mb[k] >= ma[k] and mb[k] > mc[k] and mb[k] > 0.0:
            t_pk, v_pk, h_pk = _refine_peak(k, ta, tb, tc, ya, yb, yc, fa, fb, fc, p, env)
            if v_pk > summary[S_PEAK + k]:
                summary[S_PEAK + k] = v_pk
                summary[S_PEAK_T + k] = t_pk
                summary[S_PEAK_H + k] = h_pk
        if mc[k] > summary[S_PEAK + k]:
            summary[S_PEAK + k] = mc[k]
            summary[S_PEAK_T + k] = tc
            summary[S_PEAK_H + k] = yc[Y_H]
    if not with_mach:
        summary[S_PEAK + M_G] = summary[S_PEAK + M_PDYN] * g_per_pdyn
        summary[S_PEAK_T + M_G] = summary[S_PEAK_T + M_PDYN]
        summary[S_PEAK_H + M_G] = summary[S_PEAK_H + M_PDYN]


@njit(cache=True)
def integrate(y0, p_in, bank_x, bank_y, env, hist, summary):  # type: ignore[no-untyped-def]
    """Integrate one trajectory from t = 0 until an event; fill ``summary`` (NS values).

    Writes up to ``hist.shape[0]`` rows ``(t, y...)`` into ``hist`` (one per accepted
    step, the first row at t = 0, the last at the end event) and returns the row count.
    With ``P_DESCENT`` set, a deployment is followed by the parachute descent to the
    ground (:func:`descend`), which is not written to ``hist``.

    Deployment: mode 0 uses the Mach, dynamic-pressure and altitude conditions; mode 1 a
    g-switch on the sensed acceleration (``P_GSW_LEVEL``, edge ``P_GSW_EDGE``; on the
    falling edge it arms once the acceleration has exceeded ``P_GSW_ARM``) followed by
    the timer ``P_DEPLOY_DELAY``; mode 2 the timer alone, from t = 0. A timer event is
    hit exactly: steps are shortened to end on it, as on the time limit.

    The radiative heating is discontinuous at V = 9 km/s (zero below). No step straddles
    that speed: a step that would is cut where the Hermite interpolant reaches it, and the
    side of the discontinuity used by the equations switches there.
    """
    p = p_in.copy()
    v_switch = _TS_V[0]
    p[P_RAD_REGIME] = 1.0 if y0[Y_V] >= v_switch else 0.0
    n_hist = hist.shape[0]
    rtol = p[P_RTOL]
    t_max = p[P_T_MAX]
    max_step = p[P_MAX_STEP]
    max_steps = int(p[P_MAX_STEPS])
    for k in range(NS):
        summary[k] = 0.0
    for k in range(NM):
        summary[S_PEAK + k] = -1.0
    for k in range(S_DEP_T, NS):
        summary[k] = math.nan
    mode = int(p[P_DEPLOY_MODE])
    t_deploy = p[P_DEPLOY_DELAY] if mode == DEPLOY_TIMER else math.inf
    armed = False
    atol = np.empty(NY)
    for i in range(NY):
        atol[i] = rtol * _Y_SCALE[i]
    # three most recent points a, b (previous) and c (current), with derivatives
    ya = np.empty(NY)
    yb = y0.copy()
    yc = np.empty(NY)
    fa = np.empty(NY)
    fb = np.empty(NY)
    fc = np.empty(NY)
    k2 = np.empty(NY)
    k3 = np.empty(NY)
    k4 = np.empty(NY)
    k5 = np.empty(NY)
    k6 = np.empty(NY)
    ytmp = np.empty(NY)
    ma = np.empty(NM)
    mb = np.empty(NM)
    mc = np.empty(NM)
    ye = np.empty(NY)
    ta = 0.0
    tb = 0.0
    have_a = False
    rhs(tb, yb, p, bank_x, bank_y, env, fb)
    nfev = 1
    monitor(yb[Y_H], yb[Y_V], p, env, mb)
    for k in range(NM):
        summary[S_PEAK + k] = mb[k]
        summary[S_PEAK_T + k] = 0.0
        summary[S_PEAK_H + k] = yb[Y_H]
    deploy_prev = _deploy_condition(yb[Y_H], yb[Y_V], p, env)
    if n_hist > 0:
        hist[0, 0] = 0.0
        hist[0, 1:] = yb
    rows = 1
    dt = min(p[P_FIRST_STEP], max_step, t_max)
    steps = 0
    rejected = 0
    event = EVENT_NONE
    t_event = 0.0
    while event == EVENT_NONE:
        if steps >= max_steps:
            event = EVENT_STEP_LIMIT
            t_event = tb
            break
        t_stop = t_max if t_deploy > t_max else t_deploy
        if tb + dt > t_stop:
            dt = t_stop - tb
        # --- one Dormand-Prince step from (tb, yb) with fb = f(tb, yb) -----------------
        for i in range(NY):
            ytmp[i] = yb[i] + dt * _A21 * fb[i]
        rhs(tb + _C2 * dt, ytmp, p, bank_x, bank_y, env, k2)
        for i in range(NY):
            ytmp[i] = yb[i] + dt * (_A31 * fb[i] + _A32 * k2[i])
        rhs(tb + _C3 * dt, ytmp, p, bank_x, bank_y, env, k3)
        for i in range(NY):
            ytmp[i] = yb[i] + dt * (_A41 * fb[i] + _A42 * k2[i] + _A43 * k3[i])
        rhs(tb + _C4 * dt, ytmp, p, bank_x, bank_y, env, k4)
        for i in range(NY):
            ytmp[i] = yb[i] + dt * (_A51 * fb[i] + _A52 * k2[i] + _A53 * k3[i] + _A54 * k4[i])
        rhs(tb + _C5 * dt, ytmp, p, bank_x, bank_y, env, k5)
        for i in range(NY):
            ytmp[i] = yb[i] + dt * (_A61 * fb[i] + _A62 * k2[i] + _A63 * k3[i]
                                    + _A64 * k4[i] + _A65 * k5[i])
        rhs(tb + dt, ytmp, p, bank_x, bank_y, env, k6)
        for i in range(NY):
            yc[i] = yb[i] + dt * (_B1 * fb[i] + _B3 * k3[i] + _B4 * k4[i] + _B5 * k5[i]
                                  + _B6 * k6[i])
        rhs(tb + dt, yc, p, bank_x, bank_y, env, fc)
        nfev += 6
        err = 0.0
        finite = True
        for i in range(NY):
            e = dt * (_E1 * fb[i] + _E3 * k3[i] + _E4 * k4[i] + _E5 * k5[i] + _E6 * k6[i]
                      + _E7 * fc[i])
            sc = atol[i] + rtol * max(abs(yb[i]), abs(yc[i]))
            x = e / sc
            err += x * x
            if not (math.isfinite(yc[i]) and math.isfinite(fc[i])):
                finite = False
        err = math.sqrt(err / NY)
        if not finite or err != err:
            rejected += 1
            dt *= 0.25
            if dt < 1e-9:
                event = EVENT_FAILURE
                t_event = tb
                break
            continue
        if err > 1.0:
            rejected += 1
            dt *= max(0.2, 0.9 * err ** -0.2)
            if dt < 1e-9:
                event = EVENT_FAILURE
                t_event = tb
                break
            continue
        above = p[P_RAD_REGIME] > 0.0
        switch = p[P_RADIATIVE] != 0.0 and (yc[Y_V] >= v_switch) != above
        if switch:
            ts = _locate(4, v_switch, tb, tb + dt, yb, yc, fb, fc, p, env)
            rejected += 1
            if ts - tb <= 1e-6 * dt:
                # the step starts on the switching speed: change sides now and redo it
                p[P_RAD_REGIME] = 0.0 if above else 1.0
                rhs(tb, yb, p, bank_x, bank_y, env, fb)
                nfev += 1
                continue
            if tb + dt - ts > 1e-6 * dt:
                dt = ts - tb  # redo the step, ending on the switching speed
                continue
            rejected -= 1
        # --- accepted: c = (tc, yc, fc) --------------------------------------------------
        steps += 1
        tc = tb + dt
        if switch:  # the step ends on the switching speed: change sides
            p[P_RAD_REGIME] = 0.0 if above else 1.0
            rhs(tc, yc, p, bank_x, bank_y, env, fc)
            nfev += 1
        monitor(yc[Y_H], yc[Y_V], p, env, mc)
        # events inside [tb, tc]: the earliest wins
        t_event = tc
        if yc[Y_H] <= p[P_GROUND_ALT]:
            te = _locate(3, p[P_GROUND_ALT], tb, tc, yb, yc, fb, fc, p, env)
            if event == EVENT_NONE or te < t_event:
                event, t_event = EVENT_GROUND, te
        if yb[Y_H] <= p[P_SKIP_ALT] < yc[Y_H]:
            te = _locate(3, p[P_SKIP_ALT], tb, tc, yb, yc, fb, fc, p, env)
            if event == EVENT_NONE or te < t_event:
                event, t_event = EVENT_SKIP, te
        deploy_now = mode == DEPLOY_CONDITIONS and _deploy_condition(yc[Y_H], yc[Y_V], p, env)
        if mode == DEPLOY_G_SWITCH and summary[S_SWITCH_T] != summary[S_SWITCH_T]:
            # rising edge: the sensed acceleration crosses the level upwards; falling
            # edge: downwards, once it has exceeded it (armed)
            level = p[P_GSW_LEVEL]
            armed = armed or summary[S_PEAK + M_G] * _G0 >= p[P_GSW_ARM]
            ab = mb[M_G] * _G0
            ac = mc[M_G] * _G0
            rising = p[P_GSW_EDGE] != 0.0
            if (ab < level <= ac) if rising else (armed and ab >= level > ac):
                ts = _locate(5, level, tb, tc, yb, yc, fb, fc, p, env)
                summary[S_SWITCH_T] = ts
                t_deploy = ts + p[P_DEPLOY_DELAY]
            armed = armed or ac >= p[P_GSW_ARM]
        if mode != DEPLOY_CONDITIONS and tc >= t_deploy - 1e-9:
            te = min(t_deploy, tc)
            if event == EVENT_NONE or te < t_event:
                event, t_event = EVENT_DEPLOY, te
        if deploy_now and not deploy_prev:
            te = tb
            for c in range(3):
                limit = p[P_DEPLOY_MACH + c]
                if limit == limit:
                    hb = yb[Y_H]
                    vb = yb[Y_V]
                    if _deploy_value(c, hb, vb, p, env) >= 0.0:
                        tc_c = _locate(c, 0.0, tb, tc, yb, yc, fb, fc, p, env)
                        te = max(te, tc_c)
            if event == EVENT_NONE or te < t_event:
                event, t_event = EVENT_DEPLOY, te
        deploy_prev = deploy_now
        if event == EVENT_NONE and tc >= t_max:
            event, t_event = EVENT_TIME, t_max
        if event != EVENT_NONE and t_event < tc:
            # cut the last step at the event: the end point comes from the interpolant
            for i in range(NY):
                ye[i] = hermite(tb, tc, yb, yc, fb, fc, t_event, i)
            for i in range(NY):
                yc[i] = ye[i]
            rhs(t_event, yc, p, bank_x, bank_y, env, fc)
            nfev += 1
            tc = t_event
            if tc <= tb:  # event at the very start of the step
                tc = tb
            monitor(yc[Y_H], yc[Y_V], p, env, mc)
        if tc > tb:
            _update_peaks(ta, tb, tc, ya, yb, yc, fa, fb, fc, ma, mb, mc, have_a, summary,
                          p, env)
        if rows < n_hist and tc > tb:
            hist[rows, 0] = tc
            hist[rows, 1:] = yc
            rows += 1
        # shift: a <- b, b <- c
        if tc > tb:
            ta = tb
            tb = tc
            for i in range(NY):
                ya[i] = yb[i]
                yb[i] = yc[i]
                fa[i] = fb[i]
                fb[i] = fc[i]
            for k in range(NM):
                ma[k] = mb[k]
                mb[k] = mc[k]
            have_a = True
        fac = 5.0 if err == 0.0 else min(5.0, max(0.2, 0.9 * err ** -0.2))
        dt = min(dt * fac, max_step)
    # --- end of run ---------------------------------------------------------------------
    summary[S_END_T] = tb
    for i in range(NY):
        summary[S_END_Y + i] = yb[i]
    h_end = yb[Y_H]
    v_end = yb[Y_V]
    summary[S_END_MACH] = v_end / sound_speed(h_end, p, env[E_TAB], env[E_T_BASE],
                                              env[E_P_BASE])
    summary[S_END_PDYN] = 0.5 * air_density(h_end, p, env) * v_end * v_end
    summary[S_EVENT] = event
    summary[S_STEPS] = steps
    summary[S_REJECTED] = rejected
    summary[S_NFEV] = nfev
    if event == EVENT_DEPLOY:
        summary[S_DEP_T] = tb
        summary[S_DEP_H] = h_end
        summary[S_DEP_V] = v_end
        summary[S_DEP_FPA] = yb[Y_GAMMA]
        summary[S_DEP_PSI] = yb[Y_PSI]
        summary[S_DEP_LAT] = yb[Y_LAT]
        summary[S_DEP_LON] = yb[Y_LON]
        summary[S_DEP_MACH] = summary[S_END_MACH]
        summary[S_DEP_Q] = summary[S_END_PDYN]
        if p[P_DESCENT] != 0.0:
            descend(tb, yb, p, env, summary)
    return rows


@njit(cache=True)
def _relax(s, dt, lam, g, we, wn, out):  # type: ignore[no-untyped-def]
    """State ``s`` = (east, north, up, v_e, v_n, v_up) (m, m/s) after dt (s) of

        r' = v,   v' = -g e_up - lam (v - w)

    with lam (1/s), g (m/s^2) and the wind w = (we, wn, 0) (m/s) frozen: the exact
    solution v = w - (g/lam) e_up + (v0 - w + (g/lam) e_up) e^(-lam dt), written with
    f = (1 - e^(-lam dt)) / lam and q = (dt - f) / lam so that lam -> 0 is regular."""
    x = lam * dt
    if x < 1.0e-4:
        f = dt * (1.0 - x / 2.0 + x * x / 6.0)
        q = dt * dt * (0.5 - x / 6.0)
    else:
        f = -math.expm1(-x) / lam
        q = (dt - f) / lam
    e = 1.0 - lam * f
    out[0] = s[0] + we * dt + (s[3] - we) * f
    out[1] = s[1] + wn * dt + (s[4] - wn) * f
    out[2] = s[2] + s[5] * f - g * q
    out[3] = we + (s[3] - we) * e
    out[4] = wn + (s[4] - wn) * e
    out[5] = s[5] * e - g * f


@njit(cache=True, inline="always")
def _drag_rate(s, cda_m, p, env):  # type: ignore[no-untyped-def]
    """(k 1/m, g m/s^2, we, wn m/s, U m/s) at state s: k = rho Cd S / (2 m), the wind
    (zero without a wind profile), U the air-relative speed; the drag rate is lam = k U
    (1/s)."""
    z = s[2]
    aux = env[E_AUX]
    nw = int(aux[2])
    we = 0.0
    wn = 0.0
    if nw > 0:
        o = AUX_HEADER + 2 * int(aux[0]) + 2 * int(aux[1])
        we = interp(z, aux, o, o + nw, nw, False)
        wn = interp(z, aux, o, o + 2 * nw, nw, False)
    ue = s[3] - we
    un = s[4] - wn
    speed = math.sqrt(ue * ue + un * un + s[5] * s[5])
    r = p[P_RADIUS] + z
    g = p[P_MU] / (r * r)
    rho = density(z, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE])
    nr = int(aux[0])
    if nr > 0:  # the perturbation profile, as air_density (not called: see rhs)
        rho *= interp(z, aux, AUX_HEADER, AUX_HEADER + nr, nr, True)
    return 0.5 * rho * cda_m, g, we, wn, speed


@njit(cache=True)
def _descent_step(s, dt, cda_m, p, env, mid, out):  # type: ignore[no-untyped-def]
    """One exponential midpoint step (second order, stable for any drag rate).

    A half step with the rates at s gives the midpoint's altitude, air density k =
    rho Cd S / (2 m), gravity and wind. The drag rate lam = k U must be consistent with
    the air-relative speed U it produces over the half step: a frozen lam relaxes the
    velocity to the fall speed g / lam, which is the terminal speed sqrt(g / k) only if
    lam = sqrt(k g). Three geometric-mean iterations lam <- sqrt(lam k U(lam)) reach it
    (they converge to k U in a non-stiff step, to sqrt(k g) in a stiff one); the full step
    uses that lam.
    """
    k, g, we, wn, speed = _drag_rate(s, cda_m, p, env)
    _relax(s, 0.5 * dt, k * speed, g, we, wn, mid)
    k, g, we, wn, speed = _drag_rate(mid, cda_m, p, env)
    lam = k * speed
    for _ in range(3):
        _relax(s, 0.5 * dt, lam, g, we, wn, mid)
        ue = mid[3] - we
        un = mid[4] - wn
        lam = math.sqrt(lam * k * math.sqrt(ue * ue + un * un + mid[5] * mid[5]))
    _relax(s, dt, lam, g, we, wn, out)


@njit(cache=True)
def descend(t0, y, p, env, summary):  # type: ignore[no-untyped-def]
    """Parachute descent from the deployment state ``y`` at t0 to the ground.

    Point mass in local east-north-up axes at the deployment point (Earth rotation and
    curvature neglected over the descent), drag on the air-relative velocity::

        r' = v,   v' = -g(h) e_up - (rho(h) Cd S / (2 m)) |v - w(h)| (v - w(h))

    with the drogue's drag area, then the main's (deployed below an altitude, or a time
    after the drogue). Integrated by an exponential midpoint method (:func:`_relax`),
    exact for a frozen drag rate and stable at any step, with steps that keep the altitude
    change below ``P_DESCENT_STEP``, the air-relative speed change below 5 %, and the
    step below ``P_MAX_STEP``; the main deployment and the ground are hit exactly.
    Latitude and longitude follow the displacements: dlat = dn / r, dlon = de / (r cos lat).
    Fills the S_MAIN_*, S_LAND_* and end values; the event becomes ground impact (failure
    if the step budget runs out).
    """
    ground = p[P_GROUND_ALT]
    dz = p[P_DESCENT_STEP]
    cda = p[P_DROGUE_CDA_M]
    has_main = p[P_MAIN_CDA_M] == p[P_MAIN_CDA_M]
    main_alt = p[P_MAIN_ALT] if p[P_MAIN_ALT] == p[P_MAIN_ALT] else -math.inf
    t_main = t0 + p[P_MAIN_DELAY] if p[P_MAIN_DELAY] == p[P_MAIN_DELAY] else math.inf
    v = y[Y_V]
    s = np.empty(6)
    s[0] = 0.0
    s[1] = 0.0
    s[2] = y[Y_H]
    s[3] = v * math.cos(y[Y_GAMMA]) * math.sin(y[Y_PSI])
    s[4] = v * math.cos(y[Y_GAMMA]) * math.cos(y[Y_PSI])
    s[5] = v * math.sin(y[Y_GAMMA])
    mid = np.empty(6)
    out = np.empty(6)
    lat = y[Y_LAT]
    lon = y[Y_LON]
    t = t0
    on_main = False
    landed = s[2] <= ground
    for _ in range(int(p[P_MAX_STEPS])):
        if landed:
            break
        if has_main and not on_main and (t >= t_main - 1e-9 or s[2] <= main_alt):
            on_main = True
            cda = p[P_MAIN_CDA_M]
            summary[S_MAIN_T] = t
            summary[S_MAIN_H] = s[2]
        k, g, _, _, speed = _drag_rate(s, cda, p, env)
        change = abs(-g * s[5] / max(speed, 1e-9) - k * speed * speed)
        dt = min(p[P_MAX_STEP], dz / max(abs(s[5]), 1e-3), 0.2 * speed / max(change, 1e-9))
        if has_main and not on_main and t + dt > t_main:
            dt = t_main - t
        _descent_step(s, dt, cda, p, env, mid, out)
        target = main_alt if has_main and not on_main else -math.inf
        target = max(target, ground)
        if out[2] < target:  # hit the target altitude: bisection with secant guesses
            lo, hi = 0.0, dt
            f_lo = s[2] - target
            f_hi = out[2] - target
            for _ in range(60):
                dt = hi - f_hi * (hi - lo) / (f_hi - f_lo) if f_hi != f_lo else 0.5 * (lo + hi)
                if not (lo < dt < hi):
                    dt = 0.5 * (lo + hi)
                _descent_step(s, dt, cda, p, env, mid, out)
                f = out[2] - target
                if abs(f) < 1.0e-3:
                    break
                if f > 0.0:
                    lo, f_lo = dt, f
                else:
                    hi, f_hi = dt, f
            out[2] = target
        r = p[P_RADIUS] + 0.5 * (s[2] + out[2])
        lat_mid = lat + 0.5 * (out[1] - s[1]) / r
        lat += (out[1] - s[1]) / r
        lon += (out[0] - s[0]) / (r * math.cos(lat_mid))
        t += dt
        for i in range(6):
            s[i] = out[i]
        landed = s[2] <= ground
    if not landed:
        summary[S_EVENT] = EVENT_FAILURE
        return
    summary[S_LAND_T] = t
    summary[S_LAND_LAT] = lat
    summary[S_LAND_LON] = lon
    summary[S_LAND_VZ] = -s[5]
    summary[S_EVENT] = EVENT_GROUND
    summary[S_END_T] = t
    summary[S_END_Y + Y_H] = s[2]
    summary[S_END_Y + Y_LAT] = lat
    summary[S_END_Y + Y_LON] = lon
    horizontal = math.sqrt(s[3] * s[3] + s[4] * s[4])
    summary[S_END_Y + Y_V] = math.sqrt(horizontal * horizontal + s[5] * s[5])
    summary[S_END_Y + Y_GAMMA] = math.atan2(s[5], horizontal)
    summary[S_END_Y + Y_PSI] = math.atan2(s[3], s[4])
    _, _, _, _, speed = _drag_rate(s, cda, p, env)
    summary[S_END_MACH] = speed / sound_speed(s[2], p, env[E_TAB], env[E_T_BASE],
                                              env[E_P_BASE])
    summary[S_END_PDYN] = 0.5 * air_density(s[2], p, env) * speed * speed


@njit(cache=True, nogil=True)
def integrate_range(y0s, ps, bank_x, bank_y, tables, summaries, start, stop):  # type: ignore[no-untyped-def]
    """Integrate rows ``start`` to ``stop - 1`` of ``y0s`` with the parameters of the same
    rows of ``ps``, writing their rows of ``summaries``.

    ``tables`` is :func:`env_row`'s input: shared tables, and per-trajectory rows of the
    density factors and winds (one row for all, or one per trajectory). The GIL is
    released, so that threads run disjoint ranges at once
    (:func:`okaeri.core.entry.simulate_batch`): one compiled function serves the serial
    and the parallel batch, where a ``parallel=True`` kernel compiled a second copy of
    the integrator (about 5 s more on the first run).
    """
    hist = np.empty((0, NY + 1))
    for j in range(start, stop):
        integrate(y0s[j], ps[j], bank_x, bank_y, env_row(tables, j), hist, summaries[j])


@njit(cache=True)
def env_row(tables, j):  # type: ignore[no-untyped-def]
    """The ``env`` of trajectory j from the batch tables ``(tab, t_base, p_base, rho_h,
    rho_f, cd_mach, cd_ratio, wind_h, wind_e, wind_n)``, whose rho_f, wind_e and wind_n
    are 2-D: one row shared by all trajectories, or one row per trajectory."""
    rho_h = tables[T_RHO_H]
    rho_f = tables[T_RHO_F]
    cd_mach = tables[T_CD_MACH]
    wind_h = tables[T_WIND_H]
    wind_e = tables[T_WIND_E]
    i = np.int64(j)
    jr = i if rho_f.shape[0] > 1 else np.int64(0)
    jw = i if wind_e.shape[0] > 1 else np.int64(0)
    nr = rho_h.shape[0]
    nc = cd_mach.shape[0]
    nw = wind_h.shape[0]
    aux = np.empty(AUX_HEADER + 2 * nr + 2 * nc + 3 * nw)
    aux[0] = nr
    aux[1] = nc
    aux[2] = nw
    o = AUX_HEADER
    for k in range(nr):
        aux[o + k] = rho_h[k]
        aux[o + nr + k] = rho_f[jr, k]
    o += 2 * nr
    for k in range(nc):
        aux[o + k] = cd_mach[k]
        aux[o + nc + k] = tables[T_CD_RATIO][k]
    o += 2 * nc
    for k in range(nw):
        aux[o + k] = wind_h[k]
        aux[o + nw + k] = wind_e[jw, k]
        aux[o + 2 * nw + k] = tables[T_WIND_N][jw, k]
    return (tables[E_TAB], tables[E_T_BASE], tables[E_P_BASE], aux)
