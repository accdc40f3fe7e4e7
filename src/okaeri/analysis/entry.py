"""Unit-aware face of :mod:`okaeri.core.entry` and :mod:`okaeri.core.corridor`.

The mission model and the Monte Carlo call this module::

    vehicle = EntryVehicle(mass="40 kg", diameter="0.8 m", nose_radius="0.4 m",
                           drag_coefficient=1.05)
    state = EntryState(altitude="120 km", speed="11.0 km/s",
                       flight_path_angle="-8.5 deg", frame="inertial")
    result = simulate_entry(vehicle, state, EntryOptions(deploy_mach=0.8,
                                                         deploy_dynamic_pressure="5 kPa"))
    result.summary.as_dict()   # JSON-ready, SI values, unit in each key

Quantities (pint, or strings with a unit) go in; each is converted to SI once; the
compiled core runs; quantities come out. Every trajectory output is in the
Earth-relative frame; the entry state is reported in both frames. A core ValueError
(an input outside its range) becomes :class:`okaeri.errors.OutOfRangeError` saying
which function and which input.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic_core import PydanticCustomError

from okaeri.core import corridor as core_corridor
from okaeri.core import entry as core_entry
from okaeri.errors import OutOfRangeError
from okaeri.units import AnyQuantity, Quantity, check_quantity, si

__all__ = [
    "CorridorResult",
    "EntryBatchResult",
    "EntryHistory",
    "EntryOptions",
    "EntryResult",
    "EntryState",
    "EntrySummary",
    "EntryVehicle",
    "entry_corridor",
    "simulate_entry",
    "simulate_entry_batch",
    "summary_dict",
]

Value = AnyQuantity | str
FloatArray = NDArray[np.float64]


def _to_si(family: str, name: str, value: Any) -> float:
    """``value`` checked as ``family`` (``"a length"``) and converted to SI (rad for angles)."""
    try:
        quantity = check_quantity(family, value)
    except PydanticCustomError as exc:
        raise OutOfRangeError(f"entry {name}: {exc.message()}") from None
    return si(quantity)


def _number(name: str, value: Any) -> float:
    """A dimensionless input given as a float or a dimensionless quantity."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return _to_si("a dimensionless number", name, value)


@contextmanager
def _core_errors(function: str) -> Iterator[None]:
    try:
        yield
    except ValueError as exc:
        raise OutOfRangeError(f"{function}: {exc}") from exc


@dataclass(frozen=True)
class EntryVehicle:
    """An entry capsule: mass, size and aerodynamics."""

    mass: Value
    """Entry mass (a mass)."""
    diameter: Value
    """Maximum diameter (a length); the reference area is pi d^2 / 4 unless given."""
    nose_radius: Value
    """Stagnation-point nose radius (a length)."""
    drag_coefficient: float = 1.05
    """Hypersonic drag coefficient (dimensionless)."""
    lift_to_drag: float = 0.0
    """Lift-to-drag ratio (dimensionless); 0 for a ballistic capsule."""
    reference_area: Value | None = None
    """Aerodynamic reference area (an area); default pi d^2 / 4."""

    def si(self) -> dict[str, float]:
        """The vehicle in SI: mass kg, reference_area m^2, drag_coefficient, nose_radius m,
        lift_to_drag."""
        diameter = _to_si("a length", "vehicle diameter", self.diameter)
        if self.reference_area is None:
            area = math.pi * diameter * diameter / 4.0
        else:
            try:
                area = float(Quantity(self.reference_area).m_as("m^2")
                             if isinstance(self.reference_area, str)
                             else self.reference_area.m_as("m^2"))
            except Exception as exc:
                raise OutOfRangeError(f"entry vehicle reference_area: expected an area "
                                      f"(e.g. '0.5 m^2'), got {self.reference_area!r}") from exc
        return {
            "mass": _to_si("a mass", "vehicle mass", self.mass),
            "reference_area": area,
            "drag_coefficient": _number("vehicle drag_coefficient", self.drag_coefficient),
            "nose_radius": _to_si("a length", "vehicle nose_radius", self.nose_radius),
            "lift_to_drag": _number("vehicle lift_to_drag", self.lift_to_drag),
        }


