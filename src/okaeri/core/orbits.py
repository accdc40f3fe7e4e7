"""Impulsive orbital manoeuvres, and the two-body toolkit in one namespace.

Floats in SI units only: metres, seconds, m/s, m^3/s^2, radians. Every manoeuvre is
impulsive (an instantaneous change of velocity); :mod:`okaeri.core.rocket` estimates
the gravity loss of a finite burn. The two-body functions of
:mod:`okaeri.core.twobody` and :mod:`okaeri.core.kepler` are re-exported here, so
``core_orbits.circular_speed`` and ``core_orbits.kepler_propagate`` work as well.

Sources
-------
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  Microcosm Press, 2013: ch. 6 (coplanar transfers, algorithms 36 Hohmann and 37
  bi-elliptic, examples 6-1 and 6-2; non-coplanar transfers, examples 6-4 and 6-7).
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed.,
  Butterworth-Heinemann, 2014: ch. 6 (Hohmann and bi-elliptic transfers, examples 6.1
  and 6.3; plane change manoeuvres).
- [BMW] R. R. Bate, D. D. Mueller, J. E. White, "Fundamentals of Astrodynamics",
  Dover, 1971: ch. 3 (in-plane and out-of-plane orbit changes).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from okaeri.core._checks import check_positive
from okaeri.core.kepler import KeplerConvergenceError, kepler_propagate, stumpff_c, stumpff_s
from okaeri.core.twobody import (
    SINGULARITY_TOLERANCE,
    ClassicalElements,
    apoapsis_speed,
    circular_speed,
    conic_state_at_radius,
    elements_to_state,
    escape_speed,
    orbital_period,
    periapsis_speed,
    specific_energy,
    state_to_elements,
    vis_viva_speed,
)

__all__ = [
    "SINGULARITY_TOLERANCE",
    "BiellipticTransfer",
    "ClassicalElements",
    "HohmannTransfer",
    "KeplerConvergenceError",
    "apoapsis_speed",
    "apsis_burn",
    "bielliptic",
    "circular_speed",
    "combined_plane_change",
    "conic_state_at_radius",
    "elements_to_state",
    "escape_speed",
    "hohmann",
    "kepler_propagate",
    "orbital_period",
    "periapsis_speed",
    "perigee_burn",
    "plane_change",
    "specific_energy",
    "state_to_elements",
    "stumpff_c",
    "stumpff_s",
    "vis_viva_speed",
]



def _check_speed(name: str, value: float) -> None:
    if not (math.isfinite(value) and value >= 0.0):
        raise ValueError(f"{name} must be a finite number >= 0 m/s, got {value!r}")


def _check_angle(name: str, value: float) -> None:
    if not (math.isfinite(value) and 0.0 <= value <= math.pi):
        raise ValueError(f"{name} must lie in [0, pi] rad (0 to 180 deg), got {value!r} rad")


class HohmannTransfer(NamedTuple):
    """Result of :func:`hohmann`: burn magnitudes (m/s) and transfer time (s)."""

    delta_v1: float
    """First burn, at the initial orbit (m/s), a magnitude (retrograde when r2 < r1)."""
    delta_v2: float
    """Second burn, at the final orbit (m/s), a magnitude."""
    transfer_time: float
    """Time of flight on the transfer ellipse, half its period (s)."""

    @property
    def total_delta_v(self) -> float:
        """Sum of the burn magnitudes (m/s)."""
        return self.delta_v1 + self.delta_v2


class BiellipticTransfer(NamedTuple):
    """Result of :func:`bielliptic`: three burn magnitudes (m/s) and transfer time (s)."""

    delta_v1: float
    """First burn, at the initial orbit, onto the first ellipse (m/s)."""
    delta_v2: float
    """Second burn, at the intermediate apoapsis rb, onto the second ellipse (m/s)."""
    delta_v3: float
    """Third burn, at the final orbit, circularising (m/s); retrograde when rb > r2."""
    transfer_time: float
    """Time of flight on both half ellipses (s)."""

    @property
    def total_delta_v(self) -> float:
        """Sum of the burn magnitudes (m/s)."""
        return self.delta_v1 + self.delta_v2 + self.delta_v3


def apsis_burn(
    mu: float, r_burn: float, r_opposite_before: float, r_opposite_after: float
) -> float:
    r"""Tangential burn at an apsis that moves the opposite apsis.

    At radius :math:`r` (an apsis of both orbits) the speed on an orbit whose other apsis
    is :math:`r'` is :math:`v = \sqrt{2 \mu r' / (r (r + r'))}`, so

    .. math::

        \Delta v = \sqrt{\frac{2 \mu\, r'_{after}}{r (r + r'_{after})}}
                 - \sqrt{\frac{2 \mu\, r'_{before}}{r (r + r'_{before})}}

    A circular orbit has ``r_opposite == r_burn``.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r_burn : float
        Radius of the burn point, an apsis of both orbits (m), > 0.
    r_opposite_before, r_opposite_after : float
        Radius of the opposite apsis before and after the burn (m), > 0.

    Returns
    -------
    float
        Signed change of speed (m/s): positive for a prograde burn (the opposite apsis
        rises), negative for a retrograde one.

    Source: vis-viva at the common apsis; [Curtis] ch. 6, example 6.1; [BMW] ch. 3.
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r_burn", r_burn, "m")
    check_positive("r_opposite_before", r_opposite_before, "m")
    check_positive("r_opposite_after", r_opposite_after, "m")

    def speed(r_other: float) -> float:
        return math.sqrt(2.0 * mu * r_other / (r_burn * (r_burn + r_other)))

    return speed(r_opposite_after) - speed(r_opposite_before)


