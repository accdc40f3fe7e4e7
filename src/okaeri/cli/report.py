"""``okaeri report``: verify a mission and write the compliance report (HTML or Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from okaeri.cli._common import HelpFormatter, add_path_argument, cached_project

_EPILOG = """exit codes:
  0  the report is written and no requirement fails or errors
  1  the report is written, and a requirement fails or its analysis errors
  2  invalid input: findings in the mission's files, an unknown --require id, or the
     report cannot be written

html: one self-contained file DIR/report.html (inline CSS and figures, no script).
md:   DIR/report.md with its figures as DIR/figures/*.svg.

The report is rendered completely before it is written, and written with an atomic
replace: an interrupted or failed run leaves a previous report as it was.
Analysis results, parsed files and figures are cached like 'okaeri verify' does
($OKAERI_CACHE_DIR, --no-cache).
SOURCE_DATE_EPOCH, when set, is the report's timestamp: the same revision then gives
the same bytes."""


def register(sub: Any) -> None:
    """Add the ``report`` sub-command."""
    parser = sub.add_parser(
        "report",
        help="verify and write the compliance report (HTML or Markdown)",
        description="Verify the mission like 'okaeri verify', then write a compliance "
        "report for a design review: summary, open items, verification cross-reference "
        "matrix, trace, budgets, entry and Monte Carlo figures, provenance.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    add_path_argument(parser)
    parser.add_argument("--format", choices=("html", "md"), default="html",
                        help="report format (default: html)")
    parser.add_argument("--out", type=Path, default=Path("."), metavar="DIR",
                        help="folder to write the report to (default: the current folder)")
    parser.add_argument("--require", nargs="+", metavar="ID", default=[],
                        help="report only these requirements (and those derived from them)")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the cache (analysis results, parsed files)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Verify, write the report, print its path; return the exit code."""
    from okaeri.report.render import write_report
    from okaeri.report.terminal import summary_line
    from okaeri.verification.runner import run_verification

    progress = _progress if sys.stderr.isatty() else None
    project, cache = cached_project(args.path, args.no_cache)
    result = run_verification(project, select=args.require, cache=cache, progress=progress,
                              with_histories=True)
    if progress is not None:
        _progress("rendering the report")
    path = write_report(result, args.out, args.format, plot_cache=cache.folder)
    if progress is not None:
        sys.stderr.write("\r\033[K")
    print(summary_line(result))
    print(path)
    return result.exit_code()


def _progress(message: str) -> None:
    sys.stderr.write(f"\r\033[K... {message}")
    sys.stderr.flush()


__all__ = ["register", "run"]
