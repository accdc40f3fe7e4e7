"""Requirement files in okaeri's YAML shape, read back unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okaeri.model import reference_mission_path
from okaeri.model.yaml_source import read_yaml
from okaeri.requirements import Requirement, RequirementsFile, load_requirements
from okaeri.requirements.interchange.fields import documents_of
from okaeri.requirements.interchange.yaml_writer import requirements_yaml

REFERENCE = load_requirements(reference_mission_path())


def read_back(text: str, tmp_path: Path) -> tuple[Requirement, ...]:
    path = tmp_path / "requirements.yaml"
    path.write_text(text, encoding="utf-8")
    document, findings = read_yaml(path, "requirements.yaml")
    assert findings == [] and document is not None
    return RequirementsFile.model_validate(document.data).requirements


def test_reference_files_are_written_in_their_own_shape(tmp_path: Path) -> None:
    capsule = documents_of(REFERENCE)[0]
    text = requirements_yaml(capsule.requirements, header=["LSR-1 capsule requirements"])
    lines = text.splitlines()
    assert lines[:3] == ["# LSR-1 capsule requirements", "requirements:", "  - id: CAP-010"]
    assert "    parents: [SYS-050]" in lines
    assert '      statistic: {percentile: 99.87}' in lines
    assert '      limit: "= capsule.heat_shield.max_heat_flux"' in lines
    assert lines[lines.index("  - id: CAP-020") - 1] == ""  # a blank line between them
    text_lines = lines[lines.index("    text: >-") + 1:lines.index("    rationale: >-")]
    assert len(text_lines) == 3 and all(line.startswith("      ") for line in text_lines)
    assert read_back(text, tmp_path) == capsule.requirements


def test_defaults_are_left_out() -> None:
    requirement = Requirement.model_validate({
        "id": "SYS-010", "title": "Mass", "text": "The mass shall be low.", "rationale": "",
        "level": "system", "stage": "qualification", "parents": []})
    text = requirements_yaml([requirement])
    assert "stage" not in text and "parents" not in text and "attributes" not in text


def test_empty_file() -> None:
    assert requirements_yaml([]) == "requirements: []\n"


prose = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
                | st.sampled_from(["\n", "\t", " ", "#", ":", "'", '"', "-", ">", "|",
                                   "\x85", "\u2028", "\u2029"]),
                max_size=120)


@pytest.mark.parametrize("field", ["title", "text", "rationale", "notes", "attribute"])
@pytest.mark.parametrize("inside", ["\u2028", "\u2029", "\x85", "a\u2028b", " \u2028 ",
                                    "two\nlines\u2029end"])
def test_the_other_line_breaks_read_back_as_themselves(field: str, inside: str,
                                                        tmp_path: Path) -> None:
    """YAML reads NEL, LS and PS as line breaks: in a quoted or block scalar they are
    folded or moved; the writer escapes them in double quotes."""
    data: dict[str, object] = {"id": "SYS-010", "title": "T", "text": "The stack shall ",
                               "rationale": "", "level": "system",
                               "attributes": {"Note": "x"}}
    if field == "attribute":
        data["attributes"] = {"Note": inside}
    else:
        data[field] = f"{data.get(field, '')}{inside}"
    requirement = Requirement.model_validate(data)
    assert read_back(requirements_yaml([requirement]), tmp_path) == (requirement,)


@settings(max_examples=80, deadline=None)
@given(text=prose, rationale=prose, notes=prose, attribute=prose)
def test_any_text_reads_back_unchanged(text: str, rationale: str, notes: str,
                                       attribute: str) -> None:
    requirement = Requirement.model_validate({
        "id": "SYS-010", "title": "T", "text": "The stack shall " + text,
        "rationale": rationale, "notes": notes, "level": "system",
        "attributes": {"Note": attribute or "x", "yes": "no"}})
    text_out = requirements_yaml([requirement])
    with tempfile.TemporaryDirectory() as folder:  # okaeri's own YAML reader
        assert read_back(text_out, Path(folder)) == (requirement,)
