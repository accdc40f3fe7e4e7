"""okaeri's entry analyses: the nominal entry, its histories, the corridor, the Monte Carlo.

Each is wired to the mission's entry phase (the entering vehicle, its entry interface) and
the descent phase (its recovery zone and wind); all build their simulation in
:func:`okaeri.analysis.entry_setup.entry_setup` and call :mod:`okaeri.analysis.entry`, the
one place that calls the entry core. Their input ports are
:data:`~okaeri.analysis.entry_setup.STATE_PORTS`, bound to the mission's values that exist
(:func:`~okaeri.analysis.entry_setup.state_keys`); the vehicle's deployment trigger and
drag curve (:class:`~okaeri.analysis.entry_setup.EntryModel`) are part of each
analysis's settings, so of its cache key.

- ``entry.nominal``: the capsule's entry (mass with system margin, aeroshell and its drag
  curve, the trajectory's inertial entry speed and flight path angle, the interface
  position and heading) to parachute deployment by its trigger, then, with a drogue,
  under the parachutes to the ground through the descent phase's wind: stagnation
  heating peaks and loads, peak deceleration, deployment conditions, the landing point,
  its distance from the recovery zone's centre, the drift under the parachutes, the
  landing time and descent rate. Without a drogue the landing point is the deployment
  point.
- ``entry.history`` (on demand): the nominal entry's time histories to deployment.
- ``entry.corridor`` (on demand): the steepest and shallowest inertial flight path angles
  within the canister's deceleration and the heat shield's limits, and the nominal's
  distance to each (:func:`okaeri.core.corridor.entry_corridor`).
- ``entry.monte_carlo`` (on demand): dispersed entries, one value per sample, with the
  dispersions an activity declares (:mod:`okaeri.analysis.entry_dispersions`). Samples
  come from numpy's PCG64 generator seeded with the settings' seed. A sample that does
  not deploy its parachute (skip-out, ground impact) has an infinite landing miss distance
  and an infinite deployment Mach number and dynamic pressure, so that it counts against
  the landing and deployment requirements. :func:`draw_dispersed` is the one place that
  draws the dispersed inputs and :func:`simulate_dispersed` the one that simulates them: a
  campaign's Monte Carlo in seeded chunks (:mod:`okaeri.verification.campaigns.monte_carlo`)
  calls them too, with :func:`sample_stream`'s stream of each chunk.

When an activity leaves out the Monte Carlo's ``samples``, the count follows from the
percentile criteria that read its outputs (:func:`default_samples`): the smallest count
at which the :data:`BOUND_ORDER`-th most extreme sample bounds every one of them at its
confidence (:func:`okaeri.core.statistics.required_samples`), so that no verdict rests
on the single most extreme trajectory.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import StrictInt

from okaeri.analysis.entry_dispersions import (
    DispersedInput,
    Dispersions,
    dispersed_inputs,
    draw_dispersed,
)
from okaeri.analysis.entry_setup import (
    STATE_PORTS,
    EntryModel,
    corridor_setup,
    entry_phases,
    entry_setup,
    state_keys,
)
from okaeri.analysis.registry import Analysis, Binding, Port, analysis
from okaeri.model import keys
from okaeri.model.base import OkaeriModel, bounded
from okaeri.model.mission import Mission
from okaeri.units import Acceleration, HeatFlux, HeatLoad, Quantity, si, within

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "BOUND_ORDER",
    "ENTRY_CORRIDOR",
    "ENTRY_HISTORY",
    "ENTRY_MONTE_CARLO",
    "ENTRY_NOMINAL",
    "CorridorSettings",
    "DispersedEntries",
    "DispersedInput",
    "Dispersions",
    "MonteCarloSettings",
    "corridor_limit_keys",
    "default_samples",
    "dispersed_inputs",
    "draw_dispersed",
    "entry_phases",
    "nominal_outputs",
    "sample_stream",
    "simulate_dispersed",
    "summary_outputs",
]

BOUND_ORDER = 3
"""Rank from the extreme of the order statistic that must bound each percentile criterion
when the sample count is left to :func:`default_samples`."""


_DESCENT_ONLY = ("drift", "landing_time", "landing_descent_rate")
"""Scalar outputs that exist only with a parachute descent (a graph value is finite)."""


def _binding(base: Analysis, inputs: Mapping[str, str], model: EntryModel,
             settings: Any = None) -> Binding:
    """``base`` bound to the mission's ``inputs`` (a subset of its ports: those the
    mission has), with the vehicle's ``model`` and the activity's ``settings``; without a
    parachute descent, its scalar outputs of the descent are left out."""
    factors = {name: base.inputs[name].factor() for name in inputs}
    outputs = {name: port for name, port in base.outputs.items()
               if port.samples or "drogue_drag_area" in inputs or name not in _DESCENT_ONLY}
    out = {name: port.factor() for name, port in outputs.items()}
    extra = {"settings": settings} if base.settings is not None else {}

    def call(values: Mapping[str, float]) -> Mapping[str, Any]:
        result = dict(base.compute(model=model, **extra,
                                   **{k: values[k] / f for k, f in factors.items()}))
        return {k: (v * out[k] if k in out and out[k] != 1.0 else v) for k, v in result.items()}

    dumped = settings.model_dump(mode="json") if isinstance(settings, OkaeriModel) else {}
    return Binding(dict(inputs), outputs, call, {**dumped, "model": model.settings()})


def _bind_state(base: Analysis, key: str) -> Callable[[Mission, Any], dict[str, Binding]]:
    def bind(mission: Mission, settings: Any) -> dict[str, Binding]:
        state = state_keys(mission)
        if state is None:
            return {}
        return {key: _binding(base, state, EntryModel.of(mission), settings)}

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
    "landing_latitude": Port("rad", "latitude of the landing point (the deployment point "
                             "without a parachute descent)"),
    "landing_longitude": Port("rad", "longitude of the landing point"),
    "landing_miss_distance": Port("m", "landing point's distance from the zone's centre"),
    "drift": Port("m", "distance from the deployment point to the landing point (only "
                  "with a parachute descent)"),
    "landing_time": Port("s", "time from the entry interface to landing (only with a "
                         "parachute descent)"),
    "landing_descent_rate": Port("m/s", "descent rate at landing (only with a parachute "
                                 "descent)"),
    "downrange": Port("m", "distance flown from the entry interface to the end point"),
}


def summary_outputs(s: Any, descends: bool, target_latitude: float,
                    target_longitude: float) -> dict[str, float]:
    """``entry.nominal``'s outputs from a core summary ``s`` (SI): the landing point is
    where the descent ends when ``descends``, else the deployment point (NaN without a
    deployment), and the miss distance is the landing point's from the target (rad)."""
    from okaeri.core.constants import G0
    from okaeri.core.entry import great_circle_distance

    land_lat, land_lon = ((s.landing_latitude, s.landing_longitude) if descends
                          else (s.deploy_latitude, s.deploy_longitude))
    miss = (float(great_circle_distance(land_lat, land_lon, target_latitude,
                                        target_longitude))
            if math.isfinite(land_lat) and math.isfinite(land_lon) else math.nan)
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
        "time_to_deploy": s.deploy_time,
        "altitude_at_deploy": s.deploy_altitude,
        "mach_at_deploy": s.deploy_mach,
        "dynamic_pressure_at_deploy": s.deploy_dynamic_pressure,
        "deploy_latitude": s.deploy_latitude,
        "deploy_longitude": s.deploy_longitude,
        "landing_latitude": land_lat,
        "landing_longitude": land_lon,
        "landing_miss_distance": miss,
        "drift": s.drift,
        "landing_time": s.landing_time,
        "landing_descent_rate": s.landing_descent_rate,
        "downrange": s.downrange,
    }


