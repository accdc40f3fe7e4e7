r"""Departure from a circular orbit onto a hyperbola whose asymptote lies out of the
orbit's plane (a non-coplanar trans-Earth injection).

Floats in SI units only: m, m/s, rad, m^3/s^2.

The low lunar orbit's plane is set by the ascent element's launch site; the departure
asymptote :math:`\hat{\mathbf s}` (the direction of :math:`\mathbf v_\infty`) by the
return to the recovery zone. When :math:`\hat{\mathbf s}` is out of the orbit plane by
the angle :math:`\alpha`, a coplanar departure is impossible; this module gives the
extra delta-v of three ways to depart anyway, for the engineer to choose from. The
departure hyperbola has :math:`e = 1 + r v_\infty^2/\mu` when its periapsis is on the
circular orbit (radius :math:`r`), and its asymptote is at the true anomaly
:math:`\nu_\infty = \arccos(-1/e)` (about 142 deg for the LSR-1 return), so its periapsis
must be :math:`\nu_\infty` behind :math:`\hat{\mathbf s}`.

1. **One impulse** from the circular orbit, anywhere on it and in any direction: for each
   burn point :math:`P` the hyperbola lies in the plane of :math:`P` and
   :math:`\hat{\mathbf s}`; its flight path angle :math:`\gamma` at :math:`P` is the one
   whose asymptote is the angle :math:`\eta = \angle(P, \hat{\mathbf s})` ahead
   (:math:`\eta = \nu_\infty - \nu_P`); the burn is the vector difference
   :math:`\Delta v^2 = v^2 + v_c^2 - 2 v v_c \cos\gamma \cos\beta_P`, with
   :math:`\beta_P` the angle between the two planes at :math:`P`; minimised over
   :math:`P`.
2. **Plane change first**: turn the circular orbit by :math:`\alpha` so that it contains
   :math:`\hat{\mathbf s}`, :math:`2 v_c \sin(\alpha/2)`, then depart coplanar.
3. **Through an ellipse** (three impulses): raise the apoapsis at the point :math:`P`
   that lies :math:`\nu_\infty` behind :math:`\hat{\mathbf s}`, turn the plane about the
   line of apsides at apoapsis by :math:`\beta` (:math:`\sin\beta = \sin\alpha /
   \sin\nu_\infty`, a right spherical triangle), and depart from periapsis. The periapsis
   burns telescope to the coplanar departure, so the extra is
   :math:`2 v_a \sin(\beta/2)`. Such a point exists only for
   :math:`\alpha \le \pi - \nu_\infty`; beyond, the option is unavailable (``inf``).

Sources
-------
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed., 2014:
  ch. 2 (hyperbolic trajectories, the asymptote's true anomaly), ch. 6 (plane changes),
  ch. 8 (departure hyperbola).
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  2013, ch. 6 (pure and combined plane changes; plane changes at apoapsis of an
  intermediate orbit).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from okaeri.core._checks import check_non_negative, check_positive
from okaeri.core.constants import MU_MOON, R_MOON
from okaeri.core.orbits import plane_change
from okaeri.core.twobody import apoapsis_speed

__all__ = ["NonCoplanarDeparture", "non_coplanar_departure"]

_BURN_POINTS = 360  # samples of the burn point on the circle before the local search


class NonCoplanarDeparture(NamedTuple):
    """Result of :func:`non_coplanar_departure`: the coplanar departure and the extra
    delta-v of each way to reach an asymptote out of the plane (m/s)."""

    coplanar: float
    """Tangential departure when the asymptote lies in the plane (m/s)."""
    one_impulse: float
    """Extra of the best single impulse from the circular orbit (m/s)."""
    plane_change_first: float
    """Extra of turning the circular orbit by the full angle first (m/s)."""
    through_ellipse: float
    """Extra of the three-impulse departure through the ellipse (m/s); ``inf`` when the
    asymptote is too far out of the plane for it."""
    burn_point_angle: float
    """Where the best single impulse is made (rad): the polar angle of the burn point in
    the orbit plane from the projection of the asymptote, in the direction of motion."""
    flight_path_angle: float
    """Flight path angle of the departure hyperbola at that point (rad)."""

    @property
    def best(self) -> float:
        """The smallest extra (m/s)."""
        return min(self.one_impulse, self.plane_change_first, self.through_ellipse)


def _asymptote_angle(r: float, v_inf: float, mu: float, gamma: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Angle from the burn point to the outgoing asymptote (rad), and the periapsis
    radius (m), of hyperbolas through radius ``r`` with flight path angles ``gamma``."""
    speed_squared = v_inf * v_inf + 2.0 * mu / r
    h = r * np.sqrt(speed_squared) * np.cos(gamma)
    ecc = np.sqrt(1.0 + v_inf * v_inf * h * h / (mu * mu))
    p = h * h / mu
    nu_point = np.sign(gamma) * np.arccos(np.clip((p / r - 1.0) / ecc, -1.0, 1.0))
    return np.arccos(-1.0 / ecc) - nu_point, p / (1.0 + ecc)


