r"""Planar burns with the thrust along the velocity: one burn, a centred burn, a chain.

The machinery of :mod:`okaeri.core.lunar_burns`: planar two-body motion with a constant
thrust steered along (or against) the velocity and a constant mass flow, integrated by
the compiled kernel of :mod:`okaeri.core._burn_kernel` from one energy to another. A
braking burn is integrated backwards from its cut-off on the target conic; a *centred*
burn puts the target's periapsis in the middle of its arc (a fixed point); a *chain* of
braking burns is solved backwards from the last target orbit for the final mass that
matches the ignition mass (Brent's method).

Floats in SI units only: kg, m, m/s, s, N, rad, m^3/s^2.

Sources
-------
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed.,
  Butterworth-Heinemann, 2014: ch. 2 (conics, orbit equation), ch. 6 (non-impulsive
  manoeuvres: the equations of motion with thrust along the velocity).
- [Brent] R. P. Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4
  (the root finder, :func:`scipy.optimize.brentq`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from okaeri.core._checks import check_positive
from okaeri.core.constants import G0

__all__ = [
    "DEFAULT_STEP_ANGLE",
    "MAX_BURN_ARC",
    "BrakingChain",
    "BurnStoppedError",
    "Engine",
    "Leg",
    "arc_estimate",
    "backward_leg",
    "centred_leg",
    "checked_engine",
    "integrate_burn",
    "integration_steps",
    "osculating_orbit",
    "periapsis_speed_at_energy",
    "state_on_conic",
]

DEFAULT_STEP_ANGLE = math.radians(0.5)
"""Largest arc swept per integration step (rad); the tests show the loss converged to
better than 1e-4 m/s at this step for the LSR-1 burns at the Moon and the TLI burns."""

MAX_BURN_ARC = 2.0 * math.pi
"""Largest arc a single burn may sweep about the Moon (rad): a burn longer than one
revolution is not a periapsis burn, and the thrust is too low for this model."""

_CENTRING_TOLERANCE = 1e-11  # rad
_CENTRING_ITERATIONS = 60
_ROOT_ITERATIONS = 100
_CIRCULAR = 1e-12  # eccentricity below which the centring is moot


# ---------------------------------------------------------------------------------------
# Planar conics
# ---------------------------------------------------------------------------------------


def state_on_conic(
    mu: float, r_periapsis: float, ecc: float, true_anomaly: float
) -> tuple[float, float, float, float]:
    """Position (m) and velocity (m/s) at ``true_anomaly`` (rad), periapsis along +x."""
    p = r_periapsis * (1.0 + ecc)
    r = p / (1.0 + ecc * math.cos(true_anomaly))
    h_over_p = math.sqrt(mu / p)
    radial, transverse = h_over_p * ecc * math.sin(true_anomaly), h_over_p * (
        1.0 + ecc * math.cos(true_anomaly)
    )
    c, s = math.cos(true_anomaly), math.sin(true_anomaly)
    return r * c, r * s, radial * c - transverse * s, radial * s + transverse * c


def osculating_orbit(mu: float, state: np.ndarray) -> tuple[float, float, float]:
    """Periapsis radius (m), eccentricity and true anomaly (rad) of a planar state."""
    x, y, vx, vy = (float(value) for value in state[:4])
    r = math.hypot(x, y)
    h = x * vy - y * vx
    energy = 0.5 * (vx * vx + vy * vy) - mu / r
    ecc = math.sqrt(max(1.0 + 2.0 * energy * h * h / (mu * mu), 0.0))
    p = h * h / mu
    if ecc < _CIRCULAR:
        return p, ecc, 0.0
    cos_nu = max(-1.0, min(1.0, (p / r - 1.0) / ecc))
    radial_speed = (x * vx + y * vy) / r
    return p / (1.0 + ecc), ecc, math.copysign(math.acos(cos_nu), radial_speed)


def periapsis_speed_at_energy(mu: float, r_periapsis: float, energy: float) -> float:
    """Speed (m/s) at the periapsis radius (m) of the conic of specific ``energy``
    (J/kg), by the energy integral."""
    return math.sqrt(2.0 * (energy + mu / r_periapsis))


# ---------------------------------------------------------------------------------------
# One burn
# ---------------------------------------------------------------------------------------


@dataclass
class Engine:
    """A constant-thrust engine about a body: ``mu`` (m^3/s^2), ``thrust`` (N),
    ``exhaust_speed`` g0 Isp (m/s), and the largest arc per integration step (rad)."""

    mu: float
    thrust: float
    exhaust_speed: float
    step_angle: float

    @property
    def mass_flow(self) -> float:
        """Propellant mass flow (kg/s)."""
        return self.thrust / self.exhaust_speed


@dataclass
class Leg:
    """A burn integrated from its cut-off back to its ignition (or forward)."""

    ignition: np.ndarray
    ignition_orbit: tuple[float, float, float]  # periapsis radius, eccentricity, anomaly
    cutoff_orbit: tuple[float, float, float]
    burn_time: float
    arc: float
    initial_mass: float
    final_mass: float


class BurnStoppedError(ValueError):
    """The burn integration stopped before its end energy; :attr:`status` is the kernel's
    code (:mod:`okaeri.core._burn_kernel`) saying why."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


