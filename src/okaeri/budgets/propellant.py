"""Propellant relations: the mission's phase sequence walked with the rocket equation.

For the propulsive vehicle ``V`` (the one performing the burns), the analysis
``V.propellant`` walks the phases backward (:func:`okaeri.core.propellant.walk_backward`):
each burn with its delta-v *with margin*, the canister joining the capsule, the capsule
leaving the stack. Masses are dry masses *with system margin*, as the ESA margin
philosophy sizes propellant on them; residuals are a fraction of the propellant used
and stay in the tanks to the end.

The stack mass after the last burn is ``m_f = dry + residuals``, and the walk is affine in
``m_f`` (burns multiply, mass events add), so two walks give ``used = a·m_f + b`` and the
residual-consistent solution ``used = (a·dry + b) / (1 − a·r)`` without iteration.

Outputs (``V.propellant.<name>``): ``used``, ``residual``, ``loaded`` (used + residual,
the load the tanks must hold), ``initial_mass`` (the stack before the first step: the
launch mass when the vehicle is launched with the stack), and per step
``<phase>`` (its propellant) and ``<phase>_mass_before``.

``budget.delta_v.capability`` scales every burn by the same factor until the loaded
propellant equals the usable capacity (:func:`scipy.optimize.brentq`), and reports the
total delta-v with margin so reached along the mission's mass profile.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from okaeri.core.propellant import BURN, JOIN, LEAVE, Step, walk_backward
from okaeri.graph import AnalysisFunction, DependencyGraph, NodeKind
from okaeri.model import MassEventPhase, Mission


@dataclass(frozen=True)
class _PlannedStep:
    phase: str
    kind: str
    inputs: tuple[str, ...]
    """Graph keys the step's value is computed from."""


def propulsive_vehicle(mission: Mission) -> str | None:
    """The vehicle performing the mission's burns (the first one that does)."""
    burns = mission.burns()
    return burns[0].performed_by if burns else None


def _plan(mission: Mission, vehicle_id: str) -> list[_PlannedStep]:
    """The walk's steps in flight order, each with the graph keys of its value."""
    joined_at = {
        ref: index
        for index, phase in enumerate(mission.phases) if isinstance(phase, MassEventPhase)
        for ref in phase.adds
    }
    steps: list[_PlannedStep] = []
    burns = {p.id: p.performed_by for p in mission.burns()}
    for index, phase in enumerate(mission.phases):
        stack = getattr(phase, "stack", None)
        if stack is None or vehicle_id not in mission.stack(stack).vehicles:
            continue
        if burns.get(phase.id) == vehicle_id:
            steps.append(_PlannedStep(phase.id, BURN, (f"{phase.id}.delta_v.with_margin",)))
        if isinstance(phase, MassEventPhase):
            for ref in phase.adds:
                owner = ref.partition(".")[0]
                steps.append(_PlannedStep(phase.id, JOIN, (
                    f"{owner}.dry_mass.with_margin", f"{owner}.dry_mass.predicted",
                    f"{ref}.predicted_mass")))
            for leaving in phase.separates:
                later = tuple(f"{ref}.predicted_mass" for ref, at in joined_at.items()
                              if ref.partition(".")[0] == leaving and at > index)
                steps.append(_PlannedStep(phase.id, LEAVE, (
                    f"{leaving}.dry_mass.with_margin", f"{leaving}.dry_mass.predicted",
                    *later)))
    return steps


def _step_value(step: _PlannedStep, values: Mapping[str, float]) -> float:
    if step.kind == BURN:
        return values[step.inputs[0]]
    with_margin, predicted, *parts = (values[k] for k in step.inputs)
    factor = with_margin / predicted if predicted > 0.0 else 1.0
    if step.kind == JOIN:
        return parts[0] * factor
    return with_margin - factor * sum(parts)


def _solve(dry: float, steps: list[Step], isp: float, residual_fraction: float,
           scale: float = 1.0) -> tuple[float, float, float]:
    """``(used, residual, initial mass)`` with residuals consistent with the use."""
    scaled = [s._replace(value=s.value * scale) if s.kind == BURN else s for s in steps]
    first = walk_backward(dry, scaled, isp).propellant_used
    second = walk_backward(2.0 * dry, scaled, isp).propellant_used
    slope = (second - first) / dry
    used = first / (1.0 - slope * residual_fraction)
    residual = residual_fraction * used
    return used, residual, walk_backward(dry + residual, scaled, isp).initial_mass


