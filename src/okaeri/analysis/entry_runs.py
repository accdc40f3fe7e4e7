"""okaeri's entry analyses: the nominal entry, its histories, the corridor, the Monte Carlo.

Each is wired to the mission's entry phase (the entering vehicle, its entry interface) and
the descent phase's recovery zone; all call :mod:`okaeri.analysis.entry`, the one place that
calls the entry core.

- ``entry.nominal``: the capsule's entry (mass with system margin, aeroshell, the
  trajectory's inertial entry speed and flight path angle, the interface position and
  heading, the parachute's trigger Mach number) to parachute deployment: stagnation
  heating peaks and loads, peak deceleration, deployment conditions, the deployment
  point's distance from the recovery zone's centre.
- ``entry.history`` (on demand): the nominal entry's time histories, for plots.
- ``entry.corridor`` (on demand): the steepest and shallowest inertial flight path angles
  within the canister's deceleration and the heat shield's limits, and the nominal's
  distance to each (:func:`okaeri.core.corridor.entry_corridor`).
- ``entry.monte_carlo`` (on demand): dispersed entries, one value per sample. Dispersions
  are normal distributions whose 3-sigma values are the settings': additive on flight
  path angle and speed, multiplicative (``1 + N(0, sigma)``) on mass, drag coefficient and
  density. Samples come from numpy's PCG64 generator seeded with the settings' seed. A
  sample that does not deploy its parachute (skip-out, ground impact) has an infinite
  landing miss distance, so that it counts against the landing requirement.
  :func:`draw_dispersed` is the one place that draws the dispersed inputs and
  :func:`simulate_dispersed` the one that simulates them: a campaign's Monte Carlo in
  seeded chunks (:mod:`okaeri.verification.campaigns.monte_carlo`) calls them too, with
  :func:`sample_stream`'s stream of each chunk.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import StrictInt

from okaeri.analysis.registry import Analysis, Binding, Port, analysis
from okaeri.model import keys
from okaeri.model.base import OkaeriModel, bounded
from okaeri.model.mission import Mission
from okaeri.model.phases import DescentPhase, EntryPhase
from okaeri.units import (
    Acceleration,
    Angle,
    HeatFlux,
    HeatLoad,
    Percentage,
    Quantity,
    Speed,
    si,
    within,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ENTRY_CORRIDOR", "ENTRY_HISTORY", "ENTRY_MONTE_CARLO", "ENTRY_NOMINAL",
           "CorridorSettings", "DispersedEntries", "DispersedInput", "Dispersions",
           "MonteCarloSettings", "dispersed_inputs", "draw_dispersed", "entry_phases",
           "sample_stream", "simulate_dispersed"]

_STATE = {
    "mass": Port("kg", "entry mass (dry mass with system margin)"),
    "diameter": Port("m", "aeroshell diameter"),
    "nose_radius": Port("m", "aeroshell nose radius"),
    "drag_coefficient": Port("", "hypersonic drag coefficient"),
    "lift_to_drag": Port("", "hypersonic lift-to-drag ratio"),
    "trigger_mach": Port("", "parachute trigger Mach number"),
    "speed": Port("m/s", "inertial speed at the entry interface"),
    "flight_path_angle": Port("rad", "inertial flight path angle at the entry interface"),
    "altitude": Port("m", "altitude of the entry interface"),
    "latitude": Port("rad", "latitude at the entry interface"),
    "longitude": Port("rad", "longitude at the entry interface"),
    "heading": Port("rad", "inertial heading at the entry interface"),
    "target_latitude": Port("rad", "recovery zone centre latitude"),
    "target_longitude": Port("rad", "recovery zone centre longitude"),
}
"""Input ports shared by the entry analyses."""


def entry_phases(mission: Mission) -> tuple[EntryPhase, DescentPhase] | None:
    """The mission's entry phase and the descent phase of the same vehicle, if any."""
    entry = next((p for p in mission.phases if isinstance(p, EntryPhase)), None)
    if entry is None:
        return None
    descent = next((p for p in mission.phases
                    if isinstance(p, DescentPhase) and p.vehicle == entry.vehicle), None)
    return None if descent is None else (entry, descent)


