"""Tables in and out: CSV (standard library) and XLSX (openpyxl).

A :class:`Table` is a name, a header row and rows of cells (text, numbers or nothing).
CSV holds one table, as RFC 4180 text in UTF-8 (a byte order mark is accepted on
reading); XLSX holds one table per worksheet. Text cells are written as text, never as
formulas, so a limit such as ``= capsule.heat_shield.max_heat_flux`` stays a text
(a spreadsheet program opening the *CSV* would still read it as a formula: open the
XLSX). Reading keeps where each row was (line of the CSV file, row of the sheet).
"""

from __future__ import annotations

import csv
import datetime
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okaeri.errors import Finding, Location

__all__ = ["Cell", "Table", "XlsxStyle", "read_csv", "read_xlsx", "write_csv", "write_xlsx"]

Cell = str | int | float | None
"""A cell: text, a number, or nothing."""

_SHEET_NAME_LIMIT = 31
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_CELL_LIMIT = 32_767  # characters in one XLSX cell


@dataclass(frozen=True)
class Table:
    """A header row and rows of cells, with a name (the worksheet's)."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    lines: tuple[int, ...] = ()
    """Where each row was read: CSV line or sheet row (1-based); empty when built."""

    def records(self) -> list[dict[str, Cell]]:
        """Each row as ``{header: cell}``."""
        return [dict(zip(self.headers, row, strict=False)) for row in self.rows]


@dataclass(frozen=True)
class XlsxStyle:
    """How the columns of a worksheet are shown (by header)."""

    widths: Mapping[str, float] = field(default_factory=dict)
    """Column width in characters."""
    number_formats: Mapping[str, str] = field(default_factory=dict)
    """Excel number format of numeric cells (``0.0%``)."""
    wrap: frozenset[str] = frozenset()
    """Columns whose text wraps."""


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return _number(cell)
    return str(cell)


def _number(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def write_csv(table: Table) -> str:
    """The table as CSV text (comma-separated, ``\\r\\n`` line ends, quoted as needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([_csv_text(c) for c in row] for row in table.rows)
    return buffer.getvalue()


def read_csv(path: Path, display: str) -> tuple[Table | None, list[Finding]]:
    """Read a CSV file: its first row is the header; blank rows are skipped.

    Returns the table (named after the file's stem), or ``None`` and a finding when the
    file cannot be read.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        return None, [Finding(Location(display), "okaeri.unreadable_file",
                              f"cannot read the file: {reason}",
                              "save the table as CSV in UTF-8")]
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[Cell, ...]] = []
    lines: list[int] = []
    headers: tuple[str, ...] | None = None
    start = 1
    try:
        for row in reader:
            if headers is None:
                if any(cell.strip() for cell in row):
                    headers = tuple(h.strip() for h in row)
            elif any(cell.strip() for cell in row):
                rows.append(tuple(row))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        return None, [Finding(Location(display, reader.line_num), "okaeri.unreadable_file",
                              f"not a readable CSV file: {exc}", "")]
    if headers is None:
        return None, [Finding(Location(display), "okaeri.empty_file",
                              "expected a header row, found an empty file",
                              "the first row names the columns: id, title, text, ...")]
    return Table(path.stem, headers, tuple(rows), tuple(lines)), []


def _sheet_name(name: str, taken: set[str]) -> str:
    base = (name.translate(_SHEET_FORBIDDEN).strip("'") or "sheet")[:_SHEET_NAME_LIMIT]
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = base[:_SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def write_xlsx(tables: Sequence[Table], style: XlsxStyle | None = None,
               created: datetime.datetime | None = None) -> bytes:
    """The tables as an XLSX workbook, one worksheet each (bold header, frozen first row,
    autofilter). ``created`` is the workbook's creation time (default: now).

    Raises :class:`ValueError` naming the cell when a text is longer than a cell holds.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    style = style or XlsxStyle()
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    taken: set[str] = set()
    for table in tables or [Table("requirements", (), ())]:
        sheet = workbook.create_sheet(_sheet_name(table.name, taken))
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_xlsx_value(c, table.name, h) for h, c in
                          zip(table.headers, row, strict=True)])
        for index, header in enumerate(table.headers, start=1):
            _style_column(sheet, index, header, style, Alignment)
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a text, never a formula
        sheet.freeze_panes = "A2"
        if table.headers:
            sheet.auto_filter.ref = sheet.dimensions
    when = created or datetime.datetime.now(datetime.UTC)
    workbook.properties.created = workbook.properties.modified = when.replace(tzinfo=None)
    workbook.properties.creator = "okaeri"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(cell: Cell, sheet: str, header: str) -> Cell:
    if isinstance(cell, float) and not math.isfinite(cell):
        return _number(cell)
    if isinstance(cell, str) and len(cell) > _CELL_LIMIT:
        raise ValueError(f"{sheet}, column '{header}': a text of {len(cell)} characters "
                         f"is longer than an XLSX cell holds ({_CELL_LIMIT})")
    return cell


def _style_column(sheet: Any, index: int, header: str, style: XlsxStyle,
                  alignment: Any) -> None:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(index)
    sheet.column_dimensions[letter].width = style.widths.get(header, max(10, len(header) + 2))
    number_format = style.number_formats.get(header)
    wrap = header in style.wrap
    if number_format is None and not wrap:
        return
    for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
        if number_format is not None and isinstance(cell.value, int | float):
            cell.number_format = number_format
        if wrap:
            cell.alignment = alignment(wrap_text=True, vertical="top")


def _cell_from_xlsx(value: Any) -> Cell:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, display: str) -> tuple[list[Table], list[Finding]]:
    """Read every worksheet of an XLSX file: first row the header, blank rows skipped.

    Returns the tables (empty worksheets left out), or no table and a finding when the
    file cannot be read.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, XML and its own errors alike
        return [], [Finding(Location(display), "okaeri.unreadable_file",
                            f"not a readable XLSX file ({type(exc).__name__}: {exc})",
                            "save the workbook as .xlsx (Excel 2007 or later)")]
    tables = []
    try:
        for sheet in workbook.worksheets:
            tables += _sheet_table(sheet)
    finally:
        workbook.close()
    return tables, []


def _sheet_table(sheet: Any) -> list[Table]:
    headers: tuple[str, ...] | None = None
    rows: list[tuple[Cell, ...]] = []
    lines: list[int] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = tuple(_cell_from_xlsx(v) for v in values)
        if headers is None:
            if any(c not in (None, "") for c in cells):
                headers = tuple("" if c is None else str(c).strip() for c in cells)
            continue
        if any(c not in (None, "") and str(c).strip() for c in cells):
            rows.append(cells)
            lines.append(number)
    if headers is None:
        return []
    return [Table(sheet.title, headers, tuple(rows), tuple(lines))]
