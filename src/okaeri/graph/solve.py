"""Evaluation order and coupled loops.

Cycles are legal in the parameter graph: the tank mass is 8 % of the loaded propellant,
the loaded propellant follows from the wet mass through the rocket equation, and the wet
mass includes the tank mass. :func:`evaluation_order` splits the computed nodes into
strongly connected components and orders them topologically (the condensation DAG);
:func:`solve_loop` solves one cyclic component by fixed-point iteration.

Iteration
---------
One iteration evaluates every node of the loop once, in an order that follows the
edges of the loop except where it must break it (a Gauss-Seidel sweep: a node reads the
values computed earlier in the same sweep). A node whose inputs come later in the sweep
reads its previous value, at first its initial guess (or 0).

The residual of an iteration is the largest relative change of a node's value,
``max_i |x_i_new - x_i_old| / (|x_i_new| + atol / rtol)``; the loop has converged when
it is at most ``rtol``, that is when ``|change_i| <= rtol * |x_i| + atol`` for every node.
The residual of every iteration is kept as evidence (:attr:`LoopSolution.history`).

``method="anderson"`` accelerates the iteration with Anderson mixing (type II, Walker &
Ni, SIAM J. Numer. Anal. 49(4), 2011). It finds a fixed point where plain iteration would
diverge, which may be unphysical (a negative propellant mass when the loop gain exceeds
one): the default is plain iteration, which reports such a loop as not converging.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import (
    Callable,
    Collection,
    Iterable,
    Mapping,
    MutableMapping,
    Sequence,
)
from dataclasses import dataclass
from typing import Literal

from okaeri.errors import ConvergenceError

__all__ = [
    "Component",
    "LoopSolution",
    "SolverOptions",
    "Step",
    "evaluation_order",
    "solve_loop",
]

Step = Callable[[MutableMapping[str, float]], None]
"""One node's computation: reads SI values from the mapping and writes its own."""


@dataclass(frozen=True)
class SolverOptions:
    """Settings of the loop solver.

    Raises
    ------
    ValueError
        On construction, for a non-positive tolerance, iteration limit or memory.
    """

    rtol: float = 1e-10
    """Largest relative change of any node at convergence."""
    atol: float = 0.0
    """Absolute change (SI) below which a node counts as converged (for values near 0)."""
    max_iterations: int = 100
    """Iterations (sweeps) before :class:`~okaeri.errors.ConvergenceError`."""
    method: Literal["fixed_point", "anderson"] = "fixed_point"
    """Plain fixed-point iteration, or Anderson-accelerated."""
    memory: int = 5
    """Previous iterates that Anderson mixing uses."""

    def __post_init__(self) -> None:
        if not (self.rtol > 0.0 and math.isfinite(self.rtol)):
            raise ValueError(f"rtol must be a positive number, got {self.rtol!r}")
        if not (self.atol >= 0.0 and math.isfinite(self.atol)):
            raise ValueError(f"atol must be zero or positive, got {self.atol!r}")
        if self.max_iterations < 1:
            raise ValueError(f"max_iterations must be at least 1, got {self.max_iterations!r}")
        if self.method not in ("fixed_point", "anderson"):
            raise ValueError(f"method must be 'fixed_point' or 'anderson', got {self.method!r}")
        if self.memory < 1:
            raise ValueError(f"memory must be at least 1, got {self.memory!r}")


@dataclass(frozen=True)
class Component:
    """A strongly connected component of computed nodes, in evaluation order."""

    keys: tuple[str, ...]
    """Its nodes; for a loop, in the order of one iteration."""
    cyclic: bool
    """Whether it is a loop (several nodes, or one node that reads itself)."""


@dataclass(frozen=True)
class LoopSolution:
    """Evidence of a converged loop."""

    keys: tuple[str, ...]
    """The loop's nodes, in iteration order."""
    iterations: int
    """Iterations (sweeps) performed."""
    history: tuple[float, ...]
    """Residual (largest relative change) after each iteration."""
    method: str
    """``"fixed_point"`` or ``"anderson"``."""
    rtol: float
    """Tolerance that the last residual met."""

    @property
    def residual(self) -> float:
        """Residual of the last iteration."""
        return self.history[-1]


