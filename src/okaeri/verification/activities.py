"""Verification activities and the verification plan of a mission.

A mission's ``verification/*.yaml`` files hold two optional sections: ``activities``
(the analyses okaeri runs, each listing the requirements it verifies) and ``evidence``
(records of verification done elsewhere, :mod:`okaeri.verification.evidence`)::

    activities:
      - id: ANA-ENT-003
        kind: entry_monte_carlo
        title: Entry Monte Carlo
        verifies: [CAP-010, CAP-060]
        samples: 2000
        seed: 20261124
        dispersions: {flight_path_angle: "0.3 deg", entry_speed: "10 m/s", mass: "2 %",
                      drag_coefficient: "5 %", density: "15 %"}

An activity's ``kind`` selects the analysis and the graph quantities it produces
(:data:`QUANTITY_PREFIXES`): ``entry_nominal`` (``entry.nominal.*``),
``entry_corridor`` (``entry.corridor.*``), ``entry_monte_carlo``
(``entry.monte_carlo.*``), ``trajectory`` (``trajectory.*``) and ``budgets``
(``budget.*``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from okaeri import units
from okaeri.errors import Finding, ModelError
from okaeri.model.base import OkaeriModel
from okaeri.model.load import VERIFICATION_DIR, mission_root, reference_mission_path, yaml_files
from okaeri.requirements.load import read_section_file
from okaeri.requirements.model import (
    Method,
    Origin,
    Requirement,
    RequirementId,
    RequirementSet,
    Text,
    bounded,
    identifier_type,
)
from okaeri.requirements.trace import did_you_mean
from okaeri.units import Acceleration, Angle, AnyQuantity, Fraction, HeatFlux, HeatLoad, Speed
from okaeri.verification.evidence import (
    EvidenceRecord,
    StaleReason,
    evidence_status,
    requirement_fingerprint,
)

if TYPE_CHECKING:
    from okaeri.model.mission import Mission

__all__ = [
    "QUANTITY_PREFIXES",
    "ActivityId",
    "ActivityKind",
    "AnyActivity",
    "BudgetsActivity",
    "Dispersions",
    "EntryCorridorActivity",
    "EntryMonteCarloActivity",
    "EntryNominalActivity",
    "PlanCheck",
    "TrajectoryActivity",
    "VerificationFile",
    "VerificationPlan",
    "check_plan",
    "check_requirements_and_plan",
    "load_verification",
    "producing_kind",
]

ACTIVITY_ID_PATTERN = r"^[A-Z]{2,4}(-[A-Z]{2,4})?-\d{3}$"

ActivityId = Annotated[
    str,
    *identifier_type(ACTIVITY_ID_PATTERN, "an activity id", "ANA-ENT-001",
                 "activity id: 2 to 4 capital letters, optionally '-' and 2 to 4 more, then "
                 "'-' and 3 digits (e.g. 'ANA-ENT-001', 'TST-001')"),
]
"""Identifier of a verification activity (``ANA-ENT-001``)."""


class ActivityKind(StrEnum):
    """The analysis an activity runs."""

    ENTRY_NOMINAL = "entry_nominal"
    ENTRY_CORRIDOR = "entry_corridor"
    ENTRY_MONTE_CARLO = "entry_monte_carlo"
    TRAJECTORY = "trajectory"
    BUDGETS = "budgets"


QUANTITY_PREFIXES: dict[ActivityKind, str] = {
    ActivityKind.ENTRY_NOMINAL: "entry.nominal.",
    ActivityKind.ENTRY_CORRIDOR: "entry.corridor.",
    ActivityKind.ENTRY_MONTE_CARLO: "entry.monte_carlo.",
    ActivityKind.TRAJECTORY: "trajectory.",
    ActivityKind.BUDGETS: "budget.",
}
"""Prefix of the graph keys each kind of activity produces."""

_SINGLE_KINDS = frozenset({ActivityKind.ENTRY_CORRIDOR, ActivityKind.ENTRY_MONTE_CARLO})
"""Kinds whose settings define their graph quantities: at most one activity each."""


def producing_kind(quantity: str) -> ActivityKind | None:
    """The kind of activity that computes a graph quantity; ``None`` for a model
    parameter (``capsule.sample_canister.sample_mass``) or another node."""
    for kind, prefix in QUANTITY_PREFIXES.items():
        if quantity.startswith(prefix):
            return kind
    return None


class _ActivityBase(OkaeriModel):
    id: ActivityId
    """Identifier (``ANA-ENT-001``)."""
    title: Text
    """Short name (``Nominal entry simulation``)."""
    description: str = ""
    """What the activity does and how."""
    verifies: tuple[RequirementId, ...] = ()
    """Requirements this activity verifies (their criteria use its quantities)."""

    @property
    def method(self) -> Method:
        """Every activity okaeri runs is an analysis."""
        return Method.ANALYSIS


class EntryNominalActivity(_ActivityBase):
    """Simulation of the nominal entry trajectory (``entry.nominal.*``)."""

    kind: Literal["entry_nominal"]
    """Selects this activity kind."""


class EntryCorridorActivity(_ActivityBase):
    """Entry corridor: the shallowest and steepest acceptable entry flight path angles
    (``entry.corridor.*``). The limits default to the capsule's qualification limits."""

    kind: Literal["entry_corridor"]
    """Selects this activity kind."""
    max_deceleration: Acceleration | None = None
    """Steep-side limit on peak deceleration; none: the sample canister's qualification."""
    max_heat_flux: HeatFlux | None = None
    """Steep-side limit on peak heat flux; none: the heat shield's qualification."""
    max_heat_load: HeatLoad | None = None
    """Shallow-side limit on the heat load; none: the heat shield's qualification."""
    tolerance: Angle | None = None
    """Accuracy of the corridor bounds; none: the analysis default."""


