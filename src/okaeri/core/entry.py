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
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import pairwise
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from okaeri.core import _entry_kernel as kernel
from okaeri.core import _entry_layout as layout
from okaeri.core import _entry_physics as physics
from okaeri.core import aerothermo
from okaeri.core import atmosphere as atm
from okaeri.core.constants import G0, J2_EARTH, MU_EARTH, OMEGA_EARTH, R_EARTH

__all__ = [
    "END_EVENTS",
    "BatchSummary",
    "EntryOptions",
    "EntrySummary",
    "EntryTrajectory",
    "great_circle_distance",
    "inertial_from_relative",
    "relative_from_inertial",
    "simulate",
    "simulate_batch",
]

FloatArray = NDArray[np.float64]

END_EVENTS: dict[int, str] = {
    layout.EVENT_NONE: "none",
    layout.EVENT_DEPLOY: "deploy",
    layout.EVENT_GROUND: "ground",
    layout.EVENT_SKIP: "skip_out",
    layout.EVENT_TIME: "time_limit",
    layout.EVENT_STEP_LIMIT: "step_limit",
    layout.EVENT_FAILURE: "failure",
}
"""Names of the events that end a run, by kernel code."""

Frame = Literal["inertial", "relative"]


@dataclass(frozen=True)
class EntryOptions:
    """Models, events and numerics of an entry simulation (SI units, radians)."""

    gravity: Literal["inverse_square", "j2", "none"] = "inverse_square"
    """Gravity model; ``"none"`` for analytic comparisons."""
    rotation: bool = True
    """Include the planet's rotation (Coriolis and centripetal terms, frame conversion)."""
    atmosphere: Literal["us1976", "exponential"] = "us1976"
    """Atmosphere model."""
    surface_density: float = 1.225
    """Exponential atmosphere: density at zero altitude (kg/m^3)."""
    scale_height: float = 7200.0
    """Exponential atmosphere: scale height (m)."""
    density_factor: float = 1.0
    """Multiplier on atmospheric density (dispersions)."""
    planet_radius: float = R_EARTH
    """Radius of the spherical planet (m); a huge value (1e12 m) gives a flat planet."""
    mu: float = MU_EARTH
    """Gravitational parameter (m^3/s^2)."""
    omega: float = OMEGA_EARTH
    """Rotation rate (rad/s), used when ``rotation`` is true."""
    j2: float = J2_EARTH
    """Second zonal harmonic, used when ``gravity == "j2"``."""
    radiative: bool = True
    """Add Tauber-Sutton radiative heating to the Sutton-Graves convective heating."""
    heat_flux_constant: float = aerothermo.SUTTON_GRAVES_EARTH
    """Sutton-Graves constant (kg^0.5/m)."""
    deploy_mach: float = math.nan
    """Deploy when the Mach number is below this (NaN: condition not used)."""
    deploy_dynamic_pressure: float = math.nan
    """... and the dynamic pressure is below this (Pa) (NaN: not used)."""
    deploy_altitude: float = math.nan
    """... and the altitude is below this (m) (NaN: not used)."""
    skip_altitude: float | None = None
    """Skip-out when climbing above this altitude (m); None: the entry altitude."""
    ground_altitude: float = 0.0
    """Ground impact altitude (m)."""
    max_time: float = 3600.0
    """Time limit (s)."""
    rtol: float = 1.0e-6
    """Relative tolerance of the integrator."""
    max_step: float = 20.0
    """Largest integration step (s)."""
    first_step: float = 1.0
    """First trial step (s)."""
    max_steps: int = 20_000
    """Step budget; a run that exhausts it ends with event ``step_limit``."""
    bank_variable: Literal["speed", "time"] = "speed"
    """Abscissa of a bank-angle schedule: Earth-relative speed (m/s) or time (s)."""
    deploy_trigger: Literal["conditions", "g_switch", "timer"] = "conditions"
    """What deploys the parachute: ``conditions`` (the ideal sensor of ``deploy_mach``,
    ``deploy_dynamic_pressure`` and ``deploy_altitude``), ``g_switch`` (an accelerometer
    switch at ``g_switch_level`` on the sensed aerodynamic acceleration, then a timer of
    ``deploy_delay``) or ``timer`` (``deploy_delay`` after the entry state)."""
    g_switch_edge: Literal["falling", "rising"] = "falling"
    """The g-switch closes when the acceleration falls below its level after exceeding it
    (``falling``, after the peak) or when it first rises above it (``rising``)."""
    descent: bool = False
    """After deployment, descend under the drogue (and main) parachute to the ground at
    terminal speed through the wind (see :func:`okaeri.core._entry_descent.descend`)."""
    descent_step: float = 1000.0
    """Altitude step of the descent quadrature (m)."""

    def validate(self) -> None:
        """Raise ValueError for an inconsistent option."""
        if self.gravity not in ("inverse_square", "j2", "none"):
            raise ValueError(f"gravity must be 'inverse_square', 'j2' or 'none', "
                             f"got {self.gravity!r}")
        if self.atmosphere not in ("us1976", "exponential"):
            raise ValueError(f"atmosphere must be 'us1976' or 'exponential', "
                             f"got {self.atmosphere!r}")
        if self.bank_variable not in ("speed", "time"):
            raise ValueError(f"bank_variable must be 'speed' or 'time', "
                             f"got {self.bank_variable!r}")
        if self.deploy_trigger not in ("conditions", "g_switch", "timer"):
            raise ValueError(f"deploy_trigger must be 'conditions', 'g_switch' or 'timer', "
                             f"got {self.deploy_trigger!r}")
        if self.g_switch_edge not in ("falling", "rising"):
            raise ValueError(f"g_switch_edge must be 'falling' or 'rising', "
                             f"got {self.g_switch_edge!r}")
        for name in ("surface_density", "scale_height", "density_factor", "planet_radius",
                     "max_time", "rtol", "max_step", "first_step", "heat_flux_constant",
                     "descent_step"):
            value = getattr(self, name)
            if not (value > 0.0 and math.isfinite(value)):
                raise ValueError(f"{name} must be positive and finite, got {value!r}")
        for name in ("mu", "omega", "j2", "ground_altitude"):
            value = getattr(self, name)
            if not math.isfinite(value):
                raise ValueError(f"{name} must be finite, got {value!r}")
        for name in ("deploy_mach", "deploy_dynamic_pressure"):
            value = getattr(self, name)
            if not math.isnan(value) and not value > 0.0:
                raise ValueError(f"{name} must be positive or NaN (unused), got {value!r}")
        if self.max_steps < 1:
            raise ValueError(f"max_steps must be at least 1, got {self.max_steps!r}")


