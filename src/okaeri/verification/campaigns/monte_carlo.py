"""The entry Monte Carlo at scale: seeded chunks, streaming statistics, any executor.

:func:`run_monte_carlo` splits ``samples`` into chunks of ``chunk_size``; chunk ``i``
draws its dispersions from its own stream, ``numpy.random.SeedSequence(seed,
spawn_key=(i,))`` (the ``i``-th child of ``SeedSequence(seed).spawn``), so a sample's
value depends on the seed, the chunk size and its index only: not on the number of
workers, nor on the order chunks complete in. Each chunk is simulated (one compiled
batch, :func:`okaeri.core.entry.simulate_batch`) and reduced on its worker to a
:class:`ChunkStatistics` (moments and the exact tails of every output, footprint
moments); chunks are merged in index order. Memory is one chunk's samples per worker
plus ``O(k)`` per output (:func:`~okaeri.verification.campaigns.streaming.tail_size`).

The dispersion model is the verification activity's
(:func:`okaeri.verification.analyses.monte_carlo`): normal distributions with the given
3-sigma values, additive on flight path angle and speed, multiplicative on mass, drag
coefficient and density; :func:`simulate_samples` draws them in the same order, so one
chunk seeded like the activity reproduces the activity's samples exactly.

The footprint is described in a local plane at the target (east, north, m; the
equirectangular approximation on a sphere of radius ``R_EARTH``, adequate for
footprints of a few hundred km).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okaeri.verification.analyses import MONTE_CARLO_OUTPUTS
from okaeri.verification.campaigns.execution import Advance, Execution, imap_chunks
from okaeri.verification.campaigns.streaming import PlaneMoments, TailSummary, tail_size

if TYPE_CHECKING:
    import numpy as np

    from okaeri.verification.activities import EntryMonteCarloActivity
    from okaeri.verification.project import Project

DEFAULT_PERCENTILES = (0.13, 1.0, 99.0, 99.87)
"""Percentiles kept for every output: the 3-sigma and 1 % tails on both sides."""


@dataclass(frozen=True)
class EntryDispersions:
    """The nominal entry and its dispersions: all a chunk needs (SI floats, picklable)."""

    nominal: Mapping[str, float]
    """Entry inputs by name (:func:`okaeri.verification.analyses.entry_input_values`)."""
    sigma_flight_path_angle: float = 0.0
    """1-sigma of the flight path angle (rad, additive)."""
    sigma_speed: float = 0.0
    """1-sigma of the entry speed (m/s, additive)."""
    sigma_mass: float = 0.0
    """1-sigma of the mass (relative)."""
    sigma_drag_coefficient: float = 0.0
    """1-sigma of the drag coefficient (relative)."""
    sigma_density: float = 0.0
    """1-sigma of the atmospheric density (relative)."""

    @classmethod
    def of(cls, project: Project, activity: EntryMonteCarloActivity | None = None
           ) -> EntryDispersions:
        """The evaluated project's entry and the activity's dispersions (3-sigma / 3).

        ``activity`` defaults to the project's first ``entry_monte_carlo`` activity.
        """
        from okaeri.units import si
        from okaeri.verification.activities import ActivityKind, EntryMonteCarloActivity
        from okaeri.verification.analyses import entry_input_values

        if activity is None:
            found = project.plan.of_kind(ActivityKind.ENTRY_MONTE_CARLO)
            if not found or not isinstance(found[0], EntryMonteCarloActivity):
                raise ValueError("the mission has no entry_monte_carlo activity")
            activity = found[0]
        d = activity.dispersions

        def sigma(value: Any) -> float:
            return 0.0 if value is None else si(value) / 3.0

        project.graph.evaluate()
        return cls(dict(entry_input_values(project.graph, project.mission)),
                   sigma(d.flight_path_angle), sigma(d.entry_speed), sigma(d.mass),
                   sigma(d.drag_coefficient), sigma(d.density))


def chunk_generator(seed: int, index: int) -> np.random.Generator:
    """The PCG64 generator of chunk ``index``: ``SeedSequence(seed).spawn(...)[index]``."""
    import numpy as np

    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed,
                                                                      spawn_key=(index,))))


def simulate_samples(d: EntryDispersions, rng: np.random.Generator, size: int,
                     parallel: bool = False) -> dict[str, Any]:
    """Draw ``size`` dispersed entries from ``rng`` and simulate them.

    Returns per-sample SI arrays of every :data:`MONTE_CARLO_OUTPUTS` name, with
    ``deploy_latitude`` and ``deploy_longitude`` (rad) and ``end_event``.
    """
    import numpy as np

    from okaeri.core import entry as core_entry
    from okaeri.core.constants import G0

    v = d.nominal
    fpa = v["flight_path_angle"] + rng.normal(0.0, d.sigma_flight_path_angle, size)
    speed = v["speed"] + rng.normal(0.0, d.sigma_speed, size)
    mass = v["mass"] * (1.0 + rng.normal(0.0, d.sigma_mass, size))
    cd = v["drag_coefficient"] * (1.0 + rng.normal(0.0, d.sigma_drag_coefficient, size))
    density = 1.0 + rng.normal(0.0, d.sigma_density, size)
    batch = core_entry.simulate_batch(
        mass=mass, reference_area=math.pi * v["diameter"] ** 2 / 4.0, drag_coefficient=cd,
        nose_radius=v["nose_radius"], lift_to_drag=v["lift_to_drag"],
        altitude=v["altitude"], latitude=v["latitude"], longitude=v["longitude"],
        speed=speed, flight_path_angle=fpa, heading=v["heading"], frame="inertial",
        density_factor=density, parallel=parallel,
        options=core_entry.EntryOptions(deploy_mach=v["trigger_mach"]))
    deployed = batch.end_event == "deploy"
    miss = core_entry.great_circle_distance(batch.deploy_latitude, batch.deploy_longitude,
                                            v["target_latitude"], v["target_longitude"])
    return {
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
        "end_event": batch.end_event,
    }


def footprint_offsets(latitude: Any, longitude: Any, target_latitude: float,
                      target_longitude: float) -> tuple[Any, Any]:
    """East and north offsets (m) of points (rad) from the target.

    The equirectangular projection on a sphere of radius ``R_EARTH`` (m)::

        east = R cos(lat_t) wrap(lon - lon_t),   north = R (lat - lat_t)

    with the longitude difference wrapped to [-pi, pi).
    """
    import numpy as np

    from okaeri.core.constants import R_EARTH

    dlon = (np.asarray(longitude) - target_longitude + math.pi) % (2.0 * math.pi) - math.pi
    east = R_EARTH * math.cos(target_latitude) * dlon
    north = R_EARTH * (np.asarray(latitude) - target_latitude)
    return east, north


@dataclass(frozen=True)
class ChunkTask:
    """One chunk of samples to simulate and reduce (picklable)."""

    dispersions: EntryDispersions
    seed: int
    index: int
    size: int
    k: int
    """Extremes kept on each side of each output."""


@dataclass(frozen=True)
class ChunkStatistics:
    """A chunk's (or the merged run's) statistics: mergeable, bounded in size."""

    outputs: dict[str, TailSummary]
    footprint: PlaneMoments
    """East/north offsets (m) of the deployed samples from the target."""
    end_events: dict[str, int] = field(default_factory=dict)
    """How many trajectories ended by each event (``deploy``, ``ground``, ``skip``...)."""

    def merge(self, other: ChunkStatistics) -> ChunkStatistics:
        """Statistics of both (exact tails, pairwise moments)."""
        events = dict(self.end_events)
        for name, count in other.end_events.items():
            events[name] = events.get(name, 0) + count
        return ChunkStatistics({k: s.merge(other.outputs[k]) for k, s in self.outputs.items()},
                               self.footprint.merge(other.footprint), dict(sorted(events.items())))


def summarise_chunk(task: ChunkTask) -> ChunkStatistics:
    """Simulate one chunk (single-threaded) and reduce it: the function workers run."""
    import numpy as np

    samples = simulate_samples(task.dispersions, chunk_generator(task.seed, task.index),
                               task.size)
    v = task.dispersions.nominal
    deployed = samples["end_event"] == "deploy"
    east, north = footprint_offsets(samples["deploy_latitude"][deployed],
                                    samples["deploy_longitude"][deployed],
                                    v["target_latitude"], v["target_longitude"])
    events, counts = np.unique(samples["end_event"], return_counts=True)
    return ChunkStatistics(
        {name: TailSummary.of(samples[name], task.k) for name in MONTE_CARLO_OUTPUTS},
        PlaneMoments.of(east, north),
        {str(e): int(c) for e, c in zip(events, counts, strict=True)})


@dataclass(frozen=True)
class MonteCarloRun:
    """The settings and merged statistics of a run."""

    samples: int
    seed: int
    chunk_size: int
    confidence: float
    percentiles: tuple[float, ...]
    statistics: ChunkStatistics

    def summary(self) -> dict[str, Any]:
        """JSON-ready: per output mean, std, min, max, percentiles with their one-sided
        bounds (upper above P50, lower below; ``None`` when the samples are too few);
        the footprint's mean, covariance and 3-sigma ellipse (m, rad)."""
        outputs = {}
        for name, tails in self.statistics.outputs.items():
            rows = {}
            for p in self.percentiles:
                bound = (tails.upper_bound(p, self.confidence) if p >= 50.0
                         else tails.lower_bound(p, self.confidence))
                rows[f"P{p:g}"] = {"value": _json(tails.percentile(p)), "bound": _json(bound),
                                   "side": "upper" if p >= 50.0 else "lower"}
            outputs[name] = {"unit": MONTE_CARLO_OUTPUTS[name], "samples": tails.count,
                             "nan": tails.nan, "finite": tails.finite,
                             "mean": _json(tails.mean), "std": _json(tails.std),
                             "min": _json(tails.minimum), "max": _json(tails.maximum),
                             "percentiles": rows}
        fp = self.statistics.footprint
        major, minor, angle = fp.ellipse(3.0)
        return {
            "samples": self.samples, "seed": self.seed, "chunk_size": self.chunk_size,
            "confidence": self.confidence, "outputs": outputs,
            "end_events": self.statistics.end_events,
            "footprint": {"points": fp.count, "mean_east_m": _json(fp.mean[0]),
                          "mean_north_m": _json(fp.mean[1]),
                          "covariance_m2": [_json(c) for c in fp.covariance()],
                          "ellipse_3sigma": {"semi_major_m": _json(major),
                                             "semi_minor_m": _json(minor),
                                             "angle_from_east_rad": _json(angle)}},
        }


