"""Verification activities and the verification plan of a mission.

A mission's ``verification/*.yaml`` files hold two optional sections: ``activities``
(the analyses and budgets okaeri runs, each listing the requirements it verifies) and
``evidence`` (records of verification done elsewhere, :mod:`okaeri.verification.evidence`)::

    activities:
      - id: ANA-ENT-003
        title: Entry Monte Carlo
        analysis: entry.monte_carlo          # a registered analysis
        verifies: [CAP-010, CAP-060]
        settings:
          samples: 2000
          seed: 20261124
          dispersions: {flight_path_angle: "0.3 deg", entry_speed: "10 m/s"}
      - id: ANA-LNK-001
        title: X-band downlink budget
        analysis: link.downlink               # from the mission's analyses/ folder
        inputs:                               # graph keys ("= ...") or constants
          transmit_power: "= otv.communications.transmit_power"
          range: "406000 km"
        verifies: [OTV-040]
      - id: ANA-BUD-001
        title: Mass, delta-v and propellant budgets
        budgets: [mass, delta_v, propellant]  # budgets it closes requirements with
        verifies: [SYS-010]

An activity names an ``analysis`` (its settings are checked against the analysis's
settings model when the mission is loaded, its inputs against the analysis's ports) or
the ``budgets`` it verifies with. The outputs of an analysis become graph nodes
``<as>.<output>``, ``as`` defaulting to the analysis's name.

Files written for earlier versions of okaeri (``kind: entry_monte_carlo`` with its
settings beside it) still load, with a warning that says what to write instead.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from okaeri.errors import Finding, ModelError, did_you_mean
from okaeri.model.base import OkaeriModel
from okaeri.model.load import VERIFICATION_DIR, mission_root, reference_mission_path, yaml_files
from okaeri.model.yaml_source import SourceDocument
from okaeri.requirements.ids import GraphKey, RequirementId, Text, identifier_type
from okaeri.requirements.load import read_section_file
from okaeri.requirements.model import Method, Origin, Requirement, RequirementSet
from okaeri.verification.evidence import (
    EvidenceRecord,
    StaleReason,
    evidence_status,
    requirement_fingerprint,
)

if TYPE_CHECKING:
    from okaeri.model.mission import Mission

__all__ = [
    "Activity",
    "ActivityId",
    "PlanCheck",
    "VerificationFile",
    "VerificationPlan",
    "check_plan",
    "check_requirements_and_plan",
    "load_verification",
]

ACTIVITY_ID_PATTERN = r"^[A-Z]{2,4}(-[A-Z]{2,4})?-\d{3}$"

ActivityId = Annotated[
    str,
    *identifier_type(ACTIVITY_ID_PATTERN, "an activity id", "ANA-ENT-001",
                     "activity id: 2 to 4 capital letters, optionally '-' and 2 to 4 more, "
                     "then '-' and 3 digits (e.g. 'ANA-ENT-001', 'TST-001')"),
]
"""Identifier of a verification activity (``ANA-ENT-001``)."""

_LEGACY_KINDS = {
    "entry_nominal": ("analysis", "entry.nominal"),
    "entry_corridor": ("analysis", "entry.corridor"),
    "entry_monte_carlo": ("analysis", "entry.monte_carlo"),
    "trajectory": ("analysis", "trajectory"),
    "budgets": ("budgets", ["mass", "delta_v", "propellant"]),
}
"""Activity kinds of earlier okaeri versions, and what they are now."""
_LEGACY_SETTINGS = ("samples", "seed", "dispersions", "max_deceleration", "max_heat_flux",
                    "max_heat_load", "tolerance")


class Activity(OkaeriModel):
    """A verification activity okaeri runs: an analysis or the budgets, and the
    requirements it verifies."""

    id: ActivityId
    """Identifier (``ANA-ENT-001``)."""
    title: Text
    """Short name (``Nominal entry simulation``)."""
    description: str = ""
    """What the activity does and how."""
    analysis: GraphKey | Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = None
    """Registered name of the analysis it runs (``entry.monte_carlo``, ``link.downlink``)."""
    budgets: tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], ...] = ()
    """Budgets it verifies with (``mass``, ``delta_v``, ``propellant``, a declared id)."""
    as_: GraphKey | Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = Field(
        default=None, alias="as")
    """Key of the analysis's outputs (``<as>.<output>``); default: the analysis's name."""
    inputs: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], str] = Field(
        default_factory=dict)
    """Graph key (``"= otv.x.y"``) or constant (``"406000 km"``) for each input port of an
    analysis okaeri does not wire itself."""
    settings: dict[str, Any] = Field(default_factory=dict)
    """Settings of the analysis, checked against its settings model."""
    verifies: tuple[RequirementId, ...] = ()
    """Requirements this activity verifies (their criteria use its quantities)."""

    @model_validator(mode="after")
    def _analysis_or_budgets(self) -> Activity:
        if (self.analysis is None) == (not self.budgets):
            raise PydanticCustomError(
                "okaeri.missing_key" if self.analysis is None else "okaeri.invalid_value",
                "an activity names either an 'analysis' or the 'budgets' it verifies with, "
                "got {found}", {"found": "neither" if self.analysis is None else "both"})
        return self

    @property
    def method(self) -> Method:
        """Every activity okaeri runs is an analysis."""
        return Method.ANALYSIS

    @property
    def key(self) -> str | None:
        """The key of the analysis's outputs, or ``None`` for a budgets activity."""
        return self.as_ or self.analysis


