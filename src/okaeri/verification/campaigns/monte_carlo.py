"""The entry Monte Carlo at scale: seeded chunks, streaming statistics, any executor.

:func:`run_monte_carlo` splits ``samples`` into chunks of ``chunk_size``; chunk ``i``
draws its samples from its own stream, ``SeedSequence(seed, spawn_key=(i,))`` (the
``i``-th child of ``SeedSequence(seed).spawn``, :func:`okaeri.analysis.entry_runs.sample_stream`),
so a sample's value depends on the seed, the chunk size and its index only: not on the
number of workers, nor on the order chunks complete in. Each chunk is drawn and simulated
by the entry Monte Carlo analysis's own function
(:func:`okaeri.analysis.entry_runs.simulate_dispersed`: the same dispersion model, drawn in
one place) and reduced on its worker to a :class:`ChunkStatistics` (moments and the exact
tails of every output, footprint moments); chunks are merged in index order. Memory is
one chunk's samples per worker plus ``O(k)`` per output
(:func:`~okaeri.verification.campaigns.streaming.tail_size`).

A chunk of index ``None`` draws from the analysis's own stream, ``SeedSequence(seed)``:
one such chunk of the activity's seed and sample count reproduces the verification's
samples bit for bit (:func:`activity_chunk`), and its bounds are the runner's.

The footprint is described in a local plane at the target (east, north, m; the
equirectangular approximation on a sphere of radius ``R_EARTH``, adequate for
footprints of a few hundred km).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okaeri.analysis.entry_runs import ENTRY_MONTE_CARLO
from okaeri.verification.campaigns.execution import Advance, Execution, imap_chunks
from okaeri.verification.campaigns.streaming import PlaneMoments, TailSummary, tail_size

if TYPE_CHECKING:
    from okaeri.verification.project import Project

DEFAULT_PERCENTILES = (0.13, 1.0, 99.0, 99.87)
"""Percentiles kept for every output: the 3-sigma and 1 % tails on both sides."""


@dataclass(frozen=True)
class MonteCarloCase:
    """The nominal entry and the dispersions of a mission's Monte Carlo: all a chunk needs
    (plain data, picklable to any worker)."""

    nominal: Mapping[str, float]
    """SI value of each input port of ``entry.monte_carlo`` (mass, speed, ...)."""
    dispersions: Mapping[str, Any]
    """The activity's dispersions as written (``{"mass": "2 %", ...}``), validated again
    by :class:`~okaeri.analysis.entry_runs.Dispersions` where a chunk runs."""
    samples: int
    """The activity's sample count."""
    seed: int
    """The activity's seed."""
    model: Mapping[str, Any] = field(default_factory=dict)
    """The entering vehicle's trigger and drag curve as the analysis's settings hold them
    (:meth:`okaeri.analysis.entry_setup.EntryModel.settings`)."""

    @classmethod
    def of(cls, project: Project) -> MonteCarloCase:
        """The Monte Carlo of ``project``'s activity running ``entry.monte_carlo``, at the
        graph's current values (computed as needed).

        Raises :class:`ValueError` when no activity runs it.
        """
        use = next((u for u in project.uses if u.analysis.name == ENTRY_MONTE_CARLO.name),
                   None)
        if use is None or use.settings is None:
            raise ValueError(f"no verification activity of the mission runs "
                             f"'{ENTRY_MONTE_CARLO.name}'")
        node = project.graph.node(use.key)
        nominal = {port: project.graph.value(key)
                   for port, key in zip(node.ports, node.inputs, strict=True)}
        settings = use.settings
        identity = node.identity
        model = dict(identity.settings["model"]) if identity is not None else {}
        return cls(nominal, settings.dispersions.model_dump(mode="json", exclude_none=True),
                   settings.samples, settings.seed, model)


def simulate_chunk(case: MonteCarloCase, seed: int, index: int | None, size: int,
                   parallel: bool = False) -> Any:
    """The samples of one chunk (:class:`~okaeri.analysis.entry_runs.DispersedEntries`):
    ``size`` entries drawn from stream ``index`` of ``seed`` (``None``: the analysis's
    own stream)."""
    from okaeri.analysis.entry_runs import Dispersions, sample_stream, simulate_dispersed
    from okaeri.analysis.entry_setup import EntryModel

    model = EntryModel.from_settings(case.model) if case.model else EntryModel()
    return simulate_dispersed(case.nominal, Dispersions.model_validate(case.dispersions),
                              sample_stream(seed, index), size, model, parallel=parallel)


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

    case: MonteCarloCase
    seed: int
    index: int | None
    """The chunk's stream (``None``: the analysis's own, see :func:`simulate_chunk`)."""
    size: int
    k: int
    """Extremes kept on each side of each output."""


@dataclass(frozen=True)
class ChunkStatistics:
    """A chunk's (or the merged run's) statistics: mergeable, bounded in size."""

    outputs: dict[str, TailSummary]
    footprint: PlaneMoments
    """East/north offsets (m) of the landing points from the target."""
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

    entries = simulate_chunk(task.case, task.seed, task.index, task.size)
    samples = entries.outputs
    nominal = task.case.nominal
    landed = np.isfinite(samples["landing_latitude"])
    east, north = footprint_offsets(samples["landing_latitude"][landed],
                                    samples["landing_longitude"][landed],
                                    nominal["target_latitude"], nominal["target_longitude"])
    events, counts = np.unique(entries.end_event, return_counts=True)
    return ChunkStatistics(
        {name: TailSummary.of(samples[name], task.k) for name in ENTRY_MONTE_CARLO.outputs},
        PlaneMoments.of(east, north),
        {str(e): int(c) for e, c in zip(events, counts, strict=True)})


def activity_chunk(case: MonteCarloCase, k: int | None = None) -> ChunkTask:
    """The verification activity's Monte Carlo as one chunk (its seed, its sample count,
    the analysis's own stream); ``k`` defaults to every sample."""
    return ChunkTask(case, case.seed, None, case.samples, k or case.samples)


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
            outputs[name] = {"unit": ENTRY_MONTE_CARLO.outputs[name].unit,
                             "samples": tails.count,
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


def chunk_tasks(case: MonteCarloCase, samples: int, seed: int, chunk_size: int, k: int
                ) -> list[ChunkTask]:
    """The chunks of a run: ``ceil(samples / chunk_size)``, the last one shorter."""
    if samples < 1 or chunk_size < 1:
        raise ValueError(f"samples and chunk_size must be 1 or more, got {samples} and "
                         f"{chunk_size}")
    count = -(-samples // chunk_size)
    return [ChunkTask(case, seed, i, min(chunk_size, samples - i * chunk_size), k)
            for i in range(count)]


def run_monte_carlo(case: MonteCarloCase, samples: int, seed: int, *,
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
    for part in imap_chunks(summarise_chunk, chunk_tasks(case, samples, seed, chunk_size, k),
                            execution=execution, progress=progress):
        merged = part if merged is None else merged.merge(part)
    if merged is None:  # pragma: no cover - chunk_tasks makes at least one chunk
        raise ValueError("no samples")
    return MonteCarloRun(samples, seed, chunk_size, confidence, tuple(percentiles), merged)
