"""Snapshots of a verified mission: building, flattening the budgets, JSON, the store."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest

from okaeri.model import reference_mission_path
from okaeri.verification import AnalysisCache
from okaeri.verification.snapshot import (
    BudgetValue,
    RequirementState,
    Snapshot,
    SnapshotStore,
    blob_id,
    budget_values,
    content_key,
    folder_files,
    is_mission_input,
    verify_folder,
)


@pytest.fixture(scope="module")
def reference_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    cache = AnalysisCache(tmp_path_factory.getbasetemp() / "snapshot-cache")
    folder = reference_mission_path()
    return verify_folder(folder, cache, content_key(folder_files(folder)))


def test_a_snapshot_of_the_reference_mission(reference_snapshot: Snapshot) -> None:
    snap = reference_snapshot
    assert snap.problem == "" and snap.mission == "LSR-1"
    assert len(snap.requirements) == 30 and snap.counts["pass"] == 26
    sys010 = snap.requirement("SYS-010")
    assert sys010 is not None and sys010.verdict == "pass" and sys010.unit_si == "kg"
    assert sys010.limit_si == 2000.0 and sys010.margin is not None
    assert sys010.location.startswith("requirements/system.yaml:")
    budgets = {b.key: b for b in snap.budgets}
    assert budgets["mass.launch_mass"].unit_si == "kg" and budgets["mass.launch_mass"].depth == 0
    assert budgets["propellant.margin"].fraction
    assert budgets["heat.lines[entry.nominal.heat_load_total].value"].unit_si == "J/m^2"
    parameters = {p.key: p for p in snap.parameters}
    mass = parameters["capsule.heat_shield_tps.basic_mass"]
    assert (mass.value_si, mass.unit_si) == (10.0, "kg")
    assert mass.origin.startswith("model/capsule.yaml:")
    text = json.dumps(snap.as_dict(), allow_nan=False)
    assert Snapshot.from_dict(json.loads(text)) == snap


def test_a_mission_that_does_not_load_is_a_snapshot_with_its_problem(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(reference_mission_path(), folder)
    path = folder / "model" / "capsule.yaml"
    path.write_text(path.read_text().replace('diameter: "0.80 m"', 'diameter: "0.80 kg"'))
    snap = verify_folder(folder, AnalysisCache(None), "k")
    assert snap.problem.startswith("the mission does not load: 1 finding(s): ")
    assert "capsule.yaml" in snap.problem and snap.requirements == ()


def test_budget_values_take_units_from_the_field_names_and_depth_from_nesting() -> None:
    data = {"mission": "M", "loops": ({"nodes": ("a",), "iterations": 3},),
            "mass": {"launch_mass_kg": 1586.0, "launch_margin_fraction": 0.009,
                     "vehicles": ({"vehicle": "capsule", "predicted_mass_kg": 38.0,
                                   "lines": ({"component": "tps", "basic_mass_kg": 12.0,
                                              "maturity": "layout"},)},)},
            "heat": {"entry_fpa_inertial_deg": -7.7, "isp_s": 320.0,
                     "lines": ({"key": "entry.q", "value_si": 4e6, "limit_si": 1e7,
                                "unit_si": "W/m^2", "margin_fraction": 0.6,
                                "meets_required_margin": True},)}}
    found = {b.key: b for b in budget_values(data)}
    assert found == {
        "mass.launch_mass": BudgetValue("mass.launch_mass", 1586.0, "kg", False, 0),
        "mass.launch_margin": BudgetValue("mass.launch_margin", 0.009, "", True, 0),
        "mass.vehicles[capsule].predicted_mass": BudgetValue(
            "mass.vehicles[capsule].predicted_mass", 38.0, "kg", False, 1),
        "mass.vehicles[capsule].lines[tps].basic_mass": BudgetValue(
            "mass.vehicles[capsule].lines[tps].basic_mass", 12.0, "kg", False, 2),
        "heat.entry_fpa_inertial": BudgetValue("heat.entry_fpa_inertial", -7.7, "deg", False, 0),
        "heat.isp": BudgetValue("heat.isp", 320.0, "s", False, 0),
        # a line against a limit is a result of its budget, not an item inside it
        "heat.lines[entry.q].value": BudgetValue("heat.lines[entry.q].value", 4e6, "W/m^2",
                                                 False, 0),
        "heat.lines[entry.q].limit": BudgetValue("heat.lines[entry.q].limit", 1e7, "W/m^2",
                                                 False, 0),
        "heat.lines[entry.q].margin": BudgetValue("heat.lines[entry.q].margin", 0.6, "", True, 0),
    }
    assert found["mass.vehicles[capsule].lines[tps].basic_mass"].budget == "mass"


def test_suffixes_of_other_budgets() -> None:
    found = budget_values({"power": {"load_W": 320.0, "battery_Wh": 1100.0,
                                     "eclipse_s": 2800.0, "margin_fraction": 0.3,
                                     "iterations": 3, "name": "OTV"}})
    assert [(b.key, b.unit_si) for b in found] == [
        ("power.load", "W"), ("power.battery", "Wh"), ("power.eclipse", "s"),
        ("power.margin", "")]


def test_non_finite_numbers_become_none() -> None:
    found = budget_values({"mass": {"launch_mass_kg": math.nan, "margin_fraction": math.inf}})
    assert [b.value_si for b in found] == [None, None]


@pytest.mark.parametrize(("path", "expected"), [
    ("model/capsule.yaml", True), ("evidence/report.pdf", True), ("analyses.py", True),
    ("verification/sub/x.yaml", True), ("README.md", False), ("okaeri-model.schema.json", False),
    ("docs/index.rst", False), ("model/__pycache__/x.pyc", False), ("model/.x.yaml.swp", False)])
def test_mission_inputs(path: str, expected: bool) -> None:
    assert is_mission_input(path) is expected


def test_blob_ids_are_gits(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    path = tmp_path / "x.yaml"
    data = b"mass: '10 kg'\r\n\x00\xff"
    path.write_bytes(data)
    expected = subprocess.run(["git", "hash-object", "--no-filters", str(path)],
                              capture_output=True, text=True, check=True).stdout.strip()
    assert blob_id(data) == expected


def test_the_store_keeps_snapshots_by_content_and_misses_on_a_bad_entry(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "snapshots")
    snap = Snapshot("M", "content-1", (RequirementState(
        "R-1", "t", "x", "q <= 1", "pass", False, 0.5, 1.0, "kg", 0.5, 0.0, "", "r.yaml:1"),))
    assert store.get("content-1") is None
    store.put(snap)
    assert store.get("content-1") == snap and store.get("content-2") is None
    (entry,) = (tmp_path / "snapshots").iterdir()
    entry.write_text("{not json")
    assert store.get("content-1") is None
    assert (store.hits, store.misses) == (1, 3)
    SnapshotStore(None).put(snap)  # keeps nothing, fails nothing
