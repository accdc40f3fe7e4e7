"""Evaluating the dependency graph: preparation, evaluation in topological order with loop
solving, failures that name their root cause, and the incremental update of a parameter.

:class:`GraphEvaluation` is the evaluating half of
:class:`~okaeri.graph.graph.DependencyGraph` (which adds building and queries); the
module docstring of :mod:`okaeri.graph.graph` describes the graph.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pint

from okaeri.errors import AnalysisError, Finding, ModelError, close_matches
from okaeri.graph.dimensions import unit_info
from okaeri.graph.expressions import wildcard_resolver
from okaeri.graph.nodes import (
    OUTPUT,
    PARAMETER,
    Evaluation,
    Failure,
    Memo,
    Record,
    UpdateReport,
)
from okaeri.graph.prepare import Item, Plan, extend, prepare, where
from okaeri.graph.solve import LoopSolution, SolverOptions, Step, solve_loop

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

__all__ = ["GraphEvaluation"]


def _concurrent(item: Item) -> bool:
    return item.analysis is not None and item.analysis.concurrent


class GraphEvaluation:
    """Evaluation state and methods of a :class:`~okaeri.graph.graph.DependencyGraph`."""

    solver: SolverOptions
    _records: dict[str, Record]
    _values: dict[str, float]
    _samples: dict[str, np.ndarray[Any, Any]]
    _details: dict[str, Mapping[str, Any]]
    _plan: Plan | None
    _base: Plan | None
    """The last plan, while the nodes :attr:`_added` since are not in it."""
    _added: list[str]
    _deferred: dict[str, Record]
    """Relations that become nodes when something refers to them
    (:meth:`~okaeri.graph.graph.DependencyGraph.add_relation` with ``deferred``)."""
    _done: set[int]
    _failures: dict[str, Failure]
    _loops: dict[int, LoopSolution]
    _memo: Memo | None

    # ----------------------------------------------------------------------------------
    # Preparation and evaluation
    # ----------------------------------------------------------------------------------

    def _prepared(self) -> Plan:
        if self._plan is None:
            self._admit_referenced()
            base, self._base = self._base, None
            extended = extend(base, self._records, self._added) if base is not None else None
            self._plan = extended or prepare(self._records, self._loop_step)
            if extended is None:  # an extended plan keeps every item and its index
                self._done = set()
                self._failures = {}
                self._loops = {}
        return self._plan

    def _admit(self, record: Record) -> None:
        """Make ``record`` a node: the plan is then extended or prepared afresh."""
        self._records[record.key] = record
        if self._plan is not None:
            self._base, self._plan, self._added = self._plan, None, []
        self._added.append(record.key)

    def _admit_referenced(self) -> None:
        """Make nodes of the deferred relations that the nodes not yet planned read, or
        that a wildcard of their expressions matches."""
        fresh = self._added if self._base is not None else list(self._records)
        while self._deferred and fresh:
            wanted = {s for key in fresh for s in self._records[key].inputs}
            patterns = [p for key in fresh if (e := self._records[key].expression) is not None
                        for p in e.patterns]
            if patterns:
                match = wildcard_resolver(list(self._deferred))
                wanted.update(k for p in patterns for k in match(p))
            fresh = [key for key in self._deferred if key in wanted]
            for key in fresh:
                self._admit(self._deferred.pop(key))

    def check(self) -> list[Finding]:
        """Every problem of the graph: dangling references, wildcards that match nothing,
        dimension mismatches, units that cannot be inferred, loops of values that only read
        each other (empty when it can evaluate)."""
        return list(self._prepared().findings)

    def evaluate(self, targets: Iterable[str] | None = None, *, strict: bool = True,
                 on_demand: Iterable[str] = ()) -> Evaluation:
        """Compute the graph, in topological order; loops by fixed-point iteration.

        Parameters
        ----------
        targets
            Compute only what these keys need (on-demand analyses included); ``None``
            computes every node except on-demand analyses not yet asked for.
        strict
            Raise the first root failure, in evaluation order (else it is in
            :attr:`Evaluation.failures`).
        on_demand
            Keys to compute as well, in the same pass (on-demand analyses a caller will
            read, deferred relations): a concurrent analysis among them then runs beside
            the rest.

        Raises
        ------
        ModelError
            With every finding of :meth:`check`, if there is any.
        AnalysisError
            With ``strict``, if a relation or analysis fails (the message names the node,
            its origin and its input values); :class:`~okaeri.errors.ConvergenceError`
            for a loop.
        """
        targets = None if targets is None else list(targets)
        on_demand = list(on_demand)
        for key in (*(targets or ()), *on_demand):
            if key in self._deferred:  # asked for
                self._admit(self._deferred.pop(key))
        plan = self._prepared()
        if plan.findings:
            raise ModelError(plan.findings)
        wanted = self._needed(plan, targets, on_demand)
        self._run_all(plan, sorted(wanted - self._done))
        if strict:
            roots = [f for f in self._failures.values() if plan.item_of.get(f.root) in wanted]
            if roots:
                raise min(roots, key=lambda f: plan.item_of[f.root]).error
        return self.evaluation()

    def _needed(self, plan: Plan, targets: Iterable[str] | None,
                on_demand: Iterable[str] = ()) -> set[int]:
        stack = [plan.item_of[k] for k in (*(targets or ()), *on_demand)
                 if self._record(k).role != PARAMETER and k in plan.item_of]
        if targets is None:
            stack += [i for i, item in enumerate(plan.items) if not item.lazy]
        needed: set[int] = set()
        while stack:
            index = stack.pop()
            if index not in needed:
                needed.add(index)
                stack.extend(plan.needs[index])
        return needed

    def _run_all(self, plan: Plan, order: list[int]) -> None:
        """Run the items ``order`` lists (ascending). A concurrent analysis starts on a
        worker thread as soon as what it reads is computed, and is joined before the
        first item that reads it, or at the end: the order in which results and
        failures are recorded depends on the plan only, never on the threads' timing."""
        waiting = {i for i in order if _concurrent(plan.items[i])}
        if not waiting:
            for index in order:
                self._run(plan, index)
            return
        from concurrent.futures import ThreadPoolExecutor

        pending: dict[int, Future[Any]] = {}

        def start(index: int) -> None:
            waiting.discard(index)
            future = self._start(plan, index, pool)
            if future is not None:
                pending[index] = future

        def ready(index: int) -> bool:
            return all(n in self._done and n not in pending for n in plan.needs[index])

        with ThreadPoolExecutor(max_workers=len(waiting),
                                thread_name_prefix="okaeri-analysis") as pool:
            try:
                for index in order:
                    for early in sorted(i for i in waiting if ready(i)):
                        start(early)
                    for need in plan.needs[index]:
                        if need in pending:
                            self._join(plan, need, pending.pop(need))
                    if index in waiting:
                        start(index)
                    elif not _concurrent(plan.items[index]):  # else started early
                        self._run(plan, index)
                for index in sorted(pending):
                    self._join(plan, index, pending.pop(index))
            finally:  # interrupted: what did not finish is computed when next asked for
                self._done.difference_update(pending)

    def evaluation(self) -> Evaluation:
        """The values computed so far as an :class:`Evaluation`."""
        plan = self._prepared()
        return Evaluation(MappingProxyType(dict(self._values)), plan.order,
                          tuple(self._loops[index] for index in sorted(self._loops)),
                          MappingProxyType(dict(self._failures)))

    def _run(self, plan: Plan, index: int) -> None:
        item = plan.items[index]
        self._done.add(index)
        if not self._read_failed(item):
            self._guarded(item, lambda: self._compute(index, item))

    def _start(self, plan: Plan, index: int, pool: Executor) -> Future[Any] | None:
        """Submit a concurrent analysis to ``pool`` (``None``: an input failed)."""
        item = plan.items[index]
        self._done.add(index)
        if self._read_failed(item) or item.analysis is None:
            return None
        return pool.submit(self._analysis_call(item.analysis, self._values))

    def _join(self, plan: Plan, index: int, future: Future[Any]) -> None:
        """Wait for a concurrent analysis and record its outputs or its failure."""
        item = plan.items[index]
        record = item.analysis
        if record is not None:
            self._guarded(item, lambda: self._store(record, future.result(), self._values))

    def _read_failed(self, item: Item) -> bool:
        """Fail ``item`` if a node it reads has failed; whether it did."""
        for source in item.reads:
            failure = self._failures.get(source)
            if failure is not None:
                self._fail(item, failure)
                return True
        return False

    def _guarded(self, item: Item, action: Callable[[], None]) -> None:
        """Run ``action``; an error fails ``item``'s nodes, naming the first of them."""
        try:
            action()
        except AnalysisError as exc:
            exc.add_note(f"while evaluating '{item.keys[0]}'"
                         f"{where(self._records[item.keys[0]].origin)}")
            self._fail(item, Failure(item.keys[0], exc))
        except Exception as exc:  # any error of an analysis (a mission's own code
            # included) fails its node: an error verdict naming it, never a traceback
            self._fail(item, Failure(item.keys[0], self._failure(item.keys[0], exc)))

    def _fail(self, item: Item, failure: Failure) -> None:
        for key in item.keys:
            self._failures[key] = failure

    def _compute(self, index: int, item: Item) -> None:
        values = self._values
        if item.evaluator is not None:
            key = item.keys[0]
            result = item.evaluator(values)
            if result - result != 0.0:
                raise self._failure(key, None, result)
            values[key] = result
        elif item.analysis is not None:
            self._run_analysis(item.analysis, values)
        elif item.loop is not None:
            loop_keys, state, steps, start = item.loop
            if index not in self._loops:
                values.update(start)
            else:
                for key in state:
                    values.setdefault(key, start[key])
            self._loops[index] = solve_loop(loop_keys, state, steps, values, self.solver)
            if item.closed:
                self._check_unique(item, values)

    def _check_unique(self, item: Item, values: dict[str, float]) -> None:
        """A loop that reads nothing outside itself, solved again from another start: if
        the solution moves, nothing determines it (``a = b``, ``b = a``)."""
        if item.loop is None:  # pragma: no cover - called for loops only
            return
        loop_keys, state, steps, _ = item.loop
        other = dict(values)
        other.update({key: values[key] + 1.0 + abs(values[key]) for key in state})
        solve_loop(loop_keys, state, steps, other, self.solver)
        tolerance = self.solver.rtol * 1e3
        if any(abs(other[k] - values[k]) > tolerance * (abs(values[k]) + 1.0) for k in state):
            raise AnalysisError(
                f"the loop {' -> '.join(loop_keys)} reads nothing outside itself and its "
                "values depend only on the initial guess: nothing determines them; give one "
                "of them a value")

    def _run_analysis(self, record: Record, values: dict[str, float]) -> None:
        self._store(record, self._analysis_call(record, values)(), values)

    def _analysis_call(self, record: Record, values: Mapping[str, float]
                       ) -> Callable[[], Any]:
        """The call computing ``record``'s result from its inputs' current values (through
        the memo, if any); it reads no graph state, so it may run on another thread."""
        function = record.function
        if function is None:  # pragma: no cover - every analysis has one
            raise ValueError(f"analysis '{record.key}' has no function")
        inputs = {name: values[source]
                  for name, source in zip(record.names or record.inputs, record.inputs,
                                          strict=True)}
        memo, identity = self._memo, record.identity
        if memo is not None and identity is not None:
            return lambda: memo(identity, inputs, lambda: function(inputs))
        return lambda: function(inputs)

    def _store(self, record: Record, result: Any, values: dict[str, float]) -> None:
        """Record an analysis's outputs (arrays for sample outputs) and details."""
        if not isinstance(result, Mapping):
            raise AnalysisError(f"analysis '{record.key}' returned {type(result).__name__}, "
                                "not a mapping of its outputs")
        self._details[record.key] = MappingProxyType(
            {k: v for k, v in result.items() if k not in record.output_names})
        for name, target in zip(record.output_names, record.outputs, strict=True):
            if name not in result:
                raise AnalysisError(f"analysis '{record.key}' did not return its output '{name}'")
            if self._records[target].samples:
                self._samples[target] = np.asarray(result[name], dtype=float)
                self._samples[target].setflags(write=False)
            else:
                values[target] = float(result[name])
                if not math.isfinite(values[target]):
                    raise self._failure(target, None, values[target])

    def _loop_step(self, record: Record) -> Step:
        def step(values: Any) -> None:
            self._run_analysis(record, values)

        return step

    def _failure(self, key: str, exc: BaseException | None, result: float = 0.0) -> AnalysisError:
        record = self._records[key]
        reads = record.inputs if record.role != OUTPUT else self._records[record.inputs[0]].inputs
        shown = []
        for source in reads[:6]:
            value = self._values.get(source)
            unit = self._records[source].unit if source in self._records else ""
            shown.append(f"{source} = {value:.6g}{' ' + unit if unit else ''}"
                         if value is not None else f"{source} = ?")
        if len(reads) > 6:
            shown.append(f"... ({len(reads) - 6} more)")
        what = f"{type(exc).__name__}: {exc}" if exc is not None else f"the result is {result}"
        text = f"cannot evaluate '{key}'{where(record.origin)}: {what}"
        if record.expression is not None:
            text += f"; expression '{record.expression.text}'"
        if shown:
            text += "; inputs: " + ", ".join(shown)
        return AnalysisError(text)

    # ----------------------------------------------------------------------------------
    # Incremental update
    # ----------------------------------------------------------------------------------

    def set_parameter(self, key: str, value: float | pint.Quantity[Any]) -> UpdateReport:
        """Change a parameter and recompute only the nodes downstream of it.

        Parameters
        ----------
        key
            A parameter's key.
        value
            A float in the parameter's SI unit (:attr:`Node.unit`), or a pint quantity.

        Returns
        -------
        UpdateReport
            The nodes recomputed and changed. Downstream nodes that had been computed are
            recomputed now (loops re-solved from their current values); on-demand
            analyses downstream are invalidated and recomputed when next asked for.

        Raises
        ------
        KeyError
            For an unknown key; ``ValueError`` for a node that is not a parameter, a
            value of another dimension or a value that is not finite.
        AnalysisError
            If recomputing fails; the graph is then left as it was before the call.
        """
        record = self._record(key)
        if record.role != PARAMETER:
            raise ValueError(f"'{key}' is a {record.kind.value} computed from other nodes, "
                             "not a parameter; change its inputs instead")
        new = self._parameter_value(record, value)
        old = self._values[key]
        if new == old:
            return UpdateReport(key, old, new, (), ())
        plan = self._prepared()
        downstream = sorted({plan.item_of[k] for k in plan.reachable([key], upstream=False)
                             if k in plan.item_of})
        eager = [i for i in downstream if i in self._done and i not in plan.reads_lazy]
        lazy = [i for i in downstream if i not in eager]
        keys = [k for index in eager for k in plan.items[index].keys]
        snapshot = {k: self._values[k] for k in keys if k in self._values}
        saved = (dict(self._failures), dict(self._loops), set(self._done))
        self._values[key] = new
        for index in downstream:
            self._done.discard(index)
            for k in plan.items[index].keys:
                self._failures.pop(k, None)
        for index in eager:
            self._run(plan, index)
        failure = next((self._failures[k] for k in keys if k in self._failures), None)
        if failure is not None:
            self._values[key] = old
            self._values.update(snapshot)
            self._failures, self._loops, self._done = saved
            raise failure.error
        changed = tuple(k for k in keys if k in snapshot and snapshot[k] != self._values[k])
        loops = tuple(self._loops[i] for i in eager if plan.items[i].loop is not None)
        invalidated = tuple(plan.items[i].keys[0] for i in lazy)
        return UpdateReport(key, old, new, tuple(keys), changed, loops, invalidated)

    @staticmethod
    def _parameter_value(record: Record, value: float | pint.Quantity[Any]) -> float:
        key = record.key
        if isinstance(value, pint.Quantity):
            info = unit_info(value.units)
            if info.dimension != record.dimension:
                expected = record.dimension.describe() if record.dimension else "?"
                raise ValueError(f"parameter '{key}' expects {expected}, got {value} "
                                 f"({info.dimension.describe()})")
            new = float(value.magnitude) * info.factor
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"parameter '{key}' needs a number, got {value!r}")
        else:
            new = float(value)
        if not math.isfinite(new):
            raise ValueError(f"parameter '{key}' = {new} is not finite")
        return new

    def _record(self, key: str) -> Record:
        record = self._records.get(key)
        if record is None and key in self._deferred:
            record = self._deferred.pop(key)
            self._admit(record)
        if record is None:
            known = [*self._records, *self._deferred]
            matches = close_matches(key, known) if len(known) < 5000 else []
            hint = ("; did you mean " + " or ".join(f"'{m}'" for m in matches) + "?") \
                if matches else ""
            raise KeyError(f"no node '{key}' in the graph{hint}")
        return record
