"""The mass budget of every vehicle: a roll-up of basic masses with the mission's policy.

okaeri declares it itself, with the same engine as any declared budget
(:mod:`okaeri.budgets.rollup`): budget ``mass``, one scope per vehicle, the property
``basic_mass``, equipment-level growth from the policy, the policy's harness allocation
(unless the vehicle carries harness components) and its system margin. The nodes are
``V.C.predicted_mass = basic × (1 + growth)`` per component and
``budget.mass.V.{basic, predicted, harness, nominal, system_margin, with_margin}`` per
vehicle; ``with_margin`` is the mass propellant is sized on.

Growth (:func:`growth_key`): ESA, the equipment margin of the component's category; AIAA,
the table entry of its subsystem row and maturity, an electrical box's row chosen by its
own basic mass (``V.C.growth``).

Sources: ESA SRE-PA/2011.097 (equipment margins, harness allocation and system margin on
the nominal dry mass); the AIAA mass growth allowance table (see
:mod:`okaeri.model.policy`).
"""

from __future__ import annotations

from okaeri.budgets.rollup import RollUp, add_rollup
from okaeri.graph import DependencyGraph, NodeKind
from okaeri.model import EsaPolicy, Mission, Subsystem, keys
from okaeri.model.components import Component
from okaeri.model.policy import ELECTRICAL_SUBSYSTEMS, AiaaCategory, aiaa_row

__all__ = ["add_mass_budgets", "growth_key"]

_ELECTRICAL_ROWS = (
    AiaaCategory.ELECTRICAL_SMALL,
    AiaaCategory.ELECTRICAL_MEDIUM,
    AiaaCategory.ELECTRICAL_LARGE,
)


def _electrical_growth(basic: float, small: float, medium: float, large: float) -> float:
    row = aiaa_row(Subsystem.AVIONICS, basic)
    return {AiaaCategory.ELECTRICAL_SMALL: small, AiaaCategory.ELECTRICAL_MEDIUM: medium,
            AiaaCategory.ELECTRICAL_LARGE: large}[row]


def growth_key(mission: Mission, vehicle_id: str, component: Component) -> str:
    """Graph key holding a component's growth allowance (a fraction).

    The policy's own parameter for the ESA margins and the AIAA rows that do not depend
    on the component; ``V.C.growth`` for AIAA electrical boxes, whose row depends on the
    box's basic mass.
    """
    policy = mission.header.policy
    if isinstance(policy, EsaPolicy):
        return keys.policy("equipment_margins", str(component.category))
    if component.subsystem in ELECTRICAL_SUBSYSTEMS:
        return keys.growth(vehicle_id, component.id)
    row = aiaa_row(component.subsystem, 0.0)
    return keys.policy("growth_table", str(row), str(component.maturity))


def _zero() -> float:
    return 0.0


def _mass_key(vehicle_id: str, component: Component) -> str | None:
    if component.basic_mass is None:
        return None
    return keys.component(vehicle_id, component.id, "basic_mass")


def add_mass_budgets(graph: DependencyGraph, mission: Mission) -> None:
    """Add growth, predicted masses and the mass roll-up of every vehicle."""
    for vehicle in mission.vehicles:
        for component in vehicle.components:
            key = growth_key(mission, vehicle.id, component)
            if component.basic_mass is not None and key == keys.growth(vehicle.id, component.id):
                graph.add_relation(
                    key, [keys.component(vehicle.id, component.id, "basic_mass"),
                          *(keys.policy("growth_table", str(row), str(component.maturity))
                            for row in _ELECTRICAL_ROWS)],
                    _electrical_growth, "", "aiaa policy: growth table, electrical row by box "
                    f"mass, '{component.maturity}' column")

    def margin_key(vehicle_id: str, component: Component) -> str | None:
        if component.basic_mass is None:
            return None
        return growth_key(mission, vehicle_id, component)

    for vehicle in mission.vehicles:
        carries_harness = any(c.subsystem == Subsystem.HARNESS for c in vehicle.components)
        allocated = vehicle.system_level and not carries_harness
        add_rollup(graph, mission, RollUp(
            budget="mass", scope=vehicle.id, vehicles=(vehicle.id,), prop="basic_mass",
            unit="kg", mode=None, value_key=_mass_key, margin_key=margin_key,
            allocation=("harness", keys.policy("harness_allocation")) if allocated else None,
            system_margin=keys.policy("system_margin") if vehicle.system_level else None,
            title="basic masses"))
        if not allocated:
            why = ("harness carried as components" if carries_harness
                   else "not a system-level vehicle")
            graph.add_relation(keys.budget("mass", vehicle.id, "harness"), [], _zero, "kg",
                               f"{why}: no allocation", kind=NodeKind.BUDGET)
        if not vehicle.system_level:
            graph.add_relation(keys.budget("mass", vehicle.id, "system_margin"), [], _zero,
                               "kg", "not a system-level vehicle: no system margin",
                               kind=NodeKind.BUDGET)
