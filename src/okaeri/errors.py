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

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "FINDING_CODES",
    "AnalysisError",
    "ConvergenceError",
    "ExpressionError",
    "Finding",
    "Location",
    "ModelError",
    "OkaeriError",
    "OutOfRangeError",
    "ReportError",
    "close_matches",
    "did_you_mean",
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


LocationFields = tuple[str, int, int, str]
"""A :class:`Location`'s fields in order (file, line, column, path), kept as a tuple where
thousands are stored and few are read: ``Location(*fields)`` makes the location."""


FINDING_CODES: dict[str, str] = {
    # Reading files
    "okaeri.unreadable": "a mission file cannot be read (missing, not UTF-8, a folder)",
    "okaeri.unreadable_file": "an imported requirements table cannot be read",
    "okaeri.empty_file": "an imported requirements table has no header row",
    "okaeri.yaml_syntax": "a YAML file is not well formed",
    "okaeri.yaml_tag": "a YAML tag (``!!python/...``, ``!custom``): okaeri reads plain data only",
    "okaeri.yaml_nesting": "YAML nested deeper than okaeri reads (a guard against "
    "resource exhaustion)",
    "okaeri.duplicate_key": "a key given twice in one YAML mapping (the second would "
    "silently win)",
    "okaeri.no_mission": "the path is not a mission folder (missing, or a file)",
    "okaeri.no_model": "a mission folder without model files",
    # Shape of the model
    "okaeri.missing_key": "a required key is missing",
    "okaeri.unknown_key": "a key the schema does not know (a typo, or a key in the "
    "wrong place)",
    "okaeri.wrong_type": "a value of the wrong type (a list where a mapping is expected, "
    "...)",
    "okaeri.invalid_value": "a value that is not one of the accepted forms or values",
    "okaeri.deprecated": "a form okaeri still reads but that will go (the hint gives the "
    "new one)",
    # Values and units
    "okaeri.not_a_quantity": "a value that should be a number with its unit is not",
    "okaeri.bare_number": "a number without a unit where the quantity needs one",
    "okaeri.unknown_unit": "a unit pint does not know",
    "okaeri.unit_mismatch": "a unit of the wrong dimension (mass where a length is "
    "expected, a port or budget whose units do not fit)",
    "okaeri.out_of_range": "a value outside the field's admissible range (a negative "
    "mass, a latitude beyond a pole, ...)",
    "okaeri.expression_syntax": "an expression (``= ...``) that does not parse",
    # Identity and references
    "okaeri.invalid_id": "an id that does not follow its pattern",
    "okaeri.duplicate_id": "an id given twice (components, phases, requirements, "
    "activities)",
    "okaeri.reserved_id": "a name that would collide with a field, part or component in "
    "the graph's keys",
    "okaeri.dangling_ref": "a reference to an id or key that does not exist (the hint "
    "names close ones)",
    "okaeri.cycle": "a cycle where none is allowed (a component its own ancestor, "
    "requirements deriving from each other, expressions reading themselves)",
    "okaeri.analysis_module": "a mission's or package's analysis module cannot be loaded, "
    "or declares an analysis twice",
    "okaeri.duplicate_kind": "two activities run the same analysis into the same keys",
    # Requirements and their verification
    "okaeri.no_shall": "a requirement text without 'shall'",
    "okaeri.orphan": "a requirement below the top level without a parent",
    "okaeri.level_order": "a requirement above the level of its parent",
    "okaeri.no_method": "a requirement without a verification method",
    "okaeri.no_criterion": "a requirement verified by analysis with neither criterion nor "
    "activity",
    "okaeri.unverified": "a requirement that no activity, evidence record or test verifies",
    "okaeri.method_mismatch": "evidence by a method the requirement does not list",
    "okaeri.activity_mismatch": "a criterion reads an analysis that none of the "
    "requirement's activities runs",
    "okaeri.input_criterion": "a criterion that compares a model input with its limit: "
    "it verifies a declaration, not the design",
    "okaeri.stale_evidence": "an evidence record that no longer matches its artefact, its "
    "requirement or the values it qualified",
    # Requirements interchange (ReqIF, CSV, XLSX)
    "okaeri.file_exists": "an import would overwrite a requirements file (use --force)",
    "okaeri.reserved_name": "an import would write a file that holds the mission's "
    "settings",
    "okaeri.not_a_requirement": "a ReqIF object without an id is not read as a requirement",
    "okaeri.formatting_flattened": "ReqIF XHTML formatting (lists, tables) read as plain "
    "text",
    "okaeri.unnamed_column": "a spreadsheet value in a column without a header",
    "okaeri.title_from_text": "a requirement without a title: made from its text",
    "okaeri.level_assumed": "imported requirements without a level: a level was assumed",
    "okaeri.kept_as_attribute": "an imported column that repeats a known field, kept as an "
    "attribute",
}
"""Every code a :class:`Finding` may carry, with what it means (listed on the
documentation's findings page). A finding with a code not listed here is a programming
error: :class:`Finding` refuses it."""


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

    def __post_init__(self) -> None:
        if self.code not in FINDING_CODES:
            raise ValueError(f"finding code {self.code!r} is not in okaeri.errors."
                             "FINDING_CODES: register it with its meaning")

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


def close_matches(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known names closest to ``name`` (at most ``n``, best first; none below a
    similarity of 0.6).

    Closeness is difflib's similarity ratio, ties broken by the length of the common
    prefix and then by the number of characters equal at the same position
    (``CAP-071`` is closer to ``CAP-070`` than to ``CAP-031``); only the names that tie
    with the best are returned.
    """

    def score(candidate: str) -> tuple[float, int, int]:
        ratio = round(difflib.SequenceMatcher(None, name, candidate).ratio(), 9)
        pairs = list(zip(name, candidate, strict=False))
        prefix = next((i for i, (a, b) in enumerate(pairs) if a != b), len(pairs))
        return ratio, prefix, sum(a == b for a, b in pairs)

    scored = sorted(((score(k), k) for k in set(known)), key=lambda item: (
        -item[0][0], -item[0][1], -item[0][2], item[1]))
    if not scored or scored[0][0][0] < 0.6:
        return []
    return [k for s, k in scored if s == scored[0][0]][:n]


def did_you_mean(name: str, known: Iterable[str], n: int = 3) -> str:
    """``"did you mean 'a' or 'b'?"`` naming :func:`close_matches`, or ``""``."""
    quoted = [f"'{k}'" for k in close_matches(name, known, n)]
    if not quoted:
        return ""
    names = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"did you mean {names}?"


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
