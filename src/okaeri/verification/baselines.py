"""A mission through its git history: the two sides of a diff, histories and baselines.

- :func:`resolve_side` turns what the user wrote (a revision, a mission folder, or
  nothing: the working tree) into a :class:`Side`;
- :class:`Snapshots` gives the :class:`~okaeri.verification.snapshot.Snapshot` of a side:
  from the store when the mission's input files are known (a revision's key comes from
  ``git ls-tree``, without reading a file), else by materialising the revision's files
  in a temporary folder and verifying them;
- :func:`history` snapshots every commit that changed the mission;
- a **baseline** is a git tag matching :data:`BASELINE_PATTERN` (``baseline/PDR``,
  ``baseline/CDR``): :func:`reviewed_state` says which baseline the working tree is and
  which one came before, and :func:`change_log` gathers what changed since then
  (commits, the diff, the margins' history).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.verification.compare import SnapshotDiff, compare
from okaeri.verification.revisions import Commit, MissionRepository, RevisionError
from okaeri.verification.snapshot import (
    Snapshot,
    SnapshotStore,
    content_key,
    folder_files,
    verify_folder,
)

if TYPE_CHECKING:
    from okaeri.verification.cache import AnalysisCache
    from okaeri.verification.runner import Progress

BASELINE_PATTERN = "baseline/*"
"""Tags that mark a baseline (a glob over tag names): ``git tag baseline/PDR``."""

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a commit, or a mission folder as it is on disk."""

    label: str
    """As the user named it (``HEAD~1``, ``main``, a folder), or ``working tree``."""
    commit: Commit | None = None
    folder: Path | None = None
    """The folder read from disk (the working tree, or a mission folder given by path)."""

    @property
    def title(self) -> str:
        """``HEAD~1 (a1b2c3d)``, ``working tree``, or the folder."""
        if self.commit is not None:
            return f"{self.label} ({self.commit.short})" if self.label != self.commit.short \
                else self.label
        return self.label

    def as_dict(self) -> dict[str, Any]:
        """JSON form: label, commit id, date and subject, or folder."""
        commit = self.commit
        return {"label": self.label, "commit": commit.sha if commit else None,
                "date": commit.date if commit else None,
                "subject": commit.subject if commit else None,
                "folder": str(self.folder) if self.folder is not None else None}


def is_mission_folder(path: Path) -> bool:
    """A folder with a ``model/`` folder in it."""
    return path.is_dir() and (path / "model").is_dir()


