"""A mission folder in git: its revisions, commits and tags, and a revision's files.

:class:`MissionRepository` finds the repository that holds a mission folder and the
folder's place in it (:attr:`~MissionRepository.prefix`, relative to the repository's
root), resolves revisions to :class:`Commit` records, lists the commits that touched the
mission, reads the tags of a pattern, and writes the mission's input files of a revision
into a folder (:meth:`~MissionRepository.materialise`) from git's object store: the
user's working tree and index are never touched.

Git runs as a subprocess (argument lists, no shell, a timeout). A revision that is not
in the clone raises :class:`RevisionError` with the ``git fetch`` that would bring it
(in a shallow clone, ``git fetch --deepen=N`` for ``HEAD~N``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from okaeri.errors import OkaeriError
from okaeri.verification.snapshot import MISSION_INPUT_DIRS, is_mission_input

GIT_TIMEOUT_S = 120.0
"""Longest a git command may take."""

_ANCESTRY = re.compile(r"(?P<base>.+?)(?P<steps>(?:[~^][0-9]*)+)")
_FULL_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class RevisionError(OkaeriError):
    """A revision cannot be read (unknown, not fetched, or git is missing)."""


@dataclass(frozen=True)
class Commit:
    """One commit."""

    sha: str
    short: str
    time: int
    """Committer time (Unix seconds)."""
    subject: str

    @property
    def date(self) -> str:
        """Committer time as ISO 8601 UTC (``2026-11-18T11:06:40Z``)."""
        moment = dt.datetime.fromtimestamp(self.time, dt.UTC)
        return moment.isoformat().replace("+00:00", "Z")


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], input=stdin, capture_output=True,
                              timeout=GIT_TIMEOUT_S, env=env, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed (or not on the PATH); comparing "
                            "revisions needs it") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {' '.join(args[:2])} took more than "
                            f"{GIT_TIMEOUT_S:.0f} s in {cwd}") from None


def _text(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stdout.decode("utf-8", "replace").strip()


@dataclass(frozen=True)
class MissionRepository:
    """A mission folder inside a git repository."""

    root: Path
    """The repository's top-level folder."""
    prefix: str
    """The mission folder relative to :attr:`root` (``""`` or ``"missions/lsr-1/"``)."""

    @property
    def folder(self) -> Path:
        """The mission folder in the working tree."""
        return self.root / self.prefix if self.prefix else self.root

    @classmethod
    def find(cls, folder: Path) -> MissionRepository | None:
        """The repository holding ``folder``; ``None`` outside git (or without git), and
        for a folder git ignores."""
        try:
            done = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix")
        except RevisionError:
            return None
        if done.returncode != 0:
            return None
        lines = done.stdout.decode("utf-8", "replace").splitlines()
        if not lines or _git(folder, "check-ignore", "-q", ".").returncode == 0:
            return None  # an ignored folder (an installed package in .venv/) is not in git
        return cls(Path(lines[0]), lines[1] if len(lines) > 1 else "")

    def git(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        """Run git in the repository's root."""
        return _git(self.root, *args, stdin=stdin)

    # --- revisions --------------------------------------------------------------------

    def commit(self, revision: str) -> Commit:
        """The commit ``revision`` names; :class:`RevisionError` with a fetch hint when
        the clone does not hold it."""
        if not revision or revision.startswith("-"):
            raise RevisionError(f"'{revision}' is not a revision (a branch, a tag, a commit "
                                "id or HEAD~N)")
        done = self.git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if done.returncode != 0:
            raise self._missing(revision)
        return self._commits(_text(done), "--no-walk")[0]

    def _commits(self, *args: str) -> list[Commit]:
        done = self.git("log", "--no-show-signature", "--format=%H%x1f%h%x1f%ct%x1f%s",
                        *args)
        if done.returncode != 0:
            raise RevisionError(f"git log failed in {self.root}: "
                                f"{done.stderr.decode('utf-8', 'replace').strip()}")
        commits = []
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            sha, short, time, subject = line.split("\x1f", 3)
            commits.append(Commit(sha, short, int(time), subject))
        return commits

    def is_shallow(self) -> bool:
        """Whether the clone is shallow (its history is cut at a depth)."""
        return _text(self.git("rev-parse", "--is-shallow-repository")) == "true"

    def _remote(self) -> str:
        remotes = _text(self.git("remote")).split()
        return "origin" if "origin" in remotes or not remotes else remotes[0]

    def _missing(self, revision: str) -> RevisionError:
        remote, shallow = self._remote(), self.is_shallow()
        where = f"this shallow clone ({self.root})" if shallow else f"the repository {self.root}"
        ancestry = _ANCESTRY.fullmatch(revision)
        base_known = ancestry is not None and self.git(
            "rev-parse", "--verify", "--quiet", f"{ancestry['base']}^{{commit}}").returncode == 0
        if ancestry is not None and base_known and shallow:
            steps = sum(int(s[1:] or 1) for s in re.findall(r"[~^][0-9]*", ancestry["steps"]))
            fetch = [f"git fetch --deepen={steps}"]
        elif revision.startswith(f"{remote}/"):
            fetch = [f"git fetch {remote} {revision.removeprefix(remote + '/')}"]
        elif _FULL_SHA.fullmatch(revision):
            fetch = [f"git fetch {remote} {revision}"]
        else:
            fetch = [f"git fetch {remote} tag {revision}    (a tag)",
                     f"git fetch {remote} {revision}:{revision}    (a branch)"]
        text = (f"revision '{revision}' is not in {where}; fetch it, then run the command "
                "again:\n" + "\n".join(f"    {line}" for line in fetch))
        if shallow:
            text += ("\n(a CI checkout is often shallow: with actions/checkout, "
                     "'fetch-depth: 0' fetches the whole history)")
        return RevisionError(text)

    # --- files ------------------------------------------------------------------------

    def files(self, commit: Commit) -> dict[str, str]:
        """The mission's input files at ``commit``: path relative to the mission folder
        -> git blob id."""
        args = ["ls-tree", "-r", "-z", "--full-tree", commit.sha]
        if self.prefix:
            args += ["--", self.prefix]
        done = self.git(*args)
        if done.returncode != 0:
            raise RevisionError(f"cannot list the files of {commit.short} in {self.root}: "
                                f"{done.stderr.decode('utf-8', 'replace').strip()}")
        files = {}
        for entry in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, sha = meta.split()
            relative = path.removeprefix(self.prefix)
            if (kind == "blob" and mode in ("100644", "100755") and path.startswith(self.prefix)
                    and is_mission_input(relative)):
                files[relative] = sha
        return files

    def materialise(self, files: dict[str, str], target: Path) -> None:
        """Write ``files`` (from :meth:`files`) under ``target`` from git's object store."""
        ordered = sorted(files)
        done = self.git("cat-file", "--batch",
                        stdin="".join(f"{files[r]}\n" for r in ordered).encode())
        if done.returncode != 0:
            raise RevisionError(f"cannot read the mission's files from git in {self.root}: "
                                f"{done.stderr.decode('utf-8', 'replace').strip()}")
        data, at = done.stdout, 0
        for relative in ordered:
            end = data.index(b"\n", at)
            header = data[at:end].split()
            if len(header) != 3 or header[1] != b"blob":
                raise RevisionError(f"git has no file {relative} ({files[relative]}) in "
                                    f"{self.root}; is the clone complete?")
            size = int(header[2])
            parts = relative.split("/")
            if ".." in parts or relative.startswith("/"):
                raise RevisionError(f"unexpected path in git: {relative}")
            path = target.joinpath(*parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data[end + 1:end + 1 + size])
            at = end + 1 + size + 1

    def object_format(self) -> str:
        """``sha1`` or ``sha256``: the hash of the repository's object ids."""
        found = _text(self.git("rev-parse", "--show-object-format"))
        return found if found in ("sha1", "sha256") else "sha1"

    def dirty(self) -> bool:
        """Whether the mission's files in the working tree differ from ``HEAD``."""
        done = self.git("status", "--porcelain", "--untracked-files=all", "--",
                        *self.pathspecs())
        return done.returncode == 0 and bool(done.stdout.strip())

    def pathspecs(self) -> list[str]:
        """Git pathspecs of the mission's input files."""
        prefix = re.sub(r"([*?\[\]\\])", r"\\\1", self.prefix)
        return ([f":(top,literal){self.prefix}{name}" for name in MISSION_INPUT_DIRS]
                + [f":(top,glob){prefix}*.py"])

    # --- history and tags -------------------------------------------------------------

    def commits(self, until: Commit, since: Commit | None = None,
                max_count: int | None = None) -> list[Commit]:
        """Commits that changed the mission's input files, oldest first, along the first
        parents of ``until``; after ``since`` when given; the last ``max_count``."""
        args = ["--first-parent"]
        if max_count is not None:
            args.append(f"--max-count={max_count}")
        args.append(f"{since.sha}..{until.sha}" if since is not None else until.sha)
        return list(reversed(self._commits(*args, "--", *self.pathspecs())))

    def tags(self, pattern: str, merged_into: Commit | None = None) -> dict[str, Commit]:
        """Tags matching ``pattern`` (a glob, ``baseline/*``), each with its commit;
        only those reachable from ``merged_into`` when given."""
        args = ["tag", "--list", pattern]
        if merged_into is not None:
            args += ["--merged", merged_into.sha]
        names = _text(self.git(*args)).split()
        return {name: self.commit(f"refs/tags/{name}") for name in sorted(names)}

    def distance(self, older: Commit, newer: Commit) -> int:
        """Commits reachable from ``newer`` but not from ``older``."""
        return int(_text(self.git("rev-list", "--count", f"{older.sha}..{newer.sha}")) or 0)


__all__ = ["GIT_TIMEOUT_S", "Commit", "MissionRepository", "RevisionError"]
