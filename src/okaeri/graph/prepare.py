"""Preparing a graph for evaluation: resolve references, check dimensions, order, compile.

:func:`prepare` turns the records of a :class:`~okaeri.graph.DependencyGraph` into a
:class:`Plan`: every reference resolved (wildcards expanded), the edges, the evaluation
order by strongly connected components, the dimension of every expression checked (and
inferred where undeclared), and one compiled :class:`Item` per step. Problems are
:class:`~okaeri.errors.Finding` records, never exceptions: a dangling reference, a unit
mismatch, a node that reads a per-sample output as if it were one value, or a loop of
values that only read each other (nothing determines them: ``a = b``, ``b = a``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from okaeri.errors import AnalysisError, ExpressionError, Finding, Location, close_matches
from okaeri.graph.dimensions import Dimension
from okaeri.graph.expressions import Evaluator, wildcard_resolver
from okaeri.graph.nodes import ANALYSIS, EXPRESSION, FUNCTION, OUTPUT, PARAMETER, Origin, Record
from okaeri.graph.solve import Component, Step, evaluation_order

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Item", "Plan", "extend", "location_of", "prepare", "where"]


def location_of(origin: Origin, key: str) -> Location:
    """The origin as a location, with the node key as its path when it has none."""
    if isinstance(origin, Location):
        return origin if origin.path else replace(origin, path=key)
    return Location(file=origin, path=key)


def where(origin: Origin) -> str:
    """`` (origin)`` for messages, or ``""`` for an empty origin."""
    text = str(origin)
    return f" ({text})" if text else ""


@dataclass(eq=False)
class Item:
    """One step of the evaluation plan."""

    keys: tuple[str, ...]
    """Nodes it computes, in order (an analysis: itself and its outputs)."""
    reads: tuple[str, ...] = ()
    """Nodes outside the item whose values it reads."""
    evaluator: Evaluator | None = None
    """For a single relation: ``values[keys[0]] = evaluator(values)``."""
    analysis: Record | None = None
    """For an analysis outside a loop."""
    loop: tuple[tuple[str, ...], tuple[str, ...], tuple[Step, ...], dict[str, float]] | None = None
    """For a loop: its nodes, the value nodes iterated, steps in order, starting values."""
    lazy: bool = False
    """Computed only when something asks for one of its values."""
    closed: bool = False
    """A loop that reads nothing from outside itself (its solution may not be unique)."""


@dataclass
class Plan:
    """A prepared graph: its edges, order, loops, findings and compiled items."""

    nodes: tuple[str, ...]
    """Every node."""
    links: list[tuple[str, str]]
    """Every edge ``(read, reader)`` as resolved (a pair may repeat)."""
    items: list[Item] = field(default_factory=list)
    item_of: dict[str, int] = field(default_factory=dict)
    order: tuple[str, ...] = ()
    rank: dict[str, int] = field(default_factory=dict)
    cycles: list[tuple[str, ...]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    needs: list[frozenset[int]] = field(default_factory=list)
    """For each item, the items it reads from directly."""
    reads_lazy: frozenset[int] = frozenset()
    """The items that are on demand (lazy) or read one that is, directly or not."""

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The networkx graph of the nodes and edges, built when first asked for (the
        evaluation does not need it)."""
        import networkx as nx  # not imported by an evaluation (about 0.08 s)

        graph = nx.DiGraph()
        graph.add_nodes_from(self.nodes)
        graph.add_edges_from(self.links)
        return graph

    @cached_property
    def _neighbours(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """What each node reads directly, and what reads it directly."""
        reads: dict[str, list[str]] = {key: [] for key in self.nodes}
        readers: dict[str, list[str]] = {key: [] for key in self.nodes}
        for source, target in self.links:
            reads[target].append(source)
            readers[source].append(target)
        return reads, readers

    def reachable(self, starts: Iterable[str], upstream: bool) -> set[str]:
        """The nodes the ``starts`` read (``upstream``) or that read them, directly or
        not; a start is included only when it is reached from a start (a loop)."""
        neighbours = self._neighbours[0 if upstream else 1]
        found: set[str] = set()
        stack = list(starts)
        while stack:
            for other in neighbours[stack.pop()]:
                if other not in found:
                    found.add(other)
                    stack.append(other)
        return found


def prepare(records: Mapping[str, Record],
            analysis_step: Callable[[Record], Step]) -> Plan:
    """The plan of ``records`` (see the module docstring).

    ``analysis_step(record)`` makes the step of an analysis that lies on a loop.
    """
    for record in records.values():
        if not record.declared:  # infer again: wildcards may match new nodes
            record.dimension = None
            record.unit = ""
    findings: list[Finding] = []
    edges = _resolve(records, findings)
    computed = [key for key, record in records.items() if record.role != PARAMETER]
    inner = [(s, t) for s, t in edges if records[s].role != PARAMETER]
    starts = {key for key in computed if records[key].initial is not None}
    components = evaluation_order(computed, inner, starts)
    findings += _self_references(records)
    findings += check_dimensions(records, components)
    plan = Plan(tuple(records), edges, findings=findings,
                cycles=[c.keys for c in components if c.cyclic])
    _build(plan, records, components, analysis_step)
    return plan


def extend(plan: Plan, records: Mapping[str, Record], added: Sequence[str]) -> Plan | None:
    """The plan of ``records`` from ``plan``, the plan of ``records`` without the
    ``added`` keys, when those are function relations, analyses and their outputs that
    nothing reads, each reading values the plan computes, so that their items come last
    and nothing before changes; ``None`` otherwise (prepare afresh). Adding such a sink
    (the available system margin, added once the rest of a large graph checks; a deferred
    relation asked for) then costs the sink, not the graph."""
    fresh = set(added)
    if plan.findings or len(fresh) != len(added):
        return None
    roles = {records[key].role for key in added}
    analyses = [records[key] for key in added if records[key].role == ANALYSIS]
    if not roles <= {ANALYSIS, OUTPUT, FUNCTION} or sorted(
            k for k in added if records[k].role != FUNCTION) != sorted(
            k for a in analyses for k in (a.key, *a.outputs)):
        return None
    sinks = [records[key] for key in added if records[key].role != OUTPUT]
    for record in sinks:
        for source in record.inputs:
            found = records.get(source)
            if source in fresh or found is None or found.role == ANALYSIS or found.samples:
                return None
    match = wildcard_resolver([k for k in added if records[k].role != ANALYSIS])
    if any(match(pattern) for record in records.values() if record.expression is not None
           for pattern in record.expression.patterns):
        return None  # an existing expression's wildcard now matches a new value
    items, needs = list(plan.items), list(plan.needs)
    item_of, links, lazy_readers = dict(plan.item_of), list(plan.links), set(plan.reads_lazy)
    for record in sinks:
        if record.role == ANALYSIS:
            item = Item((record.key, *record.outputs), analysis=record, lazy=record.lazy)
            links += [(record.key, output) for output in record.outputs]
        else:
            item = Item((record.key,), evaluator=evaluator(record))
        item.reads = tuple(dict.fromkeys(s for s in record.inputs
                                         if records[s].role != PARAMETER))
        links += [(s, record.key) for s in record.inputs]
        for key in item.keys:
            item_of[key] = len(items)
        need = frozenset(item_of[s] for s in item.reads if s in item_of)
        if item.lazy or need & lazy_readers:
            lazy_readers.add(len(items))
        items.append(item)
        needs.append(need)
    order = (*plan.order, *added)
    return Plan((*plan.nodes, *added), links, items, item_of, order,
                {key: index for index, key in enumerate(order)}, list(plan.cycles), [],
                needs, frozenset(lazy_readers))


def _resolve(records: Mapping[str, Record], findings: list[Finding]) -> list[tuple[str, str]]:
    value_keys = [key for key, record in records.items() if record.role != ANALYSIS]
    resolver: Callable[[str], list[str]] | None = None
    similar = _Similar(records)
    edges: list[tuple[str, str]] = []
    for record in records.values():
        if record.role == PARAMETER:
            continue
        if record.role == EXPRESSION and record.expression is not None:
            expression = record.expression
            if expression.patterns:
                resolver = resolver or wildcard_resolver(value_keys)

                def without_self(pattern: str, key: str = record.key,
                                 match: Callable[[str], list[str]] = resolver) -> list[str]:
                    return [k for k in match(pattern) if k != key]

                try:
                    expression = expression.expand(without_self)
                except ExpressionError as exc:
                    findings.append(expression_finding(record, exc, "okaeri.dangling_ref"))
                    record.expanded = None
                    record.inputs = ()
                    continue
            record.expanded = expression
            record.inputs = expression.references
        missing = False
        for source in record.inputs:
            found = records.get(source)
            if found is None or (found.role == ANALYSIS and record.role != OUTPUT):
                findings.append(_dangling(record, source, found, similar))
                missing = True
            elif found.samples:
                findings.append(Finding(
                    location_of(record.origin, record.key), "okaeri.invalid_value",
                    f"'{record.key}' reads '{source}', which holds one value per Monte Carlo "
                    "sample", "read it through a requirement criterion with a statistic "
                    "(e.g. {percentile: 99.87}), or read a single-valued output"))
                missing = True
            else:
                edges.append((source, record.key))
        if missing:
            record.expanded = None
    return edges


class _Similar:
    """Keys that look like a dangling reference: its siblings first, then keys with the
    same first segment (or all keys of a small graph); the search gives up after a few
    hundred misses, so that a mass rename stays fast."""

    def __init__(self, records: Mapping[str, Record]) -> None:
        self.records = records
        self.index: dict[tuple[str, str], list[str]] | None = None
        self.searches = 0

    def __call__(self, key: str) -> list[str]:
        if self.index is None:
            self.index = {}
            for other, record in self.records.items():
                if record.role != ANALYSIS:
                    self.index.setdefault(("parent", other.rpartition(".")[0]), []).append(other)
                    self.index.setdefault(("head", other.split(".", 1)[0]), []).append(other)
        self.searches += 1
        if self.searches > 200:
            return []
        for choices in (self.index.get(("parent", key.rpartition(".")[0])),
                        self.index.get(("head", key.split(".", 1)[0]))):
            if choices:
                matches = close_matches(key, choices, 4)
                if matches:
                    return matches
        if len(self.records) > 2000:
            return []
        choices = [k for k, r in self.records.items() if r.role != ANALYSIS]
        return close_matches(key, choices, 4)


def _dangling(record: Record, source: str, found: Record | None,
              similar: Callable[[str], list[str]]) -> Finding:
    here = location_of(record.origin, record.key)
    if found is not None:
        return Finding(here, "okaeri.dangling_ref",
                       f"'{record.key}' reads '{source}', which is an analysis, not a value",
                       hint=f"read one of its outputs: {', '.join(found.outputs)}")
    matches = [m for m in similar(source) if m != record.key][:3]
    hint = ("did you mean " + " or ".join(f"'{m}'" for m in matches) + "?") if matches \
        else "define it, or correct the reference"
    text = ""
    if record.expression is not None:
        position = record.expression.position_of(source)
        if position is not None:
            text = f" (expression '{record.expression.text}', column {position + 1})"
    return Finding(here, "okaeri.dangling_ref",
                   f"'{record.key}' reads '{source}', which is not defined{text}", hint=hint)


def expression_finding(record: Record, exc: ExpressionError, code: str) -> Finding:
    """A finding for an expression that does not resolve or check."""
    text = ""
    if record.expression is not None:
        text = f" (expression '{record.expression.text}'"
        if exc.position is not None:
            text += f", column {exc.position + 1}"
        text += ")"
    return Finding(location_of(record.origin, record.key), code,
                   f"'{record.key}': {exc.message}{text}", hint=exc.hint)


def _self_references(records: Mapping[str, Record]) -> list[Finding]:
    """Relations that read their own value (``x = x``): the loop would keep its initial
    guess and report 0, silently."""
    findings = []
    for record in records.values():
        if record.role != PARAMETER and record.key in record.inputs:
            findings.append(Finding(
                location_of(record.origin, record.key), "okaeri.cycle",
                f"'{record.key}' refers to itself" + (
                    f" (expression '{record.expression.text}')" if record.expression else ""),
                "an expression cannot read its own value: give the value, or compute it "
                "from others"))
            record.expanded = None
    return findings


def check_dimensions(records: Mapping[str, Record],
                     components: Sequence[Component]) -> list[Finding]:
    """Check expressions in evaluation order, inferring undeclared units on the way.

    A value whose expression already failed makes the expressions that read it fail
    silently, so that one mistake gives one finding.
    """
    findings: list[Finding] = []
    failed = {key for key, record in records.items()
              if record.role == EXPRESSION and record.expanded is None}
    for component in components:
        pending = [records[key] for key in component.keys
                   if records[key].role == EXPRESSION and key not in failed]
        while pending:
            deferred = [r for r in pending if _check_one(records, r, failed, findings)]
            if len(deferred) == len(pending):
                for record in deferred:
                    findings.append(Finding(
                        location_of(record.origin, record.key), "okaeri.unknown_unit",
                        f"the unit of '{record.key}' cannot be inferred: it lies on a "
                        "loop of values without declared units",
                        hint="declare the unit of at least one value on the loop"))
                    failed.add(record.key)
                    record.expanded = None
                break
            pending = deferred
    return findings


def _check_one(records: Mapping[str, Record], record: Record, failed: set[str],
               findings: list[Finding]) -> bool:
    """Check one expression; ``True`` when it must wait for an undeclared input's unit."""
    expression = record.expanded
    if expression is None:  # pragma: no cover - failed records are filtered
        return False
    dimensions: dict[str, Dimension] = {}
    for source in expression.references:
        dimension = records[source].dimension
        if dimension is None:
            if source in failed:
                failed.add(record.key)
                record.expanded = None
                return False
            return True
        dimensions[source] = dimension
    try:
        result = expression.check(dimensions)
    except ExpressionError as exc:
        findings.append(expression_finding(record, exc, "okaeri.unit_mismatch"))
        failed.add(record.key)
        record.expanded = None
        return False
    if record.dimension is None:
        record.dimension = result
        record.unit = result.si_unit
    elif result != record.dimension:
        findings.append(Finding(
            location_of(record.origin, record.key), "okaeri.unit_mismatch",
            f"'{record.key}' is declared as {record.dimension.describe()} but its expression "
            f"'{expression.text}' gives {result.describe()}",
            hint="correct the declared unit or the expression"))
        failed.add(record.key)
        record.expanded = None
    return False


def evaluator(record: Record) -> Evaluator:
    """The compiled computation of a relation (expression or function)."""
    if record.role == EXPRESSION:
        if record.expanded is None:  # pragma: no cover - plans are not built with findings
            raise AnalysisError(f"'{record.key}' has no valid expression")
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


def _assign(key: str, compute: Evaluator) -> Step:
    def step(values: Any) -> None:
        values[key] = compute(values)

    return step


def _build(plan: Plan, records: Mapping[str, Record], components: Sequence[Component],
           analysis_step: Callable[[Record], Step]) -> None:
    order = [key for key, record in records.items() if record.role == PARAMETER]
    broken = bool(plan.findings)
    for component in components:
        keys: tuple[str, ...] = component.keys
        order.extend(keys)
        if broken:
            continue
        item = _item(records, component, analysis_step)
        if item is None:
            continue
        for key in item.keys:
            plan.item_of[key] = len(plan.items)
        plan.items.append(item)
    for item in plan.items:
        inside = set(item.keys)
        item.reads = tuple(dict.fromkeys(
            s for key in item.keys for s in records[key].inputs
            if s not in inside and records[s].role != PARAMETER))
    plan.needs = [frozenset(plan.item_of[s] for s in item.reads if s in plan.item_of)
                  for item in plan.items]
    plan.order = tuple(order)
    plan.rank = {key: index for index, key in enumerate(order)}
    plan.reads_lazy = _lazy_readers(plan.items, plan.needs)


def _lazy_readers(items: Sequence[Item], needs: Sequence[frozenset[int]]) -> frozenset[int]:
    """The items that are lazy or read a lazy item through any chain of needs: one
    depth-first pass over the (acyclic) item graph, each item visited once."""
    reads = [False] * len(items)
    state = [0] * len(items)  # 0 unvisited, 1 on the stack, 2 done
    for root in range(len(items)):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(needs[root]))]
        while stack:
            index, pending = stack[-1]
            for need in pending:
                if state[need] == 0:
                    state[need] = 1
                    stack.append((need, iter(needs[need])))
                    break
            else:
                stack.pop()
                state[index] = 2
                reads[index] = items[index].lazy or any(reads[n] for n in needs[index])
    return frozenset(i for i, lazy in enumerate(reads) if lazy)


def _item(records: Mapping[str, Record], component: Component,
          analysis_step: Callable[[Record], Step]) -> Item | None:
    keys = component.keys
    if not component.cyclic:
        record = records[keys[0]]
        if record.role == OUTPUT:
            return None  # computed by its analysis, which comes first
        if record.role == ANALYSIS:
            return Item((record.key, *record.outputs), analysis=record, lazy=record.lazy)
        return Item((record.key,), evaluator=evaluator(record))
    steps: list[Step] = []
    for key in keys:
        record = records[key]
        if record.role == ANALYSIS:
            steps.append(analysis_step(record))
        elif record.role != OUTPUT:
            steps.append(_assign(key, evaluator(record)))
    # Outputs of the loop's analyses that feed nothing back are computed with it.
    extra = tuple(output for key in keys for output in records[key].outputs
                  if output not in keys)
    state = tuple(key for key in keys if records[key].role != ANALYSIS) + extra
    start = {key: records[key].initial or 0.0 for key in state}
    inside = set(keys)
    closed = all(source in inside for key in keys for source in records[key].inputs)
    return Item((*keys, *extra), loop=(keys, state, tuple(steps), start), closed=closed)
