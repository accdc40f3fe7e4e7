"""Admissible ranges at load time (issue 10, item 3): every value the issue found crashing,
hanging or silently accepted is a located finding (exit 2), or, where only the analysis
can tell (a thrust too low to reach the target), an ``error`` verdict that names its cause.

Each case edits one line of a copy of the reference mission.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from okaeri.cli import main
from okaeri.errors import ModelError
from okaeri.model import reference_mission_path
from okaeri.verification.project import load_project
from okaeri.verification.results import Verdict
from okaeri.verification.runner import run_verification


def edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the reference mission with the first ``old`` of ``file`` made ``new``."""
    target = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), target)
    path = target / file
    text = path.read_text()
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1))
    return target


CASES = [
    # the cases (item 3)
    ("model/otv.yaml", 'usable_propellant: "1310 kg"', 'usable_propellant: "0 kg"',
     "okaeri.out_of_range", "otv.propulsion.usable_propellant"),
    ("model/capsule.yaml", 'max_heat_flux: "10 MW/m^2"', 'max_heat_flux: "0 MW/m^2"',
     "okaeri.out_of_range", "capsule.heat_shield.max_heat_flux"),
    ("model/capsule.yaml", 'max_heat_load: "350 MJ/m^2"', 'max_heat_load: "1e308 MJ/m^2"',
     "okaeri.out_of_range", "capsule.heat_shield.max_heat_load"),
    ("model/capsule.yaml", 'diameter: "0.80 m"', 'diameter: "1e306 km"',
     "okaeri.out_of_range", "capsule.aeroshell.diameter"),
    ("model/capsule.yaml", 'diameter: "0.80 m"', 'diameter: "-0.8 m"',
     "okaeri.out_of_range", "capsule.aeroshell.diameter"),
    ("model/capsule.yaml", 'basic_mass: "10 kg"', 'basic_mass: "-10 kg"',
     "okaeri.out_of_range", "capsule.heat_shield_tps.basic_mass"),
    ("model/otv.yaml", 'residual_fraction: "2 %"', 'residual_fraction: "-2 %"',
     "okaeri.out_of_range", "otv.propulsion.residual_fraction"),
    ("model/mission.yaml", 'latitude: "-28.883 deg"', 'latitude: "-200 deg"',
     "okaeri.out_of_range", "entry.interface.latitude"),
    ("model/capsule.yaml", 'half_cone_angle: "45 deg"', 'half_cone_angle: "100 deg"',
     "okaeri.out_of_range", "capsule.aeroshell.half_cone_angle"),
    ("model/capsule.yaml", 'nose_radius: "0.40 m"', 'nose_radius: "0.80 m"',
     "okaeri.out_of_range", "capsule.aeroshell"),
    ("model/mission.yaml", "tli_perigee_burns: 3", "tli_perigee_burns: true",
     "okaeri.wrong_type", "mission.trajectory.tli_perigee_burns"),
    # found by the fuzz campaign (tests/fuzz) or listed in its brief
    ("model/mission.yaml", 'latitude: "-28.883 deg"', 'latitude: "-90 deg"',
     "okaeri.out_of_range", "entry.interface.latitude"),
    ("model/mission.yaml", 'latitude: "-28.883 deg"', 'latitude: "90 deg"',
     "okaeri.out_of_range", "entry.interface.latitude"),
    ("model/capsule.yaml", "lift_to_drag: 0.0", "lift_to_drag: 5.0",
     "okaeri.out_of_range", "capsule.aeroshell.lift_to_drag"),
    ("model/capsule.yaml", "lift_to_drag: 0.0", "lift_to_drag: .nan",
     "okaeri.not_a_quantity", "capsule.aeroshell.lift_to_drag"),
    ("model/capsule.yaml", 'diameter: "0.80 m"', 'diameter: "nan m"',
     "okaeri.not_a_quantity", "capsule.aeroshell.diameter"),
    ("model/capsule.yaml", 'diameter: "0.80 m"', 'diameter: "inf m"',
     "okaeri.not_a_quantity", "capsule.aeroshell.diameter"),
    ("model/otv.yaml", 'battery_energy: "1100 W*h"', 'battery_energy: "1e308 W*h"',
     "okaeri.out_of_range", "otv.properties.battery_energy"),
    ("model/otv.yaml", 'transmit_power: "10 W"', 'transmit_power: "1e307 MW"',
     "okaeri.out_of_range", "otv.communications.properties.transmit_power"),
    ("model/mission.yaml", 'half_width: "3.5 km"', 'half_width: "1e-300 km"',
     "okaeri.out_of_range", "descent.wind.half_width"),
    ("verification/entry.yaml", 'grid_step: "2.5 km"', 'grid_step: "1 mm"',
     "okaeri.out_of_range", "ANA-ENT-003.settings.dispersions.density.grid_step"),
    ("verification/entry.yaml", 'speed: {distribution: normal, sigma: "15 m/s"}',
     'speed: {distribution: normal, sigma: "1.5e301 m/s"}', "okaeri.out_of_range",
     "ANA-ENT-003.settings.dispersions.jet_stream.speed"),
    ("verification/entry.yaml", 'direction_from: {distribution: normal, sigma: "20 deg"}',
     'direction_from: {distribution: normal, sigma: "1e9 deg"}', "okaeri.out_of_range",
     "ANA-ENT-003.settings.dispersions.jet_stream.direction_from"),
    ("verification/entry.yaml", 'three_sigma: "2 %"', 'three_sigma: "1e300 %"',
     "okaeri.out_of_range", "ANA-ENT-003.settings.dispersions.mass"),
    ("requirements/capsule.yaml", "percentile: 99.87", "percentile: .nan",
     "okaeri.invalid_value", "CAP-010.criterion.statistic.percentile"),
    ("requirements/capsule.yaml", "percentile: 99.87", "percentile: .inf",
     "okaeri.invalid_value", "CAP-010.criterion.statistic.percentile"),
]


