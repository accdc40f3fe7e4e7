"""Loading a whole mission folder (model, requirements, verification) and checking it.

:func:`load_project` collects every finding of the model files, the requirement and
verification files, the trace, the graph's expressions, and the requirement criteria
(does the quantity exist, does the limit have the quantity's unit), and raises one
:class:`~okaeri.errors.ModelError` with all of them if any is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from okaeri.budgets import build_graph
from okaeri.budgets.build import AnalysisWrapper
from okaeri.errors import Finding, ModelError
from okaeri.graph import DependencyGraph
from okaeri.graph.dimensions import unit_info
from okaeri.model import Mission, load_mission, reference_mission_path
from okaeri.requirements import RequirementSet
from okaeri.requirements.model import NodeRef
from okaeri.units import format_unit
from okaeri.verification.activities import (
    VerificationPlan,
    check_requirements_and_plan,
)
from okaeri.verification.analyses import CORRIDOR_OUTPUTS, MONTE_CARLO_OUTPUTS

ANALYSIS_OUTPUTS: dict[str, dict[str, str]] = {
    "entry.monte_carlo.": MONTE_CARLO_OUTPUTS,
    "entry.corridor.": CORRIDOR_OUTPUTS,
}
"""Quantities of the activities that run outside the graph, by key prefix."""

QUANTITIES_OUTSIDE_GRAPH = {"budget.mass.system_margin_available": ""}
"""Budget results computed by re-solving the graph rather than as one of its nodes."""


@dataclass
class Project:
    """A loaded and checked mission folder."""

    folder: Path
    mission: Mission
    requirements: RequirementSet
    plan: VerificationPlan
    graph: DependencyGraph
    warnings: tuple[Finding, ...]


def load_project(folder: Path | str | None = None,
                 wrap: AnalysisWrapper | None = None) -> Project:
    """Load and check everything in ``folder`` (default: the reference mission)."""
    root = Path(folder) if folder is not None else reference_mission_path()
    findings: list[Finding] = []
    mission: Mission | None = None
    graph: DependencyGraph | None = None
    try:
        mission = load_mission(root)
        graph = build_graph(mission, wrap)
        findings += graph.check()
    except ModelError as exc:
        findings += exc.findings
    checked = check_requirements_and_plan(root, mission=mission)
    findings += checked.findings
    if graph is not None and checked.requirements is not None:
        findings += criterion_findings(checked.requirements, graph)
    if (any(f.severity == "error" for f in findings) or mission is None or graph is None
            or checked.requirements is None or checked.plan is None):
        raise ModelError(findings)
    return Project(root, mission, checked.requirements, checked.plan, graph,
                   tuple(sorted(findings)))


def quantity_unit(key: str, graph: DependencyGraph) -> str | None:
    """SI unit of a criterion quantity, or ``None`` if nothing provides it."""
    if key in QUANTITIES_OUTSIDE_GRAPH:
        return QUANTITIES_OUTSIDE_GRAPH[key]
    for prefix, outputs in ANALYSIS_OUTPUTS.items():
        if key.startswith(prefix):
            return outputs.get(key.removeprefix(prefix))
    if key in graph and graph.node(key).has_value:
        return graph.node(key).unit
    return None


def known_quantities(graph: DependencyGraph) -> list[str]:
    """Every key a criterion may read."""
    keys = [k for k in graph.keys() if graph.node(k).has_value]  # noqa: SIM118 - a method
    keys += list(QUANTITIES_OUTSIDE_GRAPH)
    keys += [p + name for p, outputs in ANALYSIS_OUTPUTS.items() for name in outputs]
    return sorted(keys)


def criterion_findings(requirements: RequirementSet, graph: DependencyGraph) -> list[Finding]:
    """Criteria reading unknown quantities, or limits whose unit is not the quantity's."""
    from okaeri.requirements.trace import did_you_mean

    findings = []

    def known() -> list[str]:
        return known_quantities(graph)

    for requirement in requirements.with_criterion():
        criterion = requirement.criterion
        if criterion is None:
            continue
        unit = quantity_unit(criterion.quantity, graph)
        if unit is None:
            findings.append(Finding(
                requirements.location(requirement.id, "criterion", "quantity"),
                "okaeri.dangling_ref", f"{requirement.id}: no analysis or budget provides "
                f"'{criterion.quantity}'", did_you_mean(criterion.quantity, known())))
            continue
        if isinstance(criterion.limit, NodeRef):
            limit_key = criterion.limit.key
            limit_unit = quantity_unit(limit_key, graph)
            if limit_unit is None:
                findings.append(Finding(
                    requirements.location(requirement.id, "criterion", "limit"),
                    "okaeri.dangling_ref", f"{requirement.id}: the limit reads "
                    f"'{limit_key}', which is not a value of the model",
                    did_you_mean(limit_key, known())))
                continue
        else:
            limit_unit = format_unit(criterion.limit.units)
        if unit_info(limit_unit).dimension != unit_info(unit).dimension:
            findings.append(Finding(
                requirements.location(requirement.id, "criterion", "limit"),
                "okaeri.unit_mismatch",
                f"{requirement.id}: '{criterion.quantity}' is "
                f"{unit_info(unit).dimension.describe()} but the limit is "
                f"{unit_info(limit_unit).dimension.describe()}",
                "give the limit in a unit of the quantity's dimension"))
    return findings


def quantity_inputs(project: Project, key: str) -> set[str]:
    """Graph keys a criterion quantity is computed from: itself for a graph node; the
    entry inputs (and the capsule's limits) for the Monte Carlo and the corridor; the
    launch mass and propellant for the available system margin."""
    from okaeri.budgets.heat import entry_inputs

    if key.startswith(tuple(ANALYSIS_OUTPUTS)):
        inputs = set((entry_inputs(project.mission) or {}).values())
        if key.startswith("entry.corridor."):
            capsule = project.mission.capsule.id
            inputs |= {f"{capsule}.sample_canister.max_deceleration",
                       f"{capsule}.heat_shield.max_heat_flux",
                       f"{capsule}.heat_shield.max_heat_load"}
        return inputs
    if key in QUANTITIES_OUTSIDE_GRAPH:
        return {"budget.mass.launch", "budget.propellant.required"}
    return {key}


def requirements_reading(project: Project, keys: set[str]) -> list[str]:
    """Ids of the requirements whose criterion reads (directly or through an analysis
    outside the graph) one of ``keys``, sorted."""
    from okaeri.requirements.trace import affected_requirements

    quantities = {r.criterion.quantity for r in project.requirements.with_criterion()
                  if r.criterion is not None}
    reached = set(keys) | {q for q in quantities if quantity_inputs(project, q) & keys}
    return affected_requirements(project.requirements, reached)
