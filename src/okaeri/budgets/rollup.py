"""Rolling a property up over a product breakdown: the engine of every declared budget.

For one budget, scope (a vehicle or a stack) and mode, each component ``V.C`` carrying the
property contributes its value and, with an equipment-level margin ``m_C`` (a fraction
read from the graph: the policy's margin for its category, a flat or per-category margin of
the budget, or the AIAA growth table for mass), its predicted value
``value × (1 + m_C)``. An assembly's totals are its own value plus its parts' totals, so a
change deep in a 10,000-component tree recomputes one branch. A component's predicted value
(``otv.tanks.predicted_mass``) is a deferred relation, a node of the graph that is
computed once something asks for it or reads it; the sums take each value with its margin
themselves (one node per assembly, not one more per component: a 10,000-component
mission's budgets take about four fifths of the time). The budget's nodes
(``budget.<id>.<scope>[.<mode>].<quantity>``, :func:`okaeri.model.keys.budget`):

- ``basic`` and ``predicted``: the sums over the breakdown;
- ``<allocation>`` (for mass, ``harness``): a fraction of ``predicted`` allocated to
  items not yet designed, when the budget has one;
- ``nominal = predicted + allocation``;
- ``system_margin``: a fraction of ``nominal``; ``with_margin = nominal + system_margin``;
- ``capacity`` and ``margin = (capacity − with_margin) / capacity``, when the budget has a
  capacity in this mode.

Sources: ESA SRE-PA/2011.097 (equipment margins by category, harness allocation and system
margin on the nominal mass); the AIAA mass growth allowance table (S-120A).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from okaeri.graph import DependencyGraph, NodeKind
from okaeri.model import keys
from okaeri.model.components import Component
from okaeri.model.margins import margin
from okaeri.model.mission import Mission

__all__ = ["RollUp", "add_rollup", "predicted"]


@dataclass(frozen=True)
class RollUp:
    """One budget in one scope and mode, and where its inputs are in the graph."""

    budget: str
    """Budget id (``mass``, ``power``)."""
    scope: str
    """Vehicle or stack id."""
    vehicles: tuple[str, ...]
    """Vehicles whose breakdowns are summed."""
    prop: str
    """Property summed (``basic_mass`` for mass)."""
    unit: str
    """SI unit of the property's values (``kg``, ``W``)."""
    mode: str | None
    """Mode, or ``None`` for a single-valued property."""
    value_key: Callable[[str, Component], str | None]
    """Graph key of a component's value in this mode (``None``: it does not carry it)."""
    margin_key: Callable[[str, Component], str | None]
    """Graph key of a component's equipment margin (``None``: no margin)."""
    allocation: tuple[str, str] | None = None
    """``(name, key of its fraction of predicted)``, or ``None``."""
    system_margin: str | None = None
    """Graph key of the system margin fraction, or ``None``."""
    capacity: str | None = None
    """Graph key of the capacity, or ``None``."""
    title: str = ""
    """What is summed, for node descriptions (``basic masses``, ``power in cruise``)."""

    def key(self, quantity: str) -> str:
        """``budget.<id>.<scope>[.<mode>].<quantity>``."""
        return keys.budget(self.budget, self.scope, quantity, self.mode)


def _add(*values: float) -> float:
    return sum(values)


_MARGIN = " margin"
"""Suffix of the input name of a term's margin in :func:`_add_predicted_terms`."""


def _add_predicted_terms(**terms: float) -> float:
    """The sum of the named terms, each ``value × (1 + margin)`` when its margin is given
    beside it (as ``<name> margin``), else ``value``; in the order given."""
    return sum([predicted(value, terms[name + _MARGIN]) if name + _MARGIN in terms else value
                for name, value in terms.items() if not name.endswith(_MARGIN)])


def predicted(value: float, margin: float) -> float:
    """A value with its equipment margin (a fraction): ``value × (1 + margin)``, SI."""
    return value * (1.0 + margin)


def _predicted_mass(basic: float, growth: float) -> float:
    """:func:`predicted` of a mass, refusing a negative basic mass: a value written as a
    quantity is checked at load time (>= 0 kg), one computed by an expression here."""
    if basic < 0.0:
        raise ValueError(f"a basic mass is at least 0 kg, got {basic:.6g} kg")
    return predicted(basic, growth)


def _times(a: float, b: float) -> float:
    return a * b


def _margin(capacity: float, total: float) -> float:
    return margin(total, capacity, "<=")


def add_rollup(graph: DependencyGraph, mission: Mission, spec: RollUp) -> None:
    """Add the nodes of one roll-up (see the module docstring)."""
    tops_basic: list[Term] = []
    tops_predicted: list[Term] = []
    for vehicle_id in spec.vehicles:
        components = mission.vehicle(vehicle_id).components
        own = {c.id: found for c in components
               if (found := _add_predicted(graph, spec, vehicle_id, c))[0] is not None}
        basic_tops, predicted_tops = _tree_totals(graph, spec, vehicle_id, components, own)
        tops_basic += basic_tops
        tops_predicted += predicted_tops
    what = spec.title or spec.prop
    _add_sum(graph, spec.key("basic"), tops_basic, spec.unit,
             f"sum of the {what} of {spec.scope}'s breakdown", NodeKind.BUDGET)
    _add_sum(graph, spec.key("predicted"), tops_predicted, spec.unit,
             f"sum of the {what} with equipment margins", NodeKind.BUDGET)
    _add_totals(graph, spec)


Term = tuple[str, str, str | None]
"""A term of a sum: its name (``vehicle.component``), the key of its value and, for a
value to take with its equipment margin, the key of the margin."""


