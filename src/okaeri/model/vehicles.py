"""Vehicles: a product breakdown, properties, and optional typed parts.

A vehicle is generic: what it can do follows from the parts it has. A vehicle with
``propulsion`` can perform manoeuvres; one with an ``aeroshell``, a ``heat_shield`` and a
``parachute`` can enter and descend; one with a ``sample_canister`` returns a sample. An
orbital transfer vehicle, a return capsule, a lunar ascent element or a second capsule are
all the same type with different parts.

Every physical field declares its admissible range; a value outside it is a located
finding when the files are loaded.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from okaeri.model.base import ElementId, OkaeriModel
from okaeri.model.components import Component
from okaeri.model.properties import PropertyValue
from okaeri.units import (
    Acceleration,
    Angle,
    Dimensionless,
    Force,
    HeatFlux,
    HeatLoad,
    Length,
    Mass,
    Percentage,
    Pressure,
    Quantity,
    SpecificImpulse,
    format_quantity,
    si,
    within,
)

_FRACTION = within(ge="0 %", lt="100 %")


class Propulsion(OkaeriModel):
    """A chemical propulsion system."""

    isp: Annotated[SpecificImpulse, *within(gt="0 s", le="20000 s")]
    """Vacuum specific impulse of the main engine (``"320 s"``)."""
    thrust: Annotated[Force, *within(gt="0 N", le="10 MN")]
    """Vacuum thrust of the main engine (``"500 N"``)."""
    usable_propellant: Annotated[Mass, *within(gt="0 kg", le="1e7 kg")]
    """Usable propellant capacity of the tanks (``"1000 kg"``)."""
    residual_fraction: Annotated[Percentage, *_FRACTION]
    """Unusable residuals as a fraction of the calculated propellant (``"2 %"``)."""
    tank_mass_fraction: Annotated[Percentage, *_FRACTION]
    """Tank mass as a fraction of the propellant mass it is sized for (``"8 %"``); a tank
    component's ``basic_mass`` refers to it through an expression."""
    acs_propellant: Annotated[Mass, *within(ge="0 kg", le="1e6 kg")] = Quantity(0.0, "kg")
    """Attitude-control propellant drawn from the same tanks (``"15 kg"``), before its
    margin; loaded on top of the main-engine propellant and carried to the end of the
    mission (a conservative simplification of its gradual use)."""
    acs_propellant_margin: Annotated[Percentage, *within(ge="0 %", le="1000 %")] = Quantity(
        100.0, "percent")
    """Margin on the attitude-control propellant (ESA SRE-PA/2011.097: 100 %)."""
    source: str
    """Where these numbers come from."""


class Aeroshell(OkaeriModel):
    """Outer shape and hypersonic aerodynamics of an entry vehicle (a sphere-cone)."""

    diameter: Annotated[Length, *within(gt="0 m", le="50 m")]
    """Maximum diameter; the reference area is the disc of this diameter."""
    nose_radius: Annotated[Length, *within(gt="0 m", le="50 m")]
    """Nose radius of the forebody (stagnation-point heating).

    The spherical nose must fit the base: ``nose_radius * cos(half_cone_angle) <=
    diameter / 2``."""
    half_cone_angle: Annotated[Angle, *within(ge="0 deg", lt="90 deg")]
    """Forebody half-cone angle of a sphere-cone."""
    drag_coefficient: Annotated[Dimensionless, *within(gt="0", le="5")]
    """Hypersonic drag coefficient on the reference area."""
    lift_to_drag: Annotated[Dimensionless, *within(ge="-3", le="3")]
    """Hypersonic lift-to-drag ratio (0 for a ballistic capsule)."""
    source: str
    """Where these numbers come from."""

    @model_validator(mode="after")
    def _nose_fits(self) -> Aeroshell:
        base_radius = si(self.diameter) / 2.0
        if si(self.nose_radius) * math.cos(si(self.half_cone_angle)) > base_radius * (1 + 1e-12):
            raise PydanticCustomError(
                "okaeri.out_of_range",
                "the nose radius {nose} does not fit a {diameter} aeroshell with a {cone} "
                "half-cone angle: nose_radius * cos(half_cone_angle) must not exceed "
                "diameter / 2", {"nose": format_quantity(self.nose_radius),
                                 "diameter": format_quantity(self.diameter),
                                 "cone": format_quantity(self.half_cone_angle)})
        return self