def evaluation_order(
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str]],
    starts: Collection[str] = (),
) -> list[Component]:
    """Strongly connected components of a directed graph, in topological order.

    The order is the lexicographical topological sort of the condensation, each component
    keyed by the position in ``nodes`` of its first node: among the components ready to
    go, the one whose first node comes first in ``nodes``. Plain dictionaries and lists
    (Tarjan's algorithm, then Kahn's with a heap): about ten times faster than building
    networkx graphs for it, on the 20,000 nodes of a 10,000-component mission.

    Parameters
    ----------
    nodes
        The nodes; their order breaks ties, so the result is deterministic.
    edges
        ``(source, target)`` pairs: ``target`` reads ``source``; both among ``nodes``.
    starts
        Nodes that have an initial guess; a loop's iteration starts at one of them if it
        can, so that the guess is what the first sweep reads.

    Returns
    -------
    list[Component]
        Every node exactly once; each component after all components it reads.
    """
    rank = {key: index for index, key in enumerate(nodes)}
    successors: dict[str, dict[str, None]] = {key: {} for key in nodes}
    for source, target in edges:
        successors[source][target] = None  # an ordered set: the edges' order is kept
    groups = _strongly_connected(nodes, successors)
    group_of: dict[str, int] = {}
    for index, group in enumerate(groups):
        group.sort(key=rank.__getitem__)
        for key in group:
            group_of[key] = index
    children: list[set[int]] = [set() for _ in groups]
    waiting = [0] * len(groups)  # components each one still waits for
    for source, targets in successors.items():
        here = group_of[source]
        for target in targets:
            there = group_of[target]
            if there != here and there not in children[here]:
                children[here].add(there)
                waiting[there] += 1
    first = [rank[group[0]] for group in groups]
    ready = [(first[index], index) for index in range(len(groups)) if waiting[index] == 0]
    heapq.heapify(ready)
    result: list[Component] = []
    while ready:
        _, index = heapq.heappop(ready)
        group = groups[index]
        if len(group) == 1 and group[0] not in successors[group[0]]:
            result.append(Component((group[0],), False))
        else:
            result.append(Component(_sweep_order(successors, group, starts), True))
        for child in children[index]:
            waiting[child] -= 1
            if waiting[child] == 0:
                heapq.heappush(ready, (first[child], child))
    return result


