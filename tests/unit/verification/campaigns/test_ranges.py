"""A value set by a campaign is checked against its model field's admissible range.

Oracle: the mission loader, which checked every value of the reference mission against
the same fields when it loaded it (so every model value is admissible), and the ranges
the model's fields declare (``okaeri.model.vehicles``: a diameter in (0, 50] m, a
fraction in [0, 100 %), a mass of 0 kg or more).
"""

from __future__ import annotations

import pytest

from okaeri.graph import NodeKind
from okaeri.verification import Project, load_project
from okaeri.verification.campaigns.ranges import ParameterRanges


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project()


@pytest.fixture(scope="module")
def ranges(project: Project) -> ParameterRanges:
    return ParameterRanges(project.mission)


def test_every_model_value_is_admissible(project: Project, ranges: ParameterRanges) -> None:
    parameters = [n for n in project.graph.nodes() if n.kind is NodeKind.PARAMETER]
    checked = [n for n in parameters if n.key in ranges]
    assert len(checked) > 50
    assert {"capsule.aeroshell.diameter", "otv.structure.basic_mass",
            "mission.policy.equipment_margins.new",
            "mission.trajectory.tli_perigee_burns"} <= {n.key for n in checked}
    assert [n.key for n in checked if ranges.problem(n.key, n.value or 0.0, n.unit)] == []


@pytest.mark.parametrize(("key", "value", "unit", "expected"), [
    ("capsule.aeroshell.diameter", -0.1, "m", "expected > 0 m and <= 50 m, got '-0.1 m'"),
    ("capsule.aeroshell.diameter", 60.0, "m", "got '60 m'"),
    ("otv.structure.basic_mass", -1.0, "kg", "expected >= 0 kg"),
    ("otv.propulsion.residual_fraction", 1.2, "", "got '120 %'"),
    ("mission.policy.equipment_margins.new", 1.5, "", "got '150 %'"),
    ("mission.trajectory.tli_perigee_burns", 2.5, "", "a whole number, got 2.5"),
])
def test_values_out_of_range_say_which_range(ranges: ParameterRanges, key: str,
                                             value: float, unit: str, expected: str) -> None:
    problem = ranges.problem(key, value, unit)
    assert problem is not None and problem.startswith(f"'{key}'") and expected in problem


def test_admissible_values_and_unknown_keys_pass(ranges: ParameterRanges) -> None:
    assert ranges.problem("capsule.aeroshell.diameter", 1.2, "m") is None
    assert ranges.problem("otv.propulsion.residual_fraction", 0.05, "") is None
    assert ranges.problem("budget.mass.launch", -5.0, "kg") is None  # not a model field
