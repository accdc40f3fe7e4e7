"""``okaeri history``: every requirement's margin over the commits that changed the mission."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from okaeri.cli._common import HelpFormatter, fail, print_json
from okaeri.report.terminal import format_table

_EPILOG = """The commits are those that changed the mission's files (model/, requirements/,
verification/, evidence/, and the mission's own Python modules), along the first
parents of --until, oldest first; with --since REV the history starts at REV.

Each commit is verified by the installed okaeri from its files in git (never checked
out); results are cached by the content of the mission's files in $OKAERI_CACHE_DIR
(default ~/.cache/okaeri), so a second run over the same commits only reads them back.

exit codes:
  0  the history is printed (and the plots written)
  2  invalid input: an unknown or unfetched revision (the message says what to fetch),
     no mission folder or not in git, an unknown --requirement"""


def register(sub: Any) -> None:
    """Add the ``history`` sub-command."""
    parser = sub.add_parser(
        "history",
        help="requirements' values and margins over the commits (table, JSON, SVG plots)",
        description="Verify the mission at every commit that changed it and show each "
        "requirement's margin over the commits; --plots writes a margin burn-down per "
        "requirement with its verdict changes marked.",
        epilog=_EPILOG,
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--mission", "-m", type=Path, metavar="PATH",
                        help="the mission folder in the repository (default: the current "
                        "folder or the nearest one above it with model/ in it)")
    parser.add_argument("--since", metavar="REV",
                        help="start at this revision (a baseline tag, a commit)")
    parser.add_argument("--until", metavar="REV", default="HEAD",
                        help="end at this revision (default: HEAD)")
    parser.add_argument("--requirement", "-r", nargs="+", default=[], metavar="ID",
                        help="only these requirements (default: the table and the plots "
                        "show every one with a margin, --json every one)")
    parser.add_argument("--max-count", "-n", type=int, metavar="N",
                        help="only the last N commits")
    parser.add_argument("--json", action="store_true",
                        help="print JSON: per commit each requirement's state, value, limit "
                        "and margin (SI)")
    parser.add_argument("--plots", type=Path, metavar="DIR",
                        help="write one SVG per requirement: DIR/margin_history_<ID>.svg")
    parser.add_argument("--no-cache", action="store_true",
                        help="verify every commit afresh (no snapshot or analysis cache)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Snapshot the commits, print the table or JSON, write the plots."""
    from okaeri.cli.diff import snapshot_source
    from okaeri.fileio import write_text_atomic
    from okaeri.report.history import history_rows, margin_plot, with_margins
    from okaeri.verification.baselines import find_mission_folder, history, is_mission_folder
    from okaeri.verification.revisions import MissionRepository

    if args.max_count is not None and args.max_count < 1:
        return fail("okaeri history: --max-count takes a whole number from 1")
    mission = args.mission.resolve() if args.mission else find_mission_folder(Path.cwd())
    if mission is None or not is_mission_folder(mission):
        return fail(f"okaeri history: no mission folder at {args.mission or Path.cwd()} (a "
                    "folder with model/ in it); give --mission PATH")
    repo = MissionRepository.find(mission)
    if repo is None:
        return fail(f"okaeri history: {mission} is not in a git repository")
    until = repo.commit(args.until)
    since = repo.commit(args.since) if args.since else None
    snapshots = snapshot_source(args.no_cache)
    found = history(repo, snapshots, until, since, args.max_count)
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    known = found.requirement_ids()
    unknown = [i for i in args.requirement if i not in known]
    if unknown:
        return _unknown(unknown, known)
    requirements = list(args.requirement) or with_margins(found)
    if args.json:
        print_json(found.as_dict(list(args.requirement) or None))
    else:
        headers, rows = history_rows(found, requirements)
        print(f"{found.mission}: {len(found.points)} commits, margins (verdict when not a "
              "plain pass)")
        print(format_table(headers, rows, right=frozenset(range(2, 2 + len(requirements)))))
    if args.plots is not None:
        for requirement_id in requirements:
            plot = margin_plot(found, requirement_id)
            write_text_atomic(args.plots / plot.filename, plot.svg)
        print(f"wrote {len(requirements)} plot(s) to {args.plots}", file=sys.stderr)
    if repo.is_shallow():
        print("okaeri history: the clone is shallow: the history starts where the fetched "
              "commits do; 'git fetch --unshallow' fetches the rest", file=sys.stderr)
    return 0


def _unknown(unknown: list[str], known: list[str]) -> int:
    from okaeri.errors import did_you_mean

    lines = [f"okaeri history: no requirement '{i}' in these commits; {did_you_mean(i, known)}"
             for i in unknown]
    return fail("\n".join(lines))


__all__ = ["register", "run"]
