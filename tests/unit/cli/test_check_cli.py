"""okaeri check, schema and init from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from okaeri.cli import COMMANDS, main
from okaeri.model import reference_mission_path
from okaeri.model.schema import model_schema_text


def test_check_prints_the_reference_mission_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("LSR-1: valid (the reference mission shipped with okaeri)")
    # heat shield: 10 kg basic, new design (ESA 20 %) -> 12 kg predicted
    assert "heat_shield_tps        thermal_protection  new" in out
    assert "12.00" in out


def test_check_json_gives_si_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    capsule = next(v for v in data["summary"]["vehicles"] if v["id"] == "capsule")
    shield = next(c for c in capsule["components"] if c["id"] == "heat_shield_tps")
    assert shield["predicted_mass_kg"] == pytest.approx(12.0)


def test_check_json_lists_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "bad.yaml").write_text("vehicles: 3\n")
    assert main(["check", str(tmp_path), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert data["findings"][0]["file"] == "model/bad.yaml"


def test_init_then_check_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my-mission"
    assert main(["init", str(target)]) == 0
    assert (target / "okaeri-model.schema.json").is_file()
    assert main(["check", str(target)]) == 0
    assert "LSR-1: valid" in capsys.readouterr().out


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 2
    assert "already exists and is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_schema_written_to_file_matches_the_shipped_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["title"] == "okaeri model file"
    from okaeri.model import reference_mission_path

    shipped = reference_mission_path() / "okaeri-model.schema.json"
    assert shipped.read_text() == model_schema_text(), "run: okaeri schema --out " + str(shipped)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: okaeri " + command in capsys.readouterr().out


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "exit codes" in capsys.readouterr().out


def test_a_limit_that_is_not_a_quantity_gets_a_hint_without_an_empty_example(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mission = tmp_path / "mission"
    shutil.copytree(reference_mission_path(), mission)
    path = mission / "requirements" / "capsule.yaml"
    path.write_text(path.read_text().replace('limit: "50 g0"', 'limit: "abc"', 1))
    assert main(["check", str(mission), "--json"]) == 2
    findings = json.loads(capsys.readouterr().out)["findings"]
    found = [f for f in findings if f["code"] == "okaeri.not_a_quantity"]
    assert found and found[0]["hint"] == "write a number and its unit"
