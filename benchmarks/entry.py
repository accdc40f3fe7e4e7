"""Benchmark of the entry simulation: one trajectory, 10,000 dispersed ones, first-call cost.

Scenario: a Stardust-class ballistic capsule (45.8 kg, 0.81 m diameter, nose radius
0.22 m, Cd 1.0) entering at 125 km with 12.9 km/s and -8.2 deg (inertial).

* **before** (the options of the first Monte Carlo): to parachute deployment by an ideal
  Mach 0.8 and 5 kPa sensor. Dispersions (3 sigma, Gaussian): flight path angle
  +-0.3 deg, speed +-10 m/s, mass +-2 %, Cd +-5 %, density +-15 % (one factor).
* **after** (the full dispersed entry to the ground): the entry state from per-axis
  3-sigma values (also heading +-0.1 deg, latitude and longitude +-0.01 deg), Cd against
  Mach dispersed +-5 %, altitude-correlated density profiles (Gauss-Markov, 5 km, on a
  2.5 km grid),
  deployment by a 3 g switch (+-5 %, armed at 10 g) after the peak and a 10 s timer
  (+-0.3 s), drogue
  (0.5 m^2) then main (35 m^2, at 3 km) to the ground through a dispersed jet stream.

Prints one JSON document. Run by hand::

    python benchmarks/entry.py [--samples 10000] [--repeat 5]
        [--amat-python PYTHON --amat-harness amat_entry.py --amat-atmosphere FILE]

With the AMAT options (or the environment variables AMAT_PYTHON, AMAT_HARNESS and
AMAT_EARTH_ATM), AMAT's Monte Carlo (the peer harness, a serial Python loop) is run in
the same session and its trajectories per second are quoted with the ratios. The
first-call cost is measured in fresh interpreters: once with an empty numba cache
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
from _machine import machine

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
import json, math, sys, time
sys.path.insert(0, {here!r})
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
from entry import full_dispersions
entry.simulate_batch(**full_dispersions(2, 1))
t5 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "first_simulate_s": t2 - t1,
                  "first_batch_parallel_s": t3 - t2, "first_batch_serial_s": t4 - t3,
                  "first_batch_full_dispersions_s": t5 - t4,
                  "total_s": t5 - t0}}))
"""


def _first_call(cache_dir: str) -> dict[str, float]:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    here = os.path.dirname(os.path.abspath(__file__))
    code = _CHILD.format(scenario=json.dumps(SCENARIO), here=here)
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


def full_dispersions(n: int, seed: int) -> dict[str, Any]:
    """Inputs of :func:`okaeri.core.entry.simulate_batch` for the *after* scenario."""
    from okaeri.core import dispersions
    from okaeri.core.entry import EntryOptions

    rng = np.random.default_rng(seed)
    nominal = [SCENARIO["flight_path_angle"], SCENARIO["speed"], SCENARIO["heading"],
               SCENARIO["latitude"], SCENARIO["longitude"]]
    sigma3 = [math.radians(0.3), 10.0, math.radians(0.1), math.radians(0.01),
              math.radians(0.01)]
    state = dispersions.entry_state_samples(rng, n, nominal, sigma3=sigma3)
    grid = np.arange(0.0, 127.5e3, 2500.0)  # L/2: finer grids cost steps, not accuracy
    wind_grid = np.arange(0.0, 40e3, 500.0)
    east, north = dispersions.jet_stream_winds(
        wind_grid, np.clip(rng.normal(45.0, 15.0, n), 0.0, None),
        np.radians(rng.normal(270.0, 20.0, n)))
    return dict(
        SCENARIO, **state,
        mass=SCENARIO["mass"] * (1.0 + rng.normal(0.0, 0.02 / 3.0, n)),
        drag_coefficient=SCENARIO["drag_coefficient"] * (1.0 + rng.normal(0.0, 0.05 / 3.0, n)),
        drag_coefficient_mach=MACH_TABLE,
        density_profile=(grid, dispersions.density_perturbations(rng, n, grid)),
        wind_profile=(wind_grid, east, north),
        g_switch_level=3.0 * 9.80665 * (1.0 + rng.normal(0.0, 0.05 / 3.0, n)),
        g_switch_arm_level=10.0 * 9.80665,
        deploy_delay=10.0 + rng.normal(0.0, 0.1, n),
        drogue_drag_area=0.5, main_drag_area=35.0, main_deploy_altitude=3000.0,
        options=EntryOptions(deploy_trigger="g_switch", descent=True),
    )