@dataclass(frozen=True)
class EntrySummary:
    """Scalar results of one entry (SI units, radians; NaN where not applicable)."""

    end_event: str
    """What ended the run: deploy, ground, skip_out, time_limit, step_limit, failure."""
    peak_heat_flux_total: float
    """Peak stagnation heat flux, convective + radiative (W/m^2)."""
    time_at_peak_heat_flux_total: float
    altitude_at_peak_heat_flux_total: float
    peak_heat_flux_convective: float
    """Peak convective stagnation heat flux (W/m^2)."""
    time_at_peak_heat_flux_convective: float
    altitude_at_peak_heat_flux_convective: float
    peak_heat_flux_radiative: float
    """Peak radiative stagnation heat flux (W/m^2)."""
    time_at_peak_heat_flux_radiative: float
    altitude_at_peak_heat_flux_radiative: float
    heat_load_convective: float
    """Integrated convective stagnation heat load to the end of the run (J/m^2)."""
    heat_load_radiative: float
    """Integrated radiative stagnation heat load (J/m^2)."""
    heat_load_total: float
    """Integrated total stagnation heat load (J/m^2)."""
    peak_deceleration_g: float
    """Peak aerodynamic load factor (g): sqrt(L^2 + D^2) / g0."""
    time_at_peak_deceleration: float
    altitude_at_peak_deceleration: float
    peak_dynamic_pressure: float
    """Peak dynamic pressure (Pa)."""
    time_at_peak_dynamic_pressure: float
    altitude_at_peak_dynamic_pressure: float
    end_time: float
    """Time of the end event (s)."""
    end_altitude: float
    end_latitude: float
    end_longitude: float
    """Longitude at the end, wrapped to [-pi, pi) (rad)."""
    end_speed_relative: float
    end_flight_path_angle_relative: float
    end_heading_relative: float
    end_mach: float
    end_dynamic_pressure: float
    downrange: float
    """Great-circle distance on the planet's surface from the entry point to the end point (m)."""
    drag_work: float
    """Work of drag per unit mass, integral of D V dt (J/kg)."""
    deploy_time: float
    """Parachute deployment: time (s), altitude (m), Mach, dynamic pressure (Pa), relative
    speed (m/s), latitude and longitude (rad); NaN unless the parachute deployed."""
    deploy_altitude: float
    deploy_mach: float
    deploy_dynamic_pressure: float
    deploy_speed_relative: float
    deploy_latitude: float
    deploy_longitude: float
    landing_latitude: float
    """Ground impact latitude and longitude (rad), after the parachute descent when there
    is one; NaN unless ``end_event == "ground"``."""
    landing_longitude: float
    entry_speed_inertial: float
    """Entry state in both frames: speed (m/s), flight path angle and heading (rad)."""
    entry_speed_relative: float
    entry_fpa_inertial: float
    entry_fpa_relative: float
    entry_heading_inertial: float
    entry_heading_relative: float
    steps: int
    """Accepted integration steps."""
    rhs_evaluations: int
    """Evaluations of the equations of motion."""
    peak_deceleration: float
    """Peak aerodynamic acceleration sqrt(L^2 + D^2) (m/s^2), what an accelerometer senses."""
    deploy_flight_path_angle: float
    """Earth-relative flight path angle and heading (rad) at deployment; NaN without one."""
    deploy_heading: float
    g_switch_time: float
    """Time the g-switch closed (s); NaN unless ``deploy_trigger == "g_switch"`` and it did."""
    main_deploy_time: float
    """Main parachute deployment: time (s) and altitude (m); NaN without one."""
    main_deploy_altitude: float
    landing_time: float
    """Ground impact after the parachute descent: time (s); NaN without a descent."""
    landing_descent_rate: float
    """Descent rate at ground impact (m/s); NaN without a descent."""
    drift: float
    """Great-circle distance from the deployment point to the landing point (m); NaN
    without a descent."""


