"""okaeri transfer from the command line: tables, JSON, exit codes and input errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from okaeri.cli import COMMANDS, main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["transfer", *argv, "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_transfer_is_a_registered_command() -> None:
    assert "transfer" in COMMANDS


def test_hohmann_table_vallado_example_6_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transfer", "hohmann", "--from", "191.34411 km", "--to", "35781.34857 km"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["quantity", "value", "unit"]
    assert any(line.startswith("first burn") and line.split()[-2:] == ["2,457.0", "m/s"]
               for line in lines)
    assert any(line.startswith("total delta-v") and "3,935.2" in line for line in lines)
    assert any(line.startswith("transfer time") and line.split()[-2:] == ["5.257", "h"]
               for line in lines)
    # values are right-aligned in one column
    ends = {len(line) - len(line.split()[-1]) for line in lines[2:] if line.endswith("m/s")}
    assert len(ends) == 1


def test_hohmann_json_has_si_keys(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "hohmann", "--from", "191.34411 km", "--to", "35781.34857 km")
    assert data["delta_v_m_s"] == pytest.approx(3935.224, abs=0.005)
    assert data["transfer_time_s"] == pytest.approx(5.256713 * 3600, rel=1e-6)
    assert data["from_altitude_m"] == pytest.approx(191_344.11)
    assert data["body"] == "earth"


def test_hohmann_about_the_moon(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "hohmann", "--from", "100 km", "--to", "500 km", "--body", "moon")
    assert data["body"] == "moon"
    assert 0 < float(data["delta_v_m_s"]) < 300  # type: ignore[arg-type]


def test_bielliptic_json_vallado_example_6_2(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "bielliptic", "--from", "191.34411 km", "--via", "503873 km",
                    "--to", "376310 km")
    assert data["delta_v_m_s"] == pytest.approx(3904.057, abs=0.005)
    assert data["delta_v3_m_s"] == pytest.approx(70.466, abs=0.005)


def test_plane_change_pure_and_combined(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "plane-change", "--speed", "5.892311 km/s", "--angle", "15 deg")
    assert data["delta_v_m_s"] == pytest.approx(1538.202, abs=0.001)  # Vallado Example 6-4
    data = run_json(capsys, "plane-change", "--speed", "7 km/s", "--speed-after", "7.5 km/s",
                    "--angle", "0 deg")
    assert data["delta_v_m_s"] == pytest.approx(500.0)


def test_rocket_from_initial_and_final_mass(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "rocket", "--delta-v", "680 m/s", "--isp", "320 s",
                    "--initial-mass", "1600 kg")
    assert data["propellant_mass_kg"] == pytest.approx(311.71, abs=0.01)
    final = data["final_mass_kg"]
    data = run_json(capsys, "rocket", "--delta-v", "680 m/s", "--isp", "320 s",
                    "--final-mass", f"{final} kg")
    assert data["initial_mass_kg"] == pytest.approx(1600.0)


def test_legs_defaults_are_the_mission_trajectory(capsys: pytest.CaptureFixture[str]) -> None:
    """No second set of defaults: 'transfer legs' without options is 'transfer mission'."""
    assert run_json(capsys, "legs") == run_json(capsys, "mission")
    assert main(["transfer", "legs"]) == 0
    out = capsys.readouterr().out
    for label, value in [("TLI delta-v", "676.2"), ("entry speed (inertial)", "10.984"),
                         ("entry flight path angle (inertial)", "-7.74"),
                         ("vacuum perigee altitude", "0.0")]:
        assert any(line.startswith(label) and value in line for line in out.splitlines()), label


def test_legs_defaults_follow_the_mission_option(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from okaeri.model import reference_mission_path

    target = tmp_path / "m"
    shutil.copytree(reference_mission_path(), target)
    mission = target / "model" / "mission.yaml"
    mission.write_text(mission.read_text().replace('vacuum_perigee_altitude: "0 km"',
                                                   'vacuum_perigee_altitude: "-15 km"'))
    data = run_json(capsys, "legs", "--mission", str(target))
    assert data["vacuum_perigee_altitude_m"] == -15000.0
    assert data["entry_fpa_deg"] == pytest.approx(-8.22, abs=0.01)
    overridden = run_json(capsys, "legs", "--mission", str(target), "--vacuum-perigee", "0 km")
    assert overridden == run_json(capsys, "mission")


def test_legs_json_keys_carry_their_unit(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "legs", "--entry-angle", "-6.5 deg")
    for key in ("tli_delta_v_m_s", "loi_delta_v_m_s", "tei_delta_v_m_s",
                "outbound_time_of_flight_s", "return_time_of_flight_s", "arrival_v_inf_m_s",
                "entry_speed_inertial_m_s", "entry_fpa_deg", "entry_altitude_m"):
        assert key in data, key
    assert data["entry_fpa_deg"] == pytest.approx(-6.5)
    assert data["vacuum_perigee_altitude_m"] == pytest.approx(35_313, abs=1)


def test_legs_options(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "legs", "--launch-perigee", "185 km", "--launch-apogee", "185 km",
                    "--llo-altitude", "110 km", "--vacuum-perigee", "35 km",
                    "--entry-altitude", "121.92 km", "--inclination-change", "5 deg")
    assert data["tli_delta_v_m_s"] == pytest.approx(3135.1, abs=0.1)
    assert data["inclination_change_deg"] == pytest.approx(5.0)


def test_no_subcommand_prints_the_reference_mission_legs(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transfer", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # reference-mission.md: TLI from GTO ~0.68 km/s, LOI and TEI ~0.82 km/s, entry ~11 km/s
    assert data["tli_delta_v_m_s"] == pytest.approx(680.0, rel=0.02)
    assert data["loi_delta_v_m_s"] == pytest.approx(820.0, rel=0.02)
    assert data["tei_delta_v_m_s"] == pytest.approx(820.0, rel=0.02)
    assert data["entry_speed_inertial_m_s"] == pytest.approx(11000.0, rel=0.01)
    assert data["vacuum_perigee_altitude_m"] == 0.0  # read from the model


def test_path_reads_the_trajectory_from_that_mission(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from okaeri.model import reference_mission_path

    target = tmp_path / "m"
    shutil.copytree(reference_mission_path(), target)
    mission = target / "model" / "mission.yaml"
    mission.write_text(mission.read_text().replace('lunar_orbit_altitude: "100 km"',
                                                   'lunar_orbit_altitude: "200 km"'))
    assert main(["transfer", str(target), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["llo_altitude_m"] == 200000.0


def test_unknown_mission_folder_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transfer", "/nonexistent/mission"]) == 2
    assert "mission folder not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["hohmann", "--from", "-300 km", "--to", "400 km"], "expected an altitude >= 0"),
        (["hohmann", "--from", "300", "--to", "400 km"], "got the bare number '300'"),
        (["hohmann", "--from", "300 kg", "--to", "400 km"], "got '300 kg' (a mass)"),
        (["hohmann", "--from", "300 km"], "the following arguments are required: --to"),
        (["hohmann", "--from", "300 km", "--to", "400 km", "--body", "mars"], "invalid choice"),
        (["rocket", "--delta-v", "1 km/s", "--isp", "320 s"], "one of the arguments"),
        (["legs", "--llo-altitude", "-100 km"], "expected an altitude >= 0"),
        (["legs", "--vacuum-perigee", "1 km", "--entry-angle", "-6 deg"], "not allowed with"),
    ],
)
def test_argument_errors_exit_2_without_traceback(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["transfer", *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["legs", "--vacuum-perigee", "130 km"], "must be below the entry altitude (120 km)"),
        (["legs", "--llo-altitude", "0 km"], "llo_altitude must be > 0 km"),
        (["legs", "--inclination-change", "270 deg"], "between 0 and 180 deg"),
        (["legs", "--entry-angle", "3 deg"], "flight_path_angle must lie in (-90, 0] deg"),
        (["bielliptic", "--from", "191 km", "--via", "500 km", "--to", "376310 km"],
         "rb must be >= max(r1, r2)"),
        (["plane-change", "--speed", "7 km/s", "--angle", "200 deg"],
         "angle must lie between 0 and 180 deg, got 200 deg"),
        (["rocket", "--delta-v", "-1 km/s", "--isp", "320 s", "--initial-mass", "1 kg"],
         "delta_v must be a finite number >= 0 m/s"),
    ],
)
def test_model_range_errors_exit_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["transfer", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("okaeri transfer: error: ")
    assert message in err
    assert "Traceback" not in err
