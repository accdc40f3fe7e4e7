"""The parameter dependency graph: parameters → relations and analyses → derived values.

:class:`DependencyGraph` wraps a :class:`networkx.DiGraph` (callers never see it). Every
node has a string key (a dotted path such as ``capsule.aeroshell.diameter`` or
``budget.mass.launch``), a :class:`NodeKind`, the SI unit and dimension of its value, an
origin (a :class:`~okaeri.errors.Location` or a text such as ``"computed by budgets"``)
and a value in SI units (a float).

- A **parameter** has a value given by the model.
- A **relation** (kind ``RELATION``, ``BUDGET`` or ``CRITERION``) computes one value from
  other nodes: an :class:`~okaeri.graph.expressions.Expression` or a Python callable.
- An **analysis** is a Python callable that takes a mapping of input values and returns
  several outputs; the analysis is a node (without a value) and each output is a node
  keyed ``<analysis>.<output>`` that reads it.

Edges point from what is read to what reads it. Nodes may be added in any order;
references are resolved, wildcards expanded and dimensions checked when the graph is
first evaluated or queried (:meth:`DependencyGraph.check` lists every problem as a
:class:`~okaeri.errors.Finding`). Loops are solved by :mod:`okaeri.graph.solve`.

Evaluation is pure float arithmetic: units are converted once when values enter, and
dimensions are checked once, at build time. The evaluation order is computed once per
change of structure; :meth:`DependencyGraph.set_parameter` recomputes only the nodes
downstream of the changed parameter.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from operator import itemgetter
from types import MappingProxyType
from typing import Any, TypeAlias

import networkx as nx
import pint

from okaeri.errors import (
    AnalysisError,
    ExpressionError,
    Finding,
    Location,
    ModelError,
)
from okaeri.graph.expressions import (
    Dimension,
    Evaluator,
    Expression,
    parse_expression,
    unit_info,
    wildcard_resolver,
)
from okaeri.graph.solve import (
    LoopSolution,
    SolverOptions,
    Step,
    evaluation_order,
    solve_loop,
)

__all__ = [
    "AnalysisFunction",
    "DependencyGraph",
    "Evaluation",
    "Node",
    "NodeKind",
    "Origin",
    "UpdateReport",
]

Origin: TypeAlias = Location | str
"""Where a node comes from: a location in a model file, or a text (``"computed by ..."``)."""

AnalysisFunction: TypeAlias = Callable[[Mapping[str, float]], Mapping[str, float]]
"""An analysis: input values (SI) by name in, output values (SI) by output name out."""

UnitLike: TypeAlias = str | pint.Unit


class NodeKind(Enum):
    """What a node of the dependency graph is."""

    PARAMETER = "parameter"
    """A value given by the model."""
    RELATION = "relation"
    """A value computed from others by an expression or a function."""
    ANALYSIS = "analysis"
    """An analysis (no value of its own), or one of its outputs."""
    BUDGET = "budget"
    """A relation that totals a budget (mass, delta-v, propellant, heat load)."""
    CRITERION = "criterion"
    """A relation that computes a requirement's margin or check value."""


_RELATION_KINDS = frozenset({NodeKind.RELATION, NodeKind.BUDGET, NodeKind.CRITERION})


@dataclass(frozen=True)
class Node:
    """What the graph knows about one node (a snapshot; see :meth:`DependencyGraph.node`)."""

    key: str
    kind: NodeKind
    unit: str
    """SI unit of the value (``"kg"``, ``"m/s"``, ``"rad"``; ``""`` when dimensionless)."""
    dimension: Dimension
    origin: Origin
    inputs: tuple[str, ...]
    """Keys of the nodes it reads (wildcards expanded); an analysis output reads its analysis."""
    value: float | None
    """Current SI value; ``None`` before evaluation and for an analysis itself."""
    expression: str | None = None
    """Text of the expression that computes it, if any."""
    initial: float | None = None
    """Initial guess (SI) used when it lies on a loop."""
    analysis: str | None = None
    """For an analysis output: the key of its analysis."""
    outputs: tuple[str, ...] = ()
    """For an analysis: the keys of its outputs."""

    @property
    def has_value(self) -> bool:
        """Whether the node carries a value (every node but an analysis itself)."""
        return not self.outputs


