"""Which model parameters move each requirement's margin most: one-at-a-time tornados.

For each requirement with a criterion, every model parameter upstream of its value and
its limit in the dependency graph (``graph.upstream(key, [NodeKind.PARAMETER])``: through
the ports of every analysis, the entry Monte Carlo's included) is set to a low and a high
value, one at a time, the others at their model values, and the margin is computed at each
end. The amount is stated per parameter:

1. a component's basic mass: ± its maturity margin (the growth allowance of its
   maturity under the mission's margin policy);
2. a parameter feeding a dispersed input of the entry Monte Carlo: ± its 3-sigma
   dispersion, or the half width of a uniform one (relative or absolute, as the activity
   states it; :func:`okaeri.analysis.entry_runs.dispersed_inputs`);
3. any other parameter: ± 10 % of its value.

A parameter whose amount is zero (a mass with no maturity margin, a value of zero) is
listed as not varied; an end outside the admissible range of the parameter's model field
is not evaluated (its error says why).

A requirement on a single value (a budget, an analysis output) is re-evaluated
incrementally on a copy of the graph: :meth:`~okaeri.graph.DependencyGraph.set_parameter`
recomputes only what depends on the parameter (about a millisecond for a budget; an
on-demand analysis such as the corridor runs again when read). A requirement on a
statistic of per-sample values (the entry Monte Carlo) is verified again at each end
(:func:`~okaeri.verification.campaigns.trade.evaluate_point`, on the campaign's executor):
the Monte Carlo keeps its seed, so the two ends share their random numbers and the
difference is the parameter's effect, not sampling noise.

Parameters are ranked by their largest change of the margin from its nominal value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okaeri.errors import Finding, Location, ModelError, OkaeriError
from okaeri.verification.campaigns.execution import Advance, Execution, imap_chunks
from okaeri.verification.campaigns.study import Output
from okaeri.verification.campaigns.trade import PointTask, evaluate_task, project_ref

if TYPE_CHECKING:
    from okaeri.graph import DependencyGraph
    from okaeri.requirements.criteria import Criterion
    from okaeri.verification.project import Project

DEFAULT_FRACTION = 0.10
"""Relative variation of a parameter with no maturity margin or dispersion (± 10 %)."""


@dataclass(frozen=True)
class Variation:
    """How far a parameter is moved each way, and why."""

    key: str
    unit: str
    """SI unit of the parameter."""
    nominal: float
    low: float
    high: float
    basis: str
    """``maturity margin 20 %``, ``3-sigma dispersion 5 %``, ``± 10 %``."""


@dataclass(frozen=True)
class Swing:
    """A requirement's margin at the two ends of one parameter's variation."""

    variation: Variation
    margin_low: float | None
    margin_high: float | None
    error: str = ""
    """Why an end could not be evaluated."""

    def effect(self, nominal: float) -> float:
        """Largest change of the margin from ``nominal`` (0 when neither end evaluated)."""
        changes = [abs(m - nominal) for m in (self.margin_low, self.margin_high)
                   if m is not None and math.isfinite(m)]
        return max(changes, default=0.0)


@dataclass(frozen=True)
class Tornado:
    """The parameters that move one requirement's margin, largest effect first."""

    requirement: str
    criterion: str
    nominal_margin: float
    required_margin: float
    method: str
    """``graph`` (incremental re-evaluation) or ``verification`` (verified at each end)."""
    swings: tuple[Swing, ...]
    not_varied: tuple[str, ...] = ()
    """Upstream parameters with a zero variation."""

    def ranked(self, top: int | None = None) -> tuple[Swing, ...]:
        """Swings by decreasing effect (then key), the first ``top`` of them."""
        ordered = sorted(self.swings, key=lambda s: (-s.effect(self.nominal_margin),
                                                     s.variation.key))
        return tuple(ordered[:top] if top else ordered)

    def as_dict(self, top: int | None = None) -> dict[str, Any]:
        """JSON-ready (SI values; margins as fractions; non-finite as ``None``)."""
        return {
            "requirement": self.requirement, "criterion": self.criterion,
            "nominal_margin": _finite(self.nominal_margin),
            "required_margin": self.required_margin, "method": self.method,
            "parameters": [{
                "key": s.variation.key, "unit_si": s.variation.unit,
                "nominal": s.variation.nominal, "low": s.variation.low,
                "high": s.variation.high, "basis": s.variation.basis,
                "margin_low": _finite(s.margin_low), "margin_high": _finite(s.margin_high),
                "effect": s.effect(self.nominal_margin), "error": s.error,
            } for s in self.ranked(top)],
            "not_varied": list(self.not_varied),
        }


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


