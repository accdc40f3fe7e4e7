r"""Patched-conic Earth–Moon transfers: TLI, LOI, TEI and the Earth entry interface.

Floats in SI units only: metres, seconds, m/s, m^3/s^2, radians.

The model
---------
The simplified patched-conic model of Curtis (ch. 8, applied to the Moon) and
Bate–Mueller–White (ch. 7, "lunar trajectories", in its first approximation):

1. **Coplanar, circular Moon.** The Moon moves on a circle of radius
   :math:`D` (its mean distance) in the plane of the transfer, at speed
   :math:`v_M = \sqrt{(\mu_E + \mu_M)/D}` (the relative two-body orbit).
2. **Geocentric leg.** Trans-lunar injection (TLI) is one tangential, impulsive burn at
   the perigee of the departure orbit (circular or elliptic), onto a geocentric ellipse
   with the same perigee and an apogee at :math:`D` (the Hohmann-like, minimum-energy
   transfer, tangential arrival) or beyond it (faster transfer, non-tangential arrival).
   Earth's gravity alone acts on this leg; the Moon's attraction is ignored.
3. **Patch point.** The Moon's sphere of influence is shrunk to a point in the
   geocentric leg (the patch is at the Moon's centre, at distance :math:`D`) and
   stretched to infinity in the selenocentric leg. The hyperbolic excess speed is the
   spacecraft's speed relative to the Moon there,

   .. math:: v_\infty = \left| \mathbf{v}_{sc} - \mathbf{v}_M \right|
      = \sqrt{v^2 + v_M^2 - 2 v v_M \cos\gamma},

   which for a tangential arrival is :math:`v_M - v_{apogee}`.
4. **Selenocentric leg.** The approach hyperbola is aimed (free B-plane aiming) so that
   its periapsis lies at the low lunar orbit radius :math:`r_{LLO}`; lunar orbit
   insertion (LOI) is one impulsive burn there into the circular orbit, optionally with
   a plane change :math:`\Delta i` in the same burn:

   .. math::

      v_p = \sqrt{v_\infty^2 + 2\mu_M / r_{LLO}}, \quad
      v_c = \sqrt{\mu_M / r_{LLO}}, \quad
      \Delta v = \sqrt{v_p^2 + v_c^2 - 2 v_p v_c \cos\Delta i}.

5. **Return.** Trans-Earth injection (TEI) mirrors LOI: the departure hyperbola's
   excess speed is the one that puts the spacecraft, after the patch, on a geocentric
   ellipse with apogee :math:`D` (tangential departure; or beyond :math:`D` for a
   faster return) and a *vacuum perigee* radius
   :math:`r_{vp}` (the perigee the trajectory would have without an atmosphere, a
   targeting choice). The **entry interface** state is that ellipse's speed and flight
   path angle at the entry radius :math:`r_{EI}`:

   .. math::

      v_{EI} = \sqrt{\frac{2\mu_E}{r_{EI}} - \frac{2\mu_E}{r_{vp} + D}}, \quad
      \cos\gamma_{EI} = \frac{\sqrt{2 \mu_E r_{vp} D / (r_{vp} + D)}}{r_{EI} v_{EI}},
      \quad \gamma_{EI} < 0.

6. **Times of flight** are the geocentric times from perigee to the distance :math:`D`
   (Kepler's equation; half the period for the tangential transfer). The time spent
   inside the Moon's sphere of influence and the phasing with the Moon are not
   modelled.

Approximations: the Moon's orbit is taken circular (its distance varies by about
±5 %) and in the plane of the transfer (it is inclined about 5° to the ecliptic and
18–29° to Earth's equator); Earth's oblateness, solar gravity, the Moon's attraction
on the geocentric legs and the finite sphere of influence (about 66,000 km) are
ignored; burns are impulsive (see :mod:`okaeri.core.rocket` for gravity losses). The
tests compare the model with Apollo's flown TLI, LOI, TEI and entry values and state
the tolerance each comparison supports; times of flight are indicative only (the
minimum-energy transfer takes about 5 days, Apollo's faster ones about 3, which the
``transfer_apogee_radius`` and ``return_apogee_radius`` arguments reproduce).

Sources
-------
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed.,
  Butterworth-Heinemann, 2014: ch. 8 (sphere of influence, method of patched conics,
  planetary departure and rendezvous: hyperbolic excess speed, injection and capture at
  periapsis).
- [BMW] R. R. Bate, D. D. Mueller, J. E. White, "Fundamentals of Astrodynamics",
  Dover, 1971: chapter 7 (lunar trajectories, patched-conic approximation).
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  2013: ch. 12 (patched-conic approximation), ch. 6 (combined plane change).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from okaeri.core._checks import check_non_negative, check_positive
from okaeri.core.cislunar import apogee_at_moon, excess_speed_at_moon, time_from_periapsis
from okaeri.core.constants import MOON_SEMI_MAJOR_AXIS, MOON_SOI_RADIUS, MU_EARTH, MU_MOON
from okaeri.core.orbits import combined_plane_change, conic_state_at_radius, perigee_burn

__all__ = [
    "ArrivalLeg",
    "EarthMoonLegs",
    "ReturnLeg",
    "earth_moon_legs",
    "lunar_orbit_insertion",
    "return_to_earth",
    "trans_earth_injection",
    "translunar_injection",
    "vacuum_perigee_for_entry_angle",
]


class ArrivalLeg(NamedTuple):
    """Result of :func:`translunar_injection` (SI units)."""

    delta_v: float
    """TLI burn at perigee (m/s)."""
    r_perigee: float
    """Perigee radius of the departure orbit and of the transfer (m)."""
    transfer_apogee_radius: float
    """Apogee radius of the geocentric transfer ellipse (m)."""
    time_of_flight: float
    """Time from TLI to the Moon's distance (s)."""
    arrival_speed: float
    """Geocentric speed at the Moon's distance (m/s)."""
    arrival_flight_path_angle: float
    """Geocentric flight path angle at the Moon's distance (rad), >= 0."""
    v_inf: float
    """Hyperbolic excess speed relative to the Moon (m/s)."""


