"""Delta-v relations: each manoeuvre with its margin, and the budget's total.

For every phase ``P`` with a delta-v:

- ``P.delta_v.nominal``: for a computed leg, the ``trajectory`` analysis's impulsive leg,
  the cost of the orientations the mission does not choose (``departure.geometry``) and
  the gravity loss of its finite burns (the ``P.delta_v.finite_burn`` analysis of TLI, LOI
  and TEI, :mod:`okaeri.analysis.transfer` and :mod:`okaeri.analysis.lunar`); for an
  allocation, its value;
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


_LEG_PARTS: dict[str, tuple[str, ...]] = {
    "tli": ("trajectory.tli_delta_v",),
    "loi": ("trajectory.loi_delta_v", "departure.geometry.loi_plane_delta_v"),
    "tei": ("trajectory.tei_delta_v", "departure.geometry.tei_plane_delta_v"),
    "gto_alignment": ("departure.geometry.gto_alignment_delta_v",),
}
"""Graph values a computed leg's impulsive delta-v adds up: the patched-conic leg and the
cost of the orientations the mission does not choose (:mod:`okaeri.analysis.lunar`)."""


def computed_parts(graph: DependencyGraph, phase: str, leg: str) -> tuple[str, ...]:
    """The graph keys a computed phase's nominal delta-v sums: its leg's parts and, where
    a finite-burn analysis exists, the gravity loss."""
    loss = f"{keys.delta_v(phase, 'finite_burn')}.gravity_loss"
    return (*_LEG_PARTS[leg], *((loss,) if loss in graph else ()))


def add_delta_v_relations(graph: DependencyGraph, mission: Mission,
                          vehicle_id: str | None) -> None:
    """Add the delta-v nodes of every phase, and the total of ``vehicle_id``'s burns."""
    for phase in mission.burns():
        delta_v = phase.delta_v
        if delta_v is None:  # burns() holds only phases with a delta-v
            continue
        if isinstance(delta_v, ComputedDeltaV):
            parts = computed_parts(graph, phase.id, str(delta_v.leg))
            graph.add_relation(keys.delta_v(phase.id, "nominal"), list(parts), _sum, "m/s",
                               f"computed: {' + '.join(parts)}")
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
                           kind=NodeKind.BUDGET, initial=0.0)
    if vehicle_id is not None:
        burns = [keys.delta_v(p.id, "with_margin") for p in mission.burns()
                 if p.performed_by == vehicle_id]
        graph.add_relation(keys.DELTA_V_REQUIRED, burns, _sum, "m/s",
                           f"sum of {vehicle_id}'s delta-v with margins", kind=NodeKind.BUDGET)
