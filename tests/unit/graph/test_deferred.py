"""Deferred relations (``add_relation(..., deferred=True)``): nodes of every query, in the
evaluation plan only once asked for or read. The oracle is the same graph with the
relation added as any other."""

from __future__ import annotations

import pytest

import okaeri.graph.evaluation as evaluation
from okaeri.errors import ModelError
from okaeri.graph import DependencyGraph, NodeKind
from okaeri.graph.prepare import prepare


def _times(a: float, b: float) -> float:
    return a * b


def _graph(deferred: bool) -> DependencyGraph:
    graph = DependencyGraph()
    graph.add_parameter("a", 2.0, "kg")
    graph.add_parameter("f", 3.0)
    graph.add_relation("parts.one", ["a", "f"], _times, "kg", deferred=deferred)
    graph.add_relation("parts.two", ["a", "a"], _times, "kg^2", deferred=deferred)
    graph.add_expression("twice", "= 2 * a", "kg")
    return graph


def test_a_deferred_relation_is_a_node_of_every_query_but_not_of_the_plan() -> None:
    graph, plain = _graph(True), _graph(False)
    assert graph.value("twice") == 4.0
    assert "parts.one" not in graph._prepared().item_of
    assert "parts.one" in graph and len(graph) == len(plain) == 5
    assert sorted(graph.keys()) == sorted(plain.keys())
    assert graph.edges() == plain.edges()
    assert graph.downstream("a") == ("twice", "parts.one", "parts.two")
    assert set(graph.downstream("f", [NodeKind.RELATION])) == {"parts.one"}
    shown = {n.key: n for n in graph.nodes()}
    assert shown["parts.one"].value is None  # not computed yet, as a lazy node
    assert shown["parts.one"].inputs == ("a", "f") and shown["parts.one"].unit == "kg"


def test_asking_for_it_extends_the_plan_and_keeps_what_was_computed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _graph(True)
    assert graph.value("twice") == 4.0
    prepared = []
    monkeypatch.setattr(evaluation, "prepare",
                        lambda *args: prepared.append(1) or prepare(*args))
    assert graph.value("parts.one") == 6.0
    assert graph.node("parts.two").value is None  # asked about: planned, not computed
    assert graph.value("parts.two") == 4.0
    assert prepared == [] and graph.computed("twice")
    report = graph.set_parameter("a", 5.0)
    assert set(report.recomputed) == {"twice", "parts.one", "parts.two"}
    assert graph.value("parts.one") == 15.0


def test_a_node_reading_it_brings_it_in() -> None:
    graph = _graph(True)
    graph.add_expression("uses", "= parts.one / 3", "kg")
    assert graph.value("uses") == 2.0
    assert "parts.one" in graph._records and "parts.two" in graph._deferred


def test_a_wildcard_matching_it_brings_it_in() -> None:
    graph, plain = _graph(True), _graph(False)
    for g in (graph, plain):
        g.add_expression("total", "= sum(parts.*)", "kg^2")
    # as in the plain graph, the wildcard sums kg and kg^2
    assert [f.code for f in graph.check()] == [f.code for f in plain.check()] == [
        "okaeri.unit_mismatch"]
    graph = DependencyGraph()
    graph.add_parameter("a", 2.0, "kg")
    for name, factor in (("one", 3.0), ("two", 4.0)):
        graph.add_parameter(f"f.{name}", factor)
        graph.add_relation(f"parts.{name}", ["a", f"f.{name}"], _times, "kg", deferred=True)
    graph.add_expression("total", "= sum(parts.*)", "kg")
    assert graph.value("total") == 14.0


def test_after_the_first_preparation_it_is_added_as_any_other() -> None:
    graph = _graph(True)
    graph.check()
    graph.add_relation("late", ["a", "f"], _times, "kg", deferred=True)
    assert "late" in graph._records and graph.value("late") == 6.0


def test_its_key_is_taken_and_suggested_like_any_other() -> None:
    graph = _graph(True)
    with pytest.raises(ModelError) as raised:
        graph.add_parameter("parts.one", 1.0, "kg")
    assert [f.code for f in raised.value.findings] == ["okaeri.duplicate_key"]
    with pytest.raises(KeyError, match=r"did you mean 'parts\.one'"):
        graph.value("parts.onr")


def test_a_subgraph_keeps_it_deferred_and_computes_it() -> None:
    graph = _graph(True)
    sub = graph.subgraph(["parts.one"])
    assert sub.deferred_keys() == ["parts.one"] and sorted(sub.keys()) == [
        "a", "f", "parts.one"]
    assert graph.deferred_keys() == ["parts.one", "parts.two"]  # this one is not changed
    assert sub.value("parts.one") == 6.0
    assert graph.value("parts.one") == 6.0
    copy = graph.subgraph(graph.keys())  # a fresh copy, as a trade study makes
    assert copy.deferred_keys() == ["parts.two"] and len(copy) == len(graph)
    assert copy.value("parts.two") == 4.0


def test_evaluating_with_them_on_demand_computes_them() -> None:
    graph = _graph(True)
    assert graph.deferred_keys() == ["parts.one", "parts.two"]
    values = graph.evaluate(on_demand=graph.deferred_keys())
    assert values["parts.one"] == 6.0 and values["parts.two"] == 4.0
    assert graph.deferred_keys() == []
    assert graph.evaluate(["parts.one"])["parts.one"] == 6.0