@dataclass(frozen=True)
class EntryTrajectory:
    """Time histories (one sample per accepted step, Earth-relative frame) and summary."""

    time: FloatArray
    """Time since the entry state (s)."""
    altitude: FloatArray
    latitude: FloatArray
    longitude: FloatArray
    speed_relative: FloatArray
    flight_path_angle_relative: FloatArray
    heading_relative: FloatArray
    density: FloatArray
    """Atmospheric density including the density factor (kg/m^3)."""
    mach: FloatArray
    dynamic_pressure: FloatArray
    deceleration_g: FloatArray
    heat_flux_convective: FloatArray
    heat_flux_radiative: FloatArray
    heat_flux_total: FloatArray
    heat_load_convective: FloatArray
    """Cumulative heat loads (J/m^2)."""
    heat_load_radiative: FloatArray
    drag_work: FloatArray
    """Cumulative drag work per unit mass (J/kg)."""
    summary: EntrySummary


@dataclass(frozen=True)
class BatchSummary:
    """Per-trajectory results of :func:`simulate_batch`: each field an array of length N.

    Fields and units are those of :class:`EntrySummary` (``end_event`` is an array of str).
    """

    end_event: NDArray[np.str_]
    peak_heat_flux_total: FloatArray
    time_at_peak_heat_flux_total: FloatArray
    altitude_at_peak_heat_flux_total: FloatArray
    peak_heat_flux_convective: FloatArray
    time_at_peak_heat_flux_convective: FloatArray
    altitude_at_peak_heat_flux_convective: FloatArray
    peak_heat_flux_radiative: FloatArray
    time_at_peak_heat_flux_radiative: FloatArray
    altitude_at_peak_heat_flux_radiative: FloatArray
    heat_load_convective: FloatArray
    heat_load_radiative: FloatArray
    heat_load_total: FloatArray
    peak_deceleration_g: FloatArray
    time_at_peak_deceleration: FloatArray
    altitude_at_peak_deceleration: FloatArray
    peak_dynamic_pressure: FloatArray
    time_at_peak_dynamic_pressure: FloatArray
    altitude_at_peak_dynamic_pressure: FloatArray
    end_time: FloatArray
    end_altitude: FloatArray
    end_latitude: FloatArray
    end_longitude: FloatArray
    end_speed_relative: FloatArray
    end_flight_path_angle_relative: FloatArray
    end_heading_relative: FloatArray
    end_mach: FloatArray
    end_dynamic_pressure: FloatArray
    downrange: FloatArray
    drag_work: FloatArray
    deploy_time: FloatArray
    deploy_altitude: FloatArray
    deploy_mach: FloatArray
    deploy_dynamic_pressure: FloatArray
    deploy_speed_relative: FloatArray
    deploy_latitude: FloatArray
    deploy_longitude: FloatArray
    landing_latitude: FloatArray
    landing_longitude: FloatArray
    entry_speed_inertial: FloatArray
    entry_speed_relative: FloatArray
    entry_fpa_inertial: FloatArray
    entry_fpa_relative: FloatArray
    entry_heading_inertial: FloatArray
    entry_heading_relative: FloatArray
    steps: NDArray[np.int64]
    rhs_evaluations: NDArray[np.int64]
    peak_deceleration: FloatArray
    deploy_flight_path_angle: FloatArray
    deploy_heading: FloatArray
    g_switch_time: FloatArray
    main_deploy_time: FloatArray
    main_deploy_altitude: FloatArray
    landing_time: FloatArray
    landing_descent_rate: FloatArray
    drift: FloatArray

    def __len__(self) -> int:
        return int(self.end_event.shape[0])

    def row(self, i: int) -> EntrySummary:
        """The summary of trajectory ``i`` as an :class:`EntrySummary`."""
        values: dict[str, Any] = {}
        for f in fields(self):
            item = getattr(self, f.name)[i]
            if f.name == "end_event":
                values[f.name] = str(item)
            elif f.name in ("steps", "rhs_evaluations"):
                values[f.name] = int(item)
            else:
                values[f.name] = float(item)
        return EntrySummary(**values)


