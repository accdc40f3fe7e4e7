"""A small, stable snapshot of a verified mission: what diffs and histories compare.

A :class:`Snapshot` holds, for one state of a mission folder:

- every requirement's verdict, value, limit, margin, required margin, reason, title,
  text and criterion (:class:`RequirementState`);
- every number of the budgets (:class:`BudgetValue`), flattened from
  ``Budgets.as_dict()``: a key such as ``mass.launch_mass`` or
  ``mass.vehicles[capsule].lines[heat_shield_tps].predicted_mass``, the SI value and
  unit (taken from the ``_kg``, ``_m_s``, ... suffix of the field), and its depth (0 for
  a budget's own results: its totals and its lines against a limit; more for the lines,
  phases and vehicles inside it);
- every parameter of the dependency graph (:class:`ParameterValue`): key, SI value,
  unit, and the ``file:line`` it is written at.

It is built only from :func:`~okaeri.verification.project.load_project`,
:func:`~okaeri.verification.runner.run_verification`, the
:class:`~okaeri.verification.results.VerificationRun` and
:meth:`~okaeri.graph.DependencyGraph.nodes` (:func:`build_snapshot`), and it is plain
JSON (:meth:`Snapshot.as_dict`, :meth:`Snapshot.from_dict`): non-finite numbers are
``None``.

Snapshots are cached on disk (:class:`SnapshotStore`, in ``snapshots/`` of the analysis
cache folder) by the content of the mission's input files (:func:`content_key`: the git
blob id of each file, so that a revision's key comes from ``git ls-tree`` without
reading a file) and okaeri's code (:func:`~okaeri.fingerprint.code_fingerprint`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.fingerprint import code_fingerprint
from okaeri.model.load import MISSION_DIRS

if TYPE_CHECKING:
    from okaeri.verification.cache import AnalysisCache
    from okaeri.verification.project import Project
    from okaeri.verification.results import VerificationRun
    from okaeri.verification.runner import Progress

SNAPSHOT_FORMAT = 1
"""Part of every snapshot's cache key: raise it when the snapshot's fields change."""

MISSION_INPUT_DIRS = MISSION_DIRS
"""Folders of a mission whose files make its results."""

MISSION_TOP_LEVEL_SUFFIXES = (".py",)
"""Files directly in the mission folder that make its results (a mission's analyses)."""

UNIT_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("_fraction", ""), ("_W_m2", "W/m^2"), ("_J_m2", "J/m^2"), ("_m_s", "m/s"),
    ("_kg", "kg"), ("_deg", "deg"), ("_rad", "rad"), ("_Wh", "Wh"), ("_Pa", "Pa"),
    ("_W", "W"), ("_J", "J"), ("_N", "N"), ("_K", "K"), ("_m", "m"), ("_s", "s"),
)
"""Unit suffixes of the fields of ``Budgets.as_dict()`` and the unit each one means, the
longer ones first (``_m_s`` before ``_s``). A field with a ``value_si``/``unit_si``
pair needs none."""

_IDENTITY_FIELDS = ("key", "component", "phase", "vehicle", "quantity", "name")
_SKIPPED_BUDGET_FIELDS = frozenset({"mission", "loops"})


def is_mission_input(relative: str) -> bool:
    """Whether a file (path relative to the mission folder, ``/``-separated) is read by
    the verification: anything in :data:`MISSION_INPUT_DIRS`, and top-level modules."""
    parts = relative.split("/")
    if "__pycache__" in parts or any(p.startswith(".") for p in parts):
        return False
    if len(parts) == 1:
        return relative.endswith(MISSION_TOP_LEVEL_SUFFIXES)
    return parts[0] in MISSION_INPUT_DIRS


