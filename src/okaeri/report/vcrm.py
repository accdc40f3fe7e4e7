"""The verification cross-reference matrix (VCRM) of a run, as CSV or XLSX.

One row per requirement: what it asks (id, title, text, level, methods, stage,
criterion), what the run found (value and limit in the unit an engineer reads them in,
with the unit in its own column; the margin and the required margin in percent), the
verdict and the compliance status derived from it
(:class:`~okaeri.verification.results.Compliance`), each method's own verdict, the
evidence and why. Numbers are rounded to 6 significant digits; a value
that is not a finite number is written as text (``nan``, ``inf``). The matrix is an
output: okaeri does not read it back.

The rows come from a :class:`~okaeri.verification.results.VerificationRun`, or from the
JSON that ``okaeri verify --json`` writes (:func:`results_from_json`).
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Mapping, Sequence
from typing import Any

from okaeri.report.format import display_unit, in_display_unit
from okaeri.requirements.interchange.tables import Cell, Table, XlsxStyle, write_csv, write_xlsx
from okaeri.verification.results import Evidence, MethodResult, RequirementResult, Verdict

__all__ = ["VCRM_HEADERS", "results_from_json", "vcrm_csv", "vcrm_table", "vcrm_xlsx"]

VCRM_HEADERS: tuple[str, ...] = (
    "id", "title", "text", "level", "methods", "stage", "criterion", "value", "limit", "unit",
    "margin (%)", "required margin (%)", "verdict", "compliance", "methods closed",
    "method verdicts", "evidence", "verified by", "reason")
_STYLE = XlsxStyle(
    widths={"id": 12, "title": 32, "text": 60, "criterion": 40, "evidence": 50,
            "reason": 40, "verdict": 14, "compliance": 18, "method verdicts": 30},
    number_formats={"value": "General", "limit": "General", "margin (%)": "0.0",
                    "required margin (%)": "0.0"},
    wrap=frozenset({"title", "text", "criterion", "evidence", "reason", "method verdicts"}))


def _rounded(value: float | None) -> Cell:
    if value is None:
        return None
    if not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return float(f"{value:.6g}")


def _evidence(items: Sequence[Evidence]) -> str:
    return "; ".join(f"{e.kind}: {e.source}" + (f" ({e.detail})" if e.detail else "")
                     for e in items)


def _row(result: RequirementResult) -> tuple[Cell, ...]:
    unit = result.unit_si
    value = None if result.value_si is None else in_display_unit(result.value_si, unit)
    limit = None if result.limit_si is None else in_display_unit(result.limit_si, unit)
    verdict = str(result.verdict)
    if result.below_required_margin:
        verdict += ", below required margin"
    return (result.id, result.title, result.text, result.level, result.method, result.stage,
            result.criterion, _rounded(value), _rounded(limit),
            display_unit(unit) if value is not None or limit is not None else "",
            _rounded(None if result.margin is None else 100.0 * result.margin),
            _rounded(100.0 * result.required_margin) if result.criterion else None,
            verdict, str(result.compliance), _closed(result),
            "; ".join(f"{m.method}: {m.verdict}" for m in result.method_results),
            _evidence(result.evidence), ", ".join(result.verified_by), result.reason)


def _closed(result: RequirementResult) -> str:
    """``1 of 2``: methods that pass, of the requirement's methods."""
    passed, total = result.methods_closed
    return f"{passed} of {total}" if total else ""


def vcrm_table(results: Sequence[RequirementResult], name: str = "VCRM") -> Table:
    """The matrix as a table, rows in the order given (a run's are in id order)."""
    return Table(name, VCRM_HEADERS, tuple(_row(r) for r in results))


def vcrm_csv(results: Sequence[RequirementResult]) -> str:
    """The matrix as CSV text."""
    return write_csv(vcrm_table(results))


def vcrm_xlsx(results: Sequence[RequirementResult],
              created: datetime.datetime | None = None) -> bytes:
    """The matrix as an XLSX workbook with one worksheet, ``VCRM``."""
    return write_xlsx([vcrm_table(results)], _STYLE, created)


_TUPLES = ("parents", "children", "allocated_to", "verified_by", "marked_by", "methods")


def results_from_json(data: Any) -> tuple[RequirementResult, ...]:
    """The requirement results of a run saved by ``okaeri verify --json``.

    Raises :class:`ValueError` saying what is missing when ``data`` is not such a run.
    """
    items = data.get("requirements") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        raise ValueError("expected the JSON of a run written by 'okaeri verify --json' "
                         "(with a 'requirements' list)")
    names = {f.name for f in dataclasses.fields(RequirementResult)}
    required = {f.name for f in dataclasses.fields(RequirementResult)
                if f.default is dataclasses.MISSING}
    results = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or not required <= set(item):
            missing = sorted(required - set(item)) if isinstance(item, Mapping) else []
            raise ValueError(f"requirements[{index}] is not a requirement result"
                             + (f" (missing {', '.join(missing)})" if missing else ""))
        fields = {k: v for k, v in item.items() if k in names}
        for key in _TUPLES:
            fields[key] = tuple(fields.get(key) or ())
        try:
            fields["verdict"] = Verdict(fields["verdict"])
            fields["evidence"] = tuple(Evidence(**e) for e in fields.get("evidence") or ())
            fields["method_results"] = tuple(
                MethodResult(m["method"], Verdict(m["verdict"]), m.get("reason", ""),
                             tuple(Evidence(**e) for e in m.get("evidence") or ()))
                for m in fields.get("method_results") or ())
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"requirements[{index}]: {exc}") from None
        results.append(RequirementResult(**fields))
    return tuple(results)
