"""A requirement set as a CSV table or an XLSX workbook, and back.

The columns are ``document`` (CSV only: the requirement file a requirement belongs to;
in XLSX each file is a worksheet of that name), then okaeri's fields
(:data:`~okaeri.requirements.interchange.fields.COLUMNS`), then one column per
attribute. Reading accepts other tools' column names for okaeri's fields (``UID``,
``Object Text``, ``Verification Method``, ...) and keeps every other column as an
attribute.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from pathlib import Path

from okaeri.errors import Finding
from okaeri.requirements.interchange.fields import (
    COLUMNS,
    DOCUMENT_COLUMN,
    Document,
    field_for,
    to_record,
)
from okaeri.requirements.interchange.imported import (
    ImportOptions,
    ImportResult,
    SourceRecord,
    SourceValue,
    interpret,
)
from okaeri.requirements.interchange.tables import (
    Table,
    XlsxStyle,
    read_csv,
    read_xlsx,
    write_csv,
    write_xlsx,
)

__all__ = ["csv_text", "read_requirements_csv", "read_requirements_xlsx", "xlsx_bytes"]

_STYLE = XlsxStyle(widths={"id": 12, "title": 36, "text": 80, "rationale": 60, "source": 30,
                           "notes": 40},
                   wrap=frozenset({"title", "text", "rationale", "source", "notes"}))


def _table(name: str, documents: Sequence[Document], with_document: bool) -> Table:
    records = [(d.name, to_record(r)) for d in documents for r in d.requirements]
    extra = sorted({c for _, record in records for c in record} - set(COLUMNS))
    headers = ((DOCUMENT_COLUMN,) if with_document else ()) + COLUMNS + tuple(extra)
    rows = tuple(((document,) if with_document else ()) + tuple(
        record.get(c, "") for c in headers[int(with_document):]) for document, record in records)
    return Table(name, headers, rows)


def csv_text(documents: Sequence[Document]) -> str:
    """The requirements as one CSV table, with a ``document`` column."""
    return write_csv(_table("requirements", documents, with_document=True))


def xlsx_bytes(documents: Sequence[Document],
               created: datetime.datetime | None = None) -> bytes:
    """The requirements as an XLSX workbook, one worksheet per document."""
    return write_xlsx([_table(d.name, [d], with_document=False) for d in documents], _STYLE,
                      created)


def _records(tables: Iterable[Table], options: ImportOptions) -> list[SourceRecord]:
    records = []
    for table in tables:
        lines = table.lines or tuple(range(2, len(table.rows) + 2))
        document_column = next((i for i, h in enumerate(table.headers)
                                if field_for(h, options.names) == DOCUMENT_COLUMN), None)
        for row, line in zip(table.rows, lines, strict=True):
            document = table.name
            if document_column is not None and document_column < len(row):
                document = str(row[document_column] or "").strip() or table.name
            values = tuple(SourceValue(header, "" if cell is None else _text(cell), line,
                                       index + 1)
                           for index, (header, cell) in enumerate(
                               zip(table.headers, row, strict=False))
                           if header and index != document_column)
            records.append(SourceRecord(document, f"row {line}", values, line))
    return records


def _text(cell: str | int | float) -> str:
    if isinstance(cell, float):
        text = repr(cell)
        return text[:-2] if text.endswith(".0") else text
    return str(cell)


def _unnamed_columns(table: Table, display: str) -> list[Finding]:
    from okaeri.errors import Location

    used = {i for i, h in enumerate(table.headers) if h}
    lost = [(line, i + 1) for row, line in zip(table.rows, table.lines, strict=False)
            for i, cell in enumerate(row) if i not in used and cell not in (None, "")]
    return [Finding(Location(display, line, column), "okaeri.unnamed_column",
                    "a value in a column without a header is not read",
                    "give the column a header") for line, column in lost]


def read_requirements_csv(path: Path, display: str,
                          options: ImportOptions | None = None) -> ImportResult:
    """Read requirements from a CSV file (a ``document`` column, if any, names the file
    each belongs to; without one, all go to a document named after the file)."""
    options = options or ImportOptions()
    table, findings = read_csv(path, display)
    if table is None:
        return ImportResult(display, (), (), tuple(findings))
    findings += _unnamed_columns(table, display)
    return interpret(_records([table], options), display, options, findings)


def read_requirements_xlsx(path: Path, display: str,
                           options: ImportOptions | None = None) -> ImportResult:
    """Read requirements from every worksheet of an XLSX file (one document each)."""
    options = options or ImportOptions()
    tables, findings = read_xlsx(path, display)
    for table in tables:
        findings += _unnamed_columns(table, f"{display}[{table.name}]")
    return interpret(_records(tables, options), display, options, findings)
