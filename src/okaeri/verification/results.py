"""The result of a verification run: every requirement's verdict, value, limit and margin.

A :class:`VerificationRun` is what ``okaeri verify`` prints, what the JUnit and JSON
files and the compliance report render, and what the pytest plugin turns into test
items. Values are SI floats with their SI unit; nothing in here is computed again by
the renderers.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from okaeri.requirements.markers import Marker


class Verdict(StrEnum):
    """How a requirement ends a run (SysML v2 ``VerdictKind``)."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    """No automated evidence yet, or the evidence is stale."""
    ERROR = "error"
    """The analysis failed: never reported as a pass."""


SEVERITY = {Verdict.PASS: 0, Verdict.INCONCLUSIVE: 1, Verdict.FAIL: 2, Verdict.ERROR: 3}
"""Order used to combine verdicts (a parent is as bad as its worst child)."""


class Compliance(StrEnum):
    """A requirement's compliance status, derived from its verdict (the worst of its
    methods' verdicts and of its derived requirements'):

    - ``compliant`` (C): ``pass``, every method closed (with its required margin);
    - ``partially compliant`` (PC): ``inconclusive``, some methods pass and the others
      have no evidence yet, or none has (see the methods closed beside it);
    - ``non-compliant`` (NC): ``fail`` or ``error``, a method or a derived requirement
      fails, or its analysis errors (never reported as compliant).
    """

    COMPLIANT = "compliant"
    PARTIALLY_COMPLIANT = "partially compliant"
    NON_COMPLIANT = "non-compliant"

    @property
    def abbreviation(self) -> str:
        """``C``, ``PC`` or ``NC``."""
        return {"compliant": "C", "partially compliant": "PC", "non-compliant": "NC"}[
            self.value]


COMPLIANCE = {Verdict.PASS: Compliance.COMPLIANT,
              Verdict.INCONCLUSIVE: Compliance.PARTIALLY_COMPLIANT,
              Verdict.FAIL: Compliance.NON_COMPLIANT, Verdict.ERROR: Compliance.NON_COMPLIANT}
"""The compliance status of each verdict (see :class:`Compliance`)."""


@dataclass(frozen=True)
class Evidence:
    """Where a verdict's value came from."""

    kind: str
    """``analysis`` (a graph value or analysis output), ``record`` (an evidence record),
    ``test`` (a pytest test marked ``verifies``) or ``children``."""
    source: str
    """Activity id and title, graph key, record title and file, or test node id."""
    detail: str = ""
    """E.g. sample count and seed, artefact sha256, staleness reason."""


@dataclass(frozen=True)
class MethodResult:
    """How one verification method of a requirement closed (its own means)."""

    method: str
    """``analysis``, ``test``, ``inspection``, ``demonstration``, ``review_of_design``."""
    verdict: Verdict
    reason: str = ""
    """Why, for anything but a plain pass."""
    evidence: tuple[Evidence, ...] = ()
    """What closed it: the criterion's analysis, evidence records, tests, children."""


