"""A trade study's table: one row per point; written as CSV and, with pyarrow, Parquet.

Columns, in order:

- ``point``: the point's index in the design;
- one per variable, ``<key> [<SI unit>]`` (SI values);
- per requirement output ``<ID>.verdict``, and when it has a criterion
  ``<ID>.value [<unit>]``, ``<ID>.limit [<unit>]``, ``<ID>.margin`` (a fraction) and
  ``<ID>.below_required_margin``;
- per other output ``<name> [<SI unit>]``;
- ``worst`` (the point's class: ``pass``, ``low margin``, ``inconclusive``, ``fail``,
  ``error``), ``pareto_front`` (only with two objectives) and ``error`` (why a point
  failed to evaluate; empty otherwise).

CSV cells: floats as Python writes them (shortest text that reads back to the same
float; ``inf``, ``nan``), an empty cell for no value, ``true``/``false``. The text is the
same, byte for byte, for the same study and results, so two runs can be compared with
``cmp``. Parquet (Apache Arrow's reference implementation, the optional ``pyarrow``
dependency: ``pip install "okaeri[parquet]"``) keeps the types (int64, float64, string,
bool) and stores the units and the run's provenance in the file's key-value metadata.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from typing import Any

from okaeri.verification.campaigns.trade import PointResult, TradeResult

PARQUET_HINT = 'install the Parquet extra: pip install "okaeri[parquet]"'


@dataclass(frozen=True)
class Column:
    """A column of the table."""

    name: str
    kind: str
    """``int``, ``float``, ``str`` or ``bool``."""
    unit: str = ""
    """SI unit of a float column (``""`` when dimensionless or not a quantity)."""


def _with_unit(name: str, unit: str) -> str:
    return f"{name} [{unit}]" if unit else name


def columns(result: TradeResult) -> list[Column]:
    """The table's columns (see the module docstring)."""
    study = result.study
    found = [Column("point", "int")]
    found += [Column(_with_unit(v.key, v.unit), "float", v.unit) for v in study.variables]
    for output in study.outputs:
        if output.is_requirement:
            found.append(Column(f"{output.name}.verdict", "str"))
            if output.quantity is not None:
                found += [Column(_with_unit(f"{output.name}.value", output.unit), "float",
                                 output.unit),
                          Column(_with_unit(f"{output.name}.limit", output.unit), "float",
                                 output.unit),
                          Column(f"{output.name}.margin", "float"),
                          Column(f"{output.name}.below_required_margin", "bool")]
        else:
            found.append(Column(_with_unit(output.name, output.unit), "float", output.unit))
    found.append(Column("worst", "str"))
    if len(study.objectives) == 2:
        found.append(Column("pareto_front", "bool"))
    found.append(Column("error", "str"))
    return found


def _cells(result: TradeResult, point: PointResult, front: set[int]) -> list[Any]:
    row: list[Any] = [point.index, *point.values]
    for i, output in enumerate(result.study.outputs):
        o = point.outputs[i] if point.outputs else None
        if output.is_requirement:
            row.append(o.verdict if o is not None else None)
            if output.quantity is not None:
                row += ([o.value, o.limit, o.margin, o.below_required_margin] if o is not None
                        else [None, None, None, None])
        else:
            row.append(o.value if o is not None else None)
    row.append(point.worst)
    if len(result.study.objectives) == 2:
        row.append(point.index in front)
    row.append(point.error)
    return row


def rows(result: TradeResult) -> list[list[Any]]:
    """The table's rows, one per point in design order (``None`` for no value)."""
    front = set(result.pareto_front())
    return [_cells(result, point, front) for point in result.points]


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)


def csv_text(result: TradeResult) -> str:
    """The table as CSV text (header row first; ``\\n`` line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in columns(result)])
    for row in rows(result):
        writer.writerow([_text(cell) for cell in row])
    return buffer.getvalue()


def parquet_available() -> bool:
    """Whether pyarrow is installed."""
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def parquet_bytes(result: TradeResult) -> bytes:
    """The table as a Parquet file (raises :class:`ImportError` without pyarrow)."""
    import importlib

    pa: Any = importlib.import_module("pyarrow")  # optional and untyped: through Any
    pq: Any = importlib.import_module("pyarrow.parquet")

    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}
    cols = columns(result)
    data = rows(result)
    arrays = [pa.array([row[i] for row in data], type=types[c.kind])
              for i, c in enumerate(cols)]
    metadata = {
        "okaeri.study": result.study.name,
        "okaeri.units": json.dumps({c.name: c.unit for c in cols if c.unit}, sort_keys=True),
        "okaeri.provenance": json.dumps(asdict(result.provenance), sort_keys=True),
    }
    table = pa.Table.from_arrays(arrays, names=[c.name for c in cols]).replace_schema_metadata(
        metadata)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()
