"""okaeri's propellant analyses: the phase walk and the delta-v capability.

For the propulsive vehicle ``V`` (the one performing the burns), ``V.propellant`` walks the
phases backward (:func:`okaeri.core.propellant.walk_backward`): each burn with its delta-v
*with margin*, a component joining (the canister), a vehicle leaving (the capsule). Masses
are dry masses *with system margin*, as the ESA margin philosophy sizes propellant on
them; residuals are a fraction of the propellant used and stay in the tanks to the end.

The stack mass after the last burn is ``m_f = dry + residuals``, and the walk is affine in
``m_f`` (burns multiply, mass events add), so two walks give ``used = a·m_f + b`` and the
residual-consistent solution ``used = (a·dry + b) / (1 − a·r)`` without iteration.

Outputs (``V.propellant.<name>``): ``used``, ``residual``, ``loaded`` (used + residual, the
load the tanks must hold), ``initial_mass`` (the stack before the first step: the launch
mass when the vehicle is launched with the stack), per burn ``<phase>`` (its
propellant) and ``<phase>_mass_before``, and per mass event ``<phase>_mass_change`` (kg
added to the stack, negative for a vehicle leaving).

``budget.delta_v.capability`` scales every burn by the same factor until the loaded
propellant equals the usable capacity, and until the launch mass equals the launch
allowance (:func:`scipy.optimize.brentq`), and reports the smaller total delta-v with margin
so reached along the mission's mass profile (``capability_tanks`` and
``capability_allowance`` are both kept; ``limited_by`` says which binds).

Attitude-control propellant (with its margin, 100 % in the ESA margin philosophy) is loaded
on top of the main-engine propellant and carried to the end of the walk: a conservative
simplification of its gradual use.

The order of the steps (the phase order) is part of each instance's settings, so that a
cached result is never reused for a reordered mission.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from okaeri.analysis.registry import Analysis, Binding, Port
from okaeri.core.propellant import BURN, JOIN, LEAVE
from okaeri.model import keys
from okaeri.model.mission import Mission
from okaeri.model.phases import LaunchPhase, MassEventPhase

__all__ = ["CAPABILITY", "PROPELLANT_WALK", "propulsive_vehicle"]



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
    joined_at = {ref: index for index, phase in enumerate(mission.phases)
                 if isinstance(phase, MassEventPhase) for ref in phase.adds}
    steps: list[_PlannedStep] = []
    burns = {p.id: p.performed_by for p in mission.burns()}
    for index, phase in enumerate(mission.phases):
        stack = getattr(phase, "stack", None)
        if stack is None or vehicle_id not in mission.stack(stack).vehicles:
            continue
        if burns.get(phase.id) == vehicle_id:
            steps.append(_PlannedStep(phase.id, BURN, (keys.delta_v(phase.id, "with_margin"),)))
        if isinstance(phase, MassEventPhase):
            for ref in phase.adds:
                owner, _, component = ref.partition(".")
                steps.append(_PlannedStep(phase.id, JOIN, (
                    keys.budget("mass", owner, "with_margin"),
                    keys.budget("mass", owner, "predicted"),
                    keys.predicted("mass", owner, owner, component, "basic_mass"))))
            for leaving in phase.separates:
                later = tuple(keys.predicted("mass", leaving, leaving, ref.partition(".")[2],
                                              "basic_mass")
                              for ref, at in joined_at.items()
                              if ref.partition(".")[0] == leaving and at > index)
                steps.append(_PlannedStep(phase.id, LEAVE, (
                    keys.budget("mass", leaving, "with_margin"),
                    keys.budget("mass", leaving, "predicted"), *later)))
    return steps


def _step_value(step: _PlannedStep, values: Mapping[str, float]) -> float:
    if step.kind == BURN:
        return values[step.inputs[0]]
    with_margin, predicted, *parts = (values[k] for k in step.inputs)
    factor = with_margin / predicted if predicted > 0.0 else 1.0
    if step.kind == JOIN:
        return parts[0] * factor
    return with_margin - factor * sum(parts)


def _solve(dry: float, steps: list[Any], isp: float, residual_fraction: float,
           scale: float = 1.0) -> tuple[float, float, float]:
    """``(used, residual, initial mass)`` with residuals consistent with the use."""
    from okaeri.core.propellant import walk_backward

    scaled = [s._replace(value=s.value * scale) if s.kind == BURN else s for s in steps]
    first = walk_backward(dry, scaled, isp).propellant_used
    second = walk_backward(2.0 * dry, scaled, isp).propellant_used
    slope = (second - first) / dry
    used = first / (1.0 - slope * residual_fraction)
    residual = residual_fraction * used
    return used, residual, walk_backward(dry + residual, scaled, isp).initial_mass


@dataclass(frozen=True)
class _Walk:
    """The propellant walk of one vehicle over one plan (callable on SI input values)."""

    vehicle: str
    plan: tuple[_PlannedStep, ...]
    allowance: str | None = None
    """Graph key of the launch mass allowance, when the vehicle is launched with the stack."""

    def inputs(self) -> dict[str, str]:
        names = {k for step in self.plan for k in step.inputs}
        names |= {keys.budget("mass", self.vehicle, "with_margin"), self.propulsion("isp"),
                  self.propulsion("residual_fraction"), self.propulsion("usable_propellant"),
                  self.propulsion("acs_propellant"), self.propulsion("acs_propellant_margin")}
        if self.allowance is not None:
            names.add(self.allowance)
        return {k: k for k in sorted(names)}

    def acs(self, values: Mapping[str, float]) -> float:
        """Attitude-control propellant with its margin (kg), carried to the end."""
        return values[self.propulsion("acs_propellant")] * (
            1.0 + values[self.propulsion("acs_propellant_margin")])

    def carried(self, values: Mapping[str, float]) -> float:
        """What the walk carries to its end besides residuals: the dry mass with margins
        and the attitude-control propellant (kg)."""
        return values[keys.budget("mass", self.vehicle, "with_margin")] + self.acs(values)

    def propulsion(self, field: str) -> str:
        return keys.part(self.vehicle, "propulsion", field)

    def steps(self, values: Mapping[str, float]) -> list[Any]:
        from okaeri.core.propellant import Step

        return [Step(s.phase, s.kind, _step_value(s, values)) for s in self.plan]

    def settings(self) -> dict[str, Any]:
        return {"vehicle": self.vehicle, "allowance": self.allowance,
                "plan": [[s.phase, s.kind, list(s.inputs)] for s in self.plan]}

    def walk(self, values: Mapping[str, float]) -> dict[str, float]:
        from okaeri.core.propellant import walk_backward

        steps = self.steps(values)
        isp = values[self.propulsion("isp")]
        dry = self.carried(values)
        used, residual, _ = _solve(dry, steps, isp, values[self.propulsion("residual_fraction")])
        result = walk_backward(dry + residual, steps, isp)
        acs = self.acs(values)
        out = {"used": used, "residual": residual, "acs": acs,
               "loaded": used + residual + acs, "initial_mass": result.initial_mass}
        for step, propellant, before in zip(steps, result.propellant, result.mass_before,
                                            strict=True):
            if step.kind == BURN:
                out[step.name] = propellant
                out[f"{step.name}_mass_before"] = before
            else:
                change = step.value if step.kind == JOIN else -step.value
                out[f"{step.name}_mass_change"] = out.get(f"{step.name}_mass_change", 0.0) \
                    + change
        return out

    def capability(self, values: Mapping[str, float]) -> dict[str, float]:
        """Delta-v with every burn scaled alike until the propellant fills the tanks, and
        until the launch mass reaches the allowance; the capability is the smaller."""
        steps = self.steps(values)
        isp = values[self.propulsion("isp")]
        dry = self.carried(values)
        residual_fraction = values[self.propulsion("residual_fraction")]
        usable = values[self.propulsion("usable_propellant")] - self.acs(values)
        total = sum(s.value for s in steps if s.kind == BURN)

        def tanks(scale: float) -> float:
            used, residual, _ = _solve(dry, steps, isp, residual_fraction, scale)
            return used + residual - usable

        by_tanks = _scale_to_zero(tanks) * total
        by_allowance = math.inf
        if self.allowance is not None:
            allowance = values[self.allowance]

            def launch(scale: float) -> float:
                return _solve(dry, steps, isp, residual_fraction, scale)[2] - allowance

            by_allowance = _scale_to_zero(launch) * total
        return {"capability": min(by_tanks, by_allowance), "capability_tanks": by_tanks,
                "capability_allowance": by_allowance,
                "limited_by": "tanks" if by_tanks <= by_allowance else "launch allowance"}


def _scale_to_zero(excess: Callable[[float], float]) -> float:
    """The burn scale at which ``excess`` (increasing) crosses zero (0 when it is already
    positive at no delta-v: nothing fits)."""
    from scipy.optimize import brentq

    if excess(0.0) >= 0.0:
        return 0.0
    high = 1.0
    while excess(high) < 0.0 and high < 1e3:
        high *= 2.0
    return float(brentq(excess, 0.0, high, xtol=1e-12, rtol=1e-12, maxiter=200))


def _walk_of(mission: Mission) -> _Walk | None:
    vehicle = propulsive_vehicle(mission)
    if vehicle is None:
        return None
    launch = next((p for p in mission.phases if isinstance(p, LaunchPhase)), None)
    launched = launch is not None and vehicle in mission.stack(launch.stack).vehicles
    return _Walk(vehicle, tuple(_plan(mission, vehicle)),
                 f"{launch.id}.mass_allowance" if launched and launch else None)


def _dynamic(function: Callable[[_Walk, Mapping[str, float]], dict[str, float]],
             outputs: Callable[[_Walk], dict[str, Port]], key: Callable[[_Walk], str]
             ) -> Callable[[Mission, Any], dict[str, Binding]]:
    def bind(mission: Mission, settings: Any) -> dict[str, Binding]:
        walk = _walk_of(mission)
        if walk is None:
            return {}
        return {key(walk): Binding(walk.inputs(), outputs(walk),
                                   lambda values: function(walk, values), walk.settings())}

    return bind


def _walk_outputs(walk: _Walk) -> dict[str, Port]:
    outputs = {"used": Port("kg", "propellant burned by the main engine"),
               "residual": Port("kg", "unusable residuals"),
               "acs": Port("kg", "attitude-control propellant with its margin"),
               "loaded": Port("kg", "propellant loaded: used + residuals + attitude control"),
               "initial_mass": Port("kg", "stack mass before the first step")}
    for step in walk.plan:
        if step.kind == BURN:
            outputs[step.phase] = Port("kg", f"propellant of {step.phase}")
            outputs[f"{step.phase}_mass_before"] = Port("kg", f"stack mass before {step.phase}")
        else:
            outputs[f"{step.phase}_mass_change"] = Port(
                "kg", f"mass joining the stack at {step.phase} (negative: leaving)")
    return outputs


def _unbound(**_: float) -> dict[str, float]:  # pragma: no cover - bound per mission
    raise TypeError("this analysis is wired from the mission's phases")


PROPELLANT_WALK = Analysis(
    name="propellant.walk", compute=_unbound, inputs={}, outputs={}, version="2",
    budget="propellant",
    description="Backward rocket-equation walk over the phases (okaeri.core.propellant): "
    "the propellant of each burn, residuals, the propellant loaded and the launch mass.",
    bind=_dynamic(_Walk.walk, _walk_outputs, lambda w: f"{w.vehicle}.propellant"))
"""``<vehicle>.propellant``: the propellant walk of the propulsive vehicle."""

CAPABILITY = Analysis(
    name="delta_v.capability", compute=_unbound, inputs={}, outputs={}, version="1",
    budget="delta_v",
    description="Delta-v reached when the usable propellant is loaded, every burn scaled "
    "alike (brentq on the propellant walk).",
    bind=_dynamic(_Walk.capability,
                  lambda w: {"capability": Port("m/s", "delta-v the stack can fly: the smaller "
                                                "of the two below"),
                             "capability_tanks": Port("m/s", "delta-v with the tanks full"),
                             "capability_allowance": Port("m/s", "delta-v with the launch "
                                                          "mass at the allowance")},
                  lambda w: keys.DELTA_V_CAPABILITY.rpartition(".")[0]))
"""``budget.delta_v.capability``: the delta-v the usable propellant gives."""

