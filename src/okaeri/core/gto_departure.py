r"""Departure to the Moon from a rideshare GTO whose orientation the mission does not choose.

Floats in SI units only: m, s, m/s, rad, m^3/s^2.

The geometry
------------
A transfer from the GTO's perigee (the trans-lunar injection, TLI) stays in the GTO's
plane and reaches the Moon's distance near the GTO's apogee direction. It meets the
Moon only where the Moon's orbit crosses that plane, on the *line of nodes* of the two
planes. Two angles therefore matter, and they cost different things:

1. **The plane angle** :math:`\theta` between the GTO plane and the Moon's orbit plane.
   Worst case: the nodes opposite, :math:`\theta = i_{GTO} + i_{Moon}` (6° to 28° and
   18.3° to 28.6° to the equator give 56.6°). When the transfer's apogee lies on the
   line of nodes, :math:`\theta` can be removed where it is cheapest; the options are
   compared by :func:`plane_change_options` (absorbed in the arrival excess speed, at
   the transfer's apogee, at the GTO's apogee, or combined with the TLI).
2. **The apsidal misalignment**: how far the transfer's apogee direction lies out of the
   Moon's orbit plane. A plane change at an apsis turns the plane about the line of
   apsides and cannot move the apogee; either the orbit is left to turn until its line of
   apsides reaches the Moon's plane (*phasing*, the J2 drift of the GTO, which costs time:
   :mod:`okaeri.core.apsidal_alignment`), or the transfer is turned on the way out so
   that it arrives out of its original plane (a *broken-plane* manoeuvre, which costs delta-v:
   :func:`broken_plane_correction`).

The Moon's orbit is inclined :math:`i_m` = 5.145° to the ecliptic, its node regresses
along the ecliptic in 18.61 years, and the ecliptic is inclined :math:`\varepsilon` =
23.44° to the equator, so the Moon's orbit is inclined between
:math:`\varepsilon - i_m` = 18.3° and :math:`\varepsilon + i_m` = 28.6° to the equator.

Sources
-------
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  2013: ch. 6 (plane changes; inclination and node change, algorithm 39 and example
  6-6), ch. 9 (J2 secular rates).
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed., 2014:
  ch. 4 (orbital plane, node regression), ch. 6 (plane change), ch. 8 (patched conics).
- [Meeus] J. Meeus, "Astronomical Algorithms", 2nd ed., 1998, ch. 47 (the Moon's mean
  orbit: inclination 5.145 deg to the ecliptic, node period 6,798.4 days) and ch. 22
  (obliquity of the ecliptic, 23.439 deg at J2000).
- [BMW] R. R. Bate, D. D. Mueller, J. E. White, "Fundamentals of Astrodynamics", 1971,
  ch. 7 (lunar trajectories: the transfer plane must contain the Moon at arrival).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from okaeri.core._checks import check_angle, check_non_negative, check_positive
from okaeri.core.cislunar import moon_orbital_speed
from okaeri.core.constants import MOON_SEMI_MAJOR_AXIS, MU_EARTH, MU_MOON
from okaeri.core.orbits import combined_plane_change, plane_change
from okaeri.core.patched_conics import lunar_orbit_insertion, translunar_injection
from okaeri.core.twobody import apoapsis_speed, periapsis_speed

__all__ = [
    "BrokenPlane",
    "PlaneChangeOptions",
    "broken_plane_correction",
    "non_coplanar_v_inf",
    "plane_angle",
    "plane_change_options",
    "worst_case_plane_angle",
]

def plane_angle(
    inclination_1: float, node_1: float, inclination_2: float, node_2: float
) -> float:
    r"""Angle between two orbit planes given by their inclinations and ascending nodes on
    the same reference plane (the spherical law of cosines on their poles).

    .. math:: \cos\theta = \cos i_1 \cos i_2 + \sin i_1 \sin i_2 \cos(\Omega_2 - \Omega_1)

    Parameters
    ----------
    inclination_1, inclination_2 : float
        Inclinations (rad), in [0, pi].
    node_1, node_2 : float
        Right ascensions of the ascending nodes (rad), finite.

    Returns
    -------
    float
        Angle between the planes (rad), in [0, pi].

    Source: [Vallado] ch. 6 (inclination and node change, algorithm 39).
    """
    check_angle("inclination_1", inclination_1)
    check_angle("inclination_2", inclination_2)
    for name, value in (("node_1", node_1), ("node_2", node_2)):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite angle (rad), got {value!r}")
    cosine = math.cos(inclination_1) * math.cos(inclination_2) + math.sin(
        inclination_1
    ) * math.sin(inclination_2) * math.cos(node_2 - node_1)
    return math.acos(max(-1.0, min(1.0, cosine)))


def worst_case_plane_angle(max_inclination_1: float, max_inclination_2: float) -> float:
    r"""Largest angle between two orbit planes whose inclinations (to one reference plane)
    are at most the given ones and whose nodes are not chosen: the nodes opposite,

    .. math:: \theta_{max} = \min(i_{1,max} + i_{2,max},\ \pi)

    (:func:`plane_angle` grows with both inclinations and with the node difference up to
    pi). For a GTO of up to 28 deg and the Moon's orbit at up to 28.6 deg, 56.6 deg.

    Parameters
    ----------
    max_inclination_1, max_inclination_2 : float
        Largest inclinations (rad), in [0, pi/2].

    Returns
    -------
    float
        Angle (rad).

    Source: :func:`plane_angle` at a node difference of pi; [Vallado] ch. 6.
    """
    check_angle("max_inclination_1", max_inclination_1, 0.5 * math.pi)
    check_angle("max_inclination_2", max_inclination_2, 0.5 * math.pi)
    return min(max_inclination_1 + max_inclination_2, math.pi)


def non_coplanar_v_inf(
    speed: float, flight_path_angle: float, plane_angle: float, moon_speed: float
) -> float:
    r"""Hyperbolic excess speed at the Moon of a transfer whose plane is inclined to the
    Moon's orbit plane, arriving on the line of nodes of the two planes.

    The spacecraft's velocity (speed :math:`v`, flight path angle :math:`\gamma`) and the
    Moon's (horizontal, :math:`v_M`) share the radial direction there; their horizontal
    directions make the angle :math:`\theta`:

    .. math:: v_\infty = \sqrt{v^2 + v_M^2 - 2 v v_M \cos\gamma \cos\theta}

    (the coplanar formula of :mod:`okaeri.core.patched_conics` when :math:`\theta = 0`).

    Parameters
    ----------
    speed : float
        Geocentric speed of the spacecraft at the Moon's distance (m/s), >= 0.
    flight_path_angle : float
        Its flight path angle there (rad), in [-pi/2, pi/2].
    plane_angle : float
        Angle between the transfer plane and the Moon's orbit plane (rad), in [0, pi].
    moon_speed : float
        Moon's orbital speed (m/s), >= 0.

    Returns
    -------
    float
        Excess speed (m/s).

    Source: patched conics, [Curtis] ch. 8; [BMW] ch. 7 (vector difference at the patch).
    """
    for name, value in (("speed", speed), ("moon_speed", moon_speed)):
        check_non_negative(name, value, "m/s")
    if not (math.isfinite(flight_path_angle) and abs(flight_path_angle) <= 0.5 * math.pi):
        raise ValueError(
            f"flight_path_angle must lie in [-pi/2, pi/2] rad, got {flight_path_angle!r} rad"
        )
    check_angle("plane_angle", plane_angle)
    square = speed**2 + moon_speed**2 - 2.0 * speed * moon_speed * math.cos(
        flight_path_angle
    ) * math.cos(plane_angle)
    return math.sqrt(max(square, 0.0))


class PlaneChangeOptions(NamedTuple):
    """Result of :func:`plane_change_options`: the extra delta-v (m/s) of each place to
    remove the plane angle, all with the transfer's apogee on the line of nodes."""

    plane_angle: float
    """The angle removed (rad)."""
    at_arrival: float
    """Kept to the Moon: the extra lunar orbit insertion caused by the larger excess
    speed of a non-coplanar arrival (m/s)."""
    at_transfer_apogee: float
    """A pure plane change at the transfer's apogee, 2 v_a sin(theta/2) (m/s)."""
    at_gto_apogee: float
    """A pure plane change at the GTO's apogee before the TLI (m/s)."""
    with_tli: float
    """Combined with the TLI at perigee: its magnitude less the coplanar TLI's (m/s)."""

    @property
    def cheapest(self) -> float:
        """The smallest of the four (m/s)."""
        return min(self.at_arrival, self.at_transfer_apogee, self.at_gto_apogee,
                   self.with_tli)


