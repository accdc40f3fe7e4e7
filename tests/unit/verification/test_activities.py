"""Verification activities: kinds and their settings, the plan, and checks against the
requirements."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from okaeri.errors import ModelError
from okaeri.model import load_mission, reference_mission_path
from okaeri.requirements import RequirementSet, load_requirements
from okaeri.units import si
from okaeri.verification import (
    ActivityKind,
    EntryCorridorActivity,
    EntryMonteCarloActivity,
    VerificationFile,
    VerificationPlan,
    check_plan,
    check_requirements_and_plan,
    load_verification,
    producing_kind,
)


@pytest.fixture
def mission_copy(tmp_path: Path) -> Path:
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target)
    return target


def activity(**fields: Any) -> Any:
    data: dict[str, Any] = {"id": "ANA-ENT-009", "kind": "entry_nominal", "title": "t",
                            "verifies": ["CAP-030"]}
    data.update(fields)
    return VerificationFile.model_validate({"activities": [data]}).activities[0]


def monte_carlo(**fields: Any) -> Any:
    data: dict[str, Any] = {"kind": "entry_monte_carlo", "samples": 10, "seed": 1,
                            "dispersions": {"flight_path_angle": "0.3 deg"}}
    data.update(fields)
    return activity(**data)


def test_reference_plan_loads() -> None:
    plan = load_verification()
    assert [a.id for a in plan] == ["ANA-TRJ-001", "ANA-BUD-001", "ANA-ENT-001",
                                    "ANA-ENT-002", "ANA-ENT-003"]
    mc, = plan.of_kind("entry_monte_carlo")
    assert isinstance(mc, EntryMonteCarloActivity)
    assert (mc.samples, mc.seed) == (2000, 20261124)
    d = mc.dispersions
    assert si(d.flight_path_angle) == pytest.approx(0.3 * 3.141592653589793 / 180)
    assert (si(d.entry_speed), si(d.mass), si(d.drag_coefficient), si(d.density)) == (
        pytest.approx(10.0), pytest.approx(0.02), pytest.approx(0.05), pytest.approx(0.15))
    assert {a.id for a in plan.activities_for("CAP-010")} == {"ANA-ENT-003"}
    assert plan.activity("ANA-ENT-002").kind == "entry_corridor"
    assert [e.requirement for e in plan.evidence_for("CAP-070")] == ["CAP-070"]
    assert plan.activity("ANA-ENT-001").method == "analysis"
    with pytest.raises(KeyError):
        plan.activity("ANA-XXX-001")


def test_reference_plan_checks_clean() -> None:
    assert check_plan(load_verification(), load_requirements(), reference_mission_path()) == []


def test_reference_mission_checks_clean_as_a_whole() -> None:
    result = check_requirements_and_plan(mission=load_mission())
    assert result.findings == () and result.errors == ()
    assert result.requirements is not None and result.plan is not None


def test_missing_verification_folder_gives_an_empty_plan(tmp_path: Path) -> None:
    plan = load_verification(tmp_path)
    assert plan.activities == () and plan.evidence == ()
    with pytest.raises(ModelError):
        load_verification(tmp_path / "nowhere")


@pytest.mark.parametrize("kind", list(ActivityKind))
def test_every_kind_has_a_model(kind: ActivityKind) -> None:
    extra: dict[str, Any] = {}
    if kind is ActivityKind.ENTRY_MONTE_CARLO:
        extra = {"samples": 1, "seed": 0, "dispersions": {}}
    assert activity(kind=str(kind), **extra).kind == kind


def test_corridor_limits_are_optional_and_unit_checked() -> None:
    corridor = activity(kind="entry_corridor", max_deceleration="40 g0")
    assert isinstance(corridor, EntryCorridorActivity)
    assert corridor.max_heat_flux is None
    with pytest.raises(ValidationError) as info:
        activity(kind="entry_corridor", max_heat_load="350 MW/m^2")
    assert info.value.errors()[0]["type"] == "okaeri.unit_mismatch"


@pytest.mark.parametrize(("fields", "kind"), [
    ({"samples": 0}, "okaeri.invalid_value"),
    ({"seed": -1}, "okaeri.invalid_value"),
    ({"samples": "many"}, "int_parsing"),
    ({"dispersions": {"flight_path_angle": "0.3 m/s"}}, "okaeri.unit_mismatch"),
    ({"dispersions": {"mass": "-2 %"}}, "okaeri.invalid_value"),
    ({"dispersions": {"mass": 0.02}}, "okaeri.bare_number"),
    ({"dispersions": {"wind": "5 m/s"}}, "extra_forbidden"),
])
def test_invalid_monte_carlo_settings(fields: dict[str, Any], kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        monte_carlo(**fields)
    assert [e["type"] for e in info.value.errors()] == [kind]


@pytest.mark.parametrize("bad_id", ["ana-ent-001", "ANA-ENT-01", "ANALYS-001", "A-001"])
def test_activity_ids_follow_their_pattern(bad_id: str) -> None:
    with pytest.raises(ValidationError) as info:
        activity(id=bad_id)
    assert info.value.errors()[0]["type"] == "okaeri.invalid_id"
    assert activity(id="TST-001").id == "TST-001"


def test_unknown_kind_is_a_located_finding(mission_copy: Path) -> None:
    (mission_copy / "verification" / "zz.yaml").write_text(
        "activities:\n  - id: ANA-ENT-009\n    kind: entry_nominall\n    title: t\n")
    with pytest.raises(ModelError) as info:
        load_verification(mission_copy)
    finding, = info.value.findings
    assert (finding.code, str(finding.location)) == ("okaeri.invalid_value",
                                                     "verification/zz.yaml:2:5 ANA-ENT-009")
    assert "entry_nominal" in finding.message


def test_producing_kind() -> None:
    assert producing_kind("entry.monte_carlo.peak_deceleration") is ActivityKind.ENTRY_MONTE_CARLO
    assert producing_kind("budget.mass.launch") is ActivityKind.BUDGETS
    assert producing_kind("capsule.sample_canister.sample_mass") is None


def plan_findings(*activities: Any) -> list[tuple[str, str]]:
    plan = VerificationPlan.of([*load_verification().activities, *activities])
    return sorted((f.code, f.message) for f in check_plan(plan, load_requirements()))


def test_duplicate_activity_id_is_an_error() -> None:
    assert plan_findings(activity(id="ANA-ENT-001")) == [
        ("okaeri.duplicate_id", "activity id 'ANA-ENT-001' is already used at ANA-ENT-001")]


def test_second_monte_carlo_activity_is_an_error() -> None:
    (code, message), = plan_findings(monte_carlo(verifies=["CAP-031"]))
    assert code == "okaeri.duplicate_kind"
    assert message.startswith("a second entry_monte_carlo activity (the first is ANA-ENT-003")


def test_unknown_verified_requirement_is_a_dangling_reference() -> None:
    assert plan_findings(activity(verifies=["CAP-099", "CAP-030"])) == [
        ("okaeri.dangling_ref", "unknown requirement 'CAP-099'")]


def test_criterion_from_another_kind_of_activity_is_a_warning() -> None:
    plan = VerificationPlan.of([activity(verifies=["CAP-010"])])
    finding, = [f for f in check_plan(plan, load_requirements())
                if f.code == "okaeri.activity_mismatch"]
    assert finding.severity == "warning"
    assert finding.message == (
        "CAP-010's criterion uses 'entry.monte_carlo.peak_heat_flux_total', which an "
        "entry_monte_carlo activity computes, but it is verified by ANA-ENT-009 "
        "(entry_nominal)")


def test_model_parameters_can_be_verified_by_any_activity() -> None:
    plan = VerificationPlan.of([activity(verifies=["SYS-030"])])
    assert check_plan(plan, load_requirements()) == []


def test_plan_of_an_empty_requirement_set_reports_every_reference() -> None:
    plan = load_verification()
    findings = check_plan(plan, RequirementSet())
    assert {f.code for f in findings} == {"okaeri.dangling_ref"}
    assert len(findings) == sum(len(a.verifies) for a in plan) + len(plan.evidence)


def test_whole_check_collects_files_of_both_folders(mission_copy: Path) -> None:
    (mission_copy / "requirements" / "zz.yaml").write_text(
        "requirements:\n  - id: CAP-080\n    title: t\n    text: no verb\n    rationale: r\n"
        "    level: segment\n")
    (mission_copy / "verification" / "zz.yaml").write_text("activities: {}\n")
    result = check_requirements_and_plan(mission_copy)
    assert [f.code for f in result.findings] == ["okaeri.no_shall", "okaeri.wrong_type"]
    assert result.requirements is None and result.plan is None
    assert len(result.errors) == 2
