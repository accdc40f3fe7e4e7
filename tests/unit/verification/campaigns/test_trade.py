"""Trade points: a full verification each, independent, the same on one process or Dask.

Oracle: a verification of a freshly loaded mission with the parameters set by hand
(:func:`okaeri.verification.runner.run_verification`), which is what a point is.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import numpy as np
import pytest

import okaeri.verification.campaigns.trade as trade_module
from okaeri.verification import Project, load_project, run_verification
from okaeri.verification.campaigns.execution import Execution
from okaeri.verification.campaigns.study import Output, Sense, Study, load_study
from okaeri.verification.campaigns.tables import columns, csv_text, parquet_bytes
from okaeri.verification.campaigns.trade import (
    OutputResult,
    PointResult,
    TradeResult,
    evaluate_point,
    run_trade,
)

STUDY = """\
trade:
  variables:
    otv.propulsion.thrust: ["500 N", "2000 N"]
    capsule.aeroshell.diameter: ["0.7 m", "1.0 m"]
  outputs: [budget.mass.launch, SYS-010, CAP-010, CAP-030,
            "P99(entry.monte_carlo.landing_miss_distance)", entry.corridor.steepest_fpa]
  objectives: {budget.mass.launch: minimize, CAP-010: maximize}
"""


@pytest.fixture(scope="module")
def study_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trade") / "small.yaml"
    path.write_text(STUDY)
    return path


@pytest.fixture(scope="module")
def local(study_file: Path) -> TradeResult:
    study, project = load_study(study_file)
    return run_trade(study, project, execution=Execution(workers=1))


def test_points_are_verifications_of_the_modified_mission(local: TradeResult) -> None:
    """Bit for bit: a point is a fresh load with the variables set, whatever ran before."""
    fresh = load_project()
    fresh.graph.set_parameter("otv.propulsion.thrust", 2000.0)
    fresh.graph.set_parameter("capsule.aeroshell.diameter", 0.7)
    run = run_verification(fresh, select=["SYS-010", "CAP-010", "CAP-030"])
    point = local.points[2]
    assert point.values == (2000.0, 0.7) and not point.error
    assert point.outputs[0].value == fresh.graph.value("budget.mass.launch")
    for i, requirement in ((1, "SYS-010"), (2, "CAP-010"), (3, "CAP-030")):
        assert point.outputs[i].value == run.result(requirement).value_si
        assert point.outputs[i].margin == run.result(requirement).margin
        assert point.outputs[i].verdict == str(run.result(requirement).verdict)
    samples = fresh.graph.samples("entry.monte_carlo.landing_miss_distance")
    assert point.outputs[4].value == float(np.percentile(samples, 99.0))
    assert point.outputs[5].value == fresh.graph.value("entry.corridor.steepest_fpa")


def test_trends_follow_the_physics(local: TradeResult) -> None:
    """More thrust, smaller finite-burn gravity losses, a lighter launch. A larger
    diameter, a lower ballistic coefficient: a smaller peak stagnation heat flux
    (Sutton-Graves, q ~ sqrt(rho/Rn) V^3, with the peak at lower density), and nearly the
    same peak deceleration, which for a ballistic entry does not depend on the ballistic
    coefficient (Allen and Eggers, NACA TR-1381, 1958; here within 10 %, the rotating
    Earth and a non-exponential atmosphere being left out of that formula)."""
    by_values = {p.values: p for p in local.points}
    assert (by_values[(2000.0, 0.7)].outputs[0].value or 0) < (
        by_values[(500.0, 0.7)].outputs[0].value or 0)
    small, large = by_values[(500.0, 0.7)], by_values[(500.0, 1.0)]
    assert (small.outputs[2].value or 0) > (large.outputs[2].value or 0)
    assert small.outputs[3].value == pytest.approx(large.outputs[3].value, rel=0.1)
    assert all(p.outputs[4].value is not None and p.outputs[5].value is not None
               for p in local.points)


def test_dask_local_cluster_gives_the_same_table(study_file: Path, local: TradeResult) -> None:
    """A real two-worker LocalCluster: the CSV is the same, byte for byte."""
    pytest.importorskip("distributed")
    study, project = load_study(study_file)
    on_dask = run_trade(study, project, execution=Execution(dask="local:2"))
    assert csv_text(on_dask) == csv_text(local)


def test_points_leave_the_project_untouched() -> None:
    project = load_project()
    project.graph.evaluate()
    before = project.graph.evaluation().values
    point = evaluate_point(project, ("otv.propulsion.thrust",), (1500.0,),
                           (Output("budget.mass.launch", quantity="budget.mass.launch",
                                   unit="kg"),))
    assert point.outputs[0].value != before["budget.mass.launch"]
    assert project.graph.evaluation().values == before


def test_the_order_of_the_points_does_not_matter(local: TradeResult) -> None:
    """The points in reverse order, in one process: the same values, bit for bit (a point
    does not start from the loops its predecessor solved)."""
    study, project = load_study_file(local)
    outputs = local.study.outputs
    for point in reversed(local.points):
        again = evaluate_point(project, study.keys, point.values, outputs, index=point.index)
        assert again == point


def test_a_variable_out_of_its_admissible_range_is_a_row_with_its_error() -> None:
    project = load_project()
    point = evaluate_point(project, ("capsule.aeroshell.diameter",), (-0.1,),
                           (Output("CAP-030", "CAP-030", "entry.nominal.peak_deceleration"),),
                           index=7)
    assert point.worst == "error" and point.outputs == ()
    assert "capsule.aeroshell.diameter" in point.error and "> 0 m" in point.error


def test_a_failing_computation_is_named_in_the_row() -> None:
    """A 2 cm capsule does not reach parachute deployment: its entry requirement is in
    error with the root cause, and the outputs that do not depend on the entry keep their
    values."""
    project = load_project()
    point = evaluate_point(project, ("capsule.aeroshell.diameter",), (0.02,),
                           (Output("CAP-030", "CAP-030", "entry.nominal.peak_deceleration"),
                            Output("launch", quantity="budget.mass.launch", unit="kg")),
                           index=7)
    assert point.worst == "error" and "entry.nominal" in point.error
    assert point.outputs[0].verdict == "error"
    assert point.outputs[1].value == load_project().graph.value("budget.mass.launch")
    assert project.graph.value("capsule.aeroshell.diameter") == 0.8


def test_csv_and_parquet_hold_the_same_table(local: TradeResult) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    text = csv_text(local)
    header = text.splitlines()[0].split(",")
    assert header[:4] == ["point", "otv.propulsion.thrust [N]", "capsule.aeroshell.diameter [m]",
                          "budget.mass.launch [kg]"]
    assert header[-3:] == ["worst", "pareto_front", "error"]
    assert len(text.splitlines()) == 1 + len(local.points)
    table = pyarrow_parquet.read_table(io.BytesIO(parquet_bytes(local)))
    assert table.column_names == [c.name for c in columns(local)]
    launch = table.column("budget.mass.launch [kg]").to_pylist()
    assert launch == [p.outputs[0].value for p in local.points]
    assert b"okaeri.units" in table.schema.metadata


def load_study_file(result: TradeResult) -> tuple[Study, Project]:
    return load_study(result.study.path)


def _synthetic(objectives: tuple[tuple[str, Sense], ...], values: list[tuple[float, float, str]]
               ) -> TradeResult:
    from dataclasses import replace

    study, project = load_study(_write_synthetic())
    study = replace(study, objectives=objectives)
    points = tuple(PointResult(i, (0.0,), (OutputResult(a, verdict=None),
                                           OutputResult(b, margin=b, verdict=verdict)))
                   for i, (a, b, verdict) in enumerate(values))
    from okaeri.verification.runner import provenance

    return TradeResult(study, points, provenance(project))


def _write_synthetic() -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "pareto.yaml"
    path.write_text(textwrap.dedent("""\
        trade:
          variables:
            otv.propulsion.thrust: ["500 N"]
          outputs: [budget.mass.launch, SYS-010]
        """))
    return path


def test_pareto_front_of_two_objectives() -> None:
    """Minimise the first, maximise the second: (1, 1) and (2, 3) and (4, 4) are not
    dominated; (3, 2) is dominated by (2, 3); (0, 9) fails its requirement."""
    result = _synthetic((("budget.mass.launch", Sense.MINIMIZE), ("SYS-010", Sense.MAXIMIZE)),
                        [(2.0, 3.0, "pass"), (3.0, 2.0, "pass"), (1.0, 1.0, "pass"),
                         (4.0, 4.0, "pass"), (0.0, 9.0, "fail")])
    assert result.pareto_front() == (2, 0, 3)


def test_a_point_does_not_depend_on_what_the_cache_held(tmp_path: Path) -> None:
    """A verification that stored the available system margin in the disk cache before
    changes nothing: the point's values equal those computed with no cache at all."""
    from okaeri.verification import AnalysisCache

    cache = AnalysisCache(tmp_path / "cache")
    warm = load_project()
    warm.graph.set_parameter("otv.propulsion.thrust", 900.0)
    run_verification(warm, select=["SYS-020"], cache=cache)
    assert cache.misses > 0 and any((tmp_path / "cache").iterdir())
    outputs = (Output("SYS-010", "SYS-010", "budget.mass.launch", unit="kg"),
               Output("SYS-020", "SYS-020", "budget.mass.system_margin_available"),
               Output("launch", quantity="budget.mass.launch", unit="kg"))
    cached = evaluate_point(load_project(), ("otv.propulsion.thrust",), (900.0,), outputs, cache)
    fresh = evaluate_point(load_project(), ("otv.propulsion.thrust",), (900.0,), outputs)
    assert cached == fresh


