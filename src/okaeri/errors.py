"""Errors and findings of okaeri.

Hierarchy (each class also inherits the built-in exception a caller would expect)::

    OkaeriError
    ├── ModelError (ValueError)        a model, requirement or verification file is invalid;
    │                                  carries every Finding collected while loading
    ├── ExpressionError (ValueError)   a derived-value expression cannot be parsed or checked
    ├── AnalysisError (RuntimeError)   a numerical analysis failed
    │   ├── ConvergenceError           an iteration reached its limit (carries its history)
    │   └── OutOfRangeError (ValueError)  an input outside a model's range of validity
    └── ReportError                    a report or document could not be written

A :class:`Finding` is one problem in user input, located (file:line:column and the path
inside the document, or an element id) and coded with a stable string
(``okaeri.unit_mismatch``) that tools and documentation can refer to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "AnalysisError",
    "ConvergenceError",
    "ExpressionError",
    "Finding",
    "Location",
    "ModelError",
    "OkaeriError",
    "OutOfRangeError",
    "ReportError",
    "format_findings",
]


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding is: a file with line and column (1-based), and a path inside it."""

    file: str = ""
    """File path as given to the user (relative to the mission folder where possible)."""
    line: int = 0
    column: int = 0
    path: str = ""
    """Dotted path inside the document, e.g. ``capsule.aeroshell.diameter``."""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        if self.path:
            where = f"{where} {self.path}" if where else self.path
        return where


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in user input."""

    location: Location
    code: str
    """Stable code of the kind of problem, e.g. ``okaeri.dangling_ref``."""
    message: str
    """What was expected and what was found, with units."""
    hint: str = ""
    """How to fix it."""
    severity: str = field(default="error", compare=False)
    """``error`` or ``warning``."""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """JSON form of the finding."""
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "path": self.location.path,
            "message": self.message,
            "hint": self.hint,
        }


def format_findings(findings: Iterable[Finding]) -> str:
    """Findings sorted by location, one block each, and a count."""
    items = sorted(findings)
    errors = sum(1 for f in items if f.severity == "error")
    lines = [str(f) for f in items]
    lines.append(f"{errors} error{'s' if errors != 1 else ''}, "
                 f"{len(items) - errors} warning{'s' if len(items) - errors != 1 else ''}")
    return "\n".join(lines)


class OkaeriError(Exception):
    """Base class of every error okaeri raises on purpose."""


class ModelError(OkaeriError, ValueError):
    """The mission's files are invalid; :attr:`findings` lists every problem found."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(sorted(findings))
        super().__init__(format_findings(self.findings))


class ExpressionError(OkaeriError, ValueError):
    """A derived-value expression is malformed, refers to nothing, or mixes units."""

    def __init__(self, message: str, *, hint: str = "", position: int | None = None) -> None:
        self.message = message
        self.hint = hint
        self.position = position
        super().__init__(message)


class AnalysisError(OkaeriError, RuntimeError):
    """A numerical analysis failed; a verification that needs it ends as ``error``."""


class ConvergenceError(AnalysisError):
    """An iteration did not converge; :attr:`history` holds the residual of each step."""

    def __init__(self, message: str, history: Sequence[float] = ()) -> None:
        self.history = tuple(history)
        super().__init__(message)


class OutOfRangeError(AnalysisError, ValueError):
    """An input lies outside the range of validity of a model (e.g. the atmosphere)."""


class ReportError(OkaeriError):
    """A report or document could not be written."""
