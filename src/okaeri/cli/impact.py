"""``okaeri impact``: everything downstream of a model parameter."""

from __future__ import annotations

import argparse
from typing import Any

from okaeri.cli._common import (
    HelpFormatter,
    add_json_flag,
    add_path_argument,
    fail,
    mission_folder,
    print_json,
)
from okaeri.report.terminal import format_table


def register(sub: Any) -> None:
    """Add the ``impact`` sub-command."""
    parser = sub.add_parser(
        "impact",
        help="list what depends on a parameter (derived values, budgets, requirements)",
        description="List every derived value, analysis output, budget line and requirement "
        "downstream of a model parameter, with its current value: what to re-check when "
        "the parameter changes.",
        epilog="example:\n  okaeri impact capsule.aeroshell.nose_radius\n\n"
        "exit codes: 0 listed, 2 unknown parameter or invalid model",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("key", metavar="KEY",
                        help="parameter key, e.g. capsule.aeroshell.nose_radius")
    add_path_argument(parser)
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the downstream nodes of KEY."""
    from okaeri.errors import did_you_mean
    from okaeri.verification.project import load_project, requirements_reading

    project = load_project(mission_folder(args.path))
    graph = project.graph
    if args.key not in graph:
        hint = did_you_mean(args.key, graph.keys())
        return fail(f"okaeri impact: unknown parameter '{args.key}'" + (f"; {hint}" if hint
                                                                       else ""))
    downstream = graph.downstream(args.key)
    graph.evaluate(strict=False)
    requirements = requirements_reading(project, {args.key, *downstream})
    rows = [{"key": key, "kind": graph.node(key).kind.name.lower(),
             "value_si": graph.node(key).value, "unit_si": graph.node(key).unit}
            for key in downstream]
    if args.json:
        print_json({"parameter": args.key, "downstream": rows, "requirements": requirements})
        return 0
    count = len(requirements)
    print(f"{args.key}: {len(rows)} downstream value{'s' if len(rows) != 1 else ''}, "
          f"{count} requirement{'s' if count != 1 else ''}")
    print(format_table(
        ["downstream value", "kind", "value (SI)", "unit"],
        [[str(r["key"]), str(r["kind"]),
          "" if r["value_si"] is None else f"{r['value_si']:.6g}", str(r["unit_si"])]
         for r in rows], right=frozenset({2})))
    if requirements:
        print("\nrequirements whose criterion reads these values:")
        print("\n".join(f"  {r}" for r in requirements))
    return 0
