"""Tests of the DOT, Mermaid and JSON exports: exact text, determinism, subsets."""

from __future__ import annotations

import json

from okaeri.errors import Location
from okaeri.graph import DependencyGraph, NodeKind, to_dot, to_json, to_mermaid


def _graph(reverse: bool = False) -> DependencyGraph:
    steps = [
        lambda g: g.add_parameter("otv.structure.mass", 800.0, "kg",
                                  Location("model/otv.yaml", 3, 11)),
        lambda g: g.add_parameter("otv.power.mass", 55.0, "kg", "model/otv.yaml:4"),
        lambda g: g.add_expression("budget.mass.otv", "= sum(otv.*.mass)", "kg",
                                   "model/budgets.yaml:2", kind=NodeKind.BUDGET),
        lambda g: g.add_expression("criterion.sys_020.margin", '= budget.mass.otv / 1000 [kg]',
                                   kind=NodeKind.CRITERION),
    ]
    graph = DependencyGraph()
    for step in reversed(steps) if reverse else steps:
        step(graph)
    return graph


def test_json_has_sorted_nodes_and_edges_with_all_fields() -> None:
    graph = _graph()
    graph.evaluate()
    document = json.loads(to_json(graph))
    assert [node["key"] for node in document["nodes"]] == [
        "budget.mass.otv", "criterion.sys_020.margin", "otv.power.mass", "otv.structure.mass"]
    assert document["edges"] == [
        ["budget.mass.otv", "criterion.sys_020.margin"],
        ["otv.power.mass", "budget.mass.otv"],
        ["otv.structure.mass", "budget.mass.otv"],
    ]
    assert document["nodes"][0] == {
        "key": "budget.mass.otv",
        "kind": "budget",
        "unit": "kg",
        "value_si": 855.0,
        "origin": "model/budgets.yaml:2",
        "inputs": ["otv.power.mass", "otv.structure.mass"],
        "expression": "= sum(otv.*.mass)",
    }
    assert document["nodes"][1]["unit"] == ""
    assert document["nodes"][1]["value_si"] == 0.855
    assert document["nodes"][3]["origin"] == "model/otv.yaml:3:11"
    assert document["nodes"][3]["inputs"] == []
    assert document["nodes"][3]["expression"] is None


def test_exports_are_deterministic_whatever_the_insertion_order() -> None:
    first, second = _graph(), _graph(reverse=True)
    first.evaluate()
    second.evaluate()
    for export in (to_json, to_dot, to_mermaid):
        assert export(first) == export(second)
        assert export(first) == export(first)


def test_values_are_null_before_evaluation() -> None:
    document = json.loads(to_json(_graph()))
    values = {node["key"]: node["value_si"] for node in document["nodes"]}
    assert values == {"budget.mass.otv": None, "criterion.sys_020.margin": None,
                      "otv.power.mass": 55.0, "otv.structure.mass": 800.0}


def test_dot_text() -> None:
    graph = _graph()
    graph.evaluate()
    assert to_dot(graph) == (
        "digraph okaeri {\n"
        "  rankdir=LR;\n"
        '  node [fontname="Helvetica", fontsize=10];\n'
        '  "budget.mass.otv" [label="budget.mass.otv\\n855 kg", shape=box3d];\n'
        '  "criterion.sys_020.margin" [label="criterion.sys_020.margin\\n0.855", shape=diamond];\n'
        '  "otv.power.mass" [label="otv.power.mass\\n55 kg", shape=box];\n'
        '  "otv.structure.mass" [label="otv.structure.mass\\n800 kg", shape=box];\n'
        '  "budget.mass.otv" -> "criterion.sys_020.margin";\n'
        '  "otv.power.mass" -> "budget.mass.otv";\n'
        '  "otv.structure.mass" -> "budget.mass.otv";\n'
        "}\n"
    )


def test_mermaid_text() -> None:
    graph = _graph()
    graph.evaluate()
    assert to_mermaid(graph) == (
        "flowchart LR\n"
        '  n0{{"budget.mass.otv<br/>855 kg"}}\n'
        '  n1{"criterion.sys_020.margin<br/>0.855"}\n'
        '  n2["otv.power.mass<br/>55 kg"]\n'
        '  n3["otv.structure.mass<br/>800 kg"]\n'
        "  n0 --> n1\n"
        "  n2 --> n0\n"
        "  n3 --> n0\n"
    )


def test_subset_export_keeps_edges_inside_the_subset() -> None:
    graph = _graph()
    keys = ["budget.mass.otv", *graph.upstream("budget.mass.otv")]
    document = json.loads(to_json(graph, keys))
    assert [node["key"] for node in document["nodes"]] == [
        "budget.mass.otv", "otv.power.mass", "otv.structure.mass"]
    assert document["edges"] == [["otv.power.mass", "budget.mass.otv"],
                                 ["otv.structure.mass", "budget.mass.otv"]]
    assert "criterion" not in to_dot(graph, keys)
    assert "criterion" not in to_mermaid(graph, keys)


def test_analysis_nodes_and_quoting() -> None:
    graph = DependencyGraph()
    graph.add_parameter('odd"key', 1.0)
    graph.add_analysis("analysis.entry", ['odd"key'], {"peak": "W/m^2"},
                       lambda inputs: {"peak": 2.0})
    graph.evaluate()
    dot = to_dot(graph)
    assert '"odd\\"key" [label="odd\\"key\\n1", shape=box];' in dot
    assert '"analysis.entry" [label="analysis.entry", shape=component];' in dot
    mermaid = to_mermaid(graph)
    assert '[["analysis.entry"]]' in mermaid
    assert 'n2["odd#quot;key<br/>1"]' in mermaid
    document = json.loads(to_json(graph))
    analysis = document["nodes"][0]
    assert analysis["key"] == "analysis.entry"
    assert analysis["kind"] == "analysis"
    assert analysis["value_si"] is None
    assert document["nodes"][1]["unit"] == "W/m^2"
