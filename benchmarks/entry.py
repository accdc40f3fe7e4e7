"""Benchmark of the entry simulation: one trajectory, 10,000 dispersed ones, first-call cost.

Scenario: a Stardust-class ballistic capsule (45.8 kg, 0.81 m diameter, nose radius
0.22 m, Cd 1.0) entering at 125 km with 12.9 km/s and -8.2 deg (inertial), to parachute
deployment (Mach 0.8 and 5 kPa). Dispersions (3 sigma, Gaussian): flight path angle
+-0.3 deg, speed +-10 m/s, mass +-2 %, Cd +-5 %, density +-15 %.

Prints one JSON document. Run by hand::

    python benchmarks/entry.py [--samples 10000] [--repeat 5]

The first-call cost is measured in fresh interpreters: once with an empty numba cache
directory (compilation) and once more with the cache that run left (cache load).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import numpy as np

SCENARIO: dict[str, Any] = {
    "mass": 45.8,
    "reference_area": math.pi * 0.81**2 / 4.0,
    "drag_coefficient": 1.0,
    "nose_radius": 0.22,
    "altitude": 125.0e3,
    "latitude": math.radians(40.0),
    "longitude": math.radians(-123.0),
    "speed": 12.9e3,
    "flight_path_angle": math.radians(-8.2),
    "heading": math.radians(100.0),
    "frame": "inertial",
}

_CHILD = """
import json, math, time
t0 = time.perf_counter()
from okaeri.core import entry
t1 = time.perf_counter()
options = entry.EntryOptions(deploy_mach=0.8, deploy_dynamic_pressure=5000.0)
scenario = json.loads({scenario!r})
entry.simulate(**scenario, options=options)
t2 = time.perf_counter()
entry.simulate_batch(**scenario, options=options)
t3 = time.perf_counter()
entry.simulate_batch(**scenario, options=options, parallel=False)
t4 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "first_simulate_s": t2 - t1,
                  "first_batch_parallel_s": t3 - t2, "first_batch_serial_s": t4 - t3}}))
"""


def _first_call(cache_dir: str) -> dict[str, float]:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    code = _CHILD.format(scenario=json.dumps(SCENARIO))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _dispersed(n: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    inputs = dict(SCENARIO)
    inputs["flight_path_angle"] = SCENARIO["flight_path_angle"] + np.radians(
        rng.normal(0.0, 0.1, n))
    inputs["speed"] = SCENARIO["speed"] + rng.normal(0.0, 10.0 / 3.0, n)
    inputs["mass"] = SCENARIO["mass"] * (1.0 + rng.normal(0.0, 0.02 / 3.0, n))
    inputs["drag_coefficient"] = SCENARIO["drag_coefficient"] * (
        1.0 + rng.normal(0.0, 0.05 / 3.0, n))
    inputs["density_factor"] = 1.0 + rng.normal(0.0, 0.15 / 3.0, n)
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        cold = _first_call(cache)
        warm = _first_call(cache)

    import numba

    from okaeri.core import entry

    options = entry.EntryOptions(deploy_mach=0.8, deploy_dynamic_pressure=5000.0)
    entry.simulate(**SCENARIO, options=options)  # warm-up (cache load or compile)
    entry.simulate_batch(**SCENARIO, options=options)
    entry.simulate_batch(**SCENARIO, options=options, parallel=False)

    single = []
    for _ in range(200):
        t0 = time.perf_counter()
        trajectory = entry.simulate(**SCENARIO, options=options)
        single.append(time.perf_counter() - t0)
    kernel_only = []
    for _ in range(200):
        t0 = time.perf_counter()
        entry.simulate_batch(**SCENARIO, options=options, parallel=False)
        kernel_only.append(time.perf_counter() - t0)

    inputs = _dispersed(args.samples, seed=2024)
    timings: dict[str, list[float]] = {"parallel": [], "serial": []}
    batch = None
    for _ in range(args.repeat):
        for mode in ("parallel", "serial"):
            t0 = time.perf_counter()
            batch = entry.simulate_batch(**inputs, options=options,
                                         parallel=mode == "parallel")
            timings[mode].append(time.perf_counter() - t0)
    if batch is None:
        raise SystemExit("--repeat must be at least 1")
    events, counts = np.unique(batch.end_event, return_counts=True)
    s = trajectory.summary
    report = {
        "benchmark": "entry",
        "scenario": "Stardust-class capsule to parachute deployment (Mach 0.8, 5 kPa)",
        "machine": {
            "cpu_count": os.cpu_count(),
            "numba_threads": numba.get_num_threads(),
            "python": platform.python_version(),
            "numba": numba.__version__,
            "numpy": np.__version__,
        },
        "method": "Dormand-Prince 5(4), rtol "
        f"{options.rtol:g}, numba njit(cache=True); batch with prange",
        "first_call_cold_cache_s": cold,
        "first_call_warm_cache_s": warm,
        "single_trajectory_with_history_ms": {
            "median": statistics.median(single) * 1e3,
            "min": min(single) * 1e3,
        },
        "single_trajectory_summary_only_ms": {
            "median": statistics.median(kernel_only) * 1e3,
            "min": min(kernel_only) * 1e3,
        },
        "single_trajectory_steps": s.steps,
        "single_trajectory_rhs_evaluations": s.rhs_evaluations,
        f"batch_{args.samples}_parallel_s": {
            "median": statistics.median(timings["parallel"]),
            "min": min(timings["parallel"]),
        },
        f"batch_{args.samples}_serial_s": {
            "median": statistics.median(timings["serial"]),
            "min": min(timings["serial"]),
        },
        "batch_mean_steps": float(np.mean(batch.steps)),
        "batch_end_events": {str(e): int(c) for e, c in zip(events, counts, strict=True)},
        "nominal": {
            "peak_heat_flux_total_W_m2": s.peak_heat_flux_total,
            "peak_deceleration_g": s.peak_deceleration_g,
            "heat_load_total_J_m2": s.heat_load_total,
            "deploy_time_s": s.deploy_time,
            "deploy_altitude_m": s.deploy_altitude,
        },
        "batch_percentiles": {
            "peak_heat_flux_total_W_m2_p99.87": float(
                np.percentile(batch.peak_heat_flux_total, 99.87)),
            "peak_deceleration_g_p99.87": float(np.percentile(batch.peak_deceleration_g, 99.87)),
        },
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
