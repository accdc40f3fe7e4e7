"""The parachute descent of the compiled entry kernel (private; see
:mod:`okaeri.core.entry`): from deployment to the ground under the drogue and then the
main parachute, relaxing to the terminal speed through the wind profile, in altitude
steps (:func:`descend`)."""

from __future__ import annotations

import math

import numpy as np

from okaeri.core._entry_layout import (
    AUX_HEADER,
    AUX_START,
    E_AUX,
    E_P_BASE,
    E_T_BASE,
    E_TAB,
    EVENT_FAILURE,
    EVENT_GROUND,
    LINEAR,
    P_DESCENT_STEP,
    P_DROGUE_CDA_M,
    P_GROUND_ALT,
    P_MAIN_ALT,
    P_MAIN_CDA_M,
    P_MAIN_DELAY,
    P_MAX_STEP,
    P_MAX_STEPS,
    P_MU,
    P_RADIUS,
    S_END_MACH,
    S_END_PDYN,
    S_END_T,
    S_END_Y,
    S_EVENT,
    S_LAND_LAT,
    S_LAND_LON,
    S_LAND_T,
    S_LAND_VZ,
    S_MAIN_H,
    S_MAIN_T,
    SMOOTH,
    Y_GAMMA,
    Y_H,
    Y_LAT,
    Y_LON,
    Y_PSI,
    Y_V,
)
from okaeri.core._entry_physics import (
    air_density,
    density,
    interp,
    sound_speed,
)
from okaeri.core._jit import njit


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
        we = interp(z, aux, o, o + nw, nw, LINEAR)
        wn = interp(z, aux, o, o + 2 * nw, nw, LINEAR)
    ue = s[3] - we
    un = s[4] - wn
    speed = math.sqrt(ue * ue + un * un + s[5] * s[5])
    r = p[P_RADIUS] + z
    g = p[P_MU] / (r * r)
    rho = density(z, p, env[E_TAB], env[E_T_BASE], env[E_P_BASE])
    nr = int(aux[0])
    if nr > 0:  # the perturbation profile, as air_density (not called: see rhs)
        rho *= interp(z, aux, AUX_START, AUX_START + nr, nr, SMOOTH)
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
