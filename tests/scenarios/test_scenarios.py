"""Run every scenario folder and compare the command's output byte for byte."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from okaeri.cli import main

from .conftest import SCENARIOS, build_mission, scenario_dirs

COMMANDS = ("check", "budget")
CASES = [scenario for command in COMMANDS for scenario in scenario_dirs(command)]


def run_scenario(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Build the scenario's mission, run its command, and return exit code and output."""
    mission = build_mission(scenario, tmp_path / "mission")
    args_file = scenario / "args"
    args = args_file.read_text().strip() if args_file.exists() else "check {mission}"
    code = main([a.replace("{mission}", str(mission)) for a in shlex.split(args)])
    captured = capsys.readouterr()
    text = f"exit: {code}\n{captured.out}{captured.err}"
    return _PARSER_WORDS.sub("(the YAML parser says: ...)", text.replace(str(mission),
                                                                        "{mission}"))


# The YAML parser's own words differ between PyYAML releases; okaeri's do not.
_PARSER_WORDS = re.compile(r"\(the YAML parser says: [^\n]*\)")


@pytest.mark.parametrize("scenario", CASES,
                         ids=[p.relative_to(SCENARIOS).as_posix() for p in CASES])
def test_scenario(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = (scenario / "expected.txt").read_text()
    assert run_scenario(scenario, tmp_path, capsys) == expected