# --- variations --------------------------------------------------------------------------


def _maturity_margins(project: Project) -> dict[str, tuple[float, str]]:
    from okaeri.budgets.mass import growth_key
    from okaeri.model import keys

    found = {}
    for vehicle in project.mission.vehicles:
        for component in vehicle.components:
            key = keys.component(vehicle.id, component.id, "basic_mass")
            growth = growth_key(project.mission, vehicle.id, component)
            fraction = project.graph.value(growth)
            found[key] = (fraction, f"maturity margin {100 * fraction:g} % "
                                    f"({growth.rpartition('.')[2]})")
    return found


def _dispersions(project: Project) -> dict[str, tuple[float, bool, str]]:
    """Parameter key -> (3-sigma amount, relative?, basis) of each parameter that feeds a
    dispersed input port of the entry Monte Carlo directly."""
    from okaeri.analysis.entry_runs import ENTRY_MONTE_CARLO, dispersed_inputs
    from okaeri.graph import NodeKind

    graph = project.graph
    found = {}
    for use in project.uses:
        if use.analysis.name != ENTRY_MONTE_CARLO.name or use.settings is None:
            continue
        node = graph.node(use.key)
        ports = dict(zip(node.ports, node.inputs, strict=True))
        for d in dispersed_inputs(use.settings.dispersions):
            key = ports.get(d.target)
            if key is not None and graph.node(key).kind is NodeKind.PARAMETER:
                found[key] = (d.extent, d.relative, f"dispersion ({d.basis})")
    return found


def variations(project: Project, keys: Iterable[str]) -> tuple[list[Variation], list[str]]:
    """The variation of each parameter in ``keys`` (see the module docstring), and the
    keys whose variation is zero."""
    graph = project.graph
    maturity = _maturity_margins(project)
    dispersion = _dispersions(project)
    found, zero = [], []
    for key in sorted(set(keys)):
        nominal, unit = graph.value(key), graph.node(key).unit
        if key in maturity:
            fraction, basis = maturity[key]
            delta = abs(nominal) * fraction
        elif key in dispersion:
            amount, relative, basis = dispersion[key]
            delta = abs(nominal) * amount if relative else amount
        else:
            delta, basis = abs(nominal) * DEFAULT_FRACTION, f"± {100 * DEFAULT_FRACTION:g} %"
        if delta == 0.0:
            zero.append(key)
            continue
        found.append(Variation(key, unit, nominal, nominal - delta, nominal + delta, basis))
    return found, zero


# --- which parameters, which method ------------------------------------------------------


def _upstream(graph: DependencyGraph, criterion: Criterion) -> set[str]:
    """The parameters that the criterion's value and limit depend on (themselves, if they
    are parameters)."""
    from okaeri.graph import NodeKind

    found: set[str] = set()
    for key in (criterion.quantity, criterion.limit_key):
        if key is None:
            continue
        if graph.node(key).kind is NodeKind.PARAMETER:
            found.add(key)
        found.update(graph.upstream(key, [NodeKind.PARAMETER]))
    return found


def _criterion(project: Project, requirement_id: str) -> Criterion:
    criterion = project.requirements[requirement_id].criterion
    if criterion is None:  # pragma: no cover - _select keeps requirements with criteria
        raise ValueError(f"{requirement_id} has no criterion")
    return criterion


