"""Components of a vehicle's product breakdown tree."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from okaeri.model.base import Derived, ElementId, MassOrDerived, OkaeriModel
from okaeri.model.properties import PropertyValue


class Subsystem(StrEnum):
    """Subsystem kind of a component; selects its row of the AIAA growth table."""

    STRUCTURE = "structure"
    MECHANISMS = "mechanisms"
    PROPULSION = "propulsion"
    THERMAL = "thermal"
    POWER = "power"
    BATTERIES = "batteries"
    HARNESS = "harness"
    AVIONICS = "avionics"
    GNC = "gnc"
    COMMUNICATIONS = "communications"
    THERMAL_PROTECTION = "thermal_protection"
    RECOVERY = "recovery"
    PAYLOAD = "payload"


class EquipmentCategory(StrEnum):
    """Heritage of a component (ESA margin philosophy, ECSS-E-ST-10-02C categories).

    ``off_the_shelf``: categories A/B (5 %); ``modified``: category C (10 %);
    ``new``: category D, new design or major modification (20 %).
    """

    OFF_THE_SHELF = "off_the_shelf"
    MODIFIED = "modified"
    NEW = "new"


class Maturity(StrEnum):
    """Design maturity of a mass estimate (AIAA S-120A / SAWE RP A-3 practice)."""

    ESTIMATED = "estimated"
    LAYOUT = "layout"
    PRE_RELEASE = "pre_release"
    RELEASED = "released"
    EXISTING = "existing"
    MEASURED = "measured"


class Component(OkaeriModel):
    """An element of a vehicle's product breakdown; its mass rolls up to the vehicle.

    A component with children is an assembly: its own ``basic_mass`` (if any) is
    added to its children's.
    """

    id: ElementId
    """Identifier, unique within the vehicle (``heat_shield``)."""
    name: str
    """Human-readable name."""
    parent: ElementId | None = None
    """Identifier of the parent assembly in the same vehicle; none for a top-level item."""
    subsystem: Subsystem
    """Subsystem kind (selects the AIAA growth-table row)."""
    basic_mass: MassOrDerived = None
    """Current best estimate of the dry hardware mass, without growth allowance
    (``"120 kg"``, at least 0 kg), or an expression (``"= ..."``); required for a leaf
    component (none only for an assembly whose parts carry the mass)."""
    category: EquipmentCategory
    """Heritage category (selects the ESA maturity margin)."""
    maturity: Maturity
    """Design maturity of the mass estimate (selects the AIAA growth column)."""
    source: str
    """Where the number comes from: a document, a measurement, or "assumption"."""
    properties: dict[ElementId, PropertyValue] = Field(default_factory=dict)
    """Named properties besides mass (``power: {cruise: "35 W", safe: "20 W"}``),
    single-valued or per mode; graph keys ``<vehicle>.<component>.<property>[.<mode>]``."""
    notes: str = ""
    """Rationale, open points, history of changes."""

    @property
    def is_derived(self) -> bool:
        """Whether the basic mass is an expression evaluated by the dependency graph."""
        return isinstance(self.basic_mass, Derived)
