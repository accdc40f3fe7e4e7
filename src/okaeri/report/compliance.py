"""The compliance matrix and the TBD/TBC list of a run, prepared for display.

The compliance status of a requirement is derived from its verdict
(:class:`~okaeri.verification.results.Compliance`): ``compliant`` (C) when it passes,
``partially compliant`` (PC) when it is inconclusive (some methods closed, others not
yet), ``non-compliant`` (NC) when it fails or errors. The matrix shows it with each
verification method's own verdict, so that a requirement verified by analysis and test
shows which of the two is still open.

API
---
``compliance_view(run) -> ComplianceView``
    ``rows`` (tuple of :class:`~okaeri.report.views.RequirementRow`, id order),
    ``groups`` (tuple of :class:`ComplianceGroup`: ``level``, ``title``, ``rows``; the
    levels from the top down), ``counts`` (tuple of :class:`ComplianceCount`: ``status``,
    ``abbreviation``, ``count``, ``css``), ``markers`` (by requirement id: the TBD/TBC
    labels in it, and those of the open values its criterion reads, ``TBC
    (descent.recovery_zone.radius)``), ``total``.
``markers_view(run) -> MarkersView``
    ``rows`` (tuple of :class:`MarkerRow`: ``label``, ``kind``, ``where``, ``path``,
    ``requirement``, ``anchor``, ``context``, ``on_value``, ``what`` ("value" or
    "text")), ``tbd``, ``tbc`` (counts), ``count``, ``empty``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okaeri.report.requirement_views import COMPLIANCE_CSS, RequirementRow, requirement_row
from okaeri.report.view_basics import anchor

if TYPE_CHECKING:
    from okaeri.verification.results import VerificationRun

__all__ = ["ComplianceCount", "ComplianceGroup", "ComplianceView", "MarkerRow", "MarkersView",
           "compliance_view", "markers_view"]

_LEVELS = ("mission", "system", "segment", "subsystem", "component")
_KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")


@dataclass(frozen=True)
class ComplianceCount:
    """How many requirements have one compliance status."""

    status: str
    abbreviation: str
    count: int
    css: str


@dataclass(frozen=True)
class ComplianceGroup:
    """The requirements of one level."""

    level: str
    title: str
    rows: tuple[RequirementRow, ...]


@dataclass(frozen=True)
class ComplianceView:
    """Every requirement's compliance status with its methods' verdicts."""

    rows: tuple[RequirementRow, ...]
    groups: tuple[ComplianceGroup, ...]
    counts: tuple[ComplianceCount, ...]
    markers: dict[str, tuple[str, ...]]

    @property
    def total(self) -> int:
        """Number of requirements."""
        return len(self.rows)


def compliance_view(run: VerificationRun, rows: tuple[RequirementRow, ...] | None = None
                    ) -> ComplianceView:
    """The compliance matrix of ``run`` (``rows``: its matrix rows when already made)."""
    if rows is None:
        rows = tuple(requirement_row(r) for r in sorted(run.requirements, key=lambda r: r.id))
    by_level: dict[str, list[RequirementRow]] = {}
    for row in rows:
        by_level.setdefault(row.level, []).append(row)
    order = [lv for lv in _LEVELS if lv in by_level] + sorted(
        lv for lv in by_level if lv not in _LEVELS)
    groups = tuple(ComplianceGroup(lv, f"{lv.capitalize()} level ({len(by_level[lv])})",
                                   tuple(by_level[lv])) for lv in order)
    counts = tuple(ComplianceCount(status, abbreviation,
                                   sum(1 for r in rows if r.compliance == status), css)
                   for (status, css), abbreviation in zip(COMPLIANCE_CSS.items(),
                                                          ("C", "PC", "NC"), strict=True))
    markers: dict[str, list[str]] = {}
    for marker in run.markers:
        if marker.requirement:
            markers.setdefault(marker.requirement, []).append(marker.label)
    reads = {m.path: m.label for m in run.markers if m.on_value and not m.requirement}
    for result in run.requirements:  # a criterion that reads an open value
        for key in _KEY.findall(result.criterion):
            if key in reads:
                markers.setdefault(result.id, []).append(f"{reads[key]} ({key})")
    return ComplianceView(rows, groups, counts,
                          {k: tuple(dict.fromkeys(v)) for k, v in sorted(markers.items())})


@dataclass(frozen=True)
class MarkerRow:
    """One TBD or TBC, where it is and what it marks."""

    label: str
    kind: str
    where: str
    path: str
    requirement: str
    anchor: str
    context: str
    on_value: bool
    what: str


@dataclass(frozen=True)
class MarkersView:
    """The TBD/TBC list, by file and line."""

    rows: tuple[MarkerRow, ...]
    tbd: int
    tbc: int

    @property
    def count(self) -> int:
        """Number of markers."""
        return len(self.rows)

    @property
    def empty(self) -> bool:
        """No marker."""
        return not self.rows


def markers_view(run: VerificationRun) -> MarkersView:
    """The run's TBD/TBC markers (:attr:`VerificationRun.markers`), by file and line."""
    rows = tuple(MarkerRow(m.label, m.kind, m.where, m.path, m.requirement,
                           anchor(m.requirement) if m.requirement else "", m.context,
                           m.on_value, "value" if m.on_value else "text")
                 for m in run.markers)
    return MarkersView(rows, sum(1 for r in rows if r.kind == "TBD"),
                       sum(1 for r in rows if r.kind == "TBC"))