@dataclass(frozen=True)
class EntryState:
    """The state at the entry interface; speed, flight path angle and heading in ``frame``."""

    altitude: Value
    """Altitude above the spherical Earth (a length), e.g. ``"120 km"``."""
    speed: Value
    """Speed (a speed) in ``frame``."""
    flight_path_angle: Value
    """Flight path angle (an angle) in ``frame``, negative downwards."""
    heading: Value = "90 deg"
    """Heading (an angle), clockwise from north (90 deg: due east)."""
    latitude: Value = "0 deg"
    """Geocentric latitude (an angle)."""
    longitude: Value = "0 deg"
    """Longitude (an angle)."""
    frame: Literal["inertial", "relative"] = "inertial"
    """Frame of the velocity: ``inertial`` or ``relative`` (Earth-fixed)."""

    def si(self) -> dict[str, Any]:
        """The state in SI (m, m/s, rad) with its frame."""
        if self.frame not in ("inertial", "relative"):
            raise OutOfRangeError(f"entry state frame must be 'inertial' or 'relative', "
                                  f"got {self.frame!r}")
        return {
            "altitude": _to_si("a length", "state altitude", self.altitude),
            "speed": _to_si("a speed", "state speed", self.speed),
            "flight_path_angle": _to_si("an angle", "state flight_path_angle",
                                        self.flight_path_angle),
            "heading": _to_si("an angle", "state heading", self.heading),
            "latitude": _to_si("an angle", "state latitude", self.latitude),
            "longitude": _to_si("an angle", "state longitude", self.longitude),
            "frame": self.frame,
        }


@dataclass(frozen=True)
class EntryOptions:
    """Parachute deployment, guidance and models of an entry simulation."""

    deploy_mach: float | None = None
    """Deploy when the Mach number is below this (None: condition not used)."""
    deploy_dynamic_pressure: Value | None = None
    """... and the dynamic pressure is below this (a pressure; None: not used)."""
    deploy_altitude: Value | None = None
    """... and the altitude is below this (a length; None: not used)."""
    bank: Value = "0 deg"
    """Constant bank angle (an angle); 0 puts the lift vector up."""
    bank_schedule: tuple[Value, Value] | None = None
    """Piecewise-linear bank angle against Earth-relative speed (or time): a pair of array
    quantities (speeds or times, angles), abscissae increasing."""
    gravity: Literal["inverse_square", "j2", "none"] = "inverse_square"
    rotation: bool = True
    """Include the Earth's rotation."""
    atmosphere: Literal["us1976", "exponential"] = "us1976"
    density_factor: float = 1.0
    """Multiplier on atmospheric density."""
    radiative: bool = True
    """Add Tauber-Sutton radiative heating."""
    skip_altitude: Value | None = None
    """Skip-out altitude (a length); default the entry altitude."""
    max_time: Value = "3600 s"
    """Time limit (a time)."""
    rtol: float = core_entry.EntryOptions.rtol
    """Relative tolerance of the integrator."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Further :class:`okaeri.core.entry.EntryOptions` fields, in SI."""

    def core(self) -> core_entry.EntryOptions:
        """The core options (SI floats)."""
        def optional(family: str, name: str, value: Any) -> float:
            return math.nan if value is None else _to_si(family, name, value)

        bank_variable = "speed"
        if self.bank_schedule is not None and _is_time(self.bank_schedule[0]):
            bank_variable = "time"
        values: dict[str, Any] = {
            "deploy_mach": math.nan if self.deploy_mach is None
            else _number("deploy_mach", self.deploy_mach),
            "deploy_dynamic_pressure": optional("a pressure", "deploy_dynamic_pressure",
                                                self.deploy_dynamic_pressure),
            "deploy_altitude": optional("a length", "deploy_altitude", self.deploy_altitude),
            "gravity": self.gravity,
            "rotation": self.rotation,
            "atmosphere": self.atmosphere,
            "density_factor": float(self.density_factor),
            "radiative": self.radiative,
            "skip_altitude": None if self.skip_altitude is None
            else _to_si("a length", "skip_altitude", self.skip_altitude),
            "max_time": _to_si("a time", "max_time", self.max_time),
            "rtol": float(self.rtol),
            "bank_variable": bank_variable,
        }
        values.update(self.extra)
        options = core_entry.EntryOptions(**values)
        with _core_errors("entry options"):
            options.validate()
        return options

    def bank_si(self) -> tuple[float, tuple[FloatArray, FloatArray] | None]:
        """(constant bank rad, schedule (abscissae in m/s or s, angles in rad) or None)."""
        bank = _to_si("an angle", "bank", self.bank)
        if self.bank_schedule is None:
            return bank, None
        x, y = self.bank_schedule
        try:
            xq = Quantity(x) if isinstance(x, str) else x
            unit = "s" if xq.check("[time]") else "m/s"
            xs = np.atleast_1d(np.asarray(xq.m_as(unit), dtype=float))
            yq = Quantity(y) if isinstance(y, str) else y
            ys = np.atleast_1d(np.asarray(yq.m_as("rad"), dtype=float))
        except Exception as exc:
            raise OutOfRangeError("bank_schedule: expected (speeds or times, angles) as "
                                  f"array quantities, got {self.bank_schedule!r}") from exc
        return bank, (xs, ys)


