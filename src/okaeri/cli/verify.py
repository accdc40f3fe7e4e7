"""``okaeri verify``: close every requirement of a mission with a verdict and a margin."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from okaeri.cli._common import HelpFormatter, add_path_argument, cached_project
from okaeri.report.terminal import summary_line, verification_table

_EPILOG = """exit codes:
  0  no requirement fails or errors (inconclusive ones and low margins are listed)
  1  a requirement fails or its analysis errors (with --strict: also inconclusive
     requirements and passes below their required margin)
  2  invalid input: findings in the mission's files, an unknown --require id

Analysis results are cached by a hash of their inputs and okaeri's code, and parsed YAML
files by a hash of their bytes, in $OKAERI_CACHE_DIR (default ~/.cache/okaeri);
--no-cache reads and runs everything afresh.
SOURCE_DATE_EPOCH, when set, is the run's timestamp (reproducible outputs)."""


def register(sub: Any) -> None:
    """Add the ``verify`` sub-command."""
    parser = sub.add_parser(
        "verify",
        help="close every requirement with a verdict and a margin (the main job)",
        description="Load the mission, run what its requirements need (budgets, nominal "
        "entry, corridor, Monte Carlo), and close each requirement as pass, fail, "
        "inconclusive or error, with its value, limit and margin. Failures, errors and "
        "low margins are listed first.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    add_path_argument(parser)
    parser.add_argument("--require", nargs="+", metavar="ID", default=[],
                        help="verify only these requirements (and those derived from them)")
    parser.add_argument("--junit", type=Path, metavar="FILE",
                        help="write JUnit XML (one test case per requirement) to FILE")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="write the full run (verdicts, values, budgets) as JSON to FILE")
    parser.add_argument("--strict", action="store_true",
                        help="also fail on inconclusive requirements and low margins")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the cache (analysis results, parsed files)")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print only the summary line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Verify, print the table, write the requested files, return the exit code."""
    from okaeri.fileio import write_text_atomic
    from okaeri.jsontext import json_text
    from okaeri.report.junit import junit_xml
    from okaeri.verification.runner import run_verification

    progress = _progress if sys.stderr.isatty() and not args.quiet else None
    project, cache = cached_project(args.path, args.no_cache)
    result = run_verification(project, select=args.require, cache=cache, progress=progress)
    if progress is not None:
        sys.stderr.write("\r\033[K")
    if not args.quiet:
        print(verification_table(result))
    print(summary_line(result, args.strict))
    if args.junit is not None:
        write_text_atomic(args.junit, junit_xml(result))
    if args.json is not None:
        write_text_atomic(args.json, json_text(result.as_dict()) + "\n")
    return result.exit_code(args.strict)


def _progress(message: str) -> None:
    sys.stderr.write(f"\r\033[K... {message}")
    sys.stderr.flush()


__all__ = ["register", "run"]
