"""Scale of the budgets: a generated mission with 10,000 components and 1,000 expressions,
and OpenMDAO on the same roll-up in the same run.

The reference mission's OTV gets 10,000 more components in 100 assemblies (written as
YAML, as a systems engineer would), 1,000 of them with a derived basic mass
(``"= 0.5 * otv.part_00012.basic_mass + 0.1 [kg]"``); as in the peer harness, one
component in ten gives its mass in pounds and one in ten in grams. Measured, each as the
median of several runs:

- load the YAML files, build the dependency graph and evaluate all budgets (mass with
  the growth policy, delta-v, propellant with the tank loop, heat load with the nominal
  entry, the declared power budgets, and the available system margin found by
  re-solving the graph), with the garbage collector set as the ``okaeri`` command sets
  it (:data:`okaeri.cli.GC_THRESHOLD`); ``load_build_evaluate_default_gc_s`` is one run
  with Python's defaults, as a script calling the API directly gets;
- change one component's basic mass and re-evaluate: how many nodes are recomputed
  (only those downstream of it) and how long it takes.

The peer is OpenMDAO on the work okaeri's mass roll-up does: 10,000 unit-checked basic
masses (kg, lbm, g), growth by equipment category, subsystem and system totals, the
system margin and the propellant/tank sizing loop (``openmdao_budget.py`` in the shared
peers folder, documented in ``OPENMDAO.md`` beside it). With ``--openmdao-python`` and
``--openmdao-harness`` (or the environment variables ``OPENMDAO_PYTHON`` and
``OPENMDAO_HARNESS``) each of its configurations runs once, in its own process, in the
same run, and the JSON gives the ratios:

- ``openmdao_setup_run_over_okaeri``: OpenMDAO's setup (construct, ``setup()``,
  ``final_setup()``) plus its first ``run_model()``, over okaeri's load + build +
  evaluate. okaeri's figure includes parsing the YAML and every other budget, which the
  peer does not do; neither includes importing the package.
- ``openmdao_setup_over_okaeri``: OpenMDAO's setup alone over the same okaeri figure
  (issue 17 asks for at least 10).
- ``openmdao_setup_over_okaeri_cache_warm``: the same over okaeri's figure with its cache
  warm (``cache_warm``: the YAML files' parsed forms and the analyses' results read back,
  as a second ``okaeri budget`` of an unchanged mission does). Both caches remove work
  the peer does not do (it parses no file and runs no trajectory analysis); validating
  the 10,000 components, building the graph and evaluating every roll-up remain.
- ``openmdao_rerun_over_okaeri``: OpenMDAO's re-run after one mass changes (it re-runs
  the whole model) over okaeri's incremental re-evaluation.

Targets: load + build + evaluate in at most 2 s on the 2-core reference machine (issue 5);
at least 10 times faster than OpenMDAO's idiomatic setup (issue 17).
Run: ``python benchmarks/budgets.py [--openmdao-python PY --openmdao-harness FILE]``
(prints JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from _machine import machine

COMPONENTS = 10_000
EXPRESSIONS = 1_000
ASSEMBLIES = 100
REPEATS = 3
POUND_KG = 0.45359237  # exact (international avoirdupois pound)
OPENMDAO_IMPLS = ("om-subsystem", "om-subsystem-no-partials", "om-granular", "om-vector")
"""The peer's configurations (``OPENMDAO.md``): idiomatic (one component per subsystem),
the same without partials, one system per component, and one vector in kg (its floor,
which gives up per-item units)."""


def _mass_text(i: int, kg: float) -> str:
    """The basic mass of generated part ``i``: in kg, lb (i % 10 == 3) or g (i % 10 == 7)."""
    if i % 10 == 3:
        return f'"{kg / POUND_KG:.9g} lb"'
    if i % 10 == 7:
        return f'"{kg * 1000.0:.9g} g"'
    return f'"{kg:.4f} kg"'


def generated_lines() -> list[str]:
    """YAML lines of the generated assemblies and parts (items of a ``components`` list)."""
    lines = []
    for a in range(ASSEMBLIES):
        lines += [f"      - id: assembly_{a:03d}", f"        name: Generated assembly {a}",
                  "        subsystem: structure", "        category: modified",
                  "        maturity: layout", "        source: generated"]
    for i in range(COMPONENTS):
        if i % (COMPONENTS // EXPRESSIONS) == 1:
            mass = f'"= 0.5 * otv.part_{i - 1:05d}.basic_mass + 0.1 [kg]"'
        else:
            mass = _mass_text(i, 0.001 + (i % 7) * 0.0005)
        lines += [f"      - id: part_{i:05d}", f"        name: Generated part {i}",
                  f"        parent: assembly_{i % ASSEMBLIES:03d}",
                  "        subsystem: avionics" if i % 3 == 0 else "        subsystem: structure",
                  f"        basic_mass: {mass}", "        category: new",
                  "        maturity: estimated", "        source: generated"]
    return lines


def generate(folder: Path) -> None:
    """Copy the reference mission to ``folder`` and add the generated components to the
    OTV's component list (before the next vehicle of ``otv.yaml``, if any)."""
    from okaeri.model import reference_mission_path

    shutil.copytree(reference_mission_path(), folder,
                    ignore=shutil.ignore_patterns("__pycache__"))
    otv = folder / "model" / "otv.yaml"
    lines = otv.read_text(encoding="utf-8").rstrip("\n").splitlines()
    start = lines.index("  - id: otv")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id: ")),
               len(lines))
    while end > start and not lines[end - 1].strip():
        end -= 1
    otv.write_text("\n".join([*lines[:end], *generated_lines(), *lines[end:]]) + "\n",
                   encoding="utf-8")


