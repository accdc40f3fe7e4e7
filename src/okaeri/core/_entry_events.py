"""Events of the compiled entry kernel (private; see :mod:`okaeri.core.entry`): the cubic
Hermite dense output of a step, the deployment sensors (conditions, g-switch, timer),
locating an event inside a step, and the refinement of the monitored peaks. Everything is
numba ``@njit(cache=True)``; the array layouts are :mod:`okaeri.core._entry_layout`."""

from __future__ import annotations

import math

from okaeri.core._entry_layout import (
    CROSS_ALTITUDE,
    CROSS_G_LOAD,
    CROSS_SPEED,
    E_AUX,
    E_P_BASE,
    E_T_BASE,
    E_TAB,
    H_INDEX,
    M_G,
    M_PDYN,
    M_Q,
    M_QC,
    M_QR,
    P_CDA_M,
    P_DEPLOY_ALT,
    P_DEPLOY_MACH,
    P_DEPLOY_Q,
    P_LD,
    S_PEAK,
    S_PEAK_H,
    S_PEAK_T,
    V_INDEX,
    Y_H,
)
from okaeri.core._entry_physics import (
    air_density,
    cda_per_mass,
    density,
    monitored_quantity,
    sound_speed,
)
from okaeri.core._jit import njit
from okaeri.core.constants import G0


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
def deploy_value(c, h, v, p, env):  # type: ignore[no-untyped-def]
    """Deployment condition c (0 Mach, 1 dynamic pressure, 2 altitude) minus its limit."""
    if c == 0:
        return v / sound_speed(h, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE]) - p[P_DEPLOY_MACH]
    if c == 1:
        rho = (density(h, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE])
               if env[E_AUX][0] == 0.0 else air_density(h, p, env))
        return 0.5 * rho * v * v - p[P_DEPLOY_Q]
    return h - p[P_DEPLOY_ALT]


@njit(cache=True)
def deploy_condition(h, v, p, env):  # type: ignore[no-untyped-def]
    """True when every enabled deployment condition holds (False if none is enabled)."""
    enabled = False
    for c in range(3):
        limit = p[P_DEPLOY_MACH + c]
        if limit == limit:  # not NaN
            enabled = True
            if deploy_value(c, h, v, p, env) >= 0.0:
                return False
    return enabled


@njit(cache=True)
def _event_value(kind, level, h, v, p, env):  # type: ignore[no-untyped-def]
    if kind == CROSS_ALTITUDE:
        return h - level
    if kind == CROSS_SPEED:
        return v - level
    if kind == CROSS_G_LOAD:  # sensed aerodynamic acceleration sqrt(L^2 + D^2) (m/s^2)
        return 0.5 * air_density(h, p, env) * v * v * cda_per_mass(h, v, p, env) * math.sqrt(
            1.0 + p[P_LD] * p[P_LD]) - level
    return deploy_value(kind, h, v, p, env)


@njit(cache=True)
def locate(kind, level, t0, t1, y0, y1, f0, f1, p, env):  # type: ignore[no-untyped-def]
    """Time in [t0, t1] where an event function crosses zero (Illinois regula falsi).

    kind 0-2: deployment condition; :data:`CROSS_ALTITUDE`: altitude minus ``level``;
    :data:`CROSS_SPEED`: speed minus ``level``; :data:`CROSS_G_LOAD`: sensed aerodynamic
    acceleration minus ``level``.
    """
    a, b = t0, t1
    fa = 0.0
    fb = 0.0
    for end in range(2):
        tt = a if end == 0 else b
        h = hermite(t0, t1, y0, y1, f0, f1, tt, H_INDEX)
        v = hermite(t0, t1, y0, y1, f0, f1, tt, V_INDEX)
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
        h = hermite(t0, t1, y0, y1, f0, f1, c, H_INDEX)
        v = hermite(t0, t1, y0, y1, f0, f1, c, V_INDEX)
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
        h = hermite(ta, tb, ya, yb, fa, fb, t, H_INDEX)
        v = hermite(ta, tb, ya, yb, fa, fb, t, V_INDEX)
    else:
        h = hermite(tb, tc, yb, yc, fb, fc, t, H_INDEX)
        v = hermite(tb, tc, yb, yc, fb, fc, t, V_INDEX)
    return monitored_quantity(k, h, v, p, env), h


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
def update_peaks(  # type: ignore[no-untyped-def]
    ta, tb, tc, ya, yb, yc, fa, fb, fc, ma, mb, mc, have_a, summary, p, env
):
    """Account for the new sample c: a refined local maximum at b, and c itself.

    With a constant drag coefficient the load factor is proportional to the dynamic
    pressure, so it peaks at the same instant: its peak is taken from the dynamic
    pressure's. With a drag coefficient that depends on Mach it is refined on its own.
    """
    with_mach = env[E_AUX][1] > 0.0
    g_per_pdyn = p[P_CDA_M] * math.sqrt(1.0 + p[P_LD] * p[P_LD]) / G0
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
