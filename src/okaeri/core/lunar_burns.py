r"""Finite burns at the Moon: capture (LOI), departure (TEI) and a capture split into burns.

Floats in SI units only: kg, m, m/s, s, N, rad, m^3/s^2 (specific impulse in seconds,
referred to :data:`okaeri.core.constants.G0`).

The model
---------
Planar two-body motion about the Moon with a constant thrust :math:`T` steered along the
velocity (the *tangential steering law*: against the velocity for a capture, along it
for a departure) and a constant mass flow :math:`\dot m = T/(g_0 I_{sp})`:

.. math::

    \ddot{\mathbf r} = -\frac{\mu}{r^3}\mathbf r \pm \frac{T}{m}\frac{\mathbf v}{v},
    \qquad \dot m = -\frac{T}{g_0 I_{sp}}

Each burn ends when the specific energy reaches the target orbit's (the kernel of
:mod:`okaeri.core._burn_kernel` integrates against the energy, so the end is exact).
The integration, the centring and the chains of braking burns are in
:mod:`okaeri.core.tangential_burn`; this module states the burns and checks their inputs.

**Capture.** The burn is *targeted*: it cuts off on the target orbit itself (its apsis
radii exactly), with the target's periapsis in the middle of the burn arc (a burn
centred on periapsis, as :func:`okaeri.core.rocket.finite_perigee_burn` centres the TLI).
The arrival hyperbola that makes this so is found by integrating backwards in time from
the cut-off: its periapsis radius is the aim point the approach corrections must deliver
(higher than the target's, since the spacecraft falls while it brakes), returned as
``ignition_periapsis_radius``. No trim is needed. (Aiming the hyperbola at the target
radius instead and trimming afterwards is far worse: for the LSR-1 case, 500 N and
1,200 kg, the orbit left by such a burn has its periapsis about 100 km *below* the
surface.) The final mass is the root of "the backward integration reaches the
arrival energy with the initial mass" (Brent's method); the centring is a fixed point.

**Departure.** From a circular orbit the burn starts anywhere (the circle has no
preferred point: the start time sets the direction of the departure asymptote) and ends
at the energy :math:`v_\infty^2/2`. No trim is needed either.

**Split capture.** The capture into the circular orbit is split into ``burns`` burns at
successive periapsis passes: a capture into an ellipse, then burns that lower the
apoapsis. The apoapsis steps of the impulsive plan give every burn the same impulsive
delta-v (the periapsis speeds telescope, so the impulsive total equals the single
burn's; the loss of a burn grows about as the cube of its delta-v, so equal steps make
the smallest sum). Each finite burn targets the energy of its step; its periapsis radius
is the one the next burn needs, found by the same backward integration through the chain
of burns. The coasts between burns cost no propellant and are not modelled.

The gravity loss is the ideal delta-v spent, :math:`g_0 I_{sp}\ln(m_0/m_f)`, minus the
impulsive delta-v between the same energies at the target's periapsis radius.

Sources
-------
- [Curtis] H. D. Curtis, "Orbital Mechanics for Engineering Students", 3rd ed.,
  Butterworth-Heinemann, 2014: ch. 6 (non-impulsive manoeuvres: the equations of motion
  with thrust along the velocity), ch. 8 (capture and departure at the periapsis of a
  hyperbola).
- [Robbins] H. M. Robbins, "An analytical study of the impulsive approximation", AIAA
  Journal 4(8), 1966: the loss of a burn centred on the impulse point grows with the
  square of its arc (the tests check this second order on the integration).
- [Brent] R. P. Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4
  (the root finder, :func:`scipy.optimize.brentq`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from okaeri.core._checks import check_non_negative, check_positive
from okaeri.core.constants import MOON_SOI_RADIUS, MU_MOON
from okaeri.core.tangential_burn import (
    DEFAULT_STEP_ANGLE,
    BrakingChain,
    Engine,
    Leg,
    arc_estimate,
    checked_engine,
    integrate_burn,
    integration_steps,
    osculating_orbit,
    periapsis_speed_at_energy,
)

__all__ = [
    "LunarBurn",
    "SplitCapture",
    "finite_capture_burn",
    "finite_departure_burn",
    "split_capture_apoapsis_radii",
    "split_capture_burn",
]



class LunarBurn(NamedTuple):
    """One finite burn at the Moon (SI units). The first six fields are those of
    :class:`okaeri.core.rocket.FiniteBurn`."""

    impulsive_delta_v: float
    """Impulsive delta-v between the same energies at the target periapsis (m/s)."""
    finite_delta_v: float
    """Ideal delta-v spent by the finite burn, g0 Isp ln(m0/mf) (m/s)."""
    gravity_loss: float
    """finite_delta_v - impulsive_delta_v (m/s)."""
    burn_time: float
    """Duration of the burn (s)."""
    propellant_mass: float
    """Propellant burned (kg)."""
    burn_arc: float
    """Polar angle swept about the Moon during the burn (rad)."""
    initial_mass: float
    """Mass at ignition (kg)."""
    ignition_periapsis_radius: float
    """Periapsis radius of the osculating orbit at ignition (m): for a capture, the aim
    point of the arrival hyperbola; for a departure, the circular orbit's radius."""
    ignition_true_anomaly: float
    """True anomaly at ignition on that orbit (rad, negative before periapsis; 0 on a
    circular orbit)."""
    cutoff_periapsis_radius: float
    """Periapsis radius of the osculating orbit at cut-off (m)."""
    cutoff_true_anomaly: float
    """True anomaly at cut-off on that orbit (rad)."""


