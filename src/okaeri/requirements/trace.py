"""Checks across requirements: the derivation trace, allocation and verification coverage.

:func:`check_trace` returns every finding (it never raises on the first):

==========================  ========  ===================================================
code                        severity  when
==========================  ========  ===================================================
``okaeri.duplicate_id``     error     two requirements have the same id
``okaeri.dangling_ref``     error     a parent, allocated element or phase does not exist
``okaeri.cycle``            error     a requirement derives from itself through parents
``okaeri.no_method``        error     a requirement has no verification method
``okaeri.no_criterion``     error     an analysis leaf has no criterion and no activity
``okaeri.orphan``           warning   a requirement below mission level has no parent
``okaeri.level_order``      warning   a requirement sits above one of its parents
``okaeri.unverified``       warning   a leaf has neither criterion + activity nor evidence
==========================  ========  ===================================================

A requirement with children is verified through them (roll-up): the rules on criteria
and verification apply to the leaves of the trace.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel

from okaeri.errors import Finding, did_you_mean
from okaeri.requirements.model import (
    OWN_EVIDENCE_METHODS,
    Level,
    Method,
    Origin,
    Requirement,
    RequirementSet,
)

if TYPE_CHECKING:
    from okaeri.model.mission import Mission

__all__ = [
    "Coverage",
    "EvidencesRequirement",
    "VerifiesRequirements",
    "affected_requirements",
    "check_trace",
    "coverage",
    "criterion_method",
    "element_ids",
    "find_cycles",
    "planned_methods",
    "verified_ids",
]


class VerifiesRequirements(Protocol):
    """Anything that lists the requirements it verifies (a verification activity)."""

    @property
    def id(self) -> str:
        """Identifier of the activity."""

    @property
    def verifies(self) -> tuple[str, ...]:
        """Ids of the requirements verified."""


class EvidencesRequirement(Protocol):
    """Anything that is evidence for one requirement (an evidence record)."""

    @property
    def requirement(self) -> str:
        """Id of the requirement."""


def element_ids(mission: Mission) -> frozenset[str]:
    """Ids a requirement can be allocated to: vehicles (``capsule``), their sections
    (``capsule.heat_shield``) and their components (``capsule.canister``)."""
    ids: set[str] = set()
    for vehicle in mission.vehicles:
        ids.add(vehicle.id)
        for name in type(vehicle).model_fields:
            if isinstance(getattr(vehicle, name), BaseModel):
                ids.add(f"{vehicle.id}.{name}")
        ids.update(f"{vehicle.id}.{c.id}" for c in vehicle.components)
    return frozenset(ids)


def find_cycles(requirements: RequirementSet) -> list[list[str]]:
    """One cycle per strongly connected group of the parent graph, as a closed list of ids.

    Each cycle starts at its smallest id and follows parents back to it
    (``["A", "B", "A"]``: A lists B as a parent and B lists A). Sorted by first id.
    """
    from graphlib import CycleError, TopologicalSorter

    try:  # the common case, no cycle, without importing networkx (about 0.08 s)
        TopologicalSorter({r.id: [p for p in r.parents if p in requirements]
                           for r in requirements}).prepare()
    except CycleError:
        pass
    else:
        return []
    import networkx as nx

    graph = nx.DiGraph()
    for requirement in requirements:
        graph.add_node(requirement.id)
        for parent in requirement.parents:
            if parent in requirements:
                graph.add_edge(requirement.id, parent)
    cycles = []
    for group in nx.strongly_connected_components(graph):
        start = min(group)
        if len(group) == 1 and not graph.has_edge(start, start):
            continue
        sub = graph.subgraph(group)
        paths = [nx.shortest_path(sub, successor, start)
                 for successor in sorted(sub.successors(start))]
        best = min(paths, key=lambda p: (len(p), p))
        cycles.append([start, *best])
    return sorted(cycles)


def _listed(activities: Iterable[VerifiesRequirements]) -> dict[str, list[str]]:
    listed: dict[str, list[str]] = {}
    for activity in activities:
        for requirement_id in activity.verifies:
            listed.setdefault(requirement_id, []).append(activity.id)
    return listed


def _evidenced(evidence: Iterable[EvidencesRequirement]) -> dict[str, set[str | None]]:
    """By requirement id: the methods of its evidence records (``None``: a record that
    does not say)."""
    found: dict[str, set[str | None]] = {}
    for record in evidence:
        method = getattr(record, "method", None)
        found.setdefault(record.requirement, set()).add(
            None if method is None else str(method))
    return found


def criterion_method(requirement: Requirement) -> Method | None:
    """The method a requirement's criterion closes: ``analysis`` when it is one of its
    methods, else its first method (``None`` without a criterion or a method)."""
    if requirement.criterion is None or not requirement.methods:
        return None
    return Method.ANALYSIS if Method.ANALYSIS in requirement.methods else requirement.methods[0]


def planned_methods(requirement: Requirement, listed: Collection[str],
                    evidenced: Mapping[str, set[str | None]]) -> dict[Method, bool]:
    """Whether each method of ``requirement`` has its own planned closure: the criterion
    (with an activity listing the requirement) for :func:`criterion_method`, an evidence
    record of that method (or of no stated method) for any method. Derived requirements
    are not counted here (see :func:`verified_ids`)."""
    records = evidenced.get(requirement.id, set())
    by_criterion = criterion_method(requirement) if requirement.id in listed else None
    return {m: m is by_criterion or str(m) in records or None in records
            for m in requirement.methods}


def verified_ids(requirements: RequirementSet,
                 activities: Iterable[VerifiesRequirements] = (),
                 evidence: Iterable[EvidencesRequirement] = ()) -> frozenset[str]:
    """Requirements with a planned closure of every one of their methods.

    A method is planned by the requirement's own means (:func:`planned_methods`); a
    method that does not need its own evidence (``analysis``) is also planned when the
    requirement has derived requirements and all of them are verified (roll-up). A
    requirement without a method is verified by a criterion listed by an activity, an
    evidence record, or its children. This is the plan, not a verdict: the runner
    decides pass or fail.
    """
    listed = _listed(activities)
    evidenced = _evidenced(evidence)
    memo: dict[str, bool] = {}

    def verified(requirement_id: str) -> bool:
        if requirement_id in memo:
            return memo[requirement_id]
        memo[requirement_id] = False  # cycle guard
        requirement = requirements[requirement_id]
        children = requirements.children_of(requirement_id)
        by_children = bool(children) and all(verified(c.id) for c in children)
        if requirement.methods:
            planned = planned_methods(requirement, listed, evidenced)
            result = all(done or (by_children and m not in OWN_EVIDENCE_METHODS)
                         for m, done in planned.items())
        else:
            result = by_children or requirement_id in evidenced or (
                requirement.criterion is not None and requirement_id in listed)
        memo[requirement_id] = result
        return result

    return frozenset(r.id for r in requirements if verified(r.id))


def check_trace(
    requirements: RequirementSet,
    *,
    activities: Iterable[VerifiesRequirements] | None = (),
    evidence: Iterable[EvidencesRequirement] = (),
    elements: Collection[str] | None = None,
    phases: Collection[str] | None = None,
) -> list[Finding]:
    """Every finding about the trace, allocation and verification of ``requirements``.

    Parameters
    ----------
    requirements : RequirementSet
        The requirements, with where each was read.
    activities : iterable or None
        Verification activities (anything with ``id`` and ``verifies``); ``None`` when
        the verification plan is unknown (it failed to load): the rules that need it
        (``no_criterion``, ``unverified``) are skipped.
    evidence : iterable
        Evidence records (anything with ``requirement``).
    elements : collection of str, optional
        Known model element ids (:func:`element_ids`); ``None`` skips the allocation check.
    phases : collection of str, optional
        Known phase ids; ``None`` skips the phase check.

    Returns
    -------
    list of Finding
        Errors and warnings, in no particular order (:func:`okaeri.errors.format_findings`
        sorts them).
    """
    findings = _duplicates(requirements)
    findings += _references(requirements, elements, phases)
    for cycle in find_cycles(requirements):
        start = requirements[cycle[0]]
        index = start.parents.index(cycle[1])
        findings.append(Finding(
            requirements.location(start.id, "parents", index), "okaeri.cycle",
            f"cycle: {' -> '.join(cycle)} (each lists the next as a parent)",
            "a requirement cannot derive from itself; remove one of these parents"))
    findings += _verification(requirements,
                              None if activities is None else tuple(activities),
                              tuple(evidence))
    return findings


def _duplicates(requirements: RequirementSet) -> list[Finding]:
    findings = []
    for requirement, origin in requirements.entries:
        first = requirements.origin(requirement.id)
        if first is origin:
            continue
        findings.append(Finding(
            origin.location("id"), "okaeri.duplicate_id",
            f"requirement id '{requirement.id}' is already used at {first.where()}",
            "give each requirement its own id (the first definition is the one used)"))
    return findings


def _unknown(what: str, name: str, known: Iterable[str], hint_if_none: str) -> tuple[str, str]:
    return f"unknown {what} '{name}'", did_you_mean(name, known) or hint_if_none


def _references(requirements: RequirementSet, elements: Collection[str] | None,
                phases: Collection[str] | None) -> list[Finding]:
    findings = []
    for requirement in requirements:
        origin = requirements.origin(requirement.id)
        for index, parent in enumerate(requirement.parents):
            if parent not in requirements:
                message, hint = _unknown("parent requirement", parent, requirements.ids,
                                         "no requirement has this id")
                findings.append(Finding(origin.location("parents", index),
                                        "okaeri.dangling_ref", message, hint))
            elif requirement.level.rank < requirements[parent].level.rank:
                findings.append(Finding(
                    origin.location("parents", index), "okaeri.level_order",
                    f"{requirement.id} ({requirement.level} level) is above its parent "
                    f"{parent} ({requirements[parent].level} level)",
                    "check the level of both: a derived requirement is at its parent's "
                    "level or below", severity="warning"))
        if requirement.level is not Level.MISSION and not requirement.parents:
            findings.append(Finding(
                origin.location("id"), "okaeri.orphan",
                f"{requirement.id} ({requirement.level} level) has no parent requirement",
                "add 'parents: [<id>]' with the requirement it derives from, or make it a "
                "mission-level requirement", severity="warning"))
        if elements is not None:
            for index, element in enumerate(requirement.allocated_to):
                if element not in elements:
                    message, hint = _unknown("model element", element, elements,
                                             "allocate to a vehicle ('capsule'), a section "
                                             "('capsule.heat_shield') or a component "
                                             "('capsule.canister')")
                    findings.append(Finding(origin.location("allocated_to", index),
                                            "okaeri.dangling_ref", message, hint))
        if phases is not None:
            for index, phase in enumerate(requirement.phases):
                if phase not in phases:
                    message, hint = _unknown("phase", phase, phases,
                                             f"known phases: {', '.join(sorted(phases))}")
                    findings.append(Finding(origin.location("phases", index),
                                            "okaeri.dangling_ref", message, hint))
    return findings


def _verification(requirements: RequirementSet,
                  activities: tuple[VerifiesRequirements, ...] | None,
                  evidence: tuple[EvidencesRequirement, ...]) -> list[Finding]:
    findings = []
    listed = _listed(activities or ())
    evidenced = _evidenced(evidence)
    for requirement in requirements:
        origin = requirements.origin(requirement.id)
        rid = requirement.id
        if not requirement.methods:
            findings.append(Finding(
                origin.location("id"), "okaeri.no_method",
                f"{rid} has no verification method",
                "add 'methods: [...]' (or 'method:') with test, analysis, inspection, "
                "demonstration or review_of_design"))
            continue
        if activities is None or not requirements.is_leaf(rid):
            continue  # plan unknown, or verified through its children
        planned = planned_methods(requirement, listed, evidenced)
        if (Method.ANALYSIS in planned and not planned[Method.ANALYSIS]
                and requirement.criterion is None and rid not in listed):
            findings.append(Finding(
                origin.location(_methods_key(origin)), "okaeri.no_criterion",
                f"{rid} is verified by analysis but has no criterion and no activity "
                "verifies it",
                f"add a 'criterion:' (quantity, comparator, limit) and list {rid} in the "
                "'verifies' of an activity in verification/"))
            continue
        missing = [m for m, done in planned.items() if not done]
        if not missing:
            continue
        message, hint = _unverified(requirement, listed.get(rid, []), missing)
        findings.append(Finding(origin.location("id"), "okaeri.unverified", message, hint,
                                severity="warning"))
    return findings


def _methods_key(origin: Origin) -> str:
    """``methods`` or ``method``: the key the requirement's file uses."""
    if origin.document is not None and isinstance(origin.document.get(origin.path), dict):
        item = origin.document.get(origin.path)
        if "method" in item:
            return "method"
    return "methods"


