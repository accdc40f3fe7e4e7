"""Declared budgets: a property rolled up over a vehicle or a stack, with margins, per mode,
against a capacity.

A mission declares the budgets it needs in a ``budgets:`` section of a model file::

    budgets:
      - id: power
        over: otv
        property: power
        modes: [cruise, main_engine_burn, lunar_operations, safe]
        margin: policy              # equipment margins by category (the mission policy)
        system_margin: "10 %"
        capacity:
          cruise: "= otv.solar_array_power"
          lunar_operations: "= otv.orbit_average_power"
        source: ESA SRE-PA/2011.097 (power margins)

Each (budget, scope, mode) gets graph nodes ``budget.<id>.<scope>[.<mode>].<quantity>``
(:mod:`okaeri.model.keys`). The mass budget of every vehicle is declared by okaeri itself
from the mission's growth policy (id ``mass``), with the same mechanism.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from okaeri import units
from okaeri.model.base import Derived, ElementId, OkaeriModel, derived_or_none
from okaeri.model.components import EquipmentCategory
from okaeri.model.policy import MarginFraction


class MarginRule(StrEnum):
    """How equipment-level margins are chosen."""

    POLICY = "policy"
    """The mission policy's equipment margins by category (ESA)."""
    NONE = "none"
    """No equipment-level margin."""


def _capacity(value: Any) -> Any:
    derived = derived_or_none(value)
    if derived is not None:
        return derived
    if isinstance(value, bool) or not isinstance(value, str):
        raise PydanticCustomError(
            "okaeri.not_a_quantity", "expected a capacity with its unit (e.g. '650 W') or "
            "an expression ('= ...'), got {found}",
            {"found": "nothing" if value is None else repr(value)})
    try:
        return units.parse_quantity(value)
    except ValueError as exc:
        raise PydanticCustomError("okaeri.not_a_quantity", "expected a capacity with its "
                                  "unit, got {found}", {"found": str(exc)}) from None


Capacity = Annotated[
    Any,
    PlainValidator(_capacity),
    PlainSerializer(lambda v: str(v) if isinstance(v, Derived) else units.format_quantity(v),
                    return_type=str),
    WithJsonSchema({"type": "string", "description": "a quantity with its unit (e.g. "
                    "'650 W') or an expression starting with '=' (e.g. '= otv.battery_energy "
                    "/ lunar_orbit.eclipse_duration')", "examples": ["650 W"]}),
]
"""A budget's capacity: a quantity, or an expression over graph values (model values,
analysis outputs)."""


class BudgetDeclaration(OkaeriModel):
    """A budget: a property rolled up over a vehicle or a stack, against a capacity."""

    id: ElementId
    """Budget name (``power``); with ``over`` it names the graph nodes
    ``budget.<id>.<over>...``. ``mass`` is reserved for okaeri's own mass budgets."""
    name: str
    """Human-readable title (``OTV electrical power``)."""
    over: ElementId
    """The vehicle or stack whose components' values are summed."""
    property: ElementId
    """The component property rolled up (``power``)."""
    modes: tuple[ElementId, ...] = ()
    """Modes the budget is evaluated in (declared by the mission); none: the property is
    single-valued."""
    margin: MarginRule | dict[EquipmentCategory, MarginFraction] | MarginFraction = (
        MarginRule.NONE)
    """Equipment-level margin on each component's value: ``policy`` (the mission policy's
    equipment margins by category), a flat percentage, a mapping by category
    (``{off_the_shelf: "5 %", modified: "10 %", new: "20 %"}``), or ``none``."""
    system_margin: MarginFraction = units.Quantity(0.0, "percent")
    """System-level margin on the total with equipment margins (``"10 %"``)."""
    capacity: Capacity | dict[ElementId, Capacity] | None = None
    """What the total with margins is compared with: one value or expression, or one per
    mode; none for a budget that only totals."""
    source: str
    """Where the margins and the capacity come from."""
    notes: str = ""
    """Rationale, open points, history of changes."""

    def capacity_in(self, mode: str | None) -> Any:
        """The capacity in ``mode`` (``None`` when there is none for it)."""
        if isinstance(self.capacity, dict):
            return self.capacity.get(mode) if mode is not None else None
        return self.capacity

