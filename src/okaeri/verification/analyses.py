"""Entry analyses of verification activities: Monte Carlo, corridor, nominal histories.

They read the evaluated graph (capsule, entry state, limits) and an activity's settings,
and return SI floats (arrays for the Monte Carlo), keyed like the graph:
``entry.monte_carlo.<output>`` and ``entry.corridor.<output>``.

Monte Carlo dispersions are normal distributions whose 3-sigma values are the activity's
(reference-mission.md): additive on flight path angle and speed, multiplicative
(``1 + N(0, sigma)``) on mass, drag coefficient and density. Samples come from numpy's
PCG64 generator seeded with the activity's seed, so a run is reproducible. A sample that
does not deploy its parachute (skip-out, ground impact) has an infinite landing miss
distance, so that it counts against the landing requirement.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from okaeri.budgets.heat import entry_inputs
from okaeri.graph import DependencyGraph
from okaeri.model import Mission
from okaeri.units import si
from okaeri.verification.activities import EntryCorridorActivity, EntryMonteCarloActivity

MONTE_CARLO_OUTPUTS = {
    "peak_heat_flux_total": "W/m^2",
    "peak_heat_flux_convective": "W/m^2",
    "peak_heat_flux_radiative": "W/m^2",
    "heat_load_total": "J/m^2",
    "peak_deceleration": "m/s^2",
    "peak_dynamic_pressure": "Pa",
    "mach_at_deploy": "",
    "dynamic_pressure_at_deploy": "Pa",
    "altitude_at_deploy": "m",
    "landing_miss_distance": "m",
}
"""Per-sample outputs of the entry Monte Carlo and their SI units."""

CORRIDOR_OUTPUTS = {
    "steepest_fpa": "rad",
    "shallowest_fpa": "rad",
    "margin_shallow": "rad",
    "margin_steep": "rad",
}
"""Outputs of the entry corridor (inertial flight path angles) and their SI units."""


def _entry_values(graph: DependencyGraph, mission: Mission) -> dict[str, float]:
    keys = entry_inputs(mission)
    if keys is None:
        raise ValueError("the mission has no entry phase followed by a descent phase")
    return {name: graph.value(key) for name, key in keys.items()}


def monte_carlo(graph: DependencyGraph, mission: Mission, activity: EntryMonteCarloActivity
                ) -> dict[str, Any]:
    """Run the activity's dispersed entries; per-sample SI values by output name.

    Also returns ``deploy_latitude`` and ``deploy_longitude`` (rad) and ``end_event``.
    """
    import numpy as np

    from okaeri.core import entry as core_entry
    from okaeri.core.constants import G0

    v = _entry_values(graph, mission)
    n = activity.samples
    rng = np.random.Generator(np.random.PCG64(activity.seed))
    d = activity.dispersions

    def sigma(value: Any) -> float:
        return 0.0 if value is None else si(value) / 3.0

    fpa = v["flight_path_angle"] + rng.normal(0.0, sigma(d.flight_path_angle), n)
    speed = v["speed"] + rng.normal(0.0, sigma(d.entry_speed), n)
    mass = v["mass"] * (1.0 + rng.normal(0.0, sigma(d.mass), n))
    cd = v["drag_coefficient"] * (1.0 + rng.normal(0.0, sigma(d.drag_coefficient), n))
    density = 1.0 + rng.normal(0.0, sigma(d.density), n)
    batch = core_entry.simulate_batch(
        mass=mass, reference_area=math.pi * v["diameter"] ** 2 / 4.0, drag_coefficient=cd,
        nose_radius=v["nose_radius"], lift_to_drag=v["lift_to_drag"],
        altitude=v["altitude"], latitude=v["latitude"], longitude=v["longitude"],
        speed=speed, flight_path_angle=fpa, heading=v["heading"], frame="inertial",
        density_factor=density,
        options=core_entry.EntryOptions(deploy_mach=v["trigger_mach"]))
    deployed = batch.end_event == "deploy"
    miss = core_entry.great_circle_distance(batch.deploy_latitude, batch.deploy_longitude,
                                            v["target_latitude"], v["target_longitude"])
    result = {
        "peak_heat_flux_total": batch.peak_heat_flux_total,
        "peak_heat_flux_convective": batch.peak_heat_flux_convective,
        "peak_heat_flux_radiative": batch.peak_heat_flux_radiative,
        "heat_load_total": batch.heat_load_total,
        "peak_deceleration": batch.peak_deceleration_g * G0,
        "peak_dynamic_pressure": batch.peak_dynamic_pressure,
        "mach_at_deploy": batch.deploy_mach,
        "dynamic_pressure_at_deploy": batch.deploy_dynamic_pressure,
        "altitude_at_deploy": batch.deploy_altitude,
        "landing_miss_distance": np.where(deployed, miss, np.inf),
        "deploy_latitude": batch.deploy_latitude,
        "deploy_longitude": batch.deploy_longitude,
    }
    out: dict[str, Any] = {k: [float(x) for x in np.asarray(a, dtype=float)]
                           for k, a in result.items()}
    out["end_event"] = [str(e) for e in batch.end_event]
    return out


def monte_carlo_settings(activity: EntryMonteCarloActivity) -> dict[str, Any]:
    """What besides the graph inputs determines a Monte Carlo (for the cache key)."""
    return activity.model_dump(mode="json", include={"samples", "seed", "dispersions"})


def corridor(graph: DependencyGraph, mission: Mission, activity: EntryCorridorActivity
             ) -> dict[str, Any]:
    """The entry corridor (inertial flight path angles, rad) and the nominal's margins.

    Limits are the activity's, or else the model's qualification limits: the canister's
    maximum deceleration and the heat shield's maximum heat flux and heat load.
    """
    from okaeri.core import corridor as core_corridor
    from okaeri.core import entry as core_entry
    from okaeri.core.constants import G0

    v = _entry_values(graph, mission)
    capsule = mission.capsule
    found = core_corridor.entry_corridor(
        mass=v["mass"], reference_area=math.pi * v["diameter"] ** 2 / 4.0,
        drag_coefficient=v["drag_coefficient"], nose_radius=v["nose_radius"],
        lift_to_drag=v["lift_to_drag"], altitude=v["altitude"], latitude=v["latitude"],
        longitude=v["longitude"], speed=v["speed"], heading=v["heading"], frame="inertial",
        options=core_entry.EntryOptions(deploy_mach=v["trigger_mach"]),
        max_deceleration_g=si(activity.max_deceleration
                              or capsule.sample_canister.max_deceleration) / G0,
        max_heat_flux=si(activity.max_heat_flux or capsule.heat_shield.max_heat_flux),
        max_heat_load=si(activity.max_heat_load or capsule.heat_shield.max_heat_load))
    nominal = v["flight_path_angle"]
    return {
        "steepest_fpa": found.steepest_fpa,
        "shallowest_fpa": found.shallowest_fpa,
        "margin_shallow": found.shallowest_fpa - nominal,
        "margin_steep": nominal - found.steepest_fpa,
        "steep_limit": found.steep_limit,
        "shallow_limit": found.shallow_limit,
    }


def nominal_history(graph: DependencyGraph, mission: Mission) -> dict[str, Any]:
    """Time histories of the nominal entry for plots (Earth-relative, SI)."""
    from okaeri.core import entry as core_entry

    v = _entry_values(graph, mission)
    trajectory = core_entry.simulate(
        mass=v["mass"], reference_area=math.pi * v["diameter"] ** 2 / 4.0,
        drag_coefficient=v["drag_coefficient"], nose_radius=v["nose_radius"],
        lift_to_drag=v["lift_to_drag"], altitude=v["altitude"], latitude=v["latitude"],
        longitude=v["longitude"], speed=v["speed"], flight_path_angle=v["flight_path_angle"],
        heading=v["heading"], frame="inertial",
        options=core_entry.EntryOptions(deploy_mach=v["trigger_mach"]))
    return {
        "time_s": [float(x) for x in trajectory.time],
        "altitude_m": [float(x) for x in trajectory.altitude],
        "speed_relative_m_s": [float(x) for x in trajectory.speed_relative],
        "heat_flux_total_W_m2": [float(x) for x in trajectory.heat_flux_total],
        "deceleration_g": [float(x) for x in trajectory.deceleration_g],
        "peak_heat_flux_total_W_m2": trajectory.summary.peak_heat_flux_total,
        "peak_deceleration_g": trajectory.summary.peak_deceleration_g,
    }


def entry_input_values(graph: DependencyGraph, mission: Mission) -> Mapping[str, float]:
    """The graph values the entry analyses read (for cache keys)."""
    return _entry_values(graph, mission)
