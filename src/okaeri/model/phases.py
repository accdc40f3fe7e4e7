"""Mission phases, the stacks they apply to, and the trajectory they follow."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StrictInt, model_validator
from pydantic_core import PydanticCustomError

from okaeri.model.base import ElementId, OkaeriModel
from okaeri.units import (
    Angle,
    Length,
    Mass,
    Percentage,
    Quantity,
    Speed,
    Time,
    format_quantity,
    si,
    within,
)

_LATITUDE = within(ge="-90 deg", le="90 deg")
_LONGITUDE = within(ge="-360 deg", le="360 deg")
_MARGIN = within(ge="0 %", le="1000 %")


class Stack(OkaeriModel):
    """Vehicles flying together (OTV + capsule); phases apply to a stack."""

    id: ElementId
    """Identifier of the stack."""
    name: str
    """Human-readable name."""
    vehicles: tuple[ElementId, ...] = Field(min_length=1)
    """Identifiers of the vehicles in the stack."""


class LaunchOrbit(OkaeriModel):
    """Orbit the launcher delivers the stack to."""

    perigee_altitude: Annotated[Length, *within(ge="100 km", le="1000000 km")]
    """Perigee altitude above Earth's equatorial radius."""
    apogee_altitude: Annotated[Length, *within(ge="100 km", le="1000000 km")]
    """Apogee altitude above Earth's equatorial radius (at least the perigee's)."""

    @model_validator(mode="after")
    def _apogee_above_perigee(self) -> LaunchOrbit:
        if si(self.apogee_altitude) < si(self.perigee_altitude):
            raise PydanticCustomError(
                "okaeri.out_of_range", "expected an apogee altitude of at least the perigee "
                "altitude {perigee}, got {apogee}",
                {"perigee": format_quantity(self.perigee_altitude),
                 "apogee": format_quantity(self.apogee_altitude)})
        return self


class Trajectory(OkaeriModel):
    """The patched-conic trajectory design that computed manoeuvres and entry come from."""

    launch_orbit: LaunchOrbit
    """Orbit after launch, where trans-lunar injection starts."""
    lunar_orbit_altitude: Annotated[Length, *within(gt="0 km", le="10000 km")]
    """Altitude of the circular low lunar orbit."""
    vacuum_perigee_altitude: Annotated[Length, *within(ge="-1000 km", le="1000 km")]
    """Vacuum perigee altitude targeted by the return (sets the entry flight path angle);
    below the entry interface."""
    entry_interface_altitude: Annotated[Length, *within(gt="0 km", le="1000 km")]
    """Altitude of the atmospheric entry interface (the atmosphere model covers up to
    1,000 km)."""
    tli_perigee_burns: Annotated[StrictInt, Field(ge=1, le=20)]
    """Number of perigee passes the trans-lunar injection is split into; its finite-burn
    gravity loss falls steeply with it (1 for a single burn)."""
    loi_burns: Annotated[StrictInt, Field(ge=1, le=4)] = 1
    """Number of burns the lunar orbit insertion is split into: a capture into an ellipse,
    then periapsis burns lowering it (1 for a direct capture into the circular orbit)."""
    gto_inclination_min: Annotated[Angle, *within(ge="0 deg", lt="90 deg")] = Quantity(
        6.0, "deg")
    """Lowest inclination of the launch orbit the rideshare may deliver (an equatorial
    launch site)."""
    gto_inclination_max: Annotated[Angle, *within(ge="0 deg", lt="90 deg")] = Quantity(
        28.0, "deg")
    """Highest inclination of the launch orbit the rideshare may deliver."""
    moon_inclination_max: Annotated[Angle, *within(ge="18 deg", le="29 deg")] = Quantity(
        28.6, "deg")
    """Highest inclination of the Moon's orbit to the equator over the 18.6-year cycle
    (28.6 deg at a major lunar standstill)."""
    apsides_tolerance: Annotated[Angle, *within(ge="0 deg", lt="90 deg")] = Quantity(
        1.0, "deg")
    """How far out of the Moon's orbit plane the launch orbit's apogee direction may be when
    the transfer leaves (the rest is corrected on the way out); the J2 drift of the launch
    orbit is waited for until then."""
    tei_out_of_plane: Annotated[Angle, *within(ge="0 deg", le="90 deg")] = Quantity(
        0.0, "deg")
    """Angle of the return's departure asymptote out of the lunar orbit plane at TEI (the
    orbit plane is set by the ascent element; the TEI waits for the asymptote to cross it,
    within this timing tolerance)."""
    source: str
    """Where these numbers come from."""

    @model_validator(mode="after")
    def _perigee_below_interface(self) -> Trajectory:
        if si(self.vacuum_perigee_altitude) >= si(self.entry_interface_altitude):
            raise PydanticCustomError(
                "okaeri.out_of_range", "expected a vacuum perigee altitude below the entry "
                "interface altitude {interface}, got {perigee} (the return would not enter)",
                {"interface": format_quantity(self.entry_interface_altitude),
                 "perigee": format_quantity(self.vacuum_perigee_altitude)})
        return self


