"""Checking requirement criteria against the graph before anything runs.

A criterion reads a graph quantity and compares it with a limit. Here, with the graph
built, every criterion is checked: its quantity exists and has a value; a per-sample
quantity (a Monte Carlo output) has a statistic, and only those have one; the limit has
the quantity's dimension; the activities that verify the requirement are those that
compute its quantity. A criterion whose quantity is a plain model input verifies a
declaration, not the design: it gets a warning. An evidence record's ``covers`` names
single values of the graph in their dimension (:func:`covers_findings`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from okaeri.analysis.registry import Registry
from okaeri.errors import Finding, Location, did_you_mean
from okaeri.graph import DependencyGraph, Node, NodeKind, unit_info
from okaeri.requirements import Requirement, RequirementSet
from okaeri.requirements.criteria import Criterion, NodeRef
from okaeri.units import format_unit
from okaeri.verification.activities import VerificationPlan

__all__ = ["covers_findings", "criterion_findings", "producer"]


def producer(graph: DependencyGraph, key: str) -> str | None:
    """The registered analysis computing ``key`` (``entry.monte_carlo``), ``budgets`` for
    a budget's total, or ``None`` for a model value or a plain relation."""
    node = graph.node(key)
    if node.analysis is not None:
        identity = graph.node(node.analysis).identity
        return identity.name if identity is not None else node.analysis
    return "budgets" if node.kind is NodeKind.BUDGET else None


def _value_keys(graph: DependencyGraph) -> list[str]:
    return [n.key for n in graph.nodes() if n.has_value]


def criterion_findings(requirements: RequirementSet, plan: VerificationPlan,
                       graph: DependencyGraph, registry: Registry) -> list[Finding]:
    """Every finding about the requirements' criteria (see the module docstring)."""
    findings: list[Finding] = []
    checks = _Checks(requirements, plan, graph, registry)
    for requirement in requirements.with_criterion():
        criterion = requirement.criterion
        if criterion is not None:
            findings += _check(checks, requirement, criterion)
    return findings


class _Checks:
    """What every criterion is checked against, with the graph's nodes and each
    activity's positions looked up once (thousands of criteria read a few quantities)."""

    def __init__(self, requirements: RequirementSet, plan: VerificationPlan,
                 graph: DependencyGraph, registry: Registry) -> None:
        self.requirements = requirements
        self.plan = plan
        self.graph = graph
        self.registry = registry
        self.node: Callable[[str], Node] = lru_cache(maxsize=None)(graph.node)
        self.producer: Callable[[str], str | None] = lru_cache(maxsize=None)(
            lambda key: producer(graph, key))
        self._positions: dict[int, dict[str, int]] = {}

    def position(self, verifies: Sequence[str], requirement_id: str) -> int:
        """Index of ``requirement_id`` in an activity's ``verifies`` list (its first)."""
        found = self._positions.get(id(verifies))
        if found is None:
            found = self._positions[id(verifies)] = {}
            for i, listed in enumerate(verifies):
                found.setdefault(listed, i)
        return found[requirement_id]


def _check(checks: _Checks, requirement: Requirement, criterion: Criterion
           ) -> list[Finding]:
    requirements, graph = checks.requirements, checks.graph

    def where() -> Location:
        return requirements.location(requirement.id, "criterion", "quantity")

    key = criterion.quantity
    if key not in graph or not checks.node(key).has_value:
        return [Finding(where(), "okaeri.dangling_ref", f"{requirement.id}: no analysis or "
                        f"budget provides '{key}'", did_you_mean(key, _value_keys(graph)))]
    node = checks.node(key)
    findings = []
    if node.samples and criterion.statistic is None:
        findings.append(Finding(
            where(), "okaeri.missing_key", f"{requirement.id}: '{key}' has one value per "
            "Monte Carlo sample: the criterion needs a statistic",
            "add e.g. 'statistic: {percentile: 99.87}' or 'statistic: {kind: max}'"))
    elif criterion.statistic is not None and not node.samples:
        findings.append(Finding(
            requirements.location(requirement.id, "criterion", "statistic"),
            "okaeri.invalid_value", f"{requirement.id}: a statistic applies to per-sample "
            f"quantities (Monte Carlo outputs) only, not to '{key}'", "remove 'statistic:'"))
    findings += _limit_findings(checks, requirement, criterion, node.unit)
    if node.kind is NodeKind.PARAMETER:
        origin = node.origin
        shown = f" ({origin.file}:{origin.line})" if isinstance(origin, Location) else ""
        findings.append(Finding(
            where(), "okaeri.input_criterion",
            f"{requirement.id} compares '{key}', a value given in the model{shown}, with its "
            "limit: it verifies a declaration, not the design",
            "verify it by inspection or review of design with an evidence record, or compare "
            "an analysis output or a budget", severity="warning"))
    findings += _activity_findings(checks, requirement, key)
    return findings


