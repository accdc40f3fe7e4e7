r"""Secular drift of the node and the periapsis of an orbit under the J2 zonal harmonic.

Floats in SI units only: m, s, rad, rad/s, m^3/s^2.

Sources
-------
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  2013, ch. 9 (secular effects of J2 on the node and the argument of perigee).
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed., 2014,
  ch. 4 (regression of the node, advance of perigee, eqs. 4.52 and 4.53; sun-synchronous
  and critically inclined orbits).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from okaeri.core._checks import check_positive

__all__ = ["SecularRates", "j2_secular_rates"]


class SecularRates(NamedTuple):
    """Result of :func:`j2_secular_rates` (rad/s)."""

    node_rate: float
    """Rate of the right ascension of the ascending node (rad/s); negative (regression)
    for a prograde orbit."""
    periapsis_rate: float
    """Rate of the argument of periapsis (rad/s); zero at the critical inclination."""


def j2_secular_rates(
    mu: float, body_radius: float, j2: float, semi_major_axis: float, eccentricity: float,
    inclination: float,
) -> SecularRates:
    r"""Secular rates of the node and of the argument of periapsis caused by J2.

    .. math::

        n = \sqrt{\mu / a^3}, \quad p = a (1 - e^2), \quad
        \dot\Omega = -\frac{3}{2} n J_2 \left(\frac{R}{p}\right)^2 \cos i, \quad
        \dot\omega = \frac{3}{4} n J_2 \left(\frac{R}{p}\right)^2 (5 \cos^2 i - 1)

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    body_radius : float
        Equatorial radius the J2 coefficient refers to (m), > 0.
    j2 : float
        Second zonal harmonic (dimensionless), finite.
    semi_major_axis : float
        Semi-major axis (m), > 0.
    eccentricity : float
        Eccentricity, in [0, 1).
    inclination : float
        Inclination (rad), in [0, pi].

    Returns
    -------
    SecularRates
        Node and periapsis rates (rad/s).

    Source: [Vallado] ch. 9; [Curtis] eqs. 4.52 and 4.53.
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("body_radius", body_radius, "m")
    check_positive("semi_major_axis", semi_major_axis, "m")
    if not math.isfinite(j2):
        raise ValueError(f"j2 must be a finite number, got {j2!r}")
    if not (math.isfinite(eccentricity) and 0.0 <= eccentricity < 1.0):
        raise ValueError(f"eccentricity must lie in [0, 1), got {eccentricity!r}")
    if not (math.isfinite(inclination) and 0.0 <= inclination <= math.pi):
        raise ValueError(f"inclination must lie in [0, pi] rad, got {inclination!r} rad")
    mean_motion = math.sqrt(mu / semi_major_axis**3)
    p = semi_major_axis * (1.0 - eccentricity * eccentricity)
    k = mean_motion * j2 * (body_radius / p) ** 2
    cos_i = math.cos(inclination)
    return SecularRates(-1.5 * k * cos_i, 0.75 * k * (5.0 * cos_i * cos_i - 1.0))