class Leg(StrEnum):
    """Manoeuvres the trajectory core computes."""

    TLI = "tli"
    LOI = "loi"
    TEI = "tei"
    GTO_ALIGNMENT = "gto_alignment"
    """The correction of the launch orbit's apogee direction onto the Moon's plane."""


class ComputedDeltaV(OkaeriModel):
    """Delta-v computed by the trajectory core for a leg of the trajectory."""

    source: Literal["computed"]
    """Selects a computed delta-v."""
    leg: Leg
    """Which manoeuvre of the trajectory (``tli``, ``loi``, ``tei``)."""
    margin: Annotated[Percentage, *_MARGIN] | None = None
    """Margin overriding the policy's margin for computed manoeuvres."""


class AllocatedDeltaV(OkaeriModel):
    """Delta-v allocated by judgement (corrections, maintenance, divert)."""

    source: Literal["allocated"]
    """Selects an allocation."""
    value: Annotated[Speed, *within(ge="0 m/s", le="20 km/s")]
    """The allocation (``"30 m/s"``)."""
    margin: Annotated[Percentage, *_MARGIN] | None = None
    """Margin overriding the policy's margin for allocations."""
    rationale: str
    """Why this value."""


DeltaV = Annotated[ComputedDeltaV | AllocatedDeltaV, Field(discriminator="source")]
"""A delta-v, ``source: computed`` or ``source: allocated``."""


class _PhaseBase(OkaeriModel):
    id: ElementId
    """Identifier of the phase."""
    name: str
    """Human-readable name."""
    description: str = ""
    """What happens in the phase."""
    modes: dict[ElementId, ElementId] = Field(default_factory=dict)
    """Operating mode of each vehicle during the phase (``{otv: cruise}``), among the
    mission's declared modes; selects the per-mode values of the vehicle's properties."""


class LaunchPhase(_PhaseBase):
    """Launch and delivery of a stack to the launch orbit."""

    kind: Literal["launch"]
    """Selects this phase kind."""
    stack: ElementId
    """The stack launched."""
    mass_allowance: Annotated[Mass, *within(gt="0 kg", le="1e7 kg")]
    """Mass the launcher can deliver to the launch orbit for this stack (``"1600 kg"``)."""


class ManoeuvrePhase(_PhaseBase):
    """An impulsive manoeuvre by a vehicle's propulsion."""

    kind: Literal["manoeuvre"]
    """Selects this phase kind."""
    stack: ElementId
    """The stack that manoeuvres."""
    performed_by: ElementId
    """The vehicle whose propulsion performs the manoeuvre."""
    delta_v: DeltaV
    """The manoeuvre's delta-v, computed or allocated."""


class OperationsPhase(_PhaseBase):
    """Coast or operations, optionally with a delta-v allocation (orbit maintenance)."""

    kind: Literal["operations"]
    """Selects this phase kind."""
    stack: ElementId
    """The stack in operation."""
    duration: Annotated[Time, *within(ge="0 s", le="100 year")] | None = None
    """Duration of the phase, if known."""
    performed_by: ElementId | None = None
    """Vehicle whose propulsion provides the delta-v allocation, if any."""
    delta_v: DeltaV | None = None
    """Delta-v spent during the phase, if any."""