class SplitCapture(NamedTuple):
    """A capture split into burns (SI units): totals in the first six fields (those of
    :class:`okaeri.core.rocket.FiniteBurn`), then each burn."""

    impulsive_delta_v: float
    """Sum of the burns' impulsive delta-v, equal to the single impulsive capture (m/s)."""
    finite_delta_v: float
    """Sum of the burns' ideal delta-v (m/s)."""
    gravity_loss: float
    """Total loss, finite_delta_v - impulsive_delta_v (m/s)."""
    burn_time: float
    """Total burning time (s); the coasts between burns are not included."""
    propellant_mass: float
    """Total propellant (kg)."""
    burn_arc: float
    """The longest single burn's arc (rad)."""
    burns: tuple[LunarBurn, ...]
    """The burns in the order flown."""
    apoapsis_radii: tuple[float, ...]
    """Apoapsis radius after each burn in the impulsive plan (m); the last is the
    target's."""


# ---------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------


def _check_orbit(r_periapsis: float, r_apoapsis: float, soi_radius: float) -> None:
    check_positive("r_periapsis", r_periapsis, "m")
    check_positive("soi_radius", soi_radius, "m")
    if not (math.isfinite(r_apoapsis) and r_periapsis <= r_apoapsis < soi_radius):
        raise ValueError(
            f"r_apoapsis must lie in [r_periapsis = {r_periapsis!r}, soi_radius = "
            f"{soi_radius!r}) m, got {r_apoapsis!r} m"
        )


def _burn_result(engine: Engine, leg: Leg, impulsive: float) -> LunarBurn:
    ignition, cutoff = leg.ignition_orbit, leg.cutoff_orbit
    finite = engine.exhaust_speed * math.log(leg.initial_mass / leg.final_mass)
    return LunarBurn(
        impulsive_delta_v=impulsive,
        finite_delta_v=finite,
        gravity_loss=finite - impulsive,
        burn_time=leg.burn_time,
        propellant_mass=leg.initial_mass - leg.final_mass,
        burn_arc=leg.arc,
        initial_mass=leg.initial_mass,
        ignition_periapsis_radius=ignition[0],
        ignition_true_anomaly=ignition[2],
        cutoff_periapsis_radius=cutoff[0],
        cutoff_true_anomaly=cutoff[2],
    )