class VerificationFile(OkaeriModel):
    """One YAML file of a mission's ``verification/`` folder; both sections optional."""

    activities: tuple[Activity, ...] = ()
    """Verification activities (analyses okaeri runs)."""
    evidence: tuple[EvidenceRecord, ...] = ()
    """Evidence records (verification done elsewhere)."""


class VerificationPlan:
    """Every activity and evidence record of a mission, with where each was read.

    Iteration order is the order of the files. Duplicated activity ids are kept for
    :func:`check_plan` to report; :meth:`activity` returns the first.
    """

    def __init__(self, activities: Collection[tuple[Activity, Origin]] = (),
                 evidence: Collection[tuple[EvidenceRecord, Origin]] = (),
                 warnings: Collection[Finding] = ()) -> None:
        self.activity_entries: tuple[tuple[Activity, Origin], ...] = tuple(activities)
        self.evidence_entries: tuple[tuple[EvidenceRecord, Origin], ...] = tuple(evidence)
        self.warnings: tuple[Finding, ...] = tuple(warnings)
        """Warnings found while reading (older forms of activities)."""

    @classmethod
    def of(cls, activities: Collection[Activity] = (),
           evidence: Collection[EvidenceRecord] = ()) -> VerificationPlan:
        """A plan built in code (items located by their id)."""
        return cls([(a, Origin(None, (), a.id)) for a in activities],
                   [(e, Origin(None, (), f"evidence for {e.requirement}")) for e in evidence])

    def __repr__(self) -> str:
        return (f"VerificationPlan({len(self.activities)} activities, "
                f"{len(self.evidence)} evidence records)")

    @property
    def activities(self) -> tuple[Activity, ...]:
        """Every activity, in file order."""
        return tuple(a for a, _ in self.activity_entries)

    @property
    def evidence(self) -> tuple[EvidenceRecord, ...]:
        """Every evidence record, in file order."""
        return tuple(e for e, _ in self.evidence_entries)

    def __iter__(self) -> Iterator[Activity]:
        return iter(self.activities)

    def activity(self, activity_id: str) -> Activity:
        """The activity called ``activity_id``; :class:`KeyError` if there is none."""
        for activity, _ in self.activity_entries:
            if activity.id == activity_id:
                return activity
        raise KeyError(activity_id)

    def using(self, analysis: str) -> tuple[Activity, ...]:
        """The activities that run the analysis registered as ``analysis``."""
        return tuple(a for a in self.activities if a.analysis == analysis)

    def activities_for(self, requirement_id: str) -> tuple[Activity, ...]:
        """The activities that list ``requirement_id`` in ``verifies``."""
        return tuple(a for a, _ in self.entries_for(requirement_id))

    def entries_for(self, requirement_id: str) -> tuple[tuple[Activity, Origin], ...]:
        """The activities (with their origin) that list ``requirement_id``, in file order
        (an index built once: a plan verifying 10,000 requirements is asked per id)."""
        return self._by_requirement[0].get(requirement_id, ())

    def evidence_for(self, requirement_id: str) -> tuple[EvidenceRecord, ...]:
        """The evidence records of ``requirement_id``."""
        return self._by_requirement[1].get(requirement_id, ())

    @cached_property
    def _by_requirement(self) -> tuple[dict[str, tuple[tuple[Activity, Origin], ...]],
                                       dict[str, tuple[EvidenceRecord, ...]]]:
        listing: dict[str, list[tuple[Activity, Origin]]] = {}
        for activity, origin in self.activity_entries:
            for requirement_id in dict.fromkeys(activity.verifies):
                listing.setdefault(requirement_id, []).append((activity, origin))
        records: dict[str, list[EvidenceRecord]] = {}
        for record in self.evidence:
            records.setdefault(record.requirement, []).append(record)
        return ({k: tuple(v) for k, v in listing.items()},
                {k: tuple(v) for k, v in records.items()})


