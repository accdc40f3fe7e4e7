"""Mass growth and margin policies: the ESA margin philosophy or an AIAA-style table.

Sources
-------
- [ESA] ESA SRE-PA/2011.097, "Margin philosophy for science assessment studies",
  issue 1 rev 3, 2012: equipment maturity margins 5/10/20 %, system margin 20 % on the
  nominal dry mass, harness allocation 5 %, delta-v margins 5 % (computed) and 100 %
  (not derived analytically). Propellant residuals (2 % in [ESA]) are a property of
  each propulsion system (:class:`~okaeri.model.vehicles.Propulsion`).
- [AIAA] AIAA mass growth allowance table by subsystem and design maturity (AIAA R-020A,
  carried into ANSI/AIAA S-120A-2015); values as compiled in
  ``shared/research/mbse-anchors.md`` section 2.3, to be checked against S-120A.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from okaeri.model.base import OkaeriModel
from okaeri.model.components import EquipmentCategory, Maturity, Subsystem
from okaeri.units import AnyQuantity, Percentage, Quantity, within


def _pct(value: float) -> AnyQuantity:
    return Quantity(value, "percent")


MarginFraction = Annotated[Percentage, *within(ge="0 %", le="100 %")]
"""A mass or power margin: from 0 % to 100 % of what it applies to."""
DeltaVMargin = Annotated[Percentage, *within(ge="0 %", le="1000 %")]
"""A delta-v margin: from 0 % (100 % doubles an allocation) to 1000 %."""


class DeltaVMargins(OkaeriModel):
    """Margins on delta-v by how a manoeuvre's value was obtained [ESA]."""

    computed: DeltaVMargin = _pct(5)
    """Margin on manoeuvres computed by the trajectory core."""
    allocated: DeltaVMargin = _pct(100)
    """Margin on allocations not derived analytically."""


class EsaPolicy(OkaeriModel):
    """ESA margin philosophy for assessment studies [ESA]."""

    kind: Literal["esa"]
    """Selects this policy."""
    equipment_margins: dict[EquipmentCategory, MarginFraction] = Field(
        default_factory=lambda: {
            EquipmentCategory.OFF_THE_SHELF: _pct(5),
            EquipmentCategory.MODIFIED: _pct(10),
            EquipmentCategory.NEW: _pct(20),
        }
    )
    """Maturity margin by equipment category."""
    system_margin: MarginFraction = _pct(20)
    """System margin on the nominal dry mass (which includes the maturity margins)."""
    harness_allocation: MarginFraction = _pct(5)
    """Harness allocation as a fraction of the nominal dry mass, when not designed."""
    delta_v_margins: DeltaVMargins = DeltaVMargins()
    """Delta-v margins by margin class."""
    source: str = "ESA SRE-PA/2011.097 issue 1 rev 3 (2012)"
    """Where the policy's numbers come from."""


class AiaaCategory(StrEnum):
    """Rows of the AIAA mass growth allowance table."""

    STRUCTURES = "structures"
    PROPULSION = "propulsion"
    THERMAL = "thermal"
    BATTERIES = "batteries"
    WIRING = "wiring"
    ELECTRICAL_SMALL = "electrical_under_10_lb"
    ELECTRICAL_MEDIUM = "electrical_10_to_30_lb"
    ELECTRICAL_LARGE = "electrical_over_30_lb"
    COMPOSITES = "composites"


def _row(*values: float) -> dict[Maturity, AnyQuantity]:
    return dict(zip(Maturity, (_pct(v) for v in values), strict=True))


# Columns: estimated, layout, pre-release, released, existing, measured [AIAA].
AIAA_TABLE: dict[AiaaCategory, dict[Maturity, AnyQuantity]] = {
    AiaaCategory.STRUCTURES: _row(18, 15, 8, 4, 2, 0),
    AiaaCategory.PROPULSION: _row(18, 15, 8, 4, 2, 0),
    AiaaCategory.THERMAL: _row(18, 15, 8, 4, 2, 0),
    AiaaCategory.BATTERIES: _row(20, 15, 10, 5, 3, 0),
    AiaaCategory.WIRING: _row(50, 30, 25, 5, 3, 0),
    AiaaCategory.ELECTRICAL_SMALL: _row(30, 25, 20, 10, 3, 0),
    AiaaCategory.ELECTRICAL_MEDIUM: _row(20, 20, 15, 5, 3, 0),
    AiaaCategory.ELECTRICAL_LARGE: _row(15, 15, 10, 5, 3, 0),
    AiaaCategory.COMPOSITES: _row(24, 19, 13, 6, 3, 0),
}
"""AIAA mass growth allowance by category and maturity (values from [AIAA])."""

