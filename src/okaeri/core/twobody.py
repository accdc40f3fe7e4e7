"""Two-body motion: speeds, periods and classical orbital elements.

Kepler propagation of a state lives in :mod:`okaeri.core.kepler`.

Floats and numpy arrays in SI units only: metres, seconds, m/s, m^3/s^2, radians.

Sources
-------
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  Microcosm Press, 2013: ch. 1 (vis-viva), ch. 2 (algorithms 9 RV2COE and 10 COE2RV,
  special cases of the elements; algorithm 8 KEPLER with universal variables).
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed.,
  Butterworth-Heinemann, 2014: ch. 2 (energy, vis-viva, flight path angle), ch. 3
  (universal variables and Stumpff functions, algorithms 3.3 and 3.4), ch. 4 (algorithms
  4.2 and 4.5, state vector to and from orbital elements).
- [BMW] R. R. Bate, D. D. Mueller, J. E. White, "Fundamentals of Astrodynamics",
  Dover, 1971: ch. 4 (universal variable formulation of Kepler's problem).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from okaeri.core._checks import check_finite, check_non_negative, check_positive, check_vector3

__all__ = [
    "SINGULARITY_TOLERANCE",
    "ClassicalElements",
    "apoapsis_speed",
    "circular_speed",
    "conic_state_at_radius",
    "elements_to_state",
    "escape_speed",
    "orbital_period",
    "periapsis_speed",
    "specific_energy",
    "state_to_elements",
    "vis_viva_speed",
]

Vector = NDArray[np.float64]

SINGULARITY_TOLERANCE = 1e-10
"""Eccentricity below which an orbit is treated as circular, and sine of the
inclination below which it is treated as equatorial (dimensionless)."""

_TWO_PI = 2.0 * math.pi



# ---------------------------------------------------------------------------------------
# Speeds, energy, period
# ---------------------------------------------------------------------------------------


def vis_viva_speed(mu: float, r: float, a: float) -> float:
    r"""Speed on a conic from the vis-viva equation.

    .. math:: v = \sqrt{\mu \left(\frac{2}{r} - \frac{1}{a}\right)}

    Parameters
    ----------
    mu : float
        Gravitational parameter of the central body (m^3/s^2), > 0.
    r : float
        Distance from the centre of the body (m), > 0.
    a : float
        Semi-major axis (m): > 0 for an ellipse, < 0 for a hyperbola, ``math.inf`` for a
        parabola. An ellipse needs ``r <= 2 a``.

    Returns
    -------
    float
        Speed (m/s).

    Source: the energy integral; [Vallado] ch. 1; [Curtis] ch. 2.
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r", r, "m")
    if a == 0.0 or math.isnan(a):
        raise ValueError(f"a must be non-zero (m; < 0 for a hyperbola), got {a!r}")
    inverse_a = 0.0 if math.isinf(a) else 1.0 / a
    square = mu * (2.0 / r - inverse_a)
    if square < 0.0:
        raise ValueError(
            f"r = {r!r} m lies beyond the apoapsis 2a = {2.0 * a!r} m of the ellipse"
        )
    return math.sqrt(square)


def circular_speed(mu: float, r: float) -> float:
    r"""Speed on a circular orbit, :math:`v_c = \sqrt{\mu / r}`.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r : float
        Orbit radius (m), > 0.

    Returns
    -------
    float
        Speed (m/s).

    Source: [Vallado] ch. 1; [Curtis] ch. 2 (circular orbits).
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r", r, "m")
    return math.sqrt(mu / r)


def escape_speed(mu: float, r: float) -> float:
    r"""Escape (parabolic) speed, :math:`v_{esc} = \sqrt{2 \mu / r}`.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r : float
        Distance from the centre (m), > 0.

    Returns
    -------
    float
        Speed (m/s).

    Source: [Vallado] ch. 1; [Curtis] ch. 2 (parabolic trajectories).
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r", r, "m")
    return math.sqrt(2.0 * mu / r)


def orbital_period(mu: float, a: float) -> float:
    r"""Period of an elliptic orbit, :math:`T = 2 \pi \sqrt{a^3 / \mu}`.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    a : float
        Semi-major axis (m), > 0.

    Returns
    -------
    float
        Period (s).

    Source: Kepler's third law; [Vallado] ch. 1; [Curtis] ch. 2 (elliptical orbits).
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("a (an ellipse's semi-major axis)", a, "m")
    return _TWO_PI * math.sqrt(a**3 / mu)


def specific_energy(mu: float, r: float, v: float) -> float:
    r"""Specific mechanical energy, :math:`\varepsilon = v^2/2 - \mu/r`.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r : float
        Distance from the centre (m), > 0.
    v : float
        Speed (m/s), >= 0.

    Returns
    -------
    float
        Energy per unit mass (J/kg = m^2/s^2); negative for a bound orbit.

    Source: the energy integral; [Vallado] ch. 1; [Curtis] ch. 2.
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r", r, "m")
    check_non_negative("v", v, "m/s")
    return 0.5 * v * v - mu / r