def _upgrade(document: SourceDocument) -> list[Finding]:
    """Rewrite activities of earlier okaeri versions (``kind: ...``) in place, with a
    warning each that says what to write instead."""
    findings = []
    activities = document.data.get("activities") if isinstance(document.data, dict) else None
    for index, item in enumerate(activities if isinstance(activities, list) else []):
        if not isinstance(item, dict) or item.get("kind") not in _LEGACY_KINDS:
            continue
        kind = item.pop("kind")
        field, value = _LEGACY_KINDS[kind]
        item[field] = value
        moved = [name for name in _LEGACY_SETTINGS if name in item]
        if moved:
            item["settings"] = {name: item.pop(name) for name in moved}
        written = f"'{field}: {value}'" if isinstance(value, str) else (
            f"'{field}: [{', '.join(value)}]'")
        findings.append(Finding(
            document.location(("activities", index, "kind")), "okaeri.deprecated",
            f"'kind: {kind}' is an earlier form of {written}",
            f"write {written}" + (f" and put {', '.join(moved)} under 'settings:'"
                                  if moved else ""), severity="warning"))
    return findings


def load_verification(folder: Path | str | None = None) -> VerificationPlan:
    """Load the verification plan of the mission in ``folder`` (default: the reference).

    Reads every ``verification/*.yaml`` file in name order; a missing or empty folder
    gives an empty plan.

    Raises
    ------
    ModelError
        With every finding of every file, when a file is unreadable or invalid.
    """
    from okaeri.model.yaml_source import read_yaml

    root = mission_root(folder)
    findings: list[Finding] = []
    warnings: list[Finding] = []
    activities: list[tuple[Activity, Origin]] = []
    evidence: list[tuple[EvidenceRecord, Origin]] = []
    for path in yaml_files(root / VERIFICATION_DIR):
        display = f"{VERIFICATION_DIR}/{path.name}"
        document, read_findings = read_yaml(path, display)
        if document is not None and not read_findings:
            warnings += _upgrade(document)
        document, model, file_findings = read_section_file(
            path, display, VerificationFile, "'activities' and 'evidence'",
            document=document, read_findings=read_findings)
        findings += file_findings
        if document is None or not isinstance(model, VerificationFile):
            continue
        activities += [(a, Origin(document, ("activities", i), a.id))
                       for i, a in enumerate(model.activities)]
        evidence += [(e, Origin(document, ("evidence", i), f"evidence for {e.requirement}"))
                     for i, e in enumerate(model.evidence)]
    if findings:
        raise ModelError(findings)
    return VerificationPlan(activities, evidence, warnings)


def check_plan(plan: VerificationPlan, requirements: RequirementSet,
               mission_folder: Path | str | None = None) -> list[Finding]:
    """Every finding about a verification plan against the requirements.

    ============================  ========  ==========================================
    code                          severity  when
    ============================  ========  ==========================================
    ``okaeri.duplicate_id``       error     two activities have the same id
    ``okaeri.dangling_ref``       error     ``verifies`` or ``requirement`` names no
                                            requirement
    ``okaeri.method_mismatch``    warning   evidence by another method than the
                                            requirement's
    ``okaeri.missing_key``        error     evidence without ``sha256`` or
                                            ``requirement_sha256`` (the hint gives it)
    ``okaeri.stale_evidence``     warning   artefact missing or changed, or requirement
                                            changed since the evidence
    ============================  ========  ==========================================

    Whether an activity's analysis exists, its settings and inputs fit, and its outputs
    are what its requirements read is checked with the graph
    (:mod:`okaeri.verification.uses`).

    Parameters
    ----------
    plan : VerificationPlan
        Activities and evidence records.
    requirements : RequirementSet
        The requirements they refer to.
    mission_folder : Path or str, optional
        The folder evidence artefacts are relative to; ``None`` skips the evidence
        status (digests and staleness).
    """
    findings = list(plan.warnings) + _check_activities(plan, requirements)
    for record, origin in plan.evidence_entries:
        requirement = requirements.get(record.requirement)
        if requirement is None:
            hint = did_you_mean(record.requirement, requirements.ids)
            findings.append(Finding(origin.location("requirement"), "okaeri.dangling_ref",
                                    f"unknown requirement '{record.requirement}'",
                                    hint or "no requirement has this id"))
            continue
        if requirement.methods and record.method not in requirement.methods:
            methods = ", ".join(str(m) for m in requirement.methods)
            findings.append(Finding(
                origin.location("method"), "okaeri.method_mismatch",
                f"evidence by {record.method} for {requirement.id}, which is verified by "
                f"{methods}", f"change the methods of {requirement.id} or the method of "
                "this record", severity="warning"))
        if mission_folder is not None:
            findings += _evidence_findings(record, origin, requirement, Path(mission_folder))
    return findings