def _state_keys(mission: Mission) -> dict[str, str] | None:
    phases = entry_phases(mission)
    if phases is None:
        return None
    entry, descent = phases
    vehicle = entry.vehicle
    return {
        "mass": keys.budget("mass", vehicle, "with_margin"),
        "diameter": keys.part(vehicle, "aeroshell", "diameter"),
        "nose_radius": keys.part(vehicle, "aeroshell", "nose_radius"),
        "drag_coefficient": keys.part(vehicle, "aeroshell", "drag_coefficient"),
        "lift_to_drag": keys.part(vehicle, "aeroshell", "lift_to_drag"),
        "trigger_mach": keys.part(vehicle, "parachute", "trigger_mach"),
        "speed": "trajectory.entry_speed_inertial",
        "flight_path_angle": "trajectory.entry_flight_path_angle",
        "altitude": "mission.trajectory.entry_interface_altitude",
        "latitude": f"{entry.id}.interface.latitude",
        "longitude": f"{entry.id}.interface.longitude",
        "heading": f"{entry.id}.interface.heading",
        "target_latitude": f"{descent.id}.recovery_zone.latitude",
        "target_longitude": f"{descent.id}.recovery_zone.longitude",
    }


def _vehicle_and_state(v: Mapping[str, float]) -> tuple[Any, Any, Any]:
    from okaeri.analysis.entry import EntryOptions, EntryState, EntryVehicle

    vehicle = EntryVehicle(mass=Quantity(v["mass"], "kg"), diameter=Quantity(v["diameter"], "m"),
                           nose_radius=Quantity(v["nose_radius"], "m"),
                           drag_coefficient=v["drag_coefficient"],
                           lift_to_drag=v["lift_to_drag"])
    state = EntryState(altitude=Quantity(v["altitude"], "m"), speed=Quantity(v["speed"], "m/s"),
                       flight_path_angle=Quantity(v["flight_path_angle"], "rad"),
                       heading=Quantity(v["heading"], "rad"),
                       latitude=Quantity(v["latitude"], "rad"),
                       longitude=Quantity(v["longitude"], "rad"), frame="inertial")
    return vehicle, state, EntryOptions(deploy_mach=v["trigger_mach"])


def _bind_state(base: Analysis, key: str) -> Any:
    def bind(mission: Mission, settings: Any) -> dict[str, Binding]:
        state = _state_keys(mission)
        return {} if state is None else {key: base.binding(state, settings)}

    return bind


_NOMINAL_OUTPUTS = {
    "peak_heat_flux_total": Port("W/m^2", "peak stagnation heat flux, convective + radiative"),
    "peak_heat_flux_convective": Port("W/m^2", "peak convective stagnation heat flux"),
    "peak_heat_flux_radiative": Port("W/m^2", "peak radiative stagnation heat flux"),
    "altitude_at_peak_heat_flux": Port("m", "altitude of the heat flux peak"),
    "heat_load_total": Port("J/m^2", "integrated stagnation heat load"),
    "heat_load_convective": Port("J/m^2", "integrated convective heat load"),
    "heat_load_radiative": Port("J/m^2", "integrated radiative heat load"),
    "peak_deceleration": Port("m/s^2", "peak deceleration"),
    "peak_dynamic_pressure": Port("Pa", "peak dynamic pressure"),
    "time_to_deploy": Port("s", "time from the entry interface to deployment"),
    "altitude_at_deploy": Port("m", "altitude at parachute deployment"),
    "mach_at_deploy": Port("", "Mach number at deployment"),
    "dynamic_pressure_at_deploy": Port("Pa", "dynamic pressure at deployment"),
    "deploy_latitude": Port("rad", "latitude of the deployment point"),
    "deploy_longitude": Port("rad", "longitude of the deployment point"),
    "downrange": Port("m", "distance flown from the entry interface"),
    "landing_miss_distance": Port("m", "deployment point's distance from the zone's centre"),
}


@analysis("entry.nominal", version="1", inputs=_STATE, outputs=_NOMINAL_OUTPUTS)
def _nominal(**v: float) -> dict[str, float]:
    """3-DOF entry simulation to parachute deployment (okaeri.core.entry)."""
    from okaeri.analysis.entry import simulate_entry
    from okaeri.core.constants import G0
    from okaeri.core.entry import great_circle_distance
    from okaeri.errors import AnalysisError

    vehicle, state, options = _vehicle_and_state(v)
    s = simulate_entry(vehicle, state, options).trajectory.summary
    if s.end_event != "deploy":
        raise AnalysisError(f"the nominal entry ended by '{s.end_event}' at "
                            f"{s.end_altitude / 1e3:.1f} km, not by parachute deployment")
    miss = great_circle_distance(s.end_latitude, s.end_longitude, v["target_latitude"],
                                 v["target_longitude"])
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


