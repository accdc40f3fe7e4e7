"""Verification: activities, evidence, the project they make, and the runner.

- :mod:`okaeri.verification.activities`: :class:`Activity`, :class:`VerificationPlan`,
  :func:`load_verification`, :func:`check_plan`, :func:`check_requirements_and_plan`.
- :mod:`okaeri.verification.evidence`: :class:`EvidenceRecord`,
  :func:`requirement_fingerprint` and :func:`evidence_status` (current or stale).
- :mod:`okaeri.verification.project`: :func:`load_project` (model, requirements,
  verification, analyses, graph: every finding at once) and :class:`Project`.
- :mod:`okaeri.verification.runner`: :func:`run_verification` and its
  :class:`VerificationRun`.
"""

from okaeri.verification.activities import (
    Activity,
    PlanCheck,
    VerificationFile,
    VerificationPlan,
    check_plan,
    check_requirements_and_plan,
    load_verification,
)
from okaeri.verification.cache import AnalysisCache, default_cache_dir
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
from okaeri.verification.project import Project, load_project
from okaeri.verification.results import (
    RequirementResult,
    RootCause,
    Verdict,
    VerificationRun,
)
from okaeri.verification.runner import run_verification

__all__ = [
    "EVIDENCE_DIR",
    "Activity",
    "AnalysisCache",
    "EvidenceRecord",
    "EvidenceStatus",
    "PlanCheck",
    "Project",
    "RequirementResult",
    "RootCause",
    "StaleReason",
    "Staleness",
    "Verdict",
    "VerificationFile",
    "VerificationPlan",
    "VerificationRun",
    "artefact_digest",
    "check_plan",
    "check_requirements_and_plan",
    "default_cache_dir",
    "evidence_status",
    "load_project",
    "load_verification",
    "requirement_fingerprint",
    "run_verification",
    "short_digest",
]
