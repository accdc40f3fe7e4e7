"""Any exception of an analysis fails its node: the requirements that read it are
``error`` verdicts naming the root cause once, never a traceback (issue 10, item 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okaeri.cli import main
from okaeri.model import reference_mission_path
from okaeri.verification.project import load_project
from okaeri.verification.results import Verdict
from okaeri.verification.runner import run_verification

RAISING = '    raise {error}("the link model broke")\n    eirp = 10.0 * math.log10(transmit_power)'


def with_broken_link(tmp_path: Path, error: str) -> Path:
    """The reference mission whose own analysis (analyses/link.py) raises ``error``."""
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target)
    module = target / "analyses" / "link.py"
    text = module.read_text()
    line = "    eirp = 10.0 * math.log10(transmit_power)"
    assert text.count(line) == 1
    module.write_text(text.replace(line, RAISING.format(error=error)))
    return target


@pytest.mark.parametrize("error", ["IndexError", "KeyError", "RuntimeError", "AttributeError",
                                   "ZeroDivisionError"])
def test_an_analysis_raising_anything_is_an_error_verdict(tmp_path: Path, error: str) -> None:
    run = run_verification(load_project(with_broken_link(tmp_path, error)),
                           select=["OTV-040"])
    assert run.result("OTV-040").verdict is Verdict.ERROR
    (cause,) = run.errors
    assert cause.key == "link.downlink" and cause.requirements == ("OTV-040",)
    assert f"{error}: " in cause.message and "budgets.yaml" in cause.message


def test_the_cli_reports_it_and_exits_1(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = with_broken_link(tmp_path, "IndexError")
    assert main(["verify", str(folder), "--require", "OTV-040", "--no-cache"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "error in link.downlink (blocks OTV-040)" in captured.out
