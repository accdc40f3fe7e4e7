"""Margins as the tables show them, against a limit of zero as well."""

from __future__ import annotations

import math

from okaeri.report.format import percent, result_margin
from okaeri.verification import RequirementResult, Verdict


def _result(margin: float, absolute: float, unit: str, limit_unit: str) -> RequirementResult:
    return RequirementResult(id="X-001", title="", text="", level="system", method="analysis",
                             stage="", parents=(), children=(), allocated_to=(),
                             verdict=Verdict.PASS if margin >= 0 else Verdict.FAIL,
                             margin=margin, margin_absolute_si=absolute, unit_si=unit,
                             limit_unit=limit_unit)


def test_an_infinite_margin_keeps_its_sign() -> None:
    assert percent(math.inf) == "inf %"
    assert percent(-math.inf) == "-inf %"
    assert percent(-0.5) == "-50.0 %"


def test_against_a_zero_limit_the_difference_alone_is_shown() -> None:
    # a fraction (a budget's margin) against "0 %": -77.9 % is 77.9 points below
    assert result_margin(_result(-math.inf, -0.77949, "", "%")) == "-77.949 pts"
    assert result_margin(_result(math.inf, 0.02937, "", "%")) == "+2.937 pts"
    # against a limit that is not zero, the relative margin with the difference
    assert result_margin(_result(0.087, 0.01749, "", "%")) == "8.7 % (+1.749 pts)"
    assert result_margin(_result(-math.inf, -2.0, "W", "W")) == "-inf %"