def _strongly_connected(nodes: Sequence[str], successors: Mapping[str, Iterable[str]]
                        ) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index_of[node] = low[node] = len(index_of)
        stack.append(node)
        on_stack.add(node)

    for root in nodes:
        if root in index_of:
            continue
        visit(root)
        work = [(root, iter(successors[root]))]
        while work:
            node, pending = work[-1]
            for following in pending:
                if following not in index_of:
                    visit(following)
                    work.append((following, iter(successors[following])))
                    break
                if following in on_stack:
                    low[node] = min(low[node], index_of[following])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index_of[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    groups.append(group)
    return groups


def _sweep_order(successors: Mapping[str, Iterable[str]], group: list[str],
                 starts: Collection[str]) -> tuple[str, ...]:
    """Reverse DFS post-order from a start node: only the edges that close a loop go back."""
    preferred = [key for key in group if key in starts]
    start = preferred[0] if preferred else group[0]
    inside = set(group)
    post: list[str] = []
    seen = {start}
    work = [(start, iter(successors[start]))]
    while work:
        node, pending = work[-1]
        for following in pending:
            if following in inside and following not in seen:
                seen.add(following)
                work.append((following, iter(successors[following])))
                break
        else:
            work.pop()
            post.append(node)
    return tuple(reversed(post))


def _short(keys: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(keys[:limit])
    if len(keys) > limit:
        shown += f", ... ({len(keys) - limit} more)"
    return shown


def _last(history: Sequence[float], count: int = 5) -> str:
    return ", ".join(f"{value:.3g}" for value in history[-count:])


def _trend(changes: Sequence[float]) -> str:
    """Plain words on how the change per iteration evolves (geometric mean of the ratios)."""
    tail = [c for c in changes[-6:] if c > 0.0 and math.isfinite(c)]
    if len(tail) < 2:
        return ""
    ratio = (tail[-1] / tail[0]) ** (1.0 / (len(tail) - 1))
    if ratio > 1.0 + 1e-3:
        return (f"the change per iteration grows by a factor of {ratio:.3g}: the loop "
                "diverges (its gain exceeds 1; check the coupling coefficients)")
    if ratio > 1.0 - 1e-3:
        return "the change per iteration does not shrink: the loop oscillates or stalls"
    return (f"the change per iteration shrinks by a factor of {ratio:.3g}: raise "
            "max_iterations or use method='anderson'")


class _Anderson:
    """Anderson mixing (type II) on scaled variables; numpy is imported on first use."""

    def __init__(self, scale: Sequence[float], memory: int) -> None:
        import numpy as np

        self.np = np
        self.scale = np.asarray(scale, dtype=float)
        self.memory = memory
        self.previous: tuple[object, object] | None = None
        self.delta_f: list[object] = []
        self.delta_g: list[object] = []

    def next(self, x: Sequence[float], g: Sequence[float]) -> list[float]:
        np = self.np
        xs = np.asarray(x, dtype=float) / self.scale
        gs = np.asarray(g, dtype=float) / self.scale
        f = gs - xs
        if self.previous is not None:
            f_old, g_old = self.previous
            self.delta_f.append(f - f_old)
            self.delta_g.append(gs - g_old)
            if len(self.delta_f) > self.memory:
                self.delta_f.pop(0)
                self.delta_g.pop(0)
        self.previous = (f, gs)
        if not self.delta_f:
            return list(g)
        df = np.column_stack(self.delta_f)
        dg = np.column_stack(self.delta_g)
        gamma = np.linalg.lstsq(df, f, rcond=None)[0]
        mixed = (gs - dg @ gamma) * self.scale
        if not np.all(np.isfinite(mixed)):
            return list(g)
        return [float(value) for value in mixed]


def _sweep(steps: Sequence[Step], values: MutableMapping[str, float], failed: str,
           history: list[float]) -> None:
    """One pass of every step of a loop; a step's arithmetic failure ends the solve."""
    try:
        for step in steps:
            step(values)
    except (ArithmeticError, ValueError) as exc:
        raise ConvergenceError(
            f"{failed}: {exc}" + (f"; last residuals: {_last(history)}" if history else ""),
            history,
        ) from exc


def _residual(state: Sequence[str], x: Sequence[float], g: Sequence[float], floor: float,
              diverged: str, history: list[float]) -> float:
    """Largest relative change of the loop's values from ``x`` to ``g`` (a change over
    ``|new| + floor``); a value that is no longer finite ends the solve."""
    residual = 0.0
    for key, old, new in zip(state, x, g, strict=True):
        if not math.isfinite(new):
            raise ConvergenceError(
                f"{diverged}: '{key}' became {new}"
                + (f"; last residuals: {_last(history)}" if history else ""),
                history,
            )
        change = abs(new - old)
        if change:
            denominator = abs(new) + floor
            residual = max(residual, change / denominator if denominator else math.inf)
    return residual


def solve_loop(
    keys: Sequence[str],
    state: Sequence[str],
    steps: Sequence[Step],
    values: MutableMapping[str, float],
    options: SolverOptions | None = None,
) -> LoopSolution:
    """Solve one loop by fixed-point iteration, in place in ``values``.

    Parameters
    ----------
    keys
        The loop's nodes in iteration order (for messages and evidence).
    state
        The nodes whose values are iterated (all value nodes of the loop); ``values``
        must hold their starting values (initial guesses, 0, or a previous solution).
    steps
        One call per node in iteration order; each reads ``values`` and writes its own.
    values
        SI values of every node; the loop's values are updated in place.
    options
        Tolerances, iteration limit and method; defaults to :class:`SolverOptions()`.

    Returns
    -------
    LoopSolution
        Iterations and residual history of the converged loop.

    Raises
    ------
    ConvergenceError
        When the iteration limit is reached, a value becomes NaN or infinite, or a step
        fails (division by zero, math domain error); the message names the loop's nodes
        and the last residuals, and :attr:`~okaeri.errors.ConvergenceError.history` holds
        every residual.
    """
    options = options or SolverOptions()
    floor = options.atol / options.rtol
    history: list[float] = []
    changes: list[float] = []
    x = [values[key] for key in state]
    scale: list[float] | None = None
    anderson: _Anderson | None = None
    label = f"loop of {len(keys)} node{'s' if len(keys) != 1 else ''} ({_short(keys)})"
    for iteration in range(1, options.max_iterations + 1):
        _sweep(steps, values, f"{label} failed at iteration {iteration}", history)
        g = [values[key] for key in state]
        residual = _residual(state, x, g, floor, f"{label} diverged at iteration {iteration}",
                             history)
        history.append(residual)
        if scale is None:
            # nodes that start at zero get a floor relative to the loop's largest value,
            # so that their change does not swamp the trend
            floor = 1e-9 * max((abs(value) for value in g), default=1.0) or 1e-300
            scale = [max(abs(value), floor) for value in g]
        changes.append(max((abs(n - o) / s for n, o, s in zip(g, x, scale, strict=True)),
                           default=0.0))
        if residual <= options.rtol:
            return LoopSolution(tuple(keys), iteration, tuple(history), options.method,
                                options.rtol)
        if options.method == "anderson":
            if anderson is None:
                anderson = _Anderson(scale, options.memory)
            x = anderson.next(x, g)
            for key, value in zip(state, x, strict=True):
                values[key] = value
        else:
            x = g
    trend = _trend(changes)
    raise ConvergenceError(
        f"{label} did not converge in {options.max_iterations} iterations "
        f"(rtol {options.rtol:g}); last residuals: {_last(history)}"
        + (f"; {trend}" if trend else ""),
        history,
    )
