r"""Eclipses of a circular orbit by its central body: cylindrical shadow.

Floats in SI units only: m, s, rad, m^3/s^2.

The model: sunlight arrives in parallel rays (the Sun infinitely far), the body is a
sphere of radius :math:`R`, its shadow the cylinder of radius :math:`R` behind it; the
orbit is circular, of radius :math:`r`, and its plane makes the angle :math:`\beta` (the
beta angle) with the direction of the Sun. The spacecraft is in shadow while its
distance from the shadow's axis is below :math:`R` on the night side, which happens over
the arc :math:`2\varphi` of the orbit with

.. math::

    \cos\varphi = \frac{\sqrt{r^2 - R^2}}{r \cos\beta}, \qquad
    t_{eclipse} = \frac{\varphi}{\pi} T, \qquad T = 2\pi\sqrt{\frac{r^3}{\mu}}

and no eclipse for :math:`|\beta| \ge \arcsin(R/r)`. The longest eclipse is at
:math:`\beta = 0`: :math:`\varphi = \arcsin(R/r)`. The penumbra (the Sun's disc is
0.27 deg in radius at 1 AU) and the Moon's passages through Earth's shadow (lunar
eclipses, up to about 1 h 47 min of totality and several hours of penumbra, which LRO
and Lunar Prospector had to survive) are not modelled.

Sources
-------
- [Wertz] J. R. Wertz, W. J. Larson (eds.), "Space Mission Analysis and Design", 3rd
  ed., 1999, sec. 5.1 (eclipse duration of a circular orbit, cylindrical shadow).
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed., 2014,
  sec. 12.8 (the shadow function, cylindrical and conical shadows).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from okaeri.core._checks import check_positive
from okaeri.core.twobody import orbital_period

__all__ = ["Eclipse", "eclipse_duration", "longest_eclipse"]


class Eclipse(NamedTuple):
    """Result of :func:`longest_eclipse` (s)."""

    duration: float
    """Time in the shadow per revolution (s)."""
    period: float
    """Orbital period (s)."""

    @property
    def fraction(self) -> float:
        """Fraction of the revolution in the shadow."""
        return self.duration / self.period


def _check(mu: float, body_radius: float, orbit_radius: float) -> None:
    check_positive("mu", mu, "m^3/s^2")
    check_positive("body_radius", body_radius, "m")
    if not (math.isfinite(orbit_radius) and orbit_radius > body_radius):
        raise ValueError(f"orbit_radius must be > body_radius = {body_radius!r} m, got "
                         f"{orbit_radius!r} m")


def eclipse_duration(
    mu: float, body_radius: float, orbit_radius: float, beta_angle: float = 0.0
) -> float:
    r"""Time in the cylindrical shadow per revolution of a circular orbit.

    .. math::

        t = \frac{T}{\pi} \arccos\frac{\sqrt{r^2 - R^2}}{r \cos\beta}
        \quad (|\beta| < \arcsin(R/r)), \qquad 0 \text{ otherwise}

    Parameters
    ----------
    mu : float
        Gravitational parameter of the body (m^3/s^2), > 0.
    body_radius : float
        Radius of the body casting the shadow (m), > 0.
    orbit_radius : float
        Radius of the circular orbit (m), > body_radius.
    beta_angle : float
        Angle between the orbit plane and the direction of the Sun (rad), in
        [-pi/2, pi/2].

    Returns
    -------
    float
        Eclipse duration (s).

    Source: [Wertz] sec. 5.1; [Curtis] sec. 12.8 (cylindrical shadow).
    """
    _check(mu, body_radius, orbit_radius)
    if not (math.isfinite(beta_angle) and abs(beta_angle) <= 0.5 * math.pi):
        raise ValueError(f"beta_angle must lie in [-pi/2, pi/2] rad, got {beta_angle!r} rad")
    cosine_beta = math.cos(beta_angle)
    lit = math.sqrt(orbit_radius**2 - body_radius**2)
    if lit >= orbit_radius * cosine_beta:
        return 0.0
    half_arc = math.acos(lit / (orbit_radius * cosine_beta))
    return orbital_period(mu, orbit_radius) * half_arc / math.pi


def longest_eclipse(mu: float, body_radius: float, orbit_radius: float) -> Eclipse:
    r"""Longest eclipse of a circular orbit (beta angle 0, cylindrical shadow) and its
    period.

    .. math:: t_{max} = \frac{T}{\pi}\arcsin\frac{R}{r}, \qquad T = 2\pi\sqrt{r^3/\mu}

    About 46.5 min of a 117.8 min period in a 100 km lunar orbit.

    Parameters
    ----------
    mu : float
        Gravitational parameter of the body (m^3/s^2), > 0.
    body_radius : float
        Radius of the body (m), > 0.
    orbit_radius : float
        Radius of the circular orbit (m), > body_radius.

    Returns
    -------
    Eclipse
        Duration (s) and period (s).

    Source: [Wertz] sec. 5.1; [Curtis] sec. 12.8.
    """
    _check(mu, body_radius, orbit_radius)
    period = orbital_period(mu, orbit_radius)
    return Eclipse(period * math.asin(body_radius / orbit_radius) / math.pi, period)
