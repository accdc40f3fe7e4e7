"""The parameter dependency graph: safe expressions, relations, analyses, loops, export.

Parameters (values from the model) feed relations (expressions or Python functions) and
analyses (Python functions with several outputs), which feed budgets and criteria. The
graph checks references and dimensions once when it is built, evaluates on SI floats in
topological order, solves coupled loops by fixed-point iteration, recomputes only what
depends on a changed parameter, runs on-demand analyses only when asked, keeps a failure's
root cause beside the values it blocks, and exports itself as DOT, Mermaid or JSON.
"""

from okaeri.graph.export import to_dot, to_json, to_mermaid
from okaeri.graph.expressions import (
    FUNCTIONS,
    Dimension,
    DimensionLike,
    Evaluator,
    Expression,
    UnitInfo,
    as_dimension,
    is_expression,
    match_wildcard,
    parse_expression,
    unit_info,
    wildcard_resolver,
)
from okaeri.graph.graph import DependencyGraph
from okaeri.graph.nodes import (
    AnalysisFunction,
    AnalysisIdentity,
    Evaluation,
    Failure,
    Memo,
    Node,
    NodeKind,
    Origin,
    UpdateReport,
)
from okaeri.graph.solve import (
    Component,
    LoopSolution,
    SolverOptions,
    Step,
    evaluation_order,
    solve_loop,
)

__all__ = [
    "FUNCTIONS",
    "AnalysisFunction",
    "AnalysisIdentity",
    "Component",
    "DependencyGraph",
    "Dimension",
    "DimensionLike",
    "Evaluation",
    "Evaluator",
    "Expression",
    "Failure",
    "LoopSolution",
    "Memo",
    "Node",
    "NodeKind",
    "Origin",
    "SolverOptions",
    "Step",
    "UnitInfo",
    "UpdateReport",
    "as_dimension",
    "evaluation_order",
    "is_expression",
    "match_wildcard",
    "parse_expression",
    "solve_loop",
    "to_dot",
    "to_json",
    "to_mermaid",
    "unit_info",
    "wildcard_resolver",
]
