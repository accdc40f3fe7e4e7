"""okaeri trade and okaeri sensitivity from the command line."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from okaeri.cli import main

STUDY = """\
trade:
  variables:
    otv.propulsion.thrust: ["500 N", "1 kN", "2000 N"]
    capsule.aeroshell.diameter: {from: "0.7 m", to: "1.0 m", steps: 2}
  outputs: [budget.mass.launch, SYS-010, CAP-030]
  objectives: {budget.mass.launch: minimize, CAP-030: maximize}
"""


@pytest.fixture(autouse=True)
def environment(tmp_path_factory: pytest.TempPathFactory,
                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cli-cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def study(tmp_path: Path, text: str = STUDY) -> Path:
    path = tmp_path / "thrust.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_trade_writes_table_and_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["trade", str(study(tmp_path)), "--out", str(out), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "thrust: 6 points (local, 1 process(es)): 6 pass; 0 failed to evaluate; " \
           "Pareto front:" in printed
    assert "1,000" in printed  # "1 kN" shown in the study's first unit, N
    csv = (out / "trade.csv").read_text().splitlines()
    assert len(csv) == 7 and csv[1].startswith("0,500.0,0.7,")
    assert csv[3].startswith("2,1000.0,0.7,")
    html = (out / "trade.html").read_text()
    for figure in ("trade_feasibility_0", "trade_pareto", "trade_output_0_0",
                   "trade_output_2_1"):
        assert f'id="fig-{figure}"' in html
    assert "2026-11-18T11:06:40Z" in html
    first = html
    assert main(["trade", str(study(tmp_path)), "--out", str(out), "--workers", "1", "-q"]) == 0
    assert (out / "trade.html").read_text() == first  # deterministic
    if (out / "trade.parquet").exists():
        assert (out / "trade.parquet").read_bytes()[:4] == b"PAR1"


def test_trade_default_output_folder(tmp_path: Path) -> None:
    assert main(["trade", str(study(tmp_path)), "--workers", "1", "-q"]) == 0
    assert (tmp_path / "thrust-results" / "trade.csv").exists()


def test_invalid_study_is_exit_2_with_its_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = study(tmp_path, STUDY.replace('"1 kN"', '"1 kg"'))
    assert main(["trade", str(path), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:" in err and "okaeri.unit_mismatch" in err


def test_bad_dask_argument_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trade", str(study(tmp_path)), "--dask", "local:0"]) == 2
    assert "local:N" in capsys.readouterr().err


def test_sensitivity_of_the_launch_mass_margin(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sens"
    assert main(["sensitivity", "SYS-010", "--top", "5", "--json", str(tmp_path / "s.json"),
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    assert lines[0] == "SYS-010: budget.mass.launch <= launch.mass_allowance"
    top = {"launch.mass_allowance", "otv.propulsion.isp"}  # the limit, the rocket equation
    assert {lines[4].split()[1], lines[5].split()[1]} == top
    assert lines[4].split()[0] == "1"
    data = json.loads((tmp_path / "s.json").read_text())
    (tornado,) = data["tornados"]
    assert tornado["requirement"] == "SYS-010" and tornado["method"] == "graph"
    assert {p["key"] for p in tornado["parameters"][:2]} == top
    assert (out / "figures" / "tornado_sys_010.svg").read_text().startswith("<svg")
    assert 'id="fig-tornado_sys_010"' in (out / "sensitivity.html").read_text()


def test_sensitivity_unknown_requirement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sensitivity", "SYS-01"]) == 2
    assert "did you mean 'SYS-010'" in capsys.readouterr().err


def test_values_out_of_range_are_rows_with_the_fields_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = study(tmp_path, """\
        trade:
          variables:
            mission.policy.system_margin: ["-5 %", "20 %"]
          outputs: [budget.mass.launch, SYS-010]
        """)
    assert main(["trade", str(path), "--workers", "1", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert ("'mission.policy.system_margin' out of its admissible range: expected >= 0 % and "
            "<= 100 %, got '-5 %'") in printed
    assert "2 points (local, 1 process(es)): 1 pass, 1 error; 1 failed to evaluate" in printed
    rows = (tmp_path / "out" / "trade.csv").read_text().splitlines()
    assert rows[1].startswith("0,-0.05,,,") and rows[2].startswith("1,0.2,")