def nominal_outputs(v: Mapping[str, float], model: EntryModel) -> dict[str, float]:
    """The outputs of ``entry.nominal`` for port values ``v`` (SI) and ``model``.

    Raises :class:`okaeri.errors.AnalysisError` when the parachute does not deploy."""
    from okaeri.analysis.entry import simulate_entry
    from okaeri.errors import AnalysisError

    setup = entry_setup(v, model)
    s = simulate_entry(setup.vehicle, setup.state, setup.options,
                       setup.core_inputs).trajectory.summary
    if math.isnan(s.deploy_time):
        raise AnalysisError(f"the nominal entry ended by '{s.end_event}' at "
                            f"{s.end_altitude / 1e3:.1f} km without deploying its parachute")
    return summary_outputs(s, setup.descends, v["target_latitude"], v["target_longitude"])


@analysis("entry.nominal", version="2", inputs=STATE_PORTS, outputs=_NOMINAL_OUTPUTS)
def _nominal(model: EntryModel, **v: float) -> dict[str, float]:
    """3-DOF entry to parachute deployment and descent to the ground (okaeri.core.entry)."""
    return nominal_outputs(v, model)


ENTRY_NOMINAL = replace(_nominal, bind=_bind_state(_nominal, "entry.nominal"))
"""``entry.nominal``: the nominal entry of the mission's entering vehicle."""


