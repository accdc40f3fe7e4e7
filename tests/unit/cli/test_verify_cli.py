"""okaeri verify, budget, impact and graph from the command line."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from okaeri.cli import main
from okaeri.model import reference_mission_path


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cli-cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def test_verify_reference_mission(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junit, run_json = tmp_path / "verdicts.xml", tmp_path / "run.json"
    assert main(["verify", "--junit", str(junit), "--json", str(run_json)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        "INCOMPLETE: 26 pass, 0 fail, 4 inconclusive, 0 error; 0 below required margin")
    # inconclusive requirements come before the passes
    assert out.index("CAP-070      INCONCLUSIVE") < out.index("CAP-010      pass")
    suite = ET.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("30", "0", "4")
    assert suite.get("timestamp") == "2026-11-18T11:06:40Z"  # SOURCE_DATE_EPOCH 1795000000
    data = json.loads(run_json.read_text())
    assert {r["id"] for r in data["requirements"]} >= {"CAP-010", "SYS-010"}
    assert data["budgets"]["mass"]["launch_allowance_kg"] == 2000.0


def test_junit_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    assert main(["verify", "-q", "--junit", str(first)]) == 0
    assert main(["verify", "-q", "--junit", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_parsed_files_are_kept_unless_no_cache(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(cache))
    documents = []
    for i, flags in enumerate((["--no-cache"], [], [])):  # afresh, keeping, reading back
        out = tmp_path / f"run{i}.json"
        assert main(["verify", "-q", "--json", str(out), *flags]) == 0
        documents.append(json.loads(out.read_text()))
        kept = sorted((cache / "documents").glob("*")) if cache.exists() else []
        assert bool(kept) == (i > 0)
    assert documents[0] == documents[1] == documents[2]


def test_budget_reads_the_cache_unless_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(cache))
    printed = []
    for flags in (["--no-cache"], [], []):  # afresh, keeping, reading back
        assert main(["budget", "--json", *flags]) == 0
        printed.append(json.loads(capsys.readouterr().out))
        assert cache.exists() == (flags == [])
    assert len(list(cache.glob("*.json"))) >= 3  # the analyses the budgets run
    model_files = list((reference_mission_path() / "model").glob("*.yaml"))
    # each model file's parsed form and its index
    assert len(list((cache / "documents").glob("*"))) == 2 * len(model_files)
    assert printed[0] == printed[1] == printed[2]


def test_strict_fails_on_inconclusive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "-q", "--strict"]) == 1
    assert capsys.readouterr().out.startswith("FAILED: 26 pass")


def test_require_selects_requirements(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--require", "CAP-030"]) == 0
    out = capsys.readouterr().out
    assert "CAP-031" in out and "SYS-010" not in out


def test_unknown_requirement_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--require", "CAP-999"]) == 2
    assert "unknown requirement 'CAP-999'" in capsys.readouterr().err


def test_verify_invalid_model_is_exit_2(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "m"
    shutil.copytree(reference_mission_path(), target)
    capsule = target / "model" / "capsule.yaml"
    capsule.write_text(capsule.read_text().replace('diameter: "0.80 m"', 'diameter: 0.8'))
    assert main(["verify", str(target)]) == 2
    assert "capsule.aeroshell.diameter: expected a length" in capsys.readouterr().err


@pytest.mark.parametrize(("kind", "key"), [
    ("mass", "launch_mass_kg"), ("delta-v", "capability_m_s"),
    ("propellant", "required_kg"), ("heat", "entry_speed_inertial_m_s")])
def test_budget_json_has_si_keys(kind: str, key: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", kind, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"mission", kind}
    assert data[kind][key] > 0.0


def test_budget_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget"]) == 0
    out = capsys.readouterr().out
    for title in ("MASS BUDGET", "DELTA-V BUDGET", "PROPELLANT BUDGET", "HEAT-LOAD BUDGET"):
        assert title in out
    from okaeri.budgets import evaluate_budgets
    from okaeri.model import load_mission

    launch = evaluate_budgets(load_mission())[0].mass.launch_mass_kg
    assert f"launch mass          {launch:,.1f} kg of 2,000.0 kg allowed" in out


def test_budget_rejects_two_paths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", "mass", "a", "b"]) == 2
    assert "expected [NAME] [PATH]" in capsys.readouterr().err


def test_budget_lists_the_declared_budgets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", "--list", "--json"]) == 0
    listed = {b["name"]: b for b in json.loads(capsys.readouterr().out)["budgets"]}
    assert set(listed) == {"mass", "delta-v", "propellant", "heat", "power.otv",
                           "eclipse_power.otv", "power.capsule"}
    assert listed["power.otv"]["modes"] == "cruise, main_engine_burn, lunar_operations, safe"


def test_a_declared_budget_per_mode_with_margins(capsys: pytest.CaptureFixture[str]) -> None:
    """``okaeri budget power`` prints every scope of the power budget; the JSON of the
    OTV's equals the graph's values (budget.power.otv.<mode>.*)."""
    from okaeri.verification import load_project

    assert main(["budget", "power", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"mission", "power.otv", "power.capsule"}
    graph = load_project().graph
    for mode in data["power.otv"]["modes"]:
        key = f"budget.power.otv.{mode['mode']}"
        assert mode["with_margin_si"] == pytest.approx(graph.value(f"{key}.with_margin"))
        assert mode["margin_fraction"] == pytest.approx(graph.value(f"{key}.margin"))
        assert all(line["origin"].startswith("model/otv.yaml:") for line in mode["lines"])
    assert main(["budget", "power.otv"]) == 0
    out = capsys.readouterr().out
    assert "mode lunar_operations" in out and "= otv.orbit_average_power_capacity" in out


def test_an_unknown_budget_names_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["budget", "powr"]) == 2
    err = capsys.readouterr().err
    assert "unknown budget 'powr'" in err and "power.otv" in err and "--list" in err


def test_impact_lists_downstream_values_and_requirements(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["impact", "capsule.aeroshell.nose_radius", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    keys = {row["key"] for row in data["downstream"]}
    assert "entry.nominal.peak_heat_flux_total" in keys
    assert "budget.mass.launch" not in keys  # the nose radius does not change masses
    assert {"CAP-010", "CAP-020", "CAP-041"} <= set(data["requirements"])


def test_impact_of_unknown_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["impact", "capsule.aeroshell.nose_radiu"]) == 2
    assert "did you mean 'capsule.aeroshell.nose_radius'?" in capsys.readouterr().err


@pytest.mark.parametrize(("fmt", "marker"), [("dot", "digraph"), ("mermaid", "flowchart"),
                                             ("json", '"nodes"')])
def test_graph_export(fmt: str, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--format", fmt, "--no-values", "--upstream",
                 "budget.mass.launch"]) == 0
    out = capsys.readouterr().out
    assert marker in out and "otv.tanks.basic_mass" in out


def test_graph_export_gives_every_relation_its_value(capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """Deferred relations too (each component's predicted mass, each budget line)."""
    assert main(["graph", "--format", "json"]) == 0
    nodes = {n["key"]: n for n in json.loads(capsys.readouterr().out)["nodes"]}
    line = nodes["otv.structure.predicted_mass"]
    assert line["value_si"] == pytest.approx(
        nodes["otv.structure.basic_mass"]["value_si"] * (
            1.0 + nodes["mission.policy.equipment_margins.new"]["value_si"]))
    unvalued = [k for k, n in nodes.items() if n["kind"] == "relation" and n["value_si"] is None]
    assert unvalued == []


def _row(out: str, requirement: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(requirement + " "))


def test_values_are_shown_in_the_unit_of_their_limit(capsys: pytest.CaptureFixture[str]) -> None:
    """A percentage limit reads in %, angles and levels carry their margin as a difference,
    standard gravity is g0 and never g."""
    assert main(["verify"]) == 0
    out = capsys.readouterr().out
    sys020 = _row(out, "SYS-020")
    assert "20.00 %" in sys020 and " pts)" in sys020 and "0.2" not in sys020
    assert "(+2.356 deg)" in _row(out, "CAP-041")  # 2.856 deg against 0.5 deg
    assert "dB)" in _row(out, "OTV-040")
    assert _row(out, "CAP-030").count(" g0") == 3  # value, limit, criterion
    assert "100.0 g" in _row(out, "SYS-030")  # a mass limit in grams stays in grams


def test_a_percentile_shows_its_bound_and_its_estimate(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The value judged is the confidence bound; the sample percentile is beside it, and
    for an upper limit the bound lies above it."""
    import re

    assert main(["verify", "--require", "CAP-010", "CAP-060"]) == 0
    out = capsys.readouterr().out
    for requirement, statistic, unit in (("CAP-010", "P99.87", "MW/m\\^2"),
                                         ("CAP-060", "P99", "km")):
        found = re.search(rf"([\d.]+) {unit} \({re.escape(statistic)} est\. ([\d.]+)\)",
                          _row(out, requirement))
        assert found is not None, _row(out, requirement)
        assert float(found.group(1)) >= float(found.group(2))


def _reject_constant(name: str) -> None:
    raise AssertionError(f"{name} in JSON output")


def test_failed_analysis_is_named_once_and_json_stays_finite(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "m"
    shutil.copytree(reference_mission_path(), target)
    mission = target / "model" / "mission.yaml"
    mission.write_text(mission.read_text().replace(
        'vacuum_perigee_altitude: "0 km"', 'vacuum_perigee_altitude: "90 km"'))
    run_json = tmp_path / "run.json"
    assert main(["verify", str(target), "--json", str(run_json)]) == 1
    out = capsys.readouterr().out
    assert out.count("skip_out") == 1  # the root cause once, under the table
    assert "error in entry.nominal (blocks CAP-020" in out
    assert "run by ANA-ENT-001 at verification/entry.yaml:" in out
    data = json.loads(run_json.read_text(), parse_constant=_reject_constant)
    assert [e["key"] for e in data["errors"]] == ["entry.nominal"]


def test_a_missing_folder_is_reported_once(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.count("mission folder not found") == 1
    a_file = tmp_path / "mission.yaml"
    a_file.write_text("mission: {}\n")
    assert main(["check", str(a_file)]) == 2
    assert "is a file, not a mission folder" in capsys.readouterr().err


def test_a_zero_load_shows_its_equipment_margin(capsys: pytest.CaptureFixture[str]) -> None:
    """The parachute system draws 0 W in beacon mode; its margin is still the category's
    10 % (ESA, modified equipment), not a ratio of 0 W to 0 W."""
    assert main(["budget", "power.capsule", "--json"]) == 0
    beacon, = [m for m in json.loads(capsys.readouterr().out)["power.capsule"]["modes"]
               if m["mode"] == "beacon"]
    line, = [x for x in beacon["lines"] if x["component"] == "parachute_system"]
    assert (line["value_si"], line["margin_fraction"]) == (0.0, pytest.approx(0.10))