ENTRY_NOMINAL = replace(_nominal, bind=_bind_state(_nominal, "entry.nominal"))
"""``entry.nominal``: the nominal entry of the mission's entering vehicle."""


@analysis("entry.history", version="1", lazy=True, inputs=_STATE, outputs={
    "time": Port("s", "time from the entry interface", samples=True),
    "altitude": Port("m", "altitude", samples=True),
    "speed_relative": Port("m/s", "Earth-relative speed", samples=True),
    "heat_flux_total": Port("W/m^2", "stagnation heat flux", samples=True),
    "deceleration": Port("m/s^2", "deceleration", samples=True),
})
def _history(**v: float) -> dict[str, Any]:
    """The nominal entry's accepted steps (time histories for plots)."""
    from okaeri.analysis.entry import simulate_entry
    from okaeri.core.constants import G0

    vehicle, state, options = _vehicle_and_state(v)
    trajectory = simulate_entry(vehicle, state, options).trajectory
    return {"time": trajectory.time, "altitude": trajectory.altitude,
            "speed_relative": trajectory.speed_relative,
            "heat_flux_total": trajectory.heat_flux_total,
            "deceleration": trajectory.deceleration_g * G0,
            "peak_heat_flux_total": trajectory.summary.peak_heat_flux_total,
            "peak_deceleration": trajectory.summary.peak_deceleration_g * G0}


ENTRY_HISTORY = replace(_history, bind=_bind_state(_history, "entry.history"))
"""``entry.history``: the nominal entry's time histories (on demand, for plots)."""


class CorridorSettings(OkaeriModel):
    """Limits of the entry corridor; each defaults to the entering vehicle's qualification."""

    max_deceleration: Annotated[Acceleration, *within(gt="0 m/s^2")] | None = None
    """Steep-side limit on peak deceleration; none: the sample canister's qualification."""
    max_heat_flux: Annotated[HeatFlux, *within(gt="0 W/m^2")] | None = None
    """Steep-side limit on peak heat flux; none: the heat shield's qualification."""
    max_heat_load: Annotated[HeatLoad, *within(gt="0 J/m^2")] | None = None
    """Shallow-side limit on the heat load; none: the heat shield's qualification."""


@analysis("entry.corridor", version="1", lazy=True, settings=CorridorSettings, inputs={
    **_STATE,
    "max_deceleration": Port("m/s^2", "steep-side deceleration limit"),
    "max_heat_flux": Port("W/m^2", "steep-side heat flux limit"),
    "max_heat_load": Port("J/m^2", "shallow-side heat load limit"),
}, outputs={
    "steepest_fpa": Port("rad", "steepest acceptable inertial flight path angle"),
    "shallowest_fpa": Port("rad", "shallowest acceptable inertial flight path angle"),
    "margin_shallow": Port("rad", "nominal angle's distance to the shallow bound"),
    "margin_steep": Port("rad", "nominal angle's distance to the steep bound"),
})
def _corridor(settings: CorridorSettings, **v: float) -> dict[str, Any]:
    """Entry corridor by scan and Brent's method (okaeri.core.corridor)."""
    from okaeri.analysis.entry import entry_corridor
    from okaeri.core.constants import G0

    vehicle, state, options = _vehicle_and_state(v)
    found = entry_corridor(vehicle, state, options, max_deceleration_g=v["max_deceleration"] / G0,
                           max_heat_flux=Quantity(v["max_heat_flux"], "W/m^2"),
                           max_heat_load=Quantity(v["max_heat_load"], "J/m^2"))
    steepest = si(found.steepest_fpa) if found.steepest_fpa is not None else math.nan
    shallowest = si(found.shallowest_fpa) if found.shallowest_fpa is not None else math.nan
    nominal = v["flight_path_angle"]
    return {"steepest_fpa": steepest, "shallowest_fpa": shallowest,
            "margin_shallow": shallowest - nominal, "margin_steep": nominal - steepest,
            "steep_limit": found.steep_limit, "shallow_limit": found.shallow_limit}


