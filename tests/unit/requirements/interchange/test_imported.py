"""From another tool's records to requirements: mapping, what is kept, what is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from okaeri.requirements import Level, Method
from okaeri.requirements.ids import IdPattern
from okaeri.requirements.interchange.imported import (
    ImportOptions,
    plan_import,
    write_import,
)
from okaeri.requirements.interchange.spreadsheet import read_requirements_csv

DOORS_IDS = IdPattern(r"^REQ_\d+$", "REQ_1")

CSV = """Object Identifier,Object Heading,Object Text,Verification Method,Priority,Derived from
REQ_1,Sample return,The mission shall return 100 g of sample.,Review of design,high,
REQ_2,,"The capsule shall survive
an entry at 11 km/s.",Analysis,,REQ_1
REQ_3,Beacon,The beacon shall transmit for 24 h.,analysis,low,REQ_2
"""


def write(tmp_path: Path, text: str, name: str = "doors.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_doors_like_table_is_mapped_and_kept(tmp_path: Path) -> None:
    result = read_requirements_csv(write(tmp_path, CSV), "doors.csv",
                                   ImportOptions(id_pattern=DOORS_IDS))
    assert result.ok
    one, two, three = result.requirements
    assert (one.id, one.title, one.method) == ("REQ_1", "Sample return",
                                               Method.REVIEW_OF_DESIGN)
    assert two.text == "The capsule shall survive\nan entry at 11 km/s."
    assert two.parents == ("REQ_1",) and three.parents == ("REQ_2",)
    assert [r.level for r in result.requirements] == [Level.MISSION, Level.SYSTEM,
                                                      Level.SEGMENT]
    assert one.attributes == {"Priority": "high"} and two.attributes == {}
    assert result.kept == (("Priority", 2),)
    assert [d.name for d in result.documents] == ["doors"]
    # the missing title is made from the text, and said so where it happened
    assert two.title == "The capsule shall survive an entry at 11 km/s."
    made = [f for f in result.findings if f.code == "okaeri.title_from_text"]
    assert len(made) == 1 and (made[0].location.line, made[0].location.path) == (3, "REQ_2")


def test_map_overrides_a_column(tmp_path: Path) -> None:
    options = ImportOptions(id_pattern=DOORS_IDS, level=Level.SYSTEM,
                            names={"Verification Method": "attribute", "Priority": "notes"})
    result = read_requirements_csv(write(tmp_path, CSV), "doors.csv", options)
    first = result.requirements[0]
    assert first.method is None and first.notes == "high"
    assert first.attributes == {"Verification Method": "Review of design"}
    assert {r.level for r in result.requirements} == {Level.SYSTEM}


def test_a_field_given_twice_keeps_the_second_as_attribute(tmp_path: Path) -> None:
    text = "id,title,TITLE,text\nREQ_1,First,Second,The unit shall work.\n"
    result = read_requirements_csv(write(tmp_path, text), "t.csv",
                                   ImportOptions(id_pattern=DOORS_IDS))
    requirement = result.requirements[0]
    assert requirement.title == "First" and requirement.attributes == {"TITLE": "Second"}
    assert {f.code for f in result.findings if f.severity == "warning"} == {
        "okaeri.kept_as_attribute", "okaeri.level_assumed"}


def test_invalid_values_are_located_at_row_and_column(tmp_path: Path) -> None:
    text = ("id,title,text,level,criterion.quantity,criterion.comparator,criterion.limit\n"
            "SYS-010,Mass,The mass shall be low.,system,budget.mass.launch,<=,1600 kg\n"
            "SYS-020,Margin,No statement here.,systme,budget.mass.launch,<=,12 bananas\n")
    result = read_requirements_csv(write(tmp_path, text), "t.csv")
    assert not result.ok and [r.id for r in result.requirements] == ["SYS-010"]
    errors = {(f.location.line, f.location.column, f.location.path, f.code)
              for f in result.findings}
    assert any(e[:3] == (3, 7, "SYS-020.criterion.limit") for e in errors)
    assert any(e[:3] == (3, 4, "SYS-020.level") for e in errors)
    assert any(e[2] == "SYS-020.text" and e[3] == "okaeri.no_shall" for e in errors)
    hints = " ".join(f.hint for f in result.findings)
    assert "row 3, from 'level'" in hints


def test_ids_off_the_pattern_are_one_finding_with_a_suggestion(tmp_path: Path) -> None:
    result = read_requirements_csv(write(tmp_path, CSV), "doors.csv")
    invalid = [f for f in result.findings if f.code == "okaeri.invalid_id"]
    assert len(invalid) == 1 and "3 of 3 ids" in invalid[0].message
    assert "^REQ_\\d{1}$" in invalid[0].hint or "^REQ_\\d+$" in invalid[0].hint


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    text = "id,text\nREQ_1,The unit shall work.\nREQ_1,The unit shall rest.\n"
    result = read_requirements_csv(write(tmp_path, text), "t.csv",
                                   ImportOptions(id_pattern=DOORS_IDS))
    assert [f.code for f in result.findings if f.severity == "error"] == [
        "okaeri.duplicate_id"]


def test_plan_refuses_existing_files_and_ids_the_mission_has(tmp_path: Path) -> None:
    mission = tmp_path / "mission"
    (mission / "requirements").mkdir(parents=True)
    (mission / "requirements" / "doors.yaml").write_text("requirements: []\n")
    (mission / "requirements" / "other.yaml").write_text(
        "requirements:\n  - id: REQ_3\n    title: x\n")
    result = read_requirements_csv(write(tmp_path, CSV), "doors.csv",
                                   ImportOptions(id_pattern=DOORS_IDS))
    planned, problems = plan_import(result, mission)
    assert [p.path.name for p in planned] == ["doors.yaml"] and planned[0].replaces
    assert sorted(p.code for p in problems) == ["okaeri.duplicate_id", "okaeri.file_exists"]
    duplicate = next(p for p in problems if p.code == "okaeri.duplicate_id")
    assert "requirements/other.yaml:2" in duplicate.message


def test_plan_one_file_and_dangling_parents(tmp_path: Path) -> None:
    text = "id,text,parents\nREQ_5,The unit shall work.,REQ_4\n"
    result = read_requirements_csv(write(tmp_path, text), "t.csv",
                                   ImportOptions(id_pattern=DOORS_IDS))
    planned, problems = plan_import(result, tmp_path, "all.yaml", ["imported"])
    assert [p.path.name for p in planned] == ["all.yaml"]
    assert [(p.code, p.severity) for p in problems] == [("okaeri.dangling_ref", "warning")]
    write_import(planned)
    assert (tmp_path / "requirements" / "all.yaml").read_text().startswith(
        "# imported\nrequirements:\n  - id: REQ_5\n")


@pytest.mark.parametrize("name", ["settings", "settings.yaml"])
def test_the_settings_file_name_is_reserved(tmp_path: Path, name: str) -> None:
    text = "id,text\nREQ_5,The unit shall work.\n"
    result = read_requirements_csv(write(tmp_path, text), "t.csv",
                                   ImportOptions(id_pattern=DOORS_IDS))
    _, problems = plan_import(result, tmp_path, name)
    assert "okaeri.reserved_name" in {p.code for p in problems}
