"""Several verification methods per requirement; TBD/TBC markers in texts and values."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from okaeri.model import reference_mission_path
from okaeri.requirements import (
    Method,
    Requirement,
    RequirementSet,
    check_trace,
    coverage,
    verified_ids,
)
from okaeri.requirements.markers import find_markers, markers_in_text
from okaeri.units import parse_quantity, si


def requirement(rid: str = "CAP-080", **fields: Any) -> Requirement:
    data: dict[str, Any] = {"id": rid, "title": "t", "text": "The capsule shall float.",
                            "rationale": "r", "level": "segment"}
    data.update(fields)
    return Requirement.model_validate(data)


def test_one_method_is_read_as_a_list_of_one() -> None:
    assert requirement(method="analysis").methods == (Method.ANALYSIS,)
    assert requirement(methods="test").methods == (Method.TEST,)
    assert requirement(method=None).methods == ()
    both = requirement(methods=["analysis", "test"])
    assert both.methods == (Method.ANALYSIS, Method.TEST) and both.method is Method.ANALYSIS


def test_method_and_methods_together_or_repeated_are_errors() -> None:
    with pytest.raises(ValidationError) as both:
        requirement(method="analysis", methods=["test"])
    assert "either 'method'" in str(both.value)
    with pytest.raises(ValidationError) as repeated:
        requirement(methods=["test", "test"])
    assert "test more than once" in str(repeated.value)
    with pytest.raises(ValidationError):
        requirement(methods=["analysis", "simulation"])


def test_methods_serialise_as_a_list_and_read_back() -> None:
    dumped = requirement(methods=["analysis", "inspection"]).model_dump(mode="json")
    assert dumped["methods"] == ["analysis", "inspection"] and "method" not in dumped
    assert Requirement.model_validate(dumped).methods == (Method.ANALYSIS, Method.INSPECTION)


def test_json_schema_accepts_method_or_methods_not_both() -> None:
    from okaeri.model.schema import json_schema

    schema = json_schema(Requirement)
    assert {"method", "methods"} <= set(schema["properties"])
    assert schema["not"] == {"required": ["method", "methods"]}


class _Activity:
    def __init__(self, verifies: tuple[str, ...]) -> None:
        self.id, self.verifies = "ANA-X-001", verifies


class _Record:
    def __init__(self, requirement: str, method: str) -> None:
        self.requirement, self.method = requirement, method


def test_analysis_and_test_each_need_their_own_closure() -> None:
    criterion = {"quantity": "entry.nominal.peak_deceleration", "comparator": "<=",
                 "limit": "50 g0"}
    rs = RequirementSet([requirement("CAP-030", level="mission", methods=["analysis", "test"],
                                     criterion=criterion)])
    activity = _Activity(("CAP-030",))
    assert verified_ids(rs, [activity]) == frozenset()  # the test is not planned
    findings = check_trace(rs, activities=[activity])
    assert [f.code for f in findings] == ["okaeri.unverified"]
    assert "test" in findings[0].message
    assert verified_ids(rs, [activity], [_Record("CAP-030", "test")]) == {"CAP-030"}
    summary = coverage(rs, [activity], [_Record("CAP-030", "test")])
    assert summary.by_method["analysis"] == summary.by_method["test"] == 1
    assert summary.planned_by_method["analysis"] == summary.planned_by_method["test"] == 1
    assert summary.several_methods == 1


def test_children_close_analysis_but_not_inspection() -> None:
    rs = RequirementSet([
        requirement("MIS-001", level="mission", methods=["analysis", "inspection"]),
        requirement("SYS-010", level="system", parents=["MIS-001"], method="analysis",
                    criterion={"quantity": "budget.mass.launch", "comparator": "<=",
                               "limit": "2000 kg"})])
    activity = _Activity(("SYS-010",))
    assert verified_ids(rs, [activity]) == {"SYS-010"}
    assert verified_ids(rs, [activity], [_Record("MIS-001", "inspection")]) == {
        "SYS-010", "MIS-001"}


def test_open_value_marker_is_ignored_by_the_parser() -> None:
    assert si(parse_quantity("12 kg (TBD)")) == 12.0
    assert si(parse_quantity("50 km (TBC-002)")) == 50_000.0
    with pytest.raises(ValueError):
        parse_quantity("12 kg TBD")  # only the bracketed suffix marks a value


def test_markers_in_text_are_whole_words_in_capitals() -> None:
    assert markers_in_text("limit TBD-003 and TBC, not TBDX or tbd") == ["TBD-003", "TBC"]


@pytest.fixture
def mission(tmp_path: Path) -> Path:
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target,
                    ignore=shutil.ignore_patterns("__pycache__"))
    path = target / "requirements" / "capsule.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      The peak deceleration of the nominal entry shall not exceed 50 g."
    assert text.count(old) == 1
    path.write_text(text.replace(old, "      The peak deceleration of the nominal entry "
                                 "shall not exceed\n      50 g (TBD-007) during entry.")
                    .replace('limit: "50 g0"', 'limit: "50 g0 (TBC)"'), encoding="utf-8")
    return target


def test_markers_are_listed_with_the_file_and_line_of_the_marker(mission: Path) -> None:
    from okaeri.requirements import load_requirements

    requirements = load_requirements(mission)
    found = find_markers(mission, requirements)
    assert found == find_markers(mission)  # the same whether or not already loaded
    lines = (mission / "requirements" / "capsule.yaml").read_text().splitlines()
    by_label = {m.label: m for m in found}
    tbd = by_label["TBD-007"]
    assert tbd.requirement == "CAP-030" and tbd.path == "CAP-030.text" and not tbd.on_value
    assert "TBD-007" in lines[tbd.line - 1] and tbd.file == "requirements/capsule.yaml"
    limit = next(m for m in found if m.path == "CAP-030.criterion.limit")
    assert limit.on_value and limit.context == "50 g0 (TBC)" and limit.kind == "TBC"
    assert "(TBC)" in lines[limit.line - 1]
    assert si(requirements["CAP-030"].criterion.limit) == pytest.approx(50 * 9.80665)
    values = {m.path for m in found if m.on_value}
    assert {"descent.recovery_zone.radius", "otv.capture_mechanism.basic_mass"} <= values
