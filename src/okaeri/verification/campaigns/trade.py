"""Running a trade study: every point a verification of the modified mission.

A point starts from the loaded mission's graph as loaded (a copy, nothing computed yet:
:meth:`~okaeri.graph.DependencyGraph.subgraph` of every node), sets the study's variables
on it, closes the requirement outputs with
:func:`~okaeri.verification.runner.run_verification` and reads the other outputs from the
same graph: a budget, an analysis output or a statistic of a Monte Carlo output's samples
are plain graph reads, and the graph computes only what they need (the Monte Carlo runs
only when an output reads it). A point is thus exactly a fresh load of the mission with
the variables set, whatever points ran before it in the same process: its values do not
depend on the order of the points, the number of workers, or what the analysis cache
held. A variable outside the admissible range of its model field, or a point that fails
to evaluate, is a :class:`PointResult` with its error, not a crash of the study.

Points run through :func:`~okaeri.verification.campaigns.execution.imap_chunks`: locally
on one process per core, or on Dask. A worker loads the mission from its folder once
(:func:`worker_project`, memoised per process) and evaluates one point at a time; the
analyses whose inputs a point does not change are answered from a bounded in-memory
memo, over the disk cache.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.core.statistics import sample_statistic
from okaeri.errors import OkaeriError
from okaeri.graph import AnalysisIdentity
from okaeri.verification.cache import AnalysisCache
from okaeri.verification.campaigns.doe import Point, design_points
from okaeri.verification.campaigns.execution import Advance, Execution, imap_chunks
from okaeri.verification.campaigns.ranges import ParameterRanges
from okaeri.verification.campaigns.study import Output, Sense, Study

if TYPE_CHECKING:
    from okaeri.verification.project import Project
    from okaeri.verification.results import Provenance, VerificationRun

CLASSES = ("pass", "low margin", "inconclusive", "fail", "error")
"""Classes of a point, best first: the worst verdict of its requirement outputs, with a
pass below its required margin as ``low margin``."""


@dataclass(frozen=True)
class OutputResult:
    """One output at one point (SI)."""

    value: float | None = None
    limit: float | None = None
    margin: float | None = None
    """(limit - value) / |limit| for an upper limit (requirements only)."""
    verdict: str | None = None
    """``pass``, ``fail``, ``inconclusive`` or ``error`` (requirements only)."""
    below_required_margin: bool = False
    reason: str = ""
    """Why a requirement is not a plain pass, or why a value could not be read."""

    @property
    def point_class(self) -> str:
        """The verdict as a class of :data:`CLASSES` (``low margin`` for a low pass)."""
        if self.verdict == "pass" and self.below_required_margin:
            return "low margin"
        return self.verdict or ""


@dataclass(frozen=True)
class PointResult:
    """A point of a study: its variables, its outputs, or the error that stopped it."""

    index: int
    values: Point
    """The variables' SI values, in the study's order."""
    outputs: tuple[OutputResult, ...] = ()
    """In the study's order (empty when the point could not be evaluated at all: a
    variable out of its admissible range, a parameter the graph refused)."""
    error: str = ""
    """What failed: why the point could not be evaluated, or the root cause of each
    computation that failed (the outputs that do not depend on it keep their values)."""

    @property
    def worst(self) -> str:
        """The worst class (:data:`CLASSES`) of its requirement outputs; ``error`` for a
        point that failed; ``""`` when the study has no requirement output."""
        if self.error:
            return "error"
        found = [o.point_class for o in self.outputs if o.verdict]
        return max(found, key=CLASSES.index) if found else ""


@dataclass(frozen=True)
class ProjectRef:
    """How a worker finds the mission: its folder, the cache folder and the sha256 of the
    mission's files (a long-lived worker loads the mission again when they change)."""

    folder: str
    cache_dir: str | None
    digest: str


@dataclass(frozen=True)
class PointTask:
    """A point to evaluate on a worker (picklable: plain data only)."""

    project: ProjectRef
    keys: tuple[str, ...]
    outputs: tuple[Output, ...]
    index: int
    values: Point