def translunar_injection(
    r_perigee: float,
    r_apogee: float,
    *,
    transfer_apogee_radius: float | None = None,
    moon_distance: float = MOON_SEMI_MAJOR_AXIS,
    mu_earth: float = MU_EARTH,
    mu_moon: float = MU_MOON,
) -> ArrivalLeg:
    r"""Trans-lunar injection from an Earth orbit, burn at perigee, and arrival at the Moon.

    .. math::

        \Delta v_{TLI} = \sqrt{\frac{2\mu_E r_{a,t}}{r_p (r_p + r_{a,t})}}
                       - \sqrt{\frac{2\mu_E r_a}{r_p (r_p + r_a)}}, \quad
        v_\infty = \sqrt{v^2 + v_M^2 - 2 v v_M \cos\gamma} \text{ at } r = D

    (see the module docstring for the model and its approximations).

    Parameters
    ----------
    r_perigee : float
        Perigee radius of the departure orbit (m), > 0 (for a circular parking orbit,
        its radius).
    r_apogee : float
        Apogee radius of the departure orbit (m), r_perigee <= r_apogee < the transfer
        apogee.
    transfer_apogee_radius : float or None
        Apogee radius of the transfer ellipse (m), >= ``moon_distance``; ``None`` for
        the Moon's distance (tangential, minimum-energy arrival).
    moon_distance : float
        Earth–Moon distance D (m), > r_apogee.
    mu_earth, mu_moon : float
        Gravitational parameters (m^3/s^2), > 0.

    Returns
    -------
    ArrivalLeg
        TLI delta-v (m/s), time of flight (s), arrival state and v_inf (m/s).

    Source: [Curtis] ch. 8 (patched conics) and example 6.1(a) (perigee burn); [BMW]
    chapter 7.
    """
    check_positive("r_perigee", r_perigee, "m")
    check_positive("r_apogee", r_apogee, "m")
    check_positive("moon_distance", moon_distance, "m")
    check_positive("mu_earth", mu_earth, "m^3/s^2")
    if r_apogee < r_perigee:
        raise ValueError(
            f"r_apogee must be >= r_perigee = {r_perigee!r} m, got {r_apogee!r} m"
        )
    if r_apogee >= moon_distance:
        raise ValueError(
            f"r_apogee must be below the Moon's distance {moon_distance!r} m, got "
            f"{r_apogee!r} m"
        )
    apogee = apogee_at_moon("transfer_apogee_radius", transfer_apogee_radius, moon_distance)
    delta_v = perigee_burn(mu_earth, r_perigee, r_apogee, apogee)
    ecc = (apogee - r_perigee) / (apogee + r_perigee)
    speed, gamma = conic_state_at_radius(
        mu_earth, r_perigee, ecc, moon_distance, approaching=False
    )
    v_inf = excess_speed_at_moon(speed, gamma, moon_distance, mu_earth, mu_moon)
    time = time_from_periapsis(mu_earth, r_perigee, apogee, moon_distance)
    return ArrivalLeg(delta_v, r_perigee, apogee, time, speed, gamma, v_inf)


