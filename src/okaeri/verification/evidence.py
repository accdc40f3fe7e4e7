"""Evidence records: test reports and other artefacts that close a requirement, and
whether each is still current.

A record names its requirement, the method, who produced it and when, and an artefact
file (path relative to the mission folder) with the sha256 of its bytes. It also keeps
the :func:`requirement_fingerprint` of the requirement as it was when the evidence was
recorded::

    evidence:
      - requirement: CAP-070
        method: test
        title: Heat-shield arc-jet qualification test report
        by: Arc-jet test team
        date: 2026-06-30
        artefact: evidence/arcjet-qualification-report.md
        sha256: "<sha256 of the artefact>"
        requirement_sha256: "<requirement_fingerprint(CAP-070)>"

A record is **stale** when the artefact is missing, its bytes changed (sha256 differs),
or the requirement changed since (its fingerprint differs). A stale record makes its
requirement inconclusive: the evidence no longer shows what the requirement asks now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from okaeri import units
from okaeri.model.base import OkaeriModel
from okaeri.model.load import EVIDENCE_DIR as _EVIDENCE_DIR
from okaeri.requirements.criteria import NodeRef
from okaeri.requirements.ids import GraphKey, RequirementId, Text
from okaeri.requirements.model import Method, Requirement
from okaeri.units import Measurement

__all__ = [
    "EVIDENCE_DIR",
    "EvidenceRecord",
    "EvidenceStatus",
    "StaleReason",
    "Staleness",
    "artefact_digest",
    "evidence_status",
    "requirement_fingerprint",
    "short_digest",
]

EVIDENCE_DIR = _EVIDENCE_DIR
"""Conventional folder of a mission for evidence artefacts (paths are relative to the
mission folder, so artefacts may live elsewhere inside it)."""

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _check_digest(value: str) -> str:
    digest = value.strip().lower()
    if _HEX64.match(digest) is None:
        shown = value if len(value) <= 70 else value[:67] + "..."
        raise PydanticCustomError(
            "okaeri.invalid_value",
            "expected a sha256 digest (64 hexadecimal digits), got '{found}'",
            {"found": shown})
    return digest


Sha256 = Annotated[
    str,
    AfterValidator(_check_digest),
    WithJsonSchema({"type": "string", "pattern": "^[0-9a-fA-F]{64}$",
                    "description": "sha256 digest: 64 hexadecimal digits"}),
]
"""A sha256 hex digest (stored in lower case)."""


def _check_artefact(value: str) -> str:
    text = value.strip()
    posix = PurePosixPath(text)
    if (not text or "\\" in text or posix.is_absolute() or PureWindowsPath(text).drive
            or ".." in posix.parts):
        raise PydanticCustomError(
            "okaeri.invalid_value",
            "expected a path inside the mission folder, relative to it, with '/' "
            "(e.g. 'evidence/report.pdf'), got '{found}'", {"found": value})
    return posix.as_posix()


ArtefactPath = Annotated[
    str,
    AfterValidator(_check_artefact),
    WithJsonSchema({"type": "string", "description": "path of the artefact relative to "
                    "the mission folder, with '/' (e.g. 'evidence/report.pdf')",
                    "examples": ["evidence/arcjet-qualification-report.md"]}),
]
"""Path of an artefact relative to the mission folder (``evidence/report.pdf``)."""


class EvidenceRecord(OkaeriModel):
    """A record that a requirement was verified outside okaeri (a test, an inspection)."""

    requirement: RequirementId
    """The requirement this evidence closes (``CAP-070``)."""
    method: Method
    """How it was verified: ``test``, ``analysis``, ``inspection``, ``demonstration``
    or ``review_of_design``."""
    title: Text
    """What the artefact is (``Heat-shield arc-jet qualification test report``)."""
    by: Text
    """Who produced or approved it (team, organisation, person)."""
    date: dt.date
    """When it was produced or approved (``2026-06-30``)."""
    result: Literal["pass", "fail", "pending"]
    """What the artefact concludes: ``pass``, ``fail``, or ``pending`` (planned or under
    review: the requirement stays inconclusive)."""
    artefact: ArtefactPath
    """The artefact file, relative to the mission folder."""
    sha256: Sha256 | None = None
    """sha256 of the artefact's bytes when the evidence was recorded."""
    baseline: str = ""
    """Which version of the requirement the evidence answers (``CAP-070 as approved at
    SRR``)."""
    requirement_sha256: Sha256 | None = None
    """:func:`requirement_fingerprint` of the requirement when the evidence was recorded."""
    approved_by: str = ""
    """Who approved the result (a review board, quality assurance); a record with
    ``result: pass`` and no approval leaves its requirement inconclusive."""
    approved_on: dt.date | None = None
    """When the result was approved (``2026-07-15``)."""
    covers: dict[GraphKey, Measurement] = Field(default_factory=dict)
    """Model values the evidence covers, each up to the value given (the arc-jet test's
    heat flux and heat load): when the model's value exceeds it, the evidence no longer
    shows what the design needs and is stale."""
    notes: str = ""
    """Deviations, open points, conditions of validity."""

    @property
    def approved(self) -> bool:
        """Whether the record names who approved it and when."""
        return bool(self.approved_by.strip()) and self.approved_on is not None