def _apsis_speed(
    mu: float, r_periapsis: float, r_apoapsis: float, *, at_periapsis: bool
) -> float:
    """Speed (m/s) at one apsis of the ellipse with these apsis radii (m): vis-viva with
    ``a = (r_p + r_a)/2``, ``v = sqrt(2 mu r_other / (r_here (r_p + r_a)))``."""
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r_periapsis", r_periapsis, "m")
    check_positive("r_apoapsis", r_apoapsis, "m")
    if r_apoapsis < r_periapsis:
        raise ValueError(
            f"r_apoapsis must be >= r_periapsis = {r_periapsis!r} m, got {r_apoapsis!r} m"
        )
    r_here, r_other = (r_periapsis, r_apoapsis) if at_periapsis else (r_apoapsis, r_periapsis)
    return math.sqrt(2.0 * mu * r_other / (r_here * (r_periapsis + r_apoapsis)))


def periapsis_speed(mu: float, r_periapsis: float, r_apoapsis: float) -> float:
    r"""Speed at the periapsis of an ellipse given by its apsis radii.

    .. math:: v_p = \sqrt{\frac{2 \mu\, r_a}{r_p (r_p + r_a)}}

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r_periapsis, r_apoapsis : float
        Periapsis and apoapsis radii (m), 0 < r_periapsis <= r_apoapsis.

    Returns
    -------
    float
        Speed (m/s).

    Source: vis-viva with :math:`a = (r_p + r_a)/2`; [Curtis] ch. 6 (Hohmann transfer).
    """
    return _apsis_speed(mu, r_periapsis, r_apoapsis, at_periapsis=True)


def apoapsis_speed(mu: float, r_periapsis: float, r_apoapsis: float) -> float:
    r"""Speed at the apoapsis of an ellipse given by its apsis radii.

    .. math:: v_a = \sqrt{\frac{2 \mu\, r_p}{r_a (r_p + r_a)}}

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r_periapsis, r_apoapsis : float
        Periapsis and apoapsis radii (m), 0 < r_periapsis <= r_apoapsis.

    Returns
    -------
    float
        Speed (m/s).

    Source: vis-viva with :math:`a = (r_p + r_a)/2`; [Curtis] ch. 6 (Hohmann transfer).
    """
    return _apsis_speed(mu, r_periapsis, r_apoapsis, at_periapsis=False)