@dataclass(frozen=True)
class Evaluation:
    """The values of a whole graph after :meth:`DependencyGraph.evaluate`."""

    values: Mapping[str, float]
    """SI value of every value node (read-only)."""
    order: tuple[str, ...]
    """Every node in evaluation order: parameters first, then computed nodes."""
    loops: tuple[LoopSolution, ...]
    """Convergence evidence of each loop, in evaluation order."""

    def __getitem__(self, key: str) -> float:
        return self.values[key]


@dataclass(frozen=True)
class UpdateReport:
    """What :meth:`DependencyGraph.set_parameter` did."""

    key: str
    """The parameter changed."""
    old: float
    new: float
    recomputed: tuple[str, ...]
    """Nodes recomputed, in evaluation order (only the parameter's downstream nodes)."""
    changed: tuple[str, ...]
    """Recomputed nodes whose value changed."""
    loops: tuple[LoopSolution, ...] = ()
    """Evidence of the loops re-solved."""

    @property
    def count(self) -> int:
        """Number of nodes recomputed."""
        return len(self.recomputed)


# Internal record kinds.
_PARAMETER = 0
_EXPRESSION = 1
_FUNCTION = 2
_ANALYSIS = 3
_OUTPUT = 4


@dataclass(eq=False)
class _Record:
    key: str
    kind: NodeKind
    role: int
    origin: Origin
    dimension: Dimension | None
    """None until inferred, for an expression without a declared unit."""
    unit: str
    declared: bool
    inputs: tuple[str, ...] = ()
    """Declared inputs; for expressions, the references after wildcard expansion."""
    names: tuple[str, ...] | None = None
    """Parameter names that a function receives its inputs as (keywords), if any."""
    expression: Expression | None = None
    """As written (wildcards kept)."""
    expanded: Expression | None = None
    function: Callable[..., Any] | None = None
    initial: float | None = None
    analysis: str | None = None
    outputs: tuple[str, ...] = ()
    output_names: tuple[str, ...] = ()


@dataclass(eq=False)
class _Item:
    """One entry of the evaluation plan."""

    keys: tuple[str, ...]
    """Nodes it computes, in order (an analysis: itself and its outputs)."""
    evaluator: Evaluator | None = None
    """For a single relation: ``values[keys[0]] = evaluator(values)``."""
    step: Step | None = None
    """For an analysis outside a loop."""
    loop: tuple[tuple[str, ...], tuple[str, ...], tuple[Step, ...], dict[str, float]] | None = None
    """For a loop: its nodes, the value nodes iterated, steps in order, starting values."""


def _location(origin: Origin, key: str) -> Location:
    if isinstance(origin, Location):
        return origin if origin.path else replace(origin, path=key)
    return Location(file=origin, path=key)


def _where(origin: Origin) -> str:
    text = str(origin)
    return f" ({text})" if text else ""