def _check_llo(r_orbit: float, mu_moon: float) -> None:
    check_positive("r_orbit", r_orbit, "m")
    check_positive("mu_moon", mu_moon, "m^3/s^2")
    if r_orbit >= MOON_SOI_RADIUS:
        raise ValueError(
            f"r_orbit must lie inside the Moon's sphere of influence ({MOON_SOI_RADIUS!r} "
            f"m), got {r_orbit!r} m"
        )


def lunar_orbit_insertion(
    v_inf: float, r_orbit: float, *, inclination_change: float = 0.0, mu_moon: float = MU_MOON
) -> float:
    r"""Lunar orbit insertion from an approach hyperbola into a circular orbit.

    One impulsive burn at the hyperbola's periapsis, placed at the circular orbit's
    radius, with an optional plane change in the same burn:

    .. math::

        v_p = \sqrt{v_\infty^2 + \frac{2\mu_M}{r}}, \quad v_c = \sqrt{\frac{\mu_M}{r}},
        \quad \Delta v = \sqrt{v_p^2 + v_c^2 - 2 v_p v_c \cos\Delta i}

    Parameters
    ----------
    v_inf : float
        Hyperbolic excess speed relative to the Moon (m/s), >= 0.
    r_orbit : float
        Radius of the circular low lunar orbit (m), > 0, inside the sphere of influence.
    inclination_change : float
        Plane change made in the same burn (rad), in [0, pi].
    mu_moon : float
        Moon's gravitational parameter (m^3/s^2), > 0.

    Returns
    -------
    float
        Burn magnitude (m/s).

    Source: [Curtis] ch. 8 (planetary rendezvous: capture at periapsis of the arrival
    hyperbola), ch. 6 (combined plane change); [BMW] ch. 7.
    """
    check_non_negative("v_inf", v_inf, "m/s")
    _check_llo(r_orbit, mu_moon)
    v_periapsis = math.sqrt(v_inf * v_inf + 2.0 * mu_moon / r_orbit)
    v_circular = math.sqrt(mu_moon / r_orbit)
    return combined_plane_change(v_periapsis, v_circular, inclination_change)


def trans_earth_injection(
    v_inf: float, r_orbit: float, *, inclination_change: float = 0.0, mu_moon: float = MU_MOON
) -> float:
    r"""Trans-Earth injection from a circular lunar orbit onto a departure hyperbola.

    The mirror of :func:`lunar_orbit_insertion`: same equation, burn at the departure
    hyperbola's periapsis on the circular orbit.

    Parameters
    ----------
    v_inf : float
        Hyperbolic excess speed of departure (m/s), >= 0.
    r_orbit : float
        Radius of the circular low lunar orbit (m), > 0, inside the sphere of influence.
    inclination_change : float
        Plane change made in the same burn (rad), in [0, pi].
    mu_moon : float
        Moon's gravitational parameter (m^3/s^2), > 0.

    Returns
    -------
    float
        Burn magnitude (m/s).

    Source: [Curtis] ch. 8 (planetary departure: injection at periapsis).
    """
    return lunar_orbit_insertion(
        v_inf, r_orbit, inclination_change=inclination_change, mu_moon=mu_moon
    )