def _load_build_evaluate(folder: Path, cache: Path | None = None
                         ) -> tuple[float, float, float, Any]:
    """Seconds to load, build and evaluate, and (mission, budgets, graph); with
    ``cache``, parsed files and analysis results are read from and kept in that folder,
    as ``okaeri budget`` does."""
    from okaeri.budgets import build_graph, evaluate_budgets
    from okaeri.model import load_mission
    from okaeri.model.parsed_files import kept_parsed_files
    from okaeri.verification.cache import AnalysisCache

    start = time.perf_counter()
    with kept_parsed_files(cache):
        mission = load_mission(folder)
    loaded = time.perf_counter()
    graph = build_graph(mission)
    if cache is not None:
        graph.use_memo(AnalysisCache(cache).memo)
    built = time.perf_counter()
    budgets, graph = evaluate_budgets(mission, graph)
    done = time.perf_counter()
    return loaded - start, built - loaded, done - built, (mission, budgets, graph)


def _cached_figure(folder: Path, cache: Path) -> dict[str, float]:
    """Medians of load, build and evaluate with the cache warm (filled by a first run)."""
    _load_build_evaluate(folder, cache)
    runs = [_load_build_evaluate(folder, cache)[:3] for _ in range(REPEATS)]
    return {"load_s": statistics.median(r[0] for r in runs),
            "build_graph_s": statistics.median(r[1] for r in runs),
            "evaluate_budgets_s": statistics.median(r[2] for r in runs),
            "load_build_evaluate_s": statistics.median(sum(r) for r in runs)}


def measure_okaeri(folder: Path, cache: Path) -> dict[str, Any]:
    """Medians of load, build and evaluate, and the incremental re-evaluation, with the
    garbage collector set as the ``okaeri`` command sets it; and one run with Python's
    default collector settings, as a script calling the API without
    :func:`okaeri.cli.fewer_collections` gets."""
    from okaeri.cli import fewer_collections

    _load_build_evaluate(folder)  # warm-up: imports, numba cache load
    default_gc = sum(_load_build_evaluate(folder)[:3])
    load_times, build_times, evaluate_times, totals = [], [], [], []
    with fewer_collections():
        for _ in range(REPEATS):
            load, build, evaluate, (mission, budgets, graph) = _load_build_evaluate(folder)
            load_times.append(load)
            build_times.append(build)
            evaluate_times.append(evaluate)
            totals.append(load + build + evaluate)
        cached = _cached_figure(folder, cache)
    update_times, counts = [], []
    for value in (0.002, 0.003, 0.004):
        start = time.perf_counter()
        report = graph.set_parameter("otv.part_00100.basic_mass", value)
        update_times.append(time.perf_counter() - start)
        counts.append(report.count)
    return {
        "components": sum(len(v.components) for v in mission.vehicles),
        "derived_expressions": sum(1 for _, c in mission.components() if c.is_derived),
        "graph_nodes": len(graph),
        "load_s": statistics.median(load_times),
        "build_graph_s": statistics.median(build_times),
        "evaluate_budgets_s": statistics.median(evaluate_times),
        "load_build_evaluate_s": statistics.median(totals),
        "load_build_evaluate_default_gc_s": default_gc,
        "cache_warm": cached,
        "target_s": 2.0,
        "launch_mass_kg": budgets.mass.launch_mass_kg,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "one_parameter_change": {
            "parameter": "otv.part_00100.basic_mass",
            "nodes_recomputed": statistics.median(counts),
            "of_nodes": len(graph),
            "time_s": statistics.median(update_times),
        },
    }