def _non_negative(value: AnyQuantity | None) -> AnyQuantity | None:
    if value is not None and float(value.magnitude) < 0.0:
        raise PydanticCustomError("okaeri.invalid_value",
                                  "expected a dispersion of zero or more, got '{found}'",
                                  {"found": units.format_quantity(value)})
    return value


class Dispersions(OkaeriModel):
    """3-sigma dispersions of the entry conditions, each a normal distribution centred
    on the nominal value; a dispersion left out is not dispersed."""

    flight_path_angle: Angle | None = None
    """Entry flight path angle, 3 sigma (``"0.3 deg"``)."""
    entry_speed: Speed | None = None
    """Entry speed, 3 sigma (``"10 m/s"``)."""
    mass: Fraction | None = None
    """Capsule mass, relative, 3 sigma (``"2 %"``)."""
    drag_coefficient: Fraction | None = None
    """Hypersonic drag coefficient, relative, 3 sigma (``"5 %"``)."""
    density: Fraction | None = None
    """Atmospheric density, relative, 3 sigma (``"15 %"``)."""

    @field_validator("*")
    @classmethod
    def _not_negative(cls, value: AnyQuantity | None) -> AnyQuantity | None:
        return _non_negative(value)


class EntryMonteCarloActivity(_ActivityBase):
    """Monte Carlo over dispersed entry conditions (``entry.monte_carlo.*``: one value
    per sample; criteria reduce them with a statistic)."""

    kind: Literal["entry_monte_carlo"]
    """Selects this activity kind."""
    samples: Annotated[int, *bounded("1 sample or more", 1)]
    """Number of samples (``2000``)."""
    seed: Annotated[int, *bounded("a seed of 0 or more", 0)]
    """Seed of the random generator: the same seed gives the same samples."""
    dispersions: Dispersions
    """3-sigma dispersions of the entry conditions."""


class TrajectoryActivity(_ActivityBase):
    """Patched-conic trajectory design (``trajectory.*``: computed manoeuvres, entry
    conditions)."""

    kind: Literal["trajectory"]
    """Selects this activity kind."""


class BudgetsActivity(_ActivityBase):
    """Mass, delta-v and propellant budgets with their margins (``budget.*``)."""

    kind: Literal["budgets"]
    """Selects this activity kind."""


AnyActivity = Annotated[
    EntryNominalActivity | EntryCorridorActivity | EntryMonteCarloActivity
    | TrajectoryActivity | BudgetsActivity,
    Field(discriminator="kind"),
]
"""A verification activity of any kind, selected by its ``kind`` key."""


class VerificationFile(OkaeriModel):
    """One YAML file of a mission's ``verification/`` folder; both sections optional."""

    activities: tuple[AnyActivity, ...] = ()
    """Verification activities (analyses okaeri runs)."""
    evidence: tuple[EvidenceRecord, ...] = ()
    """Evidence records (verification done elsewhere)."""


