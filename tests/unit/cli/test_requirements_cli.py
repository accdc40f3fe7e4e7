"""okaeri requirements import / export from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from okaeri.cli import main
from okaeri.model import reference_mission_path
from okaeri.requirements import load_requirements

DATA = Path(__file__).parents[2] / "data" / "strictdoc"
STRICTDOC = DATA / "lsr-synthetic.reqif"
PATTERN = ["--id-pattern", r"^SYS-\d{5}$", "--id-example", "SYS-00001"]


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKAERI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cli-cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


@pytest.fixture
def empty_mission(tmp_path: Path) -> Path:
    folder = tmp_path / "mission"
    (folder / "requirements").mkdir(parents=True)
    return folder


def test_import_strictdoc_reqif_needs_the_id_pattern(
        empty_mission: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["requirements", "import", str(STRICTDOC), "--into", str(empty_mission)]) == 2
    err = capsys.readouterr().err
    assert "[okaeri.invalid_id]" in err and "^SYS-\\d{5}$" in err
    assert err.rstrip().endswith("nothing written")
    assert list((empty_mission / "requirements").iterdir()) == []


def test_import_strictdoc_reqif_writes_a_loadable_mission(
        empty_mission: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["requirements", "import", str(STRICTDOC), "--into", str(empty_mission), *PATTERN]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "38 requirements in 4 documents" in out
    assert "kept as attributes: STATUS (2), TAGS (1), section (2)" in out
    files = sorted(p.name for p in (empty_mission / "requirements").iterdir())
    assert files == ["component_requirements.yaml", "entry_and_recovery_requirements.yaml",
                     "settings.yaml", "stakeholder_requirements.yaml",
                     "system_requirements.yaml"]
    requirements = load_requirements(empty_mission)
    assert len(requirements) == 38
    assert requirements["SYS-00037"].parents == ("SYS-00002", "SYS-00003")
    # a second import refuses to overwrite, and writes nothing
    before = {p: p.read_bytes() for p in (empty_mission / "requirements").iterdir()}
    assert main(args) == 2
    assert "[okaeri.file_exists]" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (empty_mission / "requirements").iterdir()} == before
    assert main([*args, "--force"]) == 0
    assert {p: p.read_bytes() for p in (empty_mission / "requirements").iterdir()} == before


def test_dry_run_writes_nothing(empty_mission: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["requirements", "import", str(STRICTDOC), "--into", str(empty_mission), *PATTERN,
            "--file", "imported", "--dry-run", "--level", "system"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "would write" in out and "imported.yaml" in out
    assert list((empty_mission / "requirements").iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    (["notes.txt"], "expected a .reqif, .csv or .xlsx file"),
    (["missing.csv"], "no such file"),
    ([str(STRICTDOC), "--map", "STATUS=colour"], "expected NAME=FIELD"),
    ([str(STRICTDOC), "--id-pattern", "^SYS-(\\d$", "--id-example", "SYS-1"],
     "not a regular expression"),
    ([str(STRICTDOC), "--id-pattern", "^SYS-\\d+$"], "needs --id-example"),
])
def test_bad_import_arguments(empty_mission: Path, capsys: pytest.CaptureFixture[str],
                              args: list[str], message: str) -> None:
    assert main(["requirements", "import", *args, "--into", str(empty_mission)]) == 2
    assert message in capsys.readouterr().err


def test_export_csv_to_standard_output_and_back(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["requirements", "export", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("document,id,title,text,")
    mission = tmp_path / "m"
    shutil.copytree(reference_mission_path(), mission)
    for path in (mission / "requirements").iterdir():
        path.unlink()
    exported = tmp_path / "lsr-1.csv"
    exported.write_text(text, encoding="utf-8", newline="")
    assert main(["requirements", "import", str(exported), "--into", str(mission)]) == 0
    assert list(load_requirements(mission)) == list(load_requirements(reference_mission_path()))


@pytest.mark.parametrize("fmt", ["reqif", "xlsx"])
def test_export_to_file_and_import_back(tmp_path: Path, fmt: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"lsr-1.{fmt}"
    assert main(["requirements", "export", "--format", fmt, "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    mission = tmp_path / "m"
    (mission / "requirements").mkdir(parents=True)
    assert main(["requirements", "import", str(out), "--into", str(mission)]) == 0
    assert list(load_requirements(mission)) == list(load_requirements(reference_mission_path()))


def test_reqif_export_is_reproducible_with_source_date_epoch(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["requirements", "export", "--format", "reqif"]) == 0
    first = capsys.readouterr().out
    assert main(["requirements", "export", "--format", "reqif"]) == 0
    assert capsys.readouterr().out == first
    assert "<CREATION-TIME>2026-11-18T11:06:40Z</CREATION-TIME>" in first


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "xlsx"], "xlsx needs --out"),
    (["--format", "reqif", "--matrix"], "csv or xlsx"),
    (["--format", "csv", "--from-json", "run.json"], "--matrix only"),
])
def test_bad_export_arguments(capsys: pytest.CaptureFixture[str], args: list[str],
                              message: str) -> None:
    assert main(["requirements", "export", *args]) == 2
    assert message in capsys.readouterr().err


def test_matrix_from_a_fresh_run_equals_the_matrix_from_its_json(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_json, fresh = tmp_path / "run.json", tmp_path / "fresh.csv"
    assert main(["verify", "-q", "--json", str(run_json)]) == 0
    assert main(["requirements", "export", "--matrix", "--format", "csv", "--out",
                 str(fresh)]) == 0
    capsys.readouterr()
    assert main(["requirements", "export", "--matrix", "--format", "csv", "--from-json",
                 str(run_json)]) == 0
    saved = capsys.readouterr().out
    assert saved == fresh.read_bytes().decode("utf-8")
    assert saved.splitlines()[0].startswith("id,title,text,level,methods,stage,criterion,value")
    assert len(saved.splitlines()) == 1 + len(json.loads(run_json.read_text())["requirements"])


def test_matrix_from_bad_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "run.json"
    bad.write_text("{not json")
    assert main(["requirements", "export", "--matrix", "--format", "csv", "--from-json",
                 str(bad)]) == 2
    assert "run.json" in capsys.readouterr().err


def test_requirements_without_action_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["requirements"]) == 2
    assert "import" in capsys.readouterr().out
