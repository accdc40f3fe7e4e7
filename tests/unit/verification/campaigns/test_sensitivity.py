"""Tornados of requirement margins.

Oracle: a full verification of a freshly loaded mission with one parameter set by hand
(:func:`okaeri.verification.runner.run_verification`) gives the margin at each end.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okaeri.errors import ModelError
from okaeri.model import reference_mission_path
from okaeri.verification import Project, load_project, run_verification
from okaeri.verification.campaigns.execution import Execution
from okaeri.verification.campaigns.sensitivity import run_sensitivity, steps, variations


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project()


@pytest.fixture(scope="module")
def small_monte_carlo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference mission with a 300-sample Monte Carlo (a faster test)."""
    folder = tmp_path_factory.mktemp("sensitivity") / "mission"
    shutil.copytree(reference_mission_path(), folder)
    entry = folder / "verification" / "entry.yaml"
    text = entry.read_text()
    assert text.count("seed: 20261124") == 1 and "samples:" not in text
    entry.write_text(text.replace("seed: 20261124", "seed: 20261124\n      samples: 300"))
    return folder


def _margin_with(key: str, value: float, requirement: str, folder: Path | None = None
                 ) -> float | None:
    fresh = load_project(folder)
    fresh.graph.set_parameter(key, value)
    return run_verification(fresh, select=[requirement]).result(requirement).margin


def test_launch_mass_margin_ranks_the_parameters(project: Project) -> None:
    (tornado,) = run_sensitivity(project, ["SYS-010"])
    assert tornado.method == "graph"
    ranked = tornado.ranked()
    keys = [s.variation.key for s in ranked]
    # the limit (the allowance) and the rocket equation's exponent, then the heaviest
    # new-design mass with its 20 % maturity margin
    assert set(keys[:2]) == {"launch.mass_allowance", "otv.propulsion.isp"}
    assert keys[2] == "otv.structure.basic_mass"
    assert all(not k.startswith("capsule.aeroshell") for k in keys)  # not upstream
    effects = [s.effect(tornado.nominal_margin) for s in ranked]
    assert effects == sorted(effects, reverse=True) and effects[0] > 0.1
    isp = ranked[keys.index("otv.propulsion.isp")]
    assert isp.margin_low == pytest.approx(
        _margin_with("otv.propulsion.isp", isp.variation.low, "SYS-010"), rel=1e-9, abs=1e-12)
    assert isp.margin_high == pytest.approx(
        _margin_with("otv.propulsion.isp", isp.variation.high, "SYS-010"), rel=1e-9, abs=1e-12)
    # the graph is left at the model's values
    assert project.graph.value("otv.propulsion.isp") == isp.variation.nominal


def test_variation_bases(project: Project) -> None:
    found, zero = variations(project, ["otv.structure.basic_mass", "otv.power.basic_mass",
                                       "capsule.aeroshell.drag_coefficient",
                                       "capsule.aeroshell.diameter",
                                       "capsule.aeroshell.lift_to_drag",
                                       "capsule.parachute.main_drag_area"])
    by_key = {v.key: v for v in found}
    structure = by_key["otv.structure.basic_mass"]
    assert structure.basis == "maturity margin 20 % (new)"
    assert (structure.low, structure.high) == pytest.approx((120 * 0.8, 120 * 1.2))
    assert by_key["otv.power.basic_mass"].basis == "maturity margin 5 % (off_the_shelf)"
    drag = by_key["capsule.aeroshell.drag_coefficient"]
    assert drag.basis == "dispersion (normal, 3 sigma 5 %)"
    assert drag.high == pytest.approx(1.05 * 1.05)
    main = by_key["capsule.parachute.main_drag_area"]  # a uniform one: its half width
    assert main.basis == "dispersion (uniform, +- 10 %)"
    assert (main.low, main.high) == pytest.approx((20.0 * 0.9, 20.0 * 1.1))
    assert by_key["capsule.aeroshell.diameter"].basis == "± 10 %"
    assert zero == ["capsule.aeroshell.lift_to_drag"]  # zero: nothing to vary


def test_monte_carlo_requirement_is_verified_at_each_end(small_monte_carlo: Path) -> None:
    """CAP-060 (P99 landing miss distance within the recovery zone's radius, 90 %
    confidence; 300 samples, more than the 230 the bound needs)."""
    (tornado,) = run_sensitivity(load_project(small_monte_carlo), ["CAP-060"],
                                 execution=Execution(workers=1))
    assert tornado.method == "verification"
    by_key = {s.variation.key: s for s in tornado.swings}
    assert "otv.propulsion.isp" not in by_key  # the OTV's engine does not change the entry
    nominal = run_verification(load_project(small_monte_carlo),
                               select=["CAP-060"]).result("CAP-060")
    assert tornado.nominal_margin == nominal.margin and nominal.value_si is not None
    # the same seed at each end: moving the limit leaves the samples, so the bound, as they
    # were, and the margin of an upper limit R is (R - P99 bound) / R
    radius = by_key["descent.recovery_zone.radius"]
    for end, margin in ((radius.variation.low, radius.margin_low),
                        (radius.variation.high, radius.margin_high)):
        assert margin == pytest.approx((end - nominal.value_si) / end, rel=1e-12)
    diameter = by_key["capsule.aeroshell.diameter"]
    assert diameter.margin_high == _margin_with("capsule.aeroshell.diameter",
                                                diameter.variation.high, "CAP-060",
                                                small_monte_carlo)


def test_unknown_or_criterion_less_requirements_are_findings(project: Project) -> None:
    with pytest.raises(ModelError, match="did you mean 'SYS-010'"):
        run_sensitivity(project, ["SYS-01"])
    with pytest.raises(ModelError, match="no criterion"):
        run_sensitivity(project, ["MIS-001"])


def test_progress_steps_count_each_evaluation(project: Project) -> None:
    class Count:
        done = 0

        def advance(self, steps: int = 1) -> None:
            self.done += steps

    counter = Count()
    run_sensitivity(project, ["SYS-010", "CAP-030"], progress=counter)
    assert counter.done == steps(project, ["SYS-010", "CAP-030"]) > 20