def _on_samples(project: Project, requirement_id: str) -> bool:
    """Whether the requirement judges a statistic of per-sample values (verified again
    at each end), rather than one value of the graph (re-evaluated incrementally)."""
    return _criterion(project, requirement_id).statistic is not None


def _margin(graph: DependencyGraph, criterion: Criterion) -> float:
    from okaeri.units import si

    limit = (graph.value(criterion.limit_key) if criterion.limit_key is not None
             else si(criterion.limit))
    return criterion.assess(graph.value(criterion.quantity), limit).margin


def _select(project: Project, requirement_ids: list[str]) -> list[str]:
    from okaeri.errors import did_you_mean

    unknown = [i for i in requirement_ids if i not in project.requirements]
    if unknown:
        raise ModelError([Finding(Location(path="REQ"), "okaeri.dangling_ref",
                                  f"unknown requirement '{i}'",
                                  did_you_mean(i, project.requirements.ids)) for i in unknown])
    chosen = requirement_ids or [r.id for r in project.requirements.with_criterion()]
    without = [i for i in chosen if project.requirements[i].criterion is None]
    if without and requirement_ids:
        raise ModelError([Finding(project.requirements.location(i), "okaeri.invalid_value",
                                  f"{i} has no criterion, so no margin to be sensitive",
                                  "name requirements closed by a criterion (a value and a "
                                  "limit)") for i in without])
    return sorted(i for i in chosen if i not in without)


# --- the two methods ---------------------------------------------------------------------


def _graph_tornados(project: Project, ids: list[str], cache_dir: Path | None,
                    progress: Advance | None) -> dict[str, Tornado]:
    from okaeri.verification.campaigns.trade import fresh_copy, process_memo

    graph = fresh_copy(project).graph
    graph.use_memo(process_memo(cache_dir).memo)
    criteria = {i: _criterion(project, i) for i in ids}
    upstream = {i: _upstream(graph, c) for i, c in criteria.items()}
    nominal = {i: _nominal_margin(graph, i, c) for i, c in criteria.items()}
    found, zero = variations(project, set().union(*upstream.values()) if upstream else ())
    ends: dict[str, dict[str, list[float | None]]] = {i: {} for i in ids}
    errors: dict[str, str] = {}
    for variation in found:
        readers = {i: criteria[i] for i in ids if variation.key in upstream[i]}
        for value in (variation.low, variation.high):
            margins, error = _end(project, graph, variation.key, value, readers)
            if error:
                errors[variation.key] = error
            for i in readers:
                ends[i].setdefault(variation.key, []).append(margins.get(i))
        graph.set_parameter(variation.key, variation.nominal)
        if progress is not None:
            progress.advance()
    return {i: _tornado(project, i, nominal[i], "graph", found, zero, upstream[i], ends[i],
                        errors) for i in ids}


def _end(project: Project, graph: DependencyGraph, key: str, value: float,
         readers: dict[str, Criterion]) -> tuple[dict[str, float], str]:
    """The margins of ``readers`` with ``key`` set to ``value``, and why any is missing."""
    from okaeri.verification.campaigns.trade import out_of_range

    problem = out_of_range(project, (key,), (value,))
    if problem:
        return {}, problem
    try:
        graph.set_parameter(key, value)
    except (OkaeriError, ValueError, ArithmeticError) as exc:
        return {}, f"{type(exc).__name__}: {exc}"
    margins, error = {}, ""
    for requirement_id, criterion in readers.items():
        try:
            margins[requirement_id] = _margin(graph, criterion)
        except (OkaeriError, ValueError, ArithmeticError) as exc:
            error = f"{type(exc).__name__}: {exc}"
    return margins, error


def _nominal_margin(graph: DependencyGraph, requirement_id: str, criterion: Criterion
                    ) -> float:
    try:
        return _margin(graph, criterion)
    except (OkaeriError, ValueError, ArithmeticError) as exc:
        raise OkaeriError(f"{requirement_id}: the nominal margin cannot be computed: "
                          f"{exc}") from None


