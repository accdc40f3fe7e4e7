"""One requirement prepared for display: its row of the verification matrix (also the view
of the ``requirement`` fragment), its methods, its evidence in words, and the CSS class
of each compliance status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from okaeri.report.format import percent, result_limit, result_margin, result_value
from okaeri.report.view_basics import VERDICT_CSS, anchor, verdict_key, verdict_label

if TYPE_CHECKING:
    from okaeri.verification.results import Evidence, RequirementResult


@dataclass(frozen=True)
class RequirementRow:
    """One requirement, formatted: a row of the verification matrix."""

    id: str
    anchor: str
    title: str
    text: str
    level: str
    method: str
    stage: str
    criterion: str
    value: str
    limit: str
    margin: str
    required_margin: str
    verdict: str
    verdict_label: str
    css: str
    low_margin: bool
    open: bool
    evidence: tuple[str, ...]
    verified_by: tuple[str, ...]
    parents: tuple[str, ...]
    children: tuple[str, ...]
    allocated_to: tuple[str, ...]
    marked_by: tuple[str, ...]
    reason: str
    location: str
    methods: tuple[str, ...] = ()
    method_results: tuple[MethodRow, ...] = ()
    compliance: str = ""
    compliance_abbreviation: str = ""
    compliance_css: str = ""
    methods_closed: str = ""


@dataclass(frozen=True)
class MethodRow:
    """One verification method of a requirement and how it closed."""

    method: str
    """``analysis``, ``review of design``."""
    verdict: str
    verdict_label: str
    css: str
    reason: str


COMPLIANCE_CSS = {
    "compliant": "compliance-c",
    "partially compliant": "compliance-pc",
    "non-compliant": "compliance-nc",
}
"""CSS class of each compliance status."""


def evidence_text(evidence: Evidence) -> str:
    """``"analysis: ANA-ENT-003 Entry Monte Carlo — P99.87 of 2000 samples, seed 1"``."""
    text = f"{evidence.kind}: {evidence.source}"
    return f"{text} — {evidence.detail}" if evidence.detail else text


def _methods_closed(result: RequirementResult) -> str:
    passed, total = result.methods_closed
    return f"{passed} of {total}" if total else ""


def method_rows(result: RequirementResult) -> tuple[MethodRow, ...]:
    """Each method's own verdict (:attr:`RequirementResult.method_results`)."""
    return tuple(MethodRow(m.method.replace("_", " "), str(m.verdict), str(m.verdict).upper(),
                           VERDICT_CSS[str(m.verdict)], m.reason)
                 for m in result.method_results)


def requirement_row(result: RequirementResult) -> RequirementRow:
    """One :class:`~okaeri.verification.results.RequirementResult`, formatted."""
    key = verdict_key(result)
    compliance = result.compliance
    return RequirementRow(
        id=result.id, anchor=anchor(result.id), title=result.title, text=result.text,
        level=result.level, method=result.method.replace("_", " "), stage=result.stage,
        criterion=result.criterion,
        value=result_value(result), limit=result_limit(result),
        margin=result_margin(result),
        required_margin=percent(result.required_margin) if result.criterion else "",
        verdict=str(result.verdict), verdict_label=verdict_label(result),
        css=VERDICT_CSS[key], low_margin=result.below_required_margin, open=key != "pass",
        evidence=tuple(evidence_text(e) for e in result.evidence),
        verified_by=result.verified_by, parents=result.parents, children=result.children,
        allocated_to=result.allocated_to, marked_by=result.marked_by, reason=result.reason,
        location=result.location,
        methods=tuple(m.replace("_", " ") for m in result.methods),
        method_results=method_rows(result), compliance=str(compliance),
        compliance_abbreviation=compliance.abbreviation,
        compliance_css=COMPLIANCE_CSS[str(compliance)], methods_closed=_methods_closed(result),
    )


__all__ = ["COMPLIANCE_CSS", "MethodRow", "RequirementRow", "evidence_text", "method_rows",
           "requirement_row"]