def _capture(
    engine: Engine, v_inf: float, r_periapsis: float, apoapsis_radii: Sequence[float],
    initial_mass: float, soi_radius: float,
) -> list[LunarBurn]:
    """The braking burns from the arrival hyperbola through the orbits of periapsis
    ``r_periapsis`` and the given apoapsis radii (the last one the target's)."""
    mu = engine.mu
    energies = [0.5 * v_inf * v_inf] + [-mu / (r_periapsis + r) for r in apoapsis_radii]
    speeds = [periapsis_speed_at_energy(mu, r_periapsis, energy) for energy in energies]
    impulsive = [before - after for before, after in pairwise(speeds)]
    steps: list[int] = []
    mass = initial_mass
    for k, delta_v in enumerate(impulsive):
        steps.append(integration_steps(engine, arc_estimate(engine, mass, delta_v, r_periapsis,
                                                   speeds[k])))
        mass *= math.exp(-delta_v / engine.exhaust_speed)
    target = apoapsis_radii[-1]
    chain = BrakingChain(engine, energies, r_periapsis,
                   (target - r_periapsis) / (target + r_periapsis), steps)
    legs = chain.solve(initial_mass, mass)
    legs[0].initial_mass = initial_mass
    ignition_radius = math.hypot(legs[0].ignition[0], legs[0].ignition[1])
    if ignition_radius >= soi_radius:
        raise ValueError(
            f"thrust too low: with {engine.thrust!r} N the capture would start at "
            f"{ignition_radius!r} m from the Moon, outside the sphere of influence "
            f"({soi_radius!r} m)"
        )
    for k, leg in enumerate(legs):
        if leg.arc > steps[k] * engine.step_angle:
            steps[k] = math.ceil(leg.arc / engine.step_angle)
            return _capture_refined(engine, chain, steps, initial_mass, mass, impulsive)
    return [_burn_result(engine, leg, dv) for leg, dv in zip(legs, impulsive, strict=True)]


def _capture_refined(engine: Engine, chain: BrakingChain, steps: list[int], initial_mass: float,
                     impulsive_final_mass: float, impulsive: list[float]) -> list[LunarBurn]:
    """Solve again with more steps where the arc estimate fell short of the arc."""
    chain.steps = steps
    legs = chain.solve(initial_mass, impulsive_final_mass)
    legs[0].initial_mass = initial_mass
    return [_burn_result(engine, leg, dv) for leg, dv in zip(legs, impulsive, strict=True)]


