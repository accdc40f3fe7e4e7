"""``okaeri trade STUDY.yaml``: a trade study, each point a verification of the mission."""

from __future__ import annotations

import argparse
import sys
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
    from okaeri.verification.campaigns.trade import TradeResult

MAX_PRINTED = 40
"""Most points printed on the terminal (the files have them all)."""
ERROR_WIDTH = 120
"""Characters of a point's error printed on the terminal (the files have all of it)."""

_EPILOG = f"""example study file:
  trade:
    variables:
      otv.propulsion.thrust: ["500 N", "1000 N", "2000 N"]
      capsule.aeroshell.diameter: {{from: "0.7 m", to: "1.0 m", steps: 4}}
    outputs: [budget.mass.launch, SYS-010, CAP-010]

writes trade.csv, trade.parquet (with pyarrow: pip install "okaeri[parquet]") and
trade.html (figures) to --out (default: <study>-results next to the study file).

exit codes:
  0  the study ran (failing points are results, listed in the files)
  2  invalid input: findings in the study or the mission, bad arguments

{EXECUTION_EPILOG}"""


def register(sub: Any) -> None:
    """Add the ``trade`` sub-command."""
    parser = sub.add_parser(
        "trade",
        help="run a trade study: design variables, a design of experiments, outputs",
        description="Vary model parameters over a design of experiments (full factorial, "
        "Latin hypercube or Sobol), verify the mission at each point, and tabulate the "
        "outputs (budgets, analysis outputs, requirements with verdict and margin) with "
        "figures: each output against each variable, a feasibility map, a Pareto front.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("study", type=Path, metavar="STUDY.yaml", help="the study file")
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="folder for trade.csv, trade.parquet and trade.html")
    add_campaign_arguments(parser)
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print only the summary line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the study, write its files, print its table."""
    from okaeri.verification.campaigns.doe import design_points
    from okaeri.verification.campaigns.progress import ProgressBar
    from okaeri.verification.campaigns.study import load_study
    from okaeri.verification.campaigns.trade import run_trade

    execution = execution_of(args)
    cache_dir = cache_folder(args.no_cache)
    study, project = load_study(args.study, args.mission)
    total = len(design_points(study))
    with ProgressBar(total, f"{study.name}: points") as bar:
        result = run_trade(study, project, execution=execution, cache_dir=cache_dir,
                           progress=bar)
    out = args.out or args.study.parent / f"{study.name}-results"
    written = write_results(result, out)
    if not args.quiet:
        print(trade_table(result))
    print(summary_line(result, execution.describe()))
    for path in written:
        print(f"wrote {path}")
    return 0


def write_results(result: TradeResult, out: Path) -> list[Path]:
    """Write ``trade.csv``, ``trade.parquet`` (when pyarrow is installed) and
    ``trade.html`` to ``out``; returns their paths."""
    from okaeri.fileio import write_bytes_atomic, write_text_atomic
    from okaeri.report.campaigns import render_trade
    from okaeri.verification.campaigns.tables import (
        PARQUET_HINT,
        csv_text,
        parquet_available,
        parquet_bytes,
    )

    written = [out / "trade.csv"]
    write_text_atomic(written[0], csv_text(result))
    if parquet_available():
        written.append(out / "trade.parquet")
        write_bytes_atomic(written[-1], parquet_bytes(result))
    else:
        print(f"okaeri trade: no trade.parquet: pyarrow is not installed; {PARQUET_HINT}",
              file=sys.stderr)
    written.append(out / "trade.html")
    write_text_atomic(written[-1], render_trade(result))
    return written


def trade_table(result: TradeResult) -> str:
    """The points as a terminal table (the first :data:`MAX_PRINTED`)."""
    from okaeri.report.format import number, percent, quantity

    study = result.study
    headers = ["point", *(v.label for v in study.variables), *(o.name for o in study.outputs),
               "worst", "error"]
    rows = []
    for point in result.points[:MAX_PRINTED]:
        cells = [str(point.index)]
        cells += [f"{number(x / v.display_factor)}" for v, x in zip(study.variables,
                                                                     point.values, strict=True)]
        for i, output in enumerate(study.outputs):
            o = point.outputs[i] if point.outputs else None
            if o is None:
                cells.append("")
            elif output.is_requirement:
                cells.append(f"{o.point_class} {percent(o.margin)}".strip())
            else:
                cells.append(quantity(o.value, output.unit) or o.reason[:40])
        cells += [point.worst, _shortened(point.error)]
        rows.append(cells)
    right = frozenset(range(len(study.variables) + 1))
    text = format_table(headers, rows, right=right)
    if len(result.points) > MAX_PRINTED:
        text += f"\n... {len(result.points) - MAX_PRINTED} more points in trade.csv"
    return text


def _shortened(text: str, width: int = ERROR_WIDTH) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def summary_line(result: TradeResult, where: str) -> str:
    """``example: 12 points (local, 2 processes): 12 pass; 0 failed to evaluate``."""
    classes = [p.worst for p in result.points]
    counts = ", ".join(f"{classes.count(c)} {c}" for c in
                       ("pass", "low margin", "inconclusive", "fail", "error")
                       if classes.count(c))
    front = (f"; Pareto front: {len(result.pareto_front())} points"
             if len(result.study.objectives) == 2 else "")
    return (f"{result.study.name}: {len(result.points)} points ({where})"
            + (f": {counts}" if counts else "")
            + f"; {result.errors} failed to evaluate{front}")


__all__ = ["register", "run", "summary_line", "trade_table", "write_results"]