COARSE_STEP_FACTOR = 4.0
"""A step may sweep up to this many step angles before the integration is redone with
four times the steps (the arc estimate that set them fell short)."""

MAX_STEP_REFINEMENT = 16
"""The steps are refined up to this many times the steps of a burn of ``max_arc``; a
burn that still needs more sweeps many revolutions per energy step: its thrust is far
too low."""


def integrate_burn(
    engine: Engine, state: Sequence[float], mass: float, thrust_sign: float,
    energy_from: float, energy_to: float, steps: int, max_arc: float = MAX_BURN_ARC,
) -> tuple[np.ndarray, float, float]:
    """Run the kernel; return the end state, the (signed) time and the (signed) arc.

    :class:`BurnStoppedError` when the burn would sweep more than ``max_arc`` (rad), when
    the propellant runs out, or when it cannot be resolved (a thrust far too low)."""
    from okaeri.core import _burn_kernel  # numba: imported on first use, not with okaeri

    x, y, vx, vy = state
    most_steps = MAX_STEP_REFINEMENT * math.ceil(max_arc / engine.step_angle)
    while True:
        out = _burn_kernel.tangential_burn(
            x, y, vx, vy, engine.mu, thrust_sign * engine.thrust, mass, engine.mass_flow,
            energy_from, energy_to, steps, max_arc, COARSE_STEP_FACTOR * engine.step_angle,
        )
        status = int(out[-1])
        if status != _burn_kernel.COARSE_STEP or steps >= most_steps:
            break
        steps = min(4 * steps, most_steps)
    if status in (_burn_kernel.ARC_EXCEEDED, _burn_kernel.COARSE_STEP):
        raise BurnStoppedError(
            f"thrust too low: with {engine.thrust!r} N the burn would sweep more than "
            f"{_arc_words(max_arc)} about the Moon; use a higher thrust or split the burn",
            status)
    if status == _burn_kernel.MASS_EXHAUSTED:
        raise BurnStoppedError(
            f"the propellant runs out before the burn ends (mass {mass!r} kg, thrust "
            f"{engine.thrust!r} N, exhaust speed {engine.exhaust_speed!r} m/s)", status)
    if status != _burn_kernel.OK:
        raise BurnStoppedError(
            "the burn integration left finite numbers (degenerate orbit)", status)
    return out[:4], float(out[4]), float(out[5])


def _arc_words(arc: float) -> str:
    return f"one revolution ({arc!r} rad)" if arc == MAX_BURN_ARC else f"{arc!r} rad"


def checked_engine(thrust: float, isp: float, initial_mass: float, step_angle: float,
                   mu: float) -> Engine:
    """The :class:`Engine` of a burn (thrust N, isp s, mu m^3/s^2, step angle rad);
    :class:`ValueError` for a value out of range (the mass, kg, is checked too)."""
    check_positive("thrust", thrust, "N")
    check_positive("isp", isp, "s")
    check_positive("initial_mass", initial_mass, "kg")
    check_positive("mu", mu, "m^3/s^2")
    if not (math.isfinite(step_angle) and 0.0 < step_angle <= math.radians(5.0)):
        raise ValueError(f"step_angle must lie in (0, 0.0873] rad (5 deg), got {step_angle!r}")
    return Engine(mu, thrust, G0 * isp, step_angle)


def arc_estimate(engine: Engine, mass: float, delta_v: float, r_periapsis: float,
                 speed: float) -> float:
    """Arc (rad) of a burn of ``delta_v`` (m/s) from ``mass`` (kg) at the angular rate of
    periapsis (``speed`` m/s at ``r_periapsis`` m), with 50 % margin: it sets the number
    of integration steps only."""
    burn_time = mass * -math.expm1(-delta_v / engine.exhaust_speed) / engine.mass_flow
    return 1.5 * burn_time * speed / r_periapsis


