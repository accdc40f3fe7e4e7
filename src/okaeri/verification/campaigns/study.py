"""Trade study files: design variables, a design of experiments, outputs, objectives.

A study is one YAML file with a ``trade`` section::

    trade:
      mission: ../my-mission          # optional, relative to this file; default: LSR-1
      variables:
        otv.propulsion.thrust: ["500 N", "1000 N", "2000 N"]
        capsule.aeroshell.diameter: {from: "0.7 m", to: "1.0 m", steps: 4}
      design: full_factorial          # or {kind: latin_hypercube, samples: 20, seed: 1}
      outputs: [budget.mass.launch, SYS-010, CAP-010]
      objectives: {budget.mass.launch: minimize, CAP-010: maximize}

:func:`load_study` reads it, loads the mission, and checks every name against the mission:
a variable must be a parameter of the dependency graph and its values of the parameter's
dimension; an output must be a requirement id, a value of the model (graph node, budget,
analysis output) or a statistic of a Monte Carlo output (``P99.87(entry.monte_carlo.x)``,
``max(...)``, ``min(...)``, ``mean(...)``). Every problem is a finding located at its line
in the study file, with a "did you mean" where a name is close to a known one; all are
collected before :class:`~okaeri.errors.ModelError` is raised.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator

from okaeri.errors import Finding, ModelError
from okaeri.model.base import OkaeriModel
from okaeri.model.yaml_source import SourceDocument
from okaeri.requirements.model import bounded
from okaeri.verification.project import Project

MAX_POINTS = 100_000
"""Most points a study may have (a typo in ``steps`` should not start a week-long run)."""

_STATISTIC = re.compile(r"^\s*(P(?P<p>\d+(?:\.\d+)?)|(?P<kind>max|min|mean))\s*\(\s*"
                        r"(?P<key>[^()\s]+)\s*\)\s*$")


class DesignKind(StrEnum):
    """How the points of a study are chosen."""

    FULL_FACTORIAL = "full_factorial"
    """Every combination of every variable's values (ranges need ``steps``)."""
    LATIN_HYPERCUBE = "latin_hypercube"
    """``samples`` points, one per row and column of each variable's strata
    (:class:`scipy.stats.qmc.LatinHypercube`, scrambled, seeded)."""
    SOBOL = "sobol"
    """``samples`` points (a power of 2) of a scrambled Sobol sequence
    (:class:`scipy.stats.qmc.Sobol`, seeded)."""


class Design(OkaeriModel):
    """The design of experiments: ``full_factorial`` or a seeded space-filling design."""

    kind: DesignKind = DesignKind.FULL_FACTORIAL
    """``full_factorial``, ``latin_hypercube`` or ``sobol``."""
    samples: Annotated[int, *bounded("1 point or more", 1)] | None = None
    """Number of points of a Latin hypercube or Sobol design (Sobol: a power of 2)."""
    seed: Annotated[int, *bounded("a seed of 0 or more", 0)] = 0
    """Seed of the design's random generator: the same seed gives the same points."""


class Sense(StrEnum):
    """Direction of an objective."""

    MINIMIZE = "minimize"
    MAXIMIZE = "maximize"


class TradeSection(OkaeriModel):
    """The ``trade`` section of a study file."""

    mission: str | None = None
    """Mission folder, relative to the study file; default: the reference mission."""
    variables: dict[str, Any] = Field(min_length=1)
    """Parameter key -> a list of values (``["500 N", "1000 N"]``) or a range
    (``{from: "0.7 m", to: "1.0 m", steps: 4}``)."""
    design: Design = Design()
    """``full_factorial`` (default), or ``{kind: latin_hypercube|sobol, samples, seed}``."""
    outputs: tuple[str, ...] = Field(min_length=1)
    """Requirement ids, model values, or Monte Carlo statistics (``P99(entry.monte_carlo.x)``)."""
    objectives: dict[str, Sense] = Field(default_factory=dict)
    """Two outputs to draw the Pareto front of: output -> ``minimize`` or ``maximize``
    (a requirement's objective is its margin)."""

    @field_validator("design", mode="before")
    @classmethod
    def _design_shorthand(cls, value: Any) -> Any:
        return {"kind": value} if isinstance(value, str) else value


