"""3-DOF point-mass atmospheric entry over a spherical, rotating Earth (SI units).

Model
-----
States: altitude h (m), longitude and geocentric latitude (rad), Earth-relative speed
V (m/s), Earth-relative flight path angle gamma (rad, positive up) and heading psi (rad,
clockwise from north: 0 north, pi/2 east). The equations of motion are the standard
planetary-entry equations over a rotating spherical planet with Coriolis and centripetal
terms (Vinh, Busemann and Culp 1980, ch. 2; written out in
:func:`okaeri.core._entry_physics.rhs`)::

    h'   = V sin(gamma)
    V'   = -D - g_r sin(gamma) + g_n cos(gamma) cos(psi) + Omega^2 r cos(lat)(...)
    ...

with drag and lift accelerations ``D = rho V^2 Cd S / (2 m)``, ``L = (L/D) D``, bank
angle sigma (lift rotated from the vertical plane towards the right of the velocity),
inverse-square gravity ``g_r = mu/r^2`` and, optionally, the J2 terms
``g_r = mu/r^2 [1 + 1.5 J2 (R/r)^2 (1 - 3 sin^2 lat)]``,
``g_n = -3 mu/r^2 J2 (R/r)^2 sin(lat) cos(lat)``. Stagnation heating is Sutton-Graves
(convective) plus Tauber-Sutton (radiative), see :mod:`okaeri.core.aerothermo`; the heat
loads are integrated with the trajectory. The atmosphere is the U.S. Standard Atmosphere
1976 (:mod:`okaeri.core.atmosphere`) or an exponential one.

Frames
------
Every state in the results is Earth-relative (``*_relative`` in names where both exist).
An entry state can be given with an inertial velocity: at t = 0 the Earth-fixed and the
inertial frames coincide, so only the velocity changes, by the Earth's rotation at the
entry point, ``v_I = v_R + Omega x r`` (an eastward ``Omega r cos(lat)``); see
:func:`relative_from_inertial`.

Events
------
The run ends at the first of: parachute deployment, ground impact (altitude below
``ground_altitude``), skip-out (climbing back above ``skip_altitude``, by default the
entry altitude), time limit, or an integration failure. Deployment uses the enabled
conditions among Mach < ``deploy_mach``, dynamic pressure < ``deploy_dynamic_pressure``
and altitude < ``deploy_altitude`` (a NaN disables one): it fires at the first instant at
which **all** enabled conditions hold, having not all held just before (the rising edge
of their conjunction). So a run that starts with every enabled condition already true,
e.g. only a dynamic-pressure condition at 120 km, deploys when the condition becomes true
again after the dynamic-pressure pulse. Events are located inside the step by regula
falsi on the cubic Hermite interpolant of the step.

Integration
-----------
Dormand-Prince 5(4) with step-size control (tolerance ``rtol``, with absolute tolerances
``rtol`` times 10 km, 1 rad, 1 km/s and 1 MJ/m^2 for altitude, angles, speed and loads),
compiled with numba (``cache=True``). Peaks of heat flux, load factor and dynamic
pressure are refined between steps by a golden-section search on the Hermite interpolant.
Accuracy is shown by step convergence in ``tests/unit/core/test_entry.py``.

Sources
-------
N. X. Vinh, A. Busemann, R. D. Culp, "Hypersonic and Planetary Entry Flight Mechanics",
University of Michigan Press, 1980, ch. 2. J. R. Dormand, P. J. Prince, "A family of
embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6(1):19-26, 1980.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from okaeri.core import _entry_kernel as kernel
from okaeri.core import _entry_layout as layout
from okaeri.core import _entry_physics as physics
from okaeri.core import aerothermo
from okaeri.core import atmosphere as atm
from okaeri.core._entry_packing import (
    atmosphere_tables,
    bank_arrays,
    batch_size,
    batch_tables,
    pack_inputs,
    unpack_summary,
    wrap_angle,
)
from okaeri.core.constants import G0
from okaeri.core.entry_frames import (
    great_circle_distance,
    inertial_from_relative,
    relative_from_inertial,
)
from okaeri.core.entry_types import (
    END_EVENTS,
    BatchSummary,
    EntryOptions,
    EntrySummary,
    EntryTrajectory,
    FloatArray,
    Frame,
)

__all__ = [
    "END_EVENTS",
    "BatchSummary",
    "EntryOptions",
    "EntrySummary",
    "EntryTrajectory",
    "Frame",
    "great_circle_distance",
    "inertial_from_relative",
    "relative_from_inertial",
    "simulate",
    "simulate_batch",
]


# --- public entry points ------------------------------------------------------------------


def simulate(
    *,
    mass: float,
    reference_area: float,
    drag_coefficient: float,
    nose_radius: float,
    altitude: float,
    latitude: float,
    longitude: float,
    speed: float,
    flight_path_angle: float,
    heading: float,
    frame: Frame = "inertial",
    lift_to_drag: float = 0.0,
    bank: float = 0.0,
    bank_schedule: tuple[ArrayLike, ArrayLike] | None = None,
    options: EntryOptions | None = None,
    drag_coefficient_mach: tuple[ArrayLike, ArrayLike] | None = None,
    density_profile: tuple[ArrayLike, ArrayLike] | None = None,
    wind_profile: tuple[ArrayLike, ArrayLike, ArrayLike] | None = None,
    g_switch_level: float = math.nan,
    g_switch_arm_level: float = math.nan,
    deploy_delay: float = 0.0,
    drogue_drag_area: float = math.nan,
    main_drag_area: float = math.nan,
    main_deploy_altitude: float = math.nan,
    main_deploy_delay: float = math.nan,
) -> EntryTrajectory:
    """Simulate one entry from an entry-interface state to its end event.

    Equations and events: see the module docstring.

    Parameters
    ----------
    mass : float
        Vehicle mass m (kg), > 0.
    reference_area : float
        Aerodynamic reference area S (m^2), > 0.
    drag_coefficient : float
        Drag coefficient C_D (dimensionless), >= 0.
    nose_radius : float
        Stagnation-point nose radius R_n (m), > 0.
    altitude : float
        Entry altitude above the spherical surface (m), (ground, 1,000,000].
    latitude, longitude : float
        Entry position: geocentric latitude in (-pi/2, pi/2) and longitude (rad).
    speed : float
        Entry speed (m/s), in ``frame``.
    flight_path_angle : float
        Entry flight path angle (rad), in ``frame``; negative for a descending entry.
    heading : float
        Entry heading (rad) clockwise from north, in ``frame``.
    frame : {"inertial", "relative"}
        Frame of the entry velocity (speed, flight path angle, heading).
    lift_to_drag : float, optional
        Lift-to-drag ratio L/D (dimensionless), >= 0; 0 for a ballistic entry.
    bank : float, optional
        Constant bank angle sigma (rad); 0 puts the lift vector up.
    bank_schedule : (array_like, array_like), optional
        Piecewise-linear bank angle (rad) against Earth-relative speed (m/s), or time (s)
        when ``options.bank_variable == "time"``; abscissae strictly increasing, held
        constant beyond the ends. Overrides ``bank``.
    options : EntryOptions, optional
        Models, events and numerics (defaults: US 1976 atmosphere, inverse-square
        gravity, rotation, radiative heating, no deployment condition).
    drag_coefficient_mach : (array_like, array_like), optional
        Drag coefficient against Mach number (increasing Mach), linearly interpolated and
        held beyond the ends. It is scaled so that its value at its highest Mach number
        is ``drag_coefficient``: C_D(M) = drag_coefficient * table(M) / table(M_max), so
        ``drag_coefficient`` stays the hypersonic value and disperses the whole curve.
    density_profile : (array_like, array_like), optional
        Altitudes (m, increasing) and multiplicative density factors (dimensionless,
        > 0), linearly interpolated and held beyond the ends:
        rho = rho_model(h) * density_factor * f(h). See
        :func:`okaeri.core.dispersions.density_perturbations`.
    wind_profile : (array_like, array_like, array_like), optional
        Altitudes (m, increasing) and the east and north wind (m/s, the direction the air
        moves to), linearly interpolated; used by the parachute descent only.
    g_switch_level : float, optional
        Level of the g-switch (m/s^2) on the sensed aerodynamic acceleration, with its
        error included, when ``options.deploy_trigger == "g_switch"``.
    g_switch_arm_level : float, optional
        On the falling edge, the switch arms once the acceleration has exceeded this
        (m/s^2, >= ``g_switch_level``; default the level itself), so that a dip of the
        acceleration before the peak (a density perturbation) does not close it.
    deploy_delay : float, optional
        Timer (s): after the g-switch closes, or from the entry state when
        ``options.deploy_trigger == "timer"``.
    drogue_drag_area, main_drag_area : float, optional
        Drag area Cd S (m^2) of the descending system under the drogue and under the main
        parachute (NaN: no main), when ``options.descent``.
    main_deploy_altitude, main_deploy_delay : float, optional
        The main parachute deploys below this altitude (m), or this long (s) after the
        drogue: exactly one with a main parachute.

    Returns
    -------
    EntryTrajectory
        Time histories (Earth-relative states; density, Mach, dynamic pressure Pa,
        load factor g, heat fluxes W/m^2, cumulative heat loads J/m^2) and the
        :class:`EntrySummary`. With ``options.descent`` the histories end at the
        deployment; the parachute descent is in the summary (landing point, times).

    Raises
    ------
    ValueError
        For an input outside its range (the message gives the range and the value).

    References
    ----------
    Vinh, Busemann and Culp (1980), ch. 2; Sutton and Graves (1971); Tauber and Sutton
    (1991); Dormand and Prince (1980).
    """
    options = options or EntryOptions()
    sensors: dict[str, ArrayLike] = dict(
        g_switch_level=g_switch_level, g_switch_arm_level=g_switch_arm_level,
        deploy_delay=deploy_delay,
        drogue_drag_area=drogue_drag_area, main_drag_area=main_drag_area,
        main_deploy_altitude=main_deploy_altitude, main_deploy_delay=main_deploy_delay)
    y0, p, entry = pack_inputs(1, mass, reference_area, drag_coefficient, nose_radius, altitude,
                         latitude, longitude, speed, flight_path_angle, heading, frame,
                         lift_to_drag, bank, 1.0, options, sensors)
    bank_x, bank_y = bank_arrays(bank_schedule)
    env = kernel.env_row(batch_tables(1, drag_coefficient_mach, density_profile, wind_profile), 0)
    hist = np.empty((options.max_steps + 2, layout.NY + 1))
    summary = np.zeros((1, layout.NS))
    rows = kernel.integrate(y0[0], p[0], bank_x, bank_y, env, hist, summary[0])
    fields_ = unpack_summary(summary, y0, options, entry)
    result = EntrySummary(**{k: _scalar(v[0]) for k, v in fields_.items()})
    return _trajectory(hist[:rows], p[0], result, options, env)


def _scalar(value: Any) -> Any:
    if isinstance(value, np.str_ | str):
        return str(value)
    if isinstance(value, np.integer):
        return int(value)
    return float(value)


def _trajectory(hist: FloatArray, p: FloatArray, summary: EntrySummary,
                options: EntryOptions, env: tuple[Any, ...]) -> EntryTrajectory:
    t = hist[:, 0].copy()
    y = hist[:, 1:]
    h = y[:, layout.Y_H].copy()
    v = y[:, layout.Y_V].copy()
    factor = float(p[layout.P_RHO_FACTOR])
    if options.atmosphere == "exponential":
        air = atm.exponential(h, options.surface_density, options.scale_height, factor)
    else:
        air = atm.us1976(np.clip(h, 0.0, atm.ALTITUDE_MAX), factor)
        if np.any(h < 0.0):  # below sea level (ground_altitude < 0): kernel's extrapolation
            rho_k = np.array([physics.density(z, p, *atmosphere_tables()) for z in h])
            air = air._replace(density=np.where(h < 0.0, rho_k, air.density))
    rho = np.asarray(air.density, dtype=float)
    mach = v / np.asarray(air.speed_of_sound, dtype=float)
    cda_m = np.full_like(h, p[layout.P_CDA_M])
    aux = env[layout.E_AUX]
    if aux[0] > 0 or aux[1] > 0:  # the kernel's own interpolation of its tables
        rho = np.array([physics.air_density(z, p, env) for z in h])
        cda_m = np.array([physics.cda_per_mass(z, x, p, env) for z, x in zip(h, v, strict=True)])
    rn = float(p[layout.P_RN])
    qc = np.asarray(aerothermo.sutton_graves(rho, v, rn, float(p[layout.P_K_SG])))
    qr = (np.asarray(aerothermo.tauber_sutton(rho, v, rn)) if options.radiative
          else np.zeros_like(qc))
    pdyn = 0.5 * rho * v * v
    load = pdyn * cda_m * math.sqrt(1.0 + p[layout.P_LD] ** 2) / G0
    return EntryTrajectory(
        time=t,
        altitude=h,
        latitude=y[:, layout.Y_LAT].copy(),
        longitude=wrap_angle(y[:, layout.Y_LON]),
        speed_relative=v,
        flight_path_angle_relative=y[:, layout.Y_GAMMA].copy(),
        heading_relative=wrap_angle(y[:, layout.Y_PSI]),
        density=rho,
        mach=mach,
        dynamic_pressure=pdyn,
        deceleration_g=load,
        heat_flux_convective=qc,
        heat_flux_radiative=qr,
        heat_flux_total=qc + qr,
        heat_load_convective=y[:, layout.Y_QC].copy(),
        heat_load_radiative=y[:, layout.Y_QR].copy(),
        drag_work=y[:, layout.Y_WD].copy(),
        summary=summary,
    )


def simulate_batch(
    *,
    mass: ArrayLike,
    reference_area: ArrayLike,
    drag_coefficient: ArrayLike,
    nose_radius: ArrayLike,
    altitude: ArrayLike,
    latitude: ArrayLike,
    longitude: ArrayLike,
    speed: ArrayLike,
    flight_path_angle: ArrayLike,
    heading: ArrayLike,
    frame: Frame = "inertial",
    lift_to_drag: ArrayLike = 0.0,
    bank: ArrayLike = 0.0,
    density_factor: ArrayLike = 1.0,
    bank_schedule: tuple[ArrayLike, ArrayLike] | None = None,
    options: EntryOptions | None = None,
    parallel: bool = True,
    drag_coefficient_mach: tuple[ArrayLike, ArrayLike] | None = None,
    density_profile: tuple[ArrayLike, ArrayLike] | None = None,
    wind_profile: tuple[ArrayLike, ArrayLike, ArrayLike] | None = None,
    g_switch_level: ArrayLike = math.nan,
    g_switch_arm_level: ArrayLike = math.nan,
    deploy_delay: ArrayLike = 0.0,
    drogue_drag_area: ArrayLike = math.nan,
    main_drag_area: ArrayLike = math.nan,
    main_deploy_altitude: ArrayLike = math.nan,
    main_deploy_delay: ArrayLike = math.nan,
) -> BatchSummary:
    """Simulate N entries in one compiled call (Monte Carlo); summaries only.

    Every per-trajectory input is a scalar or a 1-D array of length N (broadcast
    together); units and meaning as in :func:`simulate`. ``density_factor`` (per
    trajectory, dimensionless) multiplies ``options.density_factor``. The density
    perturbation factors and the wind components of ``density_profile`` and
    ``wind_profile`` are one row shared by all trajectories or an N x K array, one row
    per trajectory, on a shared altitude grid. The bank schedule, the drag coefficient
    table and the options are shared. Each trajectory gives exactly what
    :func:`simulate` would give for the same inputs.

    Parameters
    ----------
    parallel : bool, optional
        Spread the trajectories over numba's threads (``numba.get_num_threads()``, one
        thread pool running chunks of the batch, the compiled kernel releasing the GIL);
        False runs them on this thread.

    Returns
    -------
    BatchSummary
        Arrays of length N, fields and units as :class:`EntrySummary`.
    """
    options = options or EntryOptions()
    sensors: dict[str, ArrayLike] = dict(
        g_switch_level=g_switch_level, g_switch_arm_level=g_switch_arm_level,
        deploy_delay=deploy_delay,
        drogue_drag_area=drogue_drag_area, main_drag_area=main_drag_area,
        main_deploy_altitude=main_deploy_altitude, main_deploy_delay=main_deploy_delay)
    n = batch_size([mass, reference_area, drag_coefficient, nose_radius, altitude, latitude,
                     longitude, speed, flight_path_angle, heading, lift_to_drag, bank,
                     density_factor, *sensors.values()],
                    [density_profile, wind_profile])
    y0, p, entry = pack_inputs(n, mass, reference_area, drag_coefficient, nose_radius,
                         altitude, latitude, longitude, speed, flight_path_angle, heading,
                         frame, lift_to_drag, bank, density_factor, options, sensors)
    bank_x, bank_y = bank_arrays(bank_schedule)
    tables = batch_tables(y0.shape[0], drag_coefficient_mach, density_profile, wind_profile)
    summary = np.zeros((y0.shape[0], layout.NS))
    _integrate_rows(y0, p, bank_x, bank_y, tables, summary, parallel)
    return BatchSummary(**unpack_summary(summary, y0, options, entry))


_CHUNKS_PER_THREAD = 4
"""Chunks per thread of a parallel batch: trajectories end at different times, so smaller
chunks than one per thread keep the threads busy to the end."""


def _integrate_rows(y0: FloatArray, p: FloatArray, bank_x: FloatArray, bank_y: FloatArray,
                    tables: tuple[Any, ...], summary: FloatArray, parallel: bool) -> None:
    """Every row of the batch through :func:`kernel.integrate_range`: on this thread, or
    in chunks on a pool of ``numba.get_num_threads()`` threads (each row is written by
    one chunk only, so the results do not depend on the threads)."""
    n = int(y0.shape[0])
    threads = 1
    if parallel:
        import numba

        threads = max(1, min(int(numba.get_num_threads()), n))
    if threads == 1:
        kernel.integrate_range(y0, p, bank_x, bank_y, tables, summary, 0, n)
        return
    from concurrent.futures import ThreadPoolExecutor

    edges = np.linspace(0, n, min(n, threads * _CHUNKS_PER_THREAD) + 1).astype(np.int64)

    def chunk(start: int, stop: int) -> None:
        kernel.integrate_range(y0, p, bank_x, bank_y, tables, summary, start, stop)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for done in [pool.submit(chunk, int(a), int(b)) for a, b in pairwise(edges) if b > a]:
            done.result()