@dataclass(frozen=True)
class TradeResult:
    """Every point of a study, with what it was run from."""

    study: Study
    points: tuple[PointResult, ...]
    provenance: Provenance

    @property
    def errors(self) -> int:
        """Points that failed to evaluate."""
        return sum(1 for p in self.points if p.error)

    def objective_values(self, point: PointResult) -> tuple[float, float] | None:
        """The two objectives of a point (a requirement's margin, else the value), or
        ``None`` when the study has no two objectives or the point lacks one."""
        if len(self.study.objectives) != 2 or point.error:
            return None
        found = []
        for name, _ in self.study.objectives:
            index = [o.name for o in self.study.outputs].index(name)
            output, result = self.study.outputs[index], point.outputs[index]
            value = result.margin if output.is_requirement else result.value
            if value is None or not math.isfinite(value):
                return None
            found.append(value)
        return found[0], found[1]

    def pareto_front(self) -> tuple[int, ...]:
        """Indices of the points on the Pareto front of the two objectives (sorted by the
        first objective), among the feasible points (every requirement output passes) or,
        when the study has no requirement output, all points that evaluated."""
        senses = [1.0 if sense is Sense.MINIMIZE else -1.0 for _, sense in self.study.objectives]
        has_requirements = any(o.is_requirement for o in self.study.outputs)
        candidates = []
        for point in self.points:
            values = self.objective_values(point)
            if values is None or (has_requirements and point.worst != "pass"):
                continue
            candidates.append((senses[0] * values[0], senses[1] * values[1], point.index))
        front: list[int] = []
        best = math.inf
        for _, second, index in sorted(candidates):
            if second < best:
                front.append(index)
                best = second
        return tuple(front)


# --- evaluating one point ----------------------------------------------------------------

MEMORY_ENTRIES = 32
"""Analysis results a process keeps in memory between points (the oldest go first)."""
_KEPT = 4
"""Most missions a worker process keeps loaded (the oldest is dropped first)."""


class MemoryCache(AnalysisCache):
    """The disk cache (if any) under a bounded in-memory layer, shared by the points a
    process evaluates: an analysis whose inputs a point does not change (the trajectory,
    when the capsule's diameter varies) is computed once."""

    def __init__(self, folder: Path | None, entries: int = MEMORY_ENTRIES) -> None:
        super().__init__(folder)
        self.entries = entries
        self.memory: OrderedDict[str, Any] = OrderedDict()

    def memo(self, identity: AnalysisIdentity, inputs: Mapping[str, float],
             compute: Callable[[], Any]) -> Any:
        """The stored result for these inputs (memory, then disk), else ``compute()``'s."""
        key = self.key(identity, inputs)
        if key in self.memory:
            self.memory.move_to_end(key)
            return self.memory[key]
        result = super().memo(identity, inputs, compute)
        self.memory[key] = result
        while len(self.memory) > self.entries:
            self.memory.popitem(last=False)
        return result


_MEMORY: dict[str | None, MemoryCache] = {}
_RANGES: dict[int, tuple[Project, ParameterRanges]] = {}


def process_memo(folder: Path | None) -> MemoryCache:
    """This process's memo over the disk cache in ``folder`` (``None``: no disk cache)."""
    name = str(folder) if folder is not None else None
    if name not in _MEMORY:
        _MEMORY[name] = MemoryCache(folder)
    return _MEMORY[name]


def _ranges(project: Project) -> ParameterRanges:
    """The admissible ranges of ``project``'s parameters (computed once per project)."""
    held = _RANGES.get(id(project))
    if held is None or held[0] is not project:
        held = _RANGES[id(project)] = (project, ParameterRanges(project.mission))
        while len(_RANGES) > _KEPT:
            del _RANGES[next(iter(_RANGES))]
    return held[1]


def fresh_copy(project: Project) -> Project:
    """``project`` with a copy of its graph as loaded: the same parameter values, nothing
    computed (loops start from their initial guesses, as after a fresh load)."""
    graph = project.graph
    return replace(project, graph=graph.subgraph(graph.keys()))


def out_of_range(project: Project, keys: tuple[str, ...], values: Point) -> str:
    """Why a value of ``values`` is not admissible for its parameter (``""``: all are)."""
    ranges = _ranges(project)
    problems = [ranges.problem(key, value, project.graph.node(key).unit)
                for key, value in zip(keys, values, strict=True)]
    return "; ".join(p for p in problems if p)


