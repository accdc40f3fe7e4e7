r"""The rocket equation, and the gravity loss of a finite perigee burn.

Floats in SI units only: kg, m/s, s (specific impulse in seconds, referred to standard
gravity :data:`okaeri.core.constants.G0`), N, m^3/s^2.

Sources
-------
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed.,
  Butterworth-Heinemann, 2014: ch. 6 (impulsive manoeuvres and the rocket equation;
  non-impulsive orbital manoeuvres: integrating the equations of motion with thrust
  along the velocity).
- [Vallado] D. A. Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed.,
  2013, ch. 6 (rocket equation).
- [Robbins] H. M. Robbins, "An analytical study of the impulsive approximation",
  AIAA Journal 4(8), 1966: the loss of a short finite burn centred on the impulse point
  grows with the square of the burn arc, so with 1/thrust^2 (the tests check this law
  on the integration, they do not use a formula from the paper).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from okaeri.core._checks import check_non_negative, check_positive
from okaeri.core.constants import G0
from okaeri.core.orbits import kepler_propagate, periapsis_speed, perigee_burn
from okaeri.core.tangential_burn import (
    DEFAULT_STEP_ANGLE,
    BurnStoppedError,
    arc_estimate,
    checked_engine,
    integrate_burn,
    integration_steps,
)

__all__ = [
    "FiniteBurn",
    "delta_v",
    "delta_v_from_propellant",
    "finite_perigee_burn",
    "mass_ratio",
    "propellant_mass",
    "split_perigee_burn",
]



def mass_ratio(delta_v: float, isp: float) -> float:
    r"""Initial to final mass ratio for a delta-v, :math:`m_0/m_f = e^{\Delta v/(g_0 I_{sp})}`.

    Parameters
    ----------
    delta_v : float
        Velocity change (m/s), >= 0.
    isp : float
        Specific impulse (s), > 0.

    Returns
    -------
    float
        Mass ratio (dimensionless), >= 1.

    Source: Tsiolkovsky's rocket equation; [Curtis] ch. 6; [Vallado] ch. 6.
    """
    check_non_negative("delta_v", delta_v, "m/s")
    check_positive("isp", isp, "s")
    return math.exp(delta_v / (G0 * isp))


def delta_v(isp: float, initial_mass: float, final_mass: float) -> float:
    r"""Ideal velocity change, :math:`\Delta v = g_0 I_{sp} \ln(m_0 / m_f)`.

    Parameters
    ----------
    isp : float
        Specific impulse (s), > 0.
    initial_mass : float
        Mass before the burn (kg), > 0.
    final_mass : float
        Mass after the burn (kg), 0 < final_mass <= initial_mass.

    Returns
    -------
    float
        Velocity change (m/s).

    Source: Tsiolkovsky's rocket equation; [Curtis] ch. 6; [Vallado] ch. 6.
    """
    check_positive("isp", isp, "s")
    check_positive("initial_mass", initial_mass, "kg")
    check_positive("final_mass", final_mass, "kg")
    if final_mass > initial_mass:
        raise ValueError(
            f"final_mass must be <= initial_mass = {initial_mass!r} kg, got {final_mass!r} kg"
        )
    return G0 * isp * math.log(initial_mass / final_mass)


def delta_v_from_propellant(isp: float, initial_mass: float, propellant_mass: float) -> float:
    r"""Velocity change from burning a propellant mass, :math:`g_0 I_{sp} \ln(m_0/(m_0 - m_p))`.

    Parameters
    ----------
    isp : float
        Specific impulse (s), > 0.
    initial_mass : float
        Mass before the burn (kg), > 0.
    propellant_mass : float
        Propellant burned (kg), 0 <= propellant_mass < initial_mass.

    Returns
    -------
    float
        Velocity change (m/s).

    Source: Tsiolkovsky's rocket equation; [Curtis] ch. 6.
    """
    check_positive("initial_mass", initial_mass, "kg")
    if not (math.isfinite(propellant_mass) and 0.0 <= propellant_mass < initial_mass):
        raise ValueError(
            f"propellant_mass must lie in [0, initial_mass = {initial_mass!r}) kg, got "
            f"{propellant_mass!r} kg"
        )
    return delta_v(isp, initial_mass, initial_mass - propellant_mass)


def propellant_mass(
    delta_v: float,
    isp: float,
    *,
    initial_mass: float | None = None,
    final_mass: float | None = None,
) -> float:
    r"""Propellant for a velocity change, given the initial *or* the final mass.

    .. math::

        m_p = m_0 \left(1 - e^{-\Delta v / (g_0 I_{sp})}\right)
            = m_f \left(e^{\Delta v / (g_0 I_{sp})} - 1\right)

    Parameters
    ----------
    delta_v : float
        Velocity change (m/s), >= 0.
    isp : float
        Specific impulse (s), > 0.
    initial_mass : float, optional
        Mass before the burn (kg), > 0.
    final_mass : float, optional
        Mass after the burn (kg), > 0. Give exactly one of the two masses.

    Returns
    -------
    float
        Propellant mass (kg).

    Source: Tsiolkovsky's rocket equation; [Curtis] ch. 6; [Vallado] ch. 6.
    """
    if (initial_mass is None) == (final_mass is None):
        raise ValueError(
            "give exactly one of initial_mass and final_mass (kg), got "
            f"initial_mass={initial_mass!r}, final_mass={final_mass!r}"
        )
    ratio = mass_ratio(delta_v, isp)
    if final_mass is None:
        check_positive("initial_mass", float(initial_mass or 0.0), "kg")
        return float(initial_mass or 0.0) * (1.0 - 1.0 / ratio)
    check_positive("final_mass", final_mass, "kg")
    return final_mass * (ratio - 1.0)


class FiniteBurn(NamedTuple):
    """Result of :func:`finite_perigee_burn` (SI units)."""

    impulsive_delta_v: float
    """Delta-v of the impulsive burn that reaches the same orbital energy (m/s)."""
    finite_delta_v: float
    """Ideal delta-v spent by the finite burn, g0 Isp ln(m0/mf) (m/s)."""
    gravity_loss: float
    """finite_delta_v - impulsive_delta_v (m/s)."""
    burn_time: float
    """Duration of the finite burn (s)."""
    propellant_mass: float
    """Propellant burned by the finite burn (kg)."""
    burn_arc: float
    """Angle swept about the central body during the burn (rad)."""


MIN_FINAL_MASS_FRACTION = 0.05
"""A finite burn must leave at least this fraction of the ignition mass. Near zero mass
the rocket equation's ideal delta-v grows without bound while almost no time passes: no
vehicle flies there, and no fixed-step integration resolves it."""


def finite_perigee_burn(
    mu: float,
    r_perigee: float,
    r_apogee: float,
    r_apogee_target: float,
    thrust: float,
    isp: float,
    initial_mass: float,
    *,
    step_angle: float = DEFAULT_STEP_ANGLE,
) -> FiniteBurn:
    r"""Gravity loss of a finite, constant-thrust burn replacing an impulsive perigee burn.

    Integrates the planar equations of motion with thrust along the velocity

    .. math::

        \ddot{\mathbf{r}} = -\frac{\mu}{r^3}\mathbf{r}
            + \frac{T}{m}\frac{\mathbf{v}}{v}, \qquad
        \dot m = -\frac{T}{g_0 I_{sp}}

    from the initial orbit, starting half the impulsive burn time before perigee (a burn
    centred on perigee), until the specific energy reaches that of the target orbit,
    :math:`-\mu / (r_p + r_{a,target})`. The loss is the ideal delta-v spent,
    :math:`g_0 I_{sp} \ln(m_0/m_f)`, minus the impulsive delta-v of
    :func:`okaeri.core.orbits.perigee_burn`. Matching the energy (not the apogee)
    matches what a departure to the Moon needs; the finite burn's perigee differs
    slightly from the impulsive one's. The integration is the compiled kernel of
    :mod:`okaeri.core._burn_kernel` (fourth-order Runge-Kutta against the energy, so
    the burn ends exactly at the target energy), as for the burns at the Moon.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r_perigee, r_apogee : float
        Perigee and apogee radii of the initial orbit (m), 0 < r_perigee <= r_apogee.
    r_apogee_target : float
        Apogee radius of the target orbit (m), > r_apogee (the burn raises the apogee).
    thrust : float
        Engine thrust (N), > 0.
    isp : float
        Specific impulse (s), > 0.
    initial_mass : float
        Mass at ignition (kg), > 0.
    step_angle : float
        Largest arc per integration step (rad), in (0, 5 deg].

    Returns
    -------
    FiniteBurn
        Impulsive and finite delta-v, gravity loss (m/s), burn time (s), propellant (kg)
        and burn arc (rad).

    Raises
    ------
    ValueError
        For an input out of range, or a burn that does not reach the target energy
        before the initial orbit's apogee (a thrust too low for a single perigee burn)
        or before the propellant runs out.

    Source: method of [Curtis] ch. 6 (non-impulsive manoeuvres); centring on perigee and the
    quadratic growth of the loss with the burn arc: [Robbins].
    """
    engine = checked_engine(thrust, isp, initial_mass, step_angle, mu)
    _check_target(r_apogee, r_apogee_target)
    impulsive = perigee_burn(mu, r_perigee, r_apogee, r_apogee_target)
    impulsive_fraction = -math.expm1(-impulsive / engine.exhaust_speed)
    _check_mass_left(impulsive_fraction, thrust, isp, initial_mass)  # a finite burn spends more
    impulsive_burn_time = initial_mass * impulsive_fraction / engine.mass_flow
    speed_perigee = periapsis_speed(mu, r_perigee, r_apogee)
    r0, v0 = kepler_propagate(
        mu, [r_perigee, 0.0, 0.0], [0.0, speed_perigee, 0.0], -0.5 * impulsive_burn_time
    )
    # A burn still under way at the initial orbit's apogee is not a perigee burn.
    to_apogee = math.pi + abs(math.atan2(r0[1], r0[0]))
    try:
        _, burn_time, arc = integrate_burn(
            engine, (r0[0], r0[1], v0[0], v0[1]), initial_mass, 1.0,
            -mu / (r_perigee + r_apogee), -mu / (r_perigee + r_apogee_target),
            integration_steps(engine, arc_estimate(engine, initial_mass, impulsive, r_perigee,
                                                   speed_perigee), to_apogee), to_apogee,
        )
    except BurnStoppedError as exc:
        from okaeri.core._burn_kernel import MASS_EXHAUSTED

        why = ("before the propellant runs out" if exc.status == MASS_EXHAUSTED
               else "before apogee: thrust too low for a single perigee burn")
        raise ValueError(_not_reached(thrust, isp, initial_mass, why)) from exc
    propellant = engine.mass_flow * burn_time
    _check_mass_left(propellant / initial_mass, thrust, isp, initial_mass)
    finite = engine.exhaust_speed * math.log(initial_mass / (initial_mass - propellant))
    return FiniteBurn(impulsive, finite, finite - impulsive, burn_time, propellant, arc)


def _check_mass_left(propellant_fraction: float, thrust: float, isp: float,
                     initial_mass: float) -> None:
    if propellant_fraction > 1.0 - MIN_FINAL_MASS_FRACTION:
        raise ValueError(_not_reached(
            thrust, isp, initial_mass, f"before the propellant runs out (less than "
            f"{MIN_FINAL_MASS_FRACTION:.0%} of the ignition mass would be left)"))


def _not_reached(thrust: float, isp: float, initial_mass: float, why: str) -> str:
    return (f"the finite burn ({thrust!r} N, Isp {isp!r} s, mass {initial_mass!r} kg) does "
            f"not reach the target energy {why}")


def _check_target(r_apogee: float, r_apogee_target: float) -> None:
    """Refuse a target of :func:`finite_perigee_burn` that does not raise the apogee."""
    if not r_apogee_target > r_apogee:
        raise ValueError(
            f"r_apogee_target must be > r_apogee = {r_apogee!r} m (an apogee-raising burn), "
            f"got {r_apogee_target!r} m"
        )


def split_perigee_burn(
    mu: float,
    r_perigee: float,
    r_apogee: float,
    r_apogee_target: float,
    thrust: float,
    isp: float,
    initial_mass: float,
    burns: int,
) -> FiniteBurn:
    r"""A perigee burn split into ``burns`` finite burns on successive perigee passes.

    The apogee is raised in steps of equal specific energy,
    :math:`\varepsilon_k = \varepsilon_0 + \tfrac{k}{n}(\varepsilon_t - \varepsilon_0)`,
    each step a :func:`finite_perigee_burn` from the orbit the previous one reached, with
    the mass it left. Impulsive delta-v of perigee burns at one perigee add up to the
    single burn's (the perigee speeds telescope); the gravity loss, which grows with the
    square of each burn's arc ([Robbins]), falls roughly as ``1/burns``. The coast arcs
    between burns (days in a high orbit) are not modelled: they cost no propellant.

    Parameters
    ----------
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    r_perigee, r_apogee : float
        Perigee and apogee radii of the initial orbit (m), 0 < r_perigee <= r_apogee.
    r_apogee_target : float
        Apogee radius of the final orbit (m), > r_apogee.
    thrust : float
        Engine thrust (N), > 0.
    isp : float
        Specific impulse (s), > 0.
    initial_mass : float
        Mass at the first ignition (kg), > 0.
    burns : int
        Number of perigee burns, >= 1.

    Returns
    -------
    FiniteBurn
        Totals over the burns: impulsive and finite delta-v, gravity loss (m/s), burn time
        (s), propellant (kg); ``burn_arc`` is the longest single burn's arc (rad).
    """
    if burns < 1:
        raise ValueError(f"burns must be a whole number >= 1, got {burns!r}")
    check_positive("r_perigee", r_perigee, "m")
    energy_start = -mu / (r_perigee + r_apogee)
    energy_end = -mu / (r_perigee + r_apogee_target)
    mass, apogee = initial_mass, r_apogee
    impulsive = finite = burn_time = propellant = arc = 0.0
    for k in range(1, burns + 1):
        energy = energy_start + k / burns * (energy_end - energy_start)
        target = r_apogee_target if k == burns else -mu / energy - r_perigee
        burn = finite_perigee_burn(mu, r_perigee, apogee, target, thrust, isp, mass)
        impulsive += burn.impulsive_delta_v
        finite += burn.finite_delta_v
        burn_time += burn.burn_time
        propellant += burn.propellant_mass
        arc = max(arc, burn.burn_arc)
        mass -= burn.propellant_mass
        apogee = target
    return FiniteBurn(impulsive, finite, finite - impulsive, burn_time, propellant, arc)
