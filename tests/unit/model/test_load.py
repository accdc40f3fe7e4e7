"""Loading the reference mission, and what loading refuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from okaeri.errors import ModelError
from okaeri.model import ModelFile, load_mission, reference_mission_path
from okaeri.units import si


@pytest.fixture
def mission_copy(tmp_path: Path) -> Path:
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target)
    return target


def test_reference_mission_loads() -> None:
    mission = load_mission()
    assert mission.name == "LSR-1"
    otv, capsule = mission.vehicle("otv"), mission.vehicle("capsule")
    assert set(otv.parts()) == {"propulsion"}
    assert set(capsule.parts()) == {"aeroshell", "heat_shield", "parachute", "sample_canister"}
    assert capsule.aeroshell is not None and si(capsule.aeroshell.diameter) == 0.8
    assert [p.kind for p in mission.phases][:3] == ["launch", "mass_event", "manoeuvre"]


def test_models_are_immutable() -> None:
    mission = load_mission()
    with pytest.raises(ValueError, match="frozen"):
        mission.vehicle("capsule").aeroshell.diameter = 1.0  # type: ignore[misc]


def test_load_dump_load_gives_an_equal_model(mission_copy: Path) -> None:
    original = load_mission(mission_copy)
    for path in (mission_copy / "model").glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        dumped = ModelFile.model_validate(data).model_dump(mode="json", exclude_none=True)
        path.write_text(yaml.safe_dump(dumped, sort_keys=False))
    assert load_mission(mission_copy) == original


def test_missing_folder_is_a_finding(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        load_mission(tmp_path / "nowhere")
    assert info.value.findings[0].code == "okaeri.no_mission"


def test_empty_model_folder_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    with pytest.raises(ModelError) as info:
        load_mission(tmp_path)
    assert info.value.findings[0].code == "okaeri.no_model"


def test_findings_of_several_files_are_collected(mission_copy: Path) -> None:
    for name in ("capsule.yaml", "otv.yaml"):
        path = mission_copy / "model" / name
        path.write_text(path.read_text().replace('source: assumption (reference-mission.md)\n',
                                                 'source: [unterminated\n', 1))
    with pytest.raises(ModelError) as info:
        load_mission(mission_copy)
    assert {f.location.file for f in info.value.findings} == {"model/capsule.yaml",
                                                              "model/otv.yaml"}


def test_a_second_mission_header_is_refused(mission_copy: Path) -> None:
    header = (mission_copy / "model" / "mission.yaml").read_text().split("\nstacks:")[0]
    (mission_copy / "model" / "zz_extra.yaml").write_text(header)
    with pytest.raises(ModelError) as info:
        load_mission(mission_copy)
    assert [f.code for f in info.value.findings] == ["okaeri.duplicate_id"]


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / "model" / file
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def test_a_leaf_without_mass_is_a_finding_not_zero_kg(mission_copy: Path) -> None:
    """Deleting the heat shield's basic_mass used to count it as 0 kg (SYS-010's margin
    rose from 0.9 % to 3.6 %)."""
    _edit(mission_copy, "capsule.yaml", '        basic_mass: "10 kg"\n', "")
    with pytest.raises(ModelError) as info:
        load_mission(mission_copy)
    finding, = [f for f in info.value.findings if f.code == "okaeri.missing_key"]
    assert "capsule.heat_shield_tps has no basic_mass" in finding.message
    assert finding.location.file == "model/capsule.yaml"


def test_a_self_referential_mass_is_a_finding(mission_copy: Path) -> None:
    """``basic_mass: "= otv.tanks.basic_mass"`` used to evaluate to 0 kg and pass."""
    from okaeri.verification import load_project

    path = mission_copy / "model" / "otv.yaml"
    text = path.read_text()
    start = text.index("basic_mass:", text.index("- id: tanks"))
    end = text.index("\n", start)
    path.write_text(text[:start] + 'basic_mass: "= otv.tanks.basic_mass"' + text[end:])
    with pytest.raises(ModelError) as info:
        load_project(mission_copy)
    finding, = [f for f in info.value.findings if f.code == "okaeri.cycle"]
    assert "'otv.tanks.basic_mass' refers to itself" in finding.message
    assert finding.location.file == "model/otv.yaml"


def test_the_repository_root_is_the_packaged_reference_mission() -> None:
    """The root's mission folders and files are links to the one reference mission in the
    package's sources, all of them (``okaeri check .`` at the root checks what ``okaeri
    check`` checks)."""
    root = Path(__file__).resolve().parents[3]
    packaged = root / "src" / "okaeri" / "mission"
    if not (root / "pyproject.toml").is_file() or not packaged.is_dir():
        pytest.skip("not run from a checkout of the repository")
    assert {e.name for e in reference_mission_path().iterdir()} >= {
        e.name for e in packaged.iterdir() if not e.name.startswith((".", "__"))}
    for entry in packaged.iterdir():
        if entry.name.startswith((".", "__")):
            continue
        link = root / entry.name
        assert link.is_symlink(), f"{entry.name} is missing at the repository root"
        assert link.resolve() == entry.resolve()
