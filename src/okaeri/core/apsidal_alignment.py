r"""Waiting for the J2 drift of a GTO to bring its line of apsides into the Moon's
orbit plane (the *phasing* option of :mod:`okaeri.core.gto_departure`).

Floats in SI units only: m, s, rad, m^3/s^2.

The Moon's orbit is inclined :math:`i_m` = 5.145° to the ecliptic, its node regresses
along the ecliptic in 18.61 years, and the ecliptic is inclined :math:`\varepsilon` =
23.44° to the equator (:func:`moon_orbit_normal`).

The model
---------
The GTO's node and argument of perigee drift at the secular J2 rates
(:func:`okaeri.core.secular.j2_secular_rates`); the Moon's node regresses along the
ecliptic in :data:`MOON_NODE_PERIOD` (:func:`moon_orbit_normal`). The transfer reaches
the Moon's distance in the GTO plane within an in-plane angle :math:`u_{tol}`
(``in_plane_reach``: a faster transfer, a TLI off perigee) of the apogee direction; the
point of that arc nearest the Moon's plane is out of it by :math:`\delta =
\arcsin(\sin\theta \sin\max(0, u - u_{tol}))`, with :math:`u` the in-plane angle from
the apogee direction to the line of nodes and :math:`\theta` the plane angle. The
transfer can leave when

.. math:: \delta(t) \le \delta_{tol}

The initial GTO node and the initial Moon node longitude are sampled uniformly
(``node_samples`` by ``moon_node_samples``); the argument of perigee is the given one (a
GTO's apogee is near its ascending node: pi). The time is stepped by ``time_step`` and
the crossing interpolated linearly; the worst case is over the samples (finer sampling
can only lengthen it, by less than one sample's drift).

Sources
-------
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  2013: ch. 3 (ecliptic and equatorial frames), ch. 9 (J2 secular rates).
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed., 2014:
  ch. 4 (orbital plane, node regression, eqs. 4.52-4.53).
- [Meeus] J. Meeus, "Astronomical Algorithms", 2nd ed., 1998, ch. 47 (the Moon's mean
  orbit: inclination 5.145 deg to the ecliptic, node period 6,798.4 days) and ch. 22
  (obliquity of the ecliptic, 23.439 deg at J2000).
- [BMW] R. R. Bate, D. D. Mueller, J. E. White, "Fundamentals of Astrodynamics", 1971,
  ch. 7 (lunar trajectories: the transfer plane must contain the Moon at arrival).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from okaeri.core._checks import check_angle, check_positive
from okaeri.core.constants import J2_EARTH, MU_EARTH, R_EARTH
from okaeri.core.secular import j2_secular_rates

__all__ = [
    "ECLIPTIC_OBLIQUITY",
    "MOON_INCLINATION_TO_ECLIPTIC",
    "MOON_NODE_PERIOD",
    "AlignmentWait",
    "apsidal_alignment_wait",
    "moon_orbit_normal",
]

ECLIPTIC_OBLIQUITY = math.radians(23.439281)
"""Obliquity of the ecliptic at J2000 (rad) [Meeus ch. 22]."""

MOON_INCLINATION_TO_ECLIPTIC = math.radians(5.145)
"""Mean inclination of the Moon's orbit to the ecliptic (rad) [Meeus ch. 47]."""

MOON_NODE_PERIOD = 6798.38 * 86400.0
"""Period of the regression of the Moon's node along the ecliptic, 18.61 years (s)
[Meeus ch. 47]."""

_DAY = 86400.0