def _unverified(requirement: Requirement, activity_ids: list[str],
                missing: list[Method]) -> tuple[str, str]:
    rid = requirement.id
    evidence_hint = (f"or record evidence for {rid} (requirement, method, title, by, date, "
                     "artefact, sha256) in verification/")
    several = len(requirement.methods) > 1
    methods = ", ".join(str(m) for m in missing)
    if requirement.criterion is not None and criterion_method(requirement) in missing:
        return (f"{rid} has a criterion but no activity verifies it",
                f"list {rid} in the 'verifies' of the activity that computes "
                f"'{requirement.criterion.quantity}'")
    if several:
        return (f"{rid} has no planned closure of its method(s) {methods}: each of its "
                f"{len(requirement.methods)} methods needs its own",
                f"record evidence for {rid} by {methods} (requirement, method, title, by, "
                "date, artefact, sha256) in verification/, or mark a pytest test "
                f"@pytest.mark.verifies({rid!r})")
    if activity_ids:
        return (f"{rid} is listed by {', '.join(activity_ids)} but has no criterion: its "
                "verdict stays inconclusive", f"add a 'criterion:' {evidence_hint}")
    return (f"{rid} ({methods}) has no evidence record and no criterion",
            f"add a 'criterion:' and an activity, {evidence_hint}")


