"""What an entry simulation returns, as quantities: the summary of one entry, its
histories, a batch's summaries and an entry corridor.

Built by :mod:`okaeri.analysis.entry` from the core's SI results
(:mod:`okaeri.core.entry`, :mod:`okaeri.core.corridor`). Trajectory values are
Earth-relative; the entry state is reported in both frames. ``as_dict`` and ``arrays``
give SI values (angles in degrees) with the unit in each key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from okaeri.core import corridor as core_corridor
from okaeri.core import entry as core_entry
from okaeri.units import AnyQuantity, Quantity

__all__ = [
    "CorridorResult",
    "EntryBatchResult",
    "EntryHistory",
    "EntryResult",
    "EntrySummary",
    "summary_dict",
]

FloatArray = NDArray[np.float64]

_SUMMARY_KEYS: tuple[tuple[str, str, bool], ...] = (
    ("peak_heat_flux_total_W_m2", "peak_heat_flux_total", False),
    ("peak_heat_flux_convective_W_m2", "peak_heat_flux_convective", False),
    ("peak_heat_flux_radiative_W_m2", "peak_heat_flux_radiative", False),
    ("time_at_peak_heat_flux_s", "time_at_peak_heat_flux_total", False),
    ("altitude_at_peak_heat_flux_m", "altitude_at_peak_heat_flux_total", False),
    ("heat_load_total_J_m2", "heat_load_total", False),
    ("heat_load_convective_J_m2", "heat_load_convective", False),
    ("heat_load_radiative_J_m2", "heat_load_radiative", False),
    ("peak_deceleration_g", "peak_deceleration_g", False),
    ("time_at_peak_deceleration_s", "time_at_peak_deceleration", False),
    ("altitude_at_peak_deceleration_m", "altitude_at_peak_deceleration", False),
    ("peak_dynamic_pressure_Pa", "peak_dynamic_pressure", False),
    ("time_to_deploy_s", "deploy_time", False),
    ("altitude_at_deploy_m", "deploy_altitude", False),
    ("mach_at_deploy", "deploy_mach", False),
    ("dynamic_pressure_at_deploy_Pa", "deploy_dynamic_pressure", False),
    ("speed_at_deploy_m_s", "deploy_speed_relative", False),
    ("deploy_latitude_deg", "deploy_latitude", True),
    ("deploy_longitude_deg", "deploy_longitude", True),
    ("landing_latitude_deg", "landing_latitude", True),
    ("landing_longitude_deg", "landing_longitude", True),
    ("end_time_s", "end_time", False),
    ("end_altitude_m", "end_altitude", False),
    ("end_latitude_deg", "end_latitude", True),
    ("end_longitude_deg", "end_longitude", True),
    ("end_speed_m_s", "end_speed_relative", False),
    ("downrange_m", "downrange", False),
    ("entry_speed_inertial_m_s", "entry_speed_inertial", False),
    ("entry_speed_relative_m_s", "entry_speed_relative", False),
    ("entry_fpa_inertial_deg", "entry_fpa_inertial", True),
    ("entry_fpa_relative_deg", "entry_fpa_relative", True),
    ("entry_heading_inertial_deg", "entry_heading_inertial", True),
    ("entry_heading_relative_deg", "entry_heading_relative", True),
    ("peak_deceleration_m_s2", "peak_deceleration", False),
    ("flight_path_angle_at_deploy_deg", "deploy_flight_path_angle", True),
    ("g_switch_time_s", "g_switch_time", False),
    ("time_to_main_deploy_s", "main_deploy_time", False),
    ("altitude_at_main_deploy_m", "main_deploy_altitude", False),
    ("landing_time_s", "landing_time", False),
    ("landing_descent_rate_m_s", "landing_descent_rate", False),
    ("drift_m", "drift", False),
)
"""The JSON key (SI, unit in the key), the core summary's field, and whether the field
is an angle (rad, given in degrees), of every summary value after ``end_event``."""

_SINGLE_ENTRY_OMITS = frozenset({"flight_path_angle_at_deploy_deg"})
"""Keys of :meth:`EntryBatchResult.arrays` that :func:`summary_dict` does not give."""


def _opt(value: float, unit: str) -> AnyQuantity | None:
    return None if math.isnan(value) else Quantity(value, unit)


def _deg(value: float) -> AnyQuantity | None:
    return None if math.isnan(value) else Quantity(math.degrees(value), "deg")


@dataclass(frozen=True)
class EntrySummary:
    """Scalar results of one entry, as quantities (None where not applicable).

    Trajectory values are Earth-relative; the entry state is given in both frames.
    """

    end_event: str
    """What ended the run: deploy, ground, skip_out, time_limit, step_limit, failure."""
    peak_heat_flux_total: AnyQuantity
    peak_heat_flux_convective: AnyQuantity
    peak_heat_flux_radiative: AnyQuantity
    time_at_peak_heat_flux: AnyQuantity
    """Time of the peak total heat flux since the entry state."""
    altitude_at_peak_heat_flux: AnyQuantity
    heat_load_total: AnyQuantity
    heat_load_convective: AnyQuantity
    heat_load_radiative: AnyQuantity
    peak_deceleration_g: float
    """Peak aerodynamic load factor (g)."""
    time_at_peak_deceleration: AnyQuantity
    altitude_at_peak_deceleration: AnyQuantity
    peak_dynamic_pressure: AnyQuantity
    time_to_deploy: AnyQuantity | None
    altitude_at_deploy: AnyQuantity | None
    mach_at_deploy: float | None
    dynamic_pressure_at_deploy: AnyQuantity | None
    speed_at_deploy: AnyQuantity | None
    """Earth-relative speed at deployment."""
    deploy_latitude: AnyQuantity | None
    deploy_longitude: AnyQuantity | None
    landing_latitude: AnyQuantity | None
    landing_longitude: AnyQuantity | None
    end_time: AnyQuantity
    end_altitude: AnyQuantity
    end_latitude: AnyQuantity
    end_longitude: AnyQuantity
    end_speed: AnyQuantity
    """Earth-relative speed at the end event."""
    downrange: AnyQuantity
    """Great-circle distance from the entry point to the end point."""
    entry_speed_inertial: AnyQuantity
    entry_speed_relative: AnyQuantity
    entry_fpa_inertial: AnyQuantity
    entry_fpa_relative: AnyQuantity
    entry_heading_inertial: AnyQuantity
    entry_heading_relative: AnyQuantity
    core: core_entry.EntrySummary = field(repr=False, compare=False)
    """The core summary (SI floats), for callers that need more fields."""

    @classmethod
    def from_core(cls, s: core_entry.EntrySummary) -> EntrySummary:
        """Wrap a core summary (SI) into quantities."""
        deployed = s.end_event == "deploy"
        return cls(
            end_event=s.end_event,
            peak_heat_flux_total=Quantity(s.peak_heat_flux_total, "W/m^2"),
            peak_heat_flux_convective=Quantity(s.peak_heat_flux_convective, "W/m^2"),
            peak_heat_flux_radiative=Quantity(s.peak_heat_flux_radiative, "W/m^2"),
            time_at_peak_heat_flux=Quantity(s.time_at_peak_heat_flux_total, "s"),
            altitude_at_peak_heat_flux=Quantity(s.altitude_at_peak_heat_flux_total, "m"),
            heat_load_total=Quantity(s.heat_load_total, "J/m^2"),
            heat_load_convective=Quantity(s.heat_load_convective, "J/m^2"),
            heat_load_radiative=Quantity(s.heat_load_radiative, "J/m^2"),
            peak_deceleration_g=s.peak_deceleration_g,
            time_at_peak_deceleration=Quantity(s.time_at_peak_deceleration, "s"),
            altitude_at_peak_deceleration=Quantity(s.altitude_at_peak_deceleration, "m"),
            peak_dynamic_pressure=Quantity(s.peak_dynamic_pressure, "Pa"),
            time_to_deploy=_opt(s.deploy_time, "s"),
            altitude_at_deploy=_opt(s.deploy_altitude, "m"),
            mach_at_deploy=s.deploy_mach if deployed else None,
            dynamic_pressure_at_deploy=_opt(s.deploy_dynamic_pressure, "Pa"),
            speed_at_deploy=_opt(s.deploy_speed_relative, "m/s"),
            deploy_latitude=_deg(s.deploy_latitude),
            deploy_longitude=_deg(s.deploy_longitude),
            landing_latitude=_deg(s.landing_latitude),
            landing_longitude=_deg(s.landing_longitude),
            end_time=Quantity(s.end_time, "s"),
            end_altitude=Quantity(s.end_altitude, "m"),
            end_latitude=Quantity(math.degrees(s.end_latitude), "deg"),
            end_longitude=Quantity(math.degrees(s.end_longitude), "deg"),
            end_speed=Quantity(s.end_speed_relative, "m/s"),
            downrange=Quantity(s.downrange, "m"),
            entry_speed_inertial=Quantity(s.entry_speed_inertial, "m/s"),
            entry_speed_relative=Quantity(s.entry_speed_relative, "m/s"),
            entry_fpa_inertial=Quantity(math.degrees(s.entry_fpa_inertial), "deg"),
            entry_fpa_relative=Quantity(math.degrees(s.entry_fpa_relative), "deg"),
            entry_heading_inertial=Quantity(math.degrees(s.entry_heading_inertial), "deg"),
            entry_heading_relative=Quantity(math.degrees(s.entry_heading_relative), "deg"),
            core=s,
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values in SI (angles in degrees), the unit in each key; None (null)
        where a value does not apply (e.g. deployment values when the capsule did not
        deploy)."""
        return summary_dict(self.core)


