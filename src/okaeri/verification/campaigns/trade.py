"""Running a trade study: every point a verification of the modified mission.

A point sets the study's variables on the loaded project's graph
(:meth:`~okaeri.graph.DependencyGraph.set_parameter`), closes the requirement outputs with
:func:`~okaeri.verification.runner.run_verification` (the Monte Carlo runs only when a
selected requirement or a Monte Carlo output needs it; a study without requirement
outputs evaluates the budgets only), reads the other outputs, and puts the parameters
back, so that points are independent and their order does not matter.
A point that fails to evaluate is a :class:`PointResult` with its error, not a crash of
the study.

Points run through :func:`~okaeri.verification.campaigns.execution.imap_chunks`: locally
on one process per core, or on Dask. A worker loads the mission from its folder once
(:func:`worker_project`, memoised per process) and evaluates one point at a time.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.errors import OkaeriError
from okaeri.verification.cache import AnalysisCache
from okaeri.verification.campaigns.doe import Point, design_points
from okaeri.verification.campaigns.execution import Advance, Execution, imap_chunks
from okaeri.verification.campaigns.study import Output, Sense, Study

if TYPE_CHECKING:
    from okaeri.budgets import Budgets
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
    """In the study's order (empty when ``error``)."""
    error: str = ""

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


NOT_FROM_DISK = frozenset({"budget.mass.system_margin_available"})
"""Results always computed at a point, never read from the disk cache: computing the
available system margin re-solves the graph and restores it warm, so the values read
after it differ in their last digits (~1e-11) between a cache hit and a miss; computing it
every time keeps a point's values independent of what the cache held."""


