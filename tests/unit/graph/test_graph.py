"""Tests of the dependency graph: building, checking, evaluation, incremental update."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest

from okaeri.errors import AnalysisError, ExpressionError, Location, ModelError, OutOfRangeError
from okaeri.graph import DependencyGraph, NodeKind, as_dimension
from okaeri.units import ureg


def _capsule() -> DependencyGraph:
    graph = DependencyGraph()
    graph.add_parameter("capsule.aeroshell.diameter", 0.8, "m",
                        Location("model/capsule.yaml", 4, 15))
    graph.add_parameter("capsule.aeroshell.mass", 12.0, "kg")
    graph.add_parameter("capsule.structure.mass", 9.5, "kg")
    graph.add_parameter("capsule.sample.mass", 500.0, "g")
    graph.add_expression("capsule.aeroshell.area",
                         "= 3.14159265358979 * (capsule.aeroshell.diameter / 2) ^ 2",
                         origin="model/capsule.yaml:5")
    graph.add_expression("budget.mass.capsule", "= sum(capsule.*.mass)", "kg",
                         kind=NodeKind.BUDGET)
    graph.add_expression("capsule.ballistic_coefficient",
                         "= budget.mass.capsule / (1.05 * capsule.aeroshell.area)")
    return graph


def test_evaluate_in_topological_order_with_si_values() -> None:
    graph = _capsule()
    evaluation = graph.evaluate()
    area = math.pi * 0.4**2
    assert evaluation["capsule.aeroshell.area"] == pytest.approx(area, rel=1e-12)
    assert evaluation["budget.mass.capsule"] == pytest.approx(22.0)
    assert evaluation["capsule.ballistic_coefficient"] == pytest.approx(22.0 / (1.05 * area))
    order = evaluation.order
    assert order.index("budget.mass.capsule") < order.index("capsule.ballistic_coefficient")
    assert order.index("capsule.aeroshell.area") < order.index("capsule.ballistic_coefficient")
    assert set(order) == set(graph.keys())
    assert evaluation.loops == ()
    assert graph.value("capsule.sample.mass") == pytest.approx(0.5)


def test_node_metadata() -> None:
    graph = _capsule()
    node = graph.node("capsule.aeroshell.area")
    assert node.kind is NodeKind.RELATION
    assert node.unit == "m^2"  # inferred from the expression
    assert node.dimension == as_dimension("m^2")
    assert node.origin == "model/capsule.yaml:5"
    assert node.inputs == ("capsule.aeroshell.diameter",)
    assert node.expression == "= 3.14159265358979 * (capsule.aeroshell.diameter / 2) ^ 2"
    assert node.value is None  # not evaluated yet
    graph.evaluate()
    assert graph.node("capsule.aeroshell.area").value == pytest.approx(math.pi * 0.16)
    budget = graph.node("budget.mass.capsule")
    assert budget.kind is NodeKind.BUDGET
    assert budget.inputs == ("capsule.aeroshell.mass", "capsule.sample.mass",
                             "capsule.structure.mass")
    assert graph.node("capsule.ballistic_coefficient").unit == "kg/m^2"
    parameter = graph.node("capsule.aeroshell.diameter")
    assert parameter.origin == Location("model/capsule.yaml", 4, 15)
    assert parameter.value == 0.8
    assert len(graph) == 7
    assert list(graph) == graph.keys()
    assert "budget.mass.capsule" in graph


def test_parameter_units_are_converted_to_si_once() -> None:
    graph = DependencyGraph()
    graph.add_parameter("otv.dv", 3.2, "km/s")
    graph.add_parameter("otv.margin", 5, "%")
    graph.add_parameter("entry.gamma", ureg.Quantity(-8.5, "deg"))
    graph.add_parameter("entry.speed", ureg.Quantity(11.0, "km/s"), "m/s")
    assert graph.value("otv.dv") == pytest.approx(3200.0)
    assert graph.value("otv.margin") == pytest.approx(0.05)
    assert graph.value("entry.gamma") == pytest.approx(math.radians(-8.5))
    assert graph.node("entry.gamma").unit == "rad"
    assert graph.node("otv.margin").unit == ""
    assert graph.value("entry.speed") == pytest.approx(11000.0)
    with pytest.raises(ValueError, match="expects a mass"):
        graph.add_parameter("x", ureg.Quantity(1.0, "m"), "kg")
    with pytest.raises(ValueError, match="not finite"):
        graph.add_parameter("y", math.nan, "kg")
    with pytest.raises(ValueError, match="not a known unit"):
        graph.add_parameter("z", 1.0, "kgg")


def test_nodes_may_be_added_in_any_order() -> None:
    graph = DependencyGraph()
    graph.add_expression("c", "= b * 2")
    graph.add_expression("b", "= a + 1 [m]")
    graph.add_parameter("a", 1.0, "m")
    assert graph.value("c") == pytest.approx(4.0)
    assert graph.node("c").unit == "m"  # inferred through b


def test_missing_reference_names_the_node_and_the_missing_key() -> None:
    graph = DependencyGraph()
    graph.add_parameter("otv.propulsion.propellant_loaded", 1000.0, "kg")
    graph.add_expression("otv.propulsion.tank_mass", "= 0.08 * otv.propulsion.propelant_loaded",
                         "kg", Location("model/otv.yaml", 12, 16))
    findings = graph.check()
    assert len(findings) == 1
    finding = findings[0]
    assert finding.code == "okaeri.dangling_ref"
    assert finding.message == (
        "'otv.propulsion.tank_mass' reads 'otv.propulsion.propelant_loaded', which is not "
        "defined (expression '= 0.08 * otv.propulsion.propelant_loaded', column 10)"
    )
    assert finding.hint == "did you mean 'otv.propulsion.propellant_loaded'?"
    assert finding.location == Location("model/otv.yaml", 12, 16, "otv.propulsion.tank_mass")
    with pytest.raises(ModelError) as info:
        graph.evaluate()
    assert info.value.findings == (finding,)


def test_missing_input_of_a_function_relation() -> None:
    graph = DependencyGraph()
    graph.add_relation("a.b", ["x.y"], lambda y: y, "kg", "model/a.yaml:3")
    (finding,) = graph.check()
    assert finding.message == "'a.b' reads 'x.y', which is not defined"
    assert str(finding.location) == "model/a.yaml:3 a.b"
    assert finding.hint == "define it, or correct the reference"


def test_every_finding_is_collected() -> None:
    graph = DependencyGraph()
    graph.add_parameter("m", 1.0, "kg")
    graph.add_parameter("v", 1.0, "m/s")
    graph.add_expression("bad.sum", "= m + v")
    graph.add_expression("bad.declared", "= m * 2", "m/s")
    graph.add_expression("bad.wildcard", "= sum(nothing.*.mass)")
    graph.add_expression("bad.ref", "= q")
    codes = sorted(f.code for f in graph.check())
    assert codes == ["okaeri.dangling_ref", "okaeri.dangling_ref", "okaeri.unit_mismatch",
                     "okaeri.unit_mismatch"]
    messages = {f.location.path: f.message for f in graph.check()}
    assert messages["bad.sum"] == ("'bad.sum': cannot add a mass (kg) and a speed (m/s) "
                                   "(expression '= m + v', column 5)")
    assert messages["bad.declared"] == ("'bad.declared' is declared as a speed (m/s) but its "
                                        "expression '= m * 2' gives a mass (kg)")
    assert messages["bad.wildcard"] == ("'bad.wildcard': wildcard 'nothing.*.mass' matches "
                                        "nothing (expression '= sum(nothing.*.mass)', column 7)")
    with pytest.raises(ModelError) as info:
        graph.evaluate()
    assert len(info.value.findings) == 4
    graph.add_expression("fine", "= 2 * m", "kg")
    with pytest.raises(ModelError) as info:  # one value of a graph with findings: the same
        graph.value("fine")
    assert len(info.value.findings) == 4


def test_reading_an_analysis_instead_of_its_output() -> None:
    graph = DependencyGraph()
    graph.add_parameter("v", 11.0, "km/s")
    graph.add_analysis("analysis.entry", ["v"], {"peak": "W/m^2"}, lambda i: {"peak": i["v"]})
    graph.add_expression("x", "= analysis.entry * 2")
    (finding,) = graph.check()
    assert finding.message == "'x' reads 'analysis.entry', which is an analysis, not a value"
    assert finding.hint == "read one of its outputs: analysis.entry.peak"


def test_syntax_errors_are_raised_when_adding() -> None:
    graph = DependencyGraph()
    with pytest.raises(ExpressionError, match=r"expected '\)' at column 9"):
        graph.add_expression("a", "= (b + c")


def test_duplicate_key() -> None:
    graph = DependencyGraph()
    graph.add_parameter("a", 1.0, "kg", "model/a.yaml:1")
    with pytest.raises(ModelError) as info:
        graph.add_expression("a", "= 2 [kg]", origin="model/b.yaml:7")
    (finding,) = info.value.findings
    assert finding.code == "okaeri.duplicate_key"
    assert finding.message == "'a' is defined twice; first (model/a.yaml:1)"


def test_function_relation_positional_and_keyword_inputs() -> None:
    graph = DependencyGraph()
    graph.add_parameter("otv.dry", 800.0, "kg")
    graph.add_parameter("otv.dv", 2.5, "km/s")
    graph.add_parameter("otv.isp", 320.0, "s")
    graph.add_relation(
        "otv.propellant", ["otv.dry", "otv.dv", "otv.isp"],
        lambda m, dv, isp: m * math.expm1(dv / (isp * 9.80665)), "kg",
    )
    graph.add_relation(
        "otv.wet", {"dry": "otv.dry", "propellant": "otv.propellant"},
        lambda *, dry, propellant: dry + propellant, "kg",
    )
    expected = 800.0 * math.expm1(2500.0 / (320.0 * 9.80665))
    assert graph.value("otv.propellant") == pytest.approx(expected, rel=1e-14)
    assert graph.value("otv.wet") == pytest.approx(800.0 + expected, rel=1e-14)
    with pytest.raises(ValueError, match="needs the unit of its result"):
        graph.add_relation("r", ["otv.dry"], lambda m: m)


def test_analysis_with_several_outputs() -> None:
    calls: list[Mapping[str, float]] = []

    def entry(inputs: Mapping[str, float]) -> Mapping[str, float]:
        calls.append(dict(inputs))
        return {"peak_heat_flux_total": 1e-4 * inputs["speed"] ** 3,
                "peak_deceleration": inputs["speed"] / 100.0}

    graph = DependencyGraph()
    graph.add_parameter("entry.speed", 11.0, "km/s")
    keys = graph.add_analysis("analysis.entry", {"speed": "entry.speed"},
                              {"peak_heat_flux_total": "W/m^2", "peak_deceleration": "m/s^2"},
                              entry, "verification/entry.yaml:3")
    assert keys == ("analysis.entry.peak_heat_flux_total", "analysis.entry.peak_deceleration")
    graph.add_expression("criterion.cap_010.margin",
                         "= 1 - analysis.entry.peak_heat_flux_total / 2e8 [W/m^2]",
                         kind=NodeKind.CRITERION)
    evaluation = graph.evaluate()
    assert evaluation["analysis.entry.peak_heat_flux_total"] == pytest.approx(1.331e8)
    assert evaluation["criterion.cap_010.margin"] == pytest.approx(1 - 1.331e8 / 2e8)
    assert "analysis.entry" not in evaluation.values
    assert calls == [{"speed": 11000.0}]
    node = graph.node("analysis.entry")
    assert node.kind is NodeKind.ANALYSIS
    assert node.outputs == keys
    assert not node.has_value
    assert node.value is None
    output = graph.node("analysis.entry.peak_deceleration")
    assert output.analysis == "analysis.entry"
    assert output.unit == "m/s^2"
    with pytest.raises(ValueError, match="is an analysis; read one of its outputs"):
        graph.value("analysis.entry")
    assert graph.upstream("criterion.cap_010.margin") == (
        "entry.speed", "analysis.entry", "analysis.entry.peak_heat_flux_total")
    report = graph.set_parameter("entry.speed", 10000.0)
    assert report.recomputed == ("analysis.entry", "analysis.entry.peak_heat_flux_total",
                                 "analysis.entry.peak_deceleration", "criterion.cap_010.margin")
    assert len(calls) == 2


def test_analysis_that_forgets_an_output() -> None:
    graph = DependencyGraph()
    graph.add_parameter("x", 1.0)
    graph.add_analysis("analysis.a", ["x"], {"y": "", "z": ""}, lambda i: {"y": 1.0})
    with pytest.raises(AnalysisError,
                       match=r"analysis 'analysis\.a' did not return its output 'z'"):
        graph.evaluate()


def test_analysis_errors_keep_their_type_and_name_the_node() -> None:
    def atmosphere(inputs: Mapping[str, float]) -> Mapping[str, float]:
        raise OutOfRangeError("altitude 200 km above the model's 150 km")

    graph = DependencyGraph()
    graph.add_parameter("h", 200.0, "km")
    graph.add_analysis("analysis.atmosphere", ["h"], {"rho": "kg/m^3"}, atmosphere,
                       "verification/atm.yaml:2")
    with pytest.raises(OutOfRangeError) as info:
        graph.evaluate()
    assert info.value.__notes__ == [
        "while evaluating 'analysis.atmosphere' (verification/atm.yaml:2)"]


def test_evaluation_failure_names_node_origin_and_inputs() -> None:
    graph = DependencyGraph()
    graph.add_parameter("a.mass", 2.0, "kg")
    graph.add_parameter("a.count", 0.0)
    graph.add_expression("a.each", "= a.mass / a.count", origin="model/a.yaml:9")
    with pytest.raises(AnalysisError) as info:
        graph.evaluate()
    assert str(info.value) == (
        "cannot evaluate 'a.each' (model/a.yaml:9): ZeroDivisionError: float division by zero; "
        "expression '= a.mass / a.count'; inputs: a.mass = 2 kg, a.count = 0"
    )


def test_non_finite_result_is_an_error() -> None:
    graph = DependencyGraph()
    graph.add_parameter("a", 1e200)
    graph.add_expression("b", "= a * a")
    with pytest.raises(AnalysisError, match="cannot evaluate 'b': the result is inf"):
        graph.evaluate()


def test_downstream_and_upstream() -> None:
    graph = _capsule()
    assert graph.downstream("capsule.aeroshell.diameter") == (
        "capsule.aeroshell.area", "capsule.ballistic_coefficient")
    assert graph.downstream("capsule.sample.mass", [NodeKind.BUDGET]) == ("budget.mass.capsule",)
    assert set(graph.upstream("capsule.ballistic_coefficient", [NodeKind.PARAMETER])) == {
        "capsule.aeroshell.diameter", "capsule.aeroshell.mass", "capsule.structure.mass",
        "capsule.sample.mass"}
    assert graph.upstream("capsule.aeroshell.mass") == ()
    assert ("capsule.aeroshell.area", "capsule.ballistic_coefficient") in graph.edges()
    with pytest.raises(KeyError, match=r"did you mean 'capsule\.aeroshell\.area'"):
        graph.downstream("capsule.aeroshell.aera")


def test_set_parameter_recomputes_only_downstream_nodes() -> None:
    calls: dict[str, int] = {}

    def counted(name: str, factor: float):  # type: ignore[no-untyped-def]
        def function(x: float) -> float:
            calls[name] = calls.get(name, 0) + 1
            return factor * x

        return function

    graph = DependencyGraph()
    for i in range(50):
        graph.add_parameter(f"p{i}", float(i), "kg")
        graph.add_relation(f"r{i}", [f"p{i}"], counted(f"r{i}", 2.0), "kg")
    graph.add_expression("budget.total", "= sum(r0, r1, r2) + r3", kind=NodeKind.BUDGET)
    graph.evaluate()
    assert all(count == 1 for count in calls.values())
    report = graph.set_parameter("p7", 100.0)
    assert report.recomputed == ("r7",)
    assert report.count == 1
    assert report.changed == ("r7",)
    assert (report.old, report.new) == (7.0, 100.0)
    assert calls["r7"] == 2
    assert sum(calls.values()) == 51
    report = graph.set_parameter("p2", 10.0)
    assert report.recomputed == ("r2", "budget.total")
    assert graph.value("budget.total") == pytest.approx(2 * (0 + 1 + 10 + 3))
    assert sum(calls.values()) == 52
    report = graph.set_parameter("p2", 10.0)  # unchanged value: nothing to do
    assert report.count == 0


def test_set_parameter_accepts_quantities_and_checks_them() -> None:
    graph = _capsule()
    graph.evaluate()
    graph.set_parameter("capsule.sample.mass", ureg.Quantity(800.0, "g"))
    assert graph.value("budget.mass.capsule") == pytest.approx(22.3)
    with pytest.raises(ValueError, match="expects a mass"):
        graph.set_parameter("capsule.sample.mass", ureg.Quantity(1.0, "m"))
    with pytest.raises(ValueError, match="not a parameter"):
        graph.set_parameter("budget.mass.capsule", 3.0)
    with pytest.raises(KeyError, match=r"no node 'capsule\.sample\.mas'"):
        graph.set_parameter("capsule.sample.mas", 3.0)


def test_failed_update_leaves_the_graph_as_it_was() -> None:
    graph = DependencyGraph()
    graph.add_parameter("n", 2.0)
    graph.add_parameter("m", 10.0, "kg")
    graph.add_expression("each", "= m / n")
    graph.add_expression("twice", "= each * 2")
    graph.evaluate()
    with pytest.raises(AnalysisError, match="cannot evaluate 'each'"):
        graph.set_parameter("n", 0.0)
    assert graph.value("n") == 2.0
    assert graph.value("each") == 5.0
    assert graph.value("twice") == 10.0


def test_set_parameter_before_evaluation_only_sets_the_value() -> None:
    graph = _capsule()
    report = graph.set_parameter("capsule.aeroshell.mass", 13.0)
    assert report.recomputed == ()
    assert graph.value("budget.mass.capsule") == pytest.approx(23.0)


def test_adding_a_node_after_evaluation_re_resolves_wildcards() -> None:
    graph = _capsule()
    assert graph.value("budget.mass.capsule") == pytest.approx(22.0)
    graph.add_parameter("capsule.parachute.mass", 3.0, "kg")
    assert graph.value("budget.mass.capsule") == pytest.approx(25.0)
    assert "capsule.parachute.mass" in graph.node("budget.mass.capsule").inputs


def test_wildcard_excludes_the_node_itself() -> None:
    graph = DependencyGraph()
    graph.add_parameter("budget.a", 1.0, "kg")
    graph.add_parameter("budget.b", 2.0, "kg")
    graph.add_expression("budget.total", "= sum(budget.*)", kind=NodeKind.BUDGET)
    assert graph.value("budget.total") == 3.0
    assert graph.loops() == []


def test_relation_kind_must_be_a_relation_kind() -> None:
    graph = DependencyGraph()
    with pytest.raises(ValueError, match="must be of kind RELATION, BUDGET or CRITERION"):
        graph.add_expression("a", "= 1", kind=NodeKind.PARAMETER)


def test_one_mistake_gives_one_finding() -> None:
    graph = DependencyGraph()
    graph.add_parameter("m", 1.0, "kg")
    graph.add_parameter("v", 1.0, "m/s")
    graph.add_expression("a", "= m_typo * 2")
    graph.add_expression("b", "= a + 1 [kg]")
    graph.add_expression("c", "= m + v")
    graph.add_expression("d", "= c * 2")
    graph.add_expression("e", "= d / 2")
    assert [(f.location.path, f.code) for f in graph.check()] == [
        ("a", "okaeri.dangling_ref"), ("c", "okaeri.unit_mismatch")]


def _counting_graph(calls: list[float], lazy: bool = False) -> DependencyGraph:
    """``far`` reads ``h`` only; ``near`` reads the margin ``m``; ``t = far.out + near.out``."""
    graph = DependencyGraph()
    graph.add_parameter("h", 2.0, "m")
    graph.add_parameter("m", 0.1, "")

    def far(inputs: Mapping[str, float]) -> dict[str, float]:
        calls.append(inputs["h"])
        return {"out": 3.0 * inputs["h"], "note": "far"}

    graph.add_analysis("far", ["h"], {"out": "m"}, far, lazy=lazy)
    graph.add_analysis("near", ["m"], {"out": "m"}, lambda i: {"out": 10.0 * i["m"]})
    graph.add_expression("t", "= far.out + near.out", "m")
    return graph


def test_a_subgraph_recalls_the_analyses_computed_with_the_same_inputs() -> None:
    calls: list[float] = []
    graph = _counting_graph(calls)
    assert graph.value("t") == pytest.approx(7.0)
    sub = graph.subgraph(["t"])
    sub.set_parameter("m", 0.5)
    assert sub.value("t") == pytest.approx(11.0)
    assert calls == [2.0]  # "far" answered from the parent, not run again
    assert sub.details("far") == {"note": "far"}
    sub.set_parameter("h", 4.0)  # other inputs: computed
    assert sub.value("t") == pytest.approx(17.0)
    assert calls == [2.0, 4.0]


@pytest.mark.parametrize("lazy", [False, True])
def test_a_subgraph_computes_what_the_parent_has_not_or_no_longer_has(lazy: bool) -> None:
    calls: list[float] = []
    graph = _counting_graph(calls, lazy)
    graph.subgraph(["t"]).value("t")  # the parent computed nothing yet
    assert calls == [2.0]
    graph.value("t")
    # Eager: recomputed in the parent at once, then recalled. On demand: invalidated in
    # the parent (its old output still held, for the old input), so computed.
    graph.set_parameter("h", 5.0)
    sub = graph.subgraph(["t"])
    assert sub.value("t") == pytest.approx(16.0)
    assert calls == [2.0, 2.0, 5.0]



def _margin_graph() -> DependencyGraph:
    """``dry = a + b`` (many components, in a real mission), ``wet = dry * (1 + m)``,
    ``t = wet + fuel`` with ``fuel = 2 * wet``; ``other`` reads ``a`` only."""
    graph = DependencyGraph()
    graph.add_parameter("a", 3.0, "kg")
    graph.add_parameter("b", 4.0, "kg")
    graph.add_parameter("m", 0.2, "")
    graph.add_expression("dry", "= a + b", "kg")
    graph.add_expression("wet", "= dry * (1 + m)", "kg")
    graph.add_expression("fuel", "= 2 * wet", "kg")
    graph.add_expression("t", "= wet + fuel", "kg")
    graph.add_expression("other", "= 5 * a", "kg")
    return graph


def test_a_subgraph_of_what_varies_holds_only_the_paths_to_the_targets() -> None:
    graph = _margin_graph()
    graph.evaluate()
    sub = graph.subgraph(["t"], varying=["m"])
    assert sorted(sub) == ["dry", "fuel", "m", "t", "wet"]
    # what the paths read from the rest of the graph is a parameter, at its value there
    assert sub.node("dry").kind is NodeKind.PARAMETER
    assert sorted(sub.upstream("t", [NodeKind.PARAMETER])) == ["dry", "m"]
    assert sub.value("t") == graph.value("t") == pytest.approx(3 * 7.0 * 1.2)
    report = sub.set_parameter("m", 0.5)
    assert sub.value("t") == pytest.approx(3 * 7.0 * 1.5)
    assert set(report.recomputed) == {"wet", "fuel", "t"}
    assert graph.value("m") == 0.2  # the parent keeps its own state
    sub.set_parameter("dry", 10.0)  # set as any parameter
    assert sub.value("t") == pytest.approx(3 * 10.0 * 1.5)


def test_a_subgraph_of_what_varies_leaves_what_the_parent_has_not_computed_unset() -> None:
    graph = _margin_graph()
    sub = graph.subgraph(["t"], varying=["m"])
    assert math.isnan(sub.node("dry").value)
    sub.set_parameter("dry", 7.0)
    assert sub.value("t") == pytest.approx(3 * 7.0 * 1.2)