# --- frame conversions ----------------------------------------------------------------


def _rotation_speed(latitude: ArrayLike, radius: ArrayLike, omega: float) -> FloatArray:
    return np.asarray(omega * np.asarray(radius, dtype=float)
                      * np.cos(np.asarray(latitude, dtype=float)))


def _convert(speed: ArrayLike, fpa: ArrayLike, heading: ArrayLike, east_shift: FloatArray,
             ) -> tuple[FloatArray | float, FloatArray | float, FloatArray | float]:
    v = np.asarray(speed, dtype=float)
    g = np.asarray(fpa, dtype=float)
    psi = np.asarray(heading, dtype=float)
    up = v * np.sin(g)
    east = v * np.cos(g) * np.sin(psi) + east_shift
    north = v * np.cos(g) * np.cos(psi)
    horizontal = np.hypot(east, north)
    v2 = np.hypot(horizontal, up)
    g2 = np.arctan2(up, horizontal)
    psi2 = np.arctan2(east, north)
    scalar = v2.ndim == 0
    return ((float(v2), float(g2), float(psi2)) if scalar else (v2, g2, psi2))


def relative_from_inertial(
    speed: ArrayLike, flight_path_angle: ArrayLike, heading: ArrayLike,
    latitude: ArrayLike, radius: ArrayLike, omega: float = OMEGA_EARTH,
) -> tuple[FloatArray | float, FloatArray | float, FloatArray | float]:
    """Earth-relative speed, flight path angle and heading from inertial ones.

    In local (up, east, north) axes at the position, ``v_R = v_I - Omega x r`` with
    ``Omega x r = (0, Omega r cos(lat), 0)``; then ``V = |v|``,
    ``gamma = atan2(v_up, |v_horizontal|)``, ``psi = atan2(v_east, v_north)``.

    Parameters
    ----------
    speed : float or array_like
        Inertial speed (m/s).
    flight_path_angle : float or array_like
        Inertial flight path angle (rad), positive up.
    heading : float or array_like
        Inertial heading (rad), clockwise from north.
    latitude : float or array_like
        Geocentric latitude (rad).
    radius : float or array_like
        Distance from the planet's centre (m).
    omega : float, optional
        Planet rotation rate (rad/s); default Earth's 7.292115e-5 [WGS84].

    Returns
    -------
    tuple
        ``(speed m/s, flight_path_angle rad, heading rad)`` relative to the rotating planet.

    References
    ----------
    Vinh, Busemann and Culp (1980), ch. 2 (velocity relative to a rotating planet).
    """
    shift = -_rotation_speed(latitude, radius, omega)
    return _convert(speed, flight_path_angle, heading, shift)