ELECTRICAL_SUBSYSTEMS = frozenset(
    {Subsystem.POWER, Subsystem.AVIONICS, Subsystem.GNC, Subsystem.COMMUNICATIONS}
)
"""Subsystems whose row is an electrical-box row chosen by the box's basic mass."""

AIAA_ROW_BY_SUBSYSTEM: dict[Subsystem, AiaaCategory] = {
    Subsystem.STRUCTURE: AiaaCategory.STRUCTURES,
    Subsystem.MECHANISMS: AiaaCategory.STRUCTURES,
    Subsystem.RECOVERY: AiaaCategory.STRUCTURES,
    Subsystem.PAYLOAD: AiaaCategory.STRUCTURES,
    Subsystem.PROPULSION: AiaaCategory.PROPULSION,
    Subsystem.THERMAL: AiaaCategory.THERMAL,
    Subsystem.BATTERIES: AiaaCategory.BATTERIES,
    Subsystem.HARNESS: AiaaCategory.WIRING,
    Subsystem.THERMAL_PROTECTION: AiaaCategory.COMPOSITES,
}
"""AIAA row of each non-electrical subsystem."""


class AiaaPolicy(OkaeriModel):
    """AIAA-style mass growth allowance by subsystem and maturity [AIAA]."""

    kind: Literal["aiaa"]
    """Selects this policy."""
    growth_table: dict[AiaaCategory, dict[Maturity, MarginFraction]] = Field(
        default_factory=lambda: AIAA_TABLE
    )
    """Growth allowance by table row and maturity; defaults to the AIAA table."""
    system_margin: MarginFraction = _pct(20)
    """Margin held at system level on top of the predicted dry mass."""
    harness_allocation: MarginFraction = _pct(0)
    """Harness allocation as a fraction of the predicted dry mass (0 when harness is
    carried as components)."""
    delta_v_margins: DeltaVMargins = DeltaVMargins()
    """Delta-v margins by margin class."""
    source: str = "AIAA mass growth allowance table (R-020A / S-120A)"
    """Where the policy's numbers come from."""


MarginPolicy = Annotated[EsaPolicy | AiaaPolicy, Field(discriminator="kind")]
"""The mission's margin policy: ``kind: esa`` or ``kind: aiaa``."""


def aiaa_row(subsystem: Subsystem, basic_mass_kg: float) -> AiaaCategory:
    """AIAA table row of a component; electrical boxes are split by basic mass in pounds."""
    if subsystem not in ELECTRICAL_SUBSYSTEMS:
        return AIAA_ROW_BY_SUBSYSTEM[subsystem]
    pounds = basic_mass_kg / _KG_PER_POUND
    if pounds < 10.0:
        return AiaaCategory.ELECTRICAL_SMALL
    if pounds <= 30.0:
        return AiaaCategory.ELECTRICAL_MEDIUM
    return AiaaCategory.ELECTRICAL_LARGE


_KG_PER_POUND = 0.45359237  # international avoirdupois pound, exact (1959 agreement)


def growth_fraction(
    policy: EsaPolicy | AiaaPolicy,
    subsystem: Subsystem,
    category: EquipmentCategory,
    maturity: Maturity,
    basic_mass_kg: float,
) -> float:
    """Mass growth allowance of a component as a fraction of its basic mass.

    ESA: the equipment maturity margin of its category. AIAA: the table entry for its
    subsystem row (electrical boxes by mass) and design maturity.
    """
    if isinstance(policy, EsaPolicy):
        return float(policy.equipment_margins[category].m_as("dimensionless"))
    row = policy.growth_table[aiaa_row(subsystem, basic_mass_kg)]
    return float(row[maturity].m_as("dimensionless"))