def find_mission_folder(start: Path) -> Path | None:
    """``start`` or the nearest folder above it that is a mission folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_mission_folder(folder):
            return folder
    return None


def resolve_side(text: str | None, repo: MissionRepository | None, mission: Path) -> Side:
    """The side ``text`` names: nothing is the working tree of ``mission``; a path to a
    mission folder is that folder; anything else is a revision of ``repo``."""
    if text is None:
        return Side(WORKING_TREE, folder=mission)
    path = Path(text)
    if is_mission_folder(path):
        return Side(text, folder=path.resolve())
    if repo is None:
        raise RevisionError(f"'{text}' is not a mission folder (a folder with model/ in it), "
                            f"and {mission} is not in a git repository, so it cannot be a "
                            "revision either")
    return Side(text, commit=repo.commit(text))


class Snapshots:
    """Snapshots of commits and folders: from the store, or verified and stored."""

    def __init__(self, store: SnapshotStore, cache: AnalysisCache,
                 progress: Progress | None = None) -> None:
        self.store = store
        self.cache = cache
        """The analysis cache of the verifications."""
        self.progress = progress
        self.verified = 0
        """How many verifications ran (the rest came from the store)."""

    def of_commit(self, repo: MissionRepository, commit: Commit) -> Snapshot:
        """The snapshot of the mission at ``commit``."""
        files = repo.files(commit)
        key = content_key(files)
        found = self.store.get(key)
        if found is not None:
            return found
        with tempfile.TemporaryDirectory(prefix="okaeri-revision-") as tmp:
            folder = Path(tmp) / (repo.folder.name or "mission")
            folder.mkdir()
            repo.materialise(files, folder)
            return self._verify(folder, key, f"{commit.short} {commit.subject}")

    def of_folder(self, folder: Path, object_format: str = "sha1") -> Snapshot:
        """The snapshot of a mission folder as it is on disk."""
        key = content_key(folder_files(folder, object_format))
        found = self.store.get(key)
        return found if found is not None else self._verify(folder, key, str(folder))

    def of_side(self, repo: MissionRepository | None, side: Side) -> Snapshot:
        """The snapshot of either kind of side."""
        if side.commit is not None and repo is not None:
            return self.of_commit(repo, side.commit)
        if side.folder is None:
            raise RevisionError(f"nothing to read for '{side.label}'")
        return self.of_folder(side.folder, repo.object_format() if repo else "sha1")

    def _verify(self, folder: Path, key: str, what: str) -> Snapshot:
        if self.progress is not None:
            self.progress(f"verifying {what}")
        self.verified += 1
        snapshot = verify_folder(folder, self.cache, key)
        self.store.put(snapshot)
        return snapshot


# --- history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    """The mission at one commit (or in the working tree)."""

    label: str
    """Short commit id, or ``working tree``."""
    commit: Commit | None
    snapshot: Snapshot


@dataclass(frozen=True)
class History:
    """Snapshots of the mission over its commits, oldest first."""

    mission: str
    points: tuple[HistoryPoint, ...]

    def requirement_ids(self) -> list[str]:
        """Every requirement id of any point, sorted."""
        return sorted({r.id for p in self.points for r in p.snapshot.requirements})

    def as_dict(self, requirements: list[str] | None = None) -> dict[str, Any]:
        """JSON form: per point the commit and each requirement's state, value, limit,
        margin (SI, fractions); ``requirements`` restricts the ids."""
        wanted = set(requirements) if requirements else None
        points = []
        for point in self.points:
            commit = point.commit
            points.append({
                "label": point.label, "commit": commit.sha if commit else None,
                "date": commit.date if commit else None,
                "subject": commit.subject if commit else None,
                "problem": point.snapshot.problem or None,
                "requirements": {
                    r.id: {"state": r.state, "value_si": r.value_si, "limit_si": r.limit_si,
                           "unit_si": r.unit_si, "margin": r.margin,
                           "required_margin": r.required_margin}
                    for r in point.snapshot.requirements if wanted is None or r.id in wanted},
            })
        return {"mission": self.mission, "points": points}


def history(repo: MissionRepository, snapshots: Snapshots, until: Commit,
            since: Commit | None = None, max_count: int | None = None,
            working_tree: Snapshot | None = None) -> History:
    """The mission at ``since`` (when given) and at every later commit up to ``until``
    that changed its files (first parents; the last ``max_count``), then
    ``working_tree`` (the snapshot of the files on disk) when it differs from the last."""
    commits = repo.commits(until, since, max_count)
    if since is not None and (not commits or commits[0].sha != since.sha):
        commits.insert(0, since)
    points: list[HistoryPoint] = []
    for commit in commits:
        snapshot = snapshots.of_commit(repo, commit)
        if points and points[-1].snapshot.content_key == snapshot.content_key:
            continue  # the commit touched the folder but not a file the results read
        points.append(HistoryPoint(commit.short, commit, snapshot))
    if working_tree is not None and (
            not points or points[-1].snapshot.content_key != working_tree.content_key):
        points.append(HistoryPoint(WORKING_TREE, None, working_tree))
    mission = next((p.snapshot.mission for p in reversed(points) if p.snapshot.mission), "")
    return History(mission, tuple(points))


# --- baselines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewedState:
    """Which baseline a mission folder's working tree is, and the one before it."""

    head: Commit | None
    """``None`` when the repository has no commit yet."""
    tags: tuple[str, ...]
    """Baseline tags on ``head``."""
    dirty: bool
    """The mission's files differ from ``head``."""
    previous: str | None
    """The previous baseline tag (before ``head`` when ``head`` is a baseline)."""
    previous_commit: Commit | None
    pattern: str = BASELINE_PATTERN

    @property
    def baseline(self) -> str | None:
        """The baseline reviewed: a tag on ``head`` when the files are as committed."""
        return self.tags[0] if self.tags and not self.dirty else None

    def describe(self) -> str:
        """One sentence for a cover page."""
        if self.head is None:
            return "The mission's repository has no commit yet: no baseline."
        revision = f"commit {self.head.short} of {self.head.date[:10]}"
        if self.baseline is not None:
            text = f"The baseline tagged {self.baseline} ({revision})."
        elif self.dirty:
            text = f"Uncommitted changes on top of {revision}; not a baseline."
        else:
            text = f"{revision[0].upper()}{revision[1:]}; not a baseline (no tag matching " \
                   f"'{self.pattern}' on it)."
        if self.previous is not None:
            text += f" Previous baseline: {self.previous}."
        else:
            text += f" No earlier baseline (tags matching '{self.pattern}')."
        return text


def reviewed_state(repo: MissionRepository, pattern: str = BASELINE_PATTERN) -> ReviewedState:
    """The baseline state of the working tree of ``repo``'s mission folder."""
    try:
        head = repo.commit("HEAD")
    except RevisionError:
        return ReviewedState(None, (), True, None, None, pattern)
    dirty = repo.dirty()
    tags = repo.tags(pattern, merged_into=head)
    on_head = tuple(sorted(t for t, c in tags.items() if c.sha == head.sha))
    reviewed_is_baseline = bool(on_head) and not dirty
    earlier = {t: c for t, c in tags.items() if not (reviewed_is_baseline and c.sha == head.sha)}
    previous = min(earlier, key=lambda t: (repo.distance(earlier[t], head), t), default=None)
    return ReviewedState(head, on_head, dirty, previous,
                         earlier[previous] if previous is not None else None, pattern)


@dataclass(frozen=True)
class ChangeLog:
    """What changed since the previous baseline."""

    state: ReviewedState
    commits: tuple[Commit, ...]
    """Commits that changed the mission since the previous baseline, oldest first."""
    diff: SnapshotDiff | None
    """The previous baseline against the reviewed files; ``None`` without a baseline."""
    history: History | None
    """The previous baseline, every commit since, and the working tree when modified."""


def change_log(repo: MissionRepository, snapshots: Snapshots, state: ReviewedState,
               current: Snapshot) -> ChangeLog:
    """The change log of ``state`` (from :func:`reviewed_state`); ``current`` is the
    snapshot of the reviewed working tree."""
    if state.previous_commit is None or state.head is None:
        return ChangeLog(state, (), None, None)
    before = snapshots.of_commit(repo, state.previous_commit)
    after_label = state.baseline or (WORKING_TREE if state.dirty else state.head.short)
    diff = compare(before, current, state.previous or "", after_label)
    commits = tuple(repo.commits(state.head, state.previous_commit))
    trend = history(repo, snapshots, state.head, state.previous_commit,
                    working_tree=current if state.dirty else None)
    return ChangeLog(state, commits, diff, trend)


__all__ = [
    "BASELINE_PATTERN",
    "WORKING_TREE",
    "ChangeLog",
    "History",
    "HistoryPoint",
    "ReviewedState",
    "Side",
    "Snapshots",
    "change_log",
    "find_mission_folder",
    "history",
    "is_mission_folder",
    "resolve_side",
    "reviewed_state",
]
