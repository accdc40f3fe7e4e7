"""Study files: every mistake a located finding with a hint; designs of experiments.

Oracles for the designs: the defining property of a Latin hypercube (each variable's
range split in n equal strata holds exactly one point of each; McKay, Beckman and
Conover, Technometrics 21, 239-245, 1979) and of a base-2 Sobol sequence of 2^m points,
scrambled or not (each one-dimensional projection is a (0, m, 1)-net: one point in each
interval [k/2^m, (k+1)/2^m); Owen's scrambling keeps the net property).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from okaeri.errors import Finding, ModelError
from okaeri.verification.campaigns.doe import design_points, unit_cube
from okaeri.verification.campaigns.study import DesignKind, Study, load_study

EXAMPLE = """\
trade:
  variables:
    otv.propulsion.thrust: ["500 N", "1000 N", "2000 N"]
    capsule.aeroshell.diameter: {from: "0.7 m", to: "1.0 m", steps: 4}
  outputs: [budget.mass.launch, SYS-010, CAP-010]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "study.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def findings(tmp_path: Path, text: str) -> list[Finding]:
    with pytest.raises(ModelError) as caught:
        load_study(write(tmp_path, text))
    return list(caught.value.findings)


def test_example_study_loads_with_exact_levels(tmp_path: Path) -> None:
    study, project = load_study(write(tmp_path, EXAMPLE))
    thrust, diameter = study.variables
    assert thrust.levels == (500.0, 1000.0, 2000.0) and thrust.unit == "N"
    assert diameter.levels == (0.7, 0.8, 0.9, 1.0)
    assert [o.name for o in study.outputs] == ["budget.mass.launch", "SYS-010", "CAP-010"]
    cap = study.output("CAP-010")
    assert (cap.requirement, cap.statistic, cap.unit, cap.required_margin) == (
        "CAP-010", "P99.87", "W/m^2", pytest.approx(0.2))
    points = design_points(study)
    assert len(points) == 12
    assert points[:5] == [(500.0, 0.7), (500.0, 0.8), (500.0, 0.9), (500.0, 1.0),
                          (1000.0, 0.7)]  # the first variable varies slowest
    assert project.mission.name == "LSR-1"


def test_unknown_variable_is_located_with_did_you_mean(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE.replace("otv.propulsion.thrust", "otv.propulsion.thrst"))
    assert len(found) == 1
    assert (found[0].code, found[0].location.line) == ("okaeri.dangling_ref", 3)
    assert "otv.propulsion.thrust" in found[0].hint


def test_a_computed_value_is_not_a_variable(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE.replace("otv.propulsion.thrust", "budget.mass.launch"))
    assert found[0].code == "okaeri.invalid_value"
    assert "not a parameter" in found[0].message and "e.g." in found[0].hint


def test_wrong_unit_is_located_at_the_value(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE.replace('to: "1.0 m"', 'to: "1.0 kg"'))
    assert [(f.code, f.location.line) for f in found] == [("okaeri.unit_mismatch", 4)]
    assert "a length" in found[0].message and "a mass" in found[0].message


def test_bare_number_for_a_dimensional_parameter(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE.replace('"1000 N"', "1000"))
    assert found[0].code == "okaeri.bare_number"
    assert "'1000 N'" in found[0].hint


def test_percentages_and_bare_numbers_for_dimensionless_parameters(tmp_path: Path) -> None:
    study, _ = load_study(write(tmp_path, """\
        trade:
          variables:
            mission.policy.system_margin: ["15 %", 0.25]
          outputs: [SYS-010]
        """))
    assert study.variables[0].levels == (0.15, 0.25)
    assert (study.variables[0].display_unit, study.variables[0].display_factor) == ("%", 0.01)


