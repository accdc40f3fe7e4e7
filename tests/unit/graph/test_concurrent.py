"""Concurrent analyses (``add_analysis(..., concurrent=True)``): run on a worker thread
beside the rest of an evaluation, joined before what reads them, with the same values,
failures and recorded order whatever the threads' timing."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

import pytest

from okaeri.errors import AnalysisError
from okaeri.graph import DependencyGraph

WAIT_S = 10.0
"""How long one side waits for the other: a deadlock-free failure when the two analyses
are not run at the same time."""


def _meeting_graph(concurrent: bool) -> DependencyGraph:
    """``fast`` (in turn) and ``slow`` (maybe concurrent) each wait for the other to have
    started: both see the other only when they run at the same time."""
    started = {"fast": threading.Event(), "slow": threading.Event()}

    def meeting(me: str, other: str) -> object:
        def analysis(values: Mapping[str, float]) -> dict[str, float]:
            started[me].set()
            met = started[other].wait(WAIT_S if concurrent else 0.01)
            return {"met": float(met), "x": 2.0 * values["a"]}
        return analysis

    graph = DependencyGraph()
    graph.add_parameter("a", 3.0, "kg")
    graph.add_analysis("slow", ["a"], {"met": "", "x": "kg"}, meeting("slow", "fast"),
                       concurrent=concurrent)
    graph.add_analysis("fast", ["a"], {"met": "", "x": "kg"}, meeting("fast", "slow"))
    graph.add_expression("total", "= slow.x + fast.x", "kg")
    return graph


def test_a_concurrent_analysis_runs_beside_the_others_and_is_joined_before_its_reader(
) -> None:
    evaluation = _meeting_graph(concurrent=True).evaluate()
    assert evaluation["slow.met"] == 1.0
    assert evaluation["fast.met"] == 1.0
    assert evaluation["total"] == pytest.approx(12.0)


def test_without_concurrent_the_analyses_run_in_turn() -> None:
    """The oracle of the test above: in turn, ``fast`` never meets ``slow``."""
    evaluation = _meeting_graph(concurrent=False).evaluate()
    assert evaluation["fast.met"] + evaluation["slow.met"] == 1.0
    assert evaluation["total"] == pytest.approx(12.0)


def _chain(concurrent: bool, fail: bool = False, delay: float = 0.0) -> DependencyGraph:
    """``mc`` (on demand) reads ``trajectory``; ``budget`` and ``late`` do not read it;
    ``margin`` (on demand) reads ``mc``. With ``fail``, ``mc`` raises and so does
    ``late``."""
    graph = DependencyGraph()
    graph.add_parameter("a", 2.0, "kg")
    graph.add_expression("trajectory", "= 3 * a", "kg")

    def mc(values: Mapping[str, float]) -> dict[str, object]:
        time.sleep(delay)
        if fail:
            raise AnalysisError("mc diverged")
        return {"peak": values["trajectory"] + 1.0, "spread": [1.0, 2.0, 4.0]}

    def late(values: Mapping[str, float]) -> dict[str, float]:
        if fail:
            raise AnalysisError("late diverged")
        return {"y": values["budget"] * 2.0}

    graph.add_analysis("mc", ["trajectory"], {"peak": "kg", "spread": "kg"}, mc,
                       samples=["spread"], lazy=True, concurrent=concurrent)
    graph.add_expression("budget", "= a + 1 [kg]", "kg")
    graph.add_analysis("late", ["budget"], {"y": "kg"}, late)
    graph.add_analysis("margin", ["mc.peak", "budget"], {"value": "kg"},
                       lambda v: {"value": v["mc.peak"] - v["budget"]}, lazy=True)
    return graph


@pytest.mark.parametrize("delay", [0.0, 0.05])
def test_values_order_and_samples_equal_those_of_the_evaluation_in_turn(delay: float) -> None:
    ours, oracle = _chain(True, delay=delay), _chain(False)
    mine = ours.evaluate(on_demand=["margin.value"])
    theirs = oracle.evaluate(on_demand=["margin.value"])
    assert dict(mine.values) == dict(theirs.values)
    assert mine.order == theirs.order
    assert list(ours.samples("mc.spread")) == [1.0, 2.0, 4.0]
    assert mine["margin.value"] == pytest.approx(3.0 * 2.0 + 1.0 - 3.0)


def test_on_demand_keys_are_computed_with_every_eager_node_in_one_pass() -> None:
    graph = _chain(True)
    graph.evaluate()
    assert graph.computed("late.y") and not graph.computed("mc.peak")
    graph = _chain(True)
    graph.evaluate(on_demand=["mc.peak"])
    assert graph.computed("mc.peak") and graph.computed("late.y")
    assert not graph.computed("margin.value")  # not asked for


@pytest.mark.parametrize("delay", [0.0, 0.05])
def test_failures_are_recorded_and_raised_in_evaluation_order(delay: float) -> None:
    graph = _chain(True, fail=True, delay=delay)
    with pytest.raises(AnalysisError, match="mc diverged"):  # first in the plan
        graph.evaluate(on_demand=["margin.value"])
    failures = graph.evaluation().failures
    assert failures["mc.peak"].root == "mc"
    assert failures["margin.value"].root == "mc"  # its reader names the root cause
    assert failures["late.y"].root == "late"
    assert [k for k in failures if k.startswith("mc.")] == ["mc.peak", "mc.spread"]


def test_an_interrupted_evaluation_computes_the_concurrent_analysis_when_next_asked() -> None:
    calls: list[float] = []
    interrupt = [True]
    graph = DependencyGraph()
    graph.add_parameter("a", 2.0, "kg")

    def slow(values: Mapping[str, float]) -> dict[str, float]:
        time.sleep(0.05)
        calls.append(values["a"])
        return {"x": values["a"] * 5.0}

    def stop(values: Mapping[str, float]) -> dict[str, float]:
        if interrupt.pop():
            raise KeyboardInterrupt
        return {"y": values["a"]}

    graph.add_analysis("slow", ["a"], {"x": "kg"}, slow, lazy=True, concurrent=True)
    graph.add_analysis("stop", ["a"], {"y": "kg"}, stop)
    with pytest.raises(KeyboardInterrupt):
        graph.evaluate(on_demand=["slow.x"])
    assert not graph.computed("slow.x")
    interrupt.append(False)
    assert graph.value("slow.x") == pytest.approx(10.0)
    assert len(calls) == 2  # the interrupted result was dropped, not half-recorded