class StudyFile(OkaeriModel):
    """A study file: one ``trade`` section."""

    trade: TradeSection
    """The trade study."""


@dataclass(frozen=True)
class Variable:
    """A design variable resolved against the graph (SI values)."""

    key: str
    unit: str
    """SI unit of the parameter (``"N"``, ``"m"``, ``""`` for a fraction)."""
    levels: tuple[float, ...]
    """Values of a list, or ``steps`` evenly spaced values of a range, ends included,
    rounded to 12 significant digits (empty for a range without steps)."""
    low: float
    high: float
    """Ends of a range (first and last of a list)."""
    is_range: bool
    display_unit: str
    """The unit the study wrote the values in (``"kN"``), for tables and plots."""
    display_factor: float
    """SI value of one ``display_unit``."""
    nominal: float
    """The model's value (SI)."""

    def at(self, u: float) -> float:
        """The value at ``u`` in [0, 1): along the range, or the level of stratum ``u``."""
        if self.is_range:
            return self.low + u * (self.high - self.low)
        return self.levels[min(int(u * len(self.levels)), len(self.levels) - 1)]

    @property
    def label(self) -> str:
        """``otv.propulsion.thrust (kN)``."""
        return f"{self.key} ({self.display_unit})" if self.display_unit else self.key


@dataclass(frozen=True)
class Output:
    """What a study reports at each point."""

    name: str
    """As written in the study (``SYS-010``, ``P99(entry.monte_carlo.x)``)."""
    requirement: str | None = None
    """A requirement id: its value, limit, margin and verdict are reported."""
    quantity: str | None = None
    """A model value's key (for a requirement, its criterion's quantity)."""
    statistic: str | None = None
    """``P99.87``, ``max``, ``min`` or ``mean`` for a Monte Carlo output."""
    unit: str = ""
    """SI unit of the value."""
    required_margin: float = 0.0
    """A requirement's required margin (a fraction)."""

    @property
    def is_requirement(self) -> bool:
        """Whether the output is a requirement (with verdict and margin)."""
        return self.requirement is not None