def perigee_burn(mu: float, r_perigee: float, r_apogee: float, r_apogee_target: float) -> float:
    r"""Tangential perigee burn of an elliptic orbit that raises (or lowers) its apogee.

    For example a burn at the perigee of a geostationary transfer orbit onto a transfer
    ellipse that reaches the Moon's distance:

    .. math::

        \Delta v = \sqrt{\frac{2 \mu\, r_{a,target}}{r_p (r_p + r_{a,target})}}
                 - \sqrt{\frac{2 \mu\, r_a}{r_p (r_p + r_a)}}

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r_perigee : float
        Perigee radius of both orbits (m), > 0.
    r_apogee : float
        Apogee radius of the initial orbit (m), >= r_perigee.
    r_apogee_target : float
        Apogee radius after the burn (m), >= r_perigee.

    Returns
    -------
    float
        Signed change of speed (m/s), positive when the apogee rises.

    Source: :func:`apsis_burn`; [Curtis] example 6.1 part (a).
    """
    for name, value in (("r_apogee", r_apogee), ("r_apogee_target", r_apogee_target)):
        check_positive(name, value, "m")
        if value < r_perigee:
            raise ValueError(
                f"{name} must be >= r_perigee = {r_perigee!r} m, got {value!r} m"
            )
    return apsis_burn(mu, r_perigee, r_apogee, r_apogee_target)


