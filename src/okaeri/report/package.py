"""What a review board needs beyond the results: the document's identity, its approval
block, the applicable and reference documents, and the actions of the review.

They are written in the mission folder's optional ``review.yaml`` (the package, not the
mission: they change no verdict and no model hash)::

    document:
      number: LSR1-SYS-DRP-0001       # the document number of the data package
      title: LSR-1 Preliminary Design Review data package
      review: PDR
      issue: "1"
      revision: "0"
      date: 2026-12-01                # default: the date of the run (SOURCE_DATE_EPOCH)
    approvals:                        # the signature block, in signing order
      - {role: Prepared by, name: A. Engineer, organisation: Systems}
      - {role: Approved by, name: C. Manager, organisation: Project office}
    applicable_documents:
      - {id: AD-1, number: ECSS-E-ST-10-02C Rev.1, title: Space engineering - Verification,
         issue: "Rev. 1", date: 2018-02-01}
    reference_documents:
      - {id: RD-1, number: ESA-SRE-PA-2011-097, title: Margin philosophy for science
         assessment studies, issue: "1.3"}
    actions:
      - id: ACT-001
        title: Provide the arc-jet qualification test report
        owner: Heat shield supplier
        due: 2027-02-15
        status: open                  # open, closed
        requirements: [CAP-070]

:func:`load_package` reads it (every finding located, file:line); the views below are
what the cover page, the documents page and the actions table show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import Field, ValidationError

from okaeri.errors import Finding, ModelError
from okaeri.model.base import OkaeriModel
from okaeri.requirements.ids import Text

__all__ = [
    "PACKAGE_FILE",
    "Action",
    "ActionRow",
    "ActionStatus",
    "Approval",
    "CoverRow",
    "CoverView",
    "DocumentInfo",
    "DocumentRow",
    "DocumentsView",
    "PackageFile",
    "Reference",
    "cover_view",
    "documents_view",
    "load_package",
    "open_actions",
]

PACKAGE_FILE = "review.yaml"
"""Name of the file in the mission folder (optional)."""


class DocumentInfo(OkaeriModel):
    """The identity of the data package as a controlled document."""

    number: Text | None = None
    """Document number (``LSR1-SYS-DRP-0001``)."""
    title: Text | None = None
    """Title; default: ``<mission> design review data package``."""
    review: Text | None = None
    """The review it is submitted to (``PDR``, ``CDR``)."""
    issue: Text = "1"
    """Issue (``"1"``)."""
    revision: Text = "0"
    """Revision within the issue (``"0"``)."""
    date: dt.date | None = None
    """Date of the issue; default: the date of the verification run."""
    classification: Text | None = None
    """Distribution or classification statement, printed on the cover."""


class Approval(OkaeriModel):
    """One line of the approval (signature) block."""

    role: Text
    """``Prepared by``, ``Checked by``, ``Approved by``."""
    name: Text
    organisation: str = ""


class Reference(OkaeriModel):
    """An applicable or reference document."""

    id: Text
    """How the package cites it (``AD-1``, ``RD-3``)."""
    number: Text
    """Its document number (``ECSS-E-ST-10-02C``)."""
    title: Text
    issue: str = ""
    date: dt.date | None = None


class ActionStatus(StrEnum):
    """Whether an action is still to be done."""

    OPEN = "open"
    CLOSED = "closed"


class Action(OkaeriModel):
    """An action of the review (a review item discrepancy's follow-up)."""

    id: Text
    """``ACT-001``."""
    title: Text
    owner: Text
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    requirements: tuple[str, ...] = ()
    """Requirements it concerns."""
    notes: str = ""


class PackageFile(OkaeriModel):
    """The file ``review.yaml`` of a mission folder."""

    document: DocumentInfo = DocumentInfo()
    approvals: tuple[Approval, ...] = ()
    applicable_documents: tuple[Reference, ...] = ()
    reference_documents: tuple[Reference, ...] = ()
    actions: tuple[Action, ...] = Field(default=())


def load_package(folder: Path | str) -> PackageFile:
    """``<folder>/review.yaml``, or the defaults when there is none.

    Raises :class:`~okaeri.errors.ModelError` with every finding (file:line) when the
    file is not valid.
    """
    from okaeri.model.errors import findings_from_validation
    from okaeri.model.yaml_source import read_yaml

    path = Path(folder) / PACKAGE_FILE
    if not path.is_file():
        return PackageFile()
    document, findings = read_yaml(path, PACKAGE_FILE)
    if document is None or findings:
        raise ModelError(findings)
    if document.data is None:
        return PackageFile()
    if not isinstance(document.data, dict):
        raise ModelError([Finding(
            document.location(()), "okaeri.wrong_type",
            f"expected a mapping of sections, got {type(document.data).__name__}",
            "review.yaml has the keys document, approvals, applicable_documents, "
            "reference_documents and actions")])
    try:
        return PackageFile.model_validate(document.data)
    except ValidationError as exc:
        raise ModelError(findings_from_validation(exc, document, PackageFile)) from None


# --- views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverRow:
    """One line of the cover's identification table."""

    label: str
    value: str


@dataclass(frozen=True)
class ApprovalRow:
    """One line of the signature block (signature and date are left blank to sign)."""

    role: str
    name: str
    organisation: str


@dataclass(frozen=True)
class CoverView:
    """The cover page."""

    title: str
    mission: str
    rows: tuple[CoverRow, ...]
    approvals: tuple[ApprovalRow, ...]
    classification: str
    missing: tuple[str, ...]
    """Fields the cover has no value for (``document number``): set them in review.yaml."""


def cover_view(package: PackageFile, mission: str, baseline: str, run_date: str,
               status: str) -> CoverView:
    """The cover: title, document number, issue, date, the baseline reviewed, the
    status of the verification, and the approval block."""
    info = package.document
    date = info.date.isoformat() if info.date is not None else run_date
    rows = (
        CoverRow("Document number", info.number or "—"),
        CoverRow("Issue", f"{info.issue}, revision {info.revision}"),
        CoverRow("Date", date),
        CoverRow("Review", info.review or "—"),
        CoverRow("Baseline", baseline),
        CoverRow("Verification status", status),
    )
    missing = tuple(name for name, value in (("document number", info.number),
                                             ("review", info.review),
                                             ("approvals", package.approvals)) if not value)
    return CoverView(
        title=info.title or f"{mission} design review data package", mission=mission,
        rows=rows, approvals=tuple(ApprovalRow(a.role, a.name, a.organisation)
                                   for a in package.approvals),
        classification=info.classification or "", missing=missing)


@dataclass(frozen=True)
class DocumentRow:
    """An applicable or reference document."""

    id: str
    number: str
    title: str
    issue: str
    date: str


@dataclass(frozen=True)
class DocumentsView:
    """Applicable and reference documents."""

    applicable: tuple[DocumentRow, ...]
    reference: tuple[DocumentRow, ...]


def _documents(items: tuple[Reference, ...]) -> tuple[DocumentRow, ...]:
    return tuple(DocumentRow(d.id, d.number, d.title, d.issue,
                             d.date.isoformat() if d.date else "") for d in items)


def documents_view(package: PackageFile) -> DocumentsView:
    """The documents, in the order written."""
    return DocumentsView(_documents(package.applicable_documents),
                         _documents(package.reference_documents))


@dataclass(frozen=True)
class ActionRow:
    """One action."""

    id: str
    title: str
    owner: str
    due: str
    status: str
    requirements: tuple[str, ...]
    anchors: tuple[str, ...]
    notes: str
    overdue: bool


def open_actions(package: PackageFile, run_date: str) -> tuple[ActionRow, ...]:
    """The actions, open ones first, then by id; ``overdue`` when open and due before
    ``run_date`` (ISO date)."""
    from okaeri.report.view_basics import anchor

    today = dt.date.fromisoformat(run_date[:10])
    rows = [ActionRow(a.id, a.title, a.owner, a.due.isoformat() if a.due else "",
                      str(a.status), a.requirements, tuple(anchor(r) for r in a.requirements),
                      a.notes, a.status is ActionStatus.OPEN and a.due is not None
                      and a.due < today) for a in package.actions]
    return tuple(sorted(rows, key=lambda r: (r.status != "open", r.id)))
