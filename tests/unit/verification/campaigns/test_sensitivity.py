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
from okaeri.verification.campaigns.execution import Execution
from okaeri.verification.campaigns.sensitivity import run_sensitivity, steps, variations
from okaeri.verification.project import Project, load_project
from okaeri.verification.runner import run_verification


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project()


@pytest.fixture(scope="module")
def small_monte_carlo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference mission with a 200-sample Monte Carlo (a faster test)."""
    folder = tmp_path_factory.mktemp("sensitivity") / "mission"
    shutil.copytree(reference_mission_path(), folder)
    entry = folder / "verification" / "entry.yaml"
    text = entry.read_text()
    assert "samples: 2000" in text
    entry.write_text(text.replace("samples: 2000", "samples: 200"))
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
    assert ranked[0].variation.key == "otv.propulsion.isp"  # the rocket equation's exponent
    keys = [s.variation.key for s in ranked]
    assert "otv.structure.basic_mass" in keys[:3]
    assert all(not k.startswith("capsule.aeroshell") for k in keys)  # not upstream
    effects = [s.effect(tornado.nominal_margin) for s in ranked]
    assert effects == sorted(effects, reverse=True) and effects[0] > 0.1
    isp = ranked[0]
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
                                       "capsule.aeroshell.lift_to_drag"])
    by_key = {v.key: v for v in found}
    structure = by_key["otv.structure.basic_mass"]
    assert structure.basis == "maturity margin 20 % (new)"
    assert (structure.low, structure.high) == pytest.approx((120 * 0.8, 120 * 1.2))
    assert by_key["otv.power.basic_mass"].basis == "maturity margin 5 % (off_the_shelf)"
    drag = by_key["capsule.aeroshell.drag_coefficient"]
    assert drag.basis == "3-sigma dispersion 5 %"
    assert drag.high == pytest.approx(1.05 * 1.05)
    assert by_key["capsule.aeroshell.diameter"].basis == "± 10 %"
    assert zero == ["capsule.aeroshell.lift_to_drag"]  # zero: nothing to vary


def test_monte_carlo_requirement_is_verified_at_each_end(small_monte_carlo: Path) -> None:
    (tornado,) = run_sensitivity(load_project(small_monte_carlo), ["CAP-010"],
                                 execution=Execution(workers=1))
    assert tornado.method == "verification"
    by_key = {s.variation.key: s for s in tornado.swings}
    diameter = by_key["capsule.aeroshell.diameter"]
    # a larger diameter lowers the ballistic coefficient and the peak heat flux
    assert (diameter.margin_high or 0) > tornado.nominal_margin > (diameter.margin_low or 0)
    assert diameter.margin_high == _margin_with("capsule.aeroshell.diameter",
                                                diameter.variation.high, "CAP-010",
                                                small_monte_carlo)
    assert "otv.propulsion.isp" not in by_key  # the OTV does not change the entry


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
