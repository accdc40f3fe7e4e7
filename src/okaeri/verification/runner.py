"""Closing requirements: run what they need, compare with their limits, roll verdicts up.

:func:`run_verification` takes a loaded :class:`~okaeri.verification.project.Project`
and returns a :class:`~okaeri.verification.results.VerificationRun`:

1. the selected requirements and everything below them (their derived requirements)
   are the targets; only the analyses their criteria read are run (the graph's budgets
   and nominal entry always; the Monte Carlo and the corridor only when needed);
2. a requirement with a criterion passes when its value meets the limit, and is flagged
   when its margin is below the required margin; an analysis that raises or does not
   converge makes every requirement reading it ``error`` (never ``pass``);
3. a requirement closed outside okaeri takes the result of its evidence record
   (``inconclusive`` when the record is pending or stale) or of pytest tests marked
   ``@pytest.mark.verifies``;
4. a requirement is as bad as its worst derived requirement: a failing child marks its
   parents.

Monte Carlo statistics: percentiles use numpy's default linear interpolation between
order statistics (Hyndman and Fan's type 7); ``max``, ``min`` and ``mean`` are plain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from okaeri import __version__
from okaeri.errors import Finding, Location, ModelError, OkaeriError
from okaeri.requirements import Requirement
from okaeri.requirements.model import NodeRef
from okaeri.units import si
from okaeri.verification.activities import (
    ActivityKind,
    EntryCorridorActivity,
    EntryMonteCarloActivity,
)
from okaeri.verification.analyses import (
    corridor,
    entry_input_values,
    monte_carlo,
    monte_carlo_settings,
    nominal_history,
)
from okaeri.verification.cache import AnalysisCache
from okaeri.verification.evidence import evidence_status
from okaeri.verification.project import Project, quantity_unit
from okaeri.verification.results import (
    SEVERITY,
    Counts,
    EntryHistory,
    Evidence,
    MonteCarloSamples,
    Provenance,
    RequirementResult,
    Verdict,
    VerificationRun,
)

Progress = Callable[[str], None]
"""Receives a line of progress (``"entry Monte Carlo: 2000 samples"``)."""

TestOutcomes = Mapping[str, Iterable[tuple[str, bool]]]
"""By requirement id: (test node id, passed) of pytest tests marked ``verifies``."""


class _AnalysisFailedError(OkaeriError):
    """An analysis failed; its message becomes the reason of an ``error`` verdict."""


def run_verification(project: Project, *, select: Iterable[str] = (),
                     cache: AnalysisCache | None = None, progress: Progress | None = None,
                     with_histories: bool = False,
                     test_outcomes: TestOutcomes | None = None) -> VerificationRun:
    """Close the selected requirements (default: all) of ``project``.

    Raises :class:`~okaeri.errors.ModelError` when ``select`` names an unknown id.
    """
    cache = cache or AnalysisCache(None)
    say = progress or (lambda _: None)
    targets = _targets(project, list(select))
    values = _Values(project, cache, say)
    budgets = values.budgets()
    results: dict[str, RequirementResult] = {}
    for requirement in project.requirements:
        if requirement.id in targets:
            results[requirement.id] = _close(project, requirement, values, test_outcomes or {})
    results = _roll_up(project, results)
    history = None
    if with_histories and values.graph_ok:
        say("nominal entry histories")
        data: dict[str, Any] = cache.get_or_compute(
            "entry.history", entry_input_values(project.graph, project.mission),
            lambda: nominal_history(project.graph, project.mission))
        history = EntryHistory(
            time_s=tuple(data["time_s"]), altitude_m=tuple(data["altitude_m"]),
            speed_relative_m_s=tuple(data["speed_relative_m_s"]),
            heat_flux_total_W_m2=tuple(data["heat_flux_total_W_m2"]),
            deceleration_g=tuple(data["deceleration_g"]),
            peak_heat_flux_total_W_m2=float(data["peak_heat_flux_total_W_m2"]),
            peak_deceleration_g=float(data["peak_deceleration_g"]))
    ordered = tuple(results[k] for k in sorted(results))
    from okaeri.requirements.trace import coverage

    return VerificationRun(
        provenance=provenance(project),
        requirements=ordered,
        counts=_counts(ordered),
        budgets=budgets,
        entry_history=history,
        monte_carlo=values.monte_carlo_samples(),
        warnings=tuple(str(f) for f in project.warnings),
        coverage=coverage(project.requirements, project.plan.activities,
                          project.plan.evidence).as_dict(),
    )


def _targets(project: Project, select: list[str]) -> set[str]:
    if not select:
        return set(project.requirements.ids)
    unknown = [i for i in select if i not in project.requirements]
    if unknown:
        from okaeri.requirements.trace import did_you_mean

        raise ModelError([Finding(Location(path="--require"), "okaeri.dangling_ref",
                                  f"unknown requirement '{i}'",
                                  did_you_mean(i, project.requirements.ids))
                          for i in unknown])
    targets = set(select)
    for requirement_id in select:
        targets.update(r.id for r in project.requirements.descendants(requirement_id))
    return targets


class _Values:
    """Values of criterion quantities, computed on first use and kept."""

    def __init__(self, project: Project, cache: AnalysisCache, say: Progress) -> None:
        self.project = project
        self.cache = cache
        self.say = say
        self.graph_ok = False
        self.graph_error = ""
        self._budgets: Any = None
        self._monte_carlo: dict[str, Any] | None = None
        self._monte_carlo_error = ""
        self._corridor: dict[str, Any] | None = None
        self._corridor_error = ""

    def budgets(self) -> Any:
        from okaeri.budgets import evaluate_budgets

        self.say("budgets and nominal entry")
        try:
            self._budgets, _ = evaluate_budgets(self.project.mission, self.project.graph,
                                                memo=self.cache.get_or_compute)
            self.graph_ok = True
        except OkaeriError as exc:
            self.graph_error = f"{type(exc).__name__}: {exc}"
        return self._budgets

    def scalar(self, key: str) -> float:
        """The value of a graph node or budget result (SI)."""
        if not self.graph_ok:
            raise _AnalysisFailedError(f"budgets and analyses failed: {self.graph_error}")
        if key == "budget.mass.system_margin_available":
            return float(self._budgets.mass.available_system_margin_fraction)
        if key.startswith("entry.corridor."):
            return float(self.corridor()[key.removeprefix("entry.corridor.")])
        return self.project.graph.value(key)

    def samples(self, key: str) -> list[float]:
        """The per-sample values of a Monte Carlo quantity (SI)."""
        result = self.monte_carlo()
        return [float(x) for x in result[key.removeprefix("entry.monte_carlo.")]]

    def _activity(self, kind: ActivityKind) -> Any:
        found = self.project.plan.of_kind(kind)
        return found[0] if found else None

    def monte_carlo(self) -> dict[str, Any]:
        if self._monte_carlo is None and not self._monte_carlo_error:
            activity = self._activity(ActivityKind.ENTRY_MONTE_CARLO)
            if not isinstance(activity, EntryMonteCarloActivity):
                self._monte_carlo_error = "no entry_monte_carlo activity in verification/"
            elif not self.graph_ok:
                self._monte_carlo_error = f"budgets and analyses failed: {self.graph_error}"
            else:
                self.say(f"entry Monte Carlo {activity.id}: {activity.samples} samples, "
                         f"seed {activity.seed}")
                graph, mission = self.project.graph, self.project.mission
                try:
                    self._monte_carlo = self.cache.get_or_compute(
                        "entry.monte_carlo", entry_input_values(graph, mission),
                        lambda: monte_carlo(graph, mission, activity),
                        monte_carlo_settings(activity))
                except (OkaeriError, ValueError, ArithmeticError) as exc:
                    self._monte_carlo_error = f"entry Monte Carlo failed: {exc}"
        if self._monte_carlo is None:
            raise _AnalysisFailedError(self._monte_carlo_error)
        return self._monte_carlo

    def corridor(self) -> dict[str, Any]:
        if self._corridor is None and not self._corridor_error:
            activity = self._activity(ActivityKind.ENTRY_CORRIDOR)
            if not isinstance(activity, EntryCorridorActivity):
                self._corridor_error = "no entry_corridor activity in verification/"
            else:
                self.say(f"entry corridor {activity.id}")
                graph, mission = self.project.graph, self.project.mission
                try:
                    self._corridor = self.cache.get_or_compute(
                        "entry.corridor", entry_input_values(graph, mission),
                        lambda: corridor(graph, mission, activity),
                        activity.model_dump(mode="json"))
                except (OkaeriError, ValueError, ArithmeticError) as exc:
                    self._corridor_error = f"entry corridor failed: {exc}"
        if self._corridor is None:
            raise _AnalysisFailedError(self._corridor_error)
        return self._corridor

    def monte_carlo_samples(self) -> MonteCarloSamples | None:
        activity = self._activity(ActivityKind.ENTRY_MONTE_CARLO)
        if self._monte_carlo is None or not isinstance(activity, EntryMonteCarloActivity):
            return None
        from okaeri.verification.analyses import MONTE_CARLO_OUTPUTS

        data = self._monte_carlo
        target = entry_input_values(self.project.graph, self.project.mission)
        return MonteCarloSamples(
            activity=activity.id, samples=activity.samples, seed=activity.seed,
            values={k: tuple(data[k]) for k in MONTE_CARLO_OUTPUTS},
            units=dict(MONTE_CARLO_OUTPUTS),
            target_latitude_deg=math.degrees(target["target_latitude"]),
            target_longitude_deg=math.degrees(target["target_longitude"]),
            deploy_latitude_deg=tuple(math.degrees(x) for x in data["deploy_latitude"]),
            deploy_longitude_deg=tuple(math.degrees(x) for x in data["deploy_longitude"]),
        )


def _statistic(samples: list[float], statistic: Any) -> float:
    import numpy as np

    array = np.asarray(samples, dtype=float)
    if statistic.percentile is not None:
        return float(np.percentile(array, statistic.percentile))
    kind = str(statistic.kind)
    return float(np.max(array) if kind == "max" else np.min(array) if kind == "min"
                 else np.mean(array))


def _base(project: Project, requirement: Requirement) -> dict[str, Any]:
    location = project.requirements.location(requirement.id)
    return {
        "id": requirement.id, "title": requirement.title,
        "text": " ".join(requirement.text.split()),
        "level": str(requirement.level), "method": str(requirement.method or ""),
        "stage": str(requirement.stage),
        "parents": tuple(requirement.parents),
        "children": tuple(r.id for r in project.requirements.children_of(requirement.id)),
        "allocated_to": tuple(requirement.allocated_to),
        "verified_by": tuple(a.id for a in project.plan.activities_for(requirement.id)),
        "location": f"{location.file}:{location.line}",
    }


def _close(project: Project, requirement: Requirement, values: _Values,
           test_outcomes: TestOutcomes) -> RequirementResult:
    base = _base(project, requirement)
    criterion = requirement.criterion
    if criterion is not None:
        return _close_by_criterion(project, requirement, values, base)
    tests = list(test_outcomes.get(requirement.id, ()))
    if tests:
        failed = [name for name, ok in tests if not ok]
        return RequirementResult(
            **base, verdict=Verdict.FAIL if failed else Verdict.PASS,
            evidence=tuple(Evidence("test", name, "passed" if ok else "failed")
                           for name, ok in tests),
            reason=f"failed tests: {', '.join(failed)}" if failed else "")
    records = project.plan.evidence_for(requirement.id)
    if records:
        return _close_by_records(project, requirement, records, base)
    if project.requirements.children_of(requirement.id):
        return RequirementResult(**base, verdict=Verdict.PASS,
                                 evidence=(Evidence("children", "derived requirements"),))
    return RequirementResult(**base, verdict=Verdict.INCONCLUSIVE,
                             reason="no criterion, evidence record or marked test yet")


def _close_by_records(project: Project, requirement: Requirement, records: Iterable[Any],
                      base: dict[str, Any]) -> RequirementResult:
    verdict, reasons, evidence, stale = Verdict.PASS, [], [], False
    for record in records:
        status = evidence_status(record, project.folder, requirement)
        detail = f"{record.artefact} (sha256 {str(record.sha256)[:12]}), {record.date}, " \
                 f"by {record.by}: {record.result}"
        evidence.append(Evidence("record", record.title, detail))
        if status.stale:
            stale = True
            verdict = max(verdict, Verdict.INCONCLUSIVE, key=SEVERITY.__getitem__)
            reasons.append(f"stale evidence: {status.describe()}")
        elif record.result == "fail":
            verdict = Verdict.FAIL
            reasons.append(f"{record.title}: fail")
        elif record.result == "pending":
            verdict = max(verdict, Verdict.INCONCLUSIVE, key=SEVERITY.__getitem__)
            reasons.append(f"{record.title}: pending")
    return RequirementResult(**base, verdict=verdict, evidence=tuple(evidence),
                             reason="; ".join(reasons), evidence_stale=stale)


def _close_by_criterion(project: Project, requirement: Requirement, values: _Values,
                        base: dict[str, Any]) -> RequirementResult:
    criterion = requirement.criterion
    if criterion is None:  # pragma: no cover - the caller checked
        raise ValueError(requirement.id)
    unit = quantity_unit(criterion.quantity, project.graph) or ""
    common = {**base, "criterion": criterion.describe(), "unit_si": unit,
              "quantity": criterion.quantity,
              "statistic": criterion.statistic.describe() if criterion.statistic else "",
              "comparator": str(criterion.comparator),
              "required_margin": criterion.required_margin_si}
    try:
        if criterion.statistic is not None:
            value = _statistic(values.samples(criterion.quantity), criterion.statistic)
            activity = project.plan.of_kind(ActivityKind.ENTRY_MONTE_CARLO)[0]
            samples = values.monte_carlo()
            evidence = Evidence("analysis", f"{activity.id} {activity.title}",
                                f"{criterion.statistic.describe()} of "
                                f"{len(samples['end_event'])} samples, seed "
                                f"{getattr(activity, 'seed', '')}")
        else:
            value = values.scalar(criterion.quantity)
            evidence = Evidence("analysis", criterion.quantity, _origin_of(project, criterion,
                                                                           values))
        limit = (values.scalar(criterion.limit.key) if isinstance(criterion.limit, NodeRef)
                 else si(criterion.limit))
    except (_AnalysisFailedError, OkaeriError, KeyError) as exc:
        return RequirementResult(**common, verdict=Verdict.ERROR, reason=str(exc))
    if not (math.isfinite(limit) and not math.isnan(value)):
        return RequirementResult(**common, verdict=Verdict.ERROR, value_si=value,
                                 limit_si=limit, reason="the value or the limit is not a number")
    assessment = criterion.assess(value, limit)
    verdict = Verdict.PASS if assessment.satisfied else Verdict.FAIL
    low = assessment.satisfied and not assessment.margin_met
    reason = ""
    if verdict is Verdict.FAIL:
        reason = "the value does not meet the limit"
    elif low:
        reason = (f"margin {100 * assessment.margin:.1f} % is below the required "
                  f"{100 * criterion.required_margin_si:.1f} %")
    return RequirementResult(**common, verdict=verdict, value_si=value, limit_si=limit,
                             margin=assessment.margin, below_required_margin=low,
                             evidence=(evidence,), reason=reason)


def _origin_of(project: Project, criterion: Any, values: _Values) -> str:
    key = criterion.quantity
    if key in project.graph:
        origin = project.graph.node(key).origin
        return str(origin.file and f"{origin.file}:{origin.line}" if isinstance(
            origin, Location) else origin)
    if key.startswith("entry.corridor."):
        found = values.corridor()
        return (f"corridor limited by {found['steep_limit']} (steep) and "
                f"{found['shallow_limit']} (shallow)")
    return "re-solving the budgets with the system margin as the unknown"


def _roll_up(project: Project, results: dict[str, RequirementResult]
             ) -> dict[str, RequirementResult]:
    """A requirement is as bad as its worst derived requirement (children first)."""
    done: dict[str, RequirementResult] = {}

    def visit(requirement_id: str) -> RequirementResult:
        if requirement_id in done:
            return done[requirement_id]
        own = results[requirement_id]
        children = [visit(c) for c in own.children if c in results]
        bad = [c for c in children if c.verdict in (Verdict.FAIL, Verdict.ERROR)]
        worst = max((c.verdict for c in children), key=SEVERITY.__getitem__,
                    default=Verdict.PASS)
        if SEVERITY[worst] > SEVERITY[own.verdict]:
            from dataclasses import replace

            why = ", ".join(f"{c.id} {c.verdict}" for c in children if c.verdict == worst)
            own = replace(own, verdict=worst, marked_by=tuple(c.id for c in bad),
                          reason="; ".join(filter(None, (own.reason,
                                                         f"derived requirement {why}"))))
        done[requirement_id] = own
        return own

    for requirement_id in results:
        visit(requirement_id)
    return done


def _counts(results: tuple[RequirementResult, ...]) -> Counts:
    def count(verdict: Verdict) -> int:
        return sum(1 for r in results if r.verdict is verdict)

    return Counts(len(results), count(Verdict.PASS), count(Verdict.FAIL),
                  count(Verdict.INCONCLUSIVE), count(Verdict.ERROR),
                  sum(1 for r in results if r.below_required_margin))


def provenance(project: Project) -> Provenance:
    """Mission files' hash, git revision, package version and the run's timestamp."""
    digest = hashlib.sha256()
    for path in sorted(project.folder.rglob("*")):
        relative = path.relative_to(project.folder).as_posix()
        if path.is_file() and relative.split("/")[0] in (
                "model", "requirements", "verification", "evidence"):
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    revision, dirty = _git(project.folder)
    return Provenance(project.mission.name, project.folder.name or str(project.folder),
                      __version__, digest.hexdigest(), revision, dirty, run_timestamp())


def run_timestamp() -> str:
    """ISO 8601 UTC time of the run: ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit()
              else dt.datetime.now(dt.UTC))
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _git(folder: Path) -> tuple[str | None, bool | None]:
    try:
        revision = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"],
                                  capture_output=True, text=True, timeout=5)
        if revision.returncode != 0:
            return None, None
        status = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--",
                                 "."], capture_output=True, text=True, timeout=5)
        return revision.stdout.strip(), bool(status.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return None, None
