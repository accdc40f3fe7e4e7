"""Scenario folders: one overlay on the reference mission plus its exact expected output.

A scenario folder ``tests/scenarios/<command>/NN_name/`` holds files that replace or add
to a copy of the reference mission (``model/``, ``requirements/``, ``verification/``),
an ``args`` file (the command line after ``okaeri``, with ``{mission}`` for the folder;
default ``check {mission}``), and ``expected.txt``: the exit code on the first line
(``exit: 2``), then the exact standard output and standard error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SCENARIOS = Path(__file__).parent
OVERLAY_DIRS = ("model", "requirements", "verification")


def scenario_dirs(command: str) -> list[Path]:
    """Every scenario folder of one command, sorted by name."""
    return sorted(p for p in (SCENARIOS / command).iterdir() if p.is_dir())


def build_mission(scenario: Path, target: Path) -> Path:
    """Copy the reference mission to ``target`` and lay the scenario's files over it."""
    from okaeri.model import reference_mission_path

    source = reference_mission_path()
    for name in OVERLAY_DIRS:
        shutil.copytree(source / name, target / name)
        overlay = scenario / name
        if overlay.is_dir():
            for file in overlay.iterdir():
                shutil.copy(file, target / name / file.name)
    return target