def finite(value: float | None) -> float | None:
    """``value`` as a float, or ``None`` when it is missing, NaN or infinite."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class RequirementState:
    """One requirement at the end of a run."""

    id: str
    title: str
    text: str
    criterion: str
    verdict: str
    """``pass``, ``fail``, ``inconclusive`` or ``error``."""
    low_margin: bool
    """A pass below its required margin."""
    value_si: float | None
    limit_si: float | None
    unit_si: str
    margin: float | None
    required_margin: float
    reason: str
    location: str
    """``file:line`` of the requirement, relative to the mission folder."""

    @property
    def state(self) -> str:
        """The verdict, with ``pass (low margin)`` told apart from a plain pass."""
        return "pass (low margin)" if self.verdict == "pass" and self.low_margin \
            else self.verdict


@dataclass(frozen=True)
class BudgetValue:
    """One number of a budget."""

    key: str
    """``mass.launch_mass``, ``propellant.phases[tli].propellant``, ..."""
    value_si: float | None
    unit_si: str
    fraction: bool
    """A ratio (margin, growth) to be shown in %."""
    depth: int
    """0 for a total of the budget, more for the items inside it."""

    @property
    def budget(self) -> str:
        """The budget it belongs to (``mass``)."""
        return self.key.split(".", 1)[0].split("[", 1)[0]


@dataclass(frozen=True)
class ParameterValue:
    """A value the model gives."""

    key: str
    value_si: float | None
    unit_si: str
    origin: str
    """``file:line`` where it is written, relative to the mission folder."""


@dataclass(frozen=True)
class Snapshot:
    """A verified state of a mission folder (see the module docstring)."""

    mission: str
    content_key: str
    requirements: tuple[RequirementState, ...] = ()
    """In id order."""
    budgets: tuple[BudgetValue, ...] = ()
    """In the order of ``Budgets.as_dict()`` (mass, delta-v, propellant, heat, ...)."""
    parameters: tuple[ParameterValue, ...] = ()
    """In key order."""
    problem: str = ""
    """Why there are no results (the mission does not load), else empty."""
    counts: dict[str, int] = field(default_factory=dict)
    """Requirements by verdict (``pass``, ``fail``, ``inconclusive``, ``error``, ``low``)."""

    def requirement(self, requirement_id: str) -> RequirementState | None:
        """One requirement's state, or ``None`` when the snapshot lacks it."""
        return next((r for r in self.requirements if r.id == requirement_id), None)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (no NaN: missing and non-finite numbers are ``None``)."""
        return {"format": SNAPSHOT_FORMAT, **asdict(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snapshot:
        """The snapshot :meth:`as_dict` wrote (:class:`KeyError`/:class:`TypeError` when
        ``data`` is not one)."""
        if data.get("format") != SNAPSHOT_FORMAT:
            raise KeyError("format")
        return cls(
            mission=str(data["mission"]), content_key=str(data["content_key"]),
            requirements=tuple(RequirementState(**r) for r in data["requirements"]),
            budgets=tuple(BudgetValue(**b) for b in data["budgets"]),
            parameters=tuple(ParameterValue(**p) for p in data["parameters"]),
            problem=str(data["problem"]), counts=dict(data["counts"]))


# --- building -----------------------------------------------------------------------------


def build_snapshot(project: Project, run: VerificationRun, content_key: str = "") -> Snapshot:
    """The snapshot of a verified project."""
    from okaeri.errors import Location
    from okaeri.graph import NodeKind

    requirements = tuple(RequirementState(
        id=r.id, title=r.title, text=r.text, criterion=r.criterion, verdict=str(r.verdict),
        low_margin=r.below_required_margin, value_si=finite(r.value_si),
        limit_si=finite(r.limit_si), unit_si=r.unit_si, margin=finite(r.margin),
        required_margin=finite(r.required_margin) or 0.0, reason=r.reason,
        location=r.location) for r in run.requirements)
    parameters = []
    for node in project.graph.nodes():
        if node.kind is NodeKind.PARAMETER:
            origin = node.origin
            where = (f"{origin.file}:{origin.line}" if isinstance(origin, Location)
                     else str(origin))
            parameters.append(ParameterValue(node.key, finite(node.value), node.unit, where))
    budgets = budget_values(run.budgets.as_dict()) if run.budgets is not None else []
    c = run.counts
    counts = {"pass": c.passed, "fail": c.failed, "inconclusive": c.inconclusive,
              "error": c.errors, "low": c.below_required_margin}
    return Snapshot(run.provenance.mission, content_key, requirements, tuple(budgets),
                    tuple(sorted(parameters, key=lambda p: p.key)), "", counts)


def budget_values(budgets: Mapping[str, Any]) -> list[BudgetValue]:
    """Every number of ``Budgets.as_dict()`` with its key, unit and depth.

    A field counts when its name ends with a unit suffix (:data:`UNIT_SUFFIXES`) or is a
    ``value_si``/``limit_si`` beside a ``unit_si``; list elements are keyed by their
    ``key``, ``component``, ``phase``, ``vehicle``, ``quantity`` or ``name``.
    """
    found: list[BudgetValue] = []
    for name, section in budgets.items():
        if name not in _SKIPPED_BUDGET_FIELDS and isinstance(section, Mapping):
            found += _walk(section, name, 0)
    return found


def _walk(data: Mapping[str, Any], prefix: str, depth: int) -> Iterator[BudgetValue]:
    for name, value in data.items():
        if isinstance(value, Mapping):
            yield from _walk(value, f"{prefix}.{name}", depth)
        elif isinstance(value, list | tuple):
            for index, element in enumerate(value):
                if isinstance(element, Mapping):
                    # A line against a limit (a heat-load line) is a result of the budget.
                    inner = depth if "limit_si" in element else depth + 1
                    yield from _walk(element, f"{prefix}.{name}[{_identity(element, index)}]",
                                     inner)
        elif isinstance(value, float) and not isinstance(value, bool):
            unit = _unit(name, data)
            if unit is not None:
                stem, unit_si, fraction = unit
                yield BudgetValue(f"{prefix}.{stem}", finite(value), unit_si, fraction, depth)


def _identity(element: Mapping[str, Any], index: int) -> str:
    for name in _IDENTITY_FIELDS:
        if isinstance(element.get(name), str) and element[name]:
            return str(element[name])
    return str(index)


def _unit(name: str, data: Mapping[str, Any]) -> tuple[str, str, bool] | None:
    """(name without its suffix, SI unit, is a fraction) of a budget field, or ``None``."""
    if name in ("value_si", "limit_si") and isinstance(data.get("unit_si"), str):
        return name.removesuffix("_si"), str(data["unit_si"]), False
    for suffix, unit in UNIT_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix), unit, suffix == "_fraction"
    return None


def failed_snapshot(content_key: str, problem: str, mission: str = "") -> Snapshot:
    """The snapshot of a mission folder that does not load."""
    return Snapshot(mission, content_key, problem=problem)


def verify_folder(folder: Path, cache: AnalysisCache, content_key: str = "",
                  progress: Progress | None = None) -> Snapshot:
    """Load and verify ``folder`` and snapshot the result; a folder that does not load
    gives a snapshot whose ``problem`` says why (the first findings)."""
    from okaeri.errors import ModelError
    from okaeri.verification.project import load_project
    from okaeri.verification.runner import run_verification

    try:
        project = load_project(folder)
    except ModelError as exc:
        errors = [f for f in exc.findings if f.severity == "error"]
        shown = "; ".join(str(f).split("\n", 1)[0] for f in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        return failed_snapshot(content_key, f"the mission does not load: {len(errors)} "
                               f"finding(s): {shown}{more}")
    run = run_verification(project, cache=cache, progress=progress)
    return build_snapshot(project, run, content_key)


# --- content keys and the store -------------------------------------------------------------


def blob_id(data: bytes, object_format: str = "sha1") -> str:
    """The git object id of a file's content (``git hash-object``)."""
    header = f"blob {len(data)}\0".encode()
    return hashlib.new(object_format, header + data).hexdigest()


