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
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from okaeri.model.base import ElementId, OkaeriModel
from okaeri.model.components import Component
from okaeri.model.properties import PropertyValue
from okaeri.units import (
    Acceleration,
    Angle,
    Area,
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
    Time,
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


class DragCurve(OkaeriModel):
    """The drag coefficient against Mach number: a table from wind-tunnel, CFD or flight
    data, linearly interpolated and held beyond its ends.

    The entry simulation uses its shape: ``Cd(M) = drag_coefficient * table(M) /
    table(M_last)``, so the aeroshell's hypersonic ``drag_coefficient`` (and its
    dispersion) scales the whole curve; write the table's last value equal to it."""

    mach: tuple[Annotated[float, Field(ge=0.0, le=100.0, allow_inf_nan=False)], ...] = Field(
        min_length=2)
    """Mach numbers, strictly increasing (``[0.0, 0.5, 0.8, ...]``)."""
    drag_coefficient: tuple[Annotated[float, Field(gt=0.0, le=5.0, allow_inf_nan=False)],
                            ...] = Field(min_length=2)
    """Drag coefficient at each Mach number (on the aeroshell's reference area)."""
    source: str
    """Where the curve comes from."""

    @model_validator(mode="after")
    def _a_table(self) -> DragCurve:
        if len(self.mach) != len(self.drag_coefficient):
            raise PydanticCustomError(
                "okaeri.invalid_value", "the drag curve needs one drag coefficient per Mach "
                "number: {m} Mach numbers, {c} drag coefficients",
                {"m": len(self.mach), "c": len(self.drag_coefficient)})
        if any(b <= a for a, b in pairwise(self.mach)):
            raise PydanticCustomError("okaeri.invalid_value", "the Mach numbers of the drag "
                                      "curve must increase strictly, got {m}",
                                      {"m": list(self.mach)})
        return self


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
    drag_coefficient_mach: DragCurve | None = None
    """The drag coefficient against Mach number, scaled to ``drag_coefficient`` at its
    highest Mach number; none: ``drag_coefficient`` at every Mach number."""
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


_TRIGGER_FIELDS = {
    "conditions": ("trigger_mach",),
    "g_switch": ("g_switch_level", "timer_delay"),
    "timer": ("timer_delay",),
}
"""The fields each deployment trigger needs; the others of
``trigger_mach, g_switch_level, g_switch_arm_level, timer_delay`` it must not have."""


class Parachute(OkaeriModel):
    """Deployment trigger, descent under drogue and main canopies, and deployment limits.

    What deploys the (first) parachute is ``trigger``:

    - ``conditions``: an ideal sensor fires when the Mach number falls below
      ``trigger_mach`` (a design study's idealisation: every entry deploys at exactly
      that Mach number);
    - ``g_switch``: an accelerometer switch closes when the sensed deceleration, having
      exceeded ``g_switch_arm_level``, falls back below ``g_switch_level`` after the peak;
      the parachute deploys ``timer_delay`` later (as Stardust, Genesis and Hayabusa did);
    - ``timer``: the parachute deploys ``timer_delay`` after the entry interface.

    With a ``drogue_drag_area`` the capsule descends under the drogue (then under the
    main parachute, from ``main_deploy_altitude`` or ``main_deploy_delay`` after the
    drogue) to the ground at terminal speed through the descent phase's wind; without
    one, the simulation ends at deployment and the landing point is the deployment
    point.
    """

    trigger: Literal["conditions", "g_switch", "timer"] = "conditions"
    """What deploys the parachute: ``conditions`` (ideal Mach sensor), ``g_switch`` (an
    accelerometer switch, then a timer) or ``timer`` (from the entry interface)."""
    trigger_mach: Annotated[Dimensionless, *within(gt="0", le="5")] | None = None
    """``conditions``: the Mach number at which the deployment sequence fires."""
    g_switch_level: Annotated[Acceleration, *within(gt="0 m/s^2", le="1000 g0")] | None = None
    """``g_switch``: the sensed deceleration at which the switch closes after the peak
    (``"3 g0"``)."""
    g_switch_arm_level: Annotated[Acceleration, *within(gt="0 m/s^2", le="1000 g0")] | None = (
        None)
    """``g_switch``: the deceleration that arms the switch (at least ``g_switch_level``;
    default the level itself), so that a dip before the peak does not close it."""
    timer_delay: Annotated[Time, *within(ge="0 s", le="1 h")] | None = None
    """``g_switch``: from the switch closing to deployment; ``timer``: from the entry
    interface to deployment."""
    drogue_drag_area: Annotated[Area, *within(gt="0 m^2", le="10000 m^2")] | None = None
    """Drag area Cd S of the capsule under its drogue (first) parachute; none: no descent
    is simulated."""
    main_drag_area: Annotated[Area, *within(gt="0 m^2", le="10000 m^2")] | None = None
    """Drag area Cd S under the main parachute; none: the drogue lands the capsule."""
    main_deploy_altitude: Annotated[Length, *within(ge="0 m", le="100 km")] | None = None
    """The main parachute opens below this altitude (or give ``main_deploy_delay``)."""
    main_deploy_delay: Annotated[Time, *within(ge="0 s", le="1 h")] | None = None
    """... or this long after the drogue opened."""
    max_deploy_mach: Annotated[Dimensionless, *within(gt="0", le="5")]
    """Highest Mach number at which the parachute may deploy."""
    max_deploy_dynamic_pressure: Annotated[Pressure, *within(gt="0 Pa", le="1 MPa")]
    """Highest dynamic pressure at which the parachute may deploy."""
    source: str
    """Where these numbers come from."""

    @model_validator(mode="after")
    def _consistent(self) -> Parachute:
        needed = _TRIGGER_FIELDS[self.trigger]
        missing = [name for name in needed if getattr(self, name) is None]
        unused = [name for name in ("trigger_mach", "g_switch_level", "g_switch_arm_level",
                                    "timer_delay")
                  if getattr(self, name) is not None and name not in needed
                  and not (name == "g_switch_arm_level" and self.trigger == "g_switch")]
        if missing or unused:
            raise PydanticCustomError(
                "okaeri.invalid_value", "a '{trigger}' trigger needs {needed}{missing}"
                "{unused}", {"trigger": self.trigger, "needed": ", ".join(needed),
                             "missing": f" (missing: {', '.join(missing)})" if missing else "",
                             "unused": f"; it does not use {', '.join(unused)}: remove it"
                             if unused else ""})
        if (self.g_switch_level is not None and self.g_switch_arm_level is not None
                and si(self.g_switch_arm_level) < si(self.g_switch_level)):
            raise PydanticCustomError(
                "okaeri.out_of_range", "the g-switch arms above the level at which it "
                "closes: g_switch_arm_level {arm} is below g_switch_level {level}",
                {"arm": format_quantity(self.g_switch_arm_level),
                 "level": format_quantity(self.g_switch_level)})
        self._check_descent()
        return self

    def _check_descent(self) -> None:
        main_triggers = [n for n in ("main_deploy_altitude", "main_deploy_delay")
                         if getattr(self, n) is not None]
        problem = ""
        if self.main_drag_area is not None and self.drogue_drag_area is None:
            problem = "a main parachute needs a drogue_drag_area (the descent starts under it)"
        elif self.main_drag_area is not None and len(main_triggers) != 1:
            problem = ("a main parachute needs exactly one of main_deploy_altitude or "
                       "main_deploy_delay")
        elif self.main_drag_area is None and main_triggers:
            problem = f"{main_triggers[0]} needs a main_drag_area"
        if problem:
            raise PydanticCustomError("okaeri.invalid_value", "{problem}", {"problem": problem})

    @property
    def descends(self) -> bool:
        """Whether the descent to the ground is modelled (a drogue drag area is given)."""
        return self.drogue_drag_area is not None


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