def _tornado(project: Project, requirement_id: str, nominal: float, method: str,
             found: list[Variation], zero: list[str], upstream: set[str],
             ends: dict[str, list[float | None]], errors: dict[str, str]) -> Tornado:
    criterion = _criterion(project, requirement_id)
    swings = tuple(Swing(v, ends[v.key][0], ends[v.key][1], errors.get(v.key, ""))
                   for v in found if v.key in upstream)
    return Tornado(requirement_id, criterion.describe(), nominal, criterion.required_margin_si,
                   method, swings, tuple(k for k in zero if k in upstream))


def _verified_tornados(project: Project, ids: list[str], execution: Execution | None,
                       cache_dir: Path | None, progress: Advance | None) -> dict[str, Tornado]:
    from okaeri.verification.cache import AnalysisCache
    from okaeri.verification.campaigns.trade import evaluate_point

    upstream = {i: _upstream(project.graph, _criterion(project, i)) for i in ids}
    found, zero = variations(project, set().union(*upstream.values()) if upstream else ())
    everything = tuple(Output(i, i) for i in ids)
    nominal_point = evaluate_point(project, (), (), everything, AnalysisCache(cache_dir))
    if nominal_point.error:
        raise OkaeriError(f"the nominal verification failed: {nominal_point.error}")
    nominal = {i: _number(nominal_point.outputs[n].margin) for n, i in enumerate(ids)}
    ref = project_ref(project, cache_dir)
    tasks: list[PointTask] = []
    for variation in found:
        outputs = tuple(Output(i, i) for i in ids if variation.key in upstream[i])
        tasks += [PointTask(ref, (variation.key,), outputs, len(tasks), (value,))
                  for value in (variation.low, variation.high)]
    ends: dict[str, dict[str, list[float | None]]] = {i: {} for i in ids}
    errors: dict[str, str] = {}
    for task, point in zip(tasks, imap_chunks(evaluate_task, tasks, execution=execution,
                                              progress=progress), strict=True):
        for output, result in zip(task.outputs, point.outputs or [None] * len(task.outputs),
                                  strict=True):
            margin = result.margin if result is not None and result.verdict != "error" else None
            ends[output.name].setdefault(task.keys[0], []).append(margin)
            if margin is None:
                errors[task.keys[0]] = point.error or (result.reason if result else "")
    return {i: _tornado(project, i, nominal[i], "verification", found, zero, upstream[i],
                        ends[i], errors) for i in ids}


def _number(value: float | None) -> float:
    return math.nan if value is None else value


def run_sensitivity(project: Project, requirement_ids: Iterable[str] = (), *,
                    execution: Execution | None = None, cache_dir: Path | None = None,
                    progress: Advance | None = None) -> tuple[Tornado, ...]:
    """A tornado per requirement (default: every requirement with a criterion), in id
    order; ``project`` is left as it was. Raises :class:`~okaeri.errors.ModelError` for an
    unknown id or, when named, a requirement without a criterion."""
    ids = _select(project, list(requirement_ids))
    on_samples = [i for i in ids if _on_samples(project, i)]
    single = [i for i in ids if i not in on_samples]
    tornados = _graph_tornados(project, single, cache_dir, progress) if single else {}
    if on_samples:
        tornados |= _verified_tornados(project, on_samples, execution, cache_dir, progress)
    return tuple(tornados[i] for i in ids)


def steps(project: Project, requirement_ids: Iterable[str] = ()) -> int:
    """How many progress steps :func:`run_sensitivity` reports (for a progress bar)."""
    ids = _select(project, list(requirement_ids))
    single: set[str] = set()
    on_samples: set[str] = set()
    for requirement_id in ids:
        keys = _upstream(project.graph, _criterion(project, requirement_id))
        (on_samples if _on_samples(project, requirement_id) else single).update(keys)
    single_varied, _ = variations(project, single)
    sampled_varied, _ = variations(project, on_samples)
    return len(single_varied) + 2 * len(sampled_varied)
