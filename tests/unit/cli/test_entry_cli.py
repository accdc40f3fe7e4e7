"""okaeri entry from the command line: table, JSON, corridor, and input errors (exit 2).

Oracle for the numbers: the analysis layer (okaeri.analysis.entry), which the command
must only print.
"""

from __future__ import annotations

import json

import pytest

from okaeri.cli import COMMANDS, main


def test_entry_is_a_registered_command() -> None:
    assert "entry" in COMMANDS


def test_default_table_is_the_reference_capsule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entry"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split() == ["quantity", "value", "unit"]
    rows = {line[:40].strip(): line[40:].split() for line in lines[3:]}
    assert rows["end event"] == ["deploy"]
    assert rows["entry speed, inertial"] == ["11,000.0", "m/s"]
    assert rows["entry flight path angle, inertial"] == ["-8.500", "deg"]
    assert rows["Mach number at deployment"] == ["0.800"]
    assert 3.0 < float(rows["peak heat flux, total"][0]) < 6.0
    assert rows["peak heat flux, total"][1] == "MW/m^2"
    # values right-aligned in one column
    ends = {len(line) - len(line.split()[-1]) for line in lines[3:] if line.endswith("deg")}
    assert len(ends) == 1


def test_json_summary_has_si_keys(capsys: pytest.CaptureFixture[str]) -> None:
    from okaeri.analysis.entry import EntryOptions, EntryState, EntryVehicle, simulate_entry

    assert main(["entry", "--mass", "45.8 kg", "--diameter", "0.81 m", "--nose-radius",
                 "0.22 m", "--cd", "1.0", "--speed", "12.9 km/s", "--fpa", "-8.2 deg",
                 "--altitude", "125 km", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = simulate_entry(
        EntryVehicle(mass="45.8 kg", diameter="0.81 m", nose_radius="0.22 m",
                     drag_coefficient=1.0),
        EntryState(altitude="125 km", speed="12.9 km/s", flight_path_angle="-8.2 deg"),
        EntryOptions(deploy_mach=0.8, deploy_dynamic_pressure="5 kPa"),
    ).summary.as_dict()
    assert data == expected
    assert data["end_event"] == "deploy"
    assert data["entry_speed_inertial_m_s"] == pytest.approx(12900.0)


def test_relative_frame_and_lifting_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entry", "--frame", "relative", "--speed", "10.5 km/s",
                 "--lift-to-drag", "0.2", "--bank", "45 deg", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entry_speed_relative_m_s"] == pytest.approx(10500.0)
    assert data["entry_speed_inertial_m_s"] > 10500.0


def test_corridor_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entry", "--corridor", "--max-g", "50", "--max-heat-flux", "10 MW/m^2",
                 "--max-heat-load", "350 MJ/m^2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["feasible"] is True
    assert data["steep_limit"] == "deceleration"
    assert data["shallow_limit"] == "skip_out"
    assert data["steepest_fpa_deg"] < -8.5 < data["shallowest_fpa_deg"]
    assert main(["entry", "--corridor"]) == 0
    out = capsys.readouterr().out
    assert "steepest entry flight path angle (inertial)" in out
    assert "skip_out" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--mass", "-40 kg"], "the mass must be positive"),
    (["--speed", "11"], "expected a speed"),
    (["--altitude", "1200 km"], "at most 1000 km"),
    (["--fpa", "5 deg"], "must be negative"),
    (["--mass", "3 m"], "expected a mass"),
    (["--frame", "ecef"], "invalid choice"),
    (["--max-heat-flux", "10 MW"], "expected a heat flux"),
])
def test_invalid_input_exits_2_with_a_message_and_no_traceback(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["entry", *argv])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_help_lists_the_reference_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["entry", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for text in ("40 kg", "0.80 m", "11.0 km/s", "-8.5 deg", "--corridor", "--deploy-mach"):
        assert text in out
