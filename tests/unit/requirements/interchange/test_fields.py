"""The flat form of a requirement and the names other tools give okaeri's fields."""

from __future__ import annotations

import pytest

from okaeri.requirements import Requirement, Statistic
from okaeri.requirements.interchange.fields import (
    ATTRIBUTE,
    COLUMNS,
    field_for,
    format_statistic,
    parse_statistic,
    split_list,
    to_record,
)


def test_every_requirement_field_has_a_column() -> None:
    """A field added to Requirement without a column here would be lost by exports."""
    covered = {c.split(".", 1)[0] for c in COLUMNS} | {"attributes"}
    assert covered == set(Requirement.model_fields)
    assert [c for c in COLUMNS if c.startswith("criterion.")] == [
        f"criterion.{name}" for name in
        ("quantity", "statistic", "comparator", "limit", "required_margin")]


@pytest.mark.parametrize(("name", "column"), [
    ("ReqIF.ForeignID", "id"), ("UID", "id"), ("ReqIF.Name", "title"), ("TITLE", "title"),
    ("ReqIF.Text", "text"), ("STATEMENT", "text"), ("Object Text", "text"),
    ("RATIONALE", "rationale"), ("Verification Method", "methods"),
    ("verification_stage", "stage"), ("allocated-to", "allocated_to"),
    ("COMMENT", "notes"), ("Criterion required margin", "criterion.required_margin"),
    ("document", "document"),
    ("STATUS", ATTRIBUTE), ("ReqIF.Description", ATTRIBUTE), ("attribute: Level", ATTRIBUTE),
])
def test_names_of_other_tools(name: str, column: str) -> None:
    assert field_for(name) == column


def test_overrides_choose_the_field() -> None:
    assert field_for("LEVEL") == "level"
    assert field_for("LEVEL", {"level": "attribute"}) == ATTRIBUTE
    assert field_for("Object Heading", {"object heading": "title"}) == "title"


@pytest.mark.parametrize("statistic", [Statistic(percentile=99.8765432101),
                                       Statistic(percentile=50.0), Statistic(kind="max")])
def test_statistic_text_is_exact(statistic: Statistic) -> None:
    assert Statistic.model_validate(parse_statistic(format_statistic(statistic))) == statistic


def test_split_list_drops_blanks() -> None:
    assert split_list(" SYS-010, ,SYS-020 ") == ["SYS-010", "SYS-020"]


def test_record_holds_every_column_and_the_attributes() -> None:
    requirement = Requirement.model_validate({
        "id": "SYS-010", "title": "Launch mass", "text": "The mass shall be low.",
        "rationale": "", "level": "system", "parents": ["MIS-001", "MIS-002"],
        "attributes": {"Priority": "high", "title": "shadowed"}})
    record = to_record(requirement)
    assert list(record)[:len(COLUMNS)] == list(COLUMNS)
    assert record["parents"] == "MIS-001, MIS-002"
    assert record["stage"] == "qualification" and record["methods"] == ""
    assert record["Priority"] == "high"
    assert record["attribute: title"] == "shadowed"  # would otherwise read as the title