MACH_TABLE = ([0.0, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0, 5.0, 10.0],
              [0.62, 0.65, 0.80, 1.00, 1.15, 1.30, 1.38, 1.43, 1.47, 1.47])
"""Drag coefficient against Mach of a 60 deg sphere-cone (see okaeri.core.flown_entries)."""


def _amat(args: argparse.Namespace) -> dict[str, Any]:
    """AMAT's Monte Carlo trajectories per second from its peer harness, or why not."""
    python = args.amat_python or os.environ.get("AMAT_PYTHON")
    harness = args.amat_harness or os.environ.get("AMAT_HARNESS")
    if not python or not harness:
        return {"skipped": "no --amat-python/--amat-harness (or AMAT_PYTHON/AMAT_HARNESS)"}
    command = [python, harness, "--n-mc", str(args.amat_samples), "--repeats", "5"]
    atmosphere = args.amat_atmosphere or os.environ.get("AMAT_EARTH_ATM")
    if atmosphere:
        command += ["--atm-file", atmosphere]
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"skipped": f"AMAT harness failed: {out.stderr.strip()[-300:]}"}
    doc = json.loads(out.stdout)
    mc = doc["cases"]["stardust_like"]["monte_carlo"]
    return {"version": doc.get("amat_version"), "python": doc.get("python"),
            "samples": mc["N"], "method": mc["method"],
            "trajectories_per_s": mc["trajectories_per_s"]}


def _rate(inputs: dict[str, Any], repeat: int, parallel: bool) -> tuple[float, Any]:
    from okaeri.core import entry

    times = []
    batch = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        batch = entry.simulate_batch(**inputs, parallel=parallel)
        times.append(time.perf_counter() - t0)
    n = len(batch) if batch is not None else 0
    return n / statistics.median(times), batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--amat-python", default=None)
    parser.add_argument("--amat-harness", default=None)
    parser.add_argument("--amat-atmosphere", default=None)
    parser.add_argument("--amat-samples", type=int, default=100)
    args = parser.parse_args()
    if args.repeat < 1:
        raise SystemExit("--repeat must be at least 1")

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

    inputs = dict(_dispersed(args.samples, seed=2024), options=options)
    full = full_dispersions(args.samples, seed=2024)
    entry.simulate_batch(**full_dispersions(2, 1))  # warm-up
    rates = {}
    for label, case in (("before", inputs), ("after", full)):
        for mode in ("parallel", "serial"):
            rates[f"{label}_{mode}"], result = _rate(case, args.repeat, mode == "parallel")
            if label == "before":
                batch = result
            else:
                after_batch = result
    amat = _amat(args)
    events, counts = np.unique(batch.end_event, return_counts=True)
    after_events, after_counts = np.unique(after_batch.end_event, return_counts=True)
    s = trajectory.summary
    report = {
        "benchmark": "entry",
        "scenario": "Stardust-class capsule to parachute deployment (Mach 0.8, 5 kPa)",
        "machine": {
            **machine(),
            "numba_threads": numba.get_num_threads(),
            "python": platform.python_version(),
            "numba": numba.__version__,
            "numpy": np.__version__,
        },
        "method": "Dormand-Prince 5(4), rtol "
        f"{options.rtol:g}, numba njit(cache=True); batch in chunks on numba's threads",
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
        "batch_samples": args.samples,
        "trajectories_per_s": rates,
        "after_over_before_parallel": rates["after_parallel"] / rates["before_parallel"],
        "amat": amat,
        "ratio_vs_amat": ({k: v / amat["trajectories_per_s"] for k, v in rates.items()}
                          if "trajectories_per_s" in amat else None),
        "batch_mean_steps": float(np.mean(batch.steps)),
        "after_end_events": {str(e): int(c) for e, c in
                             zip(after_events, after_counts, strict=True)},
        "after_landing_drift_m_p99": float(np.nanpercentile(after_batch.drift, 99)),
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