def finite_capture_burn(
    v_inf: float,
    r_periapsis: float,
    r_apoapsis: float,
    thrust: float,
    isp: float,
    initial_mass: float,
    *,
    mu: float = MU_MOON,
    soi_radius: float = MOON_SOI_RADIUS,
    step_angle: float = DEFAULT_STEP_ANGLE,
) -> LunarBurn:
    r"""Finite, constant-thrust capture from an arrival hyperbola into an orbit (LOI).

    Thrust against the velocity; the burn cuts off on the target orbit, periapsis
    ``r_periapsis`` and apoapsis ``r_apoapsis`` exactly (circular when they are equal),
    with the target's periapsis in the middle of the burn arc; the arrival hyperbola's
    periapsis (its aim point) is the one that makes this so (see the module docstring).

    .. math::

        \ddot{\mathbf r} = -\frac{\mu}{r^3}\mathbf r - \frac{T}{m}\frac{\mathbf v}{v},
        \quad \dot m = -\frac{T}{g_0 I_{sp}}, \quad
        \Delta v_{imp} = \sqrt{v_\infty^2 + \frac{2\mu}{r_p}}
            - \sqrt{\frac{2\mu r_a}{r_p (r_p + r_a)}}, \quad
        \Delta v_{loss} = g_0 I_{sp} \ln\frac{m_0}{m_f} - \Delta v_{imp}

    Parameters
    ----------
    v_inf : float
        Hyperbolic excess speed of the arrival (m/s), >= 0.
    r_periapsis : float
        Periapsis radius of the target orbit (m), > 0 (the low lunar orbit's radius).
    r_apoapsis : float
        Apoapsis radius of the target orbit (m), in [r_periapsis, soi_radius).
    thrust : float
        Engine thrust (N), > 0.
    isp : float
        Specific impulse (s), > 0.
    initial_mass : float
        Mass at ignition (kg), > 0.
    mu : float
        Gravitational parameter of the Moon (m^3/s^2), > 0.
    soi_radius : float
        Radius of the Moon's sphere of influence (m): the burn must start inside it.
    step_angle : float
        Largest arc per integration step (rad), in (0, 5 deg].

    Returns
    -------
    LunarBurn
        Impulsive and finite delta-v, gravity loss (m/s), burn time (s), propellant (kg),
        burn arc (rad), and the osculating orbits at ignition and cut-off.

    Raises
    ------
    ValueError
        For an input out of range, or a thrust too low for a single burn (a burn longer
        than a revolution, starting outside the sphere of influence, or losing more than
        its impulsive delta-v).

    Source: equations of motion of [Curtis] ch. 6 (thrust along the velocity), capture at
    periapsis of [Curtis] ch. 8; centred burn and second-order loss: [Robbins].
    """
    engine = checked_engine(thrust, isp, initial_mass, step_angle, mu)
    check_non_negative("v_inf", v_inf, "m/s")
    _check_orbit(r_periapsis, r_apoapsis, soi_radius)
    return _capture(engine, v_inf, r_periapsis, [r_apoapsis], initial_mass, soi_radius)[0]


def split_capture_apoapsis_radii(
    v_inf: float, r_orbit: float, burns: int, *, mu: float = MU_MOON
) -> tuple[float, ...]:
    r"""Apoapsis radii after each burn of a capture into a circular orbit split into
    ``burns`` impulsive periapsis burns of equal delta-v.

    The periapsis speed falls in equal steps from the hyperbola's to the circular speed,
    :math:`v_k = v_0 - \tfrac{k}{n}(v_0 - v_c)`, with :math:`v_0 = \sqrt{v_\infty^2 +
    2\mu/r}` and :math:`v_c = \sqrt{\mu/r}`; the apoapsis radius of the orbit of periapsis
    speed :math:`v_k` at :math:`r` is

    .. math:: r_{a,k} = \frac{r^2 v_k^2}{2\mu - r v_k^2}

    Parameters
    ----------
    v_inf : float
        Hyperbolic excess speed of the arrival (m/s), >= 0.
    r_orbit : float
        Radius of the circular target orbit (m), > 0.
    burns : int
        Number of burns, >= 1.
    mu : float
        Gravitational parameter (m^3/s^2), > 0.

    Returns
    -------
    tuple of float
        ``burns`` apoapsis radii (m), decreasing; the last equals ``r_orbit``.

    Raises
    ------
    ValueError
        When the first burn would not capture (its delta-v is below the excess of the
        hyperbola's periapsis speed over the escape speed): fewer burns are needed.

    Source: vis-viva at periapsis ([Curtis] ch. 2, 6).
    """
    check_non_negative("v_inf", v_inf, "m/s")
    check_positive("r_orbit", r_orbit, "m")
    check_positive("mu", mu, "m^3/s^2")
    if isinstance(burns, bool) or not isinstance(burns, int) or burns < 1:
        raise ValueError(f"burns must be a whole number >= 1, got {burns!r}")
    v0 = math.sqrt(v_inf * v_inf + 2.0 * mu / r_orbit)
    vc = math.sqrt(mu / r_orbit)
    radii = []
    for k in range(1, burns):
        v = v0 - k / burns * (v0 - vc)
        denominator = 2.0 * mu - r_orbit * v * v
        if denominator <= 0.0:
            raise ValueError(
                f"with {burns} burns the first burn ({(v0 - vc) / burns!r} m/s) does not "
                f"capture: the arrival needs at least {v0 - math.sqrt(2.0 * mu / r_orbit)!r}"
                " m/s in its first burn; use fewer burns"
            )
        radii.append(r_orbit * r_orbit * v * v / denominator)
    return (*radii, r_orbit)


