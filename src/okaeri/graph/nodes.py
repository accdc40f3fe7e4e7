"""What the dependency graph holds: node kinds, node records, and the snapshots it returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeAlias

from okaeri.errors import AnalysisError, Location
from okaeri.graph.dimensions import Dimension
from okaeri.graph.expressions import Expression
from okaeri.graph.solve import LoopSolution

__all__ = [
    "AnalysisFunction",
    "AnalysisIdentity",
    "Evaluation",
    "Failure",
    "Memo",
    "Node",
    "NodeKind",
    "Origin",
    "UpdateReport",
]

Origin: TypeAlias = Location | str
"""Where a node comes from: a location in a model file, or a text (``"computed by ..."``)."""

AnalysisFunction: TypeAlias = Callable[[Mapping[str, float]], Mapping[str, Any]]
"""An analysis: input values (SI) by port name in, output values (SI floats, or arrays for
per-sample outputs) by output name out."""


@dataclass(frozen=True)
class AnalysisIdentity:
    """Everything besides its input values that determines an analysis's result: its
    registered name, its version and its settings (JSON-ready). The cache keys on it."""

    name: str
    version: str = "1"
    settings: Any = None
    code: str = ""
    """A fingerprint of the code that computes it (a mission module's source hash)."""


Memo: TypeAlias = Callable[[AnalysisIdentity, Mapping[str, float], Callable[[], Any]], Any]
"""``memo(identity, inputs, compute)``: ``compute()``'s result, or a stored one for the same
identity and input values (:class:`okaeri.verification.cache.AnalysisCache`)."""


class NodeKind(Enum):
    """What a node of the dependency graph is."""

    PARAMETER = "parameter"
    """A value given by the model."""
    RELATION = "relation"
    """A value computed from others by an expression or a function."""
    ANALYSIS = "analysis"
    """An analysis (no value of its own), or one of its outputs."""
    BUDGET = "budget"
    """A relation that totals a budget (mass, delta-v, propellant, power, ...)."""
    CRITERION = "criterion"
    """A relation that computes a requirement's margin or check value."""


RELATION_KINDS = frozenset({NodeKind.RELATION, NodeKind.BUDGET, NodeKind.CRITERION})

# Record roles.
PARAMETER = 0
EXPRESSION = 1
FUNCTION = 2
ANALYSIS = 3
OUTPUT = 4


@dataclass(frozen=True)
class Node:
    """What the graph knows about one node (a snapshot; see ``DependencyGraph.node``)."""

    key: str
    kind: NodeKind
    unit: str
    """SI unit of the value (``"kg"``, ``"m/s"``, ``"rad"``; ``""`` when dimensionless)."""
    dimension: Dimension
    origin: Origin
    inputs: tuple[str, ...]
    """Keys of the nodes it reads (wildcards expanded); an analysis output reads its analysis."""
    value: float | None
    """Current SI value; ``None`` before evaluation, for an analysis itself and for a
    per-sample output (see ``DependencyGraph.samples``)."""
    expression: str | None = None
    """Text of the expression that computes it, if any."""
    initial: float | None = None
    """Initial guess (SI) used when it lies on a loop."""
    analysis: str | None = None
    """For an analysis output: the key of its analysis."""
    outputs: tuple[str, ...] = ()
    """For an analysis: the keys of its outputs."""
    samples: bool = False
    """An analysis output with one value per Monte Carlo sample."""
    identity: AnalysisIdentity | None = None
    """For an analysis: its registered name, version and settings."""
    ports: tuple[str, ...] = ()
    """For an analysis: the port name of each of :attr:`inputs`."""

    @property
    def has_value(self) -> bool:
        """Whether the node carries a value (every node but an analysis itself)."""
        return not self.outputs


@dataclass(frozen=True)
class Failure:
    """Why a node has no value: its own computation failed, or one it reads did."""

    root: str
    """Key of the node whose computation failed (the root cause)."""
    error: AnalysisError
    """The root cause, with its message (node, origin, inputs)."""

    def describe(self, key: str) -> str:
        """The root cause for ``key``: its own failure, or the one it depends on."""
        if key == self.root:
            return str(self.error)
        return f"depends on '{self.root}', which failed: {self.error}"


@dataclass(frozen=True)
class Evaluation:
    """The values of a whole graph after ``DependencyGraph.evaluate``."""

    values: Mapping[str, float]
    """SI value of every value node computed (read-only)."""
    order: tuple[str, ...]
    """Every node in evaluation order: parameters first, then computed nodes."""
    loops: tuple[LoopSolution, ...]
    """Convergence evidence of each loop, in evaluation order."""
    failures: Mapping[str, Failure] = field(default_factory=dict)
    """Nodes without a value, each with its root cause."""

    def __getitem__(self, key: str) -> float:
        return self.values[key]


@dataclass(frozen=True)
class UpdateReport:
    """What ``DependencyGraph.set_parameter`` did."""

    key: str
    """The parameter changed."""
    old: float
    new: float
    recomputed: tuple[str, ...]
    """Nodes recomputed, in evaluation order (only the parameter's downstream nodes that
    had been computed; on-demand analyses are invalidated instead)."""
    changed: tuple[str, ...]
    """Recomputed nodes whose value changed."""
    loops: tuple[LoopSolution, ...] = ()
    """Evidence of the loops re-solved."""
    invalidated: tuple[str, ...] = ()
    """On-demand analyses (and what reads them) to recompute when next asked for."""

    @property
    def count(self) -> int:
        """Number of nodes recomputed."""
        return len(self.recomputed)


@dataclass(eq=False)
class Record:
    """The graph's own record of a node (mutable while the graph is prepared)."""

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
    """Names a function receives its inputs as (keywords, or an analysis's port names)."""
    expression: Expression | None = None
    """As written (wildcards kept)."""
    expanded: Expression | None = None
    function: Callable[..., Any] | None = None
    initial: float | None = None
    analysis: str | None = None
    outputs: tuple[str, ...] = ()
    output_names: tuple[str, ...] = ()
    samples: bool = False
    lazy: bool = False
    """An analysis computed only when a value it produces is asked for."""
    concurrent: bool = False
    """An analysis that runs on a worker thread beside the rest of an evaluation."""
    identity: AnalysisIdentity | None = None

    def copy(self) -> Record:
        """A copy for another graph (the expression objects are immutable)."""
        return Record(**{name: getattr(self, name) for name in self.__dataclass_fields__})
