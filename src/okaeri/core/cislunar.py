r"""Earth–Moon geometry shared by the patched-conic legs: the Moon's circular speed, the
excess speed at the patch point, times along a geocentric ellipse.

Floats in SI units only: metres, seconds, m/s, m^3/s^2, radians. The model (a circular,
coplanar Moon at distance :math:`D`; the sphere of influence shrunk to a point) is the
one described in :mod:`okaeri.core.patched_conics`.

Sources
-------
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed.,
  Butterworth-Heinemann, 2014: ch. 2 (relative two-body motion), ch. 3 (Kepler's
  equation), ch. 8 (patched conics, hyperbolic excess speed).
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  2013: ch. 2 (Kepler's equation).
"""

from __future__ import annotations

import math

from okaeri.core._checks import check_positive
from okaeri.core.constants import MOON_SEMI_MAJOR_AXIS, MU_EARTH, MU_MOON

__all__ = [
    "apogee_at_moon",
    "excess_speed_at_moon",
    "moon_orbital_speed",
    "time_from_periapsis",
]


def apogee_at_moon(name: str, radius: float | None, moon_distance: float) -> float:
    """The apogee radius (m) of a transfer that reaches the Moon: ``radius`` or, when
    ``None``, the Moon's distance; a radius short of the Moon is refused."""
    apogee = moon_distance if radius is None else radius
    check_positive(name, apogee, "m")
    if apogee < moon_distance * (1.0 - 1e-12):
        raise ValueError(f"{name} must be >= the Moon's distance {moon_distance!r} m, "
                         f"got {apogee!r} m")
    return max(apogee, moon_distance)


def moon_orbital_speed(
    moon_distance: float = MOON_SEMI_MAJOR_AXIS,
    mu_earth: float = MU_EARTH,
    mu_moon: float = MU_MOON,
) -> float:
    r"""Speed of the Moon relative to Earth on a circular orbit.

    .. math:: v_M = \sqrt{(\mu_E + \mu_M) / D}

    Parameters
    ----------
    moon_distance : float
        Earth–Moon distance D (m), > 0.
    mu_earth, mu_moon : float
        Gravitational parameters (m^3/s^2), > 0.

    Returns
    -------
    float
        Speed (m/s), about 1,023 m/s at the mean distance.

    Source: relative two-body motion, [Curtis] ch. 2.
    """
    check_positive("moon_distance", moon_distance, "m")
    check_positive("mu_earth", mu_earth, "m^3/s^2")
    check_positive("mu_moon", mu_moon, "m^3/s^2")
    return math.sqrt((mu_earth + mu_moon) / moon_distance)


def time_from_periapsis(mu: float, r_periapsis: float, r_apoapsis: float, r: float) -> float:
    r"""Time from periapsis to radius ``r`` on an ellipse, from Kepler's equation.

    .. math::

        a = \frac{r_p + r_a}{2}, \quad e = \frac{r_a - r_p}{r_a + r_p}, \quad
        \cos E = \frac{1 - r/a}{e}, \quad t = \sqrt{\frac{a^3}{\mu}} (E - e \sin E)

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r_periapsis, r_apoapsis : float
        Apsis radii of the ellipse (m), 0 < r_periapsis <= r_apoapsis.
    r : float
        Radius reached (m), r_periapsis <= r <= r_apoapsis.

    Returns
    -------
    float
        Time (s), on the outbound half of the ellipse.

    Source: Kepler's equation; [Curtis] ch. 3; [Vallado] ch. 2.
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r_periapsis", r_periapsis, "m")
    if not r_periapsis <= r <= r_apoapsis:
        raise ValueError(
            f"r must lie between the periapsis {r_periapsis!r} m and the apoapsis "
            f"{r_apoapsis!r} m, got {r!r} m"
        )
    a = 0.5 * (r_periapsis + r_apoapsis)
    ecc = (r_apoapsis - r_periapsis) / (r_apoapsis + r_periapsis)
    if ecc == 0.0:
        return 0.0
    cos_e = max(-1.0, min(1.0, (1.0 - r / a) / ecc))
    eccentric_anomaly = math.acos(cos_e)
    return math.sqrt(a**3 / mu) * (eccentric_anomaly - ecc * math.sin(eccentric_anomaly))


def excess_speed_at_moon(
    speed: float,
    flight_path_angle: float,
    moon_distance: float = MOON_SEMI_MAJOR_AXIS,
    mu_earth: float = MU_EARTH,
    mu_moon: float = MU_MOON,
) -> float:
    r"""Hyperbolic excess speed relative to the Moon at the patch point.

    .. math:: v_\infty = \left| \mathbf{v} - \mathbf{v}_M \right|
       = \sqrt{v^2 + v_M^2 - 2 v v_M \cos\gamma}

    Parameters
    ----------
    speed : float
        Geocentric speed at the Moon's distance (m/s), >= 0.
    flight_path_angle : float
        Geocentric flight path angle there (rad).
    moon_distance : float
        Earth–Moon distance D (m), > 0.
    mu_earth, mu_moon : float
        Gravitational parameters (m^3/s^2), > 0.

    Returns
    -------
    float
        Excess speed (m/s); :math:`v_M - v` for a tangential crossing.

    Source: [Curtis] ch. 8 (patched conics: the excess speed at the sphere of influence).
    """
    v_moon = moon_orbital_speed(moon_distance, mu_earth, mu_moon)
    return math.sqrt(
        max(speed * speed + v_moon * v_moon - 2.0 * speed * v_moon * math.cos(flight_path_angle),
            0.0)
    )
