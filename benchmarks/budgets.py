"""Scale of the budgets: a generated mission with 10,000 components and 1,000 expressions.

The reference mission's OTV gets 10,000 more components in 100 assemblies (written as
YAML, as a systems engineer would), 1,000 of them with a derived basic mass
(``"= 0.5 * otv.part_00012.basic_mass + 0.1 [kg]"``). Measured, each as the median of
several runs:

- load the YAML files, build the dependency graph and evaluate all budgets (mass with
  the growth policy, delta-v, propellant with the tank loop, heat load with the nominal
  entry, and the available system margin found by re-solving the graph);
- change one component's basic mass and re-evaluate: how many nodes are recomputed
  (only those downstream of it) and how long it takes.

Target (issue 5): load + build + evaluate in at most 2 s on the 2-core reference machine.
Run: ``python benchmarks/budgets.py`` (prints JSON).
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

COMPONENTS = 10_000
EXPRESSIONS = 1_000
ASSEMBLIES = 100
REPEATS = 3


def generate(folder: Path) -> None:
    """Copy the reference mission to ``folder`` and add the generated components."""
    from okaeri.model import reference_mission_path

    shutil.copytree(reference_mission_path(), folder)
    lines = []
    for a in range(ASSEMBLIES):
        lines += [f"      - id: assembly_{a:03d}", f"        name: Generated assembly {a}",
                  "        subsystem: structure", "        category: modified",
                  "        maturity: layout", "        source: generated"]
    for i in range(COMPONENTS):
        if i % (COMPONENTS // EXPRESSIONS) == 1:
            mass = f'"= 0.5 * otv.part_{i - 1:05d}.basic_mass + 0.1 [kg]"'
        else:
            mass = f'"{0.001 + (i % 7) * 0.0005:.4f} kg"'
        lines += [f"      - id: part_{i:05d}", f"        name: Generated part {i}",
                  f"        parent: assembly_{i % ASSEMBLIES:03d}",
                  "        subsystem: avionics" if i % 3 == 0 else "        subsystem: structure",
                  f"        basic_mass: {mass}", "        category: new",
                  "        maturity: estimated", "        source: generated"]
    otv = folder / "model" / "otv.yaml"
    otv.write_text(otv.read_text().rstrip("\n") + "\n" + "\n".join(lines) + "\n")


def main() -> None:
    from okaeri.budgets import build_graph, evaluate_budgets
    from okaeri.model import load_mission

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "mission"
        generate(folder)
        evaluate_budgets(load_mission(folder))  # warm-up: imports, numba cache load
        load_times, build_times, evaluate_times, totals = [], [], [], []
        for _ in range(REPEATS):
            start = time.perf_counter()
            mission = load_mission(folder)
            loaded = time.perf_counter()
            graph = build_graph(mission)
            built = time.perf_counter()
            budgets, graph = evaluate_budgets(mission, graph)
            done = time.perf_counter()
            load_times.append(loaded - start)
            build_times.append(built - loaded)
            evaluate_times.append(done - built)
            totals.append(done - start)
        update_times, counts = [], []
        for value in (0.002, 0.003, 0.004):
            start = time.perf_counter()
            report = graph.set_parameter("otv.part_00100.basic_mass", value)
            update_times.append(time.perf_counter() - start)
            counts.append(report.count)
        components = sum(len(v.components) for v in mission.vehicles)
        print(json.dumps({
            "components": components,
            "derived_expressions": sum(1 for _, c in mission.components() if c.is_derived),
            "graph_nodes": len(graph),
            "load_s": statistics.median(load_times),
            "build_graph_s": statistics.median(build_times),
            "evaluate_budgets_s": statistics.median(evaluate_times),
            "load_build_evaluate_s": statistics.median(totals),
            "target_s": 2.0,
            "launch_mass_kg": budgets.mass.launch_mass_kg,
            "one_parameter_change": {
                "parameter": "otv.part_00100.basic_mass",
                "nodes_recomputed": statistics.median(counts),
                "of_nodes": len(graph),
                "time_s": statistics.median(update_times),
            },
        }, indent=2))


if __name__ == "__main__":
    main()
