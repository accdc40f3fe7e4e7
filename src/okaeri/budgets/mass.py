"""Mass relations: component growth and predicted mass, vehicle dry-mass roll-ups.

For each component ``V.C`` (vehicle ``V``): ``V.C.basic_mass`` (a parameter, or an
expression), ``V.C.growth`` (its growth allowance, a fraction, from the policy) and
``V.C.predicted_mass = basic × (1 + growth)``. For each vehicle ``V``:

- ``V.dry_mass.basic`` and ``V.dry_mass.predicted``: sums over all components;
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


def add_component(graph: DependencyGraph, mission: Mission, vehicle_id: str,
                  component: Component, findings: list[Finding]) -> None:
    """Add the basic mass (if derived), growth and predicted mass of one component.

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
    policy = mission.header.policy
    growth_origin = f"{policy.kind} policy: " + (
        f"equipment margin for '{component.category}'" if isinstance(policy, EsaPolicy)
        else f"growth table, '{component.subsystem}' row, '{component.maturity}' column")
    if isinstance(policy, EsaPolicy):
        graph.add_relation(f"{key}.growth",
                           [f"mission.policy.equipment_margins.{component.category}"],
                           _identity, "", growth_origin)
    elif component.subsystem in ELECTRICAL_SUBSYSTEMS:
        graph.add_relation(
            f"{key}.growth",
            [f"{key}.basic_mass",
             *(f"mission.policy.growth_table.{row}.{component.maturity}"
               for row in _ELECTRICAL_ROWS)],
            _electrical_growth, "", growth_origin + " (electrical row by box mass)")
    else:
        row = aiaa_row(component.subsystem, 0.0)
        graph.add_relation(f"{key}.growth",
                           [f"mission.policy.growth_table.{row}.{component.maturity}"],
                           _identity, "", growth_origin)
    graph.add_relation(f"{key}.predicted_mass", [f"{key}.basic_mass", f"{key}.growth"],
                       _predicted, "kg", "predicted = basic x (1 + growth)", initial=0.0)


def add_vehicle_roll_up(graph: DependencyGraph, mission: Mission, vehicle_id: str) -> None:
    """Add the dry-mass roll-up nodes of one vehicle (see the module docstring)."""
    vehicle = mission.vehicle(vehicle_id)
    keys = [f"{vehicle_id}.{c.id}" for c in vehicle.components]
    dry = f"{vehicle_id}.dry_mass"
    graph.add_relation(f"{dry}.basic", [f"{k}.basic_mass" for k in keys], _add, "kg",
                       f"sum of the basic masses of {vehicle_id}'s components",
                       kind=NodeKind.BUDGET, initial=0.0)
    graph.add_relation(f"{dry}.predicted", [f"{k}.predicted_mass" for k in keys], _add, "kg",
                       f"sum of the predicted masses of {vehicle_id}'s components",
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