def _check_activities(plan: VerificationPlan, requirements: RequirementSet) -> list[Finding]:
    findings = []
    first: dict[str, Origin] = {}
    keys: dict[str, tuple[str, Origin]] = {}
    for activity, origin in plan.activity_entries:
        if activity.id in first:
            findings.append(Finding(origin.location("id"), "okaeri.duplicate_id",
                                    f"activity id '{activity.id}' is already used at "
                                    f"{first[activity.id].where()}",
                                    "give each activity its own id"))
        else:
            first[activity.id] = origin
        key = activity.key
        if key is not None and key in keys:
            other, other_origin = keys[key]
            findings.append(Finding(
                origin.location("analysis"), "okaeri.duplicate_kind",
                f"a second activity running '{activity.analysis}' with outputs '{key}.*' "
                f"(the first is {other} at {other_origin.where()})",
                f"keep one activity for '{key}' and list all its requirements there, or give "
                "this one its own key with 'as: <key>'"))
        elif key is not None:
            keys[key] = (activity.id, origin)
        for index, requirement_id in enumerate(activity.verifies):
            if requirement_id not in requirements:
                hint = did_you_mean(requirement_id, requirements.ids)
                findings.append(Finding(origin.location("verifies", index),
                                        "okaeri.dangling_ref",
                                        f"unknown requirement '{requirement_id}'",
                                        hint or "no requirement has this id"))
    return findings


def _evidence_findings(record: EvidenceRecord, origin: Origin, requirement: Requirement,
                       mission_folder: Path) -> list[Finding]:
    status = evidence_status(record, mission_folder, requirement)
    findings = []
    for staleness in status.reasons:
        if staleness.reason is StaleReason.NO_ARTEFACT_DIGEST:
            findings.append(Finding(
                origin.location(), "okaeri.missing_key",
                f"evidence for {requirement.id} has no sha256 of its artefact",
                f'add: sha256: "{status.artefact_sha256}"'))
        elif staleness.reason is StaleReason.NO_REQUIREMENT_DIGEST:
            findings.append(Finding(
                origin.location(), "okaeri.missing_key",
                f"evidence for {requirement.id} has no requirement_sha256",
                f'add: requirement_sha256: "{requirement_fingerprint(requirement)}" '
                f"(the fingerprint of {requirement.id} as it is now)"))
        else:
            hint = {
                StaleReason.ARTEFACT_MISSING: "restore the artefact or correct the path",
                StaleReason.ARTEFACT_CHANGED: "review the changed artefact; if it still "
                f'closes {requirement.id}, record sha256: "{status.artefact_sha256}"',
                StaleReason.REQUIREMENT_CHANGED: f"re-verify {requirement.id} as it is now; "
                f'then record requirement_sha256: "{status.requirement_sha256}"',
            }.get(staleness.reason, "")
            findings.append(Finding(
                origin.location(staleness.key), "okaeri.stale_evidence",
                f"stale evidence for {requirement.id}: {staleness.message}", hint,
                severity="warning"))
    return findings


@dataclass(frozen=True)
class PlanCheck:
    """Requirements and verification plan of a mission folder, and every finding."""

    requirements: RequirementSet | None
    """The requirements (``None`` if a requirements file is invalid)."""
    plan: VerificationPlan | None
    """The verification plan (``None`` if a verification file is invalid)."""
    findings: tuple[Finding, ...]
    """File findings, trace findings and plan findings, sorted."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return tuple(f for f in self.findings if f.severity == "error")


def check_requirements_and_plan(folder: Path | str | None = None, *,
                                mission: Mission | None = None) -> PlanCheck:
    """Load and check a mission's requirements and verification plan; never raises
    :class:`ModelError`.

    Reads ``requirements/`` and ``verification/``, then runs
    :func:`~okaeri.requirements.trace.check_trace` (with the mission's element and phase
    ids when ``mission`` is given) and :func:`check_plan` (with the evidence status).
    """
    from okaeri.requirements.load import load_requirements
    from okaeri.requirements.trace import check_trace, element_ids

    root = Path(folder) if folder is not None else reference_mission_path()
    findings: list[Finding] = []
    requirements: RequirementSet | None = None
    plan: VerificationPlan | None = None
    try:
        requirements = load_requirements(root)
    except ModelError as exc:
        findings += exc.findings
    try:
        plan = load_verification(root)
    except ModelError as exc:
        findings += exc.findings
    if requirements is not None:
        findings += check_trace(
            requirements,
            activities=plan.activities if plan is not None else None,
            evidence=plan.evidence if plan is not None else (),
            elements=element_ids(mission) if mission is not None else None,
            phases={p.id for p in mission.phases} if mission is not None else None)
        if plan is not None:
            findings += check_plan(plan, requirements, root)
    return PlanCheck(requirements, plan, tuple(sorted(findings)))

