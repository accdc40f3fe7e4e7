"""Compiled integrator of the 3-DOF entry simulation (private; use :mod:`okaeri.core.entry`).

A Dormand-Prince 5(4) integrator (:func:`integrate`) over the equations of motion of
:mod:`okaeri.core._entry_physics`, with the events and peaks of
:mod:`okaeri.core._entry_events` and the parachute descent of
:mod:`okaeri.core._entry_descent`, and the batch loop over trajectories
(:func:`integrate_range`, :func:`env_row`). Everything is numba ``@njit(cache=True)``.
Inputs are packed in float64 arrays whose layouts are the ``P_*`` (parameters), ``Y_*``
(state) and ``S_*`` (summary) indices of :mod:`okaeri.core._entry_layout`;
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

from okaeri.core._entry_descent import (
    descend,
)
from okaeri.core._entry_events import (
    deploy_condition,
    deploy_value,
    hermite,
    locate,
    update_peaks,
)
from okaeri.core._entry_layout import (
    AUX_HEADER,
    CROSS_ALTITUDE,
    CROSS_G_LOAD,
    CROSS_SPEED,
    DEPLOY_CONDITIONS,
    DEPLOY_G_SWITCH,
    DEPLOY_TIMER,
    E_P_BASE,
    E_T_BASE,
    E_TAB,
    EVENT_DEPLOY,
    EVENT_FAILURE,
    EVENT_GROUND,
    EVENT_NONE,
    EVENT_SKIP,
    EVENT_STEP_LIMIT,
    EVENT_TIME,
    M_G,
    NM,
    NS,
    NY,
    P_DEPLOY_DELAY,
    P_DEPLOY_MACH,
    P_DEPLOY_MODE,
    P_DESCENT,
    P_FIRST_STEP,
    P_GROUND_ALT,
    P_GSW_ARM,
    P_GSW_EDGE,
    P_GSW_LEVEL,
    P_MAX_STEP,
    P_MAX_STEPS,
    P_RAD_REGIME,
    P_RADIATIVE,
    P_RTOL,
    P_SKIP_ALT,
    P_T_MAX,
    S_DEP_FPA,
    S_DEP_H,
    S_DEP_LAT,
    S_DEP_LON,
    S_DEP_MACH,
    S_DEP_PSI,
    S_DEP_Q,
    S_DEP_T,
    S_DEP_V,
    S_END_MACH,
    S_END_PDYN,
    S_END_T,
    S_END_Y,
    S_EVENT,
    S_NFEV,
    S_PEAK,
    S_PEAK_H,
    S_PEAK_T,
    S_REJECTED,
    S_STEPS,
    S_SWITCH_T,
    T_CD_MACH,
    T_CD_RATIO,
    T_RHO_F,
    T_RHO_H,
    T_WIND_E,
    T_WIND_H,
    T_WIND_N,
    Y_GAMMA,
    Y_H,
    Y_LAT,
    Y_LON,
    Y_PSI,
    Y_SCALE,
    Y_V,
)
from okaeri.core._entry_physics import (
    TS_V,
    air_density,
    monitor,
    rhs,
    sound_speed,
)
from okaeri.core._jit import njit
from okaeri.core.constants import G0

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
    side of the discontinuity used by the equations switches there; the next step starts
    from the size the step had before the cut.
    """
    p = p_in.copy()
    v_switch = TS_V[0]
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
        atol[i] = rtol * Y_SCALE[i]
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
    have_a = np.bool_(False)  # not the literal False: update_peaks compiles once (bool)
    rhs(tb, yb, p, bank_x, bank_y, env, fb)
    nfev = 1
    monitor(yb[Y_H], yb[Y_V], p, env, mb)
    for k in range(NM):
        summary[S_PEAK + k] = mb[k]
        summary[S_PEAK_T + k] = 0.0
        summary[S_PEAK_H + k] = yb[Y_H]
    deploy_prev = deploy_condition(yb[Y_H], yb[Y_V], p, env)
    if n_hist > 0:
        hist[0, 0] = 0.0
        for i in range(NY):  # loops, not slices: no shape check to compile
            hist[0, 1 + i] = yb[i]
    rows = 1
    dt = min(p[P_FIRST_STEP], max_step, t_max)
    steps = 0
    rejected = 0
    dt_uncut = 0.0  # > 0: this step was cut to end on the switching speed, from dt_uncut
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
            dt_uncut = 0.0
            dt *= 0.25
            if dt < 1e-9:
                event = EVENT_FAILURE
                t_event = tb
                break
            continue
        if err > 1.0:
            rejected += 1
            dt_uncut = 0.0
            dt *= max(0.2, 0.9 * err ** -0.2)
            if dt < 1e-9:
                event = EVENT_FAILURE
                t_event = tb
                break
            continue
        above = p[P_RAD_REGIME] > 0.0
        switch = p[P_RADIATIVE] != 0.0 and (yc[Y_V] >= v_switch) != above
        if switch and dt_uncut == 0.0:
            ts = locate(CROSS_SPEED, v_switch, tb, tb + dt, yb, yc, fb, fc, p, env)
            rejected += 1
            if ts - tb <= 1e-6 * dt:
                # the step starts on the switching speed: change sides now and redo it
                p[P_RAD_REGIME] = 0.0 if above else 1.0
                rhs(tb, yb, p, bank_x, bank_y, env, fb)
                nfev += 1
                continue
            if tb + dt - ts > 1e-6 * dt:
                dt_uncut = dt
                dt = ts - tb  # redo the step, ending on the switching speed
                continue
            rejected -= 1
        # a step redone to end on the switching speed ends there, on whichever side of it
        # the root's tolerance left the speed
        switch = switch or dt_uncut > 0.0
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
            te = locate(CROSS_ALTITUDE, p[P_GROUND_ALT], tb, tc, yb, yc, fb, fc, p, env)
            if event == EVENT_NONE or te < t_event:
                event, t_event = EVENT_GROUND, te
        if yb[Y_H] <= p[P_SKIP_ALT] < yc[Y_H]:
            te = locate(CROSS_ALTITUDE, p[P_SKIP_ALT], tb, tc, yb, yc, fb, fc, p, env)
            if event == EVENT_NONE or te < t_event:
                event, t_event = EVENT_SKIP, te
        deploy_now = mode == DEPLOY_CONDITIONS and deploy_condition(yc[Y_H], yc[Y_V], p, env)
        if mode == DEPLOY_G_SWITCH and summary[S_SWITCH_T] != summary[S_SWITCH_T]:
            # rising edge: the sensed acceleration crosses the level upwards; falling
            # edge: downwards, once it has exceeded it (armed)
            level = p[P_GSW_LEVEL]
            armed = armed or summary[S_PEAK + M_G] * G0 >= p[P_GSW_ARM]
            ab = mb[M_G] * G0
            ac = mc[M_G] * G0
            rising = p[P_GSW_EDGE] != 0.0
            if (ab < level <= ac) if rising else (armed and ab >= level > ac):
                ts = locate(CROSS_G_LOAD, level, tb, tc, yb, yc, fb, fc, p, env)
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
                    if deploy_value(c, hb, vb, p, env) >= 0.0:
                        tc_c = locate(c, 0.0, tb, tc, yb, yc, fb, fc, p, env)
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
            update_peaks(ta, tb, tc, ya, yb, yc, fa, fb, fc, ma, mb, mc, have_a, summary,
                          p, env)
        if rows < n_hist and tc > tb:
            hist[rows, 0] = tc
            for i in range(NY):
                hist[rows, 1 + i] = yc[i]
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
            have_a = True  # type: ignore[assignment]
        fac = 5.0 if err == 0.0 else min(5.0, max(0.2, 0.9 * err ** -0.2))
        # after a step cut to end on the switching speed, resume from the step that passed
        # the error test before the cut, not from the cut one
        dt = min(max(dt * fac, dt_uncut), max_step)
        dt_uncut = 0.0
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
