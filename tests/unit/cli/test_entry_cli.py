"""okaeri entry from the command line: the mission's nominal entry by default, options that
replace one value, the corridor, and input errors (exit 2).

Oracles: the dependency graph's ``entry.nominal`` and ``entry.corridor`` (the command must
print what they compute, for the reference mission and for an edited copy), and the
analysis layer (okaeri.analysis.entry) for an option that replaces a value.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from okaeri.cli import COMMANDS, main
from okaeri.model import reference_mission_path

JSON_KEYS = {
    "peak_heat_flux_total": ("peak_heat_flux_total_W_m2", 1.0),
    "peak_heat_flux_convective": ("peak_heat_flux_convective_W_m2", 1.0),
    "peak_heat_flux_radiative": ("peak_heat_flux_radiative_W_m2", 1.0),
    "altitude_at_peak_heat_flux": ("altitude_at_peak_heat_flux_m", 1.0),
    "heat_load_total": ("heat_load_total_J_m2", 1.0),
    "heat_load_convective": ("heat_load_convective_J_m2", 1.0),
    "heat_load_radiative": ("heat_load_radiative_J_m2", 1.0),
    "peak_deceleration": ("peak_deceleration_m_s2", 1.0),
    "peak_dynamic_pressure": ("peak_dynamic_pressure_Pa", 1.0),
    "time_to_deploy": ("time_to_deploy_s", 1.0),
    "altitude_at_deploy": ("altitude_at_deploy_m", 1.0),
    "mach_at_deploy": ("mach_at_deploy", 1.0),
    "dynamic_pressure_at_deploy": ("dynamic_pressure_at_deploy_Pa", 1.0),
    "deploy_latitude": ("deploy_latitude_deg", math.pi / 180.0),
    "deploy_longitude": ("deploy_longitude_deg", math.pi / 180.0),
    "landing_latitude": ("landing_latitude_deg", math.pi / 180.0),
    "landing_longitude": ("landing_longitude_deg", math.pi / 180.0),
    "landing_miss_distance": ("landing_miss_distance_m", 1.0),
    "drift": ("drift_m", 1.0),
    "landing_time": ("landing_time_s", 1.0),
    "landing_descent_rate": ("landing_descent_rate_m_s", 1.0),
    "downrange": ("downrange_m", 1.0),
}
"""Output of entry.nominal -> (key of ``okaeri entry --json``, SI value of its unit)."""


def _graph(folder: Path) -> object:
    from okaeri.budgets import build_graph
    from okaeri.model import load_mission

    return build_graph(load_mission(folder))


def _entry_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["entry", *argv, "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def _assert_equals_the_graph(data: dict[str, object], folder: Path) -> None:
    graph = _graph(folder)
    outputs = [k.rpartition(".")[2] for k in graph.node("entry.nominal").outputs]  # type: ignore[attr-defined]
    assert set(outputs) <= set(JSON_KEYS)
    for output in outputs:
        key, unit = JSON_KEYS[output]
        value = graph.value(f"entry.nominal.{output}")  # type: ignore[attr-defined]
        assert data[key] == pytest.approx(value / unit, rel=1e-12, abs=1e-12), output


def test_entry_is_a_registered_command() -> None:
    assert "entry" in COMMANDS


def test_json_equals_the_graphs_nominal_entry(capsys: pytest.CaptureFixture[str]) -> None:
    """Without options, ``okaeri entry`` is the reference mission's entry.nominal."""
    data = _entry_json(capsys)
    _assert_equals_the_graph(data, reference_mission_path())
    assert data["end_event"] == "ground" and data["parachute_descent"] is True
    assert data["mach_at_deploy"] == pytest.approx(0.70, abs=5e-4)  # the sized timer


