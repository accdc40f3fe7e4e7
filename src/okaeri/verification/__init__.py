"""Verification: activities okaeri runs, evidence records, and the plan they make.

- :mod:`okaeri.verification.activities`: activity kinds (entry nominal, corridor, Monte
  Carlo, trajectory, budgets), :class:`VerificationPlan`, :func:`load_verification`,
  :func:`check_plan` and :func:`check_requirements_and_plan`.
- :mod:`okaeri.verification.evidence`: :class:`EvidenceRecord`,
  :func:`requirement_fingerprint` and :func:`evidence_status` (current or stale).
"""

from okaeri.verification.activities import (
    QUANTITY_PREFIXES,
    ActivityKind,
    AnyActivity,
    BudgetsActivity,
    Dispersions,
    EntryCorridorActivity,
    EntryMonteCarloActivity,
    EntryNominalActivity,
    PlanCheck,
    TrajectoryActivity,
    VerificationFile,
    VerificationPlan,
    check_plan,
    check_requirements_and_plan,
    load_verification,
    producing_kind,
)
from okaeri.verification.evidence import (
    EVIDENCE_DIR,
    EvidenceRecord,
    EvidenceStatus,
    Staleness,
    StaleReason,
    artefact_digest,
    evidence_status,
    requirement_fingerprint,
    short_digest,
)

__all__ = [
    "EVIDENCE_DIR",
    "QUANTITY_PREFIXES",
    "ActivityKind",
    "AnyActivity",
    "BudgetsActivity",
    "Dispersions",
    "EntryCorridorActivity",
    "EntryMonteCarloActivity",
    "EntryNominalActivity",
    "EvidenceRecord",
    "EvidenceStatus",
    "PlanCheck",
    "StaleReason",
    "Staleness",
    "TrajectoryActivity",
    "VerificationFile",
    "VerificationPlan",
    "artefact_digest",
    "check_plan",
    "check_requirements_and_plan",
    "evidence_status",
    "load_verification",
    "producing_kind",
    "requirement_fingerprint",
    "short_digest",
]
