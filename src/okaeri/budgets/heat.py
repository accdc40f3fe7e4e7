"""The nominal entry as an analysis of the graph: heat flux, heat load, loads, deployment.

``entry.nominal`` simulates the capsule's ballistic (or lifting) entry from the entry
interface to parachute deployment (:func:`okaeri.core.entry.simulate`): mass with system
margin, aeroshell, the trajectory's inertial entry speed and flight path angle, the entry
phase's interface position and heading, the parachute's trigger Mach number. Outputs
(SI) are the stagnation-point heating peaks and loads, the peak deceleration (m/s^2),
the conditions at deployment, and the great-circle distance of the deployment point from
the recovery zone's centre.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from okaeri.core.constants import G0
from okaeri.graph import AnalysisFunction, DependencyGraph
from okaeri.model import DescentPhase, EntryPhase, Mission

ENTRY_OUTPUTS = {
    "peak_heat_flux_total": "W/m^2",
    "peak_heat_flux_convective": "W/m^2",
    "peak_heat_flux_radiative": "W/m^2",
    "altitude_at_peak_heat_flux": "m",
    "heat_load_total": "J/m^2",
    "heat_load_convective": "J/m^2",
    "heat_load_radiative": "J/m^2",
    "peak_deceleration": "m/s^2",
    "peak_dynamic_pressure": "Pa",
    "time_to_deploy": "s",
    "altitude_at_deploy": "m",
    "mach_at_deploy": "",
    "dynamic_pressure_at_deploy": "Pa",
    "deploy_latitude": "rad",
    "deploy_longitude": "rad",
    "downrange": "m",
    "landing_miss_distance": "m",
}
"""Outputs of the ``entry.nominal`` analysis and their SI units."""


def entry_phases(mission: Mission) -> tuple[EntryPhase, DescentPhase] | None:
    """The mission's entry phase and the descent phase of the same capsule, if any."""
    entry = next((p for p in mission.phases if isinstance(p, EntryPhase)), None)
    if entry is None:
        return None
    descent = next((p for p in mission.phases
                    if isinstance(p, DescentPhase) and p.vehicle == entry.vehicle), None)
    return None if descent is None else (entry, descent)


def entry_inputs(mission: Mission) -> dict[str, str] | None:
    """Graph keys the entry analyses read, by the name the simulation gives them."""
    phases = entry_phases(mission)
    if phases is None:
        return None
    entry, descent = phases
    capsule = entry.vehicle
    return {
        "mass": f"{capsule}.dry_mass.with_margin",
        "diameter": f"{capsule}.aeroshell.diameter",
        "nose_radius": f"{capsule}.aeroshell.nose_radius",
        "drag_coefficient": f"{capsule}.aeroshell.drag_coefficient",
        "lift_to_drag": f"{capsule}.aeroshell.lift_to_drag",
        "trigger_mach": f"{capsule}.parachute.trigger_mach",
        "speed": "trajectory.entry_speed_inertial",
        "flight_path_angle": "trajectory.entry_flight_path_angle",
        "altitude": "mission.trajectory.entry_interface_altitude",
        "latitude": f"{entry.id}.interface.latitude",
        "longitude": f"{entry.id}.interface.longitude",
        "heading": f"{entry.id}.interface.heading",
        "target_latitude": f"{descent.id}.recovery_zone.latitude",
        "target_longitude": f"{descent.id}.recovery_zone.longitude",
    }


def simulate_nominal(values: Mapping[str, float]) -> dict[str, float]:
    """Run the nominal entry and return :data:`ENTRY_OUTPUTS` (SI)."""
    from okaeri.core import entry as core_entry
    from okaeri.errors import AnalysisError

    options = core_entry.EntryOptions(deploy_mach=values["trigger_mach"])
    trajectory = core_entry.simulate(
        mass=values["mass"],
        reference_area=math.pi * values["diameter"] ** 2 / 4.0,
        drag_coefficient=values["drag_coefficient"],
        nose_radius=values["nose_radius"],
        lift_to_drag=values["lift_to_drag"],
        altitude=values["altitude"],
        latitude=values["latitude"],
        longitude=values["longitude"],
        speed=values["speed"],
        flight_path_angle=values["flight_path_angle"],
        heading=values["heading"],
        frame="inertial",
        options=options,
    )
    s = trajectory.summary
    if s.end_event != "deploy":
        raise AnalysisError(f"the nominal entry ended by '{s.end_event}' at "
                            f"{s.end_altitude / 1e3:.1f} km, not by parachute deployment")
    miss = core_entry.great_circle_distance(s.end_latitude, s.end_longitude,
                                            values["target_latitude"],
                                            values["target_longitude"])
    return {
        "peak_heat_flux_total": s.peak_heat_flux_total,
        "peak_heat_flux_convective": s.peak_heat_flux_convective,
        "peak_heat_flux_radiative": s.peak_heat_flux_radiative,
        "altitude_at_peak_heat_flux": s.altitude_at_peak_heat_flux_total,
        "heat_load_total": s.heat_load_total,
        "heat_load_convective": s.heat_load_convective,
        "heat_load_radiative": s.heat_load_radiative,
        "peak_deceleration": s.peak_deceleration_g * G0,
        "peak_dynamic_pressure": s.peak_dynamic_pressure,
        "time_to_deploy": s.end_time,
        "altitude_at_deploy": s.end_altitude,
        "mach_at_deploy": s.end_mach,
        "dynamic_pressure_at_deploy": s.end_dynamic_pressure,
        "deploy_latitude": s.end_latitude,
        "deploy_longitude": s.end_longitude,
        "downrange": s.downrange,
        "landing_miss_distance": float(miss),
    }


def add_entry_relations(graph: DependencyGraph, mission: Mission,
                        wrap: Callable[[str, AnalysisFunction], AnalysisFunction]) -> bool:
    """Add the ``entry.nominal`` analysis; ``False`` when the mission has no entry."""
    inputs = entry_inputs(mission)
    if inputs is None:
        return False
    graph.add_analysis("entry.nominal", inputs, ENTRY_OUTPUTS,
                       wrap("entry.nominal", simulate_nominal),
                       "3-DOF entry simulation to parachute deployment (okaeri.core.entry)")
    return True
