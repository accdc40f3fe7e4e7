"""The parameter dependency graph: parameters → relations and analyses → derived values.

:class:`DependencyGraph` keeps its edges as plain adjacency lists for evaluation and
queries, and a :class:`networkx.DiGraph` built on demand (callers never see it). Every
node has a string key (a dotted path such as ``capsule.aeroshell.diameter`` or
``budget.mass.launch``), a :class:`NodeKind`, the SI unit and dimension of its value, an
origin (a :class:`~okaeri.errors.Location` or a text such as ``"computed by budgets"``)
and a value in SI units (a float; an array for a per-sample output).

- A **parameter** has a value given by the model.
- A **relation** (kind ``RELATION``, ``BUDGET`` or ``CRITERION``) computes one value from
  other nodes: an :class:`~okaeri.graph.expressions.Expression` or a Python callable. A
  callable relation may be *deferred*: a node of every query that is prepared and computed
  only once something asks for it or reads it (the predicted mass of each component).
- An **analysis** is a Python callable with declared ports: a mapping of input values in,
  several outputs out; the analysis is a node (without a value) and each output is a node
  keyed ``<analysis>.<output>`` that reads it. An analysis may be *on demand* (``lazy``):
  it runs only when one of its values is asked for (a Monte Carlo, a corridor search).

Edges point from what is read to what reads it. Nodes may be added in any order;
references are resolved, wildcards expanded and dimensions checked when the graph is
first evaluated or queried (:meth:`DependencyGraph.check` lists every problem as a
:class:`~okaeri.errors.Finding`). Loops are solved by :mod:`okaeri.graph.solve`.

Evaluation is pure float arithmetic: units are converted once when values enter, and
dimensions are checked once, at build time. A node whose computation fails does not stop
the others: it and everything that reads it get a :class:`Failure` naming the root cause,
which :meth:`DependencyGraph.value` raises. :meth:`DependencyGraph.set_parameter`
recomputes only what depends on the changed parameter. An analysis's result may be
answered by a memo (a cache) keyed on its :class:`AnalysisIdentity` and input values.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import pint

from okaeri.errors import AnalysisError, Finding, ModelError
from okaeri.graph.dimensions import Dimension, unit_info
from okaeri.graph.evaluation import GraphEvaluation
from okaeri.graph.expressions import Expression, parse_expression
from okaeri.graph.nodes import (
    ANALYSIS,
    EXPRESSION,
    FUNCTION,
    OUTPUT,
    PARAMETER,
    RELATION_KINDS,
    AnalysisFunction,
    AnalysisIdentity,
    Failure,
    Memo,
    Node,
    NodeKind,
    Origin,
    Record,
)
from okaeri.graph.prepare import Plan, location_of, where
from okaeri.graph.solve import LoopSolution, SolverOptions

__all__ = ["DependencyGraph"]

UnitLike: TypeAlias = str | pint.Unit


class DependencyGraph(GraphEvaluation):
    """A graph of parameters, relations, analyses, budgets and criteria.

    Parameters
    ----------
    solver
        Tolerances, iteration limit and method of the loop solver.

    Examples
    --------
    >>> graph = DependencyGraph()
    >>> graph.add_parameter("otv.dry_mass", 800.0, "kg")
    >>> _ = graph.add_expression("otv.margin", "= 20 [%] * otv.dry_mass")
    >>> graph.evaluate()["otv.margin"]
    160.0
    """

    def __init__(self, *, solver: SolverOptions | None = None) -> None:
        self.solver = solver or SolverOptions()
        self._records: dict[str, Record] = {}
        self._values: dict[str, float] = {}
        self._samples: dict[str, np.ndarray[Any, Any]] = {}
        self._details: dict[str, Mapping[str, Any]] = {}
        self._plan: Plan | None = None
        self._base: Plan | None = None
        self._added: list[str] = []
        self._deferred: dict[str, Record] = {}
        self._done: set[int] = set()
        self._failures: dict[str, Failure] = {}
        self._loops: dict[int, LoopSolution] = {}
        self._memo: Memo | None = None

    # ----------------------------------------------------------------------------------
    # Building
    # ----------------------------------------------------------------------------------

    def _new(self, record: Record, deferred: bool = False) -> None:
        key = record.key
        if not isinstance(key, str) or not key or "*" in key or key != key.strip():
            raise ValueError(f"invalid node key {key!r}: a non-empty dotted path without '*'")
        existing = self._records.get(key) or self._deferred.get(key)
        if existing is not None:
            raise ModelError([Finding(
                location_of(record.origin, key), "okaeri.duplicate_key",
                f"'{key}' is defined twice; first{where(existing.origin) or ' elsewhere'}",
                hint="give each parameter and derived value a single definition")])
        if deferred and self._plan is None and self._base is None:
            self._deferred[key] = record
        else:
            self._admit(record)

    def add_parameter(self, key: str, value: float | pint.Quantity[Any],
                      unit: UnitLike | None = None, origin: Origin = "") -> None:
        """Add a parameter: a value given by the model.

        Parameters
        ----------
        key
            Dotted path of the parameter.
        value
            A float in ``unit`` (converted to SI; ``unit`` ``None`` means dimensionless),
            or a pint quantity (its own unit is used; ``unit``, if given, must have the
            same dimension).
        unit
            Unit of a float value (``"kg"``, ``"km/s"``, ``"%"``) or a pint unit.
        origin
            Where the value is defined.

        Raises
        ------
        ValueError
            For an unknown unit, a value that is not finite, or a quantity whose
            dimension differs from ``unit``.
        ModelError
            If ``key`` is already defined.
        """
        if isinstance(value, pint.Quantity):
            info = unit_info(value.units)
            si_value = float(value.magnitude) * info.factor
            if unit is not None and unit_info(unit).dimension != info.dimension:
                expected = unit_info(unit).dimension.describe()
                raise ValueError(f"parameter '{key}' expects {expected}, got {value} "
                                 f"({info.dimension.describe()})")
        else:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"parameter '{key}' needs a number, got {value!r}")
            info = unit_info(unit if unit is not None else "")
            si_value = float(value) * info.factor
        if not math.isfinite(si_value):
            raise ValueError(f"parameter '{key}' = {si_value} is not finite")
        self._new(Record(key, NodeKind.PARAMETER, PARAMETER, origin, info.dimension,
                         info.si_unit, True))
        self._values[key] = si_value

    def add_expression(self, key: str, expression: Expression | str,
                       unit: UnitLike | None = None, origin: Origin = "", *,
                       kind: NodeKind = NodeKind.RELATION,
                       initial: float | None = None) -> Expression:
        """Add a relation computed by an expression (``"= 0.08 * a.b"``).

        Parameters
        ----------
        key
            Dotted path of the derived value.
        expression
            Parsed, or the text to parse. Wildcards (``sum(otv.*.mass)``) are expanded
            against every value node except ``key`` itself when the graph is prepared.
        unit
            Declared unit; its dimension must match the expression's. ``None`` infers
            the dimension from the expression.
        origin
            Where the expression is written.
        kind
            ``RELATION``, ``BUDGET`` or ``CRITERION``.
        initial
            Initial guess (SI) if the node lies on a loop.

        Returns
        -------
        Expression
            The parsed expression.

        Raises
        ------
        ExpressionError
            If the text does not parse (position into the text).
        """
        parsed = expression if isinstance(expression, Expression) else (
            parse_expression(expression))
        self._add_computed(key, kind, EXPRESSION, unit, origin, initial, expression=parsed,
                           inputs=parsed.references)
        return parsed

    def add_relation(self, key: str, inputs: Sequence[str] | Mapping[str, str] | None,
                     function: Any, unit: UnitLike | None = None, origin: Origin = "", *,
                     kind: NodeKind = NodeKind.RELATION,
                     initial: float | None = None, deferred: bool = False) -> None:
        """Add a relation computed by a Python function (or an expression).

        Parameters
        ----------
        key
            Dotted path of the derived value.
        inputs
            Keys the function reads: a sequence (passed positionally, in order) or a
            mapping from the function's parameter names to keys (passed as keywords).
            ``None`` for an expression (its references are its inputs).
        function
            A function of SI floats returning an SI float, or an expression
            (then this is :meth:`add_expression`).
        unit
            Unit of the result; required for a function.
        origin, kind, initial
            As for :meth:`add_expression`.
        deferred
            For a function of parameters that few read (the predicted value of each of
            10,000 components, which the budget sums without reading): the relation is a
            node of every query (``in``, :meth:`keys`, :meth:`nodes`, :meth:`edges`) but
            enters the evaluation plan only when it is asked for (:meth:`value`,
            :meth:`node`, :meth:`downstream` of what it reads, ...) or a node reads it, so
            that preparing and evaluating the graph cost nothing for it until then. Only
            before the graph is first prepared; afterwards the relation is added as any
            other.

        Raises
        ------
        ValueError
            For a function without a unit, or an unknown unit.
        """
        if isinstance(function, Expression | str):
            if inputs is not None:
                raise ValueError(f"relation '{key}': an expression reads its own references; "
                                 "pass inputs=None")
            self.add_expression(key, function, unit, origin, kind=kind, initial=initial)
            return
        if unit is None:
            raise ValueError(f"relation '{key}' needs the unit of its result ('' if none)")
        names: tuple[str, ...] | None = None
        if isinstance(inputs, Mapping):
            names, keys = tuple(inputs.keys()), tuple(inputs.values())
        else:
            keys = tuple(inputs or ())
        self._add_computed(key, kind, FUNCTION, unit, origin, initial, deferred,
                           function=function, inputs=keys, names=names)

    def _add_computed(self, key: str, kind: NodeKind, role: int, unit: UnitLike | None,
                      origin: Origin, initial: float | None, deferred: bool = False,
                      **extra: Any) -> None:
        if kind not in RELATION_KINDS:
            raise ValueError(f"relation '{key}' must be of kind RELATION, BUDGET or CRITERION, "
                             f"not {kind.name}")
        if initial is not None and not math.isfinite(initial):
            raise ValueError(f"relation '{key}': initial guess {initial!r} is not finite")
        if unit is None:
            dimension, si_unit, declared = None, "", False
        else:
            info = unit_info(unit)
            dimension, si_unit, declared = info.dimension, info.si_unit, True
        self._new(Record(key, kind, role, origin, dimension, si_unit, declared,
                         initial=initial, **extra), deferred)

    def add_analysis(self, name: str, inputs: Sequence[str] | Mapping[str, str],
                     outputs: Mapping[str, UnitLike], function: AnalysisFunction,
                     origin: Origin = "", *, initial: Mapping[str, float] | None = None,
                     samples: Collection[str] = (), lazy: bool = False,
                     concurrent: bool = False, identity: AnalysisIdentity | None = None
                     ) -> tuple[str, ...]:
        """Add an analysis with several outputs.

        Parameters
        ----------
        name
            Key of the analysis (``entry.nominal``); output ``x`` gets key ``name.x``.
        inputs
            Keys it reads: a sequence (the function receives them by key) or a mapping
            from port names to keys.
        outputs
            Unit of each output, by output name (``{"peak_heat_flux_total": "W/m^2"}``).
        function
            Input values (SI) by port name in, output values (SI) by output name out.
        origin
            Where the analysis is declared.
        initial
            Initial guesses (SI) by output name, for an analysis that lies on a loop.
        samples
            Outputs with one value per Monte Carlo sample (arrays; read with
            :meth:`samples`, through a statistic).
        lazy
            Compute only when one of its values is asked for.
        concurrent
            Run on a worker thread, beside the nodes of the same evaluation that do not
            read it (joined before the first that does, and before :meth:`evaluate`
            returns). For an analysis that spends its time in compiled code releasing
            the GIL (the entry Monte Carlo); its function must not touch shared mutable
            state. Not on a loop: there it runs in turn.
        identity
            Registered name, version and settings: with the input values, the key under
            which a memo may answer the result.

        Returns
        -------
        tuple[str, ...]
            The keys of the output nodes.
        """
        if not outputs:
            raise ValueError(f"analysis '{name}' needs at least one output")
        if isinstance(inputs, Mapping):
            names, keys = tuple(inputs.keys()), tuple(inputs.values())
        else:
            keys = tuple(inputs)
            names = keys
        output_names = tuple(outputs)
        output_keys = tuple(f"{name}.{output}" for output in output_names)
        infos = [unit_info(unit) for unit in outputs.values()]
        for key in output_keys:
            if key in self._records:
                raise ModelError([Finding(location_of(origin, key), "okaeri.duplicate_key",
                                          f"'{key}' is defined twice",
                                          hint="rename the output or the other node")])
        self._new(Record(name, NodeKind.ANALYSIS, ANALYSIS, origin, Dimension(), "", True,
                         inputs=keys, names=names, function=function, outputs=output_keys,
                         output_names=output_names, lazy=lazy, concurrent=concurrent,
                         identity=identity))
        guesses = initial or {}
        for output, key, info in zip(output_names, output_keys, infos, strict=True):
            guess = guesses.get(output)
            self._new(Record(key, NodeKind.ANALYSIS, OUTPUT, origin, info.dimension,
                             info.si_unit, True, inputs=(name,), analysis=name,
                             initial=None if guess is None else float(guess),
                             samples=output in samples))
        return output_keys

    def use_memo(self, memo: Memo | None) -> None:
        """Answer analyses that have an identity from ``memo`` (``None``: no memo)."""
        self._memo = memo

    # ----------------------------------------------------------------------------------
    # Queries
    # ----------------------------------------------------------------------------------

    def _ensure(self, key: str) -> None:
        plan = self._prepared()
        if plan.findings:
            raise ModelError(plan.findings)
        index = plan.item_of.get(key)
        if index is not None and index not in self._done:
            self.evaluate([key], strict=False)
        failure = self._failures.get(key)
        if failure is not None:
            raise AnalysisError(failure.describe(key))

    def value(self, key: str) -> float:
        """SI value of a node, computing what it needs first.

        Raises
        ------
        KeyError
            For an unknown key; ``ValueError`` for an analysis (read its outputs) or a
            per-sample output (read :meth:`samples`).
        AnalysisError
            When the node, or one it depends on, could not be computed (its root cause).
        ModelError
            With every finding of :meth:`check`, if there is any.
        """
        record = self._record(key)
        if record.role == ANALYSIS:
            raise ValueError(f"'{key}' is an analysis; read one of its outputs: "
                             + ", ".join(record.outputs))
        if record.samples:
            raise ValueError(f"'{key}' holds one value per sample; read samples('{key}')")
        if record.role != PARAMETER:
            self._ensure(key)
        return self._values[key]

    def samples(self, key: str) -> np.ndarray[Any, Any]:
        """The per-sample values of a per-sample output (SI, read-only array).

        Raises
        ------
        ValueError
            For a node that is not a per-sample output.
        AnalysisError
            When the analysis could not be computed.
        """
        record = self._record(key)
        if not record.samples:
            raise ValueError(f"'{key}' holds one value, not one per sample")
        self._ensure(key)
        return self._samples[key]

    def computed(self, key: str) -> bool:
        """Whether ``key`` has a value now, without computing anything."""
        record = self._record(key)
        if record.role == PARAMETER:
            return True
        index = self._prepared().item_of.get(key)
        return index in self._done and key not in self._failures

    def details(self, analysis: str) -> Mapping[str, Any]:
        """What an analysis returned besides its declared outputs (e.g. which limit bounds
        a corridor), after it ran; empty before."""
        self._record(analysis)
        return self._details.get(analysis, {})

    def failure(self, key: str) -> Failure | None:
        """Why ``key`` has no value after evaluation, or ``None``."""
        self._record(key)
        return self._failures.get(key)

    def node(self, key: str) -> Node:
        """What the graph knows about a node.

        Raises
        ------
        KeyError
            For an unknown key.
        """
        record = self._record(key)
        plan = self._prepared()
        value = None
        if record.role == PARAMETER or plan.item_of.get(key) in self._done:
            value = self._values.get(key)
        return self._described(record, value)

    @staticmethod
    def _described(record: Record, value: float | None) -> Node:
        key = record.key
        return Node(
            key=key, kind=record.kind, unit=record.unit,
            dimension=record.dimension or Dimension(), origin=record.origin,
            inputs=record.inputs,
            value=None if record.role == ANALYSIS or record.samples else value,
            expression=record.expression.text if record.expression is not None else None,
            initial=record.initial, analysis=record.analysis, outputs=record.outputs,
            samples=record.samples, identity=record.identity,
            ports=tuple(record.names or ()) if record.role == ANALYSIS else ())

    def keys(self) -> list[str]:
        """Every node key, in the order the nodes were added (deferred relations not yet
        asked for last)."""
        return [*self._records, *self._deferred]

    def deferred_keys(self) -> list[str]:
        """The deferred relations not yet asked for (``add_relation(..., deferred=True)``),
        which :meth:`evaluate` computes when they are among its ``targets`` or
        ``on_demand`` keys."""
        return list(self._deferred)

    def nodes(self) -> Iterator[Node]:
        """Every node, sorted by key (a deferred relation not yet asked for without a
        value, as a node not yet computed)."""
        for key in sorted(self.keys()):
            deferred = self._deferred.get(key)
            yield self.node(key) if deferred is None else self._described(deferred, None)

    def edges(self) -> list[tuple[str, str]]:
        """Every edge ``(read, reader)``, sorted."""
        return sorted({*self._prepared().graph.edges(), *(
            (source, key) for key, record in self._deferred.items() for source in record.inputs)})

    def _related(self, nodes: Collection[str], kinds: Iterable[NodeKind] | None
                 ) -> tuple[str, ...]:
        wanted = frozenset(kinds) if kinds is not None else None
        rank = self._prepared().rank
        return tuple(sorted(
            (k for k in nodes if wanted is None or self._records[k].kind in wanted),
            key=lambda k: rank.get(k, len(rank))))

    def downstream(self, key: str, kinds: Iterable[NodeKind] | None = None) -> tuple[str, ...]:
        """Every node that depends on ``key``, directly or not, in evaluation order.

        Parameters
        ----------
        key
            The node whose impact is wanted.
        kinds
            Keep only nodes of these kinds (e.g. ``[NodeKind.BUDGET]``).
        """
        self._record(key)
        found = self._prepared().reachable([key], upstream=False)
        found.discard(key)  # a node on a loop is not listed as its own reader
        read = found | {key}
        readers = [k for k, record in self._deferred.items()
                   if any(source in read for source in record.inputs)]
        for reader in readers:  # asked for: now in the plan, computed when evaluated
            self._admit(self._deferred.pop(reader))
        return self._related(found.union(readers), kinds)

    def upstream(self, key: str | Iterable[str], kinds: Iterable[NodeKind] | None = None
                 ) -> tuple[str, ...]:
        """Every node that ``key`` depends on, directly or not, in evaluation order.

        Parameters
        ----------
        key
            The node to trace, or several: every node any of them depends on (one
            traversal, not one per node).
        kinds
            Keep only nodes of these kinds (e.g. ``[NodeKind.PARAMETER]``).
        """
        targets = [key] if isinstance(key, str) else list(key)
        for target in targets:
            self._record(target)
        found = self._prepared().reachable(targets, upstream=True)
        if isinstance(key, str):
            found.discard(key)  # a node on a loop is not listed as its own input
        return self._related(found, kinds)

    def loops(self) -> list[tuple[str, ...]]:
        """The coupled loops (strongly connected components), in evaluation order."""
        return list(self._prepared().cycles)

    def subgraph(self, targets: Iterable[str], *, varying: Iterable[str] | None = None
                 ) -> DependencyGraph:
        """A new graph of ``targets`` and everything they depend on (same values, own
        state), for analyses that re-solve part of the graph (a root search). An
        analysis this graph has computed answers at once in the new graph when asked
        with the same input values (a root search on the system margin need not redo
        the departure geometry).

        With ``varying`` (parameters of this graph), the new graph holds only the nodes on
        the paths from them to ``targets``, and ``targets`` and ``varying`` themselves.
        What those nodes read from the rest of this graph becomes parameters of the new
        graph, with this graph's values where it has computed them and NaN where it has
        not (set them before evaluating): a root search on one parameter then re-solves
        only what moves with it, however large the rest of the graph is.

        A deferred relation among ``targets`` stays deferred in the new graph (and in this
        one), with what it reads.
        """
        wanted = set(targets)
        deferred = [key for key in self._deferred if key in wanted]
        wanted.difference_update(deferred)
        wanted.update(s for key in deferred for s in self._deferred[key].inputs)
        for key in wanted:
            self._record(key)
        plan = self._prepared()
        if varying is None:
            wanted |= plan.reachable(wanted, upstream=True)
        else:
            sources = set(varying)
            wanted |= sources | (plan.reachable(sources, upstream=False)
                                 & plan.reachable(wanted, upstream=True))
        for key in list(wanted):  # an analysis comes with all its outputs
            record = self._records[key]
            if record.role == OUTPUT:
                wanted |= {record.inputs[0], *self._records[record.inputs[0]].outputs}
        held = {source for source, reader in plan.links if reader in wanted} - wanted
        graph = DependencyGraph(solver=self.solver)
        for key, record in self._records.items():
            if key in held:
                graph._records[key] = Record(key, NodeKind.PARAMETER, PARAMETER, record.origin,
                                             record.dimension, record.unit, True)
                graph._values[key] = self._values[key] if self.computed(key) else math.nan
            elif key in wanted:
                copied = graph._records[key] = record.copy()
                if record.role == PARAMETER:
                    graph._values[key] = self._values[key]
                elif record.role == ANALYSIS:
                    copied.function = self._recalling(record)
        graph._deferred = {key: self._deferred[key].copy() for key in deferred}
        return graph

    def _recalling(self, record: Record) -> AnalysisFunction | None:
        """``record``'s function, answering with this graph's result, without calling it,
        for the input values this graph computed it from (an analysis computed outside a
        loop: its outputs are those of its current inputs exactly)."""
        function = record.function
        plan, values = self._prepared(), self._values
        index = plan.item_of.get(record.key)
        if (function is None or index is None or plan.items[index].loop is not None
                or not all(self.computed(k) for k in record.outputs)):
            return function  # not computed, or its outputs are a loop's last iterate
        names = record.names or record.inputs
        inputs = {name: values[source] for name, source in zip(names, record.inputs,
                                                               strict=True)}
        result = {**self._details.get(record.key, {}),
                  **{name: self._samples[k] if k in self._samples else values[k]
                     for name, k in zip(record.output_names, record.outputs, strict=True)}}

        def recall(asked: Mapping[str, float]) -> Mapping[str, Any]:
            return result if asked == inputs else function(asked)

        return recall

    def fingerprint(self, keys: Iterable[str]) -> str:
        """sha256 of the structure that computes ``keys``: every node upstream with its
        kind, unit, inputs, expression text, function and analysis identity (not the
        parameter values). Two graphs with the same fingerprint compute ``keys`` the
        same way from the same parameter values."""
        wanted = set(keys)
        for key in wanted:
            self._record(key)
        wanted |= self._prepared().reachable(wanted, upstream=True)
        digest = hashlib.sha256()
        for key in sorted(wanted):
            record = self._records[key]
            function = record.function
            name = getattr(function, "__qualname__", "") if function is not None else ""
            text = record.expression.text if record.expression is not None else ""
            digest.update(repr((key, record.kind.value, record.role, record.unit,
                                record.inputs, record.names, text, name, record.output_names,
                                record.identity)).encode())
        return digest.hexdigest()

    def __len__(self) -> int:
        return len(self._records) + len(self._deferred)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __contains__(self, key: object) -> bool:
        return key in self._records or key in self._deferred

    def __repr__(self) -> str:
        return f"<DependencyGraph: {len(self)} nodes>"