def _add_sum(graph: DependencyGraph, key: str, terms: Sequence[Term], unit: str,
             description: str, kind: NodeKind = NodeKind.RELATION) -> None:
    """Add ``key``, the sum of ``terms`` (in their order)."""
    if all(margin is None for _, _, margin in terms):
        graph.add_relation(key, [value for _, value, _ in terms], _add, unit, description,
                           kind=kind, initial=0.0)
        return
    inputs: dict[str, str] = {}
    for name, value, margin_key in terms:
        inputs[name] = value
        if margin_key is not None:
            inputs[name + _MARGIN] = margin_key
    graph.add_relation(key, inputs, _add_predicted_terms, unit, description, kind=kind,
                       initial=0.0)


def _add_predicted(graph: DependencyGraph, spec: RollUp, vehicle_id: str,
                   component: Component) -> tuple[Term | None, Term | None]:
    """Add the component's predicted value (its value with the equipment margin) when it
    has a value and a margin; returns its basic and predicted terms (``None`` for both
    without a value).

    The predicted value is a deferred relation (a node only once asked for or read:
    :meth:`~okaeri.graph.DependencyGraph.add_relation`), and the sums take the value with
    its margin directly, except for a basic mass computed by an expression: its predicted
    node is the one that refuses a negative mass, so the sums read it.
    """
    value = spec.value_key(vehicle_id, component)
    if value is None:
        return None, None
    name = f"{vehicle_id}.{component.id}"
    margin = spec.margin_key(vehicle_id, component)
    if margin is None:
        return (name, value, None), (name, value, None)
    key = keys.predicted(spec.budget, spec.scope, vehicle_id, component.id, spec.prop,
                         spec.mode)
    checked = spec.prop == "basic_mass" and component.is_derived
    graph.add_relation(key, [value, margin], _predicted_mass if checked else predicted,
                       spec.unit, f"predicted = basic x (1 + margin from {margin})",
                       initial=0.0, deferred=not checked)
    return (name, value, None), (name, key, None) if checked else (name, value, margin)


def _tree_totals(graph: DependencyGraph, spec: RollUp, vehicle_id: str,
                 components: Sequence[Component],
                 own_terms: dict[str, tuple[Term | None, Term | None]],
                 ) -> tuple[list[Term], list[Term]]:
    """Terms of the top-level totals (basic and predicted) of one vehicle's breakdown;
    ``own_terms`` are the own terms (:func:`_add_predicted`) of the components that carry
    the property.

    An assembly's total ``assembly ...`` is its own value plus its parts' totals, so
    that a change deep in the tree recomputes one branch, not the vehicle. Only the
    components that carry the property and their assemblies are visited (a declared
    budget of a few boxes in a 10,000-component tree visits those boxes).
    """
    parent_of = {c.id: c.parent for c in components} if own_terms else {}
    visited: set[str] = set()
    for start in own_terms:
        node: str | None = start
        while node is not None and node not in visited:
            visited.add(node)
            node = parent_of.get(node)
    children: dict[str | None, list[Component]] = {}
    for component in components:
        if component.id in visited:
            children.setdefault(component.parent, []).append(component)

    def total(component: Component, stage: int) -> Term | None:
        own = own_terms.get(component.id, (None, None))[stage]
        kids = children.get(component.id)
        if kids is None:  # a part (most components)
            return own
        parts = [t for c in kids if (t := total(c, stage))]
        if not parts:
            return own
        name = ("basic", "predicted")[stage]
        key = keys.assembly(spec.budget, spec.scope, vehicle_id, component.id, spec.prop,
                            spec.mode, name)
        _add_sum(graph, key, [t for t in (own, *parts) if t is not None], spec.unit,
                 f"{name} {spec.title or spec.prop} of assembly {vehicle_id}.{component.id} "
                 "and its parts")
        return f"{vehicle_id}.{component.id}", key, None

    tops = children.get(None, [])
    return ([k for c in tops if (k := total(c, 0))], [k for c in tops if (k := total(c, 1))])


def _add_totals(graph: DependencyGraph, spec: RollUp) -> None:
    predicted_key = spec.key("predicted")
    unit = spec.unit
    nominal_inputs = [predicted_key]
    if spec.allocation is not None:
        name, fraction = spec.allocation
        graph.add_relation(spec.key(name), [fraction, predicted_key], _times, unit,
                           f"{name} allocation: {fraction} x predicted", kind=NodeKind.BUDGET,
                           initial=0.0)
        nominal_inputs.append(spec.key(name))
    graph.add_relation(spec.key("nominal"), nominal_inputs, _add, unit,
                       "nominal = predicted" + (f" + {spec.allocation[0]}"
                                                if spec.allocation else ""),
                       kind=NodeKind.BUDGET, initial=0.0)
    with_margin = [spec.key("nominal")]
    if spec.system_margin is not None:
        graph.add_relation(spec.key("system_margin"), [spec.system_margin, spec.key("nominal")],
                           _times, unit, f"system margin: {spec.system_margin} x nominal",
                           kind=NodeKind.BUDGET, initial=0.0)
        with_margin.append(spec.key("system_margin"))
    graph.add_relation(spec.key("with_margin"), with_margin, _add, unit,
                       "with margin = nominal + system margin", kind=NodeKind.BUDGET,
                       initial=0.0)
    if spec.capacity is not None:
        graph.add_relation(spec.key("margin"), [spec.capacity, spec.key("with_margin")],
                           _margin, "", f"(capacity - with margin) / capacity; capacity "
                           f"{spec.capacity}", kind=NodeKind.BUDGET)
