"""A mission folder in real git repositories: revisions, files, commits, tags, shallow clones.

The oracle for content ids is git itself (``git hash-object``); the fetch hints are
checked by running them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from okaeri.verification.baselines import reviewed_state
from okaeri.verification.revisions import MissionRepository, RevisionError
from okaeri.verification.snapshot import content_key, folder_files

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True,
                                               check=False).returncode != 0,
                                reason="git is not installed")

ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
       "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
       "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
                           *args], cwd=cwd, env=ENV, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit_all(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    """A repository with the mission in missions/lsr-1/ and four commits:
    the mission, docs only, a model change, the mission's README only."""
    root = tmp_path / "repo"
    mission = root / "missions" / "lsr-1"
    write(mission / "model" / "capsule.yaml", "mass: '10 kg'\n")
    write(mission / "requirements" / "system.yaml", "requirements: []\n")
    write(mission / "analyses.py", "X = 1\n")
    write(mission / "README.md", "LSR-1\n")
    write(mission / "model" / "__pycache__" / "x.pyc", "")
    write(root / ".gitignore", "__pycache__/\n")
    git(root, "init", "-q", "-b", "main")
    shas = [commit_all(root, "Mission")]
    write(root / "docs" / "index.md", "docs\n")
    shas.append(commit_all(root, "Docs only"))
    write(mission / "model" / "capsule.yaml", "mass: '12 kg'\n")
    shas.append(commit_all(root, "Heavier capsule"))
    write(mission / "README.md", "LSR-1, the reference mission\n")
    shas.append(commit_all(root, "README only"))
    return mission, shas


def test_the_mission_folder_is_found_relative_to_the_repository_root(
        repo: tuple[Path, list[str]]) -> None:
    mission, _ = repo
    found = MissionRepository.find(mission)
    assert found is not None
    assert found.prefix == "missions/lsr-1/"
    assert found.folder.resolve() == mission.resolve()


def test_outside_git_and_in_an_ignored_folder_there_is_no_repository(
        repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    mission, _ = repo
    outside = tmp_path / "plain"
    outside.mkdir()
    assert MissionRepository.find(outside) is None
    ignored = mission.parent.parent / "build" / "mission"
    ignored.mkdir(parents=True)
    write(mission.parent.parent / ".gitignore", "__pycache__/\nbuild/\n")
    assert MissionRepository.find(ignored) is None


def test_files_are_the_mission_inputs_with_the_blob_ids_git_computes(
        repo: tuple[Path, list[str]]) -> None:
    mission, _ = repo
    found = MissionRepository.find(mission)
    assert found is not None
    files = found.files(found.commit("HEAD"))
    assert sorted(files) == ["analyses.py", "model/capsule.yaml", "requirements/system.yaml"]
    for relative, blob in files.items():
        assert blob == git(mission, "hash-object", relative)
    # the working tree's key equals the commit's: a snapshot made from one serves the other
    assert content_key(folder_files(mission)) == content_key(files)


def test_materialise_writes_the_revisions_files_and_leaves_the_checkout_alone(
        repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    mission, shas = repo
    found = MissionRepository.find(mission)
    assert found is not None
    index = mission.parent.parent / ".git" / "index"
    index_before = index.read_bytes()
    target = tmp_path / "old"
    found.materialise(found.files(found.commit(shas[0])), target)
    assert (target / "model" / "capsule.yaml").read_text() == "mass: '10 kg'\n"
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) \
        == ["analyses.py", "model/capsule.yaml", "requirements/system.yaml"]
    assert (mission / "model" / "capsule.yaml").read_text() == "mass: '12 kg'\n"
    assert index.read_bytes() == index_before
    assert git(mission, "status", "--porcelain") == ""


def test_commits_are_those_that_changed_the_missions_inputs(
        repo: tuple[Path, list[str]]) -> None:
    mission, shas = repo
    found = MissionRepository.find(mission)
    assert found is not None
    head = found.commit("HEAD")
    assert [c.sha for c in found.commits(head)] == [shas[0], shas[2]]
    assert [c.sha for c in found.commits(head, found.commit(shas[0]))] == [shas[2]]
    assert [c.sha for c in found.commits(head, max_count=1)] == [shas[2]]
    assert found.commit(shas[2][:10]).subject == "Heavier capsule"
    assert found.commit("HEAD").date == "2026-01-01T00:00:00Z"


def test_dirty_looks_at_the_missions_inputs_only(repo: tuple[Path, list[str]]) -> None:
    mission, _ = repo
    found = MissionRepository.find(mission)
    assert found is not None and not found.dirty()
    write(mission / "README.md", "edited\n")
    assert not found.dirty()
    write(mission / "verification" / "new.yaml", "activities: []\n")  # untracked input
    assert found.dirty()


def test_baselines_are_tags_of_the_pattern(repo: tuple[Path, list[str]]) -> None:
    mission, shas = repo
    root = mission.parent.parent
    git(root, "tag", "baseline/PDR", shas[0])
    git(root, "tag", "-a", "-m", "CDR", "baseline/CDR", shas[3])  # annotated
    git(root, "tag", "release-1", shas[2])
    found = MissionRepository.find(mission)
    assert found is not None
    state = reviewed_state(found)
    assert (state.baseline, state.previous) == ("baseline/CDR", "baseline/PDR")
    assert state.previous_commit is not None and state.previous_commit.sha == shas[0]
    assert state.describe().startswith("The baseline tagged baseline/CDR (commit ")
    write(mission / "model" / "capsule.yaml", "mass: '14 kg'\n")
    state = reviewed_state(found)  # modified: the tag on HEAD is now the previous baseline
    assert (state.baseline, state.previous) == (None, "baseline/CDR")
    assert "Uncommitted changes" in state.describe()


def test_an_unknown_revision_names_what_to_fetch(repo: tuple[Path, list[str]]) -> None:
    mission, _ = repo
    found = MissionRepository.find(mission)
    assert found is not None
    with pytest.raises(RevisionError) as error:
        found.commit("baseline/QR")
    assert "git fetch origin tag baseline/QR" in str(error.value)
    with pytest.raises(RevisionError, match="is not a revision"):
        found.commit("--output=x")


def test_a_shallow_clone_says_which_fetch_brings_the_revision(
        repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    mission, shas = repo
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", (mission.parent.parent).as_uri(), str(clone))
    found = MissionRepository.find(clone / "missions" / "lsr-1")
    assert found is not None and found.is_shallow()
    with pytest.raises(RevisionError) as error:
        found.commit("HEAD~2")
    message = str(error.value)
    assert "shallow clone" in message and "fetch-depth: 0" in message
    assert "    git fetch --deepen=2" in message
    with pytest.raises(RevisionError) as error:
        found.commit(shas[0])
    assert f"    git fetch origin {shas[0]}" in str(error.value)
    git(clone, "fetch", "-q", "--deepen=2")  # the command the message gave
    assert found.commit("HEAD~2").sha == shas[1]