class DependencyGraph:
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
        self._records: dict[str, _Record] = {}
        self._values: dict[str, float] = {}
        self._graph = nx.DiGraph()
        self._dirty = True
        """Structure changed since the last preparation."""
        self._stale = True
        """Computed values are not consistent with the parameters."""
        self._findings: list[Finding] = []
        self._plan: list[_Item] = []
        self._item_of: dict[str, int] = {}
        self._order: tuple[str, ...] = ()
        self._rank: dict[str, int] = {}
        self._loops: dict[int, LoopSolution] = {}
        self._cycles: list[tuple[str, ...]] = []
        self._similar: dict[tuple[str, str], list[str]] | None = None
        self._searches = 0

    # ----------------------------------------------------------------------------------
    # Building
    # ----------------------------------------------------------------------------------

    def _new(self, record: _Record) -> None:
        key = record.key
        if not isinstance(key, str) or not key or "*" in key or key != key.strip():
            raise ValueError(f"invalid node key {key!r}: a non-empty dotted path without '*'")
        existing = self._records.get(key)
        if existing is not None:
            raise ModelError([Finding(
                _location(record.origin, key),
                "okaeri.duplicate_key",
                f"'{key}' is defined twice; first{_where(existing.origin) or ' elsewhere'}",
                hint="give each parameter and derived value a single definition",
            )])
        self._records[key] = record
        self._dirty = True
        self._stale = True

    def add_parameter(
        self,
        key: str,
        value: float | pint.Quantity[Any],
        unit: UnitLike | None = None,
        origin: Origin = "",
    ) -> None:
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
        self._new(_Record(key, NodeKind.PARAMETER, _PARAMETER, origin, info.dimension,
                          info.si_unit, True))
        self._values[key] = si_value

    def add_expression(
        self,
        key: str,
        expression: Expression | str,
        unit: UnitLike | None = None,
        origin: Origin = "",
        *,
        kind: NodeKind = NodeKind.RELATION,
        initial: float | None = None,
    ) -> Expression:
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
            parse_expression(expression)
        )
        self._add_computed(key, kind, _EXPRESSION, unit, origin, initial, expression=parsed,
                           inputs=parsed.references)
        return parsed

    def add_relation(
        self,
        key: str,
        inputs: Sequence[str] | Mapping[str, str] | None,
        function: Callable[..., float] | Expression | str,
        unit: UnitLike | None = None,
        origin: Origin = "",
        *,
        kind: NodeKind = NodeKind.RELATION,
        initial: float | None = None,
    ) -> None:
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
        if inputs is None:
            inputs = ()
        names: tuple[str, ...] | None = None
        if isinstance(inputs, Mapping):
            names = tuple(inputs.keys())
            keys = tuple(inputs.values())
        else:
            keys = tuple(inputs)
        self._add_computed(key, kind, _FUNCTION, unit, origin, initial, function=function,
                           inputs=keys, names=names)

    def _add_computed(
        self,
        key: str,
        kind: NodeKind,
        role: int,
        unit: UnitLike | None,
        origin: Origin,
        initial: float | None,
        **extra: Any,
    ) -> None:
        if kind not in _RELATION_KINDS:
            raise ValueError(f"relation '{key}' must be of kind RELATION, BUDGET or CRITERION, "
                             f"not {kind.name}")
        if initial is not None and not math.isfinite(initial):
            raise ValueError(f"relation '{key}': initial guess {initial!r} is not finite")
        if unit is None:
            dimension, si_unit, declared = None, "", False
        else:
            info = unit_info(unit)
            dimension, si_unit, declared = info.dimension, info.si_unit, True
        self._new(_Record(key, kind, role, origin, dimension, si_unit, declared,
                          initial=initial, **extra))

    def add_analysis(
        self,
        name: str,
        inputs: Sequence[str] | Mapping[str, str],
        outputs: Mapping[str, UnitLike],
        function: AnalysisFunction,
        origin: Origin = "",
        *,
        initial: Mapping[str, float] | None = None,
    ) -> tuple[str, ...]:
        """Add an analysis with several outputs.

        Parameters
        ----------
        name
            Key of the analysis (``analysis.entry``); output ``x`` gets key ``name.x``.
        inputs
            Keys it reads: a sequence (the function receives them by key) or a mapping
            from the names the function expects to keys.
        outputs
            Unit of each output, by output name (``{"peak_heat_flux_total": "W/m^2"}``).
        function
            Input values (SI) by name in, output values (SI) by output name out.
        origin
            Where the analysis is declared.
        initial
            Initial guesses (SI) by output name, for an analysis that lies on a loop.

        Returns
        -------
        tuple[str, ...]
            The keys of the output nodes.
        """
        if not outputs:
            raise ValueError(f"analysis '{name}' needs at least one output")
        if isinstance(inputs, Mapping):
            names: tuple[str, ...] = tuple(inputs.keys())
            keys = tuple(inputs.values())
        else:
            keys = tuple(inputs)
            names = keys
        output_names = tuple(outputs)
        output_keys = tuple(f"{name}.{output}" for output in output_names)
        infos = [unit_info(unit) for unit in outputs.values()]
        for key in output_keys:
            if key in self._records:
                raise ModelError([Finding(_location(origin, key), "okaeri.duplicate_key",
                                          f"'{key}' is defined twice",
                                          hint="rename the output or the other node")])
        self._new(_Record(name, NodeKind.ANALYSIS, _ANALYSIS, origin, Dimension(), "", True,
                          inputs=keys, names=names, function=function, outputs=output_keys,
                          output_names=output_names))
        guesses = initial or {}
        for output, key, info in zip(output_names, output_keys, infos, strict=True):
            guess = guesses.get(output)
            self._new(_Record(key, NodeKind.ANALYSIS, _OUTPUT, origin, info.dimension,
                              info.si_unit, True, inputs=(name,), analysis=name,
                              initial=None if guess is None else float(guess)))
        return output_keys

    # ----------------------------------------------------------------------------------
    # Preparation: resolve, order, check dimensions, compile
    # ----------------------------------------------------------------------------------

    def _prepare(self) -> None:
        if not self._dirty:
            return
        findings: list[Finding] = []
        records = self._records
        self._similar = None
        self._searches = 0
        for record in records.values():
            if not record.declared:  # infer again: wildcards may match new nodes
                record.dimension = None
                record.unit = ""
        value_keys = [key for key, record in records.items() if record.role != _ANALYSIS]
        resolver: Callable[[str], list[str]] | None = None
        edges: list[tuple[str, str]] = []
        for record in records.values():
            if record.role == _PARAMETER:
                continue
            if record.role == _EXPRESSION and record.expression is not None:
                expression = record.expression
                if expression.patterns:
                    if resolver is None:
                        resolver = wildcard_resolver(value_keys)

                    def without_self(
                        pattern: str,
                        key: str = record.key,
                        match: Callable[[str], list[str]] = resolver,
                    ) -> list[str]:
                        return [k for k in match(pattern) if k != key]

                    try:
                        expression = expression.expand(without_self)
                    except ExpressionError as exc:
                        findings.append(self._expression_finding(record, exc,
                                                                 "okaeri.dangling_ref"))
                        record.expanded = None
                        record.inputs = ()
                        continue
                record.expanded = expression
                record.inputs = expression.references
            missing = False
            for source in record.inputs:
                found = records.get(source)
                if found is None or (found.role == _ANALYSIS and record.role != _OUTPUT):
                    findings.append(self._dangling(record, source, found))
                    missing = True
                else:
                    edges.append((source, record.key))
            if missing:
                record.expanded = None
        graph = nx.DiGraph()
        graph.add_nodes_from(records)
        graph.add_edges_from(edges)
        self._graph = graph
        computed = [key for key, record in records.items() if record.role != _PARAMETER]
        inner = [(s, t) for s, t in edges if records[s].role != _PARAMETER]
        starts = {key for key in computed if records[key].initial is not None}
        components = evaluation_order(computed, inner, starts)
        self._cycles = [component.keys for component in components if component.cyclic]
        findings.extend(self._check_dimensions(components))
        self._findings = findings
        self._build_plan(components)
        self._dirty = False

    def _dangling(self, record: _Record, source: str, found: _Record | None) -> Finding:
        where = _location(record.origin, record.key)
        if found is not None:
            outputs = ", ".join(found.outputs)
            return Finding(where, "okaeri.dangling_ref",
                           f"'{record.key}' reads '{source}', which is an analysis, not a value",
                           hint=f"read one of its outputs: {outputs}")
        matches = [m for m in self._close_matches(source) if m != record.key][:3]
        hint = ("did you mean " + " or ".join(f"'{m}'" for m in matches) + "?") if matches \
            else "define it, or correct the reference"
        text = ""
        if record.expression is not None:
            position = record.expression.position_of(source)
            if position is not None:
                text = f" (expression '{record.expression.text}', column {position + 1})"
        return Finding(where, "okaeri.dangling_ref",
                       f"'{record.key}' reads '{source}', which is not defined{text}",
                       hint=hint)

    def _close_matches(self, key: str) -> list[str]:
        """Value keys that look like ``key``: among its siblings (same parent path) first,
        then among keys with the same first segment (or all keys of a small graph). The
        search stops after a few hundred misses, so that a mass rename stays fast."""
        index = self._similar
        if index is None:
            index = {}
            for other, record in self._records.items():
                if record.role != _ANALYSIS:
                    index.setdefault(("parent", other.rpartition(".")[0]), []).append(other)
                    index.setdefault(("head", other.split(".", 1)[0]), []).append(other)
            self._similar = index
        self._searches += 1
        if self._searches > 200:
            return []
        for choices in (index.get(("parent", key.rpartition(".")[0])),
                        index.get(("head", key.split(".", 1)[0]))):
            if choices:
                matches = difflib.get_close_matches(key, choices, n=4, cutoff=0.6)
                if matches:
                    return matches
        if len(self._records) > 2000:
            return []
        choices = [k for k, r in self._records.items() if r.role != _ANALYSIS]
        return difflib.get_close_matches(key, choices, n=4, cutoff=0.6)

    def _expression_finding(self, record: _Record, exc: ExpressionError, code: str) -> Finding:
        expression = record.expression
        text = ""
        if expression is not None:
            text = f" (expression '{expression.text}'"
            if exc.position is not None:
                text += f", column {exc.position + 1}"
            text += ")"
        return Finding(_location(record.origin, record.key), code,
                       f"'{record.key}': {exc.message}{text}", hint=exc.hint)

    def _check_dimensions(self, components: Sequence[Any]) -> list[Finding]:
        """Check expressions in evaluation order, inferring undeclared units on the way.

        A value whose expression already failed makes the expressions that read it fail
        silently, so that one mistake gives one finding.
        """
        findings: list[Finding] = []
        records = self._records
        failed = {key for key, record in records.items()
                  if record.role == _EXPRESSION and record.expanded is None}
        for component in components:
            pending = [records[key] for key in component.keys if records[key].role == _EXPRESSION
                       and key not in failed]
            while pending:
                deferred: list[_Record] = []
                for record in pending:
                    expression = record.expanded
                    if expression is None:  # pragma: no cover - failed records are filtered
                        continue
                    dimensions: dict[str, Dimension] = {}
                    unknown = False
                    for source in expression.references:
                        dimension = records[source].dimension
                        if dimension is None:
                            unknown = True
                            break
                        dimensions[source] = dimension
                    if unknown:
                        if any(source in failed for source in expression.references):
                            failed.add(record.key)
                            record.expanded = None
                        else:
                            deferred.append(record)
                        continue
                    try:
                        result = expression.check(dimensions)
                    except ExpressionError as exc:
                        findings.append(self._expression_finding(record, exc,
                                                                 "okaeri.unit_mismatch"))
                        failed.add(record.key)
                        record.expanded = None
                        continue
                    if record.dimension is None:
                        record.dimension = result
                        record.unit = result.si_unit
                    elif result != record.dimension:
                        findings.append(Finding(
                            _location(record.origin, record.key), "okaeri.unit_mismatch",
                            f"'{record.key}' is declared as {record.dimension.describe()} but "
                            f"its expression '{expression.text}' gives {result.describe()}",
                            hint="correct the declared unit or the expression",
                        ))
                        failed.add(record.key)
                        record.expanded = None
                if len(deferred) == len(pending):
                    for record in deferred:
                        findings.append(Finding(
                            _location(record.origin, record.key), "okaeri.unknown_unit",
                            f"the unit of '{record.key}' cannot be inferred: it lies on a "
                            "loop of values without declared units",
                            hint="declare the unit of at least one value on the loop",
                        ))
                        failed.add(record.key)
                        record.expanded = None
                    break
                pending = deferred
        return findings

    def _evaluator(self, record: _Record) -> Evaluator:
        if record.role == _EXPRESSION:
            if record.expanded is None:
                raise ModelError(self._findings)  # pragma: no cover - guarded by evaluate
            return record.expanded.compile()
        function = record.function
        if function is None:  # pragma: no cover - every function relation has one
            raise ValueError(f"relation '{record.key}' has no function")
        keys = record.inputs
        names = record.names
        if names is not None:
            pairs = tuple(zip(names, keys, strict=True))
            return lambda v: float(function(**{name: v[key] for name, key in pairs}))
        if not keys:
            return lambda v: float(function())
        if len(keys) == 1:
            only = keys[0]
            return lambda v: float(function(v[only]))
        getter = itemgetter(*keys)
        return lambda v: float(function(*getter(v)))

    def _analysis_step(self, record: _Record) -> Step:
        function = record.function
        if function is None:  # pragma: no cover - every analysis has one
            raise ValueError(f"analysis '{record.key}' has no function")
        pairs = tuple(zip(record.names or record.inputs, record.inputs, strict=True))
        outputs = tuple(zip(record.output_names, record.outputs, strict=True))
        key = record.key

        def step(values: Any) -> None:
            result = function({name: values[source] for name, source in pairs})
            if not isinstance(result, Mapping):
                raise AnalysisError(f"analysis '{key}' returned {type(result).__name__}, "
                                    "not a mapping of its outputs")
            for name, target in outputs:
                if name not in result:
                    raise AnalysisError(f"analysis '{key}' did not return its output '{name}'")
                values[target] = float(result[name])

        return step

    def _build_plan(self, components: Sequence[Any]) -> None:
        records = self._records
        plan: list[_Item] = []
        item_of: dict[str, int] = {}
        order = [key for key, record in records.items() if record.role == _PARAMETER]
        broken = bool(self._findings)
        for component in components:
            keys: tuple[str, ...] = component.keys
            order.extend(keys)
            if broken:
                continue
            if not component.cyclic:
                record = records[keys[0]]
                if record.role == _OUTPUT:
                    continue  # computed by its analysis, which comes first
                item_of[record.key] = len(plan)
                if record.role == _ANALYSIS:
                    for output in record.outputs:
                        item_of[output] = len(plan)
                    plan.append(_Item((record.key, *record.outputs),
                                      step=self._analysis_step(record)))
                else:
                    plan.append(_Item((record.key,), evaluator=self._evaluator(record)))
                continue
            steps: list[Step] = []
            for key in keys:
                record = records[key]
                if record.role == _ANALYSIS:
                    steps.append(self._analysis_step(record))
                elif record.role != _OUTPUT:
                    steps.append(_assign(key, self._evaluator(record)))
            # Outputs of the loop's analyses that feed nothing back are computed with it.
            extra = tuple(output for key in keys for output in records[key].outputs
                          if output not in keys)
            state = tuple(key for key in keys if records[key].role != _ANALYSIS) + extra
            start = {key: records[key].initial or 0.0 for key in state}
            for key in (*keys, *extra):
                item_of[key] = len(plan)
            plan.append(_Item((*keys, *extra), loop=(keys, state, tuple(steps), start)))
        self._plan = plan
        self._item_of = item_of
        self._order = tuple(order)
        self._rank = {key: index for index, key in enumerate(order)}
        self._loops = {}

    # ----------------------------------------------------------------------------------
    # Evaluation
    # ----------------------------------------------------------------------------------

    def check(self) -> list[Finding]:
        """Every problem of the graph: dangling references, wildcards that match nothing,
        dimension mismatches, units that cannot be inferred (empty when it can evaluate)."""
        self._prepare()
        return list(self._findings)

    def evaluate(self) -> Evaluation:
        """Compute every node, in topological order; loops by fixed-point iteration.

        Loops start from each node's initial guess, or 0.

        Returns
        -------
        Evaluation
            Every value (SI), the evaluation order and the loops' convergence evidence.

        Raises
        ------
        ModelError
            With every finding of :meth:`check`, if there is any.
        AnalysisError
            If a relation or analysis fails (the message names the node, its origin and
            its input values); :class:`~okaeri.errors.ConvergenceError` for a loop.
        """
        self._prepare()
        if self._findings:
            raise ModelError(self._findings)
        values = self._values
        self._loops = {}
        for index, item in enumerate(self._plan):
            self._run(index, item, values, warm=False)
        self._stale = False
        return self.evaluation()

    def evaluation(self) -> Evaluation:
        """The current values as an :class:`Evaluation` (evaluating first if needed)."""
        if self._dirty or self._stale:
            return self.evaluate()
        return Evaluation(
            MappingProxyType(dict(self._values)),
            self._order,
            tuple(self._loops[index] for index in sorted(self._loops)),
        )

    def _run(self, index: int, item: _Item, values: dict[str, float], warm: bool) -> None:
        evaluator = item.evaluator
        if evaluator is not None:
            key = item.keys[0]
            try:
                result = evaluator(values)
            except AnalysisError as exc:
                exc.add_note(f"while evaluating '{key}'{_where(self._records[key].origin)}")
                raise
            except (ArithmeticError, ValueError, TypeError) as exc:
                raise self._failure(key, exc) from exc
            if result - result != 0.0:
                raise self._failure(key, None, result)
            values[key] = result
        elif item.step is not None:
            key = item.keys[0]
            try:
                item.step(values)
            except AnalysisError as exc:
                exc.add_note(f"while evaluating '{key}'{_where(self._records[key].origin)}")
                raise
            except (ArithmeticError, ValueError, TypeError) as exc:
                raise self._failure(key, exc) from exc
            for output in item.keys[1:]:
                if not math.isfinite(values[output]):
                    raise self._failure(output, None, values[output])
        elif item.loop is not None:
            loop_keys, state, steps, start = item.loop
            if not warm:
                values.update(start)
            else:
                for key in state:
                    values.setdefault(key, start[key])
            self._loops[index] = solve_loop(loop_keys, state, steps, values, self.solver)

    def _failure(self, key: str, exc: BaseException | None, result: float = 0.0) -> AnalysisError:
        record = self._records[key]
        reads = record.inputs
        shown = []
        for source in reads[:6]:
            value = self._values.get(source)
            unit = self._records[source].unit if source in self._records else ""
            shown.append(f"{source} = {value:.6g}{' ' + unit if unit else ''}"
                         if value is not None else f"{source} = ?")
        if len(reads) > 6:
            shown.append(f"... ({len(reads) - 6} more)")
        what = f"{type(exc).__name__}: {exc}" if exc is not None else f"the result is {result}"
        text = f"cannot evaluate '{key}'{_where(record.origin)}: {what}"
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
            The nodes recomputed and changed. Loops are re-solved from their current
            values. If the graph had not been evaluated since its last structural change,
            everything is evaluated.

        Raises
        ------
        KeyError
            For an unknown key; ``ValueError`` for a node that is not a parameter, a
            value of another dimension or a value that is not finite.
        AnalysisError
            If recomputing fails; the graph is then left as it was before the call.
        """
        record = self._record(key)
        if record.role != _PARAMETER:
            raise ValueError(f"'{key}' is a {record.kind.value} computed from other nodes, "
                             "not a parameter; change its inputs instead")
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
        values = self._values
        old = values[key]
        if self._dirty or self._stale:
            before = dict(values)
            values[key] = new
            try:
                self.evaluate()
            except BaseException:
                values.clear()
                values.update(before)
                raise
            recomputed = tuple(k for k in self._order if self._records[k].role != _PARAMETER)
            changed = tuple(k for k in recomputed
                            if k in values and before.get(k) != values[k])
            return UpdateReport(key, old, new, recomputed, changed, tuple(self._loops.values()))
        if new == old:
            return UpdateReport(key, old, new, (), ())
        item_of = self._item_of
        indices = sorted({item_of[k] for k in nx.descendants(self._graph, key) if k in item_of})
        plan = self._plan
        keys = [k for index in indices for k in plan[index].keys]
        snapshot = {k: values[k] for k in keys if k in values}
        loops_before = dict(self._loops)
        values[key] = new
        try:
            for index in indices:
                self._run(index, plan[index], values, warm=True)
        except BaseException:
            values[key] = old
            values.update(snapshot)
            self._loops = loops_before
            raise
        changed = tuple(k for k in keys if k in snapshot and snapshot[k] != values[k])
        loops = tuple(self._loops[index] for index in indices if plan[index].loop is not None)
        return UpdateReport(key, old, new, tuple(keys), changed, loops)

    # ----------------------------------------------------------------------------------
    # Queries
    # ----------------------------------------------------------------------------------

    def _record(self, key: str) -> _Record:
        record = self._records.get(key)
        if record is None:
            matches = difflib.get_close_matches(key, list(self._records), n=3, cutoff=0.6)
            hint = ("; did you mean " + " or ".join(f"'{m}'" for m in matches) + "?") \
                if matches else ""
            raise KeyError(f"no node '{key}' in the graph{hint}")
        return record

    def value(self, key: str) -> float:
        """SI value of a node, evaluating the graph first if it is not up to date.

        Raises
        ------
        KeyError
            For an unknown key; ``ValueError`` for an analysis (read its outputs).
        """
        record = self._record(key)
        if record.role == _ANALYSIS:
            raise ValueError(f"'{key}' is an analysis; read one of its outputs: "
                             + ", ".join(record.outputs))
        if record.role != _PARAMETER and (self._dirty or self._stale):
            self.evaluate()
        return self._values[key]

    def node(self, key: str) -> Node:
        """What the graph knows about a node.

        Raises
        ------
        KeyError
            For an unknown key.
        """
        record = self._record(key)
        self._prepare()
        value = None
        if record.role == _PARAMETER or not (self._dirty or self._stale):
            value = self._values.get(key)
        expression = record.expression.text if record.expression is not None else None
        return Node(
            key=key,
            kind=record.kind,
            unit=record.unit,
            dimension=record.dimension or Dimension(),
            origin=record.origin,
            inputs=record.inputs,
            value=None if record.role == _ANALYSIS else value,
            expression=expression,
            initial=record.initial,
            analysis=record.analysis,
            outputs=record.outputs,
        )

    def keys(self) -> list[str]:
        """Every node key, in the order the nodes were added."""
        return list(self._records)

    def nodes(self) -> Iterator[Node]:
        """Every node, sorted by key."""
        for key in sorted(self._records):
            yield self.node(key)

    def edges(self) -> list[tuple[str, str]]:
        """Every edge ``(read, reader)``, sorted."""
        self._prepare()
        return sorted(self._graph.edges())

    def _related(self, nodes: Collection[str], kinds: Iterable[NodeKind] | None) -> tuple[str, ...]:
        wanted = frozenset(kinds) if kinds is not None else None
        rank = self._rank
        return tuple(sorted(
            (k for k in nodes if wanted is None or self._records[k].kind in wanted),
            key=lambda k: rank.get(k, len(rank)),
        ))

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
        self._prepare()
        return self._related(nx.descendants(self._graph, key), kinds)

    def upstream(self, key: str, kinds: Iterable[NodeKind] | None = None) -> tuple[str, ...]:
        """Every node that ``key`` depends on, directly or not, in evaluation order.

        Parameters
        ----------
        key
            The node to trace.
        kinds
            Keep only nodes of these kinds (e.g. ``[NodeKind.PARAMETER]``).
        """
        self._record(key)
        self._prepare()
        return self._related(nx.ancestors(self._graph, key), kinds)

    def loops(self) -> list[tuple[str, ...]]:
        """The coupled loops (strongly connected components), in evaluation order."""
        self._prepare()
        return list(self._cycles)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._records))

    def __contains__(self, key: object) -> bool:
        return key in self._records

    def __repr__(self) -> str:
        return f"<DependencyGraph: {len(self._records)} nodes>"


def _assign(key: str, evaluator: Evaluator) -> Step:
    def step(values: Any) -> None:
        values[key] = evaluator(values)

    return step

