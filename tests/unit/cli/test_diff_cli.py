"""okaeri diff and okaeri history on a real git repository made by okaeri init.

The repository has three commits: the mission as ``okaeri init`` writes it, the heat
shield raised from 10 to 12 kg (SYS-010's launch-mass margin shrinks), and raised again
to 25 kg (the launch mass crosses the 2,000 kg allowance: SYS-010 flips to fail).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from okaeri.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
       "GIT_CONFIG_NOSYSTEM": "1"}
HEAT_SHIELD = 'basic_mass: "{mass} kg"\n        category: new\n        maturity: layout\n' \
              '        source: assumption (reference-mission.md)\n      - id: back_shell'


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
                           *args], cwd=cwd, env={**os.environ, **ENV}, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def set_heat_shield(mission: Path, old: int, new: int) -> int:
    """Change the heat shield's basic mass; returns the line it is written on."""
    path = mission / "model" / "capsule.yaml"
    text = path.read_text(encoding="utf-8")
    before = HEAT_SHIELD.format(mass=old)
    assert text.count(before) == 1
    path.write_text(text.replace(before, HEAT_SHIELD.format(mass=new)), encoding="utf-8")
    return text[:text.index(before)].count("\n") + 1


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.getbasetemp() / "cli-cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OKAERI_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="module")
def mission(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path) -> tuple[Path, int]:
    """The repository (see the module docstring); returns the mission and the heat
    shield's line."""
    folder = tmp_path_factory.mktemp("diff") / "my-mission"
    assert main(["init", str(folder)]) == 0
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "LSR-1 from okaeri init")
    line = set_heat_shield(folder, 10, 12)
    git(folder, "commit", "-q", "-am", "Heavier heat shield")
    set_heat_shield(folder, 12, 25)
    git(folder, "commit", "-q", "-am", "Much heavier heat shield")
    return folder, line


def section(out: str, title: str) -> str:
    """The lines of one section of the terminal diff."""
    start = out.index(f"\n{title}\n")
    end = out.find("\n\n", start + 2)
    return out[start:end if end >= 0 else None]


