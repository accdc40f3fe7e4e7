"""A mission's entry as the simulation sees it: one place that builds it.

``entry.nominal``, ``entry.history``, ``entry.corridor``, ``entry.monte_carlo`` and
``okaeri entry`` take the SI values of the entry's input ports (:data:`STATE_PORTS`, bound
to the mission's model keys by :func:`state_keys`) and the entering vehicle's data that is
not a number (:class:`EntryModel`: the deployment trigger and the drag curve), and build
the vehicle, the entry state, the options and the core inputs of
:func:`okaeri.analysis.entry.simulate_entry` here, in :func:`entry_setup`. A port is bound
only when the mission has its value (a g-switch level only for a g-switch trigger, winds
only when the descent phase declares them).

The wind of the descent is the descent phase's jet stream
(:func:`okaeri.core.dispersions.jet_stream_winds`) on :func:`wind_grid`; the parachute
descent starts at deployment when the parachute has a drogue drag area.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okaeri.analysis.registry import Port
from okaeri.model import keys
from okaeri.model.mission import Mission
from okaeri.model.phases import DescentPhase, EntryPhase
from okaeri.units import Quantity

if TYPE_CHECKING:
    from okaeri.analysis.entry import EntryOptions, EntryState, EntryVehicle

__all__ = ["OPTIONAL_PORTS", "STATE_PORTS", "EntryModel", "EntrySetup", "core_inputs",
           "corridor_setup", "entry_phases", "entry_setup", "state_keys", "wind_grid"]

_REQUIRED_PORTS = {
    "mass": Port("kg", "entry mass (dry mass with system margin)"),
    "diameter": Port("m", "aeroshell diameter"),
    "nose_radius": Port("m", "aeroshell nose radius"),
    "drag_coefficient": Port("", "hypersonic drag coefficient"),
    "lift_to_drag": Port("", "hypersonic lift-to-drag ratio"),
    "speed": Port("m/s", "inertial speed at the entry interface"),
    "flight_path_angle": Port("rad", "inertial flight path angle at the entry interface"),
    "altitude": Port("m", "altitude of the entry interface"),
    "latitude": Port("rad", "latitude at the entry interface"),
    "longitude": Port("rad", "longitude at the entry interface"),
    "heading": Port("rad", "inertial heading at the entry interface"),
    "target_latitude": Port("rad", "recovery zone centre latitude"),
    "target_longitude": Port("rad", "recovery zone centre longitude"),
}

_PARACHUTE_PORTS = {
    "trigger_mach": Port("", "Mach number of an ideal deployment sensor"),
    "g_switch_level": Port("m/s^2", "deceleration at which the g-switch closes"),
    "g_switch_arm_level": Port("m/s^2", "deceleration that arms the g-switch"),
    "timer_delay": Port("s", "deployment timer (after the g-switch, or from entry)"),
    "drogue_drag_area": Port("m^2", "drag area under the drogue parachute"),
    "main_drag_area": Port("m^2", "drag area under the main parachute"),
    "main_deploy_altitude": Port("m", "altitude below which the main parachute opens"),
    "main_deploy_delay": Port("s", "time after the drogue at which the main opens"),
}

_WIND_PORTS = {
    "wind_core_altitude": Port("m", "altitude of the jet stream's core"),
    "wind_half_width": Port("m", "1-sigma half thickness of the jet stream"),
    "wind_speed": Port("m/s", "jet stream speed at its core"),
    "wind_direction": Port("rad", "direction the wind blows from, clockwise from north"),
    "wind_background": Port("", "speed away from the core, fraction of the core speed"),
}

OPTIONAL_PORTS = {**_PARACHUTE_PORTS, **_WIND_PORTS}
"""Input ports bound only when the mission has the value (parachute fields, winds)."""

STATE_PORTS = {**_REQUIRED_PORTS, **OPTIONAL_PORTS}
"""Every input port of the entry analyses."""


def entry_phases(mission: Mission) -> tuple[EntryPhase, DescentPhase] | None:
    """The mission's entry phase and the descent phase of the same vehicle, if any."""
    entry = next((p for p in mission.phases if isinstance(p, EntryPhase)), None)
    if entry is None:
        return None
    descent = next((p for p in mission.phases
                    if isinstance(p, DescentPhase) and p.vehicle == entry.vehicle), None)
    return None if descent is None else (entry, descent)