@dataclass(frozen=True)
class Coverage:
    """How much of a requirement set has a planned verification (counts)."""

    total: int
    """Number of requirements (each id once)."""
    leaves: int
    """Requirements without children."""
    by_method: Mapping[str, int] = field(default_factory=dict)
    """Count per verification method (every method; ``none`` when some have none); a
    requirement with several methods counts once under each."""
    planned_by_method: Mapping[str, int] = field(default_factory=dict)
    """Per method: the requirements whose closure by that method is planned by their own
    means (a criterion listed by an activity, an evidence record of the method)."""
    several_methods: int = 0
    """Requirements verified by more than one method (each method closed by its own)."""
    by_level: Mapping[str, int] = field(default_factory=dict)
    """Count per level (every level)."""
    with_criterion: int = 0
    """Requirements with a criterion (automated verification)."""
    with_activity: int = 0
    """Requirements listed by at least one activity."""
    with_evidence: int = 0
    """Requirements with at least one evidence record."""
    verified: int = 0
    """Requirements with a planned closure (:func:`verified_ids`)."""
    unverified_ids: tuple[str, ...] = ()
    """Requirements without one, in file order."""

    @property
    def unverified(self) -> int:
        """Number of requirements without a planned closure."""
        return len(self.unverified_ids)

    @property
    def verified_fraction(self) -> float:
        """Verified share of all requirements (1.0 for an empty set)."""
        return self.verified / self.total if self.total else 1.0

    def as_dict(self) -> dict[str, object]:
        """JSON form of the summary."""
        return {
            "total": self.total,
            "leaves": self.leaves,
            "by_method": dict(self.by_method),
            "planned_by_method": dict(self.planned_by_method),
            "several_methods": self.several_methods,
            "by_level": dict(self.by_level),
            "with_criterion": self.with_criterion,
            "with_activity": self.with_activity,
            "with_evidence": self.with_evidence,
            "verified": self.verified,
            "unverified": self.unverified,
            "unverified_ids": list(self.unverified_ids),
        }