@pytest.mark.parametrize(("file", "old", "new", "code", "path"), CASES,
                         ids=[c[2] for c in CASES])
def test_a_value_outside_its_range_is_a_located_finding(
        tmp_path: Path, file: str, old: str, new: str, code: str, path: str) -> None:
    folder = edited(tmp_path, file, old, new)
    with pytest.raises(ModelError) as raised:
        load_project(folder)
    found = [f for f in raised.value.findings if f.code == code]
    assert found, [str(f) for f in raised.value.findings]
    assert found[0].location.file.endswith(file.rsplit("/", 1)[1])
    assert found[0].location.line > 0
    assert found[0].location.path == path


@pytest.mark.parametrize(("file", "old", "new"), [c[:3] for c in CASES[:4]],
                         ids=[c[2] for c in CASES[:4]])
def test_the_cli_exits_2_without_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], file: str, old: str,
        new: str) -> None:
    folder = edited(tmp_path, file, old, new)
    assert main(["check", str(folder)]) == 2
    assert main(["verify", str(folder), "--no-cache", "-q"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_thrust_too_low_for_the_burn_is_an_error_verdict_not_a_hang(tmp_path: Path) -> None:
    """``thrust: "0.0001 N"`` ran for more than 300 s; the finite-burn integration has a
    cap and ends in an error verdict naming the burn."""
    folder = edited(tmp_path, "model/otv.yaml", 'thrust: "1000 N"', 'thrust: "0.0001 N"')
    started = time.perf_counter()
    run = run_verification(load_project(folder), select=["OTV-010"])
    assert time.perf_counter() - started < 60
    result = run.result("OTV-010")
    assert result.verdict is Verdict.ERROR
    assert "tli.delta_v.finite_burn" in {cause.key for cause in run.errors}


def test_a_negative_mass_from_an_expression_is_an_error_verdict(tmp_path: Path) -> None:
    """A basic mass written as a quantity is checked at load time; one computed by an
    expression (the tanks' ``... * -1``) was rolled up silently and the mission passed."""
    tanks = "otv.propulsion.tank_mass_fraction * otv.propulsion.usable_propellant"
    folder = edited(tmp_path, "model/otv.yaml", f'basic_mass: "= {tanks}"',
                    f'basic_mass: "= -1 * {tanks}"')
    run = run_verification(load_project(folder), select=["SYS-010"])
    assert run.result("SYS-010").verdict is Verdict.ERROR
    (cause,) = run.errors
    assert cause.key == "otv.tanks.predicted_mass"
    assert "a basic mass is at least 0 kg, got -104.8 kg" in cause.message
