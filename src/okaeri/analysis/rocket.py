"""Unit-aware face of :mod:`okaeri.core.rocket`: the rocket equation and finite-burn losses.

Quantities in, one conversion to SI, a core call, quantities out. Invalid inputs raise
:class:`okaeri.errors.OutOfRangeError` naming the function and the value received.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from okaeri.analysis._boundary import call_core, mu_si, to_si
from okaeri.core import rocket as core_rocket
from okaeri.errors import OutOfRangeError
from okaeri.units import AnyQuantity, Quantity, si

__all__ = [
    "FiniteBurnResult",
    "delta_v",
    "delta_v_from_propellant",
    "finite_perigee_burn",
    "propellant_mass",
]


def _mass(name: str, value: Any) -> float:
    return to_si("a mass", name, value)


def propellant_mass(
    delta_v: AnyQuantity,
    isp: AnyQuantity,
    *,
    initial_mass: AnyQuantity | None = None,
    final_mass: AnyQuantity | None = None,
) -> AnyQuantity:
    """Propellant for ``delta_v`` with ``isp``, given the initial *or* the final mass.
    See :func:`okaeri.core.rocket.propellant_mass`."""
    if (initial_mass is None) == (final_mass is None):
        raise OutOfRangeError(
            "propellant_mass: give exactly one of initial_mass and final_mass"
        )
    dv = to_si("a speed", "delta_v", delta_v)
    specific_impulse = to_si("a specific impulse", "isp", isp)
    if initial_mass is not None:
        mass = call_core("propellant_mass", core_rocket.propellant_mass, dv, specific_impulse,
                     initial_mass=_mass("initial_mass", initial_mass))
    else:
        mass = call_core("propellant_mass", core_rocket.propellant_mass, dv, specific_impulse,
                     final_mass=_mass("final_mass", final_mass))
    return Quantity(mass, "kg")


def delta_v(isp: AnyQuantity, initial_mass: AnyQuantity, final_mass: AnyQuantity) -> AnyQuantity:
    """Ideal delta-v between two masses. See :func:`okaeri.core.rocket.delta_v`."""
    return Quantity(
        call_core(
            "delta_v",
            core_rocket.delta_v,
            to_si("a specific impulse", "isp", isp),
            _mass("initial_mass", initial_mass),
            _mass("final_mass", final_mass),
        ),
        "m/s",
    )


def delta_v_from_propellant(
    isp: AnyQuantity, initial_mass: AnyQuantity, propellant: AnyQuantity
) -> AnyQuantity:
    """Ideal delta-v from burning ``propellant``.
    See :func:`okaeri.core.rocket.delta_v_from_propellant`."""
    return Quantity(
        call_core(
            "delta_v_from_propellant",
            core_rocket.delta_v_from_propellant,
            to_si("a specific impulse", "isp", isp),
            _mass("initial_mass", initial_mass),
            _mass("propellant", propellant),
        ),
        "m/s",
    )


@dataclass(frozen=True)
class FiniteBurnResult:
    """A finite perigee burn compared with its impulsive equivalent, as quantities."""

    impulsive_delta_v: AnyQuantity
    finite_delta_v: AnyQuantity
    gravity_loss: AnyQuantity
    burn_time: AnyQuantity
    propellant_mass: AnyQuantity
    burn_arc: AnyQuantity
    """Angle swept about the central body during the burn, in deg."""

    def as_dict(self) -> dict[str, float]:
        """SI values (angles in degrees), the unit in each key."""
        return {
            "impulsive_delta_v_m_s": si(self.impulsive_delta_v),
            "finite_delta_v_m_s": si(self.finite_delta_v),
            "gravity_loss_m_s": si(self.gravity_loss),
            "burn_time_s": si(self.burn_time),
            "propellant_mass_kg": si(self.propellant_mass),
            "burn_arc_deg": float(self.burn_arc.m_as("deg")),
        }


def finite_perigee_burn(
    r_perigee: AnyQuantity,
    r_apogee: AnyQuantity,
    r_apogee_target: AnyQuantity,
    thrust: AnyQuantity,
    isp: AnyQuantity,
    initial_mass: AnyQuantity,
    mu: AnyQuantity | None = None,
) -> FiniteBurnResult:
    """Gravity loss of a constant-thrust burn centred on perigee (radii from the body's
    centre; Earth by default). See :func:`okaeri.core.rocket.finite_perigee_burn`."""
    result = call_core(
        "finite_perigee_burn",
        core_rocket.finite_perigee_burn,
        mu_si(mu),
        to_si("a length", "r_perigee", r_perigee),
        to_si("a length", "r_apogee", r_apogee),
        to_si("a length", "r_apogee_target", r_apogee_target),
        to_si("a force", "thrust", thrust),
        to_si("a specific impulse", "isp", isp),
        _mass("initial_mass", initial_mass),
    )
    return FiniteBurnResult(
        impulsive_delta_v=Quantity(result.impulsive_delta_v, "m/s"),
        finite_delta_v=Quantity(result.finite_delta_v, "m/s"),
        gravity_loss=Quantity(result.gravity_loss, "m/s"),
        burn_time=Quantity(result.burn_time, "s"),
        propellant_mass=Quantity(result.propellant_mass, "kg"),
        burn_arc=Quantity(result.burn_arc, "rad").to("deg"),
    )
