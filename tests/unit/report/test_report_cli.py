"""okaeri report: writes the report, prints its path, exits like okaeri verify."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okaeri.cli import COMMANDS, main


@pytest.fixture(autouse=True)
def cache(report_cache_dir: Path, source_date_epoch: str,
          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(report_cache_dir))


def test_report_is_a_command_after_verify() -> None:
    assert COMMANDS.index("report") == COMMANDS.index("verify") + 1


def test_html_report_of_a_passing_mission(mission: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["report", str(mission), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["INCOMPLETE: 26 pass, 0 fail, 4 inconclusive, 0 error; "
                       "0 below required margin",
                       str(out / "report.html")]
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")


def test_markdown_report_of_a_selection(mission: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(mission), "--format", "md", "--out", str(tmp_path),
                 "--require", "CAP-030"]) == 0
    text = (tmp_path / "report.md").read_text()
    assert "| CAP-031 |" in text and "| CAP-010 |" not in text
    assert (tmp_path / "figures" / "mc_landing_footprint.svg").is_file()
    assert capsys.readouterr().out.endswith("report.md\n")


def test_a_failing_requirement_exits_1_with_the_report_written(
        mission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    failing = tmp_path / "mission"
    shutil.copytree(mission, failing)
    requirements = failing / "requirements" / "system.yaml"
    text = requirements.read_text()
    assert text.count('limit: "= launch.mass_allowance"') == 1  # SYS-010, the allowance
    requirements.write_text(text.replace('limit: "= launch.mass_allowance"', 'limit: "1500 kg"'))
    assert main(["report", str(failing), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().out.startswith("FAILED: ")
    html = (tmp_path / "out" / "report.html").read_text()
    assert '<tr id="req-sys-010" class="row-verdict-fail">' in html


def test_invalid_input_exits_2(mission: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(mission), "--out", str(tmp_path), "--require", "CAP-999"]) == 2
    assert "unknown requirement 'CAP-999'" in capsys.readouterr().err
    assert not (tmp_path / "report.html").exists()


def test_bad_format_is_an_argument_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--format", "pdf"])
    assert exit_info.value.code == 2


def test_an_unwritable_folder_exits_2(mission: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["report", str(mission), "--out", str(blocker)]) == 2
    assert "cannot write" in capsys.readouterr().err
