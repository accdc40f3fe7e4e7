r"""Propellant of a sequence of impulsive burns and mass events (a backward mass walk).

Floats in SI units: kg, m/s, s. One propulsive vehicle performs every burn; the stack it
pushes changes when mass joins it (a sample canister stowed) or leaves it (a capsule
separated). Walking the sequence backward from the mass after the last burn gives, for
each burn, the stack mass before and after it and the propellant it consumes:

.. math::

    m_\mathrm{before} = m_\mathrm{after}\, e^{\Delta v / (g_0 I_{sp})},\qquad
    m_p = m_\mathrm{before} - m_\mathrm{after}

A mass that *leaves* the stack is added when walking backward; a mass that *joins* it is
subtracted. Source: Tsiolkovsky's rocket equation ([Curtis] H. D. Curtis, "Orbital
Mechanics for Engineering Students", 3rd ed., 2014, eq. 6.1) applied burn by burn, the
standard propellant budget of ESA assessment studies (propellant computed on the dry
mass including system margin; residuals added on top).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from okaeri.core.rocket import mass_ratio

__all__ = ["BURN", "JOIN", "LEAVE", "MassWalk", "Step", "walk_backward"]

BURN = "burn"
"""A step that is an impulsive burn: ``value`` is its delta-v (m/s)."""
JOIN = "join"
"""A step where mass joins the stack: ``value`` is that mass (kg)."""
LEAVE = "leave"
"""A step where mass leaves the stack: ``value`` is that mass (kg)."""


class Step(NamedTuple):
    """One event of the sequence, in flight order."""

    name: str
    """Identifier of the phase the step belongs to."""
    kind: str
    """:data:`BURN`, :data:`JOIN` or :data:`LEAVE`."""
    value: float
    """Delta-v (m/s) for a burn; mass (kg) for a join or a leave."""


class MassWalk(NamedTuple):
    """Result of :func:`walk_backward`, every list in flight order of the steps."""

    mass_before: tuple[float, ...]
    """Stack mass before each step (kg)."""
    mass_after: tuple[float, ...]
    """Stack mass after each step (kg)."""
    propellant: tuple[float, ...]
    """Propellant each step consumes (kg): zero for joins and leaves."""
    initial_mass: float
    """Stack mass before the first step (kg)."""
    propellant_used: float
    """Propellant consumed by all burns (kg)."""


def walk_backward(final_mass: float, steps: Sequence[Step], isp: float) -> MassWalk:
    """Walk ``steps`` backward from ``final_mass``, the stack mass after the last step.

    Parameters
    ----------
    final_mass : float
        Stack mass after the last step (kg), > 0: the propulsive vehicle's dry mass plus
        the propellant left in its tanks (residuals).
    steps : sequence of Step
        The events in flight order.
    isp : float
        Specific impulse of the engine performing every burn (s), > 0.

    Returns
    -------
    MassWalk
        Masses around every step and the propellant of each burn.

    Raises
    ------
    ValueError
        For a non-positive mass, an unknown step kind, a negative delta-v, or a join of
        more mass than the stack holds.
    """
    if not final_mass > 0.0:
        raise ValueError(f"final_mass must be > 0 kg, got {final_mass!r}")
    before: list[float] = []
    after: list[float] = []
    propellant: list[float] = []
    mass = final_mass
    for step in reversed(steps):
        after.append(mass)
        if step.kind == BURN:
            previous = mass * mass_ratio(step.value, isp)
            propellant.append(previous - mass)
        elif step.kind == LEAVE:
            previous = mass + step.value
            propellant.append(0.0)
        elif step.kind == JOIN:
            previous = mass - step.value
            if not previous > 0.0:
                raise ValueError(f"step {step.name!r} joins {step.value!r} kg to a stack of "
                                 f"{mass!r} kg")
            propellant.append(0.0)
        else:
            raise ValueError(f"unknown step kind {step.kind!r} in step {step.name!r}; "
                             f"expected {BURN!r}, {JOIN!r} or {LEAVE!r}")
        before.append(previous)
        mass = previous
    before.reverse()
    after.reverse()
    propellant.reverse()
    return MassWalk(tuple(before), tuple(after), tuple(propellant), mass, sum(propellant))