class HeatShield(OkaeriModel):
    """Qualification limits of the heat shield at the stagnation point."""

    max_heat_flux: Annotated[HeatFlux, *within(gt="0 W/m^2", le="1 GW/m^2")]
    """Qualified peak stagnation heat flux, convective plus radiative."""
    max_heat_load: Annotated[HeatLoad, *within(gt="0 J/m^2", le="10 GJ/m^2")]
    """Qualified integrated stagnation heat load."""
    heat_flux_margin: Annotated[Percentage, *_FRACTION]
    """Margin the predicted peak heat flux must keep below ``max_heat_flux``, as a
    fraction of it (``"20 %"``)."""
    heat_load_margin: Annotated[Percentage, *_FRACTION]
    """Margin the predicted heat load must keep below ``max_heat_load`` (``"30 %"``)."""
    source: str
    """Where these numbers come from."""


class Parachute(OkaeriModel):
    """Deployment trigger and limits of the parachute system."""

    trigger_mach: Annotated[Dimensionless, *within(gt="0", le="5")]
    """Mach number at which the deployment sequence fires (the design's trigger)."""
    max_deploy_mach: Annotated[Dimensionless, *within(gt="0", le="5")]
    """Highest Mach number at which the parachute may deploy."""
    max_deploy_dynamic_pressure: Annotated[Pressure, *within(gt="0 Pa", le="1 MPa")]
    """Highest dynamic pressure at which the parachute may deploy."""
    source: str
    """Where these numbers come from."""


class SampleCanister(OkaeriModel):
    """The sample container the vehicle returns."""

    component: ElementId
    """Component of the vehicle's breakdown that is the canister (carries its mass)."""
    sample_mass: Annotated[Mass, *within(gt="0 kg", le="1000 kg")]
    """Mass of lunar sample the canister holds (part of the canister's basic mass)."""
    max_deceleration: Annotated[Acceleration, *within(gt="0 m/s^2", le="10000 g0")]
    """Deceleration the canister is qualified to (``"50 g0"``; g0 = 9.80665 m/s^2)."""
    source: str
    """Where these numbers come from."""


PARTS: tuple[str, ...] = ("propulsion", "aeroshell", "heat_shield", "parachute",
                          "sample_canister")
"""Names of the optional typed parts of a vehicle."""


class Vehicle(OkaeriModel):
    """A vehicle: a product breakdown, properties, and the typed parts it has."""

    id: ElementId
    """Identifier of the vehicle (``otv``); first segment of its graph parameters."""
    name: str
    """Human-readable name."""
    system_level: bool = True
    """Whether the policy's harness allocation and system margin apply (``false`` for
    passive hardware such as a launch adapter, which carries only its equipment margin)."""
    kind: Literal["otv", "capsule", "vehicle"] | None = None
    """No longer needed (a vehicle's parts say what it can do); accepted with a warning
    so that older mission files keep loading."""
    description: str = ""
    """What the vehicle is and does."""
    propulsion: Propulsion | None = None
    """Main propulsion system, if the vehicle manoeuvres."""
    aeroshell: Aeroshell | None = None
    """Shape and aerodynamics, if the vehicle enters an atmosphere."""
    heat_shield: HeatShield | None = None
    """Heat-shield qualification limits, if it has one."""
    parachute: Parachute | None = None
    """Parachute deployment trigger and limits, if it has one."""
    sample_canister: SampleCanister | None = None
    """The sample canister, if the vehicle carries one."""
    properties: dict[ElementId, PropertyValue] = Field(default_factory=dict)
    """Named properties of the vehicle as a whole (``solar_array_power: "650 W"``),
    single-valued or per mode; graph keys ``<vehicle>.<property>[.<mode>]``."""
    components: tuple[Component, ...] = ()
    """Product breakdown: components, each with an optional parent component."""

    def parts(self) -> dict[str, OkaeriModel]:
        """The typed parts this vehicle has, by name."""
        return {name: part for name in PARTS if (part := getattr(self, name)) is not None}