@dataclass(frozen=True)
class RequirementResult:
    """One requirement at the end of a run."""

    id: str
    title: str
    text: str
    level: str
    method: str
    stage: str
    parents: tuple[str, ...]
    children: tuple[str, ...]
    allocated_to: tuple[str, ...]
    verdict: Verdict
    """The worst of :attr:`method_results` (and of the derived requirements)."""
    methods: tuple[str, ...] = ()
    """Its verification methods (:attr:`method` is them joined by ``", "``)."""
    method_results: tuple[MethodResult, ...] = ()
    """Each method's own verdict, reason and evidence, in the order of :attr:`methods`
    (empty for a requirement without a method)."""
    criterion: str = ""
    """The criterion in words (``P99.87(entry.monte_carlo.x) <= = capsule.y``)."""
    quantity: str = ""
    """Key of the quantity the criterion reads (``entry.monte_carlo.x``)."""
    statistic: str = ""
    """Its Monte Carlo statistic (``P99.87``, ``max``); empty for a scalar quantity."""
    value_si: float | None = None
    limit_si: float | None = None
    unit_si: str = ""
    limit_unit: str = ""
    """The unit the criterion's limit is written in (``%``, ``deg``, ``g0``), which the
    value and the limit are shown in; empty when the limit is a graph value."""
    comparator: str = ""
    margin: float | None = None
    """(limit − value)/|limit| for upper limits, (value − limit)/|limit| for lower."""
    margin_absolute_si: float | None = None
    """limit − value for upper limits, value − limit for lower (SI, in the quantity's
    unit): the margin of angles and levels (dB) as engineers read it."""
    required_margin: float = 0.0
    below_required_margin: bool = False
    """The value meets the limit but its margin is below the required margin: the
    requirement fails (the margin is part of the requirement)."""
    estimate_si: float | None = None
    """For a percentile: the sample percentile (the value judged is its confidence
    bound, :attr:`value_si`)."""
    samples: int | None = None
    """For a statistic: the number of samples it was computed from."""
    samples_needed: int | None = None
    """For a percentile: the number of samples its confidence bound needs."""
    confidence: float | None = None
    """For a percentile: the confidence of its bound (0.9 for 90 %)."""
    percentile: float | None = None
    """For a percentile: which one, in percent (99.87)."""
    error_root: str = ""
    """For an ``error``: the key of the analysis or value that failed (its message is in
    :attr:`VerificationRun.errors`)."""
    evidence: tuple[Evidence, ...] = ()
    verified_by: tuple[str, ...] = ()
    """Activity ids that verify the requirement."""
    reason: str = ""
    """Why the verdict is what it is, for anything but a plain pass."""
    evidence_stale: bool = False
    """An evidence record of the requirement no longer matches its artefact or the
    requirement's text (the requirement is then inconclusive)."""
    marked_by: tuple[str, ...] = ()
    """Children whose failure or error marks this requirement."""
    location: str = ""
    """file:line of the requirement."""

    @property
    def compliance(self) -> Compliance:
        """Compliance status derived from :attr:`verdict` (:data:`COMPLIANCE`)."""
        return COMPLIANCE[self.verdict]

    @property
    def methods_closed(self) -> tuple[int, int]:
        """(methods that pass, methods): ``(1, 2)`` for analysis passed, test open."""
        return (sum(1 for m in self.method_results if m.verdict is Verdict.PASS),
                len(self.method_results))


@dataclass(frozen=True)
class Provenance:
    """What the run was made from, so that it can be reproduced."""

    mission: str
    mission_folder: str
    package_version: str
    model_sha256: str
    """sha256 over the mission's YAML files (names and contents, sorted)."""
    git_revision: str | None
    git_dirty: bool | None
    timestamp: str
    """ISO 8601 UTC; from ``SOURCE_DATE_EPOCH`` when it is set."""


@dataclass(frozen=True)
class EntryHistory:
    """The nominal entry's time histories, for plots (SI, Earth-relative)."""

    time_s: tuple[float, ...]
    altitude_m: tuple[float, ...]
    speed_relative_m_s: tuple[float, ...]
    heat_flux_total_W_m2: tuple[float, ...]
    deceleration_g: tuple[float, ...]
    peak_heat_flux_total_W_m2: float
    """Peak located by the simulation (the samples above are its accepted steps only)."""
    peak_deceleration_g: float
    """Peak located by the simulation."""


@dataclass(frozen=True)
class MonteCarloSamples:
    """Per-sample outputs of an entry Monte Carlo, for histograms and the footprint."""

    activity: str
    samples: int
    seed: int
    values: dict[str, tuple[float, ...]]
    """By output name (``peak_heat_flux_total``): one SI value per sample."""
    units: dict[str, str]
    target_latitude_deg: float
    target_longitude_deg: float
    deploy_latitude_deg: tuple[float, ...]
    deploy_longitude_deg: tuple[float, ...]
    landing_latitude_deg: tuple[float, ...] = ()
    """Where each sample landed (NaN where it did not land under its parachute); the
    deployment point when the mission models no parachute descent."""
    landing_longitude_deg: tuple[float, ...] = ()


@dataclass(frozen=True)
class RootCause:
    """A computation that failed, named once however many requirements it blocks."""

    key: str
    """Key of the node whose computation failed."""
    message: str
    """What failed, where (file:line) and with which inputs."""
    requirements: tuple[str, ...]
    """Requirements in ``error`` because of it."""


@dataclass(frozen=True)
class Counts:
    """How many requirements ended with each verdict."""

    total: int
    passed: int
    failed: int
    inconclusive: int
    errors: int
    below_required_margin: int


