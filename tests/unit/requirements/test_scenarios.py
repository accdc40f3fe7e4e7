"""Scenario folders of requirements and verification: overlay, load, check, exact output.

Each folder of ``tests/scenarios/requirements/`` lays its files (``model/``,
``requirements/``, ``verification/``, ``evidence/``) over a copy of the reference
mission; ``expected.txt`` holds the exact findings as
:func:`okaeri.errors.format_findings` prints them. Until ``okaeri check`` loads
requirements and verification, the loaders are called directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okaeri.errors import format_findings
from okaeri.model import load_mission, reference_mission_path
from okaeri.verification import check_requirements_and_plan

SCENARIOS = Path(__file__).parents[2] / "scenarios" / "requirements"
OVERLAY_DIRS = ("model", "requirements", "verification", "evidence")
SCENARIO_DIRS = sorted(p for p in SCENARIOS.iterdir() if p.is_dir())


def build_mission(scenario: Path, target: Path) -> Path:
    """Copy the whole reference mission to ``target`` and lay the scenario's files over it."""
    shutil.copytree(reference_mission_path(), target)
    for name in OVERLAY_DIRS:
        overlay = scenario / name
        if overlay.is_dir():
            (target / name).mkdir(exist_ok=True)
            for file in overlay.iterdir():
                shutil.copy(file, target / name / file.name)
    return target


def scenario_output(scenario: Path, tmp_path: Path) -> str:
    """The formatted findings of a scenario, as ``okaeri check`` will print them."""
    folder = build_mission(scenario, tmp_path / "mission")
    result = check_requirements_and_plan(folder, mission=load_mission(folder))
    return format_findings(result.findings) + "\n"


@pytest.mark.parametrize("scenario", SCENARIO_DIRS, ids=[p.name for p in SCENARIO_DIRS])
def test_requirements_scenario(scenario: Path, tmp_path: Path) -> None:
    expected = (scenario / "expected.txt").read_text()
    assert scenario_output(scenario, tmp_path) == expected


def test_the_reference_mission_has_no_findings(tmp_path: Path) -> None:
    empty = tmp_path / "empty_scenario"
    empty.mkdir()
    assert scenario_output(empty, tmp_path) == "0 errors, 0 warnings\n"