def conic_state_at_radius(
    mu: float, r_periapsis: float, ecc: float, r: float, *, approaching: bool = True
) -> tuple[float, float]:
    r"""Speed and flight path angle where a conic crosses the radius ``r``.

    .. math::

        p = r_p (1 + e), \quad h = \sqrt{\mu p}, \quad
        v = \sqrt{\frac{2\mu}{r} + \frac{\mu (e^2 - 1)}{p}}, \quad
        \cos\gamma = \frac{h}{r v}

    The flight path angle :math:`\gamma` is measured from the local horizontal; it is
    negative while the radius decreases (``approaching=True``, before periapsis), as
    at an atmospheric entry interface.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r_periapsis : float
        Periapsis radius of the conic (m), > 0.
    ecc : float
        Eccentricity, >= 0 (an ellipse, parabola or hyperbola).
    r : float
        Radius at which to evaluate (m), r_periapsis <= r (<= apoapsis for an ellipse).
    approaching : bool
        ``True`` for the inbound branch (gamma <= 0), ``False`` for the outbound one.

    Returns
    -------
    tuple of float
        ``(speed, flight_path_angle)`` in (m/s, rad).

    Source: orbit equation, angular momentum and energy integrals; [Curtis] ch. 2
    (flight path angle); [Vallado] ch. 2.
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("r_periapsis", r_periapsis, "m")
    check_non_negative("ecc", ecc)
    check_positive("r", r, "m")
    if r < r_periapsis * (1.0 - 1e-12):
        raise ValueError(
            f"r must be >= the periapsis radius {r_periapsis!r} m, got {r!r} m"
        )
    p = r_periapsis * (1.0 + ecc)
    if ecc < 1.0:
        r_apoapsis = p / (1.0 - ecc)
        if r > r_apoapsis * (1.0 + 1e-12):
            raise ValueError(
                f"r must be <= the apoapsis radius {r_apoapsis!r} m of the ellipse, "
                f"got {r!r} m"
            )
    h = math.sqrt(mu * p)
    speed = math.sqrt(max(2.0 * mu / r + mu * (ecc * ecc - 1.0) / p, 0.0))
    cos_gamma = min(1.0, h / (r * speed))
    gamma = math.acos(cos_gamma)
    return speed, -gamma if approaching else gamma


# ---------------------------------------------------------------------------------------
# Classical orbital elements
# ---------------------------------------------------------------------------------------


class ClassicalElements(NamedTuple):
    """Classical orbital elements, SI units and radians.

    Conventions for the singular cases (Vallado 4th ed. ch. 2, RV2COE special cases), so
    that :func:`elements_to_state` always inverts :func:`state_to_elements`:

    - circular inclined orbit (``ecc`` < tolerance): ``argp = 0`` and ``nu`` holds the
      argument of latitude *u* (angle from the ascending node to the position);
    - elliptic equatorial orbit (sin ``inc`` < tolerance): ``raan = 0`` and ``argp``
      holds the true longitude of periapsis (angle from the x axis to the eccentricity
      vector, measured in the direction of motion);
    - circular equatorial orbit: ``raan = argp = 0`` and ``nu`` holds the true
      longitude (angle from the x axis to the position, in the direction of motion).

    Angles lie in [0, 2 pi) except ``inc`` in [0, pi].
    """

    p: float
    """Semi-latus rectum (m)."""
    ecc: float
    """Eccentricity (dimensionless)."""
    inc: float
    """Inclination (rad)."""
    raan: float
    """Right ascension of the ascending node (rad)."""
    argp: float
    """Argument of periapsis (rad)."""
    nu: float
    """True anomaly (rad)."""

    @property
    def a(self) -> float:
        """Semi-major axis (m): negative for a hyperbola, ``inf`` for a parabola."""
        if abs(1.0 - self.ecc) < 1e-15:
            return math.inf
        return self.p / (1.0 - self.ecc * self.ecc)

    @property
    def arglat(self) -> float:
        """Argument of latitude u = argp + nu (rad), in [0, 2 pi)."""
        return (self.argp + self.nu) % _TWO_PI

    @property
    def circular(self) -> bool:
        """Whether the eccentricity is below :data:`SINGULARITY_TOLERANCE`."""
        return self.ecc < SINGULARITY_TOLERANCE

    @property
    def equatorial(self) -> bool:
        """Whether sin(inc) is below :data:`SINGULARITY_TOLERANCE`."""
        return math.sin(self.inc) < SINGULARITY_TOLERANCE


def _angle_about(a: Vector, b: Vector, axis: Vector) -> float:
    """Angle (rad, in [0, 2 pi)) from ``a`` to ``b`` turning about the unit ``axis``."""
    sine = float(np.dot(np.cross(a, b), axis))
    cosine = float(np.dot(a, b))
    return math.atan2(sine, cosine) % _TWO_PI


def state_to_elements(
    mu: float, r: Sequence[float] | Vector, v: Sequence[float] | Vector
) -> ClassicalElements:
    r"""Classical orbital elements from an inertial position and velocity.

    .. math::

        \mathbf{h} = \mathbf{r} \times \mathbf{v}, \quad
        \mathbf{n} = \hat{\mathbf{z}} \times \mathbf{h}, \quad
        \mathbf{e} = \frac{\mathbf{v} \times \mathbf{h}}{\mu} - \frac{\mathbf{r}}{r},
        \quad p = \frac{h^2}{\mu}, \quad \cos i = \frac{h_z}{h}

    and the angles :math:`\Omega`, :math:`\omega`, :math:`\nu` between
    :math:`\hat{\mathbf{x}}`, :math:`\mathbf{n}`, :math:`\mathbf{e}` and
    :math:`\mathbf{r}`, each measured about :math:`\mathbf{h}` with ``atan2`` (no
    quadrant checks). Singular cases follow the conventions of
    :class:`ClassicalElements`.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r : array_like, shape (3,)
        Position (m) in an inertial, body-centred frame.
    v : array_like, shape (3,)
        Velocity (m/s) in the same frame. ``r`` and ``v`` must not be parallel
        (rectilinear motion has no orbital plane).

    Returns
    -------
    ClassicalElements
        ``p`` (m), ``ecc``, ``inc``, ``raan``, ``argp``, ``nu`` (rad).

    Source: [Vallado] algorithm 9 (RV2COE) and its special cases; [Curtis]
    algorithm 4.2.
    """
    check_positive("mu", mu, "m^3/s^2")
    r_vec = check_vector3("r (m)", r)
    v_vec = check_vector3("v (m/s)", v)
    r_norm = float(np.linalg.norm(r_vec))
    if r_norm == 0.0:
        raise ValueError("r must be a non-zero position vector (m), got [0, 0, 0]")
    h_vec = np.cross(r_vec, v_vec)
    h_norm = float(np.linalg.norm(h_vec))
    if h_norm <= 1e-12 * r_norm * max(float(np.linalg.norm(v_vec)), 1e-300):
        raise ValueError(
            "r and v must not be parallel (rectilinear motion has no orbital plane), "
            f"got r = {r_vec.tolist()} m, v = {v_vec.tolist()} m/s"
        )
    h_hat = h_vec / h_norm
    e_vec = np.cross(v_vec, h_vec) / mu - r_vec / r_norm
    ecc = float(np.linalg.norm(e_vec))
    p = h_norm * h_norm / mu
    inc = math.acos(max(-1.0, min(1.0, float(h_hat[2]))))
    n_vec = np.array([-h_vec[1], h_vec[0], 0.0])
    n_norm = float(np.linalg.norm(n_vec))

    x_hat = np.array([1.0, 0.0, 0.0])
    circular = ecc < SINGULARITY_TOLERANCE
    equatorial = n_norm < SINGULARITY_TOLERANCE * h_norm
    if circular:
        ecc = 0.0
    if equatorial:
        raan = 0.0
        node = x_hat  # reference direction: the x axis
    else:
        raan = math.atan2(float(n_vec[1]), float(n_vec[0])) % _TWO_PI
        node = n_vec / n_norm
    if circular:
        argp = 0.0
        nu = _angle_about(node, r_vec, h_hat)  # argument of latitude or true longitude
    else:
        argp = _angle_about(node, e_vec, h_hat)  # or true longitude of periapsis
        nu = _angle_about(e_vec, r_vec, h_hat)
    return ClassicalElements(p, ecc, inc, raan, argp, nu)


def elements_to_state(
    mu: float, p: float, ecc: float, inc: float, raan: float, argp: float, nu: float
) -> tuple[Vector, Vector]:
    r"""Inertial position and velocity from classical orbital elements.

    In the perifocal frame,

    .. math::

        \mathbf{r}_{PQW} = \frac{p}{1 + e\cos\nu} (\cos\nu, \sin\nu, 0), \quad
        \mathbf{v}_{PQW} = \sqrt{\frac{\mu}{p}} (-\sin\nu, e + \cos\nu, 0),

    rotated to the inertial frame by :math:`R_3(-\Omega) R_1(-i) R_3(-\omega)`.
    Singular cases take the conventions of :class:`ClassicalElements` (pass the
    argument of latitude or true longitude as ``nu``, the true longitude of periapsis as
    ``argp``): the same formula then holds with the zero angles.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    p : float
        Semi-latus rectum (m), > 0.
    ecc : float
        Eccentricity, >= 0.
    inc, raan, argp, nu : float
        Inclination, right ascension of the ascending node, argument of periapsis and
        true anomaly (rad). For a hyperbola ``nu`` must lie between the asymptotes,
        ``1 + ecc cos(nu) > 0``.

    Returns
    -------
    tuple of numpy.ndarray
        ``(r, v)``: position (m) and velocity (m/s), each of shape (3,).

    Source: [Vallado] algorithm 10 (COE2RV); [Curtis] algorithm 4.5.
    """
    check_positive("mu", mu, "m^3/s^2")
    check_positive("p", p, "m")
    check_non_negative("ecc", ecc)
    for name, angle in (("inc", inc), ("raan", raan), ("argp", argp), ("nu", nu)):
        check_finite(name, angle, "rad")
    denominator = 1.0 + ecc * math.cos(nu)
    if denominator <= 1e-12:
        raise ValueError(
            f"nu = {nu!r} rad lies outside the asymptotes of the hyperbola "
            f"(1 + ecc cos(nu) must be > 0 with ecc = {ecc!r})"
        )
    radius = p / denominator
    r_pqw = np.array([radius * math.cos(nu), radius * math.sin(nu), 0.0])
    speed_scale = math.sqrt(mu / p)
    v_pqw = np.array([-speed_scale * math.sin(nu), speed_scale * (ecc + math.cos(nu)), 0.0])

    co, so = math.cos(raan), math.sin(raan)
    ci, si = math.cos(inc), math.sin(inc)
    cw, sw = math.cos(argp), math.sin(argp)
    rotation = np.array(
        [
            [co * cw - so * sw * ci, -co * sw - so * cw * ci, so * si],
            [so * cw + co * sw * ci, -so * sw + co * cw * ci, -co * si],
            [sw * si, cw * si, ci],
        ]
    )
    return rotation @ r_pqw, rotation @ v_pqw
