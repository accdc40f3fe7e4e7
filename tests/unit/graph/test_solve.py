"""Tests of coupled loops: evaluation order, fixed-point solution, convergence evidence.

Oracle of the tank loop (closed form, derived here). With the tank mass a fraction ``f``
of the loaded propellant, and the propellant from the rocket equation over the dry mass
(structure ``m_s`` plus tank)::

    m_tank = f * m_p
    m_p    = (m_s + m_tank) * k,        k = exp(dv / (Isp * g0)) - 1

substituting the first into the second gives ``m_p = m_s * k + f * k * m_p``, so::

    m_p = m_s * k / (1 - f * k)          (a positive solution exists only if f * k < 1)

Fixed-point iteration on this loop is a linear map with gain ``f * k``: it converges
geometrically when ``f * k < 1`` and diverges when ``f * k > 1``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping

import pytest

from okaeri.core.constants import G0
from okaeri.errors import AnalysisError, ConvergenceError
from okaeri.graph import DependencyGraph, NodeKind, SolverOptions, evaluation_order, solve_loop


def _otv(tank_fraction: float = 0.08, solver: SolverOptions | None = None) -> DependencyGraph:
    graph = DependencyGraph(solver=solver)
    graph.add_parameter("otv.structure.mass", 800.0, "kg")
    graph.add_parameter("otv.propulsion.tank_fraction", tank_fraction * 100.0, "%")
    graph.add_parameter("mission.delta_v", 2.5, "km/s")
    graph.add_parameter("otv.propulsion.isp", 320.0, "s")
    graph.add_expression("otv.propulsion.tank_mass",
                         "= otv.propulsion.tank_fraction * otv.propulsion.propellant_loaded")
    graph.add_expression("otv.dry_mass", "= otv.structure.mass + otv.propulsion.tank_mass", "kg")
    graph.add_relation(
        "otv.propulsion.propellant_loaded",
        ["otv.dry_mass", "mission.delta_v", "otv.propulsion.isp"],
        lambda dry, dv, isp: dry * math.expm1(dv / (isp * G0)),
        "kg",
    )
    graph.add_expression("budget.mass.wet", "= otv.dry_mass + otv.propulsion.propellant_loaded",
                         kind=NodeKind.BUDGET)
    return graph


def _closed_form(structure: float, fraction: float, dv: float, isp: float) -> float:
    k = math.expm1(dv / (isp * G0))
    return structure * k / (1.0 - fraction * k)


def test_tank_propellant_loop_matches_closed_form_solution() -> None:
    graph = _otv()
    evaluation = graph.evaluate()
    propellant = _closed_form(800.0, 0.08, 2500.0, 320.0)
    assert evaluation["otv.propulsion.propellant_loaded"] == pytest.approx(propellant, rel=1e-9)
    assert evaluation["otv.propulsion.tank_mass"] == pytest.approx(0.08 * propellant, rel=1e-9)
    assert evaluation["budget.mass.wet"] == pytest.approx(800.0 + 1.08 * propellant, rel=1e-9)
    (loop,) = evaluation.loops
    assert set(loop.keys) == {"otv.propulsion.tank_mass", "otv.dry_mass",
                              "otv.propulsion.propellant_loaded"}
    assert loop.method == "fixed_point"
    assert loop.iterations == len(loop.history) < 20
    assert loop.residual <= 1e-10
    # Geometric convergence at the loop gain f * k: each residual ~ gain * the previous.
    gain = 0.08 * math.expm1(2500.0 / (320.0 * G0))
    ratios = [b / a for a, b in zip(loop.history[3:-1], loop.history[4:], strict=True)]
    assert all(r == pytest.approx(gain, rel=0.05) for r in ratios)
    assert graph.loops() == [loop.keys]
    order = evaluation.order
    assert max(order.index(k) for k in loop.keys) < order.index("budget.mass.wet")


def test_loop_is_re_solved_incrementally_from_its_last_solution() -> None:
    graph = _otv()
    graph.evaluate()
    report = graph.set_parameter("otv.structure.mass", 900.0)
    assert set(report.recomputed) == {"otv.propulsion.tank_mass", "otv.dry_mass",
                                      "otv.propulsion.propellant_loaded", "budget.mass.wet"}
    (loop,) = report.loops
    assert loop.history[0] < 0.2  # warm start: the first change is the 12 % mass increase
    assert graph.value("otv.propulsion.propellant_loaded") == pytest.approx(
        _closed_form(900.0, 0.08, 2500.0, 320.0), rel=1e-9)
    report = graph.set_parameter("otv.propulsion.isp", 330.0)
    assert graph.value("otv.propulsion.propellant_loaded") == pytest.approx(
        _closed_form(900.0, 0.08, 2500.0, 330.0), rel=1e-9)


def test_anderson_acceleration_converges_faster_to_the_same_solution() -> None:
    fraction = 0.6  # gain f * k = 0.73: slow plain iteration
    plain = _otv(fraction, SolverOptions(max_iterations=200)).evaluate()
    fast = _otv(fraction, SolverOptions(method="anderson")).evaluate()
    propellant = _closed_form(800.0, fraction, 2500.0, 320.0)
    for evaluation in (plain, fast):
        assert evaluation["otv.propulsion.propellant_loaded"] == pytest.approx(propellant,
                                                                               rel=1e-9)
    assert fast.loops[0].iterations < 10 < plain.loops[0].iterations
    assert fast.loops[0].method == "anderson"


def test_non_converging_loop_raises_with_its_history() -> None:
    fraction = 0.9  # gain f * k = 1.10 > 1: no positive solution, iteration diverges
    graph = _otv(fraction, SolverOptions(max_iterations=60))
    with pytest.raises(ConvergenceError) as info:
        graph.evaluate()
    error = info.value
    assert len(error.history) == 60
    message = str(error)
    assert message.startswith(
        "loop of 3 nodes (otv.propulsion.tank_mass, otv.dry_mass, "
        "otv.propulsion.propellant_loaded) did not converge in 60 iterations (rtol 1e-10); "
        "last residuals: ")
    gain = fraction * math.expm1(2500.0 / (320.0 * G0))
    assert f"grows by a factor of {gain:.3g}: the loop diverges" in message
    assert message.count(",") >= 6  # the last five residuals are listed


def test_slowly_converging_loop_says_so() -> None:
    graph = _otv(0.6, SolverOptions(max_iterations=10))
    with pytest.raises(ConvergenceError, match=r"shrinks by a factor of 0\.73"):
        graph.evaluate()


def test_divergence_to_infinity_is_reported_not_returned() -> None:
    graph = DependencyGraph(solver=SolverOptions(max_iterations=10_000))
    graph.add_expression("x", "= y * y + 1", "")
    graph.add_expression("y", "= x * 10", "")
    with pytest.raises(ConvergenceError, match=r"diverged at iteration \d+: '[xy]' became inf"):
        graph.evaluate()


def test_math_failure_inside_a_loop_is_a_convergence_error() -> None:
    graph = DependencyGraph()
    graph.add_expression("x", "= sqrt(y)", "", initial=4.0)
    graph.add_expression("y", "= x - 10", "")
    with pytest.raises(ConvergenceError) as info:
        graph.evaluate()
    assert "failed at iteration 2: math domain error" in str(info.value)
    assert len(info.value.history) == 1


def test_initial_guess_is_what_the_first_iteration_reads() -> None:
    graph = DependencyGraph()
    graph.add_expression("x", "= 0.5 * y + 1", "", initial=2.0)
    graph.add_expression("y", "= x", "", initial=2.0)
    evaluation = graph.evaluate()
    assert evaluation["x"] == 2.0
    assert evaluation.loops[0].history == (0.0,)
    graph = DependencyGraph()
    graph.add_expression("x", "= 0.5 * y + 1", "")  # from 0
    graph.add_expression("y", "= x", "")
    evaluation = graph.evaluate()
    assert evaluation["x"] == pytest.approx(2.0, rel=1e-10)
    assert evaluation.loops[0].iterations > 30


def test_an_expression_that_reads_itself_is_a_finding() -> None:
    graph = DependencyGraph()
    graph.add_parameter("otv.structure.basic_mass", 120.0, "kg")
    graph.add_expression("otv.tanks.basic_mass", "= otv.tanks.basic_mass", "kg")
    [finding] = graph.check()
    assert (finding.code, finding.location.path) == ("okaeri.cycle", "otv.tanks.basic_mass")
    assert "refers to itself" in finding.message


def test_a_loop_that_nothing_determines_fails_instead_of_keeping_its_guess() -> None:
    graph = DependencyGraph()
    graph.add_parameter("c", 1.0, "kg")
    graph.add_expression("a", "= b", "kg")
    graph.add_expression("b", "= a", "kg")
    graph.add_expression("total", "= a + c", "kg")
    evaluation = graph.evaluate(strict=False)
    assert set(evaluation.failures) == {"a", "b", "total"}
    assert evaluation.failures["total"].root == "a"
    with pytest.raises(AnalysisError, match="nothing determines them"):
        graph.value("total")


def test_loop_through_an_analysis() -> None:
    def sizing(inputs: Mapping[str, float]) -> Mapping[str, float]:
        return {"mass": 0.1 * inputs["load"] + 5.0, "volume": inputs["load"] / 1000.0}

    graph = DependencyGraph()
    graph.add_parameter("payload", 100.0, "kg")
    graph.add_analysis("analysis.sizing", {"load": "total"}, {"mass": "kg", "volume": "m^3"},
                       sizing, initial={"mass": 10.0})
    graph.add_expression("total", "= payload + analysis.sizing.mass")
    evaluation = graph.evaluate()
    # total = 100 + 0.1 total + 5  =>  total = 105 / 0.9
    assert evaluation["total"] == pytest.approx(105.0 / 0.9, rel=1e-9)
    assert evaluation["analysis.sizing.volume"] == pytest.approx(105.0 / 0.9 / 1000.0, rel=1e-9)
    (loop,) = evaluation.loops
    assert set(loop.keys) == {"analysis.sizing", "analysis.sizing.mass", "total"}
    report = graph.set_parameter("payload", 200.0)
    assert set(report.recomputed) == {"analysis.sizing", "analysis.sizing.mass",
                                      "analysis.sizing.volume", "total"}
    assert graph.value("analysis.sizing.volume") == pytest.approx(0.205 / 0.9, rel=1e-9)


def test_undeclared_units_around_a_loop_cannot_be_inferred() -> None:
    graph = DependencyGraph()
    graph.add_expression("a", "= 0.5 * b")
    graph.add_expression("b", "= a + 1")
    codes = {f.code for f in graph.check()}
    assert codes == {"okaeri.unknown_unit"}


def test_evaluation_order_components() -> None:
    nodes = ["a", "b", "c", "d", "e"]
    edges = [("a", "b"), ("b", "c"), ("c", "b"), ("c", "d"), ("e", "e")]
    components = evaluation_order(nodes, edges)
    assert [(c.keys, c.cyclic) for c in components] == [
        (("a",), False), (("b", "c"), True), (("d",), False), (("e",), True)]
    # A node with an initial guess starts the sweep.
    components = evaluation_order(nodes, edges, starts={"c"})
    assert components[1].keys == ("c", "b")


def test_solve_loop_directly() -> None:
    values = {"x": 0.0}

    def step(v: MutableMapping[str, float]) -> None:
        v["x"] = math.cos(v["x"])

    solution = solve_loop(("x",), ("x",), (step,), values, SolverOptions(rtol=1e-12,
                                                                         max_iterations=200))
    assert values["x"] == pytest.approx(0.7390851332151607, rel=1e-11)  # Dottie number
    assert solution.residual <= 1e-12


def test_solver_options_are_validated() -> None:
    with pytest.raises(ValueError, match="rtol"):
        SolverOptions(rtol=0.0)
    with pytest.raises(ValueError, match="max_iterations"):
        SolverOptions(max_iterations=0)
    with pytest.raises(ValueError, match="method"):
        SolverOptions(method="newton")  # type: ignore[arg-type]