def folder_files(folder: Path, object_format: str = "sha1") -> dict[str, str]:
    """The mission's input files in ``folder`` (:func:`is_mission_input`): relative path
    -> git blob id of the content on disk."""
    candidates = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    for name in MISSION_INPUT_DIRS:
        candidates += (folder / name).rglob("*")
    files = {}
    for path in sorted(candidates):
        relative = path.relative_to(folder).as_posix()
        if is_mission_input(relative) and path.is_file():
            files[relative] = blob_id(path.read_bytes(), object_format)
    return files


def content_key(files: Mapping[str, str]) -> str:
    """sha256 over the sorted (relative path, blob id) pairs of a mission's input files."""
    digest = hashlib.sha256()
    for relative in sorted(files):
        digest.update(f"{relative}\0{files[relative]}\n".encode())
    return digest.hexdigest()


class SnapshotStore:
    """Snapshots on disk by content key and code; ``folder=None`` keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    @classmethod
    def default(cls) -> SnapshotStore:
        """The store in ``snapshots/`` of the analysis cache folder."""
        from okaeri.verification.cache import default_cache_dir

        return cls(default_cache_dir() / "snapshots")

    def _path(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        text = json.dumps({"content": key, "code": code_fingerprint(),
                           "format": SNAPSHOT_FORMAT}, sort_keys=True)
        return self.folder / f"{hashlib.sha256(text.encode()).hexdigest()}.json"

    def get(self, key: str) -> Snapshot | None:
        """The stored snapshot of this content, or ``None``; an unreadable entry is a miss."""
        path = self._path(key)
        if path is not None:
            try:
                snapshot = Snapshot.from_dict(json.loads(path.read_text(encoding="utf-8")))
                self.hits += 1
                return snapshot
            except (OSError, ValueError, KeyError, TypeError):
                pass
        self.misses += 1
        return None

    def put(self, snapshot: Snapshot) -> None:
        """Keep ``snapshot`` under its content key (a read-only folder only costs speed)."""
        path = self._path(snapshot.content_key)
        if path is None:
            return
        from okaeri.errors import ReportError
        from okaeri.fileio import write_text_atomic

        with contextlib.suppress(ReportError):
            write_text_atomic(path, json.dumps(snapshot.as_dict(), sort_keys=True,
                                               allow_nan=False))


__all__ = [
    "MISSION_INPUT_DIRS",
    "MISSION_TOP_LEVEL_SUFFIXES",
    "SNAPSHOT_FORMAT",
    "BudgetValue",
    "ParameterValue",
    "RequirementState",
    "Snapshot",
    "SnapshotStore",
    "blob_id",
    "budget_values",
    "build_snapshot",
    "content_key",
    "failed_snapshot",
    "folder_files",
    "is_mission_input",
    "verify_folder",
]