def moon_orbit_normal(
    node_longitude: float,
    *,
    obliquity: float = ECLIPTIC_OBLIQUITY,
    inclination_to_ecliptic: float = MOON_INCLINATION_TO_ECLIPTIC,
) -> np.ndarray:
    r"""Unit normal of the Moon's orbit plane in Earth's equatorial frame (x towards the
    equinox), for the longitude :math:`\Omega_m` of its ascending node on the ecliptic.

    .. math::

        \hat{\mathbf n}_{ecl} = (\sin i_m \sin\Omega_m,\ -\sin i_m \cos\Omega_m,\ \cos i_m),
        \quad \hat{\mathbf n} = R_x(-\varepsilon)\, \hat{\mathbf n}_{ecl}

    Its inclination to the equator, :math:`\arccos n_z`, runs from
    :math:`\varepsilon - i_m` (18.3 deg, node at 180 deg) to :math:`\varepsilon + i_m`
    (28.6 deg, node at 0) over the 18.61-year regression.

    Parameters
    ----------
    node_longitude : float
        Ecliptic longitude of the Moon's ascending node (rad), finite.
    obliquity : float
        Obliquity of the ecliptic (rad), in [0, pi/2].
    inclination_to_ecliptic : float
        Inclination of the Moon's orbit to the ecliptic (rad), in [0, pi/2].

    Returns
    -------
    numpy.ndarray
        Unit vector, shape (3,).

    Source: [Meeus] ch. 47 (mean lunar orbit), ch. 22 (obliquity); rotation between the
    ecliptic and equatorial frames, [Vallado] ch. 3.
    """
    if not math.isfinite(node_longitude):
        raise ValueError(f"node_longitude must be a finite angle (rad), got {node_longitude!r}")
    check_angle("obliquity", obliquity, 0.5 * math.pi)
    check_angle("inclination_to_ecliptic", inclination_to_ecliptic, 0.5 * math.pi)
    node = np.array([node_longitude])
    normal: np.ndarray = np.stack(_moon_normals(np.cos(node), np.sin(node), obliquity,
                                                inclination_to_ecliptic), axis=-1)[0]
    return normal