def test_a_heavier_heat_shield_shows_sys010_budgets_and_the_parameter_with_file_and_line(
        mission: tuple[Path, int], capsys: pytest.CaptureFixture[str]) -> None:
    folder, line = mission
    assert main(["diff", "HEAD~2", "HEAD~1", "--mission", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("LSR-1: HEAD~2 (") and ") → HEAD~1 (" in out.splitlines()[0]
    margins = section(out, "MARGINS")
    (sys010,) = [row for row in margins.splitlines() if row.startswith("SYS-010")]
    assert " kg → " in sys010 and " pp " in sys010 and sys010.rstrip().endswith("pass")
    budgets = section(out, "BUDGETS")
    assert "mass.launch_mass" in budgets and "propellant.required" in budgets
    items = section(out, "ITEMS THAT MOVED THE BUDGETS")
    assert "mass.vehicles[capsule].lines[heat_shield_tps].predicted_mass" in items
    parameters = section(out, "PARAMETERS")
    (row,) = [r for r in parameters.splitlines() if "capsule.heat_shield_tps.basic_mass" in r]
    assert row.count(f"model/capsule.yaml:{line}") == 2  # both revisions
    assert "10.00 kg" in row and "12.00 kg" in row and "+2.000 kg (+20.0 %)" in row
    assert "VERDICT FLIPS" not in out


def test_crossing_the_limit_flips_sys010_and_fail_on_flip_exits_1(
        mission: tuple[Path, int], capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    args = ["diff", "HEAD~1", "HEAD", "--mission", str(folder)]
    assert main(args) == 0
    assert "SYS-010      Launch mass" in section(capsys.readouterr().out, "VERDICT FLIPS")
    assert main([*args, "--fail-on", "flip"]) == 1
    out = capsys.readouterr().out
    (flip,) = [r for r in section(out, "VERDICT FLIPS").splitlines() if r.startswith("SYS-010")]
    assert flip.split()[3:6] == ["pass", "FAIL", "worse"]
    assert out.rstrip().splitlines()[-1].startswith("FAILED (--fail-on flip): ")
    assert "SYS-010: pass → fail" in out
    assert main([*args, "--fail-on", "burn:1000"]) == 0  # no margin burns 1000 points


def test_markdown_and_json(mission: tuple[Path, int], capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    assert main(["diff", "HEAD~1", "HEAD", "-m", str(folder), "--format", "markdown",
                 "--fail-on", "flip"]) == 1
    markdown = capsys.readouterr().out
    assert markdown.startswith("### okaeri diff: LSR-1: HEAD~1 (")
    assert "| SYS-010 | Launch mass | pass | FAIL | worse |" in markdown
    assert "**FAILED (--fail-on flip): " in markdown and len(markdown) < 65536
    assert main(["diff", "HEAD~1", "HEAD", "-m", str(folder), "--json"]) == 0
    text = capsys.readouterr().out
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text)
    assert data["before"]["commit"] == git(folder, "rev-parse", "HEAD~1")
    assert data["after"]["subject"] == "Much heavier heat shield"
    flips = {f["id"]: f for f in data["diff"]["flips"]}
    assert flips["SYS-010"]["before"] == "pass" and flips["SYS-010"]["after"] == "fail"
    assert data["failures"] == [] and data["fail_on"] == []


def test_default_is_head_against_the_working_tree(
        mission: tuple[Path, int], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = mission
    path = folder / "requirements" / "system.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('limit: "= launch.mass_allowance"', 'limit: "2100 kg"'),
                    encoding="utf-8")
    try:
        monkeypatch.chdir(folder / "model")  # the mission is found above the current folder
        assert main(["diff"]) == 0
    finally:
        path.write_text(text, encoding="utf-8")
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("→ working tree")
    (flip,) = [r for r in section(out, "VERDICT FLIPS").splitlines() if r.startswith("SYS-010")]
    assert flip.split()[3:6] == ["FAIL", "pass", "better"]
    requirements = section(out, "REQUIREMENTS ADDED, REMOVED OR REWORDED")
    assert "budget.mass.launch <= 2100 kg" in requirements


def test_snapshots_are_read_back_from_the_cache(
        mission: tuple[Path, int], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    args = ["diff", "HEAD~2", "HEAD", "--mission", str(folder), "--json"]
    assert main(args) == 0
    first = capsys.readouterr().out

    def no_verification(*_: object, **__: object) -> None:
        raise AssertionError("the snapshot should come from the cache")

    monkeypatch.setattr("okaeri.verification.baselines.verify_folder", no_verification)
    assert main(args) == 0
    assert capsys.readouterr().out == first


def test_two_mission_folders_need_no_git(
        mission: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    before = tmp_path / "before"
    shutil.copytree(folder, before, ignore=shutil.ignore_patterns(".git"))
    set_heat_shield(before, 25, 12)
    assert main(["diff", str(before), str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"LSR-1: {before} → {folder}")
    assert "SYS-010" in section(out, "VERDICT FLIPS")


def test_a_revision_missing_from_a_shallow_clone_says_what_to_fetch(
        mission: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", folder.as_uri(), str(clone))
    assert main(["diff", "HEAD~1", "HEAD", "--mission", str(clone)]) == 2
    err = capsys.readouterr().err
    assert "revision 'HEAD~1' is not in this shallow clone" in err
    assert "    git fetch --deepen=1" in err
    git(clone, "fetch", "-q", "--deepen=1")  # what the message says
    assert main(["diff", "HEAD~1", "HEAD", "--mission", str(clone), "--fail-on", "flip"]) == 1
    assert "SYS-010: pass → fail" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["diff", "--fail-on", "flips"], "--fail-on 'flips' is not a rule"),
    (["diff", "nope", "--mission", "{mission}"], "revision 'nope' is not in the repository"),
    (["diff", "--mission", "{tmp}"], "no mission folder at"),
])
def test_bad_input_exits_2(mission: tuple[Path, int], tmp_path: Path, args: list[str],
                           message: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    args = [a.replace("{mission}", str(folder)).replace("{tmp}", str(tmp_path)) for a in args]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_a_mission_folder_outside_git_names_the_folder_form(
        tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "plain")]) == 0
    capsys.readouterr()
    assert main(["diff", "--mission", str(tmp_path / "plain")]) == 2
    assert "okaeri diff FOLDER_A FOLDER_B" in capsys.readouterr().err


# --- okaeri history -----------------------------------------------------------------------


def test_history_plots_sys010s_margin_over_the_commits(
        mission: tuple[Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    args = ["history", "--mission", str(folder), "--requirement", "SYS-010", "--plots",
            str(tmp_path / "plots")]
    assert main(args) == 0
    out = capsys.readouterr().out
    rows = out.splitlines()[3:]
    assert [r.split()[0] for r in rows] == [git(folder, "rev-parse", "--short", f"HEAD~{i}")
                                            for i in (2, 1, 0)]
    assert rows[0].split()[3] == "%" and float(rows[0].split()[2]) > 0.0
    assert rows[-1].split()[3:5] == ["%", "FAIL"] and float(rows[-1].split()[2]) < 0.0
    svg = (tmp_path / "plots" / "margin_history_SYS-010.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "pass → FAIL" in svg and "<metadata>" not in svg

    def no_verification(*_: object, **__: object) -> None:
        raise AssertionError("a second history reads the cached snapshots")

    monkeypatch.setattr("okaeri.verification.baselines.verify_folder", no_verification)
    assert main(args) == 0  # warm: every snapshot from the cache
    assert (tmp_path / "plots" / "margin_history_SYS-010.svg").read_text(encoding="utf-8") == svg


def test_history_json_and_since(mission: tuple[Path, int],
                                capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    assert main(["history", "-m", str(folder), "--since", "HEAD~1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["subject"] for p in data["points"]] == ["Heavier heat shield",
                                                       "Much heavier heat shield"]
    sys010 = [p["requirements"]["SYS-010"] for p in data["points"]]
    assert [s["state"] for s in sys010] == ["pass", "fail"]
    assert sys010[0]["margin"] > 0.0 > sys010[1]["margin"]
    assert sys010[0]["limit_si"] == 2000.0 and sys010[0]["unit_si"] == "kg"


def test_history_of_an_unknown_requirement_exits_2(
        mission: tuple[Path, int], capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = mission
    assert main(["history", "-m", str(folder), "-r", "SYS-01"]) == 2
    assert "did you mean 'SYS-010'" in capsys.readouterr().err
