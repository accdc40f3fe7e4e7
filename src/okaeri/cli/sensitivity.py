"""``okaeri sensitivity [REQ ...]``: the parameters that move each requirement's margin."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.cli._campaigns import (
    EXECUTION_EPILOG,
    add_campaign_arguments,
    execution_of,
)
from okaeri.cli._common import HelpFormatter, cache_folder
from okaeri.report.terminal import format_table

if TYPE_CHECKING:
    from okaeri.verification.campaigns.sensitivity import Tornado

_EPILOG = f"""variations: a component's basic mass by its maturity margin, a parameter feeding a
dispersed input of the entry Monte Carlo by its 3-sigma dispersion, any other parameter by
10 %; an end outside the parameter's admissible range is not evaluated.

examples:
  okaeri sensitivity SYS-010
  okaeri sensitivity CAP-010 CAP-020 --top 5 --out sensitivity/

exit codes:
  0  the tornados were computed
  2  invalid input: an unknown requirement, one without a criterion, model findings

{EXECUTION_EPILOG}"""


def register(sub: Any) -> None:
    """Add the ``sensitivity`` sub-command."""
    parser = sub.add_parser(
        "sensitivity",
        help="rank the model parameters that move each requirement's margin (tornado)",
        description="Vary each model parameter upstream of a requirement's value and limit "
        "by a stated amount, one at a time, and rank the parameters by how much they move "
        "the requirement's margin. A requirement on one value of the graph (a budget, an "
        "analysis output) is re-evaluated incrementally through the dependency graph; one "
        "on a statistic of the entry Monte Carlo is verified again at each end, with the "
        "same seed.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("requirements", nargs="*", metavar="REQ",
                        help="requirement ids (default: every requirement with a criterion)")
    parser.add_argument("--top", type=int, default=10, metavar="N",
                        help="parameters listed per requirement (default 10)")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="write every tornado (all parameters) as JSON to FILE")
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="write sensitivity.html, sensitivity.json and the tornados' "
                        "SVG figures to DIR")
    add_campaign_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compute the tornados, print them, write the requested files."""
    from okaeri.cli._common import mission_folder
    from okaeri.verification.campaigns.progress import ProgressBar
    from okaeri.verification.campaigns.sensitivity import run_sensitivity, steps
    from okaeri.verification.project import load_project
    from okaeri.verification.runner import provenance

    execution = execution_of(args)
    project = load_project(mission_folder(args.mission))
    with ProgressBar(steps(project, args.requirements), "sensitivity: variations") as bar:
        tornados = run_sensitivity(project, args.requirements, execution=execution,
                                   cache_dir=cache_folder(args.no_cache), progress=bar)
    print("\n\n".join(tornado_table(t, args.top) for t in tornados))
    data = {"mission": project.mission.name, "tornados": [t.as_dict() for t in tornados]}
    text = json.dumps(data, indent=2, sort_keys=True, allow_nan=False) + "\n"
    from okaeri.fileio import write_text_atomic

    if args.json is not None:
        write_text_atomic(args.json, text)
    if args.out is not None:
        from okaeri.report.campaign_plots import tornado_plot
        from okaeri.report.campaigns import render_sensitivity

        write_text_atomic(args.out / "sensitivity.json", text)
        for tornado in tornados:
            plot = tornado_plot(tornado, args.top)
            write_text_atomic(args.out / "figures" / plot.filename, plot.svg)
        write_text_atomic(args.out / "sensitivity.html",
                          render_sensitivity(tornados, provenance(project), args.top))
        print(f"wrote {args.out / 'sensitivity.html'}")
    return 0


def tornado_table(tornado: Tornado, top: int | None = 10) -> str:
    """A requirement's ranked parameters as a terminal table."""
    from okaeri.report.campaigns import tornado_rows
    from okaeri.report.format import percent

    header = (f"{tornado.requirement}: {tornado.criterion}\n  nominal margin "
              f"{percent(tornado.nominal_margin)} (required "
              f"{percent(tornado.required_margin)}); {len(tornado.swings)} parameters, "
              f"{'graph re-evaluation' if tornado.method == 'graph' else 'verified at each end'}")
    rows = [[c.text for c in row.cells] for row in tornado_rows(tornado, top)]
    table = format_table(["#", "parameter", "variation", "low", "high", "margin at low",
                          "margin at high", "largest change", "error"], rows,
                         right=frozenset({0, 3, 4, 5, 6, 7}))
    return f"{header}\n{table}"


__all__ = ["register", "run", "tornado_table"]