def coverage(requirements: RequirementSet,
             activities: Iterable[VerifiesRequirements] = (),
             evidence: Iterable[EvidencesRequirement] = ()) -> Coverage:
    """Counts by method and level, and how many requirements have a planned closure.

    Parameters
    ----------
    requirements : RequirementSet
        The requirements.
    activities : iterable
        Verification activities (anything with ``id`` and ``verifies``).
    evidence : iterable
        Evidence records (anything with ``requirement``).
    """
    activities = tuple(activities)
    evidence = tuple(evidence)
    listed = _listed(activities)
    evidenced = {record.requirement for record in evidence}
    verified = verified_ids(requirements, activities, evidence)
    by_method = {str(m): 0 for m in Method}
    planned_by_method = {str(m): 0 for m in Method}
    evidenced_methods = _evidenced(evidence)
    for requirement in requirements:
        for key in [str(m) for m in requirement.methods] or ["none"]:
            by_method[key] = by_method.get(key, 0) + 1
        for method, done in planned_methods(requirement, listed, evidenced_methods).items():
            planned_by_method[str(method)] += int(done)
    by_level = {str(level): len(requirements.at_level(level)) for level in Level}
    return Coverage(
        total=len(requirements),
        leaves=len(requirements.leaves()),
        by_method=by_method,
        planned_by_method=planned_by_method,
        several_methods=sum(1 for r in requirements if len(r.methods) > 1),
        by_level=by_level,
        with_criterion=len(requirements.with_criterion()),
        with_activity=sum(1 for r in requirements if r.id in listed),
        with_evidence=sum(1 for r in requirements if r.id in evidenced),
        verified=len(verified),
        unverified_ids=tuple(r.id for r in requirements if r.id not in verified),
    )


def affected_requirements(source: RequirementSet | Path | str,
                          keys: Collection[str]) -> list[str]:
    """Ids of the requirements whose criterion reads one of ``keys``, sorted.

    A criterion reads its quantity and, for a ``"= <key>"`` limit, that key. Parents
    verified through these requirements (roll-up) are not listed.

    Parameters
    ----------
    source : RequirementSet, Path or str
        The requirements, or a mission folder to load them from
        (:func:`~okaeri.requirements.load.load_requirements`; raises
        :class:`~okaeri.errors.ModelError` for invalid files).
    keys : collection of str
        Graph node keys (a parameter and everything downstream of it).
    """
    from okaeri.requirements.load import load_requirements

    requirements = source if isinstance(source, RequirementSet) else load_requirements(source)
    wanted = set(keys)
    return sorted(r.id for r in requirements if r.criterion is not None and (
        r.criterion.quantity in wanted or r.criterion.limit_key in wanted))
