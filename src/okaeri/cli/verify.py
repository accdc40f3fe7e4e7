"""``okaeri verify``: close every requirement of a mission with a verdict and a margin."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.cli._common import HelpFormatter, add_path_argument, format_table, mission_folder

if TYPE_CHECKING:
    from okaeri.verification.results import RequirementResult, VerificationRun

_EPILOG = """exit codes:
  0  no requirement fails or errors (inconclusive ones and low margins are listed)
  1  a requirement fails or its analysis errors (with --strict: also inconclusive
     requirements and passes below their required margin)
  2  invalid input: findings in the mission's files, an unknown --require id

Analysis results are cached by a hash of their inputs and okaeri's version in
$OKAERI_CACHE_DIR (default ~/.cache/okaeri); --no-cache runs everything afresh.
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
                        help="do not read or write the analysis cache")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="print only the summary line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Verify, print the table, write the requested files, return the exit code."""
    from okaeri.fileio import write_text_atomic
    from okaeri.jsontext import json_text
    from okaeri.report.junit import junit_xml
    from okaeri.verification.cache import AnalysisCache, default_cache_dir
    from okaeri.verification.project import load_project
    from okaeri.verification.runner import run_verification

    cache = AnalysisCache(None if args.no_cache else default_cache_dir())
    progress = _progress if sys.stderr.isatty() and not args.quiet else None
    project = load_project(mission_folder(args.path))
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


def _order(result: RequirementResult) -> tuple[int, str]:
    rank = {"error": 0, "fail": 1}.get(str(result.verdict))
    if rank is None:
        rank = 2 if result.below_required_margin else (
            3 if str(result.verdict) == "inconclusive" else 4)
    return rank, result.id


def verification_table(run: VerificationRun) -> str:
    """Requirements as a table: errors, failures, low margins, inconclusive, passes."""
    from okaeri.report.format import percent, result_limit, result_margin, result_value

    rows = []
    for r in sorted(run.requirements, key=_order):
        verdict = str(r.verdict).upper() if str(r.verdict) != "pass" else "pass"
        if r.below_required_margin:
            verdict += " (LOW MARGIN)"
        note = r.reason or (r.criterion if r.criterion else ", ".join(
            e.source for e in r.evidence))
        rows.append([r.id, verdict, result_value(r), result_limit(r), result_margin(r),
                     percent(r.required_margin) if r.criterion else "", note])
    header = (f"{run.provenance.mission}: {run.counts.total} requirements, model "
              f"sha256 {run.provenance.model_sha256[:12]}, okaeri "
              f"{run.provenance.package_version}")
    table = header + "\n" + format_table(
        ["requirement", "verdict", "value", "limit", "margin", "required", "criterion / note"],
        rows, right=frozenset({2, 3, 4, 5}))
    return table + "".join(f"\n\nerror in {e.key} (blocks {', '.join(e.requirements)}):\n"
                           f"    {e.message}" for e in run.errors)


def summary_line(run: VerificationRun, strict: bool = False) -> str:
    """``OK: 19 pass, 0 fail, 0 inconclusive, 0 error; 0 below required margin``."""
    c = run.counts
    return (f"{run.status(strict)}: {c.passed} pass, {c.failed} fail, {c.inconclusive} "
            f"inconclusive, {c.errors} error; {c.below_required_margin} below required margin")


__all__ = ["mission_folder", "register", "run", "summary_line", "verification_table"]