_HISTORY_OUTPUTS = {
    "time": Port("s", "time from the entry interface", samples=True),
    "altitude": Port("m", "altitude", samples=True),
    "speed_relative": Port("m/s", "Earth-relative speed", samples=True),
    "heat_flux_total": Port("W/m^2", "stagnation heat flux", samples=True),
    "deceleration": Port("m/s^2", "deceleration", samples=True),
}


@analysis("entry.history", version="2", lazy=True, keeps="history", inputs=STATE_PORTS,
          outputs=_HISTORY_OUTPUTS)
def _history(model: EntryModel, **v: float) -> dict[str, Any]:
    """The nominal entry's accepted steps to deployment (time histories for plots)."""
    from okaeri.analysis.entry import simulate_entry
    from okaeri.core.constants import G0

    setup = entry_setup(v, model)
    trajectory = simulate_entry(setup.vehicle, setup.state, setup.options,
                                setup.core_inputs).trajectory
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


_CORRIDOR_LIMITS = {
    "max_deceleration": Port("m/s^2", "steep-side deceleration limit"),
    "max_heat_flux": Port("W/m^2", "steep-side heat flux limit"),
    "max_heat_load": Port("J/m^2", "shallow-side heat load limit"),
}


@analysis("entry.corridor", version="2", lazy=True, settings=CorridorSettings, inputs={
    **STATE_PORTS, **_CORRIDOR_LIMITS,
}, outputs={
    "steepest_fpa": Port("rad", "steepest acceptable inertial flight path angle"),
    "shallowest_fpa": Port("rad", "shallowest acceptable inertial flight path angle"),
    "margin_shallow": Port("rad", "nominal angle's distance to the shallow bound"),
    "margin_steep": Port("rad", "nominal angle's distance to the steep bound"),
})
def _corridor(settings: CorridorSettings, model: EntryModel, **v: float) -> dict[str, Any]:
    """Entry corridor by scan and Brent's method (okaeri.core.corridor)."""
    from okaeri.analysis.entry import entry_corridor
    from okaeri.core.constants import G0

    vehicle, state, options = corridor_setup(v, model)
    found = entry_corridor(vehicle, state, options, max_deceleration_g=v["max_deceleration"] / G0,
                           max_heat_flux=Quantity(v["max_heat_flux"], "W/m^2"),
                           max_heat_load=Quantity(v["max_heat_load"], "J/m^2"))
    steepest = si(found.steepest_fpa) if found.steepest_fpa is not None else math.nan
    shallowest = si(found.shallowest_fpa) if found.shallowest_fpa is not None else math.nan
    nominal = v["flight_path_angle"]
    return {"steepest_fpa": steepest, "shallowest_fpa": shallowest,
            "margin_shallow": shallowest - nominal, "margin_steep": nominal - steepest,
            "steep_limit": found.steep_limit, "shallow_limit": found.shallow_limit}


def corridor_limit_keys(mission: Mission) -> dict[str, str]:
    """The graph keys of the corridor's default limits: the entering vehicle's canister
    deceleration and heat shield qualification (none without an entry phase)."""
    phases = entry_phases(mission)
    if phases is None:
        return {}
    vehicle = phases[0].vehicle
    return {
        "max_deceleration": keys.part(vehicle, "sample_canister", "max_deceleration"),
        "max_heat_flux": keys.part(vehicle, "heat_shield", "max_heat_flux"),
        "max_heat_load": keys.part(vehicle, "heat_shield", "max_heat_load"),
    }


def _bind_corridor(mission: Mission, settings: Any) -> dict[str, Binding]:
    state = state_keys(mission)
    if state is None:
        return {}
    settings = settings if settings is not None else CorridorSettings()
    limits = corridor_limit_keys(mission)
    inputs = {**state, **{name: key for name, key in limits.items()
                          if getattr(settings, name) is None}}
    binding = _binding(_corridor, inputs, EntryModel.of(mission), settings)
    given = {name: si(getattr(settings, name)) for name in limits
             if getattr(settings, name) is not None}
    if not given:
        return {"entry.corridor": binding}

    def call(values: Mapping[str, float]) -> Mapping[str, Any]:
        return binding.call({**values, **given})

    return {"entry.corridor": replace(binding, call=call)}