def inertial_from_relative(
    speed: ArrayLike, flight_path_angle: ArrayLike, heading: ArrayLike,
    latitude: ArrayLike, radius: ArrayLike, omega: float = OMEGA_EARTH,
) -> tuple[FloatArray | float, FloatArray | float, FloatArray | float]:
    """Inertial speed, flight path angle and heading from Earth-relative ones.

    The inverse of :func:`relative_from_inertial`: ``v_I = v_R + Omega x r``. Units as
    there (m/s, rad, m, rad/s).
    """
    shift = _rotation_speed(latitude, radius, omega)
    return _convert(speed, flight_path_angle, heading, shift)


def great_circle_distance(
    latitude0: ArrayLike, longitude0: ArrayLike, latitude1: ArrayLike, longitude1: ArrayLike,
    radius: float = R_EARTH,
) -> FloatArray | float:
    """Great-circle distance (m) between two points (rad) on a sphere of ``radius`` (m).

    Haversine formula: ``d = 2 R asin(sqrt(sin^2(dlat/2) + cos lat0 cos lat1 sin^2(dlon/2)))``
    (R. W. Sinnott, "Virtues of the Haversine", Sky and Telescope 68(2):159, 1984).
    """
    la0 = np.asarray(latitude0, dtype=float)
    la1 = np.asarray(latitude1, dtype=float)
    dlat = la1 - la0
    dlon = np.asarray(longitude1, dtype=float) - np.asarray(longitude0, dtype=float)
    a = np.sin(dlat / 2) ** 2 + np.cos(la0) * np.cos(la1) * np.sin(dlon / 2) ** 2
    d = 2.0 * radius * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return float(d) if d.ndim == 0 else d


# --- packing ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _atmosphere_tables() -> tuple[FloatArray, FloatArray, FloatArray]:
    """(upper table: ln rho, speed of sound, altitude rows; T_Mb; P_b) for the kernel."""
    up = atm.upper_table()
    sound = np.sqrt(atm.GAMMA_AIR * atm.R_STAR * up.temperature / up.molar_mass)
    tab = np.ascontiguousarray(np.vstack([up.log_density, sound, up.altitude]))
    return tab, atm._T_BASE.copy(), atm._P_BASE.copy()


