"""The entry core's options and results: what a run is asked (:class:`EntryOptions`) and
what it returns (:class:`EntrySummary`, :class:`EntryTrajectory`, :class:`BatchSummary`),
SI units throughout (see :mod:`okaeri.core.entry` for the model)."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from okaeri.core import _entry_layout as layout
from okaeri.core import aerothermo
from okaeri.core.constants import J2_EARTH, MU_EARTH, OMEGA_EARTH, R_EARTH

FloatArray = NDArray[np.float64]

Frame = Literal["inertial", "relative"]

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
    """Per-trajectory results of :func:`~okaeri.core.entry.simulate_batch`: each field an
    array of length N.

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
