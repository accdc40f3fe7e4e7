"""Packing the entry core's inputs into the compiled kernel's arrays and unpacking its
summaries (private; :mod:`okaeri.core.entry` is the face): parameter vectors, the batch
tables (atmosphere, density perturbation profiles, drag against Mach, winds), the bank
schedule, with the range checks of every input."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from okaeri.core import _entry_layout as layout
from okaeri.core import atmosphere as atm
from okaeri.core.constants import G0
from okaeri.core.entry_frames import (
    great_circle_distance,
    inertial_from_relative,
    relative_from_inertial,
)
from okaeri.core.entry_types import END_EVENTS, EntryOptions, FloatArray

# --- packing ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def atmosphere_tables() -> tuple[FloatArray, FloatArray, FloatArray]:
    """(upper table: ln rho, speed of sound, altitude rows; T_Mb; P_b) for the kernel."""
    up = atm.upper_table()
    sound = np.sqrt(atm.GAMMA_AIR * atm.R_STAR * up.temperature / up.molar_mass)
    tab = np.ascontiguousarray(np.vstack([up.log_density, sound, up.altitude]))
    return tab, atm._T_BASE.copy(), atm._P_BASE.copy()


def bank_arrays(bank_schedule: tuple[ArrayLike, ArrayLike] | None,
                 ) -> tuple[FloatArray, FloatArray]:
    if bank_schedule is None:
        return np.empty(0), np.empty(0)
    x = np.ascontiguousarray(np.asarray(bank_schedule[0], dtype=float).ravel())
    y = np.ascontiguousarray(np.asarray(bank_schedule[1], dtype=float).ravel())
    if x.size == 0 or x.size != y.size:
        raise ValueError("bank_schedule needs two sequences of the same, non-zero length "
                         f"(abscissae, bank angles in rad), got {x.size} and {y.size}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("bank_schedule values must be finite")
    if np.any(np.diff(x) <= 0.0):
        raise ValueError("bank_schedule abscissae must be strictly increasing")
    return x, y


def _check_range(name: str, values: FloatArray, lo: float, hi: float, unit: str,
                 lo_open: bool = False, hi_open: bool = False) -> None:
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} must be finite ({unit}), got {values!r}")
    low_bad = values <= lo if lo_open else values < lo
    high_bad = values >= hi if hi_open else values > hi
    bad = low_bad | high_bad
    if np.any(bad):
        value = float(values[np.argmax(bad)])
        lb = "(" if lo_open else "["
        rb = ")" if hi_open else "]"
        raise ValueError(f"{name} {value:g} {unit} is outside the valid range "
                         f"{lb}{lo:g}, {hi:g}{rb} {unit}")


def _check_inputs(m: FloatArray, s: FloatArray, cd: FloatArray, rn: FloatArray,
                  h: FloatArray, lat: FloatArray, lon: FloatArray, v: FloatArray,
                  gam: FloatArray, psi: FloatArray, ld: FloatArray, sigma: FloatArray,
                  fac: FloatArray, options: EntryOptions) -> None:
    """Raise :class:`ValueError` for an entry input outside its range (SI)."""
    _check_range("mass", m, 0.0, math.inf, "kg", lo_open=True)
    _check_range("reference_area", s, 0.0, math.inf, "m^2", lo_open=True)
    _check_range("drag_coefficient", cd, 0.0, math.inf, "")
    _check_range("nose_radius", rn, 0.0, math.inf, "m", lo_open=True)
    top = math.inf if options.atmosphere == "exponential" else atm.ALTITUDE_MAX
    _check_range("altitude", h, options.ground_altitude, top, "m", lo_open=True)
    half = math.pi / 2
    _check_range("latitude", lat, -half, half, "rad", lo_open=True, hi_open=True)
    _check_range("longitude", lon, -math.inf, math.inf, "rad")
    _check_range("speed", v, 0.0, math.inf, "m/s", lo_open=True)
    _check_range("flight_path_angle", gam, -half, half, "rad", lo_open=True, hi_open=True)
    _check_range("heading", psi, -math.inf, math.inf, "rad")
    _check_range("lift_to_drag", ld, 0.0, math.inf, "")
    _check_range("bank", sigma, -math.inf, math.inf, "rad")
    _check_range("density_factor", fac, 0.0, math.inf, "", lo_open=True)


def _parameter_rows(size: int, cda_per_mass: FloatArray, ld: FloatArray, rn: FloatArray,
                    fac: FloatArray, h: FloatArray, sigma: FloatArray, omega: float,
                    options: EntryOptions) -> FloatArray:
    """The kernel's parameter vectors (N x NP) of the vehicle and the options, before the
    deployment and descent inputs."""
    p = np.empty((size, layout.NP))
    p[:, layout.P_CDA_M] = cda_per_mass
    p[:, layout.P_LD] = ld
    p[:, layout.P_RN] = rn
    p[:, layout.P_RHO_FACTOR] = fac * options.density_factor
    p[:, layout.P_RADIUS] = options.planet_radius
    p[:, layout.P_MU] = options.mu
    p[:, layout.P_J2] = options.j2 if options.gravity == "j2" else 0.0
    p[:, layout.P_OMEGA] = omega
    p[:, layout.P_ATM] = 1.0 if options.atmosphere == "exponential" else 0.0
    p[:, layout.P_RHO0] = options.surface_density
    p[:, layout.P_HSCALE] = options.scale_height
    p[:, layout.P_GRAVITY] = 0.0 if options.gravity == "none" else 1.0
    p[:, layout.P_K_SG] = options.heat_flux_constant
    p[:, layout.P_RADIATIVE] = 1.0 if options.radiative else 0.0
    p[:, layout.P_DEPLOY_MACH] = options.deploy_mach
    p[:, layout.P_DEPLOY_Q] = options.deploy_dynamic_pressure
    p[:, layout.P_DEPLOY_ALT] = options.deploy_altitude
    p[:, layout.P_SKIP_ALT] = h if options.skip_altitude is None else options.skip_altitude
    p[:, layout.P_GROUND_ALT] = options.ground_altitude
    p[:, layout.P_T_MAX] = options.max_time
    p[:, layout.P_RTOL] = options.rtol
    p[:, layout.P_MAX_STEP] = options.max_step
    p[:, layout.P_FIRST_STEP] = options.first_step
    p[:, layout.P_BANK] = sigma
    p[:, layout.P_BANK_TIME] = 1.0 if options.bank_variable == "time" else 0.0
    p[:, layout.P_MAX_STEPS] = options.max_steps
    return p


def pack_inputs(
    n: int | None, mass: ArrayLike, reference_area: ArrayLike, drag_coefficient: ArrayLike,
    nose_radius: ArrayLike, altitude: ArrayLike, latitude: ArrayLike, longitude: ArrayLike,
    speed: ArrayLike, flight_path_angle: ArrayLike, heading: ArrayLike, frame: str,
    lift_to_drag: ArrayLike, bank: ArrayLike, density_factor: ArrayLike,
    options: EntryOptions, sensors: dict[str, ArrayLike] | None = None,
) -> tuple[FloatArray, FloatArray, dict[str, FloatArray]]:
    """Validate and broadcast inputs; return (Y0 N x NY, P N x NP, entry states).

    ``sensors`` holds the deployment and descent inputs (:data:`SENSOR_DEFAULTS` keys).
    """
    options.validate()
    if frame not in ("inertial", "relative"):
        raise ValueError(f"frame must be 'inertial' or 'relative', got {frame!r}")
    arrays = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (
        mass, reference_area, drag_coefficient, nose_radius, altitude, latitude, longitude,
        speed, flight_path_angle, heading, lift_to_drag, bank, density_factor)))
    if any(a.ndim > 1 for a in arrays):
        raise ValueError("batch inputs must be scalars or one-dimensional arrays")
    size = max(a.size for a in arrays) if n is None else n
    (m, s, cd, rn, h, lat, lon, v, gam, psi, ld, sigma, fac) = (
        np.ascontiguousarray(np.broadcast_to(a.ravel() if a.ndim else a, (size,)))
        for a in arrays)
    _check_inputs(m, s, cd, rn, h, lat, lon, v, gam, psi, ld, sigma, fac, options)
    omega = options.omega if options.rotation else 0.0
    radius = options.planet_radius + h
    if frame == "inertial":
        v_i, g_i, p_i = v, gam, psi
        v_r, g_r, p_r = (np.asarray(x, dtype=float) for x in
                         relative_from_inertial(v, gam, psi, lat, radius, omega))
    else:
        v_r, g_r, p_r = v, gam, psi
        v_i, g_i, p_i = (np.asarray(x, dtype=float) for x in
                         inertial_from_relative(v, gam, psi, lat, radius, omega))
    if np.any(np.abs(g_r) >= math.pi / 2 - 1e-9):
        raise ValueError("the Earth-relative flight path angle must not be vertical "
                         "(the heading equation is singular at +-90 deg)")
    y0 = np.zeros((size, layout.NY))
    y0[:, layout.Y_H] = h
    y0[:, layout.Y_LON] = lon
    y0[:, layout.Y_LAT] = lat
    y0[:, layout.Y_V] = v_r
    y0[:, layout.Y_GAMMA] = g_r
    y0[:, layout.Y_PSI] = p_r
    p = _parameter_rows(size, cd * s / m, ld, rn, fac, h, sigma, omega, options)
    _pack_sensors(p, m, options, {**SENSOR_DEFAULTS, **(sensors or {})})
    entry = {
        "entry_speed_inertial": v_i, "entry_speed_relative": v_r,
        "entry_fpa_inertial": g_i, "entry_fpa_relative": g_r,
        "entry_heading_inertial": p_i, "entry_heading_relative": p_r,
    }
    return y0, p, entry


SENSOR_DEFAULTS: dict[str, ArrayLike] = {
    "g_switch_level": math.nan,
    "g_switch_arm_level": math.nan,
    "deploy_delay": 0.0,
    "drogue_drag_area": math.nan,
    "main_drag_area": math.nan,
    "main_deploy_altitude": math.nan,
    "main_deploy_delay": math.nan,
}
"""Per-trajectory deployment and descent inputs of
:func:`~okaeri.core.entry.simulate_batch` and their defaults (NaN: not used)."""


def _per_sample(name: str, value: ArrayLike, size: int) -> FloatArray:
    a = np.asarray(value, dtype=float)
    if a.ndim > 1 or (a.ndim == 1 and a.size not in (1, size)):
        raise ValueError(f"{name} must be a scalar or a one-dimensional array of length "
                         f"{size}, got shape {a.shape}")
    return np.ascontiguousarray(np.broadcast_to(a.ravel() if a.ndim else a, (size,)))


def _check_optional(name: str, values: FloatArray, unit: str, lo: float = 0.0,
                    lo_closed: bool = False) -> None:
    """NaN (unused), or finite and above ``lo`` (at least ``lo`` if ``lo_closed``)."""
    above = values >= lo if lo_closed else values > lo
    bad = ~np.isnan(values) & ~(above & np.isfinite(values))
    if np.any(bad):
        word = "at least" if lo_closed else "above"
        raise ValueError(f"{name} must be {word} {lo:g} {unit} and finite, or NaN (unused), "
                         f"got {float(values[np.argmax(bad)])!r}")


def _pack_sensors(p: FloatArray, mass: FloatArray, options: EntryOptions,
                  sensors: dict[str, ArrayLike]) -> None:
    """Fill the deployment-sensor and descent parameters of ``p`` (N x NP)."""
    size = p.shape[0]
    s = {k: _per_sample(k, v, size) for k, v in sensors.items()}
    unknown = set(s) - set(SENSOR_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown deployment inputs {sorted(unknown)}")
    mode = {"conditions": layout.DEPLOY_CONDITIONS, "g_switch": layout.DEPLOY_G_SWITCH,
            "timer": layout.DEPLOY_TIMER}[options.deploy_trigger]
    arm = np.where(np.isnan(s["g_switch_arm_level"]), s["g_switch_level"],
                   s["g_switch_arm_level"])
    if mode == layout.DEPLOY_G_SWITCH:
        _check_range("g_switch_level", s["g_switch_level"], 0.0, math.inf, "m/s^2",
                     lo_open=True)
        if np.any(arm < s["g_switch_level"]):
            raise ValueError("g_switch_arm_level (m/s^2) must be at least g_switch_level: "
                             "the switch arms above the level at which it closes")
    lo, lo_open = (0.0, mode == layout.DEPLOY_TIMER)
    if mode != layout.DEPLOY_CONDITIONS:
        _check_range("deploy_delay", s["deploy_delay"], lo, math.inf, "s", lo_open=lo_open)
    for name in ("drogue_drag_area", "main_drag_area"):
        _check_optional(name, s[name], "m^2")
    _check_optional("main_deploy_delay", s["main_deploy_delay"], "s", lo_closed=True)
    _check_optional("main_deploy_altitude", s["main_deploy_altitude"], "m", lo=-math.inf)
    if options.descent:
        if np.any(np.isnan(s["drogue_drag_area"])):
            raise ValueError("a descent (options.descent) needs drogue_drag_area (m^2), the "
                             "drag area Cd S of the capsule under its first parachute")
        main = ~np.isnan(s["main_drag_area"])
        triggers = (~np.isnan(s["main_deploy_altitude"])).astype(int) + (
            ~np.isnan(s["main_deploy_delay"])).astype(int)
        if np.any(main & (triggers != 1)) or np.any(~main & (triggers != 0)):
            raise ValueError("a main parachute (main_drag_area, m^2) needs exactly one of "
                             "main_deploy_altitude (m) or main_deploy_delay (s), and they "
                             "need a main_drag_area")
    p[:, layout.P_DEPLOY_MODE] = mode
    p[:, layout.P_GSW_LEVEL] = s["g_switch_level"]
    p[:, layout.P_GSW_ARM] = arm
    p[:, layout.P_GSW_EDGE] = 1.0 if options.g_switch_edge == "rising" else 0.0
    p[:, layout.P_DEPLOY_DELAY] = s["deploy_delay"]
    p[:, layout.P_DESCENT] = 1.0 if options.descent else 0.0
    p[:, layout.P_DROGUE_CDA_M] = s["drogue_drag_area"] / mass
    p[:, layout.P_MAIN_CDA_M] = s["main_drag_area"] / mass
    p[:, layout.P_MAIN_ALT] = s["main_deploy_altitude"]
    p[:, layout.P_MAIN_DELAY] = s["main_deploy_delay"]
    p[:, layout.P_DESCENT_STEP] = options.descent_step


def _profile_rows(name: str, grid: FloatArray, values: ArrayLike, size: int,
                  unit: str) -> FloatArray:
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    if rows.ndim != 2 or rows.shape[1] != grid.size or rows.shape[0] not in (1, size):
        raise ValueError(f"{name} must have one value per altitude ({grid.size}) in one row "
                         f"or one row per trajectory ({size}), got shape {rows.shape}")
    if not np.all(np.isfinite(rows)):
        raise ValueError(f"{name} values must be finite ({unit})")
    return np.ascontiguousarray(rows)


def _grid(name: str, values: ArrayLike) -> FloatArray:
    x = np.ascontiguousarray(np.asarray(values, dtype=float).ravel())
    if x.size == 0 or not np.all(np.isfinite(x)) or np.any(np.diff(x) <= 0.0):
        raise ValueError(f"{name} must be a non-empty, finite, strictly increasing sequence")
    return x


def batch_tables(size: int, drag_coefficient_mach: tuple[ArrayLike, ArrayLike] | None,
            density_profile: tuple[ArrayLike, ArrayLike] | None,
            wind_profile: tuple[ArrayLike, ArrayLike, ArrayLike] | None) -> tuple[Any, ...]:
    """The kernel's batch tables (see :func:`okaeri.core._entry_kernel.env_row`)."""
    empty = np.empty(0)
    none = np.empty((1, 0))
    cd_mach, cd_ratio = empty, empty
    if drag_coefficient_mach is not None:
        cd_mach = _grid("drag_coefficient_mach Mach numbers", drag_coefficient_mach[0])
        cd = np.ascontiguousarray(np.asarray(drag_coefficient_mach[1], dtype=float).ravel())
        if cd.size != cd_mach.size or not np.all((cd > 0.0) & np.isfinite(cd)):
            raise ValueError("drag_coefficient_mach needs one positive, finite drag "
                             "coefficient per Mach number")
        cd_ratio = cd / cd[-1]
    rho_h, rho_f = empty, none
    if density_profile is not None:
        rho_h = _grid("density_profile altitudes (m)", density_profile[0])
        rho_f = _profile_rows("density_profile factors", rho_h, density_profile[1], size, "")
        if np.any(rho_f <= 0.0):
            raise ValueError("density_profile factors must be positive (multipliers on "
                             "the model's density)")
    wind_h, wind_e, wind_n = empty, none, none
    if wind_profile is not None:
        wind_h = _grid("wind_profile altitudes (m)", wind_profile[0])
        wind_e = _profile_rows("wind_profile east components", wind_h, wind_profile[1],
                               size, "m/s")
        wind_n = _profile_rows("wind_profile north components", wind_h, wind_profile[2],
                               size, "m/s")
        if wind_e.shape != wind_n.shape:
            raise ValueError("wind_profile east and north components need the same shape")
    tab, t_base, p_base = atmosphere_tables()
    return (tab, t_base, p_base, rho_h, rho_f, cd_mach, cd_ratio, wind_h, wind_e, wind_n)


