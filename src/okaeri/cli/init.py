"""``okaeri init``: scaffold a new mission folder from the reference mission."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from okaeri.cli._common import HelpFormatter, fail


def register(sub: Any) -> None:
    """Add the ``init`` sub-command."""
    parser = sub.add_parser(
        "init",
        help="create a new mission folder from the reference mission",
        description="Create DIR with model/, requirements/, verification/, evidence/ and analyses/ "
        "copied from "
        "the LSR-1 reference mission, and the JSON Schema for editors. Refuses to write "
        "into an existing, non-empty folder.",
        epilog="exit codes: 0 created, 2 DIR exists and is not empty",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="folder to create")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Copy the reference mission into a new folder."""
    from okaeri.fileio import write_text_atomic
    from okaeri.model import reference_mission_path
    from okaeri.model.load import MISSION_DIRS
    from okaeri.model.schema import SCHEMA_FILE_NAME, model_schema_text

    target: Path = args.dir
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        return fail(f"okaeri init: {target} already exists and is not empty; nothing was "
                    "written (choose a new folder)")
    source = reference_mission_path()
    staging = target.with_name(f".{target.name}.okaeri-init")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for name in MISSION_DIRS:
            shutil.copytree(source / name, staging / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".gitkeep"))
        write_text_atomic(staging / SCHEMA_FILE_NAME, model_schema_text())
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return fail(f"okaeri init: cannot create {target}: {exc.strerror or exc}")
    print(f"created {target} from the reference mission; next: okaeri check {target}")
    return 0