def _limit_findings(checks: _Checks, requirement: Requirement, criterion: Criterion,
                    unit: str) -> list[Finding]:
    graph = checks.graph

    def where() -> Location:
        return checks.requirements.location(requirement.id, "criterion", "limit")

    if isinstance(criterion.limit, NodeRef):
        limit_key = criterion.limit.key
        if limit_key not in graph or not checks.node(limit_key).has_value or checks.node(
                limit_key).samples:
            return [Finding(where(), "okaeri.dangling_ref", f"{requirement.id}: the limit reads "
                            f"'{limit_key}', which is not a value of the model",
                            did_you_mean(limit_key, _value_keys(graph)))]
        limit_unit = checks.node(limit_key).unit
    else:
        limit_unit = format_unit(criterion.limit.units)
    try:
        unit_info(unit)
    except ValueError as exc:  # an expression's unit no unit parses (kg^1000)
        return [Finding(checks.requirements.location(requirement.id, "criterion", "quantity"),
                        "okaeri.unit_mismatch", f"{requirement.id}: '{criterion.quantity}' "
                        f"has a unit okaeri cannot compare with a limit: {exc}",
                        "check the expression that computes it")]
    if unit_info(limit_unit).dimension != unit_info(unit).dimension:
        return [Finding(where(), "okaeri.unit_mismatch",
                        f"{requirement.id}: '{criterion.quantity}' is "
                        f"{unit_info(unit).dimension.describe()} but the limit is "
                        f"{unit_info(limit_unit).dimension.describe()}",
                        "give the limit in a unit of the quantity's dimension")]
    return []


def _activity_findings(checks: _Checks, requirement: Requirement, key: str
                       ) -> list[Finding]:
    listing = list(checks.plan.entries_for(requirement.id))
    if not listing:
        return []
    made_by = checks.producer(key)
    if made_by is None:
        return []
    analysis = checks.registry.get(made_by)
    budget = analysis.budget if analysis is not None else None
    if any(a.analysis == made_by or (a.budgets and (made_by == "budgets" or budget in a.budgets))
           for a, _ in listing):
        return []
    activity, origin = listing[0]
    names = ", ".join(f"{a.id} ({a.analysis or 'budgets'})" for a, _ in listing)
    return [Finding(
        origin.location("verifies", checks.position(activity.verifies, requirement.id)),
        "okaeri.activity_mismatch",
        f"{requirement.id}'s criterion uses '{key}', which {made_by} computes, but it is "
        f"verified by {names}", f"list {requirement.id} in the 'verifies' of an activity "
        f"running {made_by}", severity="warning")]


def covers_findings(plan: VerificationPlan, graph: DependencyGraph) -> list[Finding]:
    """Every ``covers`` key of an evidence record is a single value of the graph (not a
    Monte Carlo output's samples) and its value has that value's dimension: else the
    record's staleness could not be judged."""
    findings = []
    for record, origin in plan.evidence_entries:
        for key, covered in record.covers.items():
            where = origin.location("covers", key)
            if key not in graph or not graph.node(key).has_value:
                findings.append(Finding(where, "okaeri.dangling_ref",
                                        f"the evidence covers '{key}', which is not a value "
                                        "of the model", did_you_mean(key, _value_keys(graph))))
            elif graph.node(key).samples:
                findings.append(Finding(
                    where, "okaeri.invalid_value", f"the evidence covers '{key}', which has "
                    "one value per Monte Carlo sample", "name the model value the test was "
                    "run to (a qualification limit, a design value)"))
            elif unit_info(graph.node(key).unit).dimension != unit_info(
                    format_unit(covered.units)).dimension:
                findings.append(Finding(
                    where, "okaeri.unit_mismatch", f"the evidence covers '{key}', which is "
                    f"{unit_info(graph.node(key).unit).dimension.describe()}, with "
                    f"{unit_info(format_unit(covered.units)).dimension.describe()}",
                    "give the value in a unit of the model value's dimension"))
    return findings
