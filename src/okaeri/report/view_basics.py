"""What every view shares: a requirement's anchor and verdict label, the CSS class of each
verdict, and the two-column table row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okaeri.verification.results import RequirementResult

VERDICT_CSS = {
    "pass": "verdict-pass",
    "low": "verdict-low",
    "fail": "verdict-fail",
    "error": "verdict-error",
    "inconclusive": "verdict-inconclusive",
}
"""CSS class of each verdict (``low``: a pass below its required margin)."""


def anchor(requirement_id: str) -> str:
    """HTML anchor of a requirement: ``req-cap-010``."""
    return "req-" + requirement_id.lower()


@dataclass(frozen=True)
class LabelValue:
    """One row of a two-column table."""

    label: str
    value: str


def verdict_key(result: RequirementResult) -> str:
    """``pass``, ``low``, ``fail``, ``error`` or ``inconclusive``."""
    verdict = str(result.verdict)
    return "low" if verdict == "pass" and result.below_required_margin else verdict


def verdict_label(result: RequirementResult) -> str:
    """``PASS``, ``PASS (LOW MARGIN)``, ``FAIL``, ``INCONCLUSIVE`` or ``ERROR``."""
    label = str(result.verdict).upper()
    return label + " (LOW MARGIN)" if result.below_required_margin else label


__all__ = ["VERDICT_CSS", "LabelValue", "anchor", "verdict_key", "verdict_label"]