def hohmann(mu: float, r1: float, r2: float) -> HohmannTransfer:
    r"""Hohmann transfer between two coplanar circular orbits.

    .. math::

        \Delta v_1 = \left|\sqrt{\frac{2\mu r_2}{r_1 (r_1 + r_2)}}
                     - \sqrt{\frac{\mu}{r_1}}\right|, \quad
        \Delta v_2 = \left|\sqrt{\frac{\mu}{r_2}}
                     - \sqrt{\frac{2\mu r_1}{r_2 (r_1 + r_2)}}\right|, \quad
        t = \pi \sqrt{\frac{(r_1 + r_2)^3}{8 \mu}}

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r1 : float
        Radius of the initial circular orbit (m), > 0.
    r2 : float
        Radius of the final circular orbit (m), > 0 (smaller than ``r1`` for a descent,
        when both burns are retrograde).

    Returns
    -------
    HohmannTransfer
        ``delta_v1``, ``delta_v2`` (m/s, magnitudes) and ``transfer_time`` (s).

    Source: [Vallado] algorithm 36 and example 6-1; [Curtis] ch. 6 (Hohmann transfer).
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r1", r1, "m")
    check_positive("r2", r2, "m")
    a_transfer = 0.5 * (r1 + r2)
    delta_v1 = abs(apsis_burn(mu, r1, r1, r2))
    delta_v2 = abs(apsis_burn(mu, r2, r1, r2))
    return HohmannTransfer(delta_v1, delta_v2, math.pi * math.sqrt(a_transfer**3 / mu))


def bielliptic(mu: float, r1: float, rb: float, r2: float) -> BiellipticTransfer:
    r"""Bi-elliptic transfer between two coplanar circular orbits through radius ``rb``.

    Two half ellipses: :math:`r_1 \to r_b` then :math:`r_b \to r_2`, with
    :math:`a_1 = (r_1 + r_b)/2` and :math:`a_2 = (r_b + r_2)/2`:

    .. math::

        \Delta v_1 = \sqrt{\tfrac{2\mu}{r_1} - \tfrac{\mu}{a_1}} - \sqrt{\tfrac{\mu}{r_1}},
        \quad
        \Delta v_2 = \sqrt{\tfrac{2\mu}{r_b} - \tfrac{\mu}{a_2}}
                   - \sqrt{\tfrac{2\mu}{r_b} - \tfrac{\mu}{a_1}},
        \quad
        \Delta v_3 = \left|\sqrt{\tfrac{2\mu}{r_2} - \tfrac{\mu}{a_2}}
                   - \sqrt{\tfrac{\mu}{r_2}}\right|,

    .. math:: t = \pi \left(\sqrt{a_1^3/\mu} + \sqrt{a_2^3/\mu}\right)

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r1 : float
        Radius of the initial circular orbit (m), > 0.
    rb : float
        Intermediate apoapsis radius (m), >= max(r1, r2).
    r2 : float
        Radius of the final circular orbit (m), > 0.

    Returns
    -------
    BiellipticTransfer
        ``delta_v1``, ``delta_v2``, ``delta_v3`` (m/s, magnitudes), ``transfer_time`` (s).

    Source: [Vallado] algorithm 37 and example 6-2; [Curtis] ch. 6, example 6.3.
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r1", r1, "m")
    check_positive("r2", r2, "m")
    check_positive("rb", rb, "m")
    if rb < max(r1, r2):
        raise ValueError(
            f"rb must be >= max(r1, r2) = {max(r1, r2)!r} m (the intermediate apoapsis "
            f"lies beyond both orbits), got {rb!r} m"
        )
    delta_v1 = abs(apsis_burn(mu, r1, r1, rb))
    delta_v2 = abs(apsis_burn(mu, rb, r1, r2))
    delta_v3 = abs(apsis_burn(mu, r2, rb, r2))
    a1 = 0.5 * (r1 + rb)
    a2 = 0.5 * (rb + r2)
    time = math.pi * (math.sqrt(a1**3 / mu) + math.sqrt(a2**3 / mu))
    return BiellipticTransfer(delta_v1, delta_v2, delta_v3, time)


def plane_change(speed: float, angle: float) -> float:
    r"""Pure plane change at constant speed, :math:`\Delta v = 2 v \sin(\Delta i / 2)`.

    Parameters
    ----------
    speed : float
        Speed at the burn, unchanged by it (m/s), >= 0. On a non-circular orbit, use the
        speed there and the flight path angle is assumed zero (burn at an apsis).
    angle : float
        Angle between the old and new orbital planes (rad), in [0, pi].

    Returns
    -------
    float
        Burn magnitude (m/s).

    Source: [Vallado] ch. 6 (inclination-only change), example 6-4; [Curtis] ch. 6
    (plane change manoeuvres).
    """
    _check_speed("speed", speed)
    _check_angle("angle", angle)
    return 2.0 * speed * math.sin(0.5 * angle)


def combined_plane_change(speed_before: float, speed_after: float, angle: float) -> float:
    r"""Combined change of speed and plane in one burn (law of cosines).

    .. math:: \Delta v = \sqrt{v_1^2 + v_2^2 - 2 v_1 v_2 \cos\Delta i}

    Parameters
    ----------
    speed_before, speed_after : float
        Speeds before and after the burn (m/s), >= 0, both horizontal (at an apsis).
    angle : float
        Angle between the old and new orbital planes (rad), in [0, pi].

    Returns
    -------
    float
        Burn magnitude (m/s).

    Source: [Vallado] ch. 6 (combined changes), example 6-7; [Curtis] ch. 6 (plane
    change manoeuvres).
    """
    _check_speed("speed_before", speed_before)
    _check_speed("speed_after", speed_after)
    _check_angle("angle", angle)
    square = (
        speed_before**2 + speed_after**2 - 2.0 * speed_before * speed_after * math.cos(angle)
    )
    return math.sqrt(max(square, 0.0))
