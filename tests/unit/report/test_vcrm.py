"""The verification cross-reference matrix of the reference mission's run."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

from okaeri.report.vcrm import VCRM_HEADERS, results_from_json, vcrm_csv, vcrm_xlsx
from okaeri.verification import VerificationRun


def rows(text: str) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text))}


def test_matrix_has_one_row_per_requirement_in_display_units(run: VerificationRun) -> None:
    table = rows(vcrm_csv(run.requirements))
    assert list(table) == [r.id for r in run.requirements]
    heat_flux = run.result("CAP-010")
    row = table["CAP-010"]
    assert row["unit"] == "MW/m^2" and row["methods"] == "analysis"
    assert row["stage"] == "qualification" and row["level"] == "subsystem"
    assert float(row["value"]) == pytest.approx(heat_flux.value_si / 1e6, rel=1e-5)
    assert float(row["limit"]) == pytest.approx(10.0)  # qualified to 10 MW/m^2
    assert float(row["margin (%)"]) == pytest.approx(100 * heat_flux.margin, rel=1e-5)
    assert float(row["required margin (%)"]) == pytest.approx(20.0)
    assert row["verdict"] == "pass" and "ANA-ENT-003" in row["evidence"]
    assert row["compliance"] == "compliant" and row["methods closed"] == "1 of 1"
    assert row["method verdicts"] == "analysis: pass"
    deceleration = table["CAP-030"]
    assert deceleration["unit"] == "g0"
    assert float(deceleration["value"]) == pytest.approx(
        run.result("CAP-030").value_si / 9.80665, rel=1e-5)


def test_inconclusive_requirement_shows_why(run: VerificationRun) -> None:
    row = rows(vcrm_csv(run.requirements))["CAP-070"]
    assert row["verdict"] == "inconclusive" and row["methods"] == "test"
    assert row["compliance"] == "partially compliant" and row["methods closed"] == "0 of 1"
    assert row["reason"] and row["value"] == "" and row["unit"] == ""


def test_matrix_from_saved_json_is_the_same(run: VerificationRun) -> None:
    saved = json.loads(json.dumps(run.as_dict(), allow_nan=True))
    assert results_from_json(saved) == run.requirements
    assert vcrm_csv(results_from_json(saved)) == vcrm_csv(run.requirements)


def test_xlsx_matrix_holds_numbers(run: VerificationRun, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "vcrm.xlsx"
    path.write_bytes(vcrm_xlsx(run.requirements))
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "VCRM"
    assert tuple(c.value for c in sheet[1]) == VCRM_HEADERS
    value = sheet.cell(2, VCRM_HEADERS.index("value") + 1).value
    assert isinstance(value, float) and math.isfinite(value)


@pytest.mark.parametrize("data", [{}, {"requirements": [{"id": "X"}]}, [],
                                  {"requirements": [{"verdict": "maybe"}]}])
def test_not_a_run_is_a_clear_error(data: object) -> None:
    with pytest.raises(ValueError, match=r"requirement|okaeri verify"):
        results_from_json(data)