class VerificationPlan:
    """Every activity and evidence record of a mission, with where each was read.

    Iteration order is the order of the files. Duplicated activity ids are kept for
    :func:`check_plan` to report; :meth:`activity` returns the first.
    """

    def __init__(self, activities: Collection[tuple[AnyActivity, Origin]] = (),
                 evidence: Collection[tuple[EvidenceRecord, Origin]] = ()) -> None:
        self.activity_entries: tuple[tuple[AnyActivity, Origin], ...] = tuple(activities)
        self.evidence_entries: tuple[tuple[EvidenceRecord, Origin], ...] = tuple(evidence)

    @classmethod
    def of(cls, activities: Collection[AnyActivity] = (),
           evidence: Collection[EvidenceRecord] = ()) -> VerificationPlan:
        """A plan built in code (items located by their id)."""
        return cls([(a, Origin(None, (), a.id)) for a in activities],
                   [(e, Origin(None, (), f"evidence for {e.requirement}")) for e in evidence])

    def __repr__(self) -> str:
        return (f"VerificationPlan({len(self.activities)} activities, "
                f"{len(self.evidence)} evidence records)")

    @property
    def activities(self) -> tuple[AnyActivity, ...]:
        """Every activity, in file order."""
        return tuple(a for a, _ in self.activity_entries)

    @property
    def evidence(self) -> tuple[EvidenceRecord, ...]:
        """Every evidence record, in file order."""
        return tuple(e for e, _ in self.evidence_entries)

    def __iter__(self) -> Iterator[AnyActivity]:
        return iter(self.activities)

    def activity(self, activity_id: str) -> AnyActivity:
        """The activity called ``activity_id``; :class:`KeyError` if there is none."""
        for activity, _ in self.activity_entries:
            if activity.id == activity_id:
                return activity
        raise KeyError(activity_id)

    def of_kind(self, kind: ActivityKind | str) -> tuple[AnyActivity, ...]:
        """The activities of one kind."""
        return tuple(a for a in self.activities if a.kind == ActivityKind(kind))

    def activities_for(self, requirement_id: str) -> tuple[AnyActivity, ...]:
        """The activities that list ``requirement_id`` in ``verifies``."""
        return tuple(a for a in self.activities if requirement_id in a.verifies)

    def evidence_for(self, requirement_id: str) -> tuple[EvidenceRecord, ...]:
        """The evidence records of ``requirement_id``."""
        return tuple(e for e in self.evidence if e.requirement == requirement_id)


def load_verification(folder: Path | str | None = None) -> VerificationPlan:
    """Load the verification plan of the mission in ``folder`` (default: the reference).

    Reads every ``verification/*.yaml`` file in name order; a missing or empty folder
    gives an empty plan.

    Parameters
    ----------
    folder : Path or str, optional
        The mission folder (holding ``verification/``).

    Raises
    ------
    ModelError
        With every finding of every file, when a file is unreadable or invalid.
    """
    root = mission_root(folder)
    findings: list[Finding] = []
    activities: list[tuple[AnyActivity, Origin]] = []
    evidence: list[tuple[EvidenceRecord, Origin]] = []
    for path in yaml_files(root / VERIFICATION_DIR):
        document, model, file_findings = read_section_file(
            path, f"{VERIFICATION_DIR}/{path.name}", VerificationFile,
            "'activities' and 'evidence'")
        findings += file_findings
        if document is None or not isinstance(model, VerificationFile):
            continue
        activities += [(a, Origin(document, ("activities", i), a.id))
                       for i, a in enumerate(model.activities)]
        evidence += [(e, Origin(document, ("evidence", i), f"evidence for {e.requirement}"))
                     for i, e in enumerate(model.evidence)]
    if findings:
        raise ModelError(findings)
    return VerificationPlan(activities, evidence)


