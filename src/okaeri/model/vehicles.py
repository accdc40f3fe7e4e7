"""Vehicles: a generic vehicle, the orbital transfer vehicle and the return capsule."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from okaeri.model.base import ElementId, OkaeriModel
from okaeri.model.components import Component
from okaeri.units import (
    Acceleration,
    Angle,
    Dimensionless,
    Force,
    Fraction,
    HeatFlux,
    HeatLoad,
    Length,
    Mass,
    Pressure,
    SpecificImpulse,
)


class Propulsion(OkaeriModel):
    """A chemical propulsion system with tanks sized by the propellant they carry."""

    isp: SpecificImpulse
    """Vacuum specific impulse of the main engine (``"320 s"``)."""
    thrust: Force
    """Vacuum thrust of the main engine (``"500 N"``)."""
    usable_propellant: Mass
    """Usable propellant capacity of the tanks (``"1000 kg"``)."""
    residual_fraction: Fraction
    """Unusable residuals as a fraction of the calculated propellant (``"2 %"``)."""
    tank_mass_fraction: Fraction
    """Tank mass as a fraction of the loaded propellant (``"8 %"``); a tank component's
    ``basic_mass`` refers to it through an expression."""
    source: str
    """Where these numbers come from."""


class Aeroshell(OkaeriModel):
    """Outer shape and hypersonic aerodynamics of an entry vehicle."""

    diameter: Length
    """Maximum diameter; the reference area is the disc of this diameter."""
    nose_radius: Length
    """Nose radius of the forebody (stagnation-point heating)."""
    half_cone_angle: Angle
    """Forebody half-cone angle of a sphere-cone."""
    drag_coefficient: Dimensionless
    """Hypersonic drag coefficient on the reference area."""
    lift_to_drag: Dimensionless
    """Hypersonic lift-to-drag ratio (0 for a ballistic capsule)."""
    source: str
    """Where these numbers come from."""


class HeatShield(OkaeriModel):
    """Qualification limits of the heat shield at the stagnation point."""

    max_heat_flux: HeatFlux
    """Qualified peak stagnation heat flux, convective plus radiative."""
    max_heat_load: HeatLoad
    """Qualified integrated stagnation heat load."""
    heat_flux_margin: Fraction
    """Margin the predicted peak heat flux must keep below ``max_heat_flux``, as a
    fraction of it (``"20 %"``)."""
    heat_load_margin: Fraction
    """Margin the predicted heat load must keep below ``max_heat_load`` (``"30 %"``)."""
    source: str
    """Where these numbers come from."""


class Parachute(OkaeriModel):
    """Deployment trigger and limits of the parachute system."""

    trigger_mach: Dimensionless
    """Mach number at which the deployment sequence fires (the design's trigger)."""
    max_deploy_mach: Dimensionless
    """Highest Mach number at which the parachute may deploy."""
    max_deploy_dynamic_pressure: Pressure
    """Highest dynamic pressure at which the parachute may deploy."""
    source: str
    """Where these numbers come from."""


class SampleCanister(OkaeriModel):
    """The sample container the capsule returns."""

    component: ElementId
    """Component of the capsule's breakdown that is the canister (carries its mass)."""
    sample_mass: Mass
    """Mass of lunar sample the canister holds (part of the canister's basic mass)."""
    max_deceleration: Acceleration
    """Deceleration the canister is qualified to (``"50 g0"``; g0 = 9.80665 m/s^2)."""
    source: str
    """Where these numbers come from."""


class _VehicleBase(OkaeriModel):
    id: ElementId
    """Identifier of the vehicle (``otv``); first segment of its graph parameters."""
    name: str
    """Human-readable name."""
    description: str = ""
    """What the vehicle is and does."""
    components: tuple[Component, ...] = ()
    """Product breakdown: components, each with an optional parent component."""


class Vehicle(_VehicleBase):
    """A vehicle with a product breakdown and, optionally, propulsion."""

    kind: Literal["vehicle"]
    """Selects this vehicle type."""
    propulsion: Propulsion | None = None
    """Propulsion system, if the vehicle has one."""


class Otv(_VehicleBase):
    """Orbital transfer vehicle: carries the capsule to lunar orbit and back."""

    kind: Literal["otv"]
    """Selects this vehicle type."""
    propulsion: Propulsion
    """Main propulsion system."""


class Capsule(_VehicleBase):
    """Sample return re-entry capsule."""

    kind: Literal["capsule"]
    """Selects this vehicle type."""
    aeroshell: Aeroshell
    """Shape and aerodynamics."""
    heat_shield: HeatShield
    """Heat-shield qualification limits."""
    parachute: Parachute
    """Parachute deployment limits."""
    sample_canister: SampleCanister
    """The sample canister."""


AnyVehicle = Annotated[Vehicle | Otv | Capsule, Field(discriminator="kind")]
"""A vehicle of any kind, selected by its ``kind`` key."""