ENTRY_CORRIDOR = replace(_corridor, bind=_bind_corridor)
"""``entry.corridor``: the entry corridor and the nominal's margins (on demand)."""


class MonteCarloSettings(OkaeriModel):
    """Sample count, seed and dispersions of the entry Monte Carlo."""

    samples: Annotated[StrictInt, *bounded("from 1 to 10,000,000 samples", 1,
                                           10_000_000)] | None = None
    """Number of samples (``4093``); left out, the count that lets the third most
    extreme sample bound every percentile criterion on the Monte Carlo's outputs at its
    confidence (:func:`default_samples`)."""
    seed: Annotated[StrictInt, *bounded("a seed from 0 to 2^64 - 1", 0, 2**64 - 1)]
    """Seed of the random generator: the same seed gives the same samples."""
    dispersions: Dispersions
    """The dispersions, each with its distribution and source
    (:mod:`okaeri.analysis.entry_dispersions`)."""


def default_samples(percentiles: Iterable[tuple[float, float, str]]) -> int | None:
    """The sample count for ``(percentile in percent, confidence fraction, side)``
    criteria: the largest of :func:`okaeri.core.statistics.required_samples` with
    ``order = BOUND_ORDER``; ``None`` without a percentile."""
    from okaeri.core.statistics import required_samples

    counts = [required_samples(p, c, BOUND_ORDER, "upper" if side == "upper" else "lower")
              for p, c, side in percentiles]
    return max(counts) if counts else None


_MC_OUTPUTS = {
    "peak_heat_flux_total": Port("W/m^2", "peak stagnation heat flux", samples=True),
    "peak_heat_flux_convective": Port("W/m^2", "peak convective heat flux", samples=True),
    "peak_heat_flux_radiative": Port("W/m^2", "peak radiative heat flux", samples=True),
    "heat_load_total": Port("J/m^2", "integrated heat load", samples=True),
    "peak_deceleration": Port("m/s^2", "peak deceleration", samples=True),
    "peak_dynamic_pressure": Port("Pa", "peak dynamic pressure", samples=True),
    "entry_flight_path_angle": Port("rad", "inertial flight path angle at the entry "
                                    "interface (dispersed)", samples=True),
    "time_to_deploy": Port("s", "time to deployment (NaN without one)", samples=True),
    "mach_at_deploy": Port("", "Mach number at deployment (infinite without one)",
                           samples=True),
    "dynamic_pressure_at_deploy": Port("Pa", "dynamic pressure at deployment (infinite "
                                       "without one)", samples=True),
    "altitude_at_deploy": Port("m", "altitude at deployment (NaN without one)", samples=True),
    "deploy_latitude": Port("rad", "latitude of the deployment point", samples=True),
    "deploy_longitude": Port("rad", "longitude of the deployment point", samples=True),
    "landing_latitude": Port("rad", "latitude of the landing point (the deployment point "
                             "without a parachute descent)", samples=True),
    "landing_longitude": Port("rad", "longitude of the landing point", samples=True),
    "landing_miss_distance": Port("m", "landing point's distance from the zone's centre "
                                  "(infinite when the parachute does not deploy)",
                                  samples=True),
    "drift": Port("m", "distance from deployment to landing (NaN without a descent)",
                  samples=True),
    "landing_time": Port("s", "time to landing (NaN without a descent)", samples=True),
    "landing_descent_rate": Port("m/s", "descent rate at landing (NaN without a descent)",
                                 samples=True),
    "deployed": Port("", "1 where the parachute deployed, 0 otherwise", samples=True),
}


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


@dataclass(frozen=True)
class DispersedEntries:
    """The samples of a set of dispersed entries."""

    outputs: dict[str, Any]
    """Per-sample SI arrays of every ``entry.monte_carlo`` output."""
    end_event: Any
    """How each trajectory ended (``deploy``, ``ground``, ``skip_out``, ...)."""


_BATCH_PORTS = ("mass", "drag_coefficient", "flight_path_angle", "speed", "heading",
                "latitude", "longitude")
"""Dispersed ports that :func:`okaeri.analysis.entry.simulate_entry_batch` takes as
keywords; the others (sensors, drag areas, winds) are core inputs."""


