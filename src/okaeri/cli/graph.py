"""``okaeri graph``: export the mission's dependency graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from okaeri.cli._common import HelpFormatter, add_path_argument, mission_folder


def register(sub: Any) -> None:
    """Add the ``graph`` sub-command."""
    parser = sub.add_parser(
        "graph",
        help="export the dependency graph (dot, mermaid, json)",
        description="Export the parameter dependency graph: parameters, relations, "
        "analyses and budgets with their edges, as Graphviz DOT, Mermaid or JSON "
        "(sorted, so that the output is stable across runs).",
        epilog="examples:\n  okaeri graph --format dot | dot -Tsvg > graph.svg\n"
        "  okaeri graph --format mermaid --upstream budget.mass.launch\n\n"
        "exit codes: 0 written, 2 invalid model or unknown key",
        formatter_class=HelpFormatter,
    )
    add_path_argument(parser)
    parser.add_argument("--format", choices=("dot", "mermaid", "json"), default="json",
                        help="output format (default: json)")
    parser.add_argument("--upstream", metavar="KEY",
                        help="export only KEY and what it depends on")
    parser.add_argument("--no-values", action="store_true",
                        help="do not evaluate the graph (faster; no values in the export)")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write to FILE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the graph export."""
    from okaeri.budgets import build_graph
    from okaeri.cli._common import fail
    from okaeri.fileio import write_text_atomic
    from okaeri.graph import export
    from okaeri.model import load_mission

    graph = build_graph(load_mission(mission_folder(args.path)))
    keys = None
    if args.upstream is not None:
        if args.upstream not in graph:
            return fail(f"okaeri graph: unknown key '{args.upstream}'")
        keys = [args.upstream, *graph.upstream(args.upstream)]
    if not args.no_values:
        graph.evaluate(on_demand=graph.deferred_keys())
    render = {"dot": export.to_dot, "mermaid": export.to_mermaid, "json": export.to_json}
    text = render[args.format](graph, keys)
    text = text if text.endswith("\n") else text + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(args.out, text)
        print(f"wrote {args.out}")
    return 0
