"""Delta-v relations: each manoeuvre with its margin, and the budget's total.

For every phase ``P`` with a delta-v:

- ``P.delta_v.nominal``: the ``trajectory`` analysis's leg (computed) or the allocation;
  for TLI, plus the gravity loss of its finite perigee burns (the ``P.delta_v.finite_burn``
  analysis, :mod:`okaeri.analysis.transfer`); LOI and TEI are impulsive;
- ``P.delta_v.margin_applied``: the phase's own margin, or the policy's margin for its
  class (computed 5 %, allocated 100 % in ESA SRE-PA/2011.097);
- ``P.delta_v.with_margin = nominal × (1 + margin)``;

and ``budget.delta_v.required``, the sum of the propulsive vehicle's delta-v with margins.
"""

from __future__ import annotations

from okaeri.graph import DependencyGraph, NodeKind
from okaeri.model import ComputedDeltaV, Mission, keys

__all__ = ["add_delta_v_relations"]


def _identity(value: float) -> float:
    return value


def _sum(*values: float) -> float:
    return sum(values)


def _with_margin(nominal: float, margin: float) -> float:
    return nominal * (1.0 + margin)


def add_delta_v_relations(graph: DependencyGraph, mission: Mission,
                          vehicle_id: str | None) -> None:
    """Add the delta-v nodes of every phase, and the total of ``vehicle_id``'s burns."""
    for phase in mission.burns():
        delta_v = phase.delta_v
        if delta_v is None:  # burns() holds only phases with a delta-v
            continue
        loss = keys.delta_v(phase.id, "finite_burn")
        if isinstance(delta_v, ComputedDeltaV) and loss in graph:
            graph.add_relation(keys.delta_v(phase.id, "nominal"),
                               [f"trajectory.{delta_v.leg}_delta_v", f"{loss}.tli_gravity_loss"],
                               _sum, "m/s", f"computed: trajectory leg {delta_v.leg} "
                               "(impulsive) + finite-burn gravity loss")
        elif isinstance(delta_v, ComputedDeltaV):
            graph.add_relation(keys.delta_v(phase.id, "nominal"),
                               [f"trajectory.{delta_v.leg}_delta_v"], _identity, "m/s",
                               f"computed: trajectory leg {delta_v.leg} (impulsive; "
                               "finite-burn loss not modelled)")
        else:
            graph.add_relation(keys.delta_v(phase.id, "nominal"),
                               [keys.delta_v(phase.id, "value")], _identity, "m/s",
                               f"allocated: {delta_v.rationale}")
        margin_class = "computed" if isinstance(delta_v, ComputedDeltaV) else "allocated"
        margin_key = (keys.delta_v(phase.id, "margin") if delta_v.margin is not None
                      else keys.policy("delta_v_margins", margin_class))
        graph.add_relation(keys.delta_v(phase.id, "margin_applied"), [margin_key], _identity,
                           "", f"margin for {margin_class} manoeuvres ({margin_key})")
        graph.add_relation(keys.delta_v(phase.id, "with_margin"),
                           [keys.delta_v(phase.id, "nominal"),
                            keys.delta_v(phase.id, "margin_applied")],
                           _with_margin, "m/s", "delta-v with margin = nominal x (1 + margin)",
                           kind=NodeKind.BUDGET)
    if vehicle_id is not None:
        burns = [keys.delta_v(p.id, "with_margin") for p in mission.burns()
                 if p.performed_by == vehicle_id]
        graph.add_relation(keys.DELTA_V_REQUIRED, burns, _sum, "m/s",
                           f"sum of {vehicle_id}'s delta-v with margins", kind=NodeKind.BUDGET)
