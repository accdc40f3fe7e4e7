"""Kepler propagation of a two-body state with universal variables.

Floats and numpy arrays in SI units only: metres, seconds, m/s, m^3/s^2, radians.

Sources
-------
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  Microcosm Press, 2013: ch. 2 (algorithm 8 KEPLER with universal variables, c2 and c3
  functions).
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed.,
  Butterworth-Heinemann, 2014: ch. 3 (universal variables and Stumpff functions,
  algorithms 3.3 and 3.4).
- [BMW] R. R. Bate, D. D. Mueller, J. E. White, "Fundamentals of Astrodynamics",
  Dover, 1971: ch. 4 (universal variable formulation of Kepler's problem).
- W. H. Press et al., "Numerical Recipes", 3rd ed., Cambridge University Press, 2007:
  sec. 9.4 (rtsafe, Newton's method safeguarded by bisection).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from okaeri.core._checks import check_finite, check_positive, check_vector3
from okaeri.core.twobody import Vector

__all__ = [
    "KeplerConvergenceError",
    "kepler_propagate",
    "stumpff_c",
    "stumpff_s",
]


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
    r0_vec = check_vector3("r0 (m)", r0)
    v0_vec = check_vector3("v0 (m/s)", v0)
    check_finite("dt", dt, "s")
    if not rtol > 0.0:
        raise ValueError(f"rtol must be > 0, got {rtol!r}")
    if max_iterations < 1:
        raise ValueError(f"max_iterations must be >= 1, got {max_iterations!r}")
    r0_norm = float(np.linalg.norm(r0_vec))
    if r0_norm == 0.0:
        raise ValueError("r0 must be a non-zero position vector (m), got [0, 0, 0]")
    if dt == 0.0:
        return r0_vec.copy(), v0_vec.copy()
    equation = _UniversalKeplerEquation.from_state(mu, r0_vec, v0_vec, dt)
    chi = _initial_anomaly(mu, r0_vec, v0_vec, dt, equation.alpha)
    v0_norm = float(np.linalg.norm(v0_vec))
    tolerance = rtol * equation.sqrt_mu * max(abs(dt), r0_norm / max(v0_norm, 1e-300))
    chi = _solve_universal_anomaly(equation, chi, tolerance, max_iterations)
    return _lagrange_state(equation, chi, r0_vec, v0_vec)


@dataclass(frozen=True)
class _UniversalKeplerEquation:
    """The universal Kepler equation of one initial state and time of flight.

    ``sqrt_mu`` (m^(3/2)/s), ``r0`` the initial radius (m), ``alpha = 2/r0 - v0^2/mu``
    (1/m), ``sigma0 = r0 . v0 / sqrt(mu)`` (m^(1/2)) and ``dt`` the time of flight (s).
    """

    sqrt_mu: float
    r0: float
    alpha: float
    sigma0: float
    dt: float

    @classmethod
    def from_state(
        cls, mu: float, r0_vec: Vector, v0_vec: Vector, dt: float
    ) -> _UniversalKeplerEquation:
        r0_norm = float(np.linalg.norm(r0_vec))
        v0_norm = float(np.linalg.norm(v0_vec))
        sqrt_mu = math.sqrt(mu)
        vr0 = float(np.dot(r0_vec, v0_vec)) / r0_norm
        return cls(
            sqrt_mu=sqrt_mu,
            r0=r0_norm,
            alpha=2.0 / r0_norm - v0_norm * v0_norm / mu,
            sigma0=r0_norm * vr0 / sqrt_mu,
            dt=dt,
        )

    def residual(self, chi: float) -> float:
        """sqrt(mu) * (t(chi) - dt), in m^(3/2); +inf past overflow."""
        z = self.alpha * chi * chi
        try:
            value = self.sigma0 * chi * chi * stumpff_c(z) + (
                1.0 - self.alpha * self.r0
            ) * chi**3 * (stumpff_s(z)) + self.r0 * chi
        except OverflowError:
            value = math.copysign(math.inf, chi)
        return value - self.sqrt_mu * self.dt

    def radius(self, chi: float) -> float:
        """sqrt(mu) * d(t)/d(chi), the radius (m); +inf past overflow."""
        z = self.alpha * chi * chi
        try:
            return (
                chi * chi * stumpff_c(z)
                + self.sigma0 * chi * (1.0 - z * stumpff_s(z))
                + self.r0 * (1.0 - z * stumpff_c(z))
            )
        except OverflowError:
            return math.inf


def _initial_anomaly(
    mu: float, r0_vec: Vector, v0_vec: Vector, dt: float, alpha: float
) -> float:
    """First guess of the universal anomaly chi (m^(1/2)), of the sign of ``dt``.

    Vallado, algorithm 8; Curtis, algorithm 3.3. A guess of the wrong sign (the
    hyperbolic formula for short times) falls back to r0-scaled time.
    """
    r0_norm = float(np.linalg.norm(r0_vec))
    sqrt_mu = math.sqrt(mu)
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
    return chi


def _bracket(equation: _UniversalKeplerEquation, chi: float) -> tuple[float, float]:
    """A bracket ``(low, high)`` of the root, widened from ``(0, chi)`` by doubling.

    The residual increases with chi (its derivative is r > 0) and is negative at 0 for
    dt > 0, positive for dt < 0.
    """
    dt = equation.dt
    low, high = (0.0, chi) if dt > 0.0 else (chi, 0.0)
    for _ in range(2000):
        if dt > 0.0 and equation.residual(high) < 0.0:
            low, high = high, 2.0 * high
        elif dt < 0.0 and equation.residual(low) > 0.0:
            high, low = low, 2.0 * low
        else:
            break
    return low, high


def _solve_universal_anomaly(
    equation: _UniversalKeplerEquation, chi: float, tolerance: float, max_iterations: int
) -> float:
    """The universal anomaly (m^(1/2)) that solves ``equation``, by safeguarded Newton.

    ``tolerance`` is on the residual (m^(3/2)). Raises :class:`KeplerConvergenceError`
    at the iteration cap.
    """
    low, high = _bracket(equation, chi)
    sqrt_mu = equation.sqrt_mu
    history: list[float] = []
    converged = False
    previous_step = high - low
    for _ in range(max_iterations):
        f_value = equation.residual(chi)
        history.append(f_value / sqrt_mu)
        if abs(f_value) <= tolerance:
            converged = True
            break
        if f_value < 0.0:
            low = chi
        else:
            high = chi
        derivative = equation.radius(chi)
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
            f"(dt = {equation.dt!r} s, alpha = {equation.alpha!r} 1/m); last residual "
            f"{history[-1]!r} s, tolerance {tolerance / sqrt_mu!r} s",
            history,
        )
    return chi


def _lagrange_state(
    equation: _UniversalKeplerEquation, chi: float, r0_vec: Vector, v0_vec: Vector
) -> tuple[Vector, Vector]:
    """Position (m) and velocity (m/s) at ``t0 + dt`` from the Lagrange coefficients
    f, g, f-dot and g-dot at the universal anomaly ``chi`` (Curtis, algorithm 3.4)."""
    alpha, r0_norm, sqrt_mu = equation.alpha, equation.r0, equation.sqrt_mu
    z = alpha * chi * chi
    c_value = stumpff_c(z)
    s_value = stumpff_s(z)
    f = 1.0 - chi * chi / r0_norm * c_value
    g = equation.dt - chi**3 / sqrt_mu * s_value
    r_vec = f * r0_vec + g * v0_vec
    r_norm = float(np.linalg.norm(r_vec))
    f_dot = sqrt_mu / (r_norm * r0_norm) * (alpha * chi**3 * s_value - chi)
    g_dot = 1.0 - chi * chi / r_norm * c_value
    v_vec = f_dot * r0_vec + g_dot * v0_vec
    return r_vec, v_vec