def _json(value: float) -> float | None:
    return None if not math.isfinite(value) else float(value)


def summary_dict(s: core_entry.EntrySummary) -> dict[str, Any]:
    """The JSON form of a core summary (see :meth:`EntrySummary.as_dict`)."""
    values = {key: _json(math.degrees(getattr(s, name)) if angle else getattr(s, name))
              for key, name, angle in _SUMMARY_KEYS if key not in _SINGLE_ENTRY_OMITS}
    return {"end_event": s.end_event, "output_frame": "earth_relative", **values}


@dataclass(frozen=True)
class EntryHistory:
    """Time histories (Earth-relative frame) as array quantities."""

    time: AnyQuantity
    altitude: AnyQuantity
    latitude: AnyQuantity
    longitude: AnyQuantity
    speed: AnyQuantity
    flight_path_angle: AnyQuantity
    heading: AnyQuantity
    mach: FloatArray
    dynamic_pressure: AnyQuantity
    deceleration_g: FloatArray
    heat_flux_convective: AnyQuantity
    heat_flux_radiative: AnyQuantity
    heat_flux_total: AnyQuantity
    heat_load_convective: AnyQuantity
    heat_load_radiative: AnyQuantity

    @classmethod
    def from_core(cls, t: core_entry.EntryTrajectory) -> EntryHistory:
        """Wrap core histories (SI arrays) into quantities."""
        return cls(
            time=Quantity(t.time, "s"),
            altitude=Quantity(t.altitude, "m"),
            latitude=Quantity(np.degrees(t.latitude), "deg"),
            longitude=Quantity(np.degrees(t.longitude), "deg"),
            speed=Quantity(t.speed_relative, "m/s"),
            flight_path_angle=Quantity(np.degrees(t.flight_path_angle_relative), "deg"),
            heading=Quantity(np.degrees(t.heading_relative), "deg"),
            mach=t.mach,
            dynamic_pressure=Quantity(t.dynamic_pressure, "Pa"),
            deceleration_g=t.deceleration_g,
            heat_flux_convective=Quantity(t.heat_flux_convective, "W/m^2"),
            heat_flux_radiative=Quantity(t.heat_flux_radiative, "W/m^2"),
            heat_flux_total=Quantity(t.heat_flux_total, "W/m^2"),
            heat_load_convective=Quantity(t.heat_load_convective, "J/m^2"),
            heat_load_radiative=Quantity(t.heat_load_radiative, "J/m^2"),
        )