def plane_change_options(
    r_perigee: float,
    r_apogee: float,
    r_lunar_orbit: float,
    plane_angle: float,
    *,
    moon_distance: float = MOON_SEMI_MAJOR_AXIS,
    mu_earth: float = MU_EARTH,
    mu_moon: float = MU_MOON,
) -> PlaneChangeOptions:
    r"""Delta-v of removing the angle between the GTO plane and the Moon's orbit plane,
    at each of four places, for a Hohmann-like transfer whose apogee (at the Moon's
    distance) lies on the line of nodes (see
    :func:`okaeri.core.apsidal_alignment.apsidal_alignment_wait`).

    .. math::

        \Delta v_{arrival} = \Delta v_{LOI}(v_\infty(\theta)) - \Delta v_{LOI}(v_\infty(0)),
        \quad \Delta v_{apogee} = 2 v_a \sin\frac{\theta}{2}, \quad
        \Delta v_{TLI} = \sqrt{v_1^2 + v_2^2 - 2 v_1 v_2 \cos\theta} - (v_2 - v_1)

    with :math:`v_\infty(\theta)` from :func:`non_coplanar_v_inf`, :math:`v_a` the apogee
    speed of the transfer (or of the GTO), :math:`v_1, v_2` the perigee speeds of the GTO
    and of the transfer.

    Parameters
    ----------
    r_perigee, r_apogee : float
        Perigee and apogee radii of the GTO (m), 0 < r_perigee <= r_apogee < moon_distance.
    r_lunar_orbit : float
        Radius of the circular lunar orbit the arrival is captured into (m), > 0.
    plane_angle : float
        Angle between the GTO plane and the Moon's orbit plane (rad), in [0, pi].
    moon_distance : float
        Earth-Moon distance (m).
    mu_earth, mu_moon : float
        Gravitational parameters (m^3/s^2).

    Returns
    -------
    PlaneChangeOptions
        The plane angle (rad) and the extra delta-v of each option (m/s).

    Source: [Vallado] ch. 6 (pure and combined plane changes, examples 6-4 and 6-7);
    [Curtis] ch. 8 (patched conics, capture at periapsis).
    """
    check_angle("plane_angle", plane_angle)
    arrival = translunar_injection(r_perigee, r_apogee, moon_distance=moon_distance,
                                   mu_earth=mu_earth, mu_moon=mu_moon)
    v_moon = moon_orbital_speed(moon_distance, mu_earth, mu_moon)
    v_inf = non_coplanar_v_inf(arrival.arrival_speed, arrival.arrival_flight_path_angle,
                               plane_angle, v_moon)
    loi = lunar_orbit_insertion(arrival.v_inf, r_lunar_orbit, mu_moon=mu_moon)
    loi_tilted = lunar_orbit_insertion(v_inf, r_lunar_orbit, mu_moon=mu_moon)
    v_gto_perigee = periapsis_speed(mu_earth, r_perigee, r_apogee)
    v_transfer_perigee = periapsis_speed(mu_earth, r_perigee, moon_distance)
    combined = combined_plane_change(v_gto_perigee, v_transfer_perigee, plane_angle)
    return PlaneChangeOptions(
        plane_angle=plane_angle,
        at_arrival=loi_tilted - loi,
        at_transfer_apogee=plane_change(
            apoapsis_speed(mu_earth, r_perigee, moon_distance), plane_angle),
        at_gto_apogee=plane_change(apoapsis_speed(mu_earth, r_perigee, r_apogee),
                                   plane_angle),
        with_tli=combined - (v_transfer_perigee - v_gto_perigee),
    )