def integration_steps(engine: Engine, arc_estimate: float,
                      max_arc: float = MAX_BURN_ARC) -> int:
    """Number of integration steps for a burn of about ``arc_estimate`` (rad)."""
    arc = min(max(arc_estimate, math.pi / 8.0), max_arc)
    return math.ceil(arc / engine.step_angle)


def backward_leg(
    engine: Engine, r_periapsis: float, ecc: float, true_anomaly: float,
    final_mass: float, energy_before: float, steps: int,
) -> Leg:
    """Integrate a braking burn back in time from its cut-off on the conic
    (r_periapsis, ecc) at ``true_anomaly`` until the energy is ``energy_before``."""
    cutoff = state_on_conic(engine.mu, r_periapsis, ecc, true_anomaly)
    energy_after = -0.5 * engine.mu * (1.0 - ecc) / r_periapsis
    ignition, time, arc = integrate_burn(
        engine, cutoff, final_mass, -1.0, energy_after, energy_before, steps
    )
    burn_time = -time
    return Leg(ignition, osculating_orbit(engine.mu, ignition), (r_periapsis, ecc, true_anomaly),
                burn_time, -arc, final_mass + engine.mass_flow * burn_time, final_mass)


def centred_leg(
    engine: Engine, r_periapsis: float, ecc: float, final_mass: float,
    energy_before: float, steps: int, guess: float,
) -> Leg:
    """:func:`backward_leg` with the cut-off true anomaly at half the burn arc, so that
    the target's periapsis lies in the middle of the burn (a fixed point)."""
    if ecc < _CIRCULAR:
        return backward_leg(engine, r_periapsis, ecc, 0.0, final_mass, energy_before, steps)
    true_anomaly = guess
    for _ in range(_CENTRING_ITERATIONS):
        leg = backward_leg(
            engine, r_periapsis, ecc, true_anomaly, final_mass, energy_before, steps
        )
        if abs(0.5 * leg.arc - true_anomaly) <= _CENTRING_TOLERANCE:
            return leg
        true_anomaly = 0.5 * leg.arc
    raise ValueError(
        f"the burn centring did not converge in {_CENTRING_ITERATIONS} iterations "
        f"(last cut-off true anomaly {true_anomaly!r} rad)"
    )


# ---------------------------------------------------------------------------------------
# Chains of braking burns
# ---------------------------------------------------------------------------------------


@dataclass
class BrakingChain:
    """Braking burns from an arrival energy down to a target orbit, solved backwards."""

    engine: Engine
    energies: list[float]  # arrival energy, then the energy after each burn
    r_periapsis: float  # of the target orbit
    ecc: float  # of the target orbit
    steps: list[int]
    guesses: list[float] = field(default_factory=list)

    def run(self, final_mass: float) -> tuple[float, list[Leg]]:
        """Initial mass (kg) that the burns need to end with ``final_mass``, and the legs
        in flight order."""
        if not self.guesses:
            self.guesses = [0.0] * len(self.steps)
        r_periapsis, ecc, mass = self.r_periapsis, self.ecc, final_mass
        legs: list[Leg] = []
        for k in reversed(range(len(self.steps))):
            leg = centred_leg(self.engine, r_periapsis, ecc, mass, self.energies[k],
                               self.steps[k], self.guesses[k])
            self.guesses[k] = 0.5 * leg.arc
            legs.append(leg)
            mass = leg.initial_mass
            r_periapsis, ecc, _ = leg.ignition_orbit
        return mass, legs[::-1]

    def solve(self, initial_mass: float, impulsive_final_mass: float) -> list[Leg]:
        """The legs whose ignition mass is ``initial_mass`` (Brent's method on the final
        mass, bracketed by the impulsive final mass and a loss of 100 %)."""
        from scipy.optimize import brentq

        def excess(final_mass: float) -> float:
            return self.run(final_mass)[0] - initial_mass

        low = impulsive_final_mass * impulsive_final_mass / initial_mass
        if excess(low) >= 0.0:
            raise ValueError(
                f"thrust too low: with {self.engine.thrust!r} N the gravity loss would "
                "exceed the impulsive delta-v itself; use a higher thrust or split the burn"
            )
        final_mass = brentq(excess, low, initial_mass, xtol=1e-10 * initial_mass,
                            rtol=4.0 * np.finfo(float).eps, maxiter=_ROOT_ITERATIONS)
        return self.run(float(final_mass))[1]