def _flight_path_angle(r: float, v_inf: float, mu: float, eta: np.ndarray) -> np.ndarray:
    """Flight path angles giving the asymptote angles ``eta`` (rad, in (0, 2 pi)):
    the angle decreases monotonically with gamma, so bisection (60 halvings, 1e-18 rad
    of bracket) needs no iteration cap beyond its fixed count."""
    low = np.full_like(eta, -0.5 * math.pi)
    high = np.full_like(eta, 0.5 * math.pi)
    for _ in range(60):
        middle = 0.5 * (low + high)
        too_far = _asymptote_angle(r, v_inf, mu, middle)[0] > eta
        low = np.where(too_far, middle, low)
        high = np.where(too_far, high, middle)
    gamma: np.ndarray = 0.5 * (low + high)
    return gamma


def _one_impulse(r: float, v_inf: float, alpha: float, mu: float, body_radius: float,
                 psi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Delta-v (m/s) and flight path angle (rad) of the single impulse at the burn points
    ``psi`` (polar angles in the orbit plane, the asymptote projected on psi = 0)."""
    speed = math.sqrt(v_inf * v_inf + 2.0 * mu / r)
    circular = math.sqrt(mu / r)
    point = np.stack([np.cos(psi), np.sin(psi), np.zeros_like(psi)], axis=-1)
    asymptote = np.array([math.cos(alpha), 0.0, math.sin(alpha)])
    eta = np.arccos(np.clip(point @ asymptote, -1.0, 1.0))
    towards = asymptote - np.outer(np.cos(eta), np.ones(3)) * point  # in-plane, toward s
    towards /= np.maximum(np.linalg.norm(towards, axis=-1, keepdims=True), 1e-300)
    along_orbit = np.stack([-np.sin(psi), np.cos(psi), np.zeros_like(psi)], axis=-1)
    cos_planes = np.sum(towards * along_orbit, axis=-1)
    best = np.full_like(psi, np.inf)
    best_gamma = np.zeros_like(psi)
    for arc, direction in ((eta, 1.0), (2.0 * math.pi - eta, -1.0)):  # short or long way
        gamma = _flight_path_angle(r, v_inf, mu, arc)
        periapsis = _asymptote_angle(r, v_inf, mu, gamma)[1]
        square = speed**2 + circular**2 - 2.0 * speed * circular * np.cos(gamma) * (
            direction * cos_planes)
        # descending after the burn (gamma < 0), the hyperbola must clear the surface
        clear = (gamma >= 0.0) | (periapsis >= body_radius)
        delta_v = np.where(clear, np.sqrt(np.maximum(square, 0.0)), np.inf)
        better = delta_v < best
        best = np.where(better, delta_v, best)
        best_gamma = np.where(better, gamma, best_gamma)
    return best, best_gamma


def non_coplanar_departure(
    v_inf: float,
    r_orbit: float,
    out_of_plane_angle: float,
    r_apoapsis: float,
    *,
    mu: float = MU_MOON,
    body_radius: float = R_MOON,
) -> NonCoplanarDeparture:
    r"""Extra delta-v of departing a circular orbit onto a hyperbola whose asymptote lies
    ``out_of_plane_angle`` out of the orbit plane (see the module docstring).

    .. math::

        \Delta v_{coplanar} = \sqrt{v_\infty^2 + 2\mu/r} - \sqrt{\mu/r}, \quad
        \Delta v_{first} = 2 v_c \sin\frac{\alpha}{2}, \quad
        \Delta v_{ellipse} = 2 v_a \sin\frac{\beta}{2},\
        \sin\beta = \frac{\sin\alpha}{\sin\nu_\infty}

    and the single impulse minimised over the burn point (360 samples, then a bounded
    Brent search around the best).

    Parameters
    ----------
    v_inf : float
        Hyperbolic excess speed of the departure (m/s), >= 0.
    r_orbit : float
        Radius of the circular orbit (m), > body_radius.
    out_of_plane_angle : float
        Angle of the asymptote out of the orbit plane (rad), in [0, pi/2].
    r_apoapsis : float
        Apoapsis radius of the intermediate ellipse of the three-impulse departure (m),
        > r_orbit.
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    body_radius : float
        Radius of the body (m): a single-impulse hyperbola must keep its periapsis above.

    Returns
    -------
    NonCoplanarDeparture
        The coplanar delta-v and each option's extra (m/s), and where the best single
        impulse is made (rad).

    Source: [Curtis] ch. 2 (hyperbola, asymptote), ch. 6 and [Vallado] ch. 6 (plane
    changes); right spherical triangles.
    """
    _check_departure(v_inf, r_orbit, out_of_plane_angle, r_apoapsis, mu, body_radius)
    alpha = out_of_plane_angle
    circular = math.sqrt(mu / r_orbit)
    coplanar = math.sqrt(v_inf * v_inf + 2.0 * mu / r_orbit) - circular
    burn_angle, one_impulse, gamma = _best_single_impulse(r_orbit, v_inf, alpha, mu,
                                                          body_radius)
    nu_inf = math.acos(-1.0 / (1.0 + r_orbit * v_inf * v_inf / mu))
    if alpha <= math.pi - nu_inf:
        beta = math.asin(min(1.0, math.sin(alpha) / math.sin(nu_inf)))
        through_ellipse = plane_change(apoapsis_speed(mu, r_orbit, r_apoapsis), beta)
    else:
        through_ellipse = math.inf
    return NonCoplanarDeparture(
        coplanar=coplanar,
        one_impulse=max(one_impulse - coplanar, 0.0),
        plane_change_first=plane_change(circular, alpha),
        through_ellipse=through_ellipse,
        burn_point_angle=math.remainder(burn_angle, 2.0 * math.pi),
        flight_path_angle=gamma,
    )


def _check_departure(v_inf: float, r_orbit: float, out_of_plane_angle: float,
                     r_apoapsis: float, mu: float, body_radius: float) -> None:
    """Refuse the inputs of :func:`non_coplanar_departure` out of their ranges."""
    check_non_negative("v_inf", v_inf, "m/s")
    check_positive("mu", mu, "m^3/s^2")
    check_positive("body_radius", body_radius, "m")
    if not (math.isfinite(r_orbit) and r_orbit > body_radius):
        raise ValueError(f"r_orbit must be > body_radius = {body_radius!r} m, got {r_orbit!r} m")
    if not (math.isfinite(out_of_plane_angle) and 0.0 <= out_of_plane_angle <= 0.5 * math.pi):
        raise ValueError(f"out_of_plane_angle must lie in [0, pi/2] rad, got "
                         f"{out_of_plane_angle!r} rad")
    if not (math.isfinite(r_apoapsis) and r_apoapsis > r_orbit):
        raise ValueError(f"r_apoapsis must be > r_orbit = {r_orbit!r} m, got {r_apoapsis!r} m")


def _best_single_impulse(r_orbit: float, v_inf: float, alpha: float, mu: float,
                         body_radius: float) -> tuple[float, float, float]:
    """The cheapest single impulse over the burn point: ``_BURN_POINTS`` samples, then a
    bounded Brent search around the best. Returns the burn point angle (rad), the
    impulse (m/s) and the flight path angle there (rad)."""
    from scipy.optimize import minimize_scalar

    psi = np.linspace(-math.pi, math.pi, _BURN_POINTS, endpoint=False)
    samples = _one_impulse(r_orbit, v_inf, alpha, mu, body_radius, psi)[0]
    start = float(psi[int(np.argmin(samples))])
    step = 2.0 * math.pi / _BURN_POINTS

    def cost(angle: float) -> float:  # finite, for the search: 1e30 where infeasible
        return min(float(_one_impulse(r_orbit, v_inf, alpha, mu, body_radius,
                                      np.array([angle]))[0][0]), 1e30)

    found = minimize_scalar(cost, bounds=(start - step, start + step), method="bounded",
                            options={"xatol": 1e-9})
    burn_angle = float(found.x)
    one_impulse, gamma = _one_impulse(r_orbit, v_inf, alpha, mu, body_radius,
                                      np.array([burn_angle]))
    return burn_angle, float(one_impulse[0]), float(gamma[0])
