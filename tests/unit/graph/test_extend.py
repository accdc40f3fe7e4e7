"""Adding an analysis nothing reads to a prepared graph extends its plan
(okaeri.graph.prepare.extend) instead of preparing it afresh; the oracle is a fresh
prepare of the same records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

import okaeri.graph.evaluation as evaluation
from okaeri.graph import DependencyGraph
from okaeri.graph.prepare import Plan, prepare


def _shape(plan: Plan) -> dict[str, Any]:
    """The plan as sets and key relations, free of the order independent items take."""
    def keys(index: int) -> tuple[str, ...]:
        return plan.items[index].keys

    return {
        "nodes": sorted(plan.nodes), "links": sorted(set(plan.links)),
        "items": sorted((keys(i), tuple(sorted(keys(n) for n in plan.needs[i])),
                         item.lazy, i in plan.reads_lazy, item.reads)
                        for i, item in enumerate(plan.items)),
        "item_of": {k: keys(i) for k, i in plan.item_of.items()},
        "cycles": sorted(plan.cycles), "findings": plan.findings,
    }


def _topological(plan: Plan) -> bool:
    return all(plan.rank[source] < plan.rank[reader] for source, reader in plan.links
               if not any(source in c and reader in c for c in plan.cycles))


def _graph() -> DependencyGraph:
    graph = DependencyGraph()
    graph.add_parameter("a", 2.0, "kg")
    graph.add_parameter("b", 3.0, "kg")
    graph.add_expression("parts.one", "= 2 * a", "kg")
    graph.add_expression("parts.two", "= a + b", "kg")
    graph.add_expression("total", "= sum(parts.*)", "kg")
    graph.add_analysis("slow", ["total"], {"out": "kg"}, lambda v: {"out": 10.0 * v["total"]},
                       lazy=True)
    graph.add_expression("late", "= slow.out + 1 [kg]", "kg")
    return graph


def _sink(values: Mapping[str, float]) -> dict[str, float]:
    return {"ratio": values["late"] / values["total"], "sum": values["late"] + values["a"]}


def _add_sink(graph: DependencyGraph, lazy: bool = True) -> None:
    """``sink``, which reads ``late`` and so the on-demand ``slow``, lazy or not."""
    graph.add_analysis("sink", ["late", "total", "a"], {"ratio": "", "sum": "kg"}, _sink,
                       lazy=lazy)


@pytest.mark.parametrize("lazy", [True, False])
def test_an_added_sink_extends_the_plan_as_a_fresh_prepare_would(
        monkeypatch: pytest.MonkeyPatch, lazy: bool) -> None:
    graph = _graph()
    assert not graph.check()
    _add_sink(graph, lazy)
    prepared = []
    monkeypatch.setattr(evaluation, "prepare",
                        lambda *args: prepared.append(1) or prepare(*args))
    assert graph.value("sink.sum") == pytest.approx((10.0 * 9.0 + 1.0) + 2.0)
    assert graph.value("sink.ratio") == pytest.approx(91.0 / 9.0)
    assert prepared == []  # extended, not prepared afresh
    extended = graph._prepared()
    fresh = prepare(graph._records, graph._loop_step)
    assert _shape(extended) == _shape(fresh)
    assert _topological(extended)
    assert graph.upstream("sink.sum") == tuple(k for k in extended.order if k in {
        "a", "b", "parts.one", "parts.two", "total", "slow", "slow.out", "late", "sink"})


def test_the_reference_graph_extended_by_its_available_margin_is_a_fresh_prepare() -> None:
    from okaeri.budgets import build_graph
    from okaeri.model import load_mission

    graph = build_graph(load_mission())
    extended = graph._prepared()
    assert _shape(extended) == _shape(prepare(graph._records, graph._loop_step))
    assert _topological(extended)


def test_a_new_output_a_wildcard_matches_prepares_afresh() -> None:
    graph = _graph()
    graph.value("total")
    graph.add_analysis("parts.three", ["a"], {"mass": "kg"}, lambda v: {"mass": v["a"]})
    # 'sum(parts.*)' does not match 'parts.three.mass' (one segment more)
    assert graph.value("total") == pytest.approx(9.0)
    graph.add_analysis("parts", ["a"], {"four": "kg"}, lambda v: {"four": 100.0})
    assert graph.value("total") == pytest.approx(109.0)  # now it matches


def test_a_graph_with_findings_prepares_afresh() -> None:
    graph = _graph()
    graph.add_expression("broken", "= missing + 1 [kg]", "kg")
    assert graph.check()
    _add_sink(graph)
    assert [f.code for f in graph.check()] == ["okaeri.dangling_ref"]


def test_evaluated_values_are_kept_when_the_plan_is_extended() -> None:
    graph = _graph()
    assert graph.value("late") == pytest.approx(91.0)
    _add_sink(graph)
    assert graph.computed("late")  # the items before the sink are the same
    assert not graph.computed("sink.sum")
    assert graph.value("sink.sum") == pytest.approx(91.0 + 2.0)
    graph.set_parameter("a", 1.0)
    assert graph.value("sink.sum") == pytest.approx(10.0 * 6.0 + 1.0 + 1.0)


def test_evaluated_values_are_computed_again_after_a_fresh_prepare() -> None:
    graph = _graph()
    assert graph.value("late") == pytest.approx(91.0)
    graph.add_expression("twice", "= 2 * late", "kg")  # an expression: prepared afresh
    assert not graph.computed("late")
    assert graph.value("twice") == pytest.approx(182.0)
