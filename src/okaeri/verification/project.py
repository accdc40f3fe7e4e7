"""Loading a whole mission folder (model, requirements, verification) and checking it.

:func:`load_project` reads the model files, the requirement and verification files and
the mission's own analysis modules; builds the dependency graph with every analysis the
activities name; and collects every finding: of the files, of the trace, of the graph's
expressions, of the analyses' settings and input ports, and of the requirement criteria
(does the quantity exist, does a per-sample quantity have a statistic, does the limit have
the quantity's unit, does the criterion verify a design value rather than a plain input).
It raises one :class:`~okaeri.errors.ModelError` with all of them if any is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from okaeri.analysis.builtins import BUILTINS
from okaeri.analysis.registry import Keeps, Registry
from okaeri.budgets import AnalysisUse, build_graph
from okaeri.budgets.available_margin import AVAILABLE_MARGIN
from okaeri.errors import Finding, ModelError
from okaeri.graph import DependencyGraph
from okaeri.model import Mission, load_mission
from okaeri.model.load import mission_root
from okaeri.requirements import RequirementSet
from okaeri.verification.activities import VerificationPlan, check_requirements_and_plan
from okaeri.verification.criteria import covers_findings, criterion_findings
from okaeri.verification.monte_carlo_plan import plan_monte_carlo
from okaeri.verification.uses import analysis_uses, port_findings

__all__ = ["Project", "load_project", "registry_of", "requirements_reading"]


@dataclass
class Project:
    """A loaded and checked mission folder."""

    folder: Path
    mission: Mission
    requirements: RequirementSet
    plan: VerificationPlan
    graph: DependencyGraph
    warnings: tuple[Finding, ...]
    registry: Registry
    uses: tuple[AnalysisUse, ...] = ()

    def kept(self, keeps: Keeps) -> str | None:
        """Instance key of the first analysis in the graph whose registration keeps
        ``keeps`` for plots (:data:`okaeri.analysis.registry.Keeps`), or ``None``."""
        for node in self.graph.nodes():
            registered = self.registry.get(node.identity.name) if node.identity else None
            if registered is not None and registered.keeps == keeps:
                return node.key
        return None


def registry_of(folder: Path) -> tuple[Registry, list[Finding]]:
    """okaeri's analyses, the installed packages' and the mission's own (its modules run)."""
    registry = Registry([*BUILTINS, AVAILABLE_MARGIN])
    findings = registry.with_plugins()
    findings += registry.with_mission(folder)
    return registry, findings


def load_project(folder: Path | str | None = None) -> Project:
    """Load and check everything in ``folder`` (default: the reference mission)."""
    root = mission_root(folder)
    findings: list[Finding] = []
    mission: Mission | None = None
    try:
        mission = load_mission(root)
        findings += mission.warnings
    except ModelError as exc:
        findings += exc.findings
    checked = check_requirements_and_plan(root, mission=mission)
    findings += checked.findings
    registry, registry_findings = registry_of(root)
    findings += registry_findings
    uses: list[AnalysisUse] = []
    if checked.plan is not None:
        uses, use_findings = analysis_uses(checked.plan, registry)
        findings += use_findings
        if mission is not None and checked.requirements is not None:
            uses, plan_findings = plan_monte_carlo(uses, checked.requirements, checked.plan,
                                                   mission)
            findings += plan_findings
    graph: DependencyGraph | None = None
    if mission is not None and not any(f.severity == "error" for f in findings):
        try:
            graph = build_graph(mission, uses)
            findings += graph.check()
        except ModelError as exc:
            findings += exc.findings
    if graph is not None and checked.plan is not None and not graph.check():
        findings += port_findings(graph, uses, checked.plan)
    if graph is not None and checked.requirements is not None and checked.plan is not None \
            and not graph.check():
        findings += criterion_findings(checked.requirements, checked.plan, graph, registry)
        findings += covers_findings(checked.plan, graph)
    if (any(f.severity == "error" for f in findings) or mission is None or graph is None
            or checked.requirements is None or checked.plan is None):
        raise ModelError(findings)
    return Project(root, mission, checked.requirements, checked.plan, graph,
                   tuple(sorted(findings)), registry, tuple(uses))



def requirements_reading(project: Project, keys: set[str]) -> list[str]:
    """Ids of the requirements whose criterion reads one of ``keys`` (its quantity or its
    limit), sorted: every analysis is a graph node, so the graph's downstream keys of a
    parameter reach every requirement it can move."""
    from okaeri.requirements.trace import affected_requirements

    return affected_requirements(project.requirements, keys)