class ReturnLeg(NamedTuple):
    """Result of :func:`return_to_earth` (SI units)."""

    v_inf: float
    """Hyperbolic excess speed of departure from the Moon (m/s)."""
    time_of_flight: float
    """Time from the Moon's distance to vacuum perigee (s)."""
    r_vacuum_perigee: float
    """Vacuum perigee radius targeted (m)."""
    entry_radius: float
    """Radius of the entry interface (m)."""
    entry_speed: float
    """Inertial speed at the entry interface (m/s)."""
    entry_flight_path_angle: float
    """Inertial flight path angle at the entry interface (rad), < 0."""
    time_to_entry: float
    """Time from the Moon's distance to the entry interface (s)."""


def return_to_earth(
    r_vacuum_perigee: float,
    entry_radius: float,
    *,
    return_apogee_radius: float | None = None,
    moon_distance: float = MOON_SEMI_MAJOR_AXIS,
    mu_earth: float = MU_EARTH,
    mu_moon: float = MU_MOON,
) -> ReturnLeg:
    r"""Moon-to-Earth return ellipse and its state at the entry interface.

    The return ellipse has perigee :math:`r_{vp}` and apogee :math:`r_{a}` (the Moon's
    distance D for a tangential, minimum-energy departure; beyond it for a faster
    return). Where it crosses D inbound, with speed :math:`v` and flight path angle
    :math:`\gamma`, the excess speed relative to the Moon is
    :math:`v_\infty = \sqrt{v^2 + v_M^2 - 2 v v_M \cos\gamma}` (:math:`v_M - v_a` when
    tangential). At the entry radius,

    .. math::

        v_{EI} = \sqrt{\frac{2\mu_E}{r_{EI}} - \frac{2\mu_E}{r_{vp} + r_a}}, \quad
        \cos\gamma_{EI} = \frac{h}{r_{EI} v_{EI}}, \quad
        h = \sqrt{\frac{2\mu_E r_{vp} r_a}{r_{vp} + r_a}}, \quad \gamma_{EI} < 0

    Parameters
    ----------
    r_vacuum_perigee : float
        Vacuum perigee radius (m), 0 < r_vacuum_perigee < entry_radius (it may lie
        below the surface for a steep entry).
    entry_radius : float
        Radius of the entry interface (m), below the Moon's distance.
    return_apogee_radius : float or None
        Apogee radius of the return ellipse (m), >= ``moon_distance``; ``None`` for the
        Moon's distance (tangential departure).
    moon_distance : float
        Earth–Moon distance D (m), > 0.
    mu_earth, mu_moon : float
        Gravitational parameters (m^3/s^2), > 0.

    Returns
    -------
    ReturnLeg
        Departure v_inf (m/s), times of flight (s), entry speed (m/s) and inertial
        flight path angle (rad, negative).

    Source: orbit equation, angular momentum and energy integrals ([Curtis] ch. 2),
    patched conics ([Curtis] ch. 8); [BMW] chapter 7.
    """
    check_positive("r_vacuum_perigee", r_vacuum_perigee, "m")
    check_positive("entry_radius", entry_radius, "m")
    check_positive("moon_distance", moon_distance, "m")
    check_positive("mu_earth", mu_earth, "m^3/s^2")
    if entry_radius >= moon_distance:
        raise ValueError(
            f"entry_radius must be below the Moon's distance {moon_distance!r} m, got "
            f"{entry_radius!r} m"
        )
    if r_vacuum_perigee >= entry_radius:
        raise ValueError(
            f"r_vacuum_perigee must be below the entry radius {entry_radius!r} m (else "
            f"the return never reaches the entry interface), got {r_vacuum_perigee!r} m"
        )
    apogee = apogee_at_moon("return_apogee_radius", return_apogee_radius, moon_distance)
    ecc = (apogee - r_vacuum_perigee) / (apogee + r_vacuum_perigee)
    speed_at_moon, gamma_at_moon = conic_state_at_radius(
        mu_earth, r_vacuum_perigee, ecc, moon_distance, approaching=True
    )
    v_inf = excess_speed_at_moon(speed_at_moon, gamma_at_moon, moon_distance, mu_earth, mu_moon)
    speed, gamma = conic_state_at_radius(
        mu_earth, r_vacuum_perigee, ecc, entry_radius, approaching=True
    )
    from_moon = time_from_periapsis(mu_earth, r_vacuum_perigee, apogee, moon_distance)
    to_entry = from_moon - time_from_periapsis(
        mu_earth, r_vacuum_perigee, apogee, entry_radius
    )
    return ReturnLeg(v_inf, from_moon, r_vacuum_perigee, entry_radius, speed, gamma, to_entry)


