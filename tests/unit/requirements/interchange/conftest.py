"""Shared helpers: round trips of requirement documents through the three formats."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from okaeri.requirements.ids import DEFAULT_ID_PATTERN, IdPattern
from okaeri.requirements.interchange.fields import Document
from okaeri.requirements.interchange.imported import ImportOptions, ImportResult
from okaeri.requirements.interchange.reqif_format import read_reqif, reqif_text
from okaeri.requirements.interchange.spreadsheet import (
    csv_text,
    read_requirements_csv,
    read_requirements_xlsx,
    xlsx_bytes,
)

WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
DATA = Path(__file__).parents[3] / "data" / "strictdoc"
"""StrictDoc's exports of a small synthetic project (see README.md there)."""
STRICTDOC_IDS = IdPattern(r"^SYS-\d{5}$", "SYS-00001")

RoundTrip = Callable[..., ImportResult]


@pytest.fixture
def round_trip(tmp_path: Path) -> RoundTrip:
    """Write documents in a format ('reqif', 'csv', 'xlsx') and read them back."""

    def run(fmt: str, documents: Sequence[Document],
            pattern: IdPattern = DEFAULT_ID_PATTERN) -> ImportResult:
        path = tmp_path / f"requirements.{fmt}"
        options = ImportOptions(id_pattern=pattern)
        if fmt == "reqif":
            path.write_text(reqif_text(documents, "test", WHEN), encoding="utf-8")
            return read_reqif(path, path.name, options)
        if fmt == "csv":
            path.write_text(csv_text(documents), encoding="utf-8", newline="")
            return read_requirements_csv(path, path.name, options)
        path.write_bytes(xlsx_bytes(documents, WHEN))
        return read_requirements_xlsx(path, path.name, options)

    return run
