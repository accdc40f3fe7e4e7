"""``okaeri diff [A] [B]``: what changed between two revisions or two mission folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.cli._common import HelpFormatter, cache_folder, fail, print_json
from okaeri.report.terminal import format_table

if TYPE_CHECKING:
    from okaeri.report.diff import DiffView
    from okaeri.verification.baselines import Side, Snapshots
    from okaeri.verification.revisions import MissionRepository

_EPILOG = """sides:
  (none)        HEAD against the working tree
  A             revision A against the working tree
  A B           revision (or mission folder) A against B
A side is a mission folder (a folder with model/ in it) when it names one, else a git
revision of the mission's repository: a commit, a branch, a tag (baseline/PDR), HEAD~1.

--fail-on (repeatable, or comma-separated):
  flip          a requirement fails or errors in B that did not in A (new ones included)
  worse         any verdict gets worse (also to inconclusive, or below its required margin)
  burn:N        a requirement's margin falls by more than N percentage points

exit codes:
  0  compared; no --fail-on rule is broken
  1  a --fail-on rule is broken (listed at the end)
  2  invalid input: an unknown or unfetched revision (the message says what to fetch),
     no mission folder, a side whose files do not load

Each revision is verified afresh by the installed okaeri (its files are read from git,
never checked out); results are cached by the content of the mission's files in
$OKAERI_CACHE_DIR (default ~/.cache/okaeri), so a revision verified once is read back."""


def register(sub: Any) -> None:
    """Add the ``diff`` sub-command."""
    parser = sub.add_parser(
        "diff",
        help="what changed between two revisions: verdict flips, margins, budgets, "
        "parameters, requirements",
        description="Verify the mission at two revisions (or two mission folders) and "
        "report, worst first: verdict flips, margin changes per requirement, budget "
        "changes with the items that moved them, parameter changes with file:line on "
        "both sides, and requirements added, removed or reworded.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("before", nargs="?", metavar="A",
                        help="revision or mission folder (default: HEAD)")
    parser.add_argument("after", nargs="?", metavar="B",
                        help="revision or mission folder (default: the working tree)")
    parser.add_argument("--mission", "-m", type=Path, metavar="PATH",
                        help="the mission folder in the repository (default: the current "
                        "folder or the nearest one above it with model/ in it)")
    parser.add_argument("--format", choices=("table", "markdown"), default="table",
                        help="terminal tables (default) or Markdown for a pull-request "
                        "comment")
    parser.add_argument("--json", action="store_true",
                        help="print JSON (SI values, margins as fractions)")
    parser.add_argument("--fail-on", action="append", default=[], metavar="RULE",
                        help="exit 1 when the diff breaks RULE: flip, worse, burn:N")
    parser.add_argument("--no-cache", action="store_true",
                        help="verify every side afresh (no snapshot or analysis cache)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compare the two sides, print the diff, return the exit code."""
    from okaeri.report.diff import MARKDOWN_ROWS, diff_view, render_diff_markdown
    from okaeri.verification.compare import compare, failures, parse_fail_rule

    try:
        rules = [parse_fail_rule(t) for text in args.fail_on for t in text.split(",")]
    except ValueError as exc:
        return fail(f"okaeri diff: --fail-on {exc}")
    found = _sides(args)
    if isinstance(found, int):
        return found
    repo, before, after = found
    snapshots = snapshot_source(args.no_cache)
    old, new = snapshots.of_side(repo, before), snapshots.of_side(repo, after)
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    diff = compare(old, new, before.title, after.title)
    broken = tuple(failures(diff, rules))
    view = diff_view(diff, MARKDOWN_ROWS if args.format == "markdown" else None, broken,
                     tuple(str(r) for r in rules))
    if args.json:
        print_json({"mission": diff.mission, "before": before.as_dict(),
                    "after": after.as_dict(), "summary": view.summary,
                    "fail_on": [str(r) for r in rules], "failures": list(broken),
                    "diff": diff.as_dict()})
    elif args.format == "markdown":
        sys.stdout.write(render_diff_markdown(view))
    else:
        print(diff_text(view))
    if diff.problems:
        print(f"okaeri diff: {len(diff.problems)} side(s) do not load; see above",
              file=sys.stderr)
        return 2
    return 1 if broken else 0


def _sides(args: argparse.Namespace) -> tuple[MissionRepository | None, Side, Side] | int:
    from okaeri.verification.baselines import find_mission_folder, is_mission_folder, resolve_side
    from okaeri.verification.revisions import MissionRepository

    folders = [t is not None and is_mission_folder(Path(t)) for t in (args.before, args.after)]
    if all(folders):
        return None, resolve_side(args.before, None, Path(args.before)), resolve_side(
            args.after, None, Path(args.after))
    mission = args.mission.resolve() if args.mission else find_mission_folder(Path.cwd())
    if mission is None or not is_mission_folder(mission):
        where = args.mission or Path.cwd()
        return fail(f"okaeri diff: no mission folder at {where} (a folder with model/ in it; "
                    "okaeri diff looks in the current folder and above it); give --mission "
                    "PATH, or two mission folders")
    repo = MissionRepository.find(mission)
    if repo is None:
        return fail(f"okaeri diff: {mission} is not in a git repository; compare two "
                    "mission folders instead: okaeri diff FOLDER_A FOLDER_B")
    before = resolve_side(args.before or "HEAD", repo, mission)
    return repo, before, resolve_side(args.after, repo, mission)


def snapshot_source(no_cache: bool) -> Snapshots:
    """Snapshots from the default store and analysis cache (or neither), with progress
    on a terminal."""
    from okaeri.verification.baselines import Snapshots
    from okaeri.verification.cache import AnalysisCache
    from okaeri.verification.snapshot import SnapshotStore

    store = SnapshotStore(None) if no_cache else SnapshotStore.default()
    cache = AnalysisCache(cache_folder(no_cache))
    return Snapshots(store, cache, progress if sys.stderr.isatty() else None)


def progress(message: str) -> None:
    """One line of progress on a terminal's standard error."""
    sys.stderr.write(f"\r\033[K... {message}"[:120])
    sys.stderr.flush()


def diff_text(view: DiffView) -> str:
    """The diff as terminal tables, one per group of changes."""
    lines = [view.title, view.summary]
    lines += [f"! {problem}" for problem in view.problems]
    for section in view.sections:
        lines += ["", section.title.upper()]
        if section.note:
            lines.append(section.note)
        lines.append(format_table(list(section.headers), [list(r) for r in section.rows],
                                  right=section.right))
        if section.more:
            lines.append(f"... and {section.more} more (--json lists every change)")
    if view.gate:
        lines += ["", view.gate]
    return "\n".join(lines)


__all__ = ["diff_text", "progress", "register", "run", "snapshot_source"]