def state_keys(mission: Mission) -> dict[str, str] | None:
    """The graph key feeding each entry input port the mission has a value for; ``None``
    without an entry and a descent phase of the same vehicle."""
    phases = entry_phases(mission)
    if phases is None:
        return None
    entry, descent = phases
    vehicle = entry.vehicle
    found = {
        "mass": keys.budget("mass", vehicle, "with_margin"),
        "diameter": keys.part(vehicle, "aeroshell", "diameter"),
        "nose_radius": keys.part(vehicle, "aeroshell", "nose_radius"),
        "drag_coefficient": keys.part(vehicle, "aeroshell", "drag_coefficient"),
        "lift_to_drag": keys.part(vehicle, "aeroshell", "lift_to_drag"),
        "speed": "trajectory.entry_speed_inertial",
        "flight_path_angle": "trajectory.entry_flight_path_angle",
        "altitude": "mission.trajectory.entry_interface_altitude",
        "latitude": f"{entry.id}.interface.latitude",
        "longitude": f"{entry.id}.interface.longitude",
        "heading": f"{entry.id}.interface.heading",
        "target_latitude": f"{descent.id}.recovery_zone.latitude",
        "target_longitude": f"{descent.id}.recovery_zone.longitude",
    }
    parachute = mission.vehicle(vehicle).parachute
    for name in _PARACHUTE_PORTS:
        if parachute is not None and getattr(parachute, name) is not None:
            found[name] = keys.part(vehicle, "parachute", name)
    if descent.wind is not None and parachute is not None and parachute.descends:
        for port, name in (("wind_core_altitude", "core_altitude"),
                           ("wind_half_width", "half_width"), ("wind_speed", "speed"),
                           ("wind_direction", "direction_from"),
                           ("wind_background", "background")):
            found[port] = f"{descent.id}.wind.{name}"
    return found


@dataclass(frozen=True)
class EntryModel:
    """What the entry simulation needs of the vehicle beyond its numbers: plain data,
    JSON-ready (part of the analyses' cache key) and picklable (sent to campaign workers).
    """

    trigger: str = "conditions"
    """The parachute's deployment trigger (``conditions``, ``g_switch``, ``timer``)."""
    drag_mach: tuple[float, ...] = ()
    """Mach numbers of the drag curve (empty: the hypersonic drag coefficient throughout)."""
    drag_curve: tuple[float, ...] = ()
    """Drag coefficients of the drag curve, scaled to the hypersonic one by the core."""

    @classmethod
    def of(cls, mission: Mission) -> EntryModel:
        """The entering vehicle's trigger and drag curve (defaults without an entry)."""
        phases = entry_phases(mission)
        if phases is None:
            return cls()
        vehicle = mission.vehicle(phases[0].vehicle)
        trigger = vehicle.parachute.trigger if vehicle.parachute is not None else "conditions"
        curve = vehicle.aeroshell.drag_coefficient_mach if vehicle.aeroshell else None
        if curve is None:
            return cls(trigger)
        return cls(trigger, tuple(curve.mach), tuple(curve.drag_coefficient))

    def settings(self) -> dict[str, Any]:
        """The JSON form (:meth:`from_settings` reads it back)."""
        return {"trigger": self.trigger, "drag_mach": list(self.drag_mach),
                "drag_curve": list(self.drag_curve)}

    @classmethod
    def from_settings(cls, data: Mapping[str, Any]) -> EntryModel:
        """The model from its JSON form."""
        return cls(str(data["trigger"]), tuple(float(x) for x in data["drag_mach"]),
                   tuple(float(x) for x in data["drag_curve"]))


@dataclass(frozen=True)
class EntrySetup:
    """The simulation of one entry: what :func:`okaeri.analysis.entry.simulate_entry`
    takes."""

    vehicle: EntryVehicle
    state: EntryState
    options: EntryOptions
    core_inputs: dict[str, Any] = field(default_factory=dict)
    """Further SI inputs of the core (drag curve, sensors, drag areas, winds)."""

    @property
    def descends(self) -> bool:
        """Whether the simulation continues under the parachutes to the ground."""
        return bool(self.options.extra.get("descent", False))