def simulate_dispersed(nominal: Mapping[str, float], dispersions: Dispersions,
                       rng: np.random.Generator, size: int, model: EntryModel, *,
                       parallel: bool = True) -> DispersedEntries:
    """Draw ``size`` dispersed entries about ``nominal`` (SI values by input port of
    ``entry.monte_carlo``) from ``rng`` (:func:`draw_dispersed`) and simulate them in one
    compiled batch (:func:`okaeri.analysis.entry.simulate_entry_batch`; ``parallel``: on
    numba's threads), set up as the nominal entry is (:func:`entry_setup`)."""
    import numpy as np

    from okaeri.analysis.entry import simulate_entry_batch
    from okaeri.analysis.entry_setup import core_inputs

    drawn = draw_dispersed(nominal, dispersions, rng, size)
    setup = entry_setup(nominal, model)
    per_sample = {**nominal, **{k: v for k, v in drawn.items() if k != "density_profile"}}
    core = core_inputs(per_sample, model)
    if "density_profile" in drawn:
        core["density_profile"] = drawn["density_profile"]
    batch = simulate_entry_batch(setup.vehicle, setup.state, setup.options, parallel=parallel,
                                 core_inputs=core,
                                 **{k: drawn[k] for k in _BATCH_PORTS if k in drawn}).summary
    deployed = ~np.isnan(batch.deploy_time)
    return DispersedEntries(_batch_outputs(batch, deployed, setup.descends, nominal),
                            batch.end_event)


def _batch_outputs(batch: Any, deployed: Any, descends: bool,
                   nominal: Mapping[str, float]) -> dict[str, Any]:
    import numpy as np

    from okaeri.core.constants import G0
    from okaeri.core.entry import great_circle_distance

    land_lat = batch.landing_latitude if descends else batch.deploy_latitude
    land_lon = batch.landing_longitude if descends else batch.deploy_longitude
    landed = deployed & np.isfinite(land_lat)
    miss = great_circle_distance(np.where(landed, land_lat, 0.0),
                                 np.where(landed, land_lon, 0.0),
                                 nominal["target_latitude"], nominal["target_longitude"])
    return {
        "peak_heat_flux_total": batch.peak_heat_flux_total,
        "peak_heat_flux_convective": batch.peak_heat_flux_convective,
        "peak_heat_flux_radiative": batch.peak_heat_flux_radiative,
        "heat_load_total": batch.heat_load_total,
        "peak_deceleration": batch.peak_deceleration_g * G0,
        "peak_dynamic_pressure": batch.peak_dynamic_pressure,
        "entry_flight_path_angle": batch.entry_fpa_inertial,
        "time_to_deploy": batch.deploy_time,
        "mach_at_deploy": np.where(deployed, batch.deploy_mach, np.inf),
        "dynamic_pressure_at_deploy": np.where(deployed, batch.deploy_dynamic_pressure,
                                               np.inf),
        "altitude_at_deploy": batch.deploy_altitude,
        "deploy_latitude": batch.deploy_latitude,
        "deploy_longitude": batch.deploy_longitude,
        "landing_latitude": np.where(landed, land_lat, np.nan),
        "landing_longitude": np.where(landed, land_lon, np.nan),
        "landing_miss_distance": np.where(landed, miss, np.inf),
        "drift": batch.drift,
        "landing_time": batch.landing_time,
        "landing_descent_rate": batch.landing_descent_rate,
        "deployed": deployed.astype(float),
    }


@analysis("entry.monte_carlo", version="2", lazy=True, concurrent=True, keeps="dispersion",
          settings=MonteCarloSettings, inputs=STATE_PORTS, outputs=_MC_OUTPUTS)
def _monte_carlo(settings: MonteCarloSettings, model: EntryModel, **v: float
                 ) -> dict[str, Any]:
    """Dispersed entries in one compiled batch (okaeri.core.entry.simulate_batch)."""
    from okaeri.errors import AnalysisError

    if settings.samples is None:
        raise AnalysisError("the Monte Carlo's sample count is not set: give 'samples', or "
                            "verify with a percentile criterion on its outputs (okaeri "
                            "verify sets the count from them)")
    return simulate_dispersed(v, settings.dispersions, sample_stream(settings.seed),
                              settings.samples, model).outputs


ENTRY_MONTE_CARLO = replace(_monte_carlo,
                            bind=_bind_state(_monte_carlo, "entry.monte_carlo"))
"""``entry.monte_carlo``: the dispersed entries (on demand; settings from an activity)."""