@dataclass(frozen=True)
class EntryResult:
    """One simulated entry: the summary, the histories, and the core trajectory (SI)."""

    summary: EntrySummary
    history: EntryHistory
    trajectory: core_entry.EntryTrajectory = field(repr=False, compare=False)


@dataclass(frozen=True)
class EntryBatchResult:
    """Per-trajectory summaries of a batch (SI arrays) and the velocity frame of the inputs."""

    summary: core_entry.BatchSummary
    frame: str

    def __len__(self) -> int:
        return len(self.summary)

    def row(self, i: int) -> EntrySummary:
        """Trajectory ``i`` as an :class:`EntrySummary`."""
        return EntrySummary.from_core(self.summary.row(i))

    def arrays(self) -> dict[str, NDArray[Any]]:
        """Every summary value as an array, keyed as :meth:`EntrySummary.as_dict` (SI,
        angles in degrees; NaN where a value does not apply)."""
        s = self.summary
        values = {key: np.degrees(getattr(s, name)) if angle else getattr(s, name)
                  for key, name, angle in _SUMMARY_KEYS}
        return {"end_event": s.end_event, **values}


@dataclass(frozen=True)
class CorridorResult:
    """Entry corridor: steepest and shallowest acceptable flight path angles."""

    feasible: bool
    steepest_fpa: AnyQuantity | None
    shallowest_fpa: AnyQuantity | None
    steep_limit: str
    """Limit setting the steep end: deceleration, heat_flux, heat_load, skip_out, bound."""
    shallow_limit: str
    frame: str
    """Frame of the angles (that of the entry state)."""
    max_deceleration_g: float | None
    max_heat_flux: AnyQuantity | None
    max_heat_load: AnyQuantity | None
    evaluations: int

    @classmethod
    def from_core(cls, c: core_corridor.Corridor, max_deceleration_g: float,
                  max_heat_flux: float, max_heat_load: float) -> CorridorResult:
        """Wrap a core corridor (rad) and the limits it met (g, W/m^2, J/m^2; ``inf``
        for none) into quantities."""
        g_max, q_max, load_max = max_deceleration_g, max_heat_flux, max_heat_load
        return cls(
            feasible=c.feasible,
            steepest_fpa=_deg(c.steepest_fpa),
            shallowest_fpa=_deg(c.shallowest_fpa),
            steep_limit=c.steep_limit,
            shallow_limit=c.shallow_limit,
            frame=c.frame,
            max_deceleration_g=None if math.isinf(g_max) else g_max,
            max_heat_flux=None if math.isinf(q_max) else Quantity(q_max, "W/m^2"),
            max_heat_load=None if math.isinf(load_max) else Quantity(load_max, "J/m^2"),
            evaluations=c.evaluations,
        )

    @property
    def width(self) -> AnyQuantity | None:
        """Corridor width (deg), None when infeasible."""
        if self.steepest_fpa is None or self.shallowest_fpa is None:
            return None
        width: AnyQuantity = (self.shallowest_fpa - self.steepest_fpa).to("deg")
        return width

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values (angles in degrees, SI limits), the unit in each key."""
        def mag(q: AnyQuantity | None, unit: str) -> float | None:
            return None if q is None else float(q.m_as(unit))

        return {
            "feasible": self.feasible,
            "fpa_frame": self.frame,
            "steepest_fpa_deg": mag(self.steepest_fpa, "deg"),
            "shallowest_fpa_deg": mag(self.shallowest_fpa, "deg"),
            "corridor_width_deg": mag(self.width, "deg"),
            "steep_limit": self.steep_limit,
            "shallow_limit": self.shallow_limit,
            "max_deceleration_g": self.max_deceleration_g,
            "max_heat_flux_W_m2": mag(self.max_heat_flux, "W/m^2"),
            "max_heat_load_J_m2": mag(self.max_heat_load, "J/m^2"),
            "evaluations": self.evaluations,
        }