class MassEventPhase(_PhaseBase):
    """A change of mass: a component joins (canister capture) or a vehicle leaves."""

    kind: Literal["mass_event"]
    """Selects this phase kind."""
    stack: ElementId
    """The stack before the event."""
    adds: tuple[str, ...] = ()
    """Components joining, as ``vehicle.component`` (``capsule.sample_canister``); they
    are not part of any earlier phase's mass."""
    separates: tuple[ElementId, ...] = ()
    """Vehicles leaving the stack (``capsule``)."""


class EntryInterface(OkaeriModel):
    """Where the capsule crosses the entry interface (speed and angle come from the
    trajectory; the altitude from :class:`Trajectory`)."""

    latitude: Annotated[Angle, *within(gt="-90 deg", lt="90 deg")]
    """Geodetic latitude at entry interface, strictly between the poles (the entry
    dynamics' heading is undefined at a pole: okaeri.core.entry refuses it)."""
    longitude: Annotated[Angle, *_LONGITUDE]
    """Longitude at entry interface."""
    heading: Annotated[Angle, *within(ge="-360 deg", le="360 deg")]
    """Heading of the inertial velocity, clockwise from north."""


class EntryPhase(_PhaseBase):
    """Atmospheric entry of a capsule from the entry interface."""

    kind: Literal["entry"]
    """Selects this phase kind."""
    vehicle: ElementId
    """The entering capsule."""
    interface: EntryInterface
    """Entry interface position and heading."""


class RecoveryZone(OkaeriModel):
    """The landing area targeted for recovery."""

    latitude: Annotated[Angle, *_LATITUDE]
    """Latitude of the zone's centre."""
    longitude: Annotated[Angle, *_LONGITUDE]
    """Longitude of the zone's centre."""
    radius: Annotated[Length, *within(gt="0 km", le="20000 km")]
    """Radius of the zone."""


class JetStream(OkaeriModel):
    """The wind over the recovery site: a jet stream, a Gaussian profile of speed in
    altitude around its core on a background, blowing from one direction::

        w(h) = speed (background + (1 - background) exp(-(h - core)^2 / (2 half_width^2)))

    (:func:`okaeri.core.dispersions.jet_stream_winds`). Its nominal values are a property
    of the site and season; the Monte Carlo disperses speed and direction."""

    core_altitude: Annotated[Length, *within(ge="0 km", le="100 km")]
    """Altitude of the jet's core (``"12 km"``: the subtropical jet, 200-250 hPa)."""
    half_width: Annotated[Length, *within(ge="100 m", le="100 km")]
    """1-sigma half thickness of the jet (``"3.5 km"``); at least 100 m, so that the wind
    profile's grid (a fifth of it) stays a few thousand points."""
    speed: Annotated[Speed, *within(ge="0 m/s", le="300 m/s")]
    """Wind speed at the core (``"45 m/s"``)."""
    direction_from: Annotated[Angle, *within(ge="-360 deg", le="360 deg")]
    """Direction the wind blows from, clockwise from north (``"270 deg"``: a westerly,
    blowing to the east)."""
    background: Annotated[Percentage, *within(ge="0 %", le="100 %")]
    """Speed away from the core, as a fraction of the core speed (``"10 %"``)."""
    source: str
    """Where these numbers come from (a climatology of the site and season)."""


class DescentPhase(_PhaseBase):
    """Parachute descent and recovery."""

    kind: Literal["descent"]
    """Selects this phase kind."""
    vehicle: ElementId
    """The descending capsule."""
    recovery_zone: RecoveryZone
    """Where the capsule is recovered."""
    wind: JetStream | None = None
    """The wind the capsule drifts in under its parachutes; none: still air."""


AnyPhase = Annotated[
    LaunchPhase | ManoeuvrePhase | OperationsPhase | MassEventPhase | EntryPhase | DescentPhase,
    Field(discriminator="kind"),
]
"""A phase of any kind, selected by its ``kind`` key."""
