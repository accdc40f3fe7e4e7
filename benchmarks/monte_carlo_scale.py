"""Benchmark of the entry Monte Carlo at scale: a million samples in bounded memory.

Scenario: the reference mission's entry (LSR-1 capsule, the Monte Carlo activity's
declared dispersions: entry state, mass, drag, density profile, jet stream, sensors and
parachutes; flown to the ground), run by :func:`okaeri.verification.campaigns.monte_carlo` in seeded
chunks with streaming statistics (each chunk drawn and simulated by the entry Monte Carlo
analysis's own function, :func:`okaeri.analysis.entry_runs.simulate_dispersed`).

Measures:

1. ``local``: ``--samples`` (default 1,000,000) on the local process pool (one process
   per core): wall time, throughput, the parent's peak RSS and peak traced Python memory
   (tracemalloc), each worker's peak RSS (reported by the worker), and the statistics
   (P99.87 peak heat flux with its 90 % upper bound, P99 landing miss distance, the
   footprint's 3-sigma ellipse);
2. ``hardware_parallelism``: the baseline the workers' scaling is judged against: the
   kernel's throughput on one process alone and on two processes at once (on a machine
   whose two vCPUs share one physical core, or that other work loads, two processes
   are no faster than one, and neither are two workers);
3. ``dask``: ``--scaling-samples`` (default 200,000) on a Dask LocalCluster of 1 and of 2
   single-threaded workers, alternated ``--repeat`` times (default 3) with the machine's
   parallelism measured before each pair: wall time including the cluster's start, and
   the steady throughput between the end of the first chunk and of the last (as the
   workers' clocks say), with the median speed-up; every run's statistics are compared
   for equality (they must be identical).

Prints one JSON document. Run by hand (about six minutes on two cores)::

    python benchmarks/monte_carlo_scale.py [--samples 1000000] [--chunk 10000]
        [--scaling-samples 200000] [--repeat 3] [--no-local] [--no-dask]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from typing import Any

from okaeri.verification import load_project
from okaeri.verification.campaigns.execution import Execution, imap_chunks, map_chunks
from okaeri.verification.campaigns.monte_carlo import (
    DEFAULT_PERCENTILES,
    ChunkStatistics,
    ChunkTask,
    MonteCarloCase,
    MonteCarloRun,
    chunk_tasks,
    summarise_chunk,
)
from okaeri.verification.campaigns.streaming import tail_size

SEED = 20261124
CONFIDENCE = 0.9


def measured_chunk(task: ChunkTask) -> tuple[ChunkStatistics, int, float]:
    """A chunk's statistics, this worker's peak RSS (kB) and the wall-clock time it
    finished (``time.time``: comparable across processes of one machine)."""
    stats = summarise_chunk(task)
    return stats, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.time()


def kernel_rate(task: ChunkTask) -> float:
    """Samples per second of one chunk on this process (the first call compiled before)."""
    summarise_chunk(ChunkTask(task.case, task.seed, task.index, 10, task.k))
    start = time.perf_counter()
    summarise_chunk(task)
    return task.size / (time.perf_counter() - start)


def hardware_parallelism(case: MonteCarloCase, size: int) -> dict[str, Any]:
    """The machine's own scaling, the baseline of the workers': one chunk alone on one
    process, then one chunk on each of two processes at the same time (plain processes,
    no Dask)."""
    tasks = chunk_tasks(case, 2 * size, SEED, size, 1)
    alone = kernel_rate(tasks[0])
    together = map_chunks(kernel_rate, tasks, execution=Execution(workers=2))
    return {"one_process_samples_per_s": round(alone),
            "two_processes_samples_per_s": round(sum(together)),
            "speedup": round(sum(together) / alone, 2)}


def run(case: MonteCarloCase, samples: int, chunk: int, execution: Execution
        ) -> dict[str, Any]:
    k = tail_size(samples, DEFAULT_PERCENTILES, CONFIDENCE)
    tasks = chunk_tasks(case, samples, SEED, chunk, k)
    start = time.perf_counter()
    merged: ChunkStatistics | None = None
    worker_rss: list[int] = []
    finished: list[float] = []
    for stats, rss, when in imap_chunks(measured_chunk, tasks, execution=execution):
        finished.append(when)
        worker_rss.append(rss)
        merged = stats if merged is None else merged.merge(stats)
    wall = time.perf_counter() - start
    if merged is None:
        raise RuntimeError("no chunk ran")
    # steady state: the samples of the chunks that finished after the first one, over
    # the time from the first chunk's end to the last's (leaves out start-up and the
    # first compiled call of each worker, approximately)
    finished.sort()
    steady = ((samples - tasks[0].size) / (finished[-1] - finished[0])
              if len(finished) > 1 and finished[-1] > finished[0] else None)
    summary = MonteCarloRun(samples, SEED, chunk, CONFIDENCE, DEFAULT_PERCENTILES,
                            merged).summary()
    return {
        "samples": samples, "chunk_size": chunk, "chunks": len(tasks),
        "tail_kept_per_side": k, "execution": execution.describe(),
        "wall_s": round(wall, 2), "samples_per_s": round(samples / wall),
        "steady_samples_per_s": round(steady) if steady else None,
        "worker_peak_rss_MiB": round(max(worker_rss) / 1024, 1),
        "summary": summary,
    }


def headline(result: dict[str, Any]) -> dict[str, Any]:
    out = result["summary"]["outputs"]
    heat = out["peak_heat_flux_total"]["percentiles"]["P99.87"]
    miss = out["landing_miss_distance"]["percentiles"]["P99"]
    ellipse = result["summary"]["footprint"]["ellipse_3sigma"]
    return {
        "P99.87_peak_heat_flux_MW_m2": heat["value"] / 1e6,
        "P99.87_peak_heat_flux_90pc_upper_bound_MW_m2": heat["bound"] / 1e6,
        "P99_landing_miss_km": miss["value"] / 1e3,
        "P99_landing_miss_90pc_upper_bound_km": miss["bound"] / 1e3,
        "footprint_3sigma_semi_axes_km": [ellipse["semi_major_m"] / 1e3,
                                          ellipse["semi_minor_m"] / 1e3],
        "end_events": result["summary"]["end_events"],
    }


def dask_scaling(case: MonteCarloCase, samples: int, chunk: int, repeat: int
                 ) -> dict[str, Any]:
    """1 and 2 Dask workers, alternated ``repeat`` times (the machine's load changes from
    minute to minute), each pair after a measure of the machine's own parallelism;
    medians of the steady throughput."""
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    baselines = []
    for _ in range(repeat):
        baselines.append(hardware_parallelism(case, chunk)["speedup"])
        for workers in (1, 2):
            runs[workers].append(run(case, samples, chunk,
                                     Execution(dask=f"local:{workers}")))
    one = statistics.median(r["steady_samples_per_s"] for r in runs[1])
    two = statistics.median(r["steady_samples_per_s"] for r in runs[2])
    summaries = [r["summary"] for r in runs[1] + runs[2]]
    return {
        "samples": samples, "chunk_size": chunk, "repeats": repeat,
        "steady_samples_per_s_1_worker": [r["steady_samples_per_s"] for r in runs[1]],
        "steady_samples_per_s_2_workers": [r["steady_samples_per_s"] for r in runs[2]],
        "wall_s_1_worker": [r["wall_s"] for r in runs[1]],
        "wall_s_2_workers": [r["wall_s"] for r in runs[2]],
        "worker_peak_rss_MiB": max(r["worker_peak_rss_MiB"] for r in runs[1] + runs[2]),
        "median_speedup_steady": round(two / one, 2),
        "hardware_speedup_before_each_pair": baselines,
        "identical_statistics": all(s == summaries[0] for s in summaries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument("--scaling-samples", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-local", action="store_true")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()

    project = load_project()
    case = MonteCarloCase.of(project)
    report: dict[str, Any] = {
        "benchmark": "monte_carlo_scale",
        "python": sys.version.split()[0], "platform": platform.platform(),
        "cpu_count": os.cpu_count(), "load_average_at_start": os.getloadavg(),
    }
    if not args.no_local:
        report["hardware_parallelism"] = hardware_parallelism(case, args.chunk)
        tracemalloc.start()
        local = run(case, args.samples, args.chunk, Execution())
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        local["parent_peak_traced_MiB"] = round(traced_peak / 2**20, 1)
        local["parent_peak_rss_MiB"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        report["local"] = {**{k: v for k, v in local.items() if k != "summary"},
                           "results": headline(local)}
    if not args.no_dask:
        report["dask"] = dask_scaling(case, args.scaling_samples, args.chunk, args.repeat)
    report["load_average_at_end"] = os.getloadavg()
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