def check_plan(plan: VerificationPlan, requirements: RequirementSet,
               mission_folder: Path | str | None = None) -> list[Finding]:
    """Every finding about a verification plan against the requirements.

    ============================  ========  ==========================================
    code                          severity  when
    ============================  ========  ==========================================
    ``okaeri.duplicate_id``       error     two activities have the same id
    ``okaeri.dangling_ref``       error     ``verifies`` or ``requirement`` names no
                                            requirement
    ``okaeri.duplicate_kind``     error     two ``entry_monte_carlo`` or
                                            ``entry_corridor`` activities
    ``okaeri.activity_mismatch``  warning   a criterion's quantity comes from a kind of
                                            activity that does not list the requirement
    ``okaeri.method_mismatch``    warning   evidence by another method than the
                                            requirement's
    ``okaeri.missing_key``        error     evidence without ``sha256`` or
                                            ``requirement_sha256`` (the hint gives it)
    ``okaeri.stale_evidence``     warning   artefact missing or changed, or requirement
                                            changed since the evidence
    ============================  ========  ==========================================

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
    findings = _check_activities(plan, requirements)
    for record, origin in plan.evidence_entries:
        requirement = requirements.get(record.requirement)
        if requirement is None:
            hint = did_you_mean(record.requirement, requirements.ids)
            findings.append(Finding(origin.location("requirement"), "okaeri.dangling_ref",
                                    f"unknown requirement '{record.requirement}'",
                                    hint or "no requirement has this id"))
            continue
        if requirement.method is not None and record.method != requirement.method:
            findings.append(Finding(
                origin.location("method"), "okaeri.method_mismatch",
                f"evidence by {record.method} for {requirement.id}, which is verified by "
                f"{requirement.method}", f"change the method of {requirement.id} or of this "
                "record", severity="warning"))
        if mission_folder is not None:
            findings += _evidence_findings(record, origin, requirement, Path(mission_folder))
    return findings


def _check_activities(plan: VerificationPlan, requirements: RequirementSet) -> list[Finding]:
    findings = []
    first: dict[str, Origin] = {}
    kinds: dict[str, tuple[str, Origin]] = {}
    for activity, origin in plan.activity_entries:
        if activity.id in first:
            findings.append(Finding(origin.location("id"), "okaeri.duplicate_id",
                                    f"activity id '{activity.id}' is already used at "
                                    f"{first[activity.id].where()}",
                                    "give each activity its own id"))
        else:
            first[activity.id] = origin
        if activity.kind in _SINGLE_KINDS:
            if activity.kind in kinds:
                other, other_origin = kinds[activity.kind]
                findings.append(Finding(
                    origin.location("kind"), "okaeri.duplicate_kind",
                    f"a second {activity.kind} activity (the first is {other} at "
                    f"{other_origin.where()})",
                    f"its settings define the graph quantities "
                    f"'{QUANTITY_PREFIXES[ActivityKind(activity.kind)]}*': keep one "
                    f"{activity.kind} activity and list all its requirements there"))
            else:
                kinds[activity.kind] = (activity.id, origin)
        for index, requirement_id in enumerate(activity.verifies):
            if requirement_id not in requirements:
                hint = did_you_mean(requirement_id, requirements.ids)
                findings.append(Finding(origin.location("verifies", index),
                                        "okaeri.dangling_ref",
                                        f"unknown requirement '{requirement_id}'",
                                        hint or "no requirement has this id"))
    findings += _kind_mismatches(plan, requirements)
    return findings


def _kind_mismatches(plan: VerificationPlan, requirements: RequirementSet) -> list[Finding]:
    findings = []
    for requirement in requirements:
        criterion = requirement.criterion
        listing = [(a, o) for a, o in plan.activity_entries if requirement.id in a.verifies]
        if criterion is None or not listing:
            continue
        kind = producing_kind(criterion.quantity)
        if kind is None or any(a.kind == kind for a, _ in listing):
            continue
        activity, origin = listing[0]
        names = ", ".join(f"{a.id} ({a.kind})" for a, _ in listing)
        findings.append(Finding(
            origin.location("verifies", activity.verifies.index(requirement.id)),
            "okaeri.activity_mismatch",
            f"{requirement.id}'s criterion uses '{criterion.quantity}', which an {kind} "
            f"activity computes, but it is verified by {names}",
            f"list {requirement.id} in the 'verifies' of an {kind} activity",
            severity="warning"))
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
            }[staleness.reason]
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

    Parameters
    ----------
    folder : Path or str, optional
        The mission folder (default: the reference mission).
    mission : Mission, optional
        The loaded model, for the allocation and phase checks.
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