def _bind_corridor(mission: Mission, settings: Any) -> dict[str, Binding]:
    state = _state_keys(mission)
    phases = entry_phases(mission)
    if state is None or phases is None:
        return {}
    settings = settings if settings is not None else CorridorSettings()
    vehicle = phases[0].vehicle
    limits = {
        "max_deceleration": keys.part(vehicle, "sample_canister", "max_deceleration"),
        "max_heat_flux": keys.part(vehicle, "heat_shield", "max_heat_flux"),
        "max_heat_load": keys.part(vehicle, "heat_shield", "max_heat_load"),
    }
    inputs = {**state, **{name: key for name, key in limits.items()
                          if getattr(settings, name) is None}}
    binding = _corridor.binding(inputs, settings)
    given = {name: si(getattr(settings, name)) for name in limits
             if getattr(settings, name) is not None}
    if not given:
        return {"entry.corridor": binding}

    def call(values: Mapping[str, float]) -> Mapping[str, Any]:
        return binding.call({**values, **given})

    return {"entry.corridor": replace(binding, call=call)}


ENTRY_CORRIDOR = replace(_corridor, bind=_bind_corridor)
"""``entry.corridor``: the entry corridor and the nominal's margins (on demand)."""


class Dispersions(OkaeriModel):
    """3-sigma dispersions of the entry conditions, each a normal distribution centred
    on the nominal value; a dispersion left out is not dispersed."""

    flight_path_angle: Annotated[Angle, *within(ge="0 deg", le="10 deg")] | None = None
    """Entry flight path angle, 3 sigma (``"0.3 deg"``)."""
    entry_speed: Annotated[Speed, *within(ge="0 m/s", le="1 km/s")] | None = None
    """Entry speed, 3 sigma (``"10 m/s"``)."""
    mass: Annotated[Percentage, *within(ge="0 %", le="50 %")] | None = None
    """Capsule mass, relative, 3 sigma (``"2 %"``)."""
    drag_coefficient: Annotated[Percentage, *within(ge="0 %", le="50 %")] | None = None
    """Hypersonic drag coefficient, relative, 3 sigma (``"5 %"``)."""
    density: Annotated[Percentage, *within(ge="0 %", le="90 %")] | None = None
    """Atmospheric density, relative, 3 sigma (``"15 %"``)."""


class MonteCarloSettings(OkaeriModel):
    """Sample count, seed and dispersions of the entry Monte Carlo."""

    samples: Annotated[StrictInt, *bounded("from 1 to 10,000,000 samples", 1, 10_000_000)]
    """Number of samples (``2000``)."""
    seed: Annotated[StrictInt, *bounded("a seed from 0 to 2^64 - 1", 0, 2**64 - 1)]
    """Seed of the random generator: the same seed gives the same samples."""
    dispersions: Dispersions
    """3-sigma dispersions of the entry conditions."""


_MC_OUTPUTS = {
    "peak_heat_flux_total": Port("W/m^2", "peak stagnation heat flux", samples=True),
    "peak_heat_flux_convective": Port("W/m^2", "peak convective heat flux", samples=True),
    "peak_heat_flux_radiative": Port("W/m^2", "peak radiative heat flux", samples=True),
    "heat_load_total": Port("J/m^2", "integrated heat load", samples=True),
    "peak_deceleration": Port("m/s^2", "peak deceleration", samples=True),
    "peak_dynamic_pressure": Port("Pa", "peak dynamic pressure", samples=True),
    "mach_at_deploy": Port("", "Mach number at deployment", samples=True),
    "dynamic_pressure_at_deploy": Port("Pa", "dynamic pressure at deployment", samples=True),
    "altitude_at_deploy": Port("m", "altitude at deployment", samples=True),
    "landing_miss_distance": Port("m", "landing point's distance from the zone's centre "
                                  "(infinite when the parachute does not deploy)",
                                  samples=True),
    "deploy_latitude": Port("rad", "latitude of the deployment point", samples=True),
    "deploy_longitude": Port("rad", "longitude of the deployment point", samples=True),
    "deployed": Port("", "1 where the parachute deployed, 0 otherwise", samples=True),
}


_DISPERSED = (
    ("flight_path_angle", "flight_path_angle", False),
    ("entry_speed", "speed", False),
    ("mass", "mass", True),
    ("drag_coefficient", "drag_coefficient", True),
    ("density", "density_factor", True),
)
"""(dispersion, what it disperses, relative?) in the order the samples are drawn: an input
port of the entry, or the atmosphere's density factor (nominally 1)."""


@dataclass(frozen=True)
class DispersedInput:
    """One dispersion of :class:`Dispersions` and what it disperses."""

    setting: str
    """The :class:`Dispersions` field (``entry_speed``)."""
    target: str
    """The input port it disperses (``speed``), or ``density_factor``."""
    three_sigma: float
    """3-sigma value, SI (rad, m/s), or a fraction of the nominal value when relative;
    zero for a dispersion left out."""
    relative: bool
    """``nominal (1 + N(0, sigma))`` (relative) or ``nominal + N(0, sigma)``."""


