"""Run every scenario folder and compare the command's output byte for byte."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from okaeri.cli import main

from .conftest import build_mission, scenario_dirs

CHECK_SCENARIOS = scenario_dirs("check")


def run_scenario(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    mission = build_mission(scenario, tmp_path / "mission")
    args_file = scenario / "args"
    args = args_file.read_text().strip() if args_file.exists() else "check {mission}"
    code = main([a.replace("{mission}", str(mission)) for a in shlex.split(args)])
    captured = capsys.readouterr()
    text = f"exit: {code}\n{captured.out}{captured.err}"
    return text.replace(str(mission), "{mission}")


@pytest.mark.parametrize("scenario", CHECK_SCENARIOS, ids=[p.name for p in CHECK_SCENARIOS])
def test_check_scenario(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = (scenario / "expected.txt").read_text()
    assert run_scenario(scenario, tmp_path, capsys) == expected
