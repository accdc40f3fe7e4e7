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
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from okaeri.analysis._boundary import core_errors, to_si
from okaeri.analysis.entry_results import (
    CorridorResult,
    EntryBatchResult,
    EntryHistory,
    EntryResult,
    EntrySummary,
)
from okaeri.core import corridor as core_corridor
from okaeri.core import entry as core_entry
from okaeri.errors import OutOfRangeError
from okaeri.units import AnyQuantity, Quantity

__all__ = [
    "EntryOptions",
    "EntryState",
    "EntryVehicle",
    "entry_corridor",
    "simulate_entry",
    "simulate_entry_batch",
]

Value = AnyQuantity | str
FloatArray = NDArray[np.float64]


def _to_si(family: str, name: str, value: Any) -> float:
    """``value`` checked as ``family`` (``"a length"``) and converted to SI (rad for angles);
    an error names the entry input."""
    return to_si(family, f"entry {name}", value)


def _number(name: str, value: Any) -> float:
    """A dimensionless input given as a float or a dimensionless quantity."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return _to_si("a dimensionless number", name, value)


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
        with core_errors("entry options"):
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
    with core_errors("entry simulation"):
        trajectory = core_entry.simulate(
            mass=v["mass"], reference_area=v["reference_area"],
            drag_coefficient=v["drag_coefficient"], nose_radius=v["nose_radius"],
            lift_to_drag=v["lift_to_drag"], altitude=s["altitude"], latitude=s["latitude"],
            longitude=s["longitude"], speed=s["speed"], flight_path_angle=s["flight_path_angle"],
            heading=s["heading"], frame=s["frame"], bank=bank, bank_schedule=schedule,
            options=core_options, **(core_inputs or {}))
    return EntryResult(EntrySummary.from_core(trajectory.summary),
                       EntryHistory.from_core(trajectory), trajectory)


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

    with core_errors("entry batch simulation"):
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
    with core_errors("entry corridor"):
        c = core_corridor.entry_corridor(
            mass=v["mass"], reference_area=v["reference_area"],
            drag_coefficient=v["drag_coefficient"], nose_radius=v["nose_radius"],
            lift_to_drag=v["lift_to_drag"], bank=bank, altitude=s["altitude"],
            latitude=s["latitude"], longitude=s["longitude"], speed=s["speed"],
            heading=s["heading"], frame=s["frame"], max_deceleration_g=g_max,
            max_heat_flux=q_max, max_heat_load=load_max, fpa_bounds=bounds,
            options=core_options)
    return CorridorResult.from_core(c, g_max, q_max, load_max)
