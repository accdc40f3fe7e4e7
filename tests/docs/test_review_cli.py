"""``okaeri review``: exit codes, a failing mission, missing Sphinx, invalid input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from okaeri.cli import main


def test_review_without_the_docs_extra_exits_2_with_the_install_command(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from okaeri.cli import review

    monkeypatch.setattr(review, "missing_packages", lambda: ["sphinx", "furo"])
    assert main(["review", "--out", str(tmp_path / "package")]) == 2
    err = capsys.readouterr().err
    assert "sphinx, furo not installed" in err
    assert "pip install 'okaeri[docs]'" in err
    assert not (tmp_path / "package").exists()


def test_review_requires_an_output_folder(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["review"])
    assert exit_info.value.code == 2
    assert "--out" in capsys.readouterr().err


def _mission(tmp_path: Path, old: str, new: str, file: str = "model/otv.yaml") -> Path:
    from okaeri.model import reference_mission_path

    mission = tmp_path / "my-mission"
    shutil.copytree(reference_mission_path(), mission,
                    ignore=shutil.ignore_patterns("__pycache__"))
    path = mission / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return mission


def test_review_of_an_invalid_mission_exits_2_with_its_findings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sphinx")
    pytest.importorskip("furo")
    pytest.importorskip("matplotlib")
    mission = _mission(tmp_path, 'diameter: "0.80 m"', 'diameter: "0.80 kg"',
                       "model/capsule.yaml")
    assert main(["review", str(mission), "--out", str(tmp_path / "package")]) == 2
    err = capsys.readouterr().err
    assert "capsule.yaml" in err and "expected a length" in err
    assert not (tmp_path / "package" / "html").exists()


def test_review_of_a_failing_mission_builds_the_package_and_exits_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sphinx")
    pytest.importorskip("furo")
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(tmp_path / "cache"))
    mission = _mission(tmp_path, 'basic_mass: "120 kg"', 'basic_mass: "135 kg"')
    out = tmp_path / "package"
    assert main(["review", str(mission), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert "FAILED: 20 pass, 8 fail, 2 inconclusive, 0 error" in printed.out
    assert printed.err == ""  # the verdict warnings are content, not build problems
    conf = (out / "source" / "conf.py").read_text(encoding="utf-8")
    assert "okaeri_mission = '../../my-mission'" in conf
    open_items = (out / "html" / "open-items.html").read_text(encoding="utf-8")
    assert "SYS-010" in open_items and "FAIL" in open_items
    verification = (out / "html" / "verification.html").read_text(encoding="utf-8")
    assert re.search(r"2,0[0-9]{2} kg", verification)  # a launch mass over the 2,000 kg


def test_review_with_an_invalid_review_yaml_exits_2_with_its_findings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sphinx")
    pytest.importorskip("furo")
    pytest.importorskip("matplotlib")
    mission = _mission(tmp_path, "due: 2027-03-31", "due: next spring", "review.yaml")
    assert main(["review", str(mission), "--out", str(tmp_path / "package")]) == 2
    err = capsys.readouterr().err
    assert "review.yaml:" in err and "ACT-001.due" in err
    assert not (tmp_path / "package" / "html").exists()