def vacuum_perigee_for_entry_angle(
    entry_radius: float,
    flight_path_angle: float,
    *,
    return_apogee_radius: float | None = None,
    moon_distance: float = MOON_SEMI_MAJOR_AXIS,
) -> float:
    r"""Vacuum perigee radius of a lunar return that gives a flight path angle at entry.

    On the return ellipse of apogee :math:`r_a`, equating
    :math:`h^2 = 2\mu r_p r_a / (r_p + r_a)` with :math:`h^2 = r^2 v^2 \cos^2\gamma`
    and vis-viva gives, with :math:`c = \cos^2\gamma`,

    .. math:: r_p = \frac{r\, c\, (r_a - r)}{r_a - r c}

    (independent of :math:`\mu`). The inverse of :func:`return_to_earth`.

    Parameters
    ----------
    entry_radius : float
        Radius of the entry interface (m), 0 < r < D.
    flight_path_angle : float
        Inertial flight path angle at the entry interface (rad), in (-pi/2, 0].
    return_apogee_radius : float or None
        Apogee radius of the return ellipse (m), >= D; ``None`` for D.
    moon_distance : float
        Earth–Moon distance D (m).

    Returns
    -------
    float
        Vacuum perigee radius (m).

    Source: derived here from the angular momentum and energy integrals ([Curtis] ch. 2).
    """
    check_positive("entry_radius", entry_radius, "m")
    check_positive("moon_distance", moon_distance, "m")
    if entry_radius >= moon_distance:
        raise ValueError(
            f"entry_radius must be below the Moon's distance {moon_distance!r} m, got "
            f"{entry_radius!r} m"
        )
    if not (math.isfinite(flight_path_angle) and -0.5 * math.pi < flight_path_angle <= 0.0):
        raise ValueError(
            "flight_path_angle must lie in (-pi/2, 0] rad (a descending entry), got "
            f"{flight_path_angle!r} rad"
        )
    apogee = moon_distance if return_apogee_radius is None else return_apogee_radius
    if not (math.isfinite(apogee) and apogee >= moon_distance * (1.0 - 1e-12)):
        raise ValueError(
            f"return_apogee_radius must be >= the Moon's distance {moon_distance!r} m, "
            f"got {apogee!r} m"
        )
    c = math.cos(flight_path_angle) ** 2
    return entry_radius * c * (apogee - entry_radius) / (apogee - entry_radius * c)


