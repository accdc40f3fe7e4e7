"""Speed of the dependency graph: build, evaluate and incremental update, printed as JSON.

The graph mimics a large mission model: 10,000 component masses (parameters) in 10
subsystems, 1,000 expression relations (mass with maturity margin, power density,
thermal load), one roll-up sum per subsystem over a wildcard, a total over the subsystem
budgets, and the tank <-> propellant <-> dry-mass loop.

Run: ``/work/venv/bin/python benchmarks/graph.py``
"""

from __future__ import annotations

import json
import math
import time

from _machine import machine

from okaeri.graph import DependencyGraph, NodeKind

SUBSYSTEMS = 10
COMPONENTS = 1_000
RELATIONS = 1_000


def build() -> DependencyGraph:
    graph = DependencyGraph()
    for s in range(SUBSYSTEMS):
        for c in range(COMPONENTS):
            graph.add_parameter(f"sys{s}.c{c}.mass", 1.0 + (c % 17) * 0.25, "kg",
                                f"model/sys{s}.yaml:{c + 1}")
    per = RELATIONS // SUBSYSTEMS
    for s in range(SUBSYSTEMS):
        for c in range(per):
            key = f"margins.sys{s}.c{c}"
            if c % 3 == 0:
                text = f"= sys{s}.c{c}.mass * (1 + 10 [%])"
            elif c % 3 == 1:
                text = f"= max(sys{s}.c{c}.mass, sys{s}.c{c + 1}.mass) * 1.2 + 50 [g]"
            else:
                text = f"= sqrt(sys{s}.c{c}.mass * sys{s}.c{c + 2}.mass) / 2"
            graph.add_expression(key, text, "kg", f"model/margins.yaml:{c + 1}")
        graph.add_expression(f"budget.sys{s}", f"= sum(sys{s}.*.mass)", "kg",
                             kind=NodeKind.BUDGET)
    graph.add_expression("budget.total", "= sum(budget.*) * (1 + 20 [%])", "kg",
                         kind=NodeKind.BUDGET)
    graph.add_parameter("otv.dv", 2.5, "km/s")
    graph.add_parameter("otv.isp", 320.0, "s")
    graph.add_expression("otv.tank", "= 8 [%] * otv.propellant", "kg")
    graph.add_expression("otv.dry", "= budget.total + otv.tank", "kg")
    graph.add_relation("otv.propellant", ["otv.dry", "otv.dv", "otv.isp"],
                       lambda m, dv, isp: m * math.expm1(dv / (isp * 9.80665)), "kg")
    return graph


def main() -> None:
    t0 = time.perf_counter()
    graph = build()
    t1 = time.perf_counter()
    graph.evaluate()
    t2 = time.perf_counter()
    repeats = 20
    for _ in range(repeats):
        graph.evaluate()
    t3 = time.perf_counter()
    updates = 200
    count_leaf = 0
    for i in range(updates):
        report = graph.set_parameter("sys3.c500.mass", 2.0 + i * 1e-3)
        count_leaf = report.count
    t4 = time.perf_counter()
    count_margin = 0
    for i in range(updates):
        report = graph.set_parameter("sys3.c0.mass", 2.0 + i * 1e-3)
        count_margin = report.count
    t5 = time.perf_counter()
    computed = sum(1 for k in graph if graph.node(k).kind != NodeKind.PARAMETER)
    print(json.dumps({
        "machine": machine(),
        "nodes": len(graph),
        "computed_nodes": computed,
        "edges": len(graph.edges()),
        "build_s": round(t1 - t0, 4),
        "first_evaluate_s": round(t2 - t1, 4),
        "build_plus_first_evaluate_s": round(t2 - t0, 4),
        "re_evaluate_s": round((t3 - t2) / repeats, 5),
        "set_parameter_leaf_s": round((t4 - t3) / updates, 6),
        "set_parameter_leaf_recomputed": count_leaf,
        "set_parameter_with_margin_s": round((t5 - t4) / updates, 6),
        "set_parameter_with_margin_recomputed": count_margin,
    }, indent=2))


if __name__ == "__main__":
    main()
