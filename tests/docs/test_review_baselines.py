"""``okaeri review`` of a tagged baseline: the cover states it, the change log shows what
changed since the previous baseline (commits, flips, margins, parameters, trend plots)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from okaeri.cli import main

pytest.importorskip("sphinx")
pytest.importorskip("furo")
pytest.importorskip("matplotlib")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
       "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
                   cwd=cwd, env={**os.environ, **ENV}, capture_output=True, check=True)


def heat_shield(mission: Path, old: str, new: str) -> None:
    path = mission / "model" / "capsule.yaml"
    text = path.read_text(encoding="utf-8")
    line = f'basic_mass: "{old} kg"\n        category: new\n        maturity: layout\n' \
           '        source: assumption (reference-mission.md)\n      - id: back_shell'
    assert text.count(line) == 1
    path.write_text(text.replace(line, line.replace(f'"{old} kg"', f'"{new} kg"')),
                    encoding="utf-8")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """PDR on the mission from okaeri init; two heavier heat shields; CDR on the last."""
    root = tmp_path_factory.mktemp("baselines")
    mission = root / "my-mission"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OKAERI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cli-cache"))
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        assert main(["init", str(mission)]) == 0
        git(mission, "init", "-q", "-b", "main")
        git(mission, "add", "-A")
        git(mission, "commit", "-q", "-m", "Mission for the PDR")
        git(mission, "tag", "baseline/PDR")
        heat_shield(mission, "10", "12")
        git(mission, "commit", "-q", "-am", "Heavier heat shield")
        heat_shield(mission, "12", "25")
        git(mission, "commit", "-q", "-am", "Much heavier heat shield")
        git(mission, "tag", "-a", "-m", "Critical design review", "baseline/CDR")
        code = main(["review", str(mission), "--out", str(root / "package")])
    yield root / "package", code


def _page(package: Path, name: str) -> str:
    return (package / "html" / f"{name}.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_package_is_built_and_exits_1_for_the_failing_launch_mass(
        package: tuple[Path, int]) -> None:
    out, code = package
    assert code == 1
    assert (out / "source" / "changes.rst").is_file()


def test_the_cover_states_the_baseline_reviewed(package: tuple[Path, int]) -> None:
    out, _ = package
    cover = _text(_page(out, "index"))
    assert re.search(r"Reviewed: The baseline tagged baseline/CDR \(commit [0-9a-f]{7,} of "
                     r"\d{4}-\d\d-\d\d\)\. Previous baseline: baseline/PDR\.", cover)
    assert "Changes since the previous baseline" in cover  # the page is in the contents


def test_the_change_log_shows_commits_flips_margins_parameters_and_trends(
        package: tuple[Path, int]) -> None:
    out, _ = package
    html = _page(out, "changes")
    text = _text(html)
    assert "Commits since baseline/PDR" in text
    assert text.index("Heavier heat shield") < text.index("Much heavier heat shield")
    assert "Mission for the PDR" not in text  # the baseline itself is not a change since it
    assert "SYS-010 Launch mass pass FAIL worse" in text
    assert "capsule.heat_shield_tps.basic_mass 10.00 kg 25.00 kg" in text
    assert "mass.launch_mass" in text
    plots = re.findall(r'id="plot-(margin_history_[A-Z0-9-]+)"', html)
    # the flipped requirements with a margin first; none without a margin (MIS-002)
    assert "margin_history_SYS-010" in plots and len(plots) <= 6
    assert not any(p.startswith("margin_history_MIS") for p in plots)
    assert "pass → FAIL" in html
