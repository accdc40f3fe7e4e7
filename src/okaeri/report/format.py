"""Display units and number formatting shared by the terminal, the reports and the docs.

Values travel in SI; they are shown in the unit an engineer reads them in (MW/m^2 for
heat flux, g for deceleration, km for landing distances, deg for angles).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okaeri.verification.results import RequirementResult

G0 = 9.80665
"""Standard gravity (m/s^2), to show accelerations in g."""

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


def percent(fraction: float | None) -> str:
    """A fraction as a percentage with one decimal: ``"57.4 %"``; '' for None."""
    if fraction is None:
        return ""
    if math.isinf(fraction):
        return "inf %"
    return f"{100.0 * fraction:.1f} %"


def result_details(result: RequirementResult) -> list[tuple[str, str]]:
    """(label, text) pairs of a verdict's account: criterion, value, limit, margin,
    reason and evidence, each only where it applies."""
    details = []
    if result.criterion:
        details.append(("criterion", result.criterion))
    if result.value_si is not None:
        details.append(("value", quantity(result.value_si, result.unit_si)))
    if result.limit_si is not None:
        details.append(("limit", quantity(result.limit_si, result.unit_si)))
    if result.margin is not None:
        details.append(("margin", f"{percent(result.margin)} (required "
                                  f"{percent(result.required_margin)})"))
    if result.reason:
        details.append(("reason", result.reason))
    details += [("evidence", f"{e.source} {e.detail}".rstrip()) for e in result.evidence]
    return details