def _canonical_quantity(value: Any) -> dict[str, Any]:
    if isinstance(value, NodeRef):
        return {"node": value.key}
    return {"si": units.si(value), "kind": units.unit_kind(value.units)}


def _canonical(requirement: Requirement) -> dict[str, Any]:
    criterion = requirement.criterion
    data: dict[str, Any] = {"text": " ".join(requirement.text.split()), "criterion": None}
    if criterion is not None:
        statistic = criterion.statistic
        data["criterion"] = {
            "quantity": criterion.quantity,
            "statistic": None if statistic is None else (
                {"percentile": statistic.percentile} if statistic.kind is None
                else {"kind": str(statistic.kind)}),
            "comparator": str(criterion.comparator),
            "limit": _canonical_quantity(criterion.limit),
            "required_margin": criterion.required_margin_si,
        }
    return data


def requirement_fingerprint(requirement: Requirement) -> str:
    """sha256 of what a requirement asks: its text and its criterion.

    The canonical form is compact, key-sorted JSON (UTF-8) of
    ``{"text": ..., "criterion": ...}`` where the text has its runs of white space
    collapsed to one space (re-wrapping a YAML paragraph changes nothing) and the
    criterion's limit and margin are SI values with their unit kind (``"50 g0"`` and
    ``"490.3325 m/s^2"`` are the same limit). Title, rationale, parents and the like
    are not part of it: changing them does not make evidence stale.

    Parameters
    ----------
    requirement : Requirement
        The requirement.

    Returns
    -------
    str
        64 lower-case hexadecimal digits.
    """
    text = json.dumps(_canonical(requirement), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def artefact_digest(path: Path) -> str | None:
    """sha256 of a file's bytes, or ``None`` if it is not a readable file."""
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


def short_digest(digest: str | None) -> str:
    """The first 12 hexadecimal digits of a digest, for messages (``"none"`` for none)."""
    return digest[:12] if digest else "none"


class StaleReason(StrEnum):
    """Why an evidence record is not current."""

    ARTEFACT_MISSING = "artefact_missing"
    ARTEFACT_CHANGED = "artefact_changed"
    NO_ARTEFACT_DIGEST = "no_artefact_digest"
    REQUIREMENT_CHANGED = "requirement_changed"
    NO_REQUIREMENT_DIGEST = "no_requirement_digest"
    NOT_COVERED = "not_covered"


@dataclass(frozen=True)
class Staleness:
    """One reason a record is stale, in words, and the record key it concerns."""

    reason: StaleReason
    """The kind of reason."""
    message: str
    """What differs, with both digests shortened."""
    key: str
    """Key of the record it concerns (``sha256``, ``artefact``, ``requirement_sha256``)."""


@dataclass(frozen=True)
class EvidenceStatus:
    """Whether an evidence record still shows what its requirement asks."""

    requirement: str
    """Id of the requirement."""
    artefact: str
    """The artefact path, relative to the mission folder."""
    reasons: tuple[Staleness, ...]
    """Why the record is stale; empty when it is current."""
    artefact_sha256: str | None
    """sha256 of the artefact now (``None`` if it is missing)."""
    requirement_sha256: str
    """Fingerprint of the requirement now."""

    @property
    def current(self) -> bool:
        """The artefact and the requirement are as recorded."""
        return not self.reasons

    @property
    def stale(self) -> bool:
        """The record no longer shows what the requirement asks."""
        return bool(self.reasons)

    @property
    def state(self) -> str:
        """``"current"`` or ``"stale"``."""
        return "stale" if self.reasons else "current"

    def describe(self) -> str:
        """``"current"``, or ``"stale: <reason>; <reason>"``."""
        if not self.reasons:
            return "current"
        return "stale: " + "; ".join(r.message for r in self.reasons)


def evidence_status(record: EvidenceRecord, mission_folder: Path | str,
                    requirement: Requirement,
                    model_value: Callable[[str], float] | None = None) -> EvidenceStatus:
    """Compare an evidence record with its artefact and requirement as they are now.

    Parameters
    ----------
    record : EvidenceRecord
        The record.
    mission_folder : Path or str
        The folder the artefact path is relative to.
    requirement : Requirement
        The requirement the record names, as loaded now.
    model_value : callable, optional
        SI value of a graph key now, to compare with what the record ``covers``.

    Returns
    -------
    EvidenceStatus
        Current, or stale with every reason: artefact missing, artefact sha256 differs
        (both shown shortened), requirement changed since the evidence (its fingerprint
        differs), or a digest not recorded.
    """
    reasons = []
    found = artefact_digest(Path(mission_folder) / record.artefact)
    if found is None:
        reasons.append(Staleness(StaleReason.ARTEFACT_MISSING,
                                 f"artefact '{record.artefact}' not found", "artefact"))
    elif record.sha256 is None:
        reasons.append(Staleness(StaleReason.NO_ARTEFACT_DIGEST,
                                 f"no sha256 recorded for artefact '{record.artefact}'",
                                 "sha256"))
    elif found != record.sha256:
        reasons.append(Staleness(
            StaleReason.ARTEFACT_CHANGED,
            f"artefact '{record.artefact}' changed since the evidence was recorded "
            f"(sha256 recorded {short_digest(record.sha256)}, found {short_digest(found)})",
            "sha256"))
    now = requirement_fingerprint(requirement)
    if record.requirement_sha256 is None:
        reasons.append(Staleness(StaleReason.NO_REQUIREMENT_DIGEST,
                                 f"no requirement_sha256 recorded for {requirement.id}",
                                 "requirement_sha256"))
    elif record.requirement_sha256 != now:
        reasons.append(Staleness(
            StaleReason.REQUIREMENT_CHANGED,
            f"{requirement.id} changed since the evidence was recorded (requirement_sha256 "
            f"recorded {short_digest(record.requirement_sha256)}, now {short_digest(now)})",
            "requirement_sha256"))
    if model_value is not None:
        reasons += _not_covered(record, model_value)
    return EvidenceStatus(record.requirement, record.artefact, tuple(reasons), found, now)


def _not_covered(record: EvidenceRecord, model_value: Callable[[str], float]
                 ) -> list[Staleness]:
    reasons = []
    for key, covered in record.covers.items():
        now = model_value(key)
        if now > units.si(covered) * (1.0 + 1e-12):
            reasons.append(Staleness(
                StaleReason.NOT_COVERED,
                f"{key} is {units.format_quantity(_in_unit_of(now, covered))} now, above the "
                f"{units.format_quantity(covered)} the evidence covers", "covers"))
    return reasons


def _in_unit_of(value_si: float, like: Any) -> Any:
    """``value_si`` expressed in the unit of the quantity ``like``."""
    return units.Quantity(value_si / units.si(units.Quantity(1.0, like.units)), like.units)
