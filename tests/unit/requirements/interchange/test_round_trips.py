"""YAML → ReqIF/CSV/XLSX → YAML changes nothing: equal requirements, identical YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from okaeri.model import reference_mission_path
from okaeri.requirements import Requirement, load_requirements
from okaeri.requirements.interchange.fields import Document, documents_of
from okaeri.requirements.interchange.imported import plan_import, write_import
from okaeri.requirements.interchange.reqif_format import read_reqif
from okaeri.requirements.interchange.yaml_writer import requirements_yaml

from .conftest import DATA, STRICTDOC_IDS, RoundTrip

FORMATS = ("reqif", "csv", "xlsx")
REFERENCE = documents_of(load_requirements(reference_mission_path()))

EDGE_CASES = (Document("edge cases", (
    Requirement.model_validate({
        "id": "SYS-060", "title": "Δv budget ≥ 5 % \"quoted\" & <tagged>",
        "text": "The stack shall keep\t5 %  of Δv\nin reserve: a < b & c > d, 'quotes', "
                "C:\\path.\n\nA second paragraph.",
        "rationale": "", "source": "ICD §3.2, \"launch\"", "level": "system",
        "parents": ["MIS-001", "XYZ-999"], "method": "analysis", "stage": "acceptance",
        "allocated_to": ["otv", "otv.propulsion"], "phases": ["tli", "loi"],
        "criterion": {"quantity": "entry.monte_carlo.peak_deceleration",
                      "statistic": {"kind": "max"}, "comparator": ">",
                      "limit": "-8.5 deg", "required_margin": "5.25 %"},
        "notes": "line one\nline two",
        "attributes": {"Level": "L2 (a DOORS level)", "STATUS": "Draft",
                       "multi line": "first\nsecond", "formula": "=SUM(A1:A3)",
                       "numeric": "0012"}}),
    Requirement.model_validate({
        "id": "MIS-001", "title": "Return", "text": "The mission shall return a sample.",
        "rationale": "Why: science.", "level": "mission", "method": "review_of_design",
        "criterion": {"quantity": "entry.monte_carlo.peak_heat_flux_total",
                      "statistic": {"percentile": 99.8765432101}, "comparator": "<=",
                      "limit": "= capsule.heat_shield.max_heat_flux"}}),
)),)


def assert_unchanged(before: tuple[Document, ...], result_documents: tuple[Document, ...]
                     ) -> None:
    assert [d.name for d in result_documents] == [d.name for d in before]
    for old, new in zip(before, result_documents, strict=True):
        assert new.requirements == old.requirements  # equal models, field by field
        assert requirements_yaml(new.requirements) == requirements_yaml(old.requirements)


@pytest.mark.parametrize("fmt", FORMATS)
def test_reference_mission_round_trip_changes_nothing(fmt: str, round_trip: RoundTrip) -> None:
    result = round_trip(fmt, REFERENCE)
    assert result.findings == ()  # not even a warning
    assert_unchanged(REFERENCE, result.documents)


@pytest.mark.parametrize("fmt", FORMATS)
def test_edge_cases_round_trip_changes_nothing(fmt: str, round_trip: RoundTrip) -> None:
    result = round_trip(fmt, EDGE_CASES)
    assert result.ok, result.findings
    assert_unchanged(EDGE_CASES, result.documents)
    # the attribute named like a field comes back as an attribute, not as the level
    assert result.requirements[0].attributes["Level"] == "L2 (a DOORS level)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_imported_strictdoc_set_round_trips(fmt: str, round_trip: RoundTrip) -> None:
    imported = read_reqif(DATA / "lsr-synthetic.reqif", "x.reqif")
    documents = imported.documents
    assert any("\n" in r.text for r in imported.requirements)  # hard-wrapped statements
    result = round_trip(fmt, documents, STRICTDOC_IDS)
    assert result.ok, result.findings
    assert_unchanged(documents, result.documents)


def test_reference_mission_through_reqif_into_a_mission_folder(tmp_path: Path,
                                                               round_trip: RoundTrip) -> None:
    """The whole way: files of the reference mission → ReqIF → files → load: equal."""
    result = round_trip("reqif", REFERENCE)
    planned, problems = plan_import(result, tmp_path)
    assert problems == []
    write_import(planned)
    assert sorted(p.name for p in (tmp_path / "requirements").iterdir()) == [
        "capsule.yaml", "mission.yaml", "otv.yaml", "system.yaml"]
    reloaded = load_requirements(tmp_path)
    original = load_requirements(reference_mission_path())
    assert reloaded.ids == original.ids
    assert list(reloaded) == list(original)