def _bank_arrays(bank_schedule: tuple[ArrayLike, ArrayLike] | None,
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


def _pack(
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
    if np.any(np.abs(g_r) >= half - 1e-9):
        raise ValueError("the Earth-relative flight path angle must not be vertical "
                         "(the heading equation is singular at +-90 deg)")
    y0 = np.zeros((size, layout.NY))
    y0[:, layout.Y_H] = h
    y0[:, layout.Y_LON] = lon
    y0[:, layout.Y_LAT] = lat
    y0[:, layout.Y_V] = v_r
    y0[:, layout.Y_GAMMA] = g_r
    y0[:, layout.Y_PSI] = p_r
    p = np.empty((size, layout.NP))
    p[:, layout.P_CDA_M] = cd * s / m
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
"""Per-trajectory deployment and descent inputs of :func:`simulate_batch` and their
defaults (NaN: not used)."""


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


def _tables(size: int, drag_coefficient_mach: tuple[ArrayLike, ArrayLike] | None,
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
    tab, t_base, p_base = _atmosphere_tables()
    return (tab, t_base, p_base, rho_h, rho_f, cd_mach, cd_ratio, wind_h, wind_e, wind_n)


def _batch_size(values: list[ArrayLike], profiles: list[tuple[ArrayLike, ...] | None]) -> int:
    """N: the largest length among the per-trajectory inputs and profile rows."""
    sizes = [np.size(v) for v in values]
    for profile in profiles:
        if profile is not None:
            sizes += [np.atleast_2d(np.asarray(rows, dtype=float)).shape[0]
                      for rows in profile[1:]]
    return max(sizes)


def _wrap(angle: FloatArray) -> FloatArray:
    return np.asarray((angle + math.pi) % (2.0 * math.pi) - math.pi)


def _unpack(s: FloatArray, y0: FloatArray, options: EntryOptions,
            entry: dict[str, FloatArray]) -> dict[str, Any]:
    """Summary fields (arrays of length N) from the kernel's N x NS summary array."""
    event = s[:, layout.S_EVENT].astype(np.int64)
    names = np.array([END_EVENTS[int(e)] for e in event], dtype=str)
    end_y = s[:, layout.S_END_Y:layout.S_END_Y + layout.NY]
    nan = np.full(event.shape, np.nan)
    deployed = ~np.isnan(s[:, layout.S_DEP_T])
    landed = event == layout.EVENT_GROUND
    lat_end = end_y[:, layout.Y_LAT]
    lon_end = _wrap(end_y[:, layout.Y_LON])
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
    out["end_heading_relative"] = _wrap(end_y[:, layout.Y_PSI])
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
    out["deploy_longitude"] = np.where(deployed, _wrap(s[:, layout.S_DEP_LON]), nan)
    out["landing_latitude"] = np.where(landed, lat_end, nan)
    out["landing_longitude"] = np.where(landed, lon_end, nan)
    out.update({k: np.asarray(v, dtype=float) for k, v in entry.items()})
    out["steps"] = s[:, layout.S_STEPS].astype(np.int64)
    out["rhs_evaluations"] = s[:, layout.S_NFEV].astype(np.int64)
    out["peak_deceleration"] = out["peak_deceleration_g"] * G0
    out["deploy_flight_path_angle"] = s[:, layout.S_DEP_FPA]
    out["deploy_heading"] = np.where(deployed, _wrap(s[:, layout.S_DEP_PSI]), nan)
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
    y0, p, entry = _pack(1, mass, reference_area, drag_coefficient, nose_radius, altitude,
                         latitude, longitude, speed, flight_path_angle, heading, frame,
                         lift_to_drag, bank, 1.0, options, sensors)
    bank_x, bank_y = _bank_arrays(bank_schedule)
    env = kernel.env_row(_tables(1, drag_coefficient_mach, density_profile, wind_profile), 0)
    hist = np.empty((options.max_steps + 2, layout.NY + 1))
    summary = np.zeros((1, layout.NS))
    rows = kernel.integrate(y0[0], p[0], bank_x, bank_y, env, hist, summary[0])
    fields_ = _unpack(summary, y0, options, entry)
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
            rho_k = np.array([physics.density(z, p, *_atmosphere_tables()) for z in h])
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
        longitude=_wrap(y[:, layout.Y_LON]),
        speed_relative=v,
        flight_path_angle_relative=y[:, layout.Y_GAMMA].copy(),
        heading_relative=_wrap(y[:, layout.Y_PSI]),
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
    n = _batch_size([mass, reference_area, drag_coefficient, nose_radius, altitude, latitude,
                     longitude, speed, flight_path_angle, heading, lift_to_drag, bank,
                     density_factor, *sensors.values()],
                    [density_profile, wind_profile])
    y0, p, entry = _pack(n, mass, reference_area, drag_coefficient, nose_radius,
                         altitude, latitude, longitude, speed, flight_path_angle, heading,
                         frame, lift_to_drag, bank, density_factor, options, sensors)
    bank_x, bank_y = _bank_arrays(bank_schedule)
    tables = _tables(y0.shape[0], drag_coefficient_mach, density_profile, wind_profile)
    summary = np.zeros((y0.shape[0], layout.NS))
    _integrate_rows(y0, p, bank_x, bank_y, tables, summary, parallel)
    return BatchSummary(**_unpack(summary, y0, options, entry))


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