def test_unknown_output_and_monte_carlo_output_without_statistic(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE.replace(
        "[budget.mass.launch, SYS-010, CAP-010]",
        "[budget.mass.lunch, SYS-01O, entry.monte_carlo.peak_heat_flux_total]"))
    hints = {f.message.split("'")[1]: (f.code, f.hint) for f in found}
    assert [f.location.line for f in found] == [5, 5, 5]
    assert hints["budget.mass.lunch"] == ("okaeri.dangling_ref",
                                          "did you mean 'budget.mass.launch'?")
    assert hints["SYS-01O"] == ("okaeri.dangling_ref", "did you mean 'SYS-010'?")
    code, hint = hints["entry.monte_carlo.peak_heat_flux_total"]
    assert code == "okaeri.missing_key"
    assert "P99.87(entry.monte_carlo.peak_heat_flux_total)" in hint


def test_monte_carlo_statistic_outputs(tmp_path: Path) -> None:
    study, _ = load_study(write(tmp_path, EXAMPLE.replace(
        "[budget.mass.launch, SYS-010, CAP-010]",
        "['P99(entry.monte_carlo.landing_miss_distance)', "
        "max(entry.monte_carlo.peak_deceleration)]")))
    assert [(o.quantity, o.statistic, o.unit) for o in study.outputs] == [
        ("entry.monte_carlo.landing_miss_distance", "P99", "m"),
        ("entry.monte_carlo.peak_deceleration", "max", "m/s^2")]


def test_range_needs_steps_in_a_full_factorial(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE.replace(", steps: 4", ""))
    assert found[0].code == "okaeri.missing_key" and "latin_hypercube" in found[0].hint


def test_sobol_needs_a_power_of_two(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE + "  design: {kind: sobol, samples: 20, seed: 3}\n")
    assert found[0].code == "okaeri.invalid_value" and found[0].hint == "use 16 or 32"


def test_objectives_must_be_two_outputs(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE + "  objectives: {budget.mass.lauch: minimize}\n")
    assert {f.code for f in found} == {"okaeri.dangling_ref", "okaeri.invalid_value"}


def test_misspelt_key_uses_the_model_loader_wording(tmp_path: Path) -> None:
    found = findings(tmp_path, EXAMPLE.replace("outputs:", "output:"))
    codes = {f.code for f in found}
    assert "okaeri.unknown_key" in codes and "okaeri.missing_key" in codes


def _space_filling(tmp_path: Path, kind: str, samples: int, seed: int) -> Study:
    study, _ = load_study(write(tmp_path, f"""\
        trade:
          variables:
            otv.propulsion.thrust: {{from: "400 N", to: "2400 N"}}
            capsule.aeroshell.diameter: {{from: "0.7 m", to: "1.0 m"}}
            otv.propulsion.isp: ["310 s", "320 s"]
          design: {{kind: {kind}, samples: {samples}, seed: {seed}}}
          outputs: [SYS-010]
        """))
    return study


def test_latin_hypercube_puts_one_point_in_each_stratum(tmp_path: Path) -> None:
    study = _space_filling(tmp_path, "latin_hypercube", 20, 4)
    points = np.array(design_points(study))
    strata = np.floor((points[:, 0] - 400.0) / 2000.0 * 20).astype(int)
    assert sorted(strata) == list(range(20))
    assert set(points[:, 2]) == {310.0, 320.0}  # a list of values: levels only
    assert design_points(study) == design_points(_space_filling(tmp_path, "latin_hypercube",
                                                                20, 4))
    assert design_points(study) != design_points(_space_filling(tmp_path, "latin_hypercube",
                                                                20, 5))


def test_sobol_points_form_a_net_in_each_dimension() -> None:
    cube = unit_cube(DesignKind.SOBOL, 3, 32, seed=9)
    for column in cube.T:
        assert sorted(np.floor(column * 32).astype(int)) == list(range(32))
    with pytest.raises(ValueError, match="power of 2"):
        unit_cube(DesignKind.SOBOL, 3, 30, seed=9)
