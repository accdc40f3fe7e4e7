"""Trace checks (duplicates, dangling references, cycles, orphans, methods, criteria,
allocation, verification) and the coverage summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from okaeri.model import load_mission, reference_mission_path
from okaeri.requirements import (
    Requirement,
    RequirementSet,
    affected_requirements,
    check_trace,
    coverage,
    did_you_mean,
    element_ids,
    find_cycles,
    load_requirements,
    verified_ids,
)
from okaeri.verification import load_verification


@dataclass(frozen=True)
class Activity:
    id: str
    verifies: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    requirement: str


CRITERION = {"quantity": "entry.nominal.peak_deceleration", "comparator": "<=",
             "limit": "50 g0"}


def req(rid: str, level: str = "segment", **fields: Any) -> Requirement:
    data: dict[str, Any] = {"id": rid, "title": "t", "text": "The capsule shall float.",
                            "rationale": "r", "level": level, "method": "analysis",
                            "criterion": CRITERION}
    data.update(fields)
    return Requirement.model_validate(data)


def codes(findings: list[Any]) -> list[tuple[str, str]]:
    return sorted((f.code, str(f.location)) for f in findings)


def test_reference_mission_trace_is_clean() -> None:
    mission = load_mission()
    plan = load_verification()
    findings = check_trace(load_requirements(), activities=plan.activities,
                           evidence=plan.evidence, elements=element_ids(mission),
                           phases={p.id for p in mission.phases})
    assert findings == []


def test_element_ids_of_the_reference_mission() -> None:
    ids = element_ids(load_mission())
    assert {"otv", "capsule", "capsule.heat_shield", "capsule.canister", "otv.propulsion",
            "capsule.parachute", "capsule.sample_canister"} <= ids
    assert "capsule.id" not in ids


def test_a_clean_tree_has_no_findings() -> None:
    rs = RequirementSet([req("MIS-001", "mission", criterion=None),
                         req("CAP-010", parents=["MIS-001"])])
    assert check_trace(rs, activities=[Activity("ANA-001", ("CAP-010",))]) == []


def test_duplicate_ids_are_errors() -> None:
    rs = RequirementSet([req("MIS-001", "mission"), req("MIS-001", "mission")])
    findings = check_trace(rs, activities=[Activity("ANA-001", ("MIS-001",))])
    assert [(f.code, f.severity) for f in findings] == [("okaeri.duplicate_id", "error")]


def test_dangling_parent_suggests_the_closest_id() -> None:
    rs = RequirementSet([req("MIS-001", "mission"), req("SYS-050", "system",
                                                        parents=["MIS-001"]),
                         req("CAP-010", parents=["SSY-050"])])
    findings = check_trace(rs, activities=[Activity("A", ("CAP-010", "SYS-050"))])
    finding, = findings
    assert (finding.code, finding.message, finding.hint) == (
        "okaeri.dangling_ref", "unknown parent requirement 'SSY-050'",
        "did you mean 'SYS-050'?")
    assert str(finding.location) == "CAP-010.parents.0"


def test_cycle_is_reported_once_from_its_smallest_id() -> None:
    rs = RequirementSet([req("CAP-003", parents=["CAP-001"]), req("CAP-001", parents=["CAP-002"]),
                         req("CAP-002", parents=["CAP-003"])])
    finding, = check_trace(rs)
    assert finding.code == "okaeri.cycle"
    assert finding.message.startswith("cycle: CAP-001 -> CAP-002 -> CAP-003 -> CAP-001")


def test_self_parent_is_a_cycle() -> None:
    rs = RequirementSet([req("CAP-001", parents=["CAP-001"])])
    assert find_cycles(rs) == [["CAP-001", "CAP-001"]]


def test_two_separate_cycles_are_both_found() -> None:
    rs = RequirementSet([req("AB-001", parents=["AB-002"]),
                         req("AB-002", parents=["AB-001"]),
                         req("CD-001", parents=["CD-002"]), req("CD-002", parents=["CD-001"]),
                         req("CD-003", parents=["CD-001"])])
    assert find_cycles(rs) == [["AB-001", "AB-002", "AB-001"], ["CD-001", "CD-002", "CD-001"]]


def test_shortest_cycle_through_the_smallest_id_is_shown() -> None:
    rs = RequirementSet([req("AB-001", parents=["AB-003", "AB-002"]),
                         req("AB-002", parents=["AB-003"]), req("AB-003", parents=["AB-001"])])
    assert find_cycles(rs) == [["AB-001", "AB-003", "AB-001"]]


def test_orphan_below_mission_level_is_a_warning() -> None:
    rs = RequirementSet([req("CAP-010")])
    finding, = check_trace(rs, activities=[Activity("A", ("CAP-010",))])
    assert (finding.code, finding.severity) == ("okaeri.orphan", "warning")
    assert check_trace(RequirementSet([req("MIS-001", "mission")]),
                       activities=[Activity("A", ("MIS-001",))]) == []


def test_level_above_a_parent_is_a_warning() -> None:
    rs = RequirementSet([req("MIS-001", "mission", criterion=None),
                         req("CAP-010", "component", parents=["MIS-001"], criterion=None),
                         req("SYS-010", "system", parents=["CAP-010"])])
    finding, = check_trace(rs, activities=[Activity("A", ("SYS-010",))])
    assert finding.code == "okaeri.level_order"
    assert finding.message == ("SYS-010 (system level) is above its parent CAP-010 "
                               "(component level)")


def test_no_method_is_an_error() -> None:
    rs = RequirementSet([req("MIS-001", "mission", method=None)])
    assert [f.code for f in check_trace(rs)] == ["okaeri.no_method"]


def test_analysis_leaf_without_criterion_or_activity_is_an_error() -> None:
    rs = RequirementSet([req("MIS-001", "mission", criterion=None)])
    finding, = check_trace(rs)
    assert (finding.code, finding.severity) == ("okaeri.no_criterion", "error")
    # an activity or an evidence record covers it (the verdict stays inconclusive)
    assert [f.code for f in check_trace(rs, activities=[Activity("A", ("MIS-001",))])] == [
        "okaeri.unverified"]
    assert check_trace(rs, evidence=[Evidence("MIS-001")]) == []


def test_requirements_with_children_are_verified_through_them() -> None:
    rs = RequirementSet([req("MIS-001", "mission", criterion=None),
                         req("CAP-010", parents=["MIS-001"])])
    assert codes(check_trace(rs)) == [("okaeri.unverified", "CAP-010.id")]


@pytest.mark.parametrize(("fields", "activities", "message"), [
    ({}, [], "CAP-010 has a criterion but no activity verifies it"),
    ({"method": "test", "criterion": None}, [],
     "CAP-010 (test) has no evidence record and no criterion"),
    ({"criterion": None}, [Activity("ANA-001", ("CAP-010",))],
     "CAP-010 is listed by ANA-001 but has no criterion: its verdict stays inconclusive"),
])
def test_unverified_leaves_are_warnings(fields: dict[str, Any], activities: list[Activity],
                                        message: str) -> None:
    rs = RequirementSet([req("MIS-001", "mission", criterion=None),
                         req("CAP-010", parents=["MIS-001"], **fields)])
    finding, = check_trace(rs, activities=activities)
    assert (finding.code, finding.severity, finding.message) == (
        "okaeri.unverified", "warning", message)


def test_unknown_plan_skips_the_verification_rules() -> None:
    rs = RequirementSet([req("MIS-001", "mission", criterion=None)])
    assert check_trace(rs, activities=None) == []


def test_allocation_and_phases_are_checked_when_known() -> None:
    rs = RequirementSet([req("MIS-001", "mission", allocated_to=["capsule.heatshield", "otv"],
                             phases=["entri", "launch"])])
    activities = [Activity("A", ("MIS-001",))]
    assert check_trace(rs, activities=activities) == []
    findings = check_trace(rs, activities=activities, elements={"otv", "capsule.heat_shield"},
                           phases={"entry", "launch"})
    assert [(f.message, f.hint) for f in sorted(findings)] == [
        ("unknown model element 'capsule.heatshield'", "did you mean 'capsule.heat_shield'?"),
        ("unknown phase 'entri'", "did you mean 'entry'?"),
    ]


def test_did_you_mean() -> None:
    ids = ["CAP-010", "CAP-020", "CAP-031", "CAP-041", "CAP-051", "CAP-070", "SYS-050"]
    assert did_you_mean("CAP-021", ids) == "did you mean 'CAP-020'?"  # longer prefix wins
    assert did_you_mean("CAP-071", ids) == "did you mean 'CAP-070'?"
    assert did_you_mean("CPA-020", ids) == "did you mean 'CAP-020'?"
    assert did_you_mean("XYZ-999", ids) == ""
    assert did_you_mean("CAP-0X0", ["CAP-010", "CAP-020"]) == (
        "did you mean 'CAP-010' or 'CAP-020'?")
    assert did_you_mean("CAP-0X0", ["CAP-010", "CAP-020", "CAP-030", "CAP-040"]) == (
        "did you mean 'CAP-010', 'CAP-020' or 'CAP-030'?")


def test_verified_ids_roll_up_through_children() -> None:
    rs = RequirementSet([req("MIS-001", "mission", criterion=None),
                         req("CAP-010", parents=["MIS-001"]),
                         req("CAP-020", parents=["MIS-001"], method="test", criterion=None)])
    activities = [Activity("A", ("CAP-010",))]
    assert verified_ids(rs, activities) == {"CAP-010"}
    assert verified_ids(rs, activities, [Evidence("CAP-020")]) == {
        "CAP-010", "CAP-020", "MIS-001"}


def test_coverage_of_the_reference_mission() -> None:
    plan = load_verification()
    summary = coverage(load_requirements(), plan.activities, plan.evidence)
    # MIS-001 is verified by analysis (its derived requirements) and by inspection after
    # the flight; MIS-002 by review of design: their derived requirements are not enough
    # (the runner leaves them inconclusive), so their closure is not planned yet.
    assert (summary.total, summary.leaves, summary.verified, summary.unverified) == (30, 21, 28, 2)
    assert summary.by_method == {"test": 1, "analysis": 28, "inspection": 1,
                                 "demonstration": 0, "review_of_design": 1}
    assert summary.planned_by_method == {"test": 1, "analysis": 21, "inspection": 0,
                                         "demonstration": 0, "review_of_design": 0}
    assert summary.several_methods == 1
    assert summary.by_level == {"mission": 3, "system": 5, "segment": 9, "subsystem": 12,
                                "component": 1}
    assert (summary.with_criterion, summary.with_evidence) == (21, 1)
    assert summary.verified_fraction == 28 / 30
    assert summary.as_dict()["unverified_ids"] == ["MIS-001", "MIS-002"]


def test_coverage_counts_requirements_without_method_and_unverified() -> None:
    rs = RequirementSet([req("MIS-001", "mission", method=None, criterion=None),
                         req("CAP-010", parents=["MIS-001"])])
    summary = coverage(rs)
    assert summary.by_method["none"] == 1
    assert summary.unverified_ids == ("MIS-001", "CAP-010")
    assert summary.verified_fraction == 0.0
    assert coverage(RequirementSet()).verified_fraction == 1.0


def test_affected_requirements_read_quantity_or_limit() -> None:
    assert affected_requirements(reference_mission_path(), {
        "capsule.heat_shield.max_heat_flux", "entry.nominal.peak_deceleration"}) == [
        "CAP-010", "CAP-030"]
    assert affected_requirements(load_requirements(), {"budget.delta_v.required"}) == [
        "OTV-010"]
    assert affected_requirements(RequirementSet(), {"x.y"}) == []
