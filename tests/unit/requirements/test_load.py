"""Loading requirements: the reference mission's, and located findings for bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okaeri.errors import ModelError
from okaeri.model import reference_mission_path
from okaeri.requirements import Method, NodeRef, load_requirements
from okaeri.units import si

# The top requirements table of the reference mission notes (reference-mission.md).
TOP_REQUIREMENTS = ["MIS-001", "SYS-010", "SYS-020", "OTV-010", "OTV-020", "CAP-010",
                    "CAP-020", "CAP-030", "CAP-040", "CAP-050", "CAP-060", "CAP-070"]

@pytest.fixture
def mission_copy(tmp_path: Path) -> Path:
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target)
    return target


def test_reference_requirements_load() -> None:
    rs = load_requirements()
    assert len(rs) == len(rs.entries) == 30
    assert set(TOP_REQUIREMENTS) <= set(rs.ids)
    cap010 = rs["CAP-010"]
    assert cap010.criterion is not None
    assert cap010.criterion.limit == NodeRef("capsule.heat_shield.max_heat_flux")
    assert cap010.criterion.required_margin_si == pytest.approx(0.2)
    assert rs["CAP-070"].method is Method.TEST
    assert si(rs["CAP-030"].criterion.limit) == pytest.approx(50 * 9.80665)  # type: ignore[union-attr]


def test_reference_criteria_read_values_of_the_graph() -> None:
    from okaeri.verification import load_project

    project = load_project()
    for requirement in project.requirements.with_criterion():
        criterion = requirement.criterion
        assert criterion is not None
        assert project.graph.node(criterion.quantity).has_value, requirement.id
        key = criterion.limit_key
        assert key is None or project.graph.node(key).has_value, requirement.id


def test_reference_requirements_have_rationale_and_source() -> None:
    for requirement in load_requirements():
        assert requirement.rationale.strip() and requirement.source.strip(), requirement.id


def test_derived_requirements_trace_to_their_parents() -> None:
    rs = load_requirements()
    assert {r.id for r in rs.children_of("CAP-040")} == {"CAP-041", "CAP-042"}
    assert {r.id for r in rs.children_of("CAP-050")} == {"CAP-051", "CAP-052"}
    assert {r.id for r in rs.children_of("MIS-001")} == {"SYS-030", "SYS-040", "SYS-050"}
    assert {r.id for r in rs.roots()} == {"MIS-001", "MIS-002", "MIS-003"}


def test_missing_or_empty_requirements_folder_gives_an_empty_set(tmp_path: Path) -> None:
    assert len(load_requirements(tmp_path)) == 0
    (tmp_path / "requirements").mkdir()
    assert len(load_requirements(tmp_path)) == 0
    (tmp_path / "requirements" / "empty.yaml").write_text("# nothing yet\n")
    assert len(load_requirements(tmp_path)) == 0


def test_missing_mission_folder_is_a_finding(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        load_requirements(tmp_path / "nowhere")
    assert [f.code for f in info.value.findings] == ["okaeri.no_mission"]


def test_a_file_that_is_not_a_mapping_is_a_finding(mission_copy: Path) -> None:
    (mission_copy / "requirements" / "list.yaml").write_text("- id: CAP-080\n")
    with pytest.raises(ModelError) as info:
        load_requirements(mission_copy)
    finding, = info.value.findings
    assert (finding.code, str(finding.location)) == ("okaeri.wrong_type",
                                                     "requirements/list.yaml:1:1")


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_findings_are_located_and_collected_across_files(mission_copy: Path) -> None:
    capsule = mission_copy / "requirements" / "capsule.yaml"
    capsule.write_text(capsule.read_text().replace('limit: "50 g0"', 'limit: "50 blorbs"'))
    system = mission_copy / "requirements" / "system.yaml"
    system.write_text(system.read_text().replace("level: system\n", "level: systems\n", 1)
                      .replace("    comparator: \"<=\"\n", "    comparator: \"=<\"\n", 1))
    with pytest.raises(ModelError) as info:
        load_requirements(mission_copy)
    found = [(str(f.location), f.code) for f in info.value.findings]
    blorbs, systems, comparator = (line_of(capsule, "blorbs"), line_of(system, "systems"),
                                   line_of(system, "=<"))
    assert found == [
        (f"requirements/capsule.yaml:{blorbs}:14 CAP-030.criterion.limit",
         "okaeri.not_a_quantity"),
        (f"requirements/system.yaml:{systems}:12 SYS-010.level", "okaeri.invalid_value"),
        (f"requirements/system.yaml:{comparator}:19 SYS-010.criterion.comparator",
         "okaeri.invalid_value"),
    ]
    assert "expected a limit with its unit" in info.value.findings[0].message


def test_missing_statistic_gets_a_hint(mission_copy: Path) -> None:
    from okaeri.verification import load_project

    capsule = mission_copy / "requirements" / "capsule.yaml"
    capsule.write_text(capsule.read_text().replace("      statistic: {percentile: 99}\n", ""))
    with pytest.raises(ModelError) as info:
        load_project(mission_copy)
    finding, = [f for f in info.value.findings if f.severity == "error"]
    assert finding.location.path == "CAP-060.criterion.quantity"
    assert finding.code == "okaeri.missing_key"
    assert "statistic: {percentile: 99.87}" in finding.hint


def test_unreadable_yaml_is_a_finding(mission_copy: Path) -> None:
    (mission_copy / "requirements" / "broken.yaml").write_text("requirements: [\n")
    with pytest.raises(ModelError) as info:
        load_requirements(mission_copy)
    assert [f.code for f in info.value.findings] == ["okaeri.yaml_syntax"]
