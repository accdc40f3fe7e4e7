"""Inputs the fuzz campaign (tests/fuzz) found crashing ``check`` or ``verify`` with a
traceback, or accepted with nothing to judge them by: each is a located finding now."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okaeri.errors import ModelError
from okaeri.model import reference_mission_path
from okaeri.verification.project import load_project

CAPACITY = ('sample_capacity: "= capsule.canister.internal_volume * '
            'capsule.canister.sample_bulk_density"')
COVERS = 'capsule.heat_shield.max_heat_flux: "10 MW/m^2"'


def edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target)
    path = target / file
    text = path.read_text()
    assert text.count(old) == 1, (file, old)
    path.write_text(text.replace(old, new))
    return target


@pytest.mark.parametrize(("file", "old", "new", "code", "where"), [
    # a criterion's quantity whose unit no unit parses (ValueError: 'kg^1000')
    ("model/capsule.yaml", CAPACITY, 'sample_capacity: "= (capsule.canister.internal_volume'
     ' * capsule.canister.sample_bulk_density) ** 1000"', "okaeri.unit_mismatch",
     "SYS-030.criterion.quantity"),
    # evidence covering a Monte Carlo output (ValueError: one value per sample)
    ("verification/evidence.yaml", COVERS,
     'entry.monte_carlo.peak_heat_flux_total: "10 MW/m^2"', "okaeri.invalid_value",
     "evidence[0].covers.entry.monte_carlo.peak_heat_flux_total"),
    # evidence covering nothing, or in another dimension: accepted, staleness unjudged
    ("verification/evidence.yaml", COVERS, 'no.such.key: "10 MW/m^2"',
     "okaeri.dangling_ref", "evidence[0].covers.no.such.key"),
    ("verification/evidence.yaml", COVERS, 'capsule.heat_shield.max_heat_flux: "10 kg"',
     "okaeri.unit_mismatch", "evidence[0].covers.capsule.heat_shield.max_heat_flux"),
    # an activity's input given as a number that overflows (1e999 dB is inf)
    ("verification/budgets.yaml", 'required_eb_n0: "2.5 dB"', 'required_eb_n0: "1e999 dB"',
     "okaeri.out_of_range", "ANA-LNK-001.inputs.required_eb_n0"),
    ("verification/budgets.yaml", 'range: "406000 km"', 'range: "1e306 km"',
     "okaeri.out_of_range", "ANA-LNK-001.inputs.range"),
], ids=["unit-kg^1000", "covers-samples", "covers-unknown", "covers-dimension",
        "input-inf", "input-overflow"])
def test_found_by_fuzzing_is_a_located_finding(tmp_path: Path, file: str, old: str, new: str,
                                               code: str, where: str) -> None:
    with pytest.raises(ModelError) as raised:
        load_project(edited(tmp_path, file, old, new))
    (finding,) = [f for f in raised.value.findings if f.severity == "error"]
    assert finding.code == code
    assert finding.location.path == where and finding.location.line > 0


def test_an_activity_without_the_settings_its_analysis_needs_is_a_finding(
        tmp_path: Path) -> None:
    """The Monte Carlo activity with its whole ``settings:`` deleted (an IndexError while
    locating the missing keys inside settings that are not there)."""
    import yaml

    folder = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), folder)
    path = folder / "verification" / "entry.yaml"
    document = yaml.safe_load(path.read_text())
    (activity,) = [a for a in document["activities"] if a["id"] == "ANA-ENT-003"]
    del activity["settings"]
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(ModelError) as raised:
        load_project(folder)
    (finding,) = raised.value.findings
    assert finding.code == "okaeri.missing_key"
    assert finding.location.path == "ANA-ENT-003" and finding.location.line > 0
    assert "'seed'" in finding.message and "'dispersions'" in finding.message