@dataclass(frozen=True)
class Study:
    """A checked study: its variables, outputs, objectives and design."""

    path: Path
    name: str
    mission_folder: Path
    variables: tuple[Variable, ...]
    outputs: tuple[Output, ...]
    design: Design
    objectives: tuple[tuple[str, Sense], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """The variables' parameter keys, in the study's order."""
        return tuple(v.key for v in self.variables)

    def output(self, name: str) -> Output:
        """The output called ``name``."""
        return next(o for o in self.outputs if o.name == name)


def load_study(path: Path | str, mission: Path | str | None = None
               ) -> tuple[Study, Project]:
    """Read and check a study file; returns it with its loaded mission.

    ``mission`` overrides the study's ``mission`` folder. Raises
    :class:`~okaeri.errors.ModelError` with every finding (the study's and, if it does not
    load, the mission's).
    """
    from okaeri.requirements.load import read_section_file
    from okaeri.verification.project import load_project

    path = Path(path)
    document, model, findings = read_section_file(path, str(path), StudyFile, "'trade'")
    if document is None or not isinstance(model, StudyFile):
        raise ModelError(findings)
    trade = model.trade
    folder = (Path(mission) if mission is not None
              else (path.parent / trade.mission) if trade.mission is not None else None)
    if folder is not None and not folder.is_dir():
        raise ModelError([Finding(document.location(("trade", "mission")),
                                  "okaeri.unreadable", f"mission folder '{folder}' not found",
                                  "give the folder holding model/, requirements/ and "
                                  "verification/, relative to the study file")])
    project = load_project(folder)
    variables = [_variable(document, project, key, spec, trade.design.kind, findings)
                 for key, spec in trade.variables.items()]
    outputs = [_output(document, project, i, name, findings)
               for i, name in enumerate(trade.outputs)]
    findings += _design_findings(document, trade.design, [v for v in variables if v])
    findings += _objective_findings(document, trade)
    if findings:
        raise ModelError(findings)
    from okaeri.model import reference_mission_path

    return Study(path, path.stem, folder or reference_mission_path(),
                 tuple(v for v in variables if v), tuple(o for o in outputs if o),
                 trade.design, tuple(trade.objectives.items())), project


# --- variables ---------------------------------------------------------------------------


def _parameter_keys(project: Project) -> list[str]:
    from okaeri.graph import NodeKind

    return [n.key for n in project.graph.nodes() if n.kind is NodeKind.PARAMETER]


def _unknown_variable(document: SourceDocument, project: Project, key: str) -> Finding:
    from okaeri.errors import did_you_mean
    from okaeri.graph import NodeKind

    where = document.location(("trade", "variables", key), key=True)
    if key in project.graph:
        node = project.graph.node(key)
        inputs = [k for k in project.graph.upstream(key, kinds=[NodeKind.PARAMETER])][:4]
        return Finding(where, "okaeri.invalid_value",
                       f"'{key}' is a {node.kind.value} computed from other values, not a "
                       "parameter of the model", "vary one of its parameters instead"
                       + (f", e.g. {', '.join(inputs)}" if inputs else ""))
    return Finding(where, "okaeri.dangling_ref", f"'{key}' is not a parameter of the model",
                   did_you_mean(key, _parameter_keys(project))
                   or "run 'okaeri graph' to list the model's parameters")


def _quantity(document: SourceDocument, path: tuple[str | int, ...], value: Any,
              unit: str, key: str, findings: list[Finding]) -> tuple[float, str, float] | None:
    """(SI value, unit as written, SI factor of that unit) of one value, or a finding."""
    from okaeri.graph.dimensions import unit_info
    from okaeri.units import parse_quantity

    expected = unit_info(unit).dimension
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        findings.append(Finding(document.location(path), "okaeri.wrong_type",
                                f"expected a value with its unit, got {type(value).__name__}",
                                f"write e.g. '1 {unit}'" if unit else "write a number"))
        return None
    if isinstance(value, int | float):
        if not expected.dimensionless:
            findings.append(Finding(document.location(path), "okaeri.bare_number",
                                    f"'{key}' is {expected.describe()}: a bare number {value} "
                                    "has no unit", f"write the unit, in quotes: '{value} {unit}'"))
            return None
        return float(value), "", 1.0
    try:
        quantity = parse_quantity(value)
        info = unit_info(quantity.units)
    except ValueError as exc:
        findings.append(Finding(document.location(path), "okaeri.not_a_quantity",
                                f"expected a number and its unit, got {exc}",
                                f"e.g. '1 {unit}'" if unit else "e.g. '20 %'"))
        return None
    if info.dimension != expected:
        findings.append(Finding(document.location(path), "okaeri.unit_mismatch",
                                f"'{key}' is {expected.describe()} but '{value}' is "
                                f"{info.dimension.describe()}",
                                f"give the value in a unit of {expected.describe()}, e.g. "
                                f"'1 {unit}'" if unit else "give a dimensionless value or %"))
        return None
    magnitude = float(quantity.magnitude) * info.factor
    if not math.isfinite(magnitude):
        findings.append(Finding(document.location(path), "okaeri.invalid_value",
                                f"'{value}' is not a finite number"))
        return None
    from okaeri.units import format_unit

    return magnitude, format_unit(quantity.units), info.factor


def _variable(document: SourceDocument, project: Project, key: str, spec: Any,
              design: DesignKind, findings: list[Finding]) -> Variable | None:
    from okaeri.graph import NodeKind

    graph = project.graph
    if key not in graph or graph.node(key).kind is not NodeKind.PARAMETER:
        findings.append(_unknown_variable(document, project, key))
        return None
    unit, nominal = graph.node(key).unit, graph.value(key)
    base = ("trade", "variables", key)
    if isinstance(spec, list) and spec:
        parsed = [_quantity(document, (*base, i), v, unit, key, findings)
                  for i, v in enumerate(spec)]
        if any(p is None for p in parsed):
            return None
        checked = [p for p in parsed if p is not None]
        values = tuple(p[0] for p in checked)
        return Variable(key, unit, values, values[0], values[-1], False, checked[0][1],
                        checked[0][2], nominal)
    if isinstance(spec, dict):
        return _range(document, key, spec, unit, nominal, design, findings)
    findings.append(Finding(document.location(base), "okaeri.wrong_type",
                            f"expected a list of values or a range for '{key}', got "
                            f"{'an empty list' if spec == [] else type(spec).__name__}",
                            "write e.g. [\"500 N\", \"1000 N\"] or {from: \"500 N\", to: "
                            "\"2000 N\", steps: 4}"))
    return None


def _range(document: SourceDocument, key: str, spec: dict[str, Any], unit: str,
           nominal: float, design: DesignKind, findings: list[Finding]) -> Variable | None:
    base = ("trade", "variables", key)
    before = len(findings)
    unknown = sorted(set(spec) - {"from", "to", "steps"})
    for name in unknown:
        findings.append(Finding(document.location((*base, name), key=True),
                                "okaeri.unknown_key", f"unknown key '{name}' in a range",
                                "valid keys: from, to, steps"))
    for name in ("from", "to"):
        if name not in spec:
            findings.append(Finding(document.location(base), "okaeri.missing_key",
                                    f"a range needs '{name}'",
                                    "write {from: \"0.7 m\", to: \"1.0 m\", steps: 4}"))
    steps = spec.get("steps")
    if steps is not None and (isinstance(steps, bool) or not isinstance(steps, int)
                              or steps < 2):
        findings.append(Finding(document.location((*base, "steps")), "okaeri.invalid_value",
                                f"expected a whole number of steps of 2 or more, got {steps!r}"))
    elif steps is None and design is DesignKind.FULL_FACTORIAL:
        findings.append(Finding(document.location(base), "okaeri.missing_key",
                                f"a range in a full factorial design needs 'steps' ('{key}')",
                                "add steps: N (values from 'from' to 'to', ends included), "
                                "or choose a latin_hypercube or sobol design"))
    low = _quantity(document, (*base, "from"), spec["from"], unit, key, findings) \
        if "from" in spec else None
    high = _quantity(document, (*base, "to"), spec["to"], unit, key, findings) \
        if "to" in spec else None
    if len(findings) > before or low is None or high is None:
        return None
    levels: tuple[float, ...] = ()
    if isinstance(steps, int):
        levels = tuple(_round(low[0] + (high[0] - low[0]) * i / (steps - 1))
                       for i in range(steps))
    return Variable(key, unit, levels, low[0], high[0], True, low[1], low[2], nominal)


def _round(value: float) -> float:
    """``value`` to 12 significant digits: 0.8, not 0.7999999999999999, for a level."""
    return float(f"{value:.12g}")


# --- outputs -----------------------------------------------------------------------------


def _value_keys(project: Project) -> list[str]:
    return [n.key for n in project.graph.nodes() if n.has_value]


def _output(document: SourceDocument, project: Project, index: int, name: str,
            findings: list[Finding]) -> Output | None:
    graph = project.graph
    where = document.location(("trade", "outputs", index))
    if name in project.requirements:
        criterion = project.requirements[name].criterion
        quantity = criterion.quantity if criterion is not None else None
        unit = graph.node(quantity).unit if quantity is not None else ""
        statistic = criterion.statistic.describe() if criterion and criterion.statistic else None
        return Output(name, name, quantity, statistic, unit,
                      criterion.required_margin_si if criterion is not None else 0.0)
    match = _STATISTIC.match(name)
    key = match.group("key") if match else name.strip()
    if key not in graph or not graph.node(key).has_value:
        from okaeri.errors import did_you_mean

        findings.append(Finding(where, "okaeri.dangling_ref",
                                f"'{key}' is neither a requirement nor a value of the model",
                                did_you_mean(key, [*project.requirements.ids,
                                                   *_value_keys(project)])))
        return None
    node = graph.node(key)
    if node.samples and match is None:
        findings.append(Finding(where, "okaeri.missing_key",
                                f"'{key}' has one value per Monte Carlo sample: name a "
                                "statistic", f"write e.g. 'P99.87({key})' or 'max({key})'"))
        return None
    if match is not None and not node.samples:
        findings.append(Finding(where, "okaeri.invalid_value",
                                f"a statistic applies to per-sample outputs (a Monte Carlo's) "
                                f"only, not to '{key}'", f"write '{key}' alone"))
        return None
    statistic = None
    if match is not None:
        statistic = match.group("kind") or f"P{float(match.group('p')):g}"
        if match.group("p") is not None and not 0.0 <= float(match.group("p")) <= 100.0:
            findings.append(Finding(where, "okaeri.invalid_value",
                                    f"a percentile lies from 0 to 100, got {match.group('p')}"))
            return None
    return Output(name, None, key, statistic, node.unit)


# --- design and objectives ---------------------------------------------------------------


def _design_findings(document: SourceDocument, design: Design,
                     variables: list[Variable]) -> list[Finding]:
    where = document.location(("trade", "design"))
    if design.kind is DesignKind.FULL_FACTORIAL:
        count = math.prod(len(v.levels) for v in variables) if variables else 0
        found = []
        if design.samples is not None:
            found.append(Finding(where, "okaeri.invalid_value", "a full factorial design has "
                                 "no 'samples': its points are every combination of the "
                                 "variables' values", "remove 'samples'"))
        if count > MAX_POINTS:
            found.append(Finding(where, "okaeri.invalid_value", f"the full factorial design "
                                 f"has {count:,} points, more than {MAX_POINTS:,}",
                                 "use fewer values or steps, or a latin_hypercube design"))
        return found
    if design.samples is None:
        return [Finding(where, "okaeri.missing_key", f"a {design.kind} design needs "
                        "'samples' (its number of points)", "add samples: 16")]
    if design.samples > MAX_POINTS:
        return [Finding(where, "okaeri.invalid_value", f"{design.samples:,} samples is more "
                        f"than {MAX_POINTS:,}")]
    if design.kind is DesignKind.SOBOL and design.samples & (design.samples - 1):
        lower = 1 << (design.samples.bit_length() - 1)
        return [Finding(where, "okaeri.invalid_value", f"a Sobol design needs a power of 2 "
                        f"samples (its balance properties hold only then), got "
                        f"{design.samples}", f"use {lower} or {lower * 2}")]
    return []


def _objective_findings(document: SourceDocument, trade: TradeSection) -> list[Finding]:
    findings = []
    for name in trade.objectives:
        if name not in trade.outputs:
            from okaeri.errors import did_you_mean

            findings.append(Finding(document.location(("trade", "objectives", name), key=True),
                                    "okaeri.dangling_ref", f"objective '{name}' is not one of "
                                    "the outputs", did_you_mean(name, trade.outputs)
                                    or "add it to 'outputs'"))
    if trade.objectives and len(trade.objectives) != 2:
        findings.append(Finding(document.location(("trade", "objectives")),
                                "okaeri.invalid_value", f"a Pareto front needs two "
                                f"objectives, got {len(trade.objectives)}",
                                "mark exactly two outputs as objectives"))
    return findings
