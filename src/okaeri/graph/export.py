"""The dependency graph as Graphviz DOT, Mermaid and JSON text.

Every export is deterministic: nodes sorted by key, edges sorted, numbers formatted
the same way, so that two runs on the same model give identical files. Each function
takes an optional subset of keys (for example a budget and its
:meth:`~okaeri.graph.graph.DependencyGraph.upstream` nodes) to draw part of a graph.
Values are shown when the graph has been evaluated, in SI units.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from okaeri.graph.graph import DependencyGraph
from okaeri.graph.nodes import Node, NodeKind

__all__ = ["to_dot", "to_json", "to_mermaid"]

_DOT_SHAPES = {
    NodeKind.PARAMETER: "box",
    NodeKind.RELATION: "ellipse",
    NodeKind.ANALYSIS: "component",
    NodeKind.BUDGET: "box3d",
    NodeKind.CRITERION: "diamond",
}

_MERMAID_SHAPES = {
    NodeKind.PARAMETER: ('["', '"]'),
    NodeKind.RELATION: ('("', '")'),
    NodeKind.ANALYSIS: ('[["', '"]]'),
    NodeKind.BUDGET: ('{{"', '"}}'),
    NodeKind.CRITERION: ('{"', '"}'),
}


def _selection(
    graph: DependencyGraph, keys: Iterable[str] | None
) -> tuple[list[Node], list[tuple[str, str]]]:
    if keys is None:
        nodes = list(graph.nodes())
        return nodes, graph.edges()
    wanted = sorted(set(keys))
    nodes = [graph.node(key) for key in wanted]
    chosen = set(wanted)
    edges = [(s, t) for s, t in graph.edges() if s in chosen and t in chosen]
    return nodes, edges


def _value_text(node: Node) -> str:
    if node.value is None:
        return ""
    return f"{node.value:.6g} {node.unit}".rstrip()


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: DependencyGraph, keys: Iterable[str] | None = None) -> str:
    """Graphviz DOT text: one node per key (shape by kind, value and unit in the label).

    Parameters
    ----------
    graph
        The graph to draw.
    keys
        Draw only these nodes and the edges between them (default: all).
    """
    nodes, edges = _selection(graph, keys)
    lines = [
        "digraph okaeri {",
        "  rankdir=LR;",
        '  node [fontname="Helvetica", fontsize=10];',
    ]
    for node in nodes:
        label = node.key
        value = _value_text(node)
        if value:
            label += "\n" + value
        lines.append(f"  {_dot_quote(node.key)} [label={_dot_quote(label)}, "
                     f"shape={_DOT_SHAPES[node.kind]}];")
    for source, target in edges:
        lines.append(f"  {_dot_quote(source)} -> {_dot_quote(target)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_label(text: str) -> str:
    return text.replace('"', "#quot;")


def to_mermaid(graph: DependencyGraph, keys: Iterable[str] | None = None) -> str:
    """Mermaid flowchart text; node ids are ``n0, n1, ...`` in key order, labels the keys.

    Parameters
    ----------
    graph
        The graph to draw.
    keys
        Draw only these nodes and the edges between them (default: all).
    """
    nodes, edges = _selection(graph, keys)
    ids = {node.key: f"n{index}" for index, node in enumerate(nodes)}
    lines = ["flowchart LR"]
    for node in nodes:
        opening, closing = _MERMAID_SHAPES[node.kind]
        label = _mermaid_label(node.key)
        value = _value_text(node)
        if value:
            label += "<br/>" + _mermaid_label(value)
        lines.append(f"  {ids[node.key]}{opening}{label}{closing}")
    for source, target in edges:
        lines.append(f"  {ids[source]} --> {ids[target]}")
    return "\n".join(lines) + "\n"


def to_json(graph: DependencyGraph, keys: Iterable[str] | None = None) -> str:
    """JSON text: ``{"nodes": [...], "edges": [[source, target], ...]}``.

    Each node has ``key``, ``kind``, ``unit`` (SI), ``value_si`` (``null`` before
    evaluation and for an analysis itself), ``origin`` (text), ``inputs`` (keys it
    reads, in the order it reads them) and ``expression`` (text or ``null``).

    Parameters
    ----------
    graph
        The graph to export.
    keys
        Export only these nodes and the edges between them (default: all).
    """
    nodes, edges = _selection(graph, keys)
    document = {
        "nodes": [
            {
                "key": node.key,
                "kind": node.kind.value,
                "unit": node.unit,
                "value_si": node.value,
                "origin": str(node.origin),
                "inputs": list(node.inputs),
                "expression": node.expression,
            }
            for node in nodes
        ],
        "edges": [[source, target] for source, target in edges],
    }
    return json.dumps(document, indent=2, sort_keys=True, allow_nan=False) + "\n"