def split_capture_burn(
    v_inf: float,
    r_orbit: float,
    thrust: float,
    isp: float,
    initial_mass: float,
    burns: int,
    *,
    apoapsis_radii: Sequence[float] | None = None,
    mu: float = MU_MOON,
    soi_radius: float = MOON_SOI_RADIUS,
    step_angle: float = DEFAULT_STEP_ANGLE,
) -> SplitCapture:
    """Capture into a circular orbit split into ``burns`` finite burns at successive
    periapsis passes: a capture into an ellipse, then apoapsis-lowering burns.

    The apoapsis steps are those of :func:`split_capture_apoapsis_radii` (equal impulsive
    delta-v per burn) unless ``apoapsis_radii`` gives them. Every burn is a tangential
    braking burn centred on the periapsis of the orbit it targets, each cutting off with
    its step's energy on the orbit the next burn needs (solved backwards from the circular
    orbit; see the module docstring). ``burns=1`` is :func:`finite_capture_burn`.

    Parameters
    ----------
    v_inf : float
        Hyperbolic excess speed of the arrival (m/s), >= 0.
    r_orbit : float
        Radius of the circular target orbit (m), > 0.
    thrust : float
        Engine thrust (N), > 0.
    isp : float
        Specific impulse (s), > 0.
    initial_mass : float
        Mass at the first ignition (kg), > 0.
    burns : int
        Number of burns, >= 1.
    apoapsis_radii : sequence of float, optional
        Apoapsis radius after each burn but the last (m): ``burns - 1`` values,
        decreasing, between ``r_orbit`` and ``soi_radius``.
    mu : float
        Gravitational parameter of the Moon (m^3/s^2), > 0.
    soi_radius : float
        Radius of the Moon's sphere of influence (m).
    step_angle : float
        Largest arc per integration step (rad), in (0, 5 deg].

    Returns
    -------
    SplitCapture
        Totals (m/s, s, kg, rad), the burns and the planned apoapsis radii (m).

    Source: as :func:`finite_capture_burn`; the equal-delta-v steps minimise the sum of
    losses that grow as the cube of each burn's delta-v ([Robbins]: loss ~ delta-v times
    the square of the arc).
    """
    engine = checked_engine(thrust, isp, initial_mass, step_angle, mu)
    check_non_negative("v_inf", v_inf, "m/s")
    _check_orbit(r_orbit, r_orbit, soi_radius)
    if apoapsis_radii is None:
        radii = split_capture_apoapsis_radii(v_inf, r_orbit, burns, mu=mu)
    else:
        radii = _checked_steps(apoapsis_radii, burns, r_orbit, soi_radius)
    if radii[0] >= soi_radius:
        raise ValueError(
            f"the first burn's apoapsis {radii[0]!r} m lies outside the sphere of influence "
            f"({soi_radius!r} m); use fewer burns or give apoapsis_radii"
        )
    results = _capture(engine, v_inf, r_orbit, radii, initial_mass, soi_radius)
    finite = sum(burn.finite_delta_v for burn in results)
    impulsive = sum(burn.impulsive_delta_v for burn in results)
    return SplitCapture(
        impulsive_delta_v=impulsive,
        finite_delta_v=finite,
        gravity_loss=finite - impulsive,
        burn_time=sum(burn.burn_time for burn in results),
        propellant_mass=sum(burn.propellant_mass for burn in results),
        burn_arc=max(burn.burn_arc for burn in results),
        burns=tuple(results),
        apoapsis_radii=tuple(radii),
    )