def test_a_study_gives_the_same_table_with_and_without_the_cache(tmp_path: Path) -> None:
    """Twice with a disk cache (cold, then every analysis a hit), once without, and once
    on two processes: the same CSV, byte for byte."""
    path = tmp_path / "margin.yaml"
    path.write_text(textwrap.dedent("""\
        trade:
          variables:
            otv.propulsion.isp: ["310 s", "330 s"]
            otv.structure.basic_mass: ["110 kg", "130 kg"]
          outputs: [SYS-010, SYS-020, budget.mass.system_margin_available]
        """))
    study, project = load_study(path)
    tables = []
    for workers, cache in ((1, tmp_path / "c"), (1, tmp_path / "c"), (1, None), (2, None)):
        trade_module._MEMORY.clear()  # the second run reads the disk, not this process
        tables.append(csv_text(run_trade(study, project, execution=Execution(workers=workers),
                                         cache_dir=cache)))
    assert tables[1:] == tables[:1] * 3


def test_values_only_evaluate_the_budgets_without_the_monte_carlo(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With no requirement output nothing is closed: the runner (which would close every
    requirement, Monte Carlo included) is not called."""
    import okaeri.verification.runner as runner

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("run_verification called")

    monkeypatch.setattr(runner, "run_verification", refuse)
    point = evaluate_point(load_project(), ("otv.propulsion.isp",), (330.0,),
                           (Output("launch", quantity="budget.mass.launch", unit="kg"),
                            Output("sm", quantity="budget.mass.system_margin_available")))
    assert not point.error
    assert point.outputs[0].value is not None and point.outputs[1].value is not None