@dataclass(frozen=True)
class VerificationRun:
    """Every requirement's verdict, with the budgets and analyses behind them."""

    provenance: Provenance
    requirements: tuple[RequirementResult, ...]
    """In id order."""
    counts: Counts
    budgets: Any
    """:class:`okaeri.budgets.Budgets` (``None`` when the budgets could not be evaluated)."""
    entry_history: EntryHistory | None
    monte_carlo: MonteCarloSamples | None
    warnings: tuple[str, ...] = ()
    """Trace warnings (orphans, unverified leaves) as formatted findings."""
    coverage: dict[str, Any] = field(default_factory=dict)
    """Coverage summary: counts by method and level, verified and unverified."""
    errors: tuple[RootCause, ...] = ()
    """Each failed computation once, with the requirements it leaves in error."""
    markers: tuple[Marker, ...] = ()
    """The TBD/TBC markers of the mission's files (:mod:`okaeri.requirements.markers`)."""

    def result(self, requirement_id: str) -> RequirementResult:
        """The result of one requirement; :class:`KeyError` if it was not run."""
        for result in self.requirements:
            if result.id == requirement_id:
                return result
        raise KeyError(requirement_id)

    def exit_code(self, strict: bool = False) -> int:
        """0 when nothing fails or errors (and, with ``strict``, nothing is inconclusive
        or below its required margin), 1 otherwise."""
        bad = self.counts.failed + self.counts.errors
        if strict:
            bad += self.counts.inconclusive + self.counts.below_required_margin
        return 1 if bad else 0

    def status(self, strict: bool = False) -> str:
        """``FAILED`` when the exit code is not 0; ``INCOMPLETE`` when a mission-level
        requirement is not closed (it is inconclusive: the mission is not shown to meet
        its purpose yet); else ``OK``."""
        if self.exit_code(strict):
            return "FAILED"
        open_top = any(r.level == "mission" and r.verdict is not Verdict.PASS
                       for r in self.requirements)
        return "INCOMPLETE" if open_top else "OK"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (verdicts as strings, budgets included); a number that is not
        finite is ``null`` with the reason beside it (``<field>_reason``)."""
        data = _ready_fields(self, skip="budgets")
        data["budgets"] = (_finite(self.budgets.as_dict()) if self.budgets is not None
                           else None)
        for item, result in zip(data["requirements"], self.requirements, strict=True):
            item["compliance"] = str(result.compliance)
        return data


# JSON-ready values in one pass: what ``_finite(dataclasses.asdict(value))`` gives, without
# asdict's deep copy of every string and number and without a second walk (as_dict of
# 10,000 requirements: 0.3 s instead of 2 s).


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
"""Field names of each dataclass met (``dataclasses.fields`` is slow to ask each time)."""


def _ready_fields(value: Any, skip: str = "") -> dict[str, Any]:
    """A dataclass instance's fields as a JSON-ready dict (:func:`_ready_items`)."""
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
    return _ready_items([(name, getattr(value, name)) for name in names if name != skip])


def _ready_items(items: Iterable[tuple[Any, Any]]) -> dict[str, Any]:
    """A dict whose non-finite floats are ``None`` with ``<key>_reason`` beside them, and
    whose lists say how many of their numbers are null (see :func:`_finite`)."""
    out: dict[str, Any] = {}
    for key, value in items:
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            out[key] = value
        elif isinstance(value, float):
            if math.isfinite(value):
                out[key] = value
            else:
                out[key] = None
                out[f"{key}_reason"] = _why(value)
        elif isinstance(value, list | tuple):
            out[key] = _ready_list(value)
            bad = [v for v in value if isinstance(v, float) and not math.isfinite(v)]
            if bad:
                kinds = sorted({_why(v) for v in bad})
                out[f"{key}_reason"] = f"{len(bad)} values are null: {', '.join(kinds)}"
        else:
            out[key] = _ready(value)
    return out


def _ready_list(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        kind = type(value)
        if kind is float:
            out.append(value if math.isfinite(value) else None)
        elif kind is str or kind is int:
            out.append(value)
        else:
            out.append(None if isinstance(value, float) and not math.isfinite(value)
                       else _ready(value))
    return out


def _ready(value: Any) -> Any:
    if isinstance(value, str | int | float | bool | None):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return _ready_fields(value)
    if isinstance(value, list | tuple):
        return _ready_list(value)
    if isinstance(value, dict):
        return _ready_items((_ready(k), v) for k, v in value.items())
    return _finite(copy.deepcopy(value))


def _why(value: float) -> str:
    return "not a number" if math.isnan(value) else f"{'+' if value > 0 else '-'}infinity"


def _finite(data: Any) -> Any:
    """``data`` with every NaN or infinity replaced by ``None`` and a ``<key>_reason``."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, float) and not math.isfinite(value):
                out[key] = None
                out[f"{key}_reason"] = _why(value)
            else:
                out[key] = _finite(value)
                bad = [v for v in value if isinstance(v, float) and not math.isfinite(v)] \
                    if isinstance(value, list | tuple) else []
                if bad:
                    kinds = sorted({_why(v) for v in bad})
                    out[f"{key}_reason"] = f"{len(bad)} values are null: {', '.join(kinds)}"
        return out
    if isinstance(data, list | tuple):
        return [None if isinstance(v, float) and not math.isfinite(v) else _finite(v)
                for v in data]
    return data