def _is_time(value: Any) -> bool:
    try:
        quantity = Quantity(value) if isinstance(value, str) else value
        return bool(quantity.check("[time]"))
    except Exception:  # not a quantity: bank_si reports it
        return False


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
    deg = math.degrees
    return {
        "end_event": s.end_event,
        "output_frame": "earth_relative",
        "peak_heat_flux_total_W_m2": _json(s.peak_heat_flux_total),
        "peak_heat_flux_convective_W_m2": _json(s.peak_heat_flux_convective),
        "peak_heat_flux_radiative_W_m2": _json(s.peak_heat_flux_radiative),
        "time_at_peak_heat_flux_s": _json(s.time_at_peak_heat_flux_total),
        "altitude_at_peak_heat_flux_m": _json(s.altitude_at_peak_heat_flux_total),
        "heat_load_total_J_m2": _json(s.heat_load_total),
        "heat_load_convective_J_m2": _json(s.heat_load_convective),
        "heat_load_radiative_J_m2": _json(s.heat_load_radiative),
        "peak_deceleration_g": _json(s.peak_deceleration_g),
        "time_at_peak_deceleration_s": _json(s.time_at_peak_deceleration),
        "altitude_at_peak_deceleration_m": _json(s.altitude_at_peak_deceleration),
        "peak_dynamic_pressure_Pa": _json(s.peak_dynamic_pressure),
        "time_to_deploy_s": _json(s.deploy_time),
        "altitude_at_deploy_m": _json(s.deploy_altitude),
        "mach_at_deploy": _json(s.deploy_mach),
        "dynamic_pressure_at_deploy_Pa": _json(s.deploy_dynamic_pressure),
        "speed_at_deploy_m_s": _json(s.deploy_speed_relative),
        "deploy_latitude_deg": _json(deg(s.deploy_latitude)),
        "deploy_longitude_deg": _json(deg(s.deploy_longitude)),
        "landing_latitude_deg": _json(deg(s.landing_latitude)),
        "landing_longitude_deg": _json(deg(s.landing_longitude)),
        "end_time_s": _json(s.end_time),
        "end_altitude_m": _json(s.end_altitude),
        "end_latitude_deg": _json(deg(s.end_latitude)),
        "end_longitude_deg": _json(deg(s.end_longitude)),
        "end_speed_m_s": _json(s.end_speed_relative),
        "downrange_m": _json(s.downrange),
        "entry_speed_inertial_m_s": _json(s.entry_speed_inertial),
        "entry_speed_relative_m_s": _json(s.entry_speed_relative),
        "entry_fpa_inertial_deg": _json(deg(s.entry_fpa_inertial)),
        "entry_fpa_relative_deg": _json(deg(s.entry_fpa_relative)),
        "entry_heading_inertial_deg": _json(deg(s.entry_heading_inertial)),
        "entry_heading_relative_deg": _json(deg(s.entry_heading_relative)),
        "peak_deceleration_m_s2": _json(s.peak_deceleration),
        "g_switch_time_s": _json(s.g_switch_time),
        "time_to_main_deploy_s": _json(s.main_deploy_time),
        "altitude_at_main_deploy_m": _json(s.main_deploy_altitude),
        "landing_time_s": _json(s.landing_time),
        "landing_descent_rate_m_s": _json(s.landing_descent_rate),
        "drift_m": _json(s.drift),
    }


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