class BrokenPlane(NamedTuple):
    """Result of :func:`broken_plane_correction`."""

    delta_v: float
    """Delta-v of the plane rotation (m/s)."""
    true_anomaly: float
    """True anomaly on the transfer where it is made (rad)."""
    rotation: float
    """Angle by which the plane is turned there (rad)."""


def broken_plane_correction(
    r_perigee: float,
    out_of_plane_angle: float,
    *,
    transfer_apogee_radius: float = MOON_SEMI_MAJOR_AXIS,
    mu: float = MU_EARTH,
) -> BrokenPlane:
    r"""Cheapest single plane rotation on the way out that moves the transfer's apogee
    direction out of its plane by ``out_of_plane_angle`` (a broken-plane transfer).

    A rotation of the plane by :math:`\beta` about the radius at true anomaly :math:`\nu`
    (angle :math:`\varphi = \pi - \nu` before apogee) turns the horizontal velocity
    :math:`h/r` and moves the apogee direction out of the old plane by :math:`\delta`,
    :math:`\sin\delta = \sin\varphi \sin\beta` (a right spherical triangle):

    .. math::

        \Delta v(\nu) = 2 \frac{h}{r(\nu)} \sin\frac{\beta}{2}, \quad
        \frac{h}{r} = \frac{\mu}{h}(1 + e\cos\nu), \quad
        \sin\beta = \frac{\sin\delta}{\sin(\pi - \nu)}

    minimised over :math:`\nu` (bounded Brent search). For small :math:`\delta` the
    minimum is at :math:`r = a` and is :math:`\sqrt{\mu/a}\,\delta`. The change of the
    in-plane transfer angle that an exact (Lambert) retargeting would add is of second
    order in :math:`\delta` and is neglected.

    Parameters
    ----------
    r_perigee : float
        Perigee radius of the transfer (m), > 0.
    out_of_plane_angle : float
        Angle by which the apogee direction must leave the transfer plane (rad), in
        [0, pi/2).
    transfer_apogee_radius : float
        Apogee radius of the transfer (m), > r_perigee.
    mu : float
        Gravitational parameter (m^3/s^2), > 0.

    Returns
    -------
    BrokenPlane
        Delta-v (m/s), true anomaly (rad) and rotation angle (rad) of the cheapest burn.

    Source: plane rotation about the radius vector, [Curtis] ch. 6 (plane change), and a
    right spherical triangle; broken-plane transfers: [Vallado] ch. 6 and 12.
    """
    from scipy.optimize import minimize_scalar

    check_positive("r_perigee", r_perigee, "m")
    check_positive("mu", mu, "m^3/s^2")
    if not (math.isfinite(transfer_apogee_radius) and transfer_apogee_radius > r_perigee):
        raise ValueError(f"transfer_apogee_radius must be > r_perigee = {r_perigee!r} m, "
                         f"got {transfer_apogee_radius!r} m")
    if not (math.isfinite(out_of_plane_angle) and 0.0 <= out_of_plane_angle < 0.5 * math.pi):
        raise ValueError(f"out_of_plane_angle must lie in [0, pi/2) rad, got "
                         f"{out_of_plane_angle!r} rad")
    if out_of_plane_angle == 0.0:
        return BrokenPlane(0.0, 0.0, 0.0)
    ecc = (transfer_apogee_radius - r_perigee) / (transfer_apogee_radius + r_perigee)
    mu_over_h = math.sqrt(mu / (r_perigee * (1.0 + ecc)))
    sin_delta = math.sin(out_of_plane_angle)

    def cost(true_anomaly: float) -> float:
        rotation = math.asin(min(1.0, sin_delta / math.sin(math.pi - true_anomaly)))
        return 2.0 * mu_over_h * (1.0 + ecc * math.cos(true_anomaly)) * math.sin(
            0.5 * rotation)

    lowest = out_of_plane_angle  # sin(pi - nu) >= sin(delta)
    found = minimize_scalar(cost, bounds=(lowest, math.pi - lowest), method="bounded",
                            options={"xatol": 1e-10})
    nu = float(found.x)
    return BrokenPlane(cost(nu), nu, math.asin(min(1.0, sin_delta / math.sin(math.pi - nu))))