def test_json_equals_the_graph_for_an_edited_mission(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An edited copy (heavier heat shield, ideal Mach trigger, no descent): the defaults
    follow the mission, and the landing point is the deployment point."""
    folder = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), folder)
    capsule = folder / "model" / "capsule.yaml"
    text = capsule.read_text()
    text = text.replace('basic_mass: "10 kg"', 'basic_mass: "14 kg"', 1)
    text = text.replace('      trigger: g_switch\n      g_switch_level: "3 g0"\n'
                        '      g_switch_arm_level: "10 g0"\n      timer_delay: "60.0 s"\n'
                        '      drogue_drag_area: "0.6 m^2"\n      main_drag_area: "20 m^2"\n'
                        '      main_deploy_altitude: "3 km"\n',
                        "      trigger: conditions\n      trigger_mach: 0.75\n")
    capsule.write_text(text)
    data = _entry_json(capsys, str(folder))
    _assert_equals_the_graph(data, folder)
    assert data["end_event"] == "deploy" and data["parachute_descent"] is False
    assert data["mach_at_deploy"] == pytest.approx(0.75, rel=1e-6)
    assert data["landing_latitude_deg"] == data["deploy_latitude_deg"]
    assert data["drift_m"] is None


def test_an_option_replaces_one_value(capsys: pytest.CaptureFixture[str]) -> None:
    """``--mass`` replaces the mass port only: the same as the analysis layer with the
    mission's other values."""
    from okaeri.analysis.entry import simulate_entry
    from okaeri.analysis.entry_setup import entry_setup
    from okaeri.cli.entry import mission_entry

    data = _entry_json(capsys, "--mass", "50 kg")
    entry = mission_entry(reference_mission_path())
    setup = entry_setup({**entry.values, "mass": 50.0}, entry.model)
    expected = simulate_entry(setup.vehicle, setup.state, setup.options,
                              setup.core_inputs).summary.as_dict()
    assert data["peak_heat_flux_total_W_m2"] == expected["peak_heat_flux_total_W_m2"]
    assert data["time_to_deploy_s"] == expected["time_to_deploy_s"]
    assert data["entry_fpa_inertial_deg"] == pytest.approx(
        math.degrees(entry.values["flight_path_angle"]))


def test_default_table_shows_the_landing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entry"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "landing after the parachute descent" in lines[0]
    assert lines[1].split() == ["quantity", "value", "unit"]
    rows = {line[:40].strip(): line[40:].split() for line in lines[3:]}
    assert rows["end event"] == ["ground"]
    assert rows["Mach number at deployment"] == ["0.700"]
    assert rows["main parachute opens at"] == ["3.00", "km"]
    assert rows["landing miss distance"][1] == "km"
    assert float(rows["landing miss distance"][0]) < 0.5  # the interface is aimed at it
    assert 3.0 < float(rows["peak heat flux, total"][0]) < 6.0
    ends = {len(line) - len(line.split()[-1]) for line in lines[3:] if line.endswith("deg")}
    assert len(ends) == 1  # values right-aligned in one column


def test_ideal_mach_sensor_and_relative_frame(capsys: pytest.CaptureFixture[str]) -> None:
    data = _entry_json(capsys, "--deploy-mach", "0.8", "--deploy-dynamic-pressure", "5 kPa")
    assert data["mach_at_deploy"] == pytest.approx(0.8, rel=1e-6)
    data = _entry_json(capsys, "--frame", "relative", "--speed", "10.5 km/s", "--fpa",
                       "-8 deg", "--heading", "110 deg", "--lift-to-drag", "0.2", "--bank",
                       "45 deg")
    assert data["entry_speed_relative_m_s"] == pytest.approx(10500.0)
    assert data["entry_speed_inertial_m_s"] > 10500.0


def test_corridor_limits_default_to_the_capsule(capsys: pytest.CaptureFixture[str]) -> None:
    """The corridor of ``okaeri entry --corridor`` is the graph's entry.corridor."""
    data = _entry_json(capsys, "--corridor")
    graph = _graph(reference_mission_path())
    assert data["max_deceleration_g"] == pytest.approx(50.0)
    assert data["max_heat_flux_W_m2"] == pytest.approx(10e6)
    assert data["max_heat_load_J_m2"] == pytest.approx(350e6)
    assert math.radians(data["steepest_fpa_deg"]) == pytest.approx(  # type: ignore[arg-type]
        graph.value("entry.corridor.steepest_fpa"), abs=1e-9)  # type: ignore[attr-defined]
    assert math.radians(data["shallowest_fpa_deg"]) == pytest.approx(  # type: ignore[arg-type]
        graph.value("entry.corridor.shallowest_fpa"), abs=1e-9)  # type: ignore[attr-defined]
    narrower = _entry_json(capsys, "--corridor", "--max-g", "30")
    assert narrower["max_deceleration_g"] == 30.0
    assert narrower["steepest_fpa_deg"] > data["steepest_fpa_deg"]  # type: ignore[operator]
    assert main(["entry", "--corridor"]) == 0
    assert "steepest entry flight path angle (inertial)" in capsys.readouterr().out


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


@pytest.mark.parametrize(("argv", "message"), [
    (["--deploy-dynamic-pressure", "5 kPa"], "give --deploy-mach too"),
    (["--frame", "relative", "--speed", "10 km/s"], "--frame relative needs"),
])
def test_options_that_do_not_fit_the_mission_exit_2(
        capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(["entry", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_mission_without_an_entry_is_a_clear_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), folder)
    mission = folder / "model" / "mission.yaml"
    text = mission.read_text()
    start = text.index("  - id: entry\n")
    end = text.index("  - id: descent\n")
    mission.write_text(text[:start] + text[end:])
    assert main(["entry", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "no entry phase" in err and "Traceback" not in err


def test_help_says_the_defaults_are_the_missions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["entry", "--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for text in ("default: the mission's", "PATH", "--corridor", "--deploy-mach"):
        assert text in out
    assert "40 kg" not in out and "-8.5 deg" not in out
