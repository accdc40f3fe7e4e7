"""Mass relations: component growth and predicted mass, vehicle dry-mass roll-ups.

For each component ``V.C`` (vehicle ``V``): ``V.C.basic_mass`` (a parameter, or an
expression) and ``V.C.predicted_mass = basic × (1 + growth)``, the growth allowance read
from the policy's parameter (:func:`growth_key`; ``V.C.growth`` only for AIAA electrical
boxes, whose row depends on their mass). An assembly ``V.C`` with parts adds
``V.C.assembly_basic_mass`` and ``V.C.assembly_predicted_mass`` (its own mass and its
parts' totals), so the roll-up follows the product tree. For each vehicle ``V``:

- ``V.dry_mass.basic`` and ``V.dry_mass.predicted``: sums of the top-level totals;
- ``V.dry_mass.harness``: the policy's harness allocation × predicted, unless the vehicle
  carries harness components;
- ``V.dry_mass.nominal = predicted + harness``;
- ``V.dry_mass.system_margin``: the policy's system margin × nominal;
- ``V.dry_mass.with_margin = nominal + system margin``: the mass propellant is sized on.

Sources: ESA SRE-PA/2011.097 (equipment margins, harness allocation and system margin on
the nominal dry mass); the AIAA mass growth allowance table (see
:mod:`okaeri.model.policy`).
"""

from __future__ import annotations

from okaeri.errors import ExpressionError, Finding, Location
from okaeri.graph import DependencyGraph, NodeKind
from okaeri.model import EsaPolicy, Mission, Subsystem
from okaeri.model.base import Derived
from okaeri.model.components import Component
from okaeri.model.policy import ELECTRICAL_SUBSYSTEMS, AiaaCategory, aiaa_row

_ELECTRICAL_ROWS = (
    AiaaCategory.ELECTRICAL_SMALL,
    AiaaCategory.ELECTRICAL_MEDIUM,
    AiaaCategory.ELECTRICAL_LARGE,
)


def _identity(value: float) -> float:
    return value


def _add(*values: float) -> float:
    return sum(values)


def _predicted(basic: float, growth: float) -> float:
    return basic * (1.0 + growth)


def _times(a: float, b: float) -> float:
    return a * b


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
        return f"mission.policy.equipment_margins.{component.category}"
    if component.subsystem in ELECTRICAL_SUBSYSTEMS:
        return f"{vehicle_id}.{component.id}.growth"
    row = aiaa_row(component.subsystem, 0.0)
    return f"mission.policy.growth_table.{row}.{component.maturity}"


def add_component(graph: DependencyGraph, mission: Mission, vehicle_id: str,
                  component: Component, findings: list[Finding]) -> None:
    """Add the basic mass (if derived), growth (if it depends on the mass) and predicted
    mass of one component.

    An expression that cannot be parsed is recorded in ``findings`` (and stands in as a
    zero mass so that the rest of the graph can still be checked).
    """
    key = f"{vehicle_id}.{component.id}"
    origin = mission.source_of(f"{key}.basic_mass") or f"component {key}"
    if isinstance(component.basic_mass, Derived):
        try:
            graph.add_expression(f"{key}.basic_mass", component.basic_mass.expression, "kg",
                                 origin, initial=0.0)
        except ExpressionError as exc:
            location = origin if isinstance(origin, Location) else Location(path=key)
            findings.append(Finding(location, "okaeri.expression_syntax",
                                    f"{exc.message} in expression "
                                    f"'{component.basic_mass.expression}'", exc.hint))
            graph.add_parameter(f"{key}.basic_mass", 0.0, "kg", origin)
    elif component.basic_mass is None:
        graph.add_parameter(f"{key}.basic_mass", 0.0, "kg", f"assembly {key}: no own mass")
    growth = growth_key(mission, vehicle_id, component)
    if growth == f"{key}.growth":
        graph.add_relation(
            growth,
            [f"{key}.basic_mass",
             *(f"mission.policy.growth_table.{row}.{component.maturity}"
               for row in _ELECTRICAL_ROWS)],
            _electrical_growth, "", f"aiaa policy: growth table, electrical row by box mass, "
            f"'{component.maturity}' column")
    graph.add_relation(f"{key}.predicted_mass", [f"{key}.basic_mass", growth],
                       _predicted, "kg", f"predicted = basic x (1 + growth from {growth})",
                       initial=0.0)


