"""Comparing snapshots: verdict flips, margins, budgets, parameters, requirements, rules."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from okaeri.verification.compare import (
    FailRule,
    compare,
    failures,
    parse_fail_rule,
    same,
)
from okaeri.verification.snapshot import (
    BudgetValue,
    ParameterValue,
    RequirementState,
    Snapshot,
)


def requirement(rid: str, verdict: str = "pass", value: float | None = 1586.0,
                limit: float | None = 1600.0, margin: float | None = 0.00875,
                **changes: object) -> RequirementState:
    state = RequirementState(
        id=rid, title=f"Title of {rid}", text=f"The text of {rid} shall be kept.",
        criterion=f"budget.mass.launch <= {limit} kg", verdict=verdict, low_margin=False,
        value_si=value, limit_si=limit, unit_si="kg", margin=margin, required_margin=0.0,
        reason="", location="requirements/system.yaml:3")
    return replace(state, **changes)  # type: ignore[arg-type]


def snapshot(*requirements: RequirementState, budgets: tuple[BudgetValue, ...] = (),
             parameters: tuple[ParameterValue, ...] = ()) -> Snapshot:
    return Snapshot("LSR-1", "key", tuple(requirements), budgets, parameters)


def test_same_tolerates_the_loop_solvers_tolerance_only() -> None:
    assert same(926.7, 926.7 * (1 + 3e-12)) and same(None, None)  # two converged loops
    assert not same(1.0, 1.0 + 1e-8) and not same(None, 0.0)


def test_flips_are_ordered_worst_first_and_improvements_last() -> None:
    before = snapshot(requirement("A-1"), requirement("A-2"), requirement("A-3", "fail"),
                      requirement("A-4"), requirement("A-5"))
    after = snapshot(requirement("A-1", "inconclusive"), requirement("A-2", "error"),
                     requirement("A-3"), requirement("A-4", low_margin=True),
                     requirement("A-5", "fail"))
    diff = compare(before, after)
    assert [(f.id, f.before, f.after) for f in diff.flips] == [
        ("A-2", "pass", "error"), ("A-5", "pass", "fail"), ("A-1", "pass", "inconclusive"),
        ("A-4", "pass", "pass (low margin)"), ("A-3", "fail", "pass")]
    assert [f.change for f in diff.flips] == [4, 3, 2, 1, -3]


def test_margins_show_the_largest_burn_first_in_fractions() -> None:
    before = snapshot(requirement("A-1", margin=0.30), requirement("A-2", margin=0.05),
                      requirement("A-3", margin=0.10), requirement("A-4"))
    after = snapshot(requirement("A-1", margin=0.20, value=1.0),
                     requirement("A-2", margin=0.06, value=2.0),
                     requirement("A-3", "error", value=None, margin=None), requirement("A-4"))
    diff = compare(before, after)
    assert [m.id for m in diff.margins] == ["A-1", "A-2", "A-3"]
    assert diff.margins[0].delta == pytest.approx(-0.10)
    assert diff.margins[2].delta is None  # an error has no margin


def test_budgets_are_split_into_totals_and_the_items_that_moved_them() -> None:
    def budgets(launch: float, shield: float, phase: float) -> tuple[BudgetValue, ...]:
        return (BudgetValue("mass.launch_mass", launch, "kg", False, 0),
                BudgetValue("mass.launch_margin", (1600 - launch) / 1600, "", True, 0),
                BudgetValue("mass.phases[tli].mass_before", phase, "kg", False, 1),
                BudgetValue("mass.vehicles[capsule].lines[tps].predicted_mass", shield, "kg",
                            False, 2),
                BudgetValue("delta_v.capability", 2800.0, "m/s", False, 0))

    diff = compare(snapshot(budgets=budgets(1586.0, 12.0, 1580.0)),
                   snapshot(budgets=budgets(1594.0, 14.4, 1588.0)))
    assert [c.key for c in diff.budgets] == ["mass.launch_mass", "mass.launch_margin"]
    assert diff.budgets[0].delta == pytest.approx(8.0)
    assert diff.budgets[0].relative == pytest.approx(8.0 / 1586.0)
    # the component (depth 2) before the phase (depth 1) that it moved
    assert [c.key for c in diff.budget_items] == [
        "mass.vehicles[capsule].lines[tps].predicted_mass", "mass.phases[tli].mass_before"]


def test_parameters_keep_their_file_and_line_on_both_sides() -> None:
    before = snapshot(parameters=(
        ParameterValue("capsule.tps.basic_mass", 10.0, "kg", "model/capsule.yaml:37"),
        ParameterValue("gone", 1.0, "", "model/mission.yaml:5"),
        ParameterValue("moved.only", 2.0, "m", "model/mission.yaml:7")))
    after = snapshot(parameters=(
        ParameterValue("capsule.tps.basic_mass", 12.0, "kg", "model/capsule.yaml:38"),
        ParameterValue("moved.only", 2.0, "m", "model/mission.yaml:9"),
        ParameterValue("new", 3.0, "s", "model/otv.yaml:4")))
    changes = {c.key: c for c in compare(before, after).parameters}
    # a value that only moved to another line is no change
    assert set(changes) == {"capsule.tps.basic_mass", "gone", "new"}
    mass = changes["capsule.tps.basic_mass"]
    assert (mass.before, mass.after, mass.origin_before, mass.origin_after) == (
        10.0, 12.0, "model/capsule.yaml:37", "model/capsule.yaml:38")
    assert not changes["gone"].present_after and not changes["new"].present_before


def test_requirements_added_removed_and_reworded() -> None:
    before = snapshot(requirement("A-1"), requirement("A-2"))
    after = snapshot(requirement("A-1", text="The text of A-1 shall be changed."),
                     requirement("A-3", "fail"))
    changes = compare(before, after).requirements
    assert [(r.id, r.change, r.state) for r in changes] == [
        ("A-1", "reworded", "pass"), ("A-2", "removed", "pass"), ("A-3", "added", "fail")]
    assert [f.field for f in changes[0].fields] == ["text"]


def test_a_side_that_does_not_load_is_a_problem_not_a_list_of_removals() -> None:
    broken = Snapshot("", "key", problem="the mission does not load: 1 finding(s): x")
    diff = compare(snapshot(requirement("A-1")), broken, "HEAD", "working tree")
    assert diff.problems == ("working tree: the mission does not load: 1 finding(s): x",)
    assert not diff.empty and diff.requirements == () and diff.flips == ()


def test_the_json_form_has_deltas_and_no_nan() -> None:
    before = snapshot(requirement("A-1", margin=0.3),
                      budgets=(BudgetValue("heat.peak", 0.0, "W/m^2", False, 0),))
    after = snapshot(requirement("A-1", margin=0.2),
                     budgets=(BudgetValue("heat.peak", 5.0, "W/m^2", False, 0),))
    data = compare(before, after).as_dict()
    text = json.dumps(data, allow_nan=False)
    assert data["margins"][0]["delta"] == pytest.approx(-0.1)
    assert data["budgets"][0]["relative"] is None  # from zero: no relative change
    assert "NaN" not in text


@pytest.mark.parametrize(("text", "rule"), [
    ("flip", FailRule("flip")), ("worse", FailRule("worse")),
    ("burn:5", FailRule("burn", 5.0)), ("burn:0.5pp", FailRule("burn", 0.5))])
def test_fail_rules_parse(text: str, rule: FailRule) -> None:
    assert parse_fail_rule(text) == rule


@pytest.mark.parametrize("text", ["flips", "burn", "burn:-1", "burn:x", "flip:2", ""])
def test_bad_fail_rules_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match="burn"):
        parse_fail_rule(text)


def test_flip_fails_on_new_failures_only_and_burn_on_its_threshold() -> None:
    before = snapshot(requirement("A-1", margin=0.30), requirement("A-2", "fail"),
                      requirement("A-3"))
    after = snapshot(requirement("A-1", margin=0.24), requirement("A-2", "fail"),
                     requirement("A-3", "inconclusive"), requirement("A-4", "error"))
    diff = compare(before, after)
    assert failures(diff, [FailRule("flip")]) == ["A-4: added, error"]
    assert failures(diff, [FailRule("worse")]) == ["A-3: pass → inconclusive"]
    burnt = failures(diff, [FailRule("burn", 5.0)])
    assert burnt == ["A-1: margin -6.0 percentage points (more than 5 burnt)"]
    assert failures(diff, [FailRule("burn", 6.5)]) == []
    assert math.isclose(diff.margins[0].delta or 0.0, -0.06)