def batch_size(values: list[ArrayLike], profiles: list[tuple[ArrayLike, ...] | None]) -> int:
    """N: the largest length among the per-trajectory inputs and profile rows."""
    sizes = [np.size(v) for v in values]
    for profile in profiles:
        if profile is not None:
            sizes += [np.atleast_2d(np.asarray(rows, dtype=float)).shape[0]
                      for rows in profile[1:]]
    return max(sizes)


def wrap_angle(angle: FloatArray) -> FloatArray:
    return np.asarray((angle + math.pi) % (2.0 * math.pi) - math.pi)


def unpack_summary(s: FloatArray, y0: FloatArray, options: EntryOptions,
            entry: dict[str, FloatArray]) -> dict[str, Any]:
    """Summary fields (arrays of length N) from the kernel's N x NS summary array."""
    event = s[:, layout.S_EVENT].astype(np.int64)
    names = np.array([END_EVENTS[int(e)] for e in event], dtype=str)
    end_y = s[:, layout.S_END_Y:layout.S_END_Y + layout.NY]
    nan = np.full(event.shape, np.nan)
    deployed = ~np.isnan(s[:, layout.S_DEP_T])
    landed = event == layout.EVENT_GROUND
    lat_end = end_y[:, layout.Y_LAT]
    lon_end = wrap_angle(end_y[:, layout.Y_LON])
    out: dict[str, Any] = {"end_event": names}
    labels = ("heat_flux_convective", "heat_flux_radiative", "heat_flux_total")
    for k, label in enumerate(labels):
        out[f"peak_{label}"] = s[:, layout.S_PEAK + k]
        out[f"time_at_peak_{label}"] = s[:, layout.S_PEAK_T + k]
        out[f"altitude_at_peak_{label}"] = s[:, layout.S_PEAK_H + k]
    out["peak_deceleration_g"] = s[:, layout.S_PEAK + layout.M_G]
    out["time_at_peak_deceleration"] = s[:, layout.S_PEAK_T + layout.M_G]
    out["altitude_at_peak_deceleration"] = s[:, layout.S_PEAK_H + layout.M_G]
    out["peak_dynamic_pressure"] = s[:, layout.S_PEAK + layout.M_PDYN]
    out["time_at_peak_dynamic_pressure"] = s[:, layout.S_PEAK_T + layout.M_PDYN]
    out["altitude_at_peak_dynamic_pressure"] = s[:, layout.S_PEAK_H + layout.M_PDYN]
    out["heat_load_convective"] = end_y[:, layout.Y_QC]
    out["heat_load_radiative"] = end_y[:, layout.Y_QR]
    out["heat_load_total"] = end_y[:, layout.Y_QC] + end_y[:, layout.Y_QR]
    out["end_time"] = s[:, layout.S_END_T]
    out["end_altitude"] = end_y[:, layout.Y_H]
    out["end_latitude"] = lat_end
    out["end_longitude"] = lon_end
    out["end_speed_relative"] = end_y[:, layout.Y_V]
    out["end_flight_path_angle_relative"] = end_y[:, layout.Y_GAMMA]
    out["end_heading_relative"] = wrap_angle(end_y[:, layout.Y_PSI])
    out["end_mach"] = s[:, layout.S_END_MACH]
    out["end_dynamic_pressure"] = s[:, layout.S_END_PDYN]
    out["downrange"] = np.asarray(great_circle_distance(
        y0[:, layout.Y_LAT], y0[:, layout.Y_LON], lat_end, end_y[:, layout.Y_LON],
        options.planet_radius))
    out["drag_work"] = end_y[:, layout.Y_WD]
    out["deploy_time"] = s[:, layout.S_DEP_T]
    out["deploy_altitude"] = s[:, layout.S_DEP_H]
    out["deploy_mach"] = s[:, layout.S_DEP_MACH]
    out["deploy_dynamic_pressure"] = s[:, layout.S_DEP_Q]
    out["deploy_speed_relative"] = s[:, layout.S_DEP_V]
    out["deploy_latitude"] = s[:, layout.S_DEP_LAT]
    out["deploy_longitude"] = np.where(deployed, wrap_angle(s[:, layout.S_DEP_LON]), nan)
    out["landing_latitude"] = np.where(landed, lat_end, nan)
    out["landing_longitude"] = np.where(landed, lon_end, nan)
    out.update({k: np.asarray(v, dtype=float) for k, v in entry.items()})
    out["steps"] = s[:, layout.S_STEPS].astype(np.int64)
    out["rhs_evaluations"] = s[:, layout.S_NFEV].astype(np.int64)
    out["peak_deceleration"] = out["peak_deceleration_g"] * G0
    out["deploy_flight_path_angle"] = s[:, layout.S_DEP_FPA]
    out["deploy_heading"] = np.where(deployed, wrap_angle(s[:, layout.S_DEP_PSI]), nan)
    out["g_switch_time"] = s[:, layout.S_SWITCH_T]
    out["main_deploy_time"] = s[:, layout.S_MAIN_T]
    out["main_deploy_altitude"] = s[:, layout.S_MAIN_H]
    out["landing_time"] = s[:, layout.S_LAND_T]
    out["landing_descent_rate"] = s[:, layout.S_LAND_VZ]
    descended = ~np.isnan(out["landing_time"])
    drift = np.asarray(great_circle_distance(
        np.where(descended, out["deploy_latitude"], 0.0),
        np.where(descended, out["deploy_longitude"], 0.0),
        np.where(descended, lat_end, 0.0), np.where(descended, lon_end, 0.0),
        options.planet_radius), dtype=float)
    out["drift"] = np.where(descended, drift, nan)
    return out
