"""Scenario folders: edits to a base mission, and the command's exact expected output.

The base mission (``tests/scenarios/base/``) is a frozen copy of the reference mission,
so that tuning the reference mission does not move the lines scenarios point at. A
scenario folder ``tests/scenarios/<command>/NN_name/`` holds:

- ``edits.yaml``: a list of ``{file, old, new}`` exact text replacements applied to the
  base (each ``old`` must occur exactly once);
- optionally ``model/``, ``requirements/``, ``verification/`` files added to the base;
- optionally ``args``: the command line after ``okaeri``, with ``{mission}`` for the
  folder (default ``check {mission}``);
- ``expected.txt``: the exit code (``exit: 2``), then the exact output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

SCENARIOS = Path(__file__).parent
BASE = SCENARIOS / "base"
OVERLAY_DIRS = ("model", "requirements", "verification", "evidence")


def scenario_dirs(command: str) -> list[Path]:
    """Every scenario folder of one command, sorted by name."""
    return sorted(p for p in (SCENARIOS / command).iterdir() if p.is_dir())


def build_mission(scenario: Path, target: Path) -> Path:
    """Copy the base mission to ``target``, then apply the scenario's edits and files."""
    shutil.copytree(BASE, target)
    edits_file = scenario / "edits.yaml"
    for edit in yaml.safe_load(edits_file.read_text()) if edits_file.exists() else []:
        path = target / edit["file"]
        text = path.read_text()
        if text.count(edit["old"]) != 1:
            raise ValueError(f"{edits_file}: {edit['old']!r} occurs {text.count(edit['old'])} "
                             f"times in {edit['file']}, expected once")
        path.write_text(text.replace(edit["old"], edit["new"]))
    for name in OVERLAY_DIRS:
        overlay = scenario / name
        if overlay.is_dir():
            for file in overlay.iterdir():
                shutil.copy(file, target / name / file.name)
    return target