class EarthMoonLegs(NamedTuple):
    """Result of :func:`earth_moon_legs`: the round trip, SI units."""

    tli_delta_v: float
    """Trans-lunar injection at the departure orbit's perigee (m/s)."""
    loi_delta_v: float
    """Lunar orbit insertion into the circular low lunar orbit (m/s)."""
    tei_delta_v: float
    """Trans-Earth injection from the low lunar orbit (m/s)."""
    outbound_time_of_flight: float
    """TLI to the Moon's distance (s)."""
    return_time_of_flight: float
    """Moon's distance to the entry interface (s)."""
    arrival_v_inf: float
    """Hyperbolic excess speed on arrival at the Moon (m/s)."""
    departure_v_inf: float
    """Hyperbolic excess speed on departure from the Moon (m/s)."""
    entry_speed: float
    """Inertial speed at the entry interface (m/s)."""
    entry_flight_path_angle: float
    """Inertial flight path angle at the entry interface (rad), < 0."""
    entry_radius: float
    """Radius of the entry interface (m)."""
    r_vacuum_perigee: float
    """Vacuum perigee radius of the return (m)."""


def earth_moon_legs(
    r_launch_perigee: float,
    r_launch_apogee: float,
    r_lunar_orbit: float,
    entry_radius: float,
    r_vacuum_perigee: float,
    *,
    inclination_change: float = 0.0,
    tei_inclination_change: float = 0.0,
    transfer_apogee_radius: float | None = None,
    return_apogee_radius: float | None = None,
    moon_distance: float = MOON_SEMI_MAJOR_AXIS,
    mu_earth: float = MU_EARTH,
    mu_moon: float = MU_MOON,
) -> EarthMoonLegs:
    """The patched-conic round trip: TLI, LOI, TEI and the Earth entry interface state.

    Chains :func:`translunar_injection`, :func:`lunar_orbit_insertion`,
    :func:`return_to_earth` and :func:`trans_earth_injection` (see the module docstring
    for the model and its approximations).

    Parameters
    ----------
    r_launch_perigee, r_launch_apogee : float
        Perigee and apogee radii of the orbit the launcher delivers (m).
    r_lunar_orbit : float
        Radius of the circular low lunar orbit (m).
    entry_radius : float
        Radius of the Earth entry interface (m).
    r_vacuum_perigee : float
        Targeted vacuum perigee radius of the return (m), below ``entry_radius``.
    inclination_change : float
        Plane change made with LOI (rad), in [0, pi].
    tei_inclination_change : float
        Plane change made with TEI (rad), in [0, pi].
    transfer_apogee_radius : float or None
        Apogee radius of the outbound transfer (m); ``None`` for the Moon's distance.
    return_apogee_radius : float or None
        Apogee radius of the return ellipse (m); ``None`` for the Moon's distance.
    moon_distance : float
        Earth–Moon distance D (m).
    mu_earth, mu_moon : float
        Gravitational parameters (m^3/s^2).

    Returns
    -------
    EarthMoonLegs
        Delta-v of each leg (m/s), times of flight (s), excess speeds (m/s) and the entry
        interface state (m/s, rad, m).

    Source: [Curtis] chapter 8; [BMW] chapter 7.
    """
    bodies = {"moon_distance": moon_distance, "mu_earth": mu_earth, "mu_moon": mu_moon}
    arrival = translunar_injection(
        r_launch_perigee, r_launch_apogee, transfer_apogee_radius=transfer_apogee_radius,
        **bodies,
    )
    loi = lunar_orbit_insertion(
        arrival.v_inf, r_lunar_orbit, inclination_change=inclination_change, mu_moon=mu_moon
    )
    back = return_to_earth(
        r_vacuum_perigee, entry_radius, return_apogee_radius=return_apogee_radius, **bodies
    )
    tei = trans_earth_injection(
        back.v_inf, r_lunar_orbit, inclination_change=tei_inclination_change, mu_moon=mu_moon
    )
    return EarthMoonLegs(
        tli_delta_v=arrival.delta_v,
        loi_delta_v=loi,
        tei_delta_v=tei,
        outbound_time_of_flight=arrival.time_of_flight,
        return_time_of_flight=back.time_to_entry,
        arrival_v_inf=arrival.v_inf,
        departure_v_inf=back.v_inf,
        entry_speed=back.entry_speed,
        entry_flight_path_angle=back.entry_flight_path_angle,
        entry_radius=entry_radius,
        r_vacuum_perigee=r_vacuum_perigee,
    )