def add_propellant_relations(graph: DependencyGraph, mission: Mission,
                             wrap: Callable[[str, AnalysisFunction], AnalysisFunction]
                             ) -> str | None:
    """Add the propellant walk of the propulsive vehicle; returns that vehicle's id."""
    vehicle_id = propulsive_vehicle(mission)
    if vehicle_id is None:
        return None
    plan = _plan(mission, vehicle_id)
    inputs = sorted({k for step in plan for k in step.inputs} | {
        f"{vehicle_id}.dry_mass.with_margin", f"{vehicle_id}.propulsion.isp",
        f"{vehicle_id}.propulsion.residual_fraction", f"{vehicle_id}.propulsion.usable_propellant"})

    def steps_from(values: Mapping[str, float]) -> list[Step]:
        return [Step(s.phase, s.kind, _step_value(s, values)) for s in plan]

    def walk(values: Mapping[str, float]) -> dict[str, float]:
        steps = steps_from(values)
        isp = values[f"{vehicle_id}.propulsion.isp"]
        dry = values[f"{vehicle_id}.dry_mass.with_margin"]
        used, residual, _ = _solve(dry, steps, isp,
                                   values[f"{vehicle_id}.propulsion.residual_fraction"])
        result = walk_backward(dry + residual, steps, isp)
        out = {"used": used, "residual": residual, "loaded": used + residual,
               "initial_mass": result.initial_mass}
        for step, propellant, before in zip(steps, result.propellant, result.mass_before,
                                            strict=True):
            if step.kind == BURN:
                out[step.name] = propellant
                out[f"{step.name}_mass_before"] = before
        return out

    outputs = {"used": "kg", "residual": "kg", "loaded": "kg", "initial_mass": "kg"}
    for step in plan:
        if step.kind == BURN:
            outputs[step.phase] = "kg"
            outputs[f"{step.phase}_mass_before"] = "kg"
    graph.add_analysis(f"{vehicle_id}.propellant", inputs, outputs, walk,
                       "backward rocket-equation walk over the phases "
                       "(okaeri.core.propellant)", initial={"loaded": 0.0})
    graph.add_analysis("budget.delta_v", inputs, {"capability": "m/s"},
                       wrap("budget.delta_v", _capability(vehicle_id, steps_from)),
                       "delta-v reached when the usable propellant is loaded, every burn "
                       "scaled alike")
    return vehicle_id


def _capability(vehicle_id: str,
                steps_from: Callable[[Mapping[str, float]], list[Step]]
                ) -> Callable[[Mapping[str, float]], dict[str, float]]:
    def capability(values: Mapping[str, float]) -> dict[str, float]:
        from scipy.optimize import brentq

        steps = steps_from(values)
        isp = values[f"{vehicle_id}.propulsion.isp"]
        dry = values[f"{vehicle_id}.dry_mass.with_margin"]
        residual_fraction = values[f"{vehicle_id}.propulsion.residual_fraction"]
        usable = values[f"{vehicle_id}.propulsion.usable_propellant"]
        total = sum(s.value for s in steps if s.kind == BURN)

        def excess(scale: float) -> float:
            used, residual, _ = _solve(dry, steps, isp, residual_fraction, scale)
            return used + residual - usable

        high = 1.0
        while excess(high) < 0.0 and high < 1e3:
            high *= 2.0
        scale = brentq(excess, 0.0, high, xtol=1e-12, rtol=1e-12)
        return {"capability": scale * total}

    return capability


def add_budget_totals(graph: DependencyGraph, mission: Mission, vehicle_id: str) -> None:
    """``budget.propellant.required``, ``budget.delta_v.required``, ``budget.mass.launch``."""
    graph.add_relation("budget.propellant.required", [f"{vehicle_id}.propellant.loaded"],
                       lambda loaded: loaded, "kg", "propellant used + residuals",
                       kind=NodeKind.BUDGET)
    burns = [f"{p.id}.delta_v.with_margin" for p in mission.burns()
             if p.performed_by == vehicle_id]
    graph.add_relation("budget.delta_v.required", burns, lambda *dv: sum(dv), "m/s",
                       f"sum of {vehicle_id}'s delta-v with margins", kind=NodeKind.BUDGET)
    graph.add_relation("budget.mass.launch", [f"{vehicle_id}.propellant.initial_mass"],
                       lambda mass: mass, "kg",
                       "launch stack: dry masses with margin + loaded propellant",
                       kind=NodeKind.BUDGET)