def _peer_command(python: str, harness: str, impl: str) -> list[str]:
    command = [python, harness, "--n", str(COMPONENTS), "--solver", "newton"]
    if impl == "om-subsystem-no-partials":
        return [*command, "--impl", "om-subsystem", "--no-partials"]
    return [*command, "--impl", impl]


def measure_openmdao(python: str | None, harness: str | None, impls: list[str],
                     timeout: float) -> dict[str, Any]:
    """Each configuration of the peer harness at :data:`COMPONENTS`, or why not."""
    if not python or not harness:
        return {"skipped": "no --openmdao-python/--openmdao-harness "
                           "(or OPENMDAO_PYTHON/OPENMDAO_HARNESS)"}
    results: dict[str, Any] = {}
    for impl in impls:
        try:
            out = subprocess.run(_peer_command(python, harness, impl), capture_output=True,
                                 text=True, check=False, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            results[impl] = {"skipped": f"{type(exc).__name__}: {exc}"}
            continue
        line = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT_JSON ")]
        if out.returncode != 0 or not line:
            results[impl] = {"skipped": f"harness failed: {(out.stderr or out.stdout)[-300:]}"}
            continue
        doc = json.loads(line[-1].removeprefix("RESULT_JSON "))
        results[impl] = {
            "tool": doc.get("tool"), "solver": doc.get("solver"),
            "setup_s": doc["setup_total_s"], "run_s": doc["run_s"],
            "setup_run_s": doc["setup_total_s"] + doc["run_s"],
            "rerun_s": doc["rerun_median_s"], "import_s": doc.get("import_s"),
            "peak_rss_mib": doc.get("peak_rss_mib"), "propellant_kg": doc.get("propellant_kg"),
            "rel_err_vs_closed_form": doc.get("rel_err"),
        }
    return results


def ratios(okaeri: dict[str, Any], openmdao: dict[str, Any]) -> dict[str, Any] | None:
    """OpenMDAO's times over okaeri's, per configuration (above 1: okaeri is faster)."""
    full = okaeri["load_build_evaluate_s"]
    cached = okaeri["cache_warm"]["load_build_evaluate_s"]
    rerun = okaeri["one_parameter_change"]["time_s"]
    found = {impl: {"openmdao_setup_run_over_okaeri": r["setup_run_s"] / full,
                    "openmdao_setup_over_okaeri": r["setup_s"] / full,
                    "openmdao_setup_over_okaeri_cache_warm": r["setup_s"] / cached,
                    "openmdao_rerun_over_okaeri": r["rerun_s"] / rerun}
             for impl, r in openmdao.items() if isinstance(r, dict) and "setup_s" in r}
    return found or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openmdao-python", default=os.environ.get("OPENMDAO_PYTHON"),
                        help="a python with openmdao and pint installed")
    parser.add_argument("--openmdao-harness", default=os.environ.get("OPENMDAO_HARNESS"),
                        help="the peer harness openmdao_budget.py")
    parser.add_argument("--openmdao-impls", default=",".join(OPENMDAO_IMPLS),
                        help="comma-separated configurations of the peer (default: all)")
    parser.add_argument("--openmdao-timeout", type=float, default=300.0,
                        help="seconds per peer configuration")
    args = parser.parse_args()
    impls = [i for i in args.openmdao_impls.split(",") if i]
    unknown = sorted(set(impls) - set(OPENMDAO_IMPLS))
    if unknown:
        parser.error(f"unknown --openmdao-impls {', '.join(unknown)}; "
                     f"known: {', '.join(OPENMDAO_IMPLS)}")
    # The peer runs first: a child's peak RSS (ru_maxrss) starts from its parent's at
    # the fork, so it is measured while this process is still small.
    openmdao = measure_openmdao(args.openmdao_python, args.openmdao_harness, impls,
                                args.openmdao_timeout)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mission"
        generate(folder)
        okaeri = measure_okaeri(folder, Path(tmp) / "cache")
    print(json.dumps({"benchmark": "budgets", "machine": machine(), **okaeri,
                      "openmdao": openmdao, "ratios": ratios(okaeri, openmdao)}, indent=2))


if __name__ == "__main__":
    main()