_Vector = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Arrays of x, y and z components: component-wise arithmetic is several times faster
than on stacked (..., 3) arrays, whose reductions run along a length-3 axis."""


def _moon_normals(cos_node: np.ndarray, sin_node: np.ndarray, obliquity: float,
                  inclination: float) -> _Vector:
    """:func:`moon_orbit_normal` for the cosines and sines of node longitudes."""
    x = math.sin(inclination) * sin_node
    y_ecl = -math.sin(inclination) * cos_node
    z_ecl = math.cos(inclination)
    c, s = math.cos(obliquity), math.sin(obliquity)
    return x, y_ecl * c - z_ecl * s, y_ecl * s + z_ecl * c


def _gto_axes(cos_node: np.ndarray, sin_node: np.ndarray, cos_periapsis: np.ndarray,
              sin_periapsis: np.ndarray, inclination: float) -> tuple[_Vector, _Vector]:
    """Unit vectors towards the apogee (minus the perigee direction), and the normal, for
    the cosines and sines of the node and the argument of perigee."""
    cos_i, sin_i = math.cos(inclination), math.sin(inclination)
    cn, sn, cw, sw = cos_node, sin_node, cos_periapsis, sin_periapsis
    apogee = (sn * sw * cos_i - cn * cw, -(sn * cw + cn * sw * cos_i),
              np.broadcast_to(-sw * sin_i, cn.shape))
    normal = (sin_i * sn, -sin_i * cn, np.full_like(cn, cos_i))
    return apogee, normal


def _turned(cos_start: np.ndarray, sin_start: np.ndarray, turn: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """Cosine and sine of (start + turn) from those of start (angle addition): one
    cosine and sine per turn instead of one per element."""
    cos_turn, sin_turn = np.cos(turn), np.sin(turn)
    return (cos_start * cos_turn - sin_start * sin_turn,
            sin_start * cos_turn + cos_start * sin_turn)


def _arrival_offset(apogee: _Vector, normal: _Vector, moon_normal: _Vector,
                    reach: float) -> np.ndarray:
    """Signed sine of the smallest angle out of the Moon's plane among the arrival
    directions within ``reach`` (in the GTO plane) of the apogee direction.

    With phi the in-plane angle from the apogee direction to the node line (cos phi =
    ``on_node``), the offset is sin(plane angle) sin(max(phi - reach, 0)), and
    sin(phi - reach) = sin phi cos(reach) - cos phi sin(reach)."""
    (ax, ay, az), (nx, ny, nz), (mx, my, mz) = apogee, normal, moon_normal
    along_moon_normal = ax * mx + ay * my + az * mz
    node_x, node_y, node_z = ny * mz - nz * my, nz * mx - nx * mz, nx * my - ny * mx
    sin_plane_angle = np.sqrt(node_x * node_x + node_y * node_y + node_z * node_z)
    on_node = np.clip(np.abs(ax * node_x + ay * node_y + az * node_z)
                      / np.maximum(sin_plane_angle, 1e-300), 0.0, 1.0)
    beyond_reach = np.sqrt(1.0 - on_node * on_node) * math.cos(reach) - on_node * math.sin(reach)
    offset = sin_plane_angle * np.maximum(beyond_reach, 0.0)
    return np.asarray(np.sign(along_moon_normal) * offset)


class AlignmentWait(NamedTuple):
    """Result of :func:`apsidal_alignment_wait` (s)."""

    worst_case: float
    """Longest wait over the orientations the mission does not choose (s)."""
    median: float
    """Median wait over the same orientations (s)."""


def apsidal_alignment_wait(
    r_perigee: float,
    r_apogee: float,
    inclination: float,
    tolerance: float,
    *,
    in_plane_reach: float = 0.0,
    argument_of_perigee: float = math.pi,
    node_samples: int = 180,
    moon_node_samples: int = 12,
    time_step: float = _DAY,
    max_wait: float = 10.0 * 365.25 * _DAY,
    mu: float = MU_EARTH,
    body_radius: float = R_EARTH,
    j2: float = J2_EARTH,
    moon_node_period: float = MOON_NODE_PERIOD,
) -> AlignmentWait:
    """Time until the J2 drift of a GTO brings its line of apsides close enough to the
    Moon's orbit plane for a transfer, worst case and median over the orientations the
    mission does not choose (see the model in the module docstring).

    Parameters
    ----------
    r_perigee, r_apogee : float
        Perigee and apogee radii of the GTO (m), 0 < r_perigee <= r_apogee.
    inclination : float
        GTO inclination to the equator (rad), in [0, pi/2).
    tolerance : float
        Largest angle of the arrival direction out of the Moon's plane the transfer can
        absorb (rad), in [0, pi/2): see :func:`broken_plane_correction` for its cost.
    in_plane_reach : float
        In-plane angle from the apogee direction within which the transfer can arrive
        (rad), in [0, pi/2]; 0 for a Hohmann-like transfer.
    argument_of_perigee : float
        Initial argument of perigee (rad).
    node_samples, moon_node_samples : int
        Samples of the unknown initial GTO node and Moon node longitude, >= 1.
    time_step : float
        Time step (s), > 0.
    max_wait : float
        Longest wait searched (s), > 0; a longer one raises ValueError.
    mu, body_radius, j2 : float
        Earth's gravitational parameter (m^3/s^2), radius (m) and J2.
    moon_node_period : float
        Period of the Moon's nodal regression (s), > 0; ``math.inf`` freezes the Moon's
        plane.

    Returns
    -------
    AlignmentWait
        Worst-case and median waits (s).

    Source: J2 secular rates, [Vallado] ch. 9, [Curtis] eqs. 4.52-4.53; the Moon's mean
    orbit, [Meeus] ch. 47; the transfer plane must contain the Moon at arrival, [BMW] ch. 7.
    """
    _check_alignment_search(
        r_perigee, r_apogee, inclination, tolerance, in_plane_reach,
        (node_samples, moon_node_samples), time_step, max_wait, moon_node_period,
    )
    a = 0.5 * (r_perigee + r_apogee)
    rates = j2_secular_rates(mu, body_radius, j2, a, (r_apogee - r_perigee) / (2.0 * a),
                             inclination)
    grid = np.meshgrid(np.linspace(0.0, 2.0 * np.pi, node_samples, endpoint=False),
                       np.linspace(0.0, 2.0 * np.pi, moon_node_samples, endpoint=False))
    node0, moon0 = grid[0].ravel(), grid[1].ravel()
    moon_rate = -2.0 * math.pi / moon_node_period

    cos_node0, sin_node0 = np.cos(node0), np.sin(node0)
    cos_moon0, sin_moon0 = np.cos(moon0), np.sin(moon0)

    def offset(times: np.ndarray, samples: np.ndarray) -> np.ndarray:
        t = times[:, np.newaxis]
        periapsis = argument_of_perigee + rates.periapsis_rate * t
        apogee, normal = _gto_axes(*_turned(cos_node0[samples], sin_node0[samples],
                                            rates.node_rate * t),
                                   np.cos(periapsis), np.sin(periapsis), inclination)
        moon = _moon_normals(*_turned(cos_moon0[samples], sin_moon0[samples], moon_rate * t),
                             ECLIPTIC_OBLIQUITY, MOON_INCLINATION_TO_ECLIPTIC)
        return _arrival_offset(apogee, normal, moon, in_plane_reach)

    wait = _first_entries(offset, node0.size, math.sin(tolerance), time_step, max_wait)
    return AlignmentWait(float(np.max(wait)), float(np.median(wait)))


def _check_alignment_search(
    r_perigee: float, r_apogee: float, inclination: float, tolerance: float,
    in_plane_reach: float, samples: tuple[int, int], time_step: float, max_wait: float,
    moon_node_period: float,
) -> None:
    """Refuse the inputs of :func:`apsidal_alignment_wait` out of their ranges."""
    check_positive("r_perigee", r_perigee, "m")
    check_angle("inclination", inclination, 0.5 * math.pi)
    if not (math.isfinite(tolerance) and 0.0 <= tolerance < 0.5 * math.pi):
        raise ValueError(f"tolerance must lie in [0, pi/2) rad, got {tolerance!r} rad")
    check_angle("in_plane_reach", in_plane_reach, 0.5 * math.pi)
    for name, count in zip(("node_samples", "moon_node_samples"), samples, strict=True):
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {count!r}")
    check_positive("time_step", time_step, "s")
    check_positive("max_wait", max_wait, "s")
    if not (moon_node_period > 0.0):  # math.inf freezes the Moon's plane
        raise ValueError(f"moon_node_period must be > 0 s, got {moon_node_period!r}")
    if r_apogee < r_perigee:
        raise ValueError(f"r_apogee must be >= r_perigee = {r_perigee!r} m, got {r_apogee!r} m")


_STEPS_PER_BLOCK = 16
"""Time steps evaluated at once by :func:`_first_entries` (one array operation each)."""


def _first_entries(offset: Callable[[np.ndarray, np.ndarray], np.ndarray], size: int,
                   band: float, time_step: float, max_wait: float) -> np.ndarray:
    """First time (s) each of ``size`` samples' ``offset(t)`` (signed sine, continuous
    in t) lies within ``band`` of zero: stepped by ``time_step``, the crossing
    interpolated linearly. ``offset(times, samples)`` maps K times to a (K, len(samples))
    array for the sample indices ``samples``; the steps are evaluated
    :data:`_STEPS_PER_BLOCK` at a time, for the samples still waiting only. Raises
    ValueError when a sample needs longer than ``max_wait`` (s)."""
    previous = offset(np.zeros(1), np.arange(size))[0]
    wait = np.full(size, np.nan)
    wait[np.abs(previous) <= band] = 0.0
    pending = np.flatnonzero(np.isnan(wait))
    previous = previous[pending]
    t = 0.0
    while pending.size:
        # step start times, added up one step at a time: starts[j] is t after j steps
        starts = np.add.accumulate(np.r_[t, np.full(_STEPS_PER_BLOCK, time_step)])
        steps = int(np.count_nonzero(starts[:-1] < max_wait))
        if steps == 0:
            raise ValueError(f"the GTO's line of apsides does not reach the Moon's plane "
                             f"within max_wait = {max_wait!r} s for every orientation")
        current = offset(starts[1:steps + 1], pending)
        before = np.vstack([previous[np.newaxis], current[:-1]])
        # the offset is continuous: in a step it entered the band or changed sign
        entered = (np.abs(current) <= band) | (before * current < 0.0)
        edge = np.copysign(band, before)
        fraction = np.clip((before - edge) / np.where(before == current, 1.0,
                                                       before - current), 0.0, 1.0)
        first = np.argmax(entered, axis=0)  # the first step of the block it entered in
        now = np.flatnonzero(entered.any(axis=0))
        wait[pending[now]] = starts[first[now]] + fraction[first[now], now] * time_step
        t = float(starts[steps])
        waiting = np.ones(pending.size, dtype=bool)
        waiting[now] = False
        pending, previous = pending[waiting], current[-1][waiting]
    return wait
