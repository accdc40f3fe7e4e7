"""Two-body motion: speeds, periods, classical orbital elements and Kepler propagation.

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

from okaeri.core._checks import check_positive

__all__ = [
    "SINGULARITY_TOLERANCE",
    "ClassicalElements",
    "KeplerConvergenceError",
    "apoapsis_speed",
    "circular_speed",
    "conic_state_at_radius",
    "elements_to_state",
    "escape_speed",
    "kepler_propagate",
    "orbital_period",
    "periapsis_speed",
    "specific_energy",
    "state_to_elements",
    "stumpff_c",
    "stumpff_s",
    "vis_viva_speed",
]

Vector = NDArray[np.float64]

SINGULARITY_TOLERANCE = 1e-10
"""Eccentricity below which an orbit is treated as circular, and sine of the
inclination below which it is treated as equatorial (dimensionless)."""

_TWO_PI = 2.0 * math.pi



def _check_finite(name: str, value: float, unit: str) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number ({unit}), got {value!r}")


def _vector(name: str, value: Sequence[float] | Vector) -> Vector:
    array = np.asarray(value, dtype=np.float64)
    if array.shape != (3,):
        raise ValueError(f"{name} must be a 3-vector, got an array of shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, got {array.tolist()}")
    return array


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
    if not (math.isfinite(v) and v >= 0.0):
        raise ValueError(f"v must be a finite number >= 0 m/s, got {v!r}")
    return 0.5 * v * v - mu / r


def _check_apsides(r_periapsis: float, r_apoapsis: float) -> None:
    check_positive("r_periapsis", r_periapsis, "m")
    check_positive("r_apoapsis", r_apoapsis, "m")
    if r_apoapsis < r_periapsis:
        raise ValueError(
            f"r_apoapsis must be >= r_periapsis = {r_periapsis!r} m, got {r_apoapsis!r} m"
        )


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
    check_positive("mu", mu, "m^3/s^2")
    _check_apsides(r_periapsis, r_apoapsis)
    return math.sqrt(2.0 * mu * r_apoapsis / (r_periapsis * (r_periapsis + r_apoapsis)))


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
    check_positive("mu", mu, "m^3/s^2")
    _check_apsides(r_periapsis, r_apoapsis)
    return math.sqrt(2.0 * mu * r_periapsis / (r_apoapsis * (r_periapsis + r_apoapsis)))


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
    if not (math.isfinite(ecc) and ecc >= 0.0):
        raise ValueError(f"ecc must be a finite number >= 0, got {ecc!r}")
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
    r_vec = _vector("r (m)", r)
    v_vec = _vector("v (m/s)", v)
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
    if not (math.isfinite(ecc) and ecc >= 0.0):
        raise ValueError(f"ecc must be a finite number >= 0, got {ecc!r}")
    for name, angle in (("inc", inc), ("raan", raan), ("argp", argp), ("nu", nu)):
        _check_finite(name, angle, "rad")
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


# ---------------------------------------------------------------------------------------
# Kepler propagation with universal variables
# ---------------------------------------------------------------------------------------


def stumpff_c(z: float) -> float:
    r"""Stumpff function :math:`C(z)`.

    .. math::

        C(z) = \begin{cases}
            (1 - \cos\sqrt{z}) / z & z > 0 \\
            (\cosh\sqrt{-z} - 1) / (-z) & z < 0 \\
            1/2 & z = 0
        \end{cases}

    A series is used for :math:`|z| < 10^{-3}` to avoid cancellation.

    Parameters
    ----------
    z : float
        Argument :math:`z = \alpha \chi^2` (dimensionless).

    Returns
    -------
    float
        :math:`C(z)` (dimensionless).

    Source: [Curtis] ch. 3 (universal variables); [Vallado] ch. 2 (c2 function).
    """
    if abs(z) < 1e-3:
        return 0.5 - z / 24.0 + z * z / 720.0 - z**3 / 40320.0
    if z > 0.0:
        return (1.0 - math.cos(math.sqrt(z))) / z
    return (math.cosh(math.sqrt(-z)) - 1.0) / (-z)


def stumpff_s(z: float) -> float:
    r"""Stumpff function :math:`S(z)`.

    .. math::

        S(z) = \begin{cases}
            (\sqrt{z} - \sin\sqrt{z}) / \sqrt{z}^3 & z > 0 \\
            (\sinh\sqrt{-z} - \sqrt{-z}) / \sqrt{-z}^3 & z < 0 \\
            1/6 & z = 0
        \end{cases}

    A series is used for :math:`|z| < 10^{-3}` to avoid cancellation.

    Parameters
    ----------
    z : float
        Argument :math:`z = \alpha \chi^2` (dimensionless).

    Returns
    -------
    float
        :math:`S(z)` (dimensionless).

    Source: [Curtis] ch. 3 (universal variables); [Vallado] ch. 2 (c3 function).
    """
    if abs(z) < 1e-3:
        return 1.0 / 6.0 - z / 120.0 + z * z / 5040.0 - z**3 / 362880.0
    if z > 0.0:
        root = math.sqrt(z)
        return (root - math.sin(root)) / root**3
    root = math.sqrt(-z)
    return (math.sinh(root) - root) / root**3


class KeplerConvergenceError(RuntimeError):
    """The universal Kepler equation did not converge; :attr:`history` holds the
    residual (s) of each iteration."""

    def __init__(self, message: str, history: Sequence[float] = ()) -> None:
        self.history = tuple(history)
        super().__init__(message)


def kepler_propagate(
    mu: float,
    r0: Sequence[float] | Vector,
    v0: Sequence[float] | Vector,
    dt: float,
    *,
    rtol: float = 1e-12,
    max_iterations: int = 100,
) -> tuple[Vector, Vector]:
    r"""Propagate a two-body state by ``dt`` with the universal variable formulation.

    Solve the universal Kepler equation for the universal anomaly :math:`\chi`
    (m^(1/2)), with :math:`\alpha = 2/r_0 - v_0^2/\mu` (1/m):

    .. math::

        \sqrt{\mu}\,\Delta t = \frac{r_0 v_{r0}}{\sqrt{\mu}} \chi^2 C(z)
            + (1 - \alpha r_0) \chi^3 S(z) + r_0 \chi, \qquad z = \alpha\chi^2

    by Newton's method (its derivative is :math:`r/\sqrt{\mu}`, so the function is
    increasing), safeguarded by bisection inside a bracket, then form the Lagrange
    coefficients :math:`f, g, \dot f, \dot g`. Valid for ellipses, parabolas and
    hyperbolas, forwards (``dt > 0``) and backwards (``dt < 0``) in time.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r0 : array_like, shape (3,)
        Initial position (m), non-zero.
    v0 : array_like, shape (3,)
        Initial velocity (m/s).
    dt : float
        Time of flight (s), finite, either sign.
    rtol : float
        Convergence tolerance on the time equation, relative to
        ``max(|dt|, r0 / v0)`` (dimensionless), > 0.
    max_iterations : int
        Iteration cap, >= 1.

    Returns
    -------
    tuple of numpy.ndarray
        ``(r, v)``: position (m) and velocity (m/s) at ``t0 + dt``.

    Raises
    ------
    KeplerConvergenceError
        When the iteration cap is reached before convergence (with the history of
        residuals).

    Source: [Curtis] ch. 3 (universal variables, Lagrange coefficients), algorithms 3.3
    and 3.4; [Vallado] algorithm 8 (KEPLER) and its initial guesses; [BMW] ch. 4;
    safeguarded Newton iteration as in Press et al., Numerical Recipes, rtsafe.
    """
    check_positive("mu", mu, "m^3/s^2")
    r0_vec = _vector("r0 (m)", r0)
    v0_vec = _vector("v0 (m/s)", v0)
    _check_finite("dt", dt, "s")
    if not rtol > 0.0:
        raise ValueError(f"rtol must be > 0, got {rtol!r}")
    if max_iterations < 1:
        raise ValueError(f"max_iterations must be >= 1, got {max_iterations!r}")
    r0_norm = float(np.linalg.norm(r0_vec))
    if r0_norm == 0.0:
        raise ValueError("r0 must be a non-zero position vector (m), got [0, 0, 0]")
    if dt == 0.0:
        return r0_vec.copy(), v0_vec.copy()
    v0_norm = float(np.linalg.norm(v0_vec))
    sqrt_mu = math.sqrt(mu)
    vr0 = float(np.dot(r0_vec, v0_vec)) / r0_norm
    alpha = 2.0 / r0_norm - v0_norm * v0_norm / mu
    sigma0 = r0_norm * vr0 / sqrt_mu  # r0 . v0 / sqrt(mu), m^(1/2)
    target = sqrt_mu * dt

    def residual(chi: float) -> float:
        """sqrt(mu) * (t(chi) - dt), in m^(3/2); +inf past overflow."""
        z = alpha * chi * chi
        try:
            value = sigma0 * chi * chi * stumpff_c(z) + (1.0 - alpha * r0_norm) * chi**3 * (
                stumpff_s(z)
            ) + r0_norm * chi
        except OverflowError:
            value = math.copysign(math.inf, chi)
        return value - target

    def radius(chi: float) -> float:
        """sqrt(mu) * d(t)/d(chi), the radius (m); +inf past overflow."""
        z = alpha * chi * chi
        try:
            return (
                chi * chi * stumpff_c(z)
                + sigma0 * chi * (1.0 - z * stumpff_s(z))
                + r0_norm * (1.0 - z * stumpff_c(z))
            )
        except OverflowError:
            return math.inf

    # Initial guess (Vallado, algorithm 8; Curtis, algorithm 3.3); a guess of the wrong
    # sign (the hyperbolic formula for short times) falls back to r0-scaled time.
    if alpha > 1e-14 / r0_norm:  # ellipse
        chi = sqrt_mu * dt * alpha
    elif alpha < -1e-14 / r0_norm:  # hyperbola
        a = 1.0 / alpha
        sign = math.copysign(1.0, dt)
        argument = (-2.0 * mu * alpha * dt) / (
            float(np.dot(r0_vec, v0_vec)) + sign * math.sqrt(-mu * a) * (1.0 - r0_norm * alpha)
        )
        chi = sign * math.sqrt(-a) * math.log(argument) if argument > 0.0 else math.nan
    else:  # parabola
        chi = sqrt_mu * dt / r0_norm
    if not math.isfinite(chi) or chi == 0.0 or math.copysign(1.0, chi) != math.copysign(1.0, dt):
        chi = sqrt_mu * dt / r0_norm

    # Bracket the root: the residual increases with chi (its derivative is r > 0) and is
    # negative at 0 for dt > 0, positive for dt < 0.
    low, high = (0.0, chi) if dt > 0.0 else (chi, 0.0)
    for _ in range(2000):
        if dt > 0.0 and residual(high) < 0.0:
            low, high = high, 2.0 * high
        elif dt < 0.0 and residual(low) > 0.0:
            high, low = low, 2.0 * low
        else:
            break

    tolerance = rtol * sqrt_mu * max(abs(dt), r0_norm / max(v0_norm, 1e-300))
    history: list[float] = []
    converged = False
    previous_step = high - low
    for _ in range(max_iterations):
        f_value = residual(chi)
        history.append(f_value / sqrt_mu)
        if abs(f_value) <= tolerance:
            converged = True
            break
        if f_value < 0.0:
            low = chi
        else:
            high = chi
        derivative = radius(chi)
        step_chi = math.nan
        if math.isfinite(f_value) and math.isfinite(derivative) and derivative > 0.0:
            step_chi = chi - f_value / derivative
        # Bisect when Newton leaves the bracket or does not halve the step (rtsafe).
        if not low < step_chi < high or abs(step_chi - chi) > 0.5 * abs(previous_step):
            step_chi = 0.5 * (low + high)
        if step_chi == chi:  # bracket at floating-point resolution
            converged = abs(f_value) <= 1e3 * tolerance
            break
        previous_step = step_chi - chi
        chi = step_chi
    if not converged:
        raise KeplerConvergenceError(
            f"universal Kepler equation did not converge in {max_iterations} iterations "
            f"(dt = {dt!r} s, alpha = {alpha!r} 1/m); last residual "
            f"{history[-1]!r} s, tolerance {tolerance / sqrt_mu!r} s",
            history,
        )

    z = alpha * chi * chi
    c_value = stumpff_c(z)
    s_value = stumpff_s(z)
    f = 1.0 - chi * chi / r0_norm * c_value
    g = dt - chi**3 / sqrt_mu * s_value
    r_vec = f * r0_vec + g * v0_vec
    r_norm = float(np.linalg.norm(r_vec))
    f_dot = sqrt_mu / (r_norm * r0_norm) * (alpha * chi**3 * s_value - chi)
    g_dot = 1.0 - chi * chi / r_norm * c_value
    v_vec = f_dot * r0_vec + g_dot * v0_vec
    return r_vec, v_vec
