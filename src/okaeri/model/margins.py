"""Margins: how far a value is from its limit, and whether it complies.

One definition serves the budgets, the requirement criteria and the reports, so that they
agree on every margin they show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Assessment", "Comparator", "assess", "margin", "satisfies"]


class Comparator(StrEnum):
    """How a quantity must compare with its limit."""

    LE = "<="
    LT = "<"
    GE = ">="
    GT = ">"

    @property
    def is_upper_bound(self) -> bool:
        """Whether the limit is a maximum (``<=``, ``<``)."""
        return self in (Comparator.LE, Comparator.LT)


def margin(value_si: float, limit_si: float, comparator: Comparator | str) -> float:
    """Relative margin of a value against its limit, as a fraction (0.2 is 20 %).

    For an upper bound (``<=``, ``<``)::

        margin = (limit - value) / |limit|

    and for a lower bound (``>=``, ``>``)::

        margin = (value - limit) / |limit|

    so the margin is positive when the value is on the compliant side of the limit,
    zero on the limit and negative when the limit is violated, whatever the sign of
    the limit. This is the "margin = allowable - predicted" of AIAA S-120A practice,
    normalised by the allowable.

    Parameters
    ----------
    value_si : float
        The value in SI units (the statistic of the samples for a Monte Carlo quantity).
    limit_si : float
        The limit in the same SI units.
    comparator : Comparator or str
        ``"<="``, ``"<"``, ``">="`` or ``">"``.

    Returns
    -------
    float
        The margin; for a limit of zero, ``+inf`` on the compliant side, ``-inf`` on the
        other and ``0.0`` on the limit; ``nan`` if either input is ``nan``.
    """
    upper = Comparator(comparator).is_upper_bound
    difference = (limit_si - value_si) if upper else (value_si - limit_si)
    if math.isnan(difference):
        return math.nan
    if limit_si == 0.0:
        return 0.0 if difference == 0.0 else math.copysign(math.inf, difference)
    return difference / abs(limit_si)


def satisfies(value_si: float, limit_si: float, comparator: Comparator | str) -> bool:
    """Whether ``value_si`` compares with ``limit_si`` as ``comparator`` asks (``nan``: no)."""
    operator = Comparator(comparator)
    if operator is Comparator.LE:
        return value_si <= limit_si
    if operator is Comparator.LT:
        return value_si < limit_si
    if operator is Comparator.GE:
        return value_si >= limit_si
    return value_si > limit_si


_MARGIN_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Assessment:
    """A value compared with its limit: whether it complies, and with what margin."""

    satisfied: bool
    """The comparison holds."""
    margin: float
    """Relative margin (:func:`margin`)."""
    required_margin: float
    """Margin the criterion requires, as a fraction."""

    @property
    def margin_met(self) -> bool:
        """The margin reaches the required margin (within 1e-12 for rounding)."""
        return self.margin >= self.required_margin - _MARGIN_TOLERANCE

    @property
    def closes(self) -> bool:
        """The comparison holds and the required margin is met."""
        return self.satisfied and self.margin_met


def assess(value_si: float, limit_si: float, comparator: Comparator | str,
           required_margin: float = 0.0) -> Assessment:
    """Compare a value with its limit: :func:`satisfies` and :func:`margin` together.

    Parameters
    ----------
    value_si, limit_si : float
        Value and limit in the same SI units.
    comparator : Comparator or str
        ``"<="``, ``"<"``, ``">="`` or ``">"``.
    required_margin : float
        Required margin as a fraction (0.2 for 20 %).
    """
    return Assessment(satisfies(value_si, limit_si, comparator),
                      margin(value_si, limit_si, comparator), required_margin)