def _roll_up(graph: DependencyGraph, vehicle_id: str, components: list[Component],
             mass: str) -> list[str]:
    """Keys of the top-level totals of ``mass`` (``basic_mass`` or ``predicted_mass``).

    An assembly's total ``V.C.assembly_<mass>`` is its own mass plus its children's
    totals, so that a change deep in the tree recomputes one branch, not the vehicle.
    """
    children: dict[str | None, list[Component]] = {}
    for component in components:
        children.setdefault(component.parent, []).append(component)

    def total(component: Component) -> str:
        key = f"{vehicle_id}.{component.id}"
        below = children.get(component.id, [])
        if not below:
            return f"{key}.{mass}"
        graph.add_relation(f"{key}.assembly_{mass}",
                           [f"{key}.{mass}", *(total(c) for c in below)], _add, "kg",
                           f"{mass.replace('_', ' ')} of assembly {key} and its parts",
                           initial=0.0)
        return f"{key}.assembly_{mass}"

    return [total(c) for c in children.get(None, [])]


def add_vehicle_roll_up(graph: DependencyGraph, mission: Mission, vehicle_id: str) -> None:
    """Add the dry-mass roll-up nodes of one vehicle (see the module docstring)."""
    vehicle = mission.vehicle(vehicle_id)
    components = list(vehicle.components)
    dry = f"{vehicle_id}.dry_mass"
    graph.add_relation(f"{dry}.basic", _roll_up(graph, vehicle_id, components, "basic_mass"),
                       _add, "kg", f"sum of the basic masses of {vehicle_id}'s breakdown",
                       kind=NodeKind.BUDGET, initial=0.0)
    graph.add_relation(f"{dry}.predicted",
                       _roll_up(graph, vehicle_id, components, "predicted_mass"), _add, "kg",
                       f"sum of the predicted masses of {vehicle_id}'s breakdown",
                       kind=NodeKind.BUDGET, initial=0.0)
    if any(c.subsystem == Subsystem.HARNESS for c in vehicle.components):
        graph.add_relation(f"{dry}.harness", [f"{dry}.predicted"], lambda _: 0.0, "kg",
                           "harness carried as components: no allocation",
                           kind=NodeKind.BUDGET)
    else:
        graph.add_relation(f"{dry}.harness", ["mission.policy.harness_allocation",
                                              f"{dry}.predicted"], _times, "kg",
                           "harness allocation x predicted dry mass", kind=NodeKind.BUDGET,
                           initial=0.0)
    graph.add_relation(f"{dry}.nominal", [f"{dry}.predicted", f"{dry}.harness"], _add, "kg",
                       "nominal dry mass = predicted + harness", kind=NodeKind.BUDGET,
                       initial=0.0)
    graph.add_relation(f"{dry}.system_margin", ["mission.policy.system_margin",
                                                f"{dry}.nominal"], _times, "kg",
                       "system margin x nominal dry mass", kind=NodeKind.BUDGET, initial=0.0)
    graph.add_relation(f"{dry}.with_margin", [f"{dry}.nominal", f"{dry}.system_margin"], _add,
                       "kg", "dry mass with system margin = nominal + system margin",
                       kind=NodeKind.BUDGET, initial=0.0)


def add_mass_relations(graph: DependencyGraph, mission: Mission,
                       findings: list[Finding]) -> None:
    """Add growth, predicted mass and roll-ups for every vehicle of ``mission``."""
    for vehicle in mission.vehicles:
        for component in vehicle.components:
            add_component(graph, mission, vehicle.id, component, findings)
        add_vehicle_roll_up(graph, mission, vehicle.id)