def simulate_entry(vehicle: EntryVehicle, state: EntryState,
                   options: EntryOptions | None = None,
                   core_inputs: dict[str, Any] | None = None) -> EntryResult:
    """Simulate one entry of ``vehicle`` from ``state`` (see :func:`core_entry.simulate`).

    ``core_inputs`` passes further keyword arguments of :func:`core_entry.simulate` in SI
    (drag coefficient against Mach, density and wind profiles, g-switch level, timers,
    parachute drag areas); the matching options (``deploy_trigger``, ``descent``) go in
    ``options.extra``.

    Raises
    ------
    OutOfRangeError
        For an input of the wrong dimension or outside the model's range.
    """
    options = options or EntryOptions()
    v = vehicle.si()
    s = state.si()
    core_options = options.core()
    bank, schedule = options.bank_si()
    with _core_errors("entry simulation"):
        trajectory = core_entry.simulate(
            mass=v["mass"], reference_area=v["reference_area"],
            drag_coefficient=v["drag_coefficient"], nose_radius=v["nose_radius"],
            lift_to_drag=v["lift_to_drag"], altitude=s["altitude"], latitude=s["latitude"],
            longitude=s["longitude"], speed=s["speed"], flight_path_angle=s["flight_path_angle"],
            heading=s["heading"], frame=s["frame"], bank=bank, bank_schedule=schedule,
            options=core_options, **(core_inputs or {}))
    return EntryResult(EntrySummary.from_core(trajectory.summary),
                       EntryHistory.from_core(trajectory), trajectory)


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
        deg = np.degrees
        return {
            "end_event": s.end_event,
            "peak_heat_flux_total_W_m2": s.peak_heat_flux_total,
            "peak_heat_flux_convective_W_m2": s.peak_heat_flux_convective,
            "peak_heat_flux_radiative_W_m2": s.peak_heat_flux_radiative,
            "time_at_peak_heat_flux_s": s.time_at_peak_heat_flux_total,
            "altitude_at_peak_heat_flux_m": s.altitude_at_peak_heat_flux_total,
            "heat_load_total_J_m2": s.heat_load_total,
            "heat_load_convective_J_m2": s.heat_load_convective,
            "heat_load_radiative_J_m2": s.heat_load_radiative,
            "peak_deceleration_g": s.peak_deceleration_g,
            "time_at_peak_deceleration_s": s.time_at_peak_deceleration,
            "altitude_at_peak_deceleration_m": s.altitude_at_peak_deceleration,
            "peak_dynamic_pressure_Pa": s.peak_dynamic_pressure,
            "time_to_deploy_s": s.deploy_time,
            "altitude_at_deploy_m": s.deploy_altitude,
            "mach_at_deploy": s.deploy_mach,
            "dynamic_pressure_at_deploy_Pa": s.deploy_dynamic_pressure,
            "speed_at_deploy_m_s": s.deploy_speed_relative,
            "deploy_latitude_deg": deg(s.deploy_latitude),
            "deploy_longitude_deg": deg(s.deploy_longitude),
            "landing_latitude_deg": deg(s.landing_latitude),
            "landing_longitude_deg": deg(s.landing_longitude),
            "end_time_s": s.end_time,
            "end_altitude_m": s.end_altitude,
            "end_latitude_deg": deg(s.end_latitude),
            "end_longitude_deg": deg(s.end_longitude),
            "end_speed_m_s": s.end_speed_relative,
            "downrange_m": s.downrange,
            "entry_speed_inertial_m_s": s.entry_speed_inertial,
            "entry_speed_relative_m_s": s.entry_speed_relative,
            "entry_fpa_inertial_deg": deg(s.entry_fpa_inertial),
            "entry_fpa_relative_deg": deg(s.entry_fpa_relative),
            "entry_heading_inertial_deg": deg(s.entry_heading_inertial),
            "entry_heading_relative_deg": deg(s.entry_heading_relative),
            "peak_deceleration_m_s2": s.peak_deceleration,
            "flight_path_angle_at_deploy_deg": deg(s.deploy_flight_path_angle),
            "g_switch_time_s": s.g_switch_time,
            "time_to_main_deploy_s": s.main_deploy_time,
            "altitude_at_main_deploy_m": s.main_deploy_altitude,
            "landing_time_s": s.landing_time,
            "landing_descent_rate_m_s": s.landing_descent_rate,
            "drift_m": s.drift,
        }