def _read(project: Project, run: VerificationRun | None, output: Output) -> OutputResult:
    if output.requirement is not None and run is not None:
        r = run.result(output.requirement)
        return OutputResult(r.value_si, r.limit_si, r.margin, str(r.verdict),
                            r.below_required_margin, r.reason)
    key = output.quantity or ""
    try:
        if output.statistic is not None:
            return OutputResult(sample_statistic(project.graph.samples(key), output.statistic))
        return OutputResult(project.graph.value(key))
    except (OkaeriError, ValueError, ArithmeticError, KeyError) as exc:
        return OutputResult(reason=f"{type(exc).__name__}: {exc}")


def evaluate_point(project: Project, keys: tuple[str, ...], values: Point,
                   outputs: tuple[Output, ...], cache: AnalysisCache | None = None,
                   index: int = 0) -> PointResult:
    """Verify a copy of ``project`` with ``keys`` set to ``values`` (SI) and read
    ``outputs`` (see the module docstring); ``project`` itself is left untouched.

    A value outside its model field's admissible range, or any failure to evaluate, is
    the point's ``error``.
    """
    from okaeri.verification.runner import run_verification

    problem = out_of_range(project, keys, values)
    if problem:
        return PointResult(index, values, error=problem)
    point = fresh_copy(project)
    memory = process_memo(cache.folder if cache is not None else None)
    point.graph.use_memo(memory.memo)
    select = tuple(dict.fromkeys(o.requirement for o in outputs if o.requirement))
    try:
        for key, value in zip(keys, values, strict=True):
            point.graph.set_parameter(key, value)
        if not outputs:
            return PointResult(index, values)
        run = run_verification(point, select=select, cache=memory) if select else None
        results = tuple(_read(point, run, o) for o in outputs)
    except (OkaeriError, ValueError, ArithmeticError, KeyError) as exc:
        return PointResult(index, values, error=f"{type(exc).__name__}: {exc}")
    return PointResult(index, values, results, _failures(point, run, outputs, results))


def _failures(point: Project, run: VerificationRun | None, outputs: tuple[Output, ...],
              results: tuple[OutputResult, ...]) -> str:
    """The root cause of every computation that failed at a point, each named once."""
    failed = [f"{c.key}: {c.message}" for c in run.errors] if run is not None else []
    for output, result in zip(outputs, results, strict=True):
        if output.requirement is None and result.value is None:
            failure = point.graph.failure(output.quantity or "")
            failed.append(f"{failure.root}: {failure.error}" if failure is not None
                          else result.reason)
    return "; ".join(dict.fromkeys(failed))


# --- workers -----------------------------------------------------------------------------

_PROJECTS: dict[ProjectRef, Project] = {}
_LOCK = threading.Lock()


def project_ref(project: Project, cache_dir: Path | None) -> ProjectRef:
    """The reference workers load ``project`` by; points evaluated in this process use
    ``project`` itself instead of loading it again."""
    from okaeri.verification.runner import provenance

    ref = ProjectRef(str(project.folder), str(cache_dir) if cache_dir is not None else None,
                     provenance(project).model_sha256)
    with _LOCK:
        _PROJECTS[ref] = project
    return ref


def worker_project(ref: ProjectRef) -> Project:
    """The project of ``ref``, loaded once per process (call with :data:`_LOCK` held)."""
    if ref not in _PROJECTS:
        from okaeri.verification.project import load_project

        _PROJECTS[ref] = load_project(Path(ref.folder))
        while len(_PROJECTS) > _KEPT:
            del _PROJECTS[next(iter(_PROJECTS))]
    return _PROJECTS[ref]


def evaluate_task(task: PointTask) -> PointResult:
    """Evaluate one point on this worker: the function the executor maps."""
    with _LOCK:  # one point at a time per process: they share the in-memory memo
        project = worker_project(task.project)
        cache = AnalysisCache(Path(task.project.cache_dir) if task.project.cache_dir
                              else None)
        return evaluate_point(project, task.keys, task.values, task.outputs, cache,
                              task.index)


def run_trade(study: Study, project: Project, *, execution: Execution | None = None,
              cache_dir: Path | None = None, progress: Advance | None = None
              ) -> TradeResult:
    """Evaluate every point of ``study`` (``project`` is its loaded mission)."""
    from okaeri.verification.runner import provenance

    points = design_points(study)
    ref = project_ref(project, cache_dir)
    tasks = (PointTask(ref, study.keys, study.outputs, i, values)
             for i, values in enumerate(points))
    results = tuple(imap_chunks(evaluate_task, tasks, execution=execution,
                                progress=progress))
    return TradeResult(study, results, provenance(project))
