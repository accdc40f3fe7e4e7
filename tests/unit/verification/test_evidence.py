"""Evidence records: validation, the requirement fingerprint, and staleness."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from okaeri.model import reference_mission_path
from okaeri.requirements import Requirement, load_requirements
from okaeri.verification import (
    EvidenceRecord,
    StaleReason,
    VerificationPlan,
    artefact_digest,
    check_plan,
    evidence_status,
    load_verification,
    requirement_fingerprint,
    short_digest,
)

REPORT = "evidence/arcjet-qualification-report.md"


@pytest.fixture
def mission_copy(tmp_path: Path) -> Path:
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target)
    return target


def cap070() -> Requirement:
    return load_requirements()["CAP-070"]


def reference_record() -> EvidenceRecord:
    record, = load_verification().evidence
    return record


def record(**fields: Any) -> EvidenceRecord:
    data: dict[str, Any] = {"requirement": "CAP-070", "method": "test", "title": "t",
                            "by": "b", "date": "2026-06-30", "result": "pass",
                            "artefact": REPORT}
    data.update(fields)
    return EvidenceRecord.model_validate(data)


def requirement(**fields: Any) -> Requirement:
    data: dict[str, Any] = {
        "id": "CAP-030", "title": "Peak deceleration", "rationale": "r", "level": "segment",
        "method": "analysis", "text": "The peak deceleration shall not exceed 50 g.",
        "criterion": {"quantity": "entry.nominal.peak_deceleration", "comparator": "<=",
                      "limit": "50 g0"}}
    data.update(fields)
    return Requirement.model_validate(data)


def test_reference_evidence_is_current() -> None:
    status = evidence_status(reference_record(), reference_mission_path(), cap070())
    assert status.current and not status.stale and status.state == "current"
    assert status.describe() == "current"


def test_reference_record_fields() -> None:
    evidence = reference_record()
    assert evidence.date == dt.date(2026, 6, 30)
    assert evidence.requirement_sha256 == requirement_fingerprint(cap070())
    path = reference_mission_path() / evidence.artefact
    assert evidence.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "ASSUMED" in path.read_text()


def test_fingerprint_is_a_sha256_of_text_and_criterion() -> None:
    fingerprint = requirement_fingerprint(requirement())
    assert len(fingerprint) == 64 and int(fingerprint, 16) >= 0
    # what the requirement asks: the same whatever the wrapping, title or trace
    assert requirement_fingerprint(requirement(
        text="The peak deceleration\n  shall not exceed   50 g.", title="Other",
        rationale="other", parents=["SYS-050"], notes="n")) == fingerprint
    # the same limit in another unit is the same requirement
    assert requirement_fingerprint(requirement(criterion={
        "quantity": "entry.nominal.peak_deceleration", "comparator": "<=",
        "limit": "490.3325 m/s^2"})) == fingerprint


@pytest.mark.parametrize("change", [
    {"text": "The peak deceleration shall not exceed 45 g."},
    {"criterion": None},
    {"criterion": {"quantity": "entry.nominal.peak_deceleration", "comparator": "<",
                   "limit": "50 g0"}},
    {"criterion": {"quantity": "entry.nominal.peak_deceleration", "comparator": "<=",
                   "limit": "45 g0"}},
    {"criterion": {"quantity": "entry.nominal.peak_deceleration", "comparator": "<=",
                   "limit": "50 g0", "required_margin": "10 %"}},
    {"criterion": {"quantity": "entry.nominal.peak_deceleration", "comparator": "<=",
                   "limit": "= capsule.sample_canister.max_deceleration"}},
    {"criterion": {"quantity": "entry.monte_carlo.peak_deceleration", "comparator": "<=",
                   "limit": "50 g0", "statistic": {"kind": "max"}}},
])
def test_fingerprint_changes_with_what_is_asked(change: dict[str, Any]) -> None:
    assert requirement_fingerprint(requirement(**change)) != requirement_fingerprint(
        requirement())


def test_missing_artefact_makes_the_record_stale(mission_copy: Path) -> None:
    (mission_copy / REPORT).unlink()
    status = evidence_status(reference_record(), mission_copy, cap070())
    assert status.stale and status.artefact_sha256 is None
    assert [r.reason for r in status.reasons] == [StaleReason.ARTEFACT_MISSING]
    assert status.describe() == f"stale: artefact '{REPORT}' not found"


def test_changed_artefact_shows_both_digests_shortened(mission_copy: Path) -> None:
    with (mission_copy / REPORT).open("a") as stream:
        stream.write("\nOne coupon delaminated.\n")
    evidence = reference_record()
    status = evidence_status(evidence, mission_copy, cap070())
    found = artefact_digest(mission_copy / REPORT)
    assert found is not None and status.artefact_sha256 == found
    reason, = status.reasons
    assert (reason.reason, reason.key) == (StaleReason.ARTEFACT_CHANGED, "sha256")
    assert f"sha256 recorded {evidence.sha256[:12]}, found {found[:12]})" in reason.message  # type: ignore[index]


def test_changed_requirement_makes_the_record_stale() -> None:
    changed = cap070().model_copy(update={"text": "The heat shield shall be qualified by "
                                          "arc-jet test to 12 MW/m^2."})
    status = evidence_status(reference_record(), reference_mission_path(), changed)
    reason, = status.reasons
    assert reason.reason is StaleReason.REQUIREMENT_CHANGED
    assert reason.message.startswith("CAP-070 changed since the evidence was recorded")
    assert status.requirement_sha256 == requirement_fingerprint(changed)


def test_record_without_digests_is_stale_with_both_reasons() -> None:
    status = evidence_status(record(), reference_mission_path(), cap070())
    assert [r.reason for r in status.reasons] == [StaleReason.NO_ARTEFACT_DIGEST,
                                                  StaleReason.NO_REQUIREMENT_DIGEST]


def test_missing_digests_are_errors_whose_hints_give_the_values() -> None:
    plan = VerificationPlan.of(evidence=[record()])
    findings = check_plan(plan, load_requirements(), reference_mission_path())
    assert [(f.code, f.severity) for f in findings] == [("okaeri.missing_key", "error")] * 2
    assert reference_record().sha256 in findings[0].hint  # type: ignore[operator]
    assert requirement_fingerprint(cap070()) in findings[1].hint


def test_stale_evidence_is_a_warning_located_at_the_key(mission_copy: Path) -> None:
    (mission_copy / REPORT).write_text("changed\n")
    findings = check_plan(load_verification(mission_copy), load_requirements(mission_copy),
                          mission_copy)
    finding, = findings
    assert (finding.code, finding.severity) == ("okaeri.stale_evidence", "warning")
    assert str(finding.location).startswith("verification/evidence.yaml:")
    assert finding.location.path == "evidence[0].sha256"
    assert hashlib.sha256(b"changed\n").hexdigest() in finding.hint


def test_evidence_checks_need_the_folder_for_the_status() -> None:
    plan = VerificationPlan.of(evidence=[record()])
    assert check_plan(plan, load_requirements()) == []


def test_evidence_for_an_unknown_requirement_or_by_another_method() -> None:
    plan = VerificationPlan.of(evidence=[record(requirement="CAP-071"),
                                         record(requirement="CAP-030")])
    findings = sorted(check_plan(plan, load_requirements()), key=lambda f: f.code)
    assert [(f.code, f.severity, f.message) for f in findings] == [
        ("okaeri.dangling_ref", "error", "unknown requirement 'CAP-071'"),
        ("okaeri.method_mismatch", "warning",
         "evidence by test for CAP-030, which is verified by analysis"),
    ]
    assert findings[0].hint == "did you mean 'CAP-070'?"


@pytest.mark.parametrize("artefact", ["/etc/passwd", "../outside.md", "evidence/../../x",
                                      "C:/report.pdf", "evidence\\report.pdf", ""])
def test_artefact_must_lie_inside_the_mission_folder(artefact: str) -> None:
    with pytest.raises(ValidationError) as info:
        record(artefact=artefact)
    assert info.value.errors()[0]["type"] == "okaeri.invalid_value"


@pytest.mark.parametrize("digest", ["abc", "g" * 64, "0" * 63])
def test_digests_are_64_hex_digits(digest: str) -> None:
    with pytest.raises(ValidationError) as info:
        record(sha256=digest)
    assert info.value.errors()[0]["type"] == "okaeri.invalid_value"


def test_digests_are_stored_in_lower_case() -> None:
    assert record(sha256="AB" * 32).sha256 == "ab" * 32


def test_record_requires_its_fields() -> None:
    with pytest.raises(ValidationError) as info:
        EvidenceRecord.model_validate({"requirement": "CAP-070"})
    missing = {e["loc"][0] for e in info.value.errors() if e["type"] == "missing"}
    assert missing == {"method", "title", "by", "date", "result", "artefact"}
    with pytest.raises(ValidationError):
        record(date="30 June 2026")


def test_short_digest_and_unreadable_artefact(tmp_path: Path) -> None:
    assert short_digest("0123456789abcdef") == "0123456789ab"
    assert short_digest(None) == "none"
    assert artefact_digest(tmp_path) is None
    assert artefact_digest(tmp_path / "missing") is None