def _json(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def chunk_tasks(d: EntryDispersions, samples: int, seed: int, chunk_size: int, k: int
                ) -> list[ChunkTask]:
    """The chunks of a run: ``ceil(samples / chunk_size)``, the last one shorter."""
    if samples < 1 or chunk_size < 1:
        raise ValueError(f"samples and chunk_size must be 1 or more, got {samples} and "
                         f"{chunk_size}")
    count = -(-samples // chunk_size)
    return [ChunkTask(d, seed, i, min(chunk_size, samples - i * chunk_size), k)
            for i in range(count)]


def run_monte_carlo(d: EntryDispersions, samples: int, seed: int, *,
                    chunk_size: int = 10_000,
                    percentiles: tuple[float, ...] = DEFAULT_PERCENTILES,
                    confidence: float = 0.9, execution: Execution | None = None,
                    progress: Advance | None = None) -> MonteCarloRun:
    """Simulate ``samples`` dispersed entries in chunks and merge their statistics.

    The same ``seed`` and ``chunk_size`` give the same statistics, bit for bit, on any
    number of local processes or Dask workers.
    """
    k = tail_size(samples, percentiles, confidence)
    merged: ChunkStatistics | None = None
    for part in imap_chunks(summarise_chunk, chunk_tasks(d, samples, seed, chunk_size, k),
                            execution=execution, progress=progress):
        merged = part if merged is None else merged.merge(part)
    if merged is None:  # pragma: no cover - chunk_tasks makes at least one chunk
        raise ValueError("no samples")
    return MonteCarloRun(samples, seed, chunk_size, confidence, tuple(percentiles), merged)
