"""Display units and number formatting shared by the terminal, the reports and the docs.

Values travel in SI; they are shown in the unit an engineer reads them in (MW/m^2 for
heat flux, g for deceleration, km for landing distances, deg for angles).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from okaeri.core.constants import G0

if TYPE_CHECKING:
    from okaeri.verification.results import RequirementResult


_DISPLAY: dict[str, tuple[float, str]] = {
    "W/m^2": (1e6, "MW/m^2"),
    "J/m^2": (1e6, "MJ/m^2"),
    "m/s^2": (G0, "g0"),
    "rad": (math.pi / 180.0, "deg"),
    "Pa": (1e3, "kPa"),
    "m": (1e3, "km"),
    "s": (1.0, "s"),
    "kg": (1.0, "kg"),
    "m/s": (1.0, "m/s"),
    "J": (3600.0, "W h"),
    "dB": (1.0, "dB"),
    "": (1.0, ""),
}


def display_unit(unit_si: str) -> str:
    """The unit a value in ``unit_si`` is shown in."""
    return _DISPLAY.get(unit_si, (1.0, unit_si))[1]


def in_display_unit(value_si: float, unit_si: str) -> float:
    """``value_si`` converted to :func:`display_unit`."""
    return value_si / _DISPLAY.get(unit_si, (1.0, unit_si))[0]


def number(value: float | None, digits: int = 4) -> str:
    """A number with ``digits`` significant digits, thousands separated; '' for None."""
    if value is None:
        return ""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0.0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{decimals}f}"


def quantity(value_si: float | None, unit_si: str, digits: int = 4) -> str:
    """``value_si`` shown with its display unit: ``"4.262 MW/m^2"``."""
    if value_si is None:
        return ""
    unit = display_unit(unit_si)
    return f"{number(in_display_unit(value_si, unit_si), digits)} {unit}".strip()


def in_unit(value_si: float | None, unit_si: str, unit: str = "", digits: int = 4) -> str:
    """``value_si`` shown in ``unit`` (a unit symbol such as ``"%"`` or ``"g"``, the one a
    requirement's limit was written in), or in :func:`display_unit` when ``unit`` is
    empty."""
    if value_si is None:
        return ""
    if not unit:
        return quantity(value_si, unit_si, digits)
    from okaeri.units import parse_quantity, si

    shown = value_si / si(parse_quantity(f"1 {unit}"))
    return f"{number(shown, digits)} {unit}"


_ABSOLUTE_MARGIN_UNITS = frozenset({"rad", "dB"})
"""Units whose relative margin alone misleads (angles, levels; and percentages): their
margin is also shown as a difference."""


def percent(fraction: float | None) -> str:
    """A fraction as a percentage with one decimal: ``"57.4 %"``; '' for None."""
    if fraction is None:
        return ""
    if math.isinf(fraction):
        return "inf %" if fraction > 0 else "-inf %"
    return f"{100.0 * fraction:.1f} %"


def result_value(result: RequirementResult) -> str:
    """A requirement's value in the unit its limit was written in; for a percentile, the
    confidence bound it is judged on followed by the sample estimate:
    ``"4.654 MW/m^2 (P99.87 est. 4.521)"`` (the estimate alone, ``"P99.87 est. 4.521
    MW/m^2"``, when the samples are too few for a bound)."""
    value = in_unit(result.value_si, result.unit_si, result.limit_unit)
    estimate = result.estimate_si
    if estimate is None or not result.statistic or math.isnan(estimate):
        return value
    shown = in_unit(estimate, result.unit_si, result.limit_unit)
    if not value:
        return f"{result.statistic} est. {shown}"
    unit = value.split(" ", 1)[1] if " " in value else ""
    number = shown[:-len(unit) - 1] if unit and shown.endswith(f" {unit}") else shown
    return f"{value} ({result.statistic} est. {number})"


def result_limit(result: RequirementResult) -> str:
    """A requirement's limit in the unit it was written in."""
    return in_unit(result.limit_si, result.unit_si, result.limit_unit)


def result_margin(result: RequirementResult) -> str:
    """The relative margin, with the margin as a difference beside it for angles, levels
    and fractions: ``"471.3 % (+2.356 deg)"``, ``"14.1 % (+2.810 pts)"`` for a
    percentage; the difference alone against a limit of zero (``"-77.949 pts"``), where
    the relative margin is infinite."""
    text = percent(result.margin)
    absolute = result.margin_absolute_si
    if not text or absolute is None or (result.unit_si not in _ABSOLUTE_MARGIN_UNITS
                                         and result.limit_unit != "%"):
        return text
    if result.limit_unit == "%":
        difference = f"{100.0 * absolute:+.3f} pts"
    else:
        difference = in_unit(absolute, result.unit_si, result.limit_unit)
        difference = difference if difference.startswith("-") else f"+{difference}"
    if result.margin is not None and math.isinf(result.margin):
        return difference
    return f"{text} ({difference})"


def result_details(result: RequirementResult) -> list[tuple[str, str]]:
    """(label, text) pairs of a verdict's account: criterion, value, limit, margin,
    reason and evidence, each only where it applies."""
    details = []
    if result.criterion:
        details.append(("criterion", result.criterion))
    if result.value_si is not None or result.estimate_si is not None:
        details.append(("value", result_value(result)))
    if result.limit_si is not None:
        details.append(("limit", result_limit(result)))
    if result.margin is not None:
        details.append(("margin", f"{result_margin(result)}, required "
                                  f"{percent(result.required_margin)}"))
    if result.reason:
        details.append(("reason", result.reason))
    details += [("evidence", f"{e.source} {e.detail}".rstrip()) for e in result.evidence]
    return details