def _checked_steps(apoapsis_radii: Sequence[float], burns: int, r_orbit: float,
                   soi_radius: float) -> tuple[float, ...]:
    if isinstance(burns, bool) or not isinstance(burns, int) or burns < 1:
        raise ValueError(f"burns must be a whole number >= 1, got {burns!r}")
    radii = tuple(float(radius) for radius in apoapsis_radii)
    bounds = (*radii, r_orbit)
    if len(radii) != burns - 1 or not all(
        math.isfinite(high) and high > low for high, low in pairwise(bounds)
    ):
        raise ValueError(
            f"apoapsis_radii must hold burns - 1 = {burns - 1} decreasing radii (m) above "
            f"r_orbit = {r_orbit!r} m, got {list(radii)!r}"
        )
    if radii and radii[0] >= soi_radius:
        raise ValueError(
            f"apoapsis_radii must lie inside the sphere of influence ({soi_radius!r} m), "
            f"got {radii[0]!r} m"
        )
    return bounds


def finite_departure_burn(
    v_inf: float,
    r_orbit: float,
    thrust: float,
    isp: float,
    initial_mass: float,
    *,
    mu: float = MU_MOON,
    step_angle: float = DEFAULT_STEP_ANGLE,
) -> LunarBurn:
    r"""Finite, constant-thrust departure from a circular orbit onto a hyperbola (TEI).

    Thrust along the velocity from any point of the circular orbit (the start time sets
    the direction of the departure asymptote) until the energy reaches
    :math:`v_\infty^2/2`:

    .. math::

        \ddot{\mathbf r} = -\frac{\mu}{r^3}\mathbf r + \frac{T}{m}\frac{\mathbf v}{v},
        \quad \Delta v_{imp} = \sqrt{v_\infty^2 + \frac{2\mu}{r}} - \sqrt{\frac{\mu}{r}},
        \quad \Delta v_{loss} = g_0 I_{sp} \ln\frac{m_0}{m_f} - \Delta v_{imp}

    Parameters
    ----------
    v_inf : float
        Hyperbolic excess speed of the departure (m/s), >= 0.
    r_orbit : float
        Radius of the circular orbit (m), > 0.
    thrust : float
        Engine thrust (N), > 0.
    isp : float
        Specific impulse (s), > 0.
    initial_mass : float
        Mass at ignition (kg), > 0.
    mu : float
        Gravitational parameter (m^3/s^2), > 0.
    step_angle : float
        Largest arc per integration step (rad), in (0, 5 deg].

    Returns
    -------
    LunarBurn
        As :func:`finite_capture_burn`; ``cutoff_periapsis_radius`` is the periapsis of
        the departure hyperbola (above ``r_orbit``: the finite burn climbs).

    Raises
    ------
    ValueError
        For an input out of range, or a thrust too low (a burn longer than a revolution,
        or the mass running out).

    Source: [Curtis] ch. 6 (non-impulsive manoeuvres), ch. 8 (departure hyperbola).
    """
    engine = checked_engine(thrust, isp, initial_mass, step_angle, mu)
    check_non_negative("v_inf", v_inf, "m/s")
    check_positive("r_orbit", r_orbit, "m")
    circular = math.sqrt(mu / r_orbit)
    impulsive = math.sqrt(v_inf * v_inf + 2.0 * mu / r_orbit) - circular
    arc = arc_estimate(engine, initial_mass, impulsive, r_orbit, circular)
    steps = integration_steps(engine, arc)
    start = (r_orbit, 0.0, 0.0, circular)
    for _ in range(2):
        end, time, arc = integrate_burn(engine, start, initial_mass, 1.0, -0.5 * mu / r_orbit,
                                    0.5 * v_inf * v_inf, steps)
        if arc <= steps * engine.step_angle:
            break
        steps = math.ceil(arc / engine.step_angle)
    final_mass = initial_mass - engine.mass_flow * time
    leg = Leg(np.array(start), (r_orbit, 0.0, 0.0), osculating_orbit(mu, end), time, arc,
               initial_mass, final_mass)
    return _burn_result(engine, leg, impulsive)
