"""The trace views: requirements with their parents, children, allocation and verifying
activities, as a table, a tree and a parent-to-derived matrix.

:class:`TraceView`), ``budgets`` (
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from okaeri.report.view_basics import VERDICT_CSS, anchor, verdict_key, verdict_label

if TYPE_CHECKING:
    from okaeri.verification.results import VerificationRun

MATRIX_COLUMNS = 120
"""Most derived requirements the parent → derived requirement matrix shows as columns;
beyond, a matrix of thousands of columns is unreadable (and costs parents × children
cells), and the trace table says the same row by row."""
_EMSPACE = "\u2003"


# --- trace ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TraceRow:
    """A requirement with its parents, children and allocation."""

    id: str
    anchor: str
    title: str
    level: str
    parents: tuple[str, ...]
    children: tuple[str, ...]
    allocated_to: tuple[str, ...]
    verified_by: tuple[str, ...]
    verdict_label: str
    css: str


@dataclass(frozen=True)
class TreeRow:
    """A requirement in the hierarchy, depth first from the top requirements."""

    id: str
    anchor: str
    title: str
    depth: int
    indent: str
    verdict_label: str
    css: str
    repeated: bool


@dataclass(frozen=True)
class MatrixRow:
    """A parent requirement's row of the parent → child matrix."""

    id: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class AllocationRow:
    """A system element and the requirements allocated to it."""

    element: str
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class TraceView:
    """Trace: hierarchy, parent → child matrix, allocation."""

    rows: tuple[TraceRow, ...]
    tree: tuple[TreeRow, ...]
    matrix_columns: tuple[str, ...]
    matrix: tuple[MatrixRow, ...]
    allocation: tuple[AllocationRow, ...]
    warnings: tuple[str, ...]
    matrix_omitted: int = 0
    """Derived requirements when there are more than :data:`MATRIX_COLUMNS` (the matrix
    is then left out: the trace table lists each requirement's links); else 0."""


def trace_view(run: VerificationRun) -> TraceView:
    """Trace of the run's requirements (links to requirements outside the run dropped)."""
    results = {r.id: r for r in run.requirements}
    ids = sorted(results)

    def inside(links: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(i for i in links if i in results))

    rows = tuple(TraceRow(
        id=r.id, anchor=anchor(r.id), title=r.title, level=r.level,
        parents=inside(r.parents), children=inside(r.children),
        allocated_to=tuple(sorted(r.allocated_to)), verified_by=tuple(sorted(r.verified_by)),
        verdict_label=verdict_label(r), css=VERDICT_CSS[verdict_key(r)])
        for r in (results[i] for i in ids))
    by_id = {row.id: row for row in rows}

    tree: list[TreeRow] = []
    shown: set[str] = set()

    def visit(requirement_id: str, depth: int) -> None:
        r = results[requirement_id]
        repeated = requirement_id in shown
        tree.append(TreeRow(r.id, anchor(r.id), r.title, depth, _EMSPACE * (2 * depth),
                            verdict_label(r), VERDICT_CSS[verdict_key(r)], repeated))
        if repeated:
            return
        shown.add(requirement_id)
        for child in by_id[requirement_id].children:
            visit(child, depth + 1)

    for requirement_id in ids:
        if not by_id[requirement_id].parents:
            visit(requirement_id, 0)

    derived = tuple(row.id for row in rows if row.parents)
    columns = derived if len(derived) <= MATRIX_COLUMNS else ()
    matrix = tuple(MatrixRow(row.id, tuple("x" if c in row.children else "" for c in columns))
                   for row in rows if row.children) if columns else ()
    elements: dict[str, list[str]] = {}
    for row in rows:
        for element in row.allocated_to:
            elements.setdefault(element, []).append(row.id)
    allocation = tuple(AllocationRow(e, tuple(elements[e])) for e in sorted(elements))
    return TraceView(rows, tuple(tree), columns, matrix, allocation, tuple(run.warnings),
                     matrix_omitted=len(derived) if not columns else 0)


__all__ = [
    "MATRIX_COLUMNS",
    "AllocationRow",
    "MatrixRow",
    "TraceRow",
    "TraceView",
    "TreeRow",
    "trace_view",
]