def wind_grid(core_altitude: float, half_width: float) -> Any:
    """Altitudes (m) of a jet stream's profile: from the ground to six half widths above
    its core, or 40 km, every fifth of a half width (at most 500 m). The core holds the
    profile's last value above it, which is the background speed."""
    import numpy as np

    step = min(500.0, half_width / 5.0)
    top = max(40.0e3, core_altitude + 6.0 * half_width)
    return np.arange(0.0, top + step, step)


def core_inputs(v: Mapping[str, Any], model: EntryModel) -> dict[str, Any]:
    """The core inputs of an entry (SI): the drag curve, the deployment sensors and the
    descent's drag areas and wind, from port values ``v`` (scalars, or arrays of one value
    per trajectory for a batch)."""
    found: dict[str, Any] = {}
    if model.drag_mach:
        found["drag_coefficient_mach"] = (model.drag_mach, model.drag_curve)
    if model.trigger == "g_switch":
        found["g_switch_level"] = v["g_switch_level"]
        if "g_switch_arm_level" in v:
            found["g_switch_arm_level"] = v["g_switch_arm_level"]
    if model.trigger in ("g_switch", "timer"):
        found["deploy_delay"] = v["timer_delay"]
    if "drogue_drag_area" in v:
        for name in ("drogue_drag_area", "main_drag_area", "main_deploy_altitude",
                     "main_deploy_delay"):
            if name in v:
                found[name] = v[name]
        if "wind_speed" in v:
            found["wind_profile"] = _winds(v)
    return found


def _winds(v: Mapping[str, Any]) -> tuple[Any, Any, Any]:
    from okaeri.core.dispersions import jet_stream_winds

    grid = wind_grid(float(v["wind_core_altitude"]), float(v["wind_half_width"]))
    east, north = jet_stream_winds(grid, v["wind_speed"], v["wind_direction"],
                                   core_altitude=float(v["wind_core_altitude"]),
                                   half_width=float(v["wind_half_width"]),
                                   background=float(v["wind_background"]))
    return grid, east, north


def _vehicle_and_state(v: Mapping[str, float]) -> tuple[EntryVehicle, EntryState]:
    from okaeri.analysis.entry import EntryState, EntryVehicle

    vehicle = EntryVehicle(mass=Quantity(v["mass"], "kg"), diameter=Quantity(v["diameter"], "m"),
                           nose_radius=Quantity(v["nose_radius"], "m"),
                           drag_coefficient=v["drag_coefficient"],
                           lift_to_drag=v["lift_to_drag"])
    state = EntryState(altitude=Quantity(v["altitude"], "m"), speed=Quantity(v["speed"], "m/s"),
                       flight_path_angle=Quantity(v["flight_path_angle"], "rad"),
                       heading=Quantity(v["heading"], "rad"),
                       latitude=Quantity(v["latitude"], "rad"),
                       longitude=Quantity(v["longitude"], "rad"), frame="inertial")
    return vehicle, state


def entry_setup(v: Mapping[str, float], model: EntryModel) -> EntrySetup:
    """The entry of port values ``v`` (SI): to deployment by the model's trigger, then,
    with a drogue drag area, under the parachutes to the ground through the wind."""
    from okaeri.analysis.entry import EntryOptions

    vehicle, state = _vehicle_and_state(v)
    extra: dict[str, Any] = {}
    if model.trigger != "conditions":
        extra["deploy_trigger"] = model.trigger
    if "drogue_drag_area" in v:
        extra["descent"] = True
    deploy_mach = v.get("trigger_mach") if model.trigger == "conditions" else None
    options = EntryOptions(deploy_mach=deploy_mach, extra=extra)
    return EntrySetup(vehicle, state, options, core_inputs(v, model))


def corridor_setup(v: Mapping[str, float], model: EntryModel
                   ) -> tuple[EntryVehicle, EntryState, EntryOptions]:
    """The vehicle, state and options of the entry corridor: the same vehicle and
    interface, each trajectory flown to the trigger Mach number of an ideal sensor, or to
    the ground (the corridor's limits act before deployment; it takes no sensor inputs)."""
    from okaeri.analysis.entry import EntryOptions

    vehicle, state = _vehicle_and_state(v)
    mach = v.get("trigger_mach") if model.trigger == "conditions" else None
    return vehicle, state, EntryOptions(deploy_mach=mach)