def simulate_entry_batch(
    vehicle: EntryVehicle,
    state: EntryState,
    options: EntryOptions | None = None,
    *,
    mass: ArrayLike | None = None,
    drag_coefficient: ArrayLike | None = None,
    nose_radius: ArrayLike | None = None,
    lift_to_drag: ArrayLike | None = None,
    bank: ArrayLike | None = None,
    density_factor: ArrayLike | None = None,
    altitude: ArrayLike | None = None,
    speed: ArrayLike | None = None,
    flight_path_angle: ArrayLike | None = None,
    heading: ArrayLike | None = None,
    latitude: ArrayLike | None = None,
    longitude: ArrayLike | None = None,
    parallel: bool = True,
    core_inputs: dict[str, Any] | None = None,
) -> EntryBatchResult:
    """Simulate N dispersed entries in one compiled call (Monte Carlo).

    ``vehicle``, ``state`` and ``options`` give the nominal values; each keyword given
    replaces its nominal value by per-sample **SI** values (plain floats or 1-D arrays of
    length N): mass kg, drag_coefficient, nose_radius m, lift_to_drag, bank rad,
    density_factor (multiplies ``options.density_factor``), altitude m, speed m/s and
    flight_path_angle, heading, latitude, longitude in rad, in ``state.frame``.
    ``core_inputs`` passes further per-sample keyword arguments of
    :func:`core_entry.simulate_batch` in SI (``drag_coefficient_mach``,
    ``density_profile``, ``wind_profile``, ``g_switch_level``, ``deploy_delay``,
    ``drogue_drag_area``, ``main_drag_area``, ``main_deploy_altitude``,
    ``main_deploy_delay``); the matching options go in ``options.extra``.

    Returns
    -------
    EntryBatchResult
        Summaries as SI arrays (:meth:`EntryBatchResult.arrays`).
    """
    options = options or EntryOptions()
    v = vehicle.si()
    s = state.si()
    core_options = options.core()
    nominal_bank, schedule = options.bank_si()

    def pick(given: ArrayLike | None, nominal: float) -> ArrayLike:
        return nominal if given is None else given

    with _core_errors("entry batch simulation"):
        summary = core_entry.simulate_batch(
            mass=pick(mass, v["mass"]), reference_area=v["reference_area"],
            drag_coefficient=pick(drag_coefficient, v["drag_coefficient"]),
            nose_radius=pick(nose_radius, v["nose_radius"]),
            lift_to_drag=pick(lift_to_drag, v["lift_to_drag"]),
            bank=pick(bank, nominal_bank),
            density_factor=pick(density_factor, 1.0),
            altitude=pick(altitude, s["altitude"]), speed=pick(speed, s["speed"]),
            flight_path_angle=pick(flight_path_angle, s["flight_path_angle"]),
            heading=pick(heading, s["heading"]), latitude=pick(latitude, s["latitude"]),
            longitude=pick(longitude, s["longitude"]), frame=s["frame"],
            bank_schedule=schedule, options=core_options, parallel=parallel,
            **(core_inputs or {}))
    return EntryBatchResult(summary, s["frame"])


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


def entry_corridor(
    vehicle: EntryVehicle,
    state: EntryState,
    options: EntryOptions | None = None,
    *,
    max_deceleration_g: float | None = None,
    max_heat_flux: Value | None = None,
    max_heat_load: Value | None = None,
    fpa_bounds: tuple[Value, Value] = ("-30 deg", "-1 deg"),
) -> CorridorResult:
    """Entry corridor of ``vehicle`` at ``state`` (its flight path angle is ignored).

    Limits: no skip-out always; peak load factor (g), peak total stagnation heat flux
    (a heat flux) and heat load (a heat load) when given. See
    :func:`okaeri.core.corridor.entry_corridor` for the method (scan, then Brent).
    """
    options = options or EntryOptions()
    v = vehicle.si()
    s = state.si()
    core_options = options.core()
    bank, _ = options.bank_si()
    g_max = math.inf if max_deceleration_g is None else _number("max_deceleration_g",
                                                                max_deceleration_g)
    q_max = math.inf if max_heat_flux is None else _to_si("a heat flux", "max_heat_flux",
                                                          max_heat_flux)
    load_max = math.inf if max_heat_load is None else _to_si("a heat load", "max_heat_load",
                                                             max_heat_load)
    bounds = (_to_si("an angle", "fpa_bounds", fpa_bounds[0]),
              _to_si("an angle", "fpa_bounds", fpa_bounds[1]))
    with _core_errors("entry corridor"):
        c = core_corridor.entry_corridor(
            mass=v["mass"], reference_area=v["reference_area"],
            drag_coefficient=v["drag_coefficient"], nose_radius=v["nose_radius"],
            lift_to_drag=v["lift_to_drag"], bank=bank, altitude=s["altitude"],
            latitude=s["latitude"], longitude=s["longitude"], speed=s["speed"],
            heading=s["heading"], frame=s["frame"], max_deceleration_g=g_max,
            max_heat_flux=q_max, max_heat_load=load_max, fpa_bounds=bounds,
            options=core_options)
    return CorridorResult(
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
