"""CSV and XLSX tables: texts stay texts, rows know where they were."""

from __future__ import annotations

from pathlib import Path

from okaeri.requirements.interchange.tables import (
    Table,
    read_csv,
    read_xlsx,
    write_csv,
    write_xlsx,
)

from .conftest import WHEN

TABLE = Table("sheet [1]", ("id", "limit", "value", "text"), (
    ("CAP-010", "= capsule.heat_shield.max_heat_flux", 4.262, "line one\nline, two"),
    ("CAP-020", "-8.5 deg", None, '"quoted"'),
))


def test_csv_round_trip_keeps_texts_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(write_csv(TABLE), encoding="utf-8", newline="")
    table, findings = read_csv(path, "t.csv")
    assert findings == [] and table is not None
    assert table.headers == TABLE.headers
    assert table.rows[0] == ("CAP-010", "= capsule.heat_shield.max_heat_flux", "4.262",
                             "line one\nline, two")
    assert table.rows[1][2] == ""
    assert table.lines == (2, 4)  # the first row's text spans two lines


def test_csv_with_byte_order_mark_and_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeff\r\nid,title\r\n\r\nA-001,x\r\n".encode())
    table, _ = read_csv(path, "t.csv")
    assert table is not None and table.headers == ("id", "title")
    assert (table.rows, table.lines) == ((("A-001", "x"),), (4,))


def test_unreadable_csv_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"id\n\xff\xfe\n")
    table, findings = read_csv(path, "t.csv")
    assert table is None and findings[0].code == "okaeri.unreadable_file"


def test_xlsx_texts_are_never_formulas(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(write_xlsx([TABLE], created=WHEN))
    from openpyxl import load_workbook

    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "sheet _1_"  # Excel forbids [ and ] in sheet names
    assert sheet["B2"].data_type == "s" and sheet["C2"].data_type == "n"
    tables, findings = read_xlsx(path, "t.xlsx")
    assert findings == [] and tables[0].rows[0] == TABLE.rows[0]
    assert tables[0].lines == (2, 3)


def test_unreadable_xlsx_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_text("not a zip")
    tables, findings = read_xlsx(path, "t.xlsx")
    assert tables == [] and findings[0].code == "okaeri.unreadable_file"
