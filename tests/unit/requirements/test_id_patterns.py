"""Requirement id patterns per mission: requirements/settings.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from okaeri.errors import ModelError
from okaeri.model import reference_mission_path
from okaeri.requirements import Requirement, load_requirements
from okaeri.requirements.ids import DEFAULT_ID_PATTERN, IdPattern
from okaeri.requirements.settings import RequirementSettings, load_settings, settings_yaml
from okaeri.verification import load_verification

STRICTDOC = IdPattern(r"^SYS-\d{5}$", "SYS-00001")
DOORS = IdPattern(r"^REQ_\d+$", "REQ_1")


def requirement(identifier: str, parents: tuple[str, ...] = ()) -> dict[str, object]:
    return {"id": identifier, "title": "Beacon", "text": "The beacon shall transmit.",
            "rationale": "", "level": "system", "parents": list(parents)}


def mission_with(tmp_path: Path, settings: str | None, requirements: str,
                 verification: str = "") -> Path:
    (tmp_path / "requirements").mkdir()
    if settings is not None:
        (tmp_path / "requirements" / "settings.yaml").write_text(settings)
    (tmp_path / "requirements" / "reqs.yaml").write_text(requirements)
    if verification:
        (tmp_path / "verification").mkdir()
        (tmp_path / "verification" / "plan.yaml").write_text(verification)
    return tmp_path


DOORS_REQUIREMENTS = """requirements:
  - id: REQ_1
    title: Top
    text: The system shall return a sample.
    rationale: ''
    level: mission
  - id: REQ_123
    title: Beacon
    text: The beacon shall transmit.
    rationale: ''
    level: system
    parents: [REQ_1]
"""


def test_default_pattern_is_todays() -> None:
    assert DEFAULT_ID_PATTERN.pattern == r"^[A-Z]{2,5}-\d{3}[A-Z]?$"
    assert DEFAULT_ID_PATTERN.matches("SYS-020A")
    assert not DEFAULT_ID_PATTERN.matches("SYS-00001")
    assert not DEFAULT_ID_PATTERN.matches("CAP-010\n")  # the whole id must match


@pytest.mark.parametrize(("pattern", "good", "bad"), [
    (STRICTDOC, "SYS-00001", "SYS-0001"), (DOORS, "REQ_123", "REQ-123")])
def test_strictdoc_and_doors_ids_validate_with_their_pattern(pattern: IdPattern, good: str,
                                                             bad: str) -> None:
    context = pattern.context()
    assert Requirement.model_validate(requirement(good, (good,)), context=context).id == good
    with pytest.raises(ValidationError) as info:
        Requirement.model_validate(requirement(good, (bad,)), context=context)
    error = info.value.errors()[0]
    assert (error["type"], error["loc"]) == ("okaeri.invalid_id", ("parents", 0))
    assert pattern.example in error["msg"] and pattern.pattern in error["msg"]


def test_without_context_the_default_pattern_applies() -> None:
    with pytest.raises(ValidationError):
        Requirement.model_validate(requirement("REQ_123"))


def test_a_mission_with_doors_ids_loads(tmp_path: Path) -> None:
    settings = "settings:\n  id_pattern: '^REQ_\\d+$'\n  id_example: REQ_1\n"
    folder = mission_with(tmp_path, settings, DOORS_REQUIREMENTS, """activities:
  - id: ANA-BUD-001
    kind: budgets
    title: Budgets
    verifies: [REQ_123]
""")
    requirements = load_requirements(folder)
    assert requirements.ids == ("REQ_1", "REQ_123")
    assert requirements["REQ_123"].parents == ("REQ_1",)
    plan = load_verification(folder)  # cross-references use the mission's pattern too
    assert plan.activities[0].verifies == ("REQ_123",)


def test_without_settings_doors_ids_are_findings(tmp_path: Path) -> None:
    folder = mission_with(tmp_path, None, DOORS_REQUIREMENTS)
    with pytest.raises(ModelError) as info:
        load_requirements(folder)
    assert {f.code for f in info.value.findings} == {"okaeri.invalid_id"}
    assert "like 'CAP-010'" in info.value.findings[0].message


def test_ids_off_the_missions_pattern_name_it(tmp_path: Path) -> None:
    settings = "settings:\n  id_pattern: '^SYS-\\d{5}$'\n  id_example: SYS-00001\n"
    folder = mission_with(tmp_path, settings, DOORS_REQUIREMENTS)
    with pytest.raises(ModelError) as info:
        load_requirements(folder)
    first = info.value.findings[0]
    assert (first.location.file, first.location.line) == ("requirements/reqs.yaml", 2)
    assert "like 'SYS-00001' (the mission's id pattern ^SYS-\\d{5}$)" in first.message


@pytest.mark.parametrize(("settings", "expected"), [
    ("settings:\n  id_pattern: '^REQ_(\\d+$'\n  id_example: REQ_1\n", "not a regular expression"),
    ("settings:\n  id_pattern: '^REQ_\\d+$'\n  id_example: REQ-1\n", "does not match"),
    ("settings:\n  id_pattern: '^REQ_\\d+$'\n  id_exampel: REQ_1\n", "unknown key"),
])
def test_a_bad_settings_file_is_a_located_finding(tmp_path: Path, settings: str,
                                                  expected: str) -> None:
    folder = mission_with(tmp_path, settings, "requirements: []\n")
    _, findings = load_settings(folder)
    assert findings and findings[0].location.file == "requirements/settings.yaml"
    assert expected in findings[0].message
    with pytest.raises(ModelError):
        load_requirements(folder)


def test_settings_file_is_not_read_as_requirements(tmp_path: Path) -> None:
    folder = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), folder)
    text = settings_yaml(RequirementSettings())
    (folder / "requirements" / "settings.yaml").write_text(text)
    assert load_settings(folder) == (RequirementSettings(), [])
    assert len(load_requirements(folder)) == len(load_requirements(reference_mission_path()))


def test_settings_yaml_reads_back() -> None:
    settings = RequirementSettings(id_pattern=STRICTDOC.pattern, id_example=STRICTDOC.example)
    import yaml

    assert RequirementSettings(**yaml.safe_load(settings_yaml(settings))["settings"]) == settings


def test_attributes_are_kept_and_must_be_named() -> None:
    data = requirement("SYS-010") | {"attributes": {"STATUS": "Draft", "Priority": "1"}}
    assert Requirement.model_validate(data).attributes == {"STATUS": "Draft", "Priority": "1"}
    with pytest.raises(ValidationError):
        Requirement.model_validate(requirement("SYS-010") | {"attributes": {" ": "x"}})
