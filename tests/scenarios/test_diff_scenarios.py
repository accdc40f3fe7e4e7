"""``okaeri diff`` scenarios: commits on the base mission in a real git repository, and the
exact expected Markdown.

A scenario folder ``tests/scenarios/diff/NN_name/`` holds ``commits.yaml`` (a list of
commits made after the base mission's own commit, each with a ``message``, ``edits`` as
in the other scenarios, and ``files``: new files by path), ``args`` (the command line
after ``okaeri``, with ``{mission}``) and ``expected.txt`` (the exit code, then the exact
output). Short commit ids in the output are written ``<commit>``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from okaeri.cli import main

from .conftest import SCENARIOS, build_mission, scenario_dirs

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CASES = scenario_dirs("diff")
ENV = {"GIT_AUTHOR_NAME": "Scenario", "GIT_AUTHOR_EMAIL": "scenario@example.org",
       "GIT_COMMITTER_NAME": "Scenario", "GIT_COMMITTER_EMAIL": "scenario@example.org",
       "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
       "GIT_CONFIG_NOSYSTEM": "1"}
_COMMIT = re.compile(r"\((?:[0-9a-f]{7,64})\)")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd,
                   env={**os.environ, **ENV}, capture_output=True, check=True)


def apply_commit(mission: Path, commit: dict[str, Any]) -> None:
    """Apply one commit of ``commits.yaml`` and commit it."""
    for edit in commit.get("edits", []):
        path = mission / edit["file"]
        text = path.read_text()
        if text.count(edit["old"]) != 1:
            raise ValueError(f"{edit['old']!r} occurs {text.count(edit['old'])} times in "
                             f"{edit['file']}, expected once")
        path.write_text(text.replace(edit["old"], edit["new"]))
    for name, text in commit.get("files", {}).items():
        (mission / name).write_text(text)
    git(mission, "add", "-A")
    git(mission, "commit", "-q", "-m", str(commit["message"]))


@pytest.fixture(scope="module", autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OKAERI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "diff-cache"))
        yield


def run_scenario(scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    mission = build_mission(scenario, tmp_path / "mission")  # the base: no edits.yaml here
    git(mission, "init", "-q", "-b", "main")
    git(mission, "add", "-A")
    git(mission, "commit", "-q", "-m", "Base mission")
    for commit in yaml.safe_load((scenario / "commits.yaml").read_text()):
        apply_commit(mission, commit)
    args = (scenario / "args").read_text().strip()
    code = main([a.replace("{mission}", str(mission)) for a in shlex.split(args)])
    captured = capsys.readouterr()
    text = f"exit: {code}\n{captured.out}{captured.err}".replace(str(mission), "{mission}")
    return _COMMIT.sub("(<commit>)", text)


@pytest.mark.parametrize("scenario", CASES,
                         ids=[p.relative_to(SCENARIOS).as_posix() for p in CASES])
def test_diff_scenario(scenario: Path, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    expected = (scenario / "expected.txt").read_text()
    assert run_scenario(scenario, tmp_path, capsys) == expected