def dispersed_inputs(dispersions: Dispersions) -> tuple[DispersedInput, ...]:
    """Every dispersion of the Monte Carlo, in the order its samples are drawn."""
    found = []
    for setting, target, relative in _DISPERSED:
        value = getattr(dispersions, setting)
        found.append(DispersedInput(setting, target, 0.0 if value is None else si(value),
                                    relative))
    return tuple(found)


def sample_stream(seed: int, chunk: int | None = None) -> np.random.Generator:
    """The random stream of a Monte Carlo: numpy's PCG64 generator seeded with
    ``SeedSequence(seed)`` (``chunk=None``: the analysis's own stream, a run in one chunk),
    or with ``SeedSequence(seed, spawn_key=(chunk,))``, the ``chunk``-th child of
    ``SeedSequence(seed).spawn`` (a run split in chunks: each chunk's samples depend on the
    seed, the chunk size and the chunk's index only)."""
    import numpy as np

    sequence = (np.random.SeedSequence(seed) if chunk is None
                else np.random.SeedSequence(seed, spawn_key=(chunk,)))
    return np.random.Generator(np.random.PCG64(sequence))


def draw_dispersed(nominal: Mapping[str, float], dispersions: Dispersions,
                   rng: np.random.Generator,
                   size: int) -> dict[str, Any]:
    """``size`` dispersed values of each dispersed input (SI arrays by port name, and
    ``density_factor``), drawn from ``rng`` in the order of :func:`dispersed_inputs`: a
    normal distribution of 1-sigma ``three_sigma / 3`` about the nominal value, added or
    relative. A dispersion left out is still drawn (with sigma 0), so that the others keep
    their random numbers."""
    values = {**nominal, "density_factor": 1.0}
    drawn = {}
    for d in dispersed_inputs(dispersions):
        delta = rng.normal(0.0, d.three_sigma / 3.0, size)
        base = values[d.target]
        drawn[d.target] = base * (1.0 + delta) if d.relative else base + delta
    return drawn


@dataclass(frozen=True)
class DispersedEntries:
    """The samples of a set of dispersed entries."""

    outputs: dict[str, Any]
    """Per-sample SI arrays of every ``entry.monte_carlo`` output."""
    end_event: Any
    """How each trajectory ended (``deploy``, ``ground``, ``skip``, ...)."""


def simulate_dispersed(nominal: Mapping[str, float], dispersions: Dispersions,
                       rng: np.random.Generator, size: int, *, parallel: bool = True
                       ) -> DispersedEntries:
    """Draw ``size`` dispersed entries about ``nominal`` (SI values by input port of
    ``entry.monte_carlo``) from ``rng`` (:func:`draw_dispersed`) and simulate them in one
    compiled batch (:func:`okaeri.analysis.entry.simulate_entry_batch`; ``parallel``: on
    numba's threads). A sample that does not deploy its parachute has an infinite landing
    miss distance."""
    import numpy as np

    from okaeri.analysis.entry import simulate_entry_batch
    from okaeri.core.constants import G0
    from okaeri.core.entry import great_circle_distance

    drawn = draw_dispersed(nominal, dispersions, rng, size)
    vehicle, state, options = _vehicle_and_state(nominal)
    batch = simulate_entry_batch(vehicle, state, options, parallel=parallel, **drawn).summary
    deployed = batch.end_event == "deploy"
    miss = great_circle_distance(batch.deploy_latitude, batch.deploy_longitude,
                                 nominal["target_latitude"], nominal["target_longitude"])
    return DispersedEntries({
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
        "deployed": deployed.astype(float),
    }, batch.end_event)


@analysis("entry.monte_carlo", version="1", lazy=True, settings=MonteCarloSettings,
          inputs=_STATE, outputs=_MC_OUTPUTS)
def _monte_carlo(settings: MonteCarloSettings, **v: float) -> dict[str, Any]:
    """Dispersed entries in one compiled batch (okaeri.core.entry.simulate_batch)."""
    return simulate_dispersed(v, settings.dispersions, sample_stream(settings.seed),
                              settings.samples).outputs


ENTRY_MONTE_CARLO = replace(_monte_carlo,
                            bind=_bind_state(_monte_carlo, "entry.monte_carlo"))
"""``entry.monte_carlo``: the dispersed entries (on demand; settings from an activity)."""