class _MemoryCache(AnalysisCache):
    """The disk cache (if any) with an in-memory layer: the runner and the outputs read
    outside it share one Monte Carlo per point even with no disk cache."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__(folder)
        self.memory: dict[str, dict[str, Any]] = {}

    def get_or_compute(self, name: str, inputs: Mapping[str, float],
                       compute: Callable[[], dict[str, Any]], settings: Any = None
                       ) -> dict[str, Any]:
        key = self.key(name, inputs, settings)
        if key not in self.memory:
            self.memory[key] = (compute() if name in NOT_FROM_DISK else
                                super().get_or_compute(name, inputs, compute, settings))
        return self.memory[key]


def _statistic(samples: list[float], statistic: str) -> float:
    """A Monte Carlo statistic as the runner computes it (type-7 percentiles)."""
    import numpy as np

    array = np.asarray(samples, dtype=float)
    if statistic.startswith("P"):
        return float(np.percentile(array, float(statistic[1:])))
    if statistic == "max":
        return float(np.max(array))
    return float(np.min(array) if statistic == "min" else np.mean(array))


def _outside_graph_value(project: Project, budgets: Budgets, cache: AnalysisCache,
                         output: Output) -> float:
    """A value that the runner computes outside the graph: the available system margin,
    the corridor's outputs and Monte Carlo statistics (the same calls and cache keys as
    the runner, so that a point computes each analysis once)."""
    from okaeri.verification.activities import ActivityKind
    from okaeri.verification.analyses import (
        corridor,
        entry_input_values,
        monte_carlo,
        monte_carlo_settings,
    )

    key = output.quantity or ""
    graph, mission = project.graph, project.mission
    if key == "budget.mass.system_margin_available":
        return float(budgets.mass.available_system_margin_fraction)
    name = key.rpartition(".")[2]
    kind = (ActivityKind.ENTRY_MONTE_CARLO if output.statistic
            else ActivityKind.ENTRY_CORRIDOR)
    activities = project.plan.of_kind(kind)
    if not activities:
        raise OkaeriError(f"no {kind} activity in verification/ computes '{key}'")
    activity: Any = activities[0]
    inputs = entry_input_values(graph, mission)
    if output.statistic:
        data = cache.get_or_compute("entry.monte_carlo", inputs,
                                    lambda: monte_carlo(graph, mission, activity),
                                    monte_carlo_settings(activity))
        return _statistic(data[name], output.statistic)
    data = cache.get_or_compute("entry.corridor", inputs,
                                lambda: corridor(graph, mission, activity),
                                activity.model_dump(mode="json"))
    return float(data[name])


def _read_outputs(project: Project, run: VerificationRun | None, budgets: Budgets,
                  cache: AnalysisCache, outputs: tuple[Output, ...]
                  ) -> tuple[OutputResult, ...]:
    results = []
    for output in outputs:
        if output.requirement is not None and run is not None:
            r = run.result(output.requirement)
            results.append(OutputResult(r.value_si, r.limit_si, r.margin, str(r.verdict),
                                        r.below_required_margin, r.reason))
            continue
        try:
            key = output.quantity or ""
            value = (project.graph.value(key) if key in project.graph
                     and not output.statistic else
                     _outside_graph_value(project, budgets, cache, output))
            results.append(OutputResult(value))
        except (OkaeriError, ValueError, ArithmeticError, KeyError) as exc:
            results.append(OutputResult(reason=f"{type(exc).__name__}: {exc}"))
    return tuple(results)


def evaluate_point(project: Project, keys: tuple[str, ...], values: Point,
                   outputs: tuple[Output, ...], cache: AnalysisCache | None = None,
                   index: int = 0) -> PointResult:
    """Set ``keys`` to ``values`` (SI), verify, read ``outputs``, and put the parameters
    back. Errors become the point's ``error``; the project is left as it was found.

    Raises :class:`RuntimeError` only when the parameters cannot be put back (the
    project must then be loaded again).
    """
    from okaeri.budgets import evaluate_budgets
    from okaeri.verification.runner import run_verification

    graph = project.graph
    held = {key: graph.value(key) for key in keys}
    memory = _MemoryCache(cache.folder if cache is not None else None)
    select = tuple(dict.fromkeys(o.requirement for o in outputs if o.requirement))
    try:
        for key, value in zip(keys, values, strict=True):
            graph.set_parameter(key, value)
        if not outputs:
            return PointResult(index, values)
        run = None
        if select:
            run = run_verification(project, select=select, cache=memory)
            budgets = run.budgets
            if budgets is None:
                reasons = {r.reason for r in run.requirements if r.reason}
                return PointResult(index, values, error="the budgets and analyses failed: "
                                   + ("; ".join(sorted(reasons)) or "no reason given"))
        else:  # values only: the budgets, without closing any requirement
            budgets, _ = evaluate_budgets(project.mission, project.graph,
                                          memo=memory.get_or_compute)
        return PointResult(index, values, _read_outputs(project, run, budgets, memory, outputs))
    except (OkaeriError, ValueError, ArithmeticError, KeyError) as exc:
        return PointResult(index, values, error=f"{type(exc).__name__}: {exc}")
    finally:
        _restore(project, held)


def _restore(project: Project, held: dict[str, float]) -> None:
    for key, value in held.items():
        try:
            project.graph.set_parameter(key, value)
        except (OkaeriError, ValueError, ArithmeticError) as exc:
            raise RuntimeError(f"cannot restore '{key}' after a trade point: {exc}") from exc


# --- workers -----------------------------------------------------------------------------

_PROJECTS: dict[ProjectRef, Project] = {}
_LOCK = threading.Lock()
_KEPT = 4
"""Most missions a worker process keeps loaded (the oldest is dropped first)."""


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

        cache = AnalysisCache(Path(ref.cache_dir) if ref.cache_dir else None)
        _PROJECTS[ref] = load_project(Path(ref.folder), wrap=cache.wrap)
        while len(_PROJECTS) > _KEPT:
            del _PROJECTS[next(iter(_PROJECTS))]
    return _PROJECTS[ref]


def evaluate_task(task: PointTask) -> PointResult:
    """Evaluate one point on this worker: the function the executor maps."""
    with _LOCK:  # one point at a time per process: they share the project's graph
        project = worker_project(task.project)
        cache = AnalysisCache(Path(task.project.cache_dir) if task.project.cache_dir
                              else None)
        try:
            return evaluate_point(project, task.keys, task.values, task.outputs, cache,
                                  task.index)
        except RuntimeError:
            del _PROJECTS[task.project]
            raise


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
