"""From activities to analysis instances: look up the analysis, check settings and inputs.

Each activity that names an analysis becomes an :class:`~okaeri.budgets.AnalysisUse`:
its settings validated against the analysis's settings model, and, for an analysis okaeri
does not wire itself (a package's or the mission's own), every input port bound to a graph
key (``"= otv.x.y"``) or a constant (``"406000 km"``) whose unit fits the port. Once the
graph is built, :func:`port_findings` checks that each bound key exists and has the port's
dimension. Every problem is a located finding.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import ValidationError

from okaeri.analysis.registry import Analysis, Port, Registry
from okaeri.budgets import AnalysisUse
from okaeri.errors import Finding, Location
from okaeri.graph import DependencyGraph, unit_info
from okaeri.model.errors import findings_from_validation
from okaeri.requirements.model import Origin
from okaeri.units import describe_kind, format_quantity, parse_quantity, si, unit_kind
from okaeri.verification.activities import Activity, VerificationPlan

__all__ = ["analysis_uses", "port_findings"]

_KEY = re.compile(r"^=\s*([a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+)\s*$")


def analysis_uses(plan: VerificationPlan, registry: Registry
                  ) -> tuple[list[AnalysisUse], list[Finding]]:
    """The analysis instances the plan's activities name, and every finding about them."""
    uses: list[AnalysisUse] = []
    findings: list[Finding] = []
    for activity, origin in plan.activity_entries:
        if activity.analysis is None:
            continue
        analysis = registry.get(activity.analysis)
        if analysis is None:
            findings.append(Finding(origin.location("analysis"), "okaeri.dangling_ref",
                                    f"unknown analysis '{activity.analysis}'",
                                    registry.hint(activity.analysis)))
            continue
        settings, settings_findings = _settings(activity, origin, analysis)
        findings += settings_findings
        if settings_findings:
            continue
        if analysis.bind is not None:
            findings += _wired_by_okaeri(activity, origin, analysis)
            uses.append(AnalysisUse(analysis.name, analysis, settings, None,
                                    origin.location()))
            continue
        inputs, input_findings = _inputs(activity, origin, analysis)
        findings += input_findings
        if not input_findings:
            uses.append(AnalysisUse(activity.key or analysis.name, analysis, settings, inputs,
                                    origin.location()))
    return uses, findings


def _settings(activity: Activity, origin: Origin, analysis: Analysis
              ) -> tuple[Any, list[Finding]]:
    if analysis.settings is None:
        if activity.settings:
            return None, [Finding(origin.location("settings"), "okaeri.unknown_key",
                                  f"analysis '{analysis.name}' takes no settings",
                                  "remove 'settings:'")]
        return None, []
    try:
        return analysis.settings.model_validate(activity.settings), []
    except ValidationError as exc:
        if origin.document is None:
            return None, [Finding(origin.location("settings"), "okaeri.invalid_value",
                                  str(exc))]
        if not isinstance(origin.document.get((*origin.path, "settings")), dict):
            # no settings written at all: nothing inside them to point at
            missing = [".".join(map(str, e["loc"])) for e in exc.errors(include_url=False)]
            return None, [Finding(
                origin.location(), "okaeri.missing_key", f"analysis '{analysis.name}' needs "
                f"settings: missing {', '.join(repr(m) for m in missing)}",
                f"add 'settings:' with {', '.join(missing)}")]
        return None, findings_from_validation(exc, origin.document, analysis.settings,
                                              (*origin.path, "settings"))


def _wired_by_okaeri(activity: Activity, origin: Origin, analysis: Analysis) -> list[Finding]:
    findings = []
    if activity.inputs:
        findings.append(Finding(origin.location("inputs"), "okaeri.unknown_key",
                                f"okaeri wires the inputs of '{analysis.name}' from the "
                                "mission model", "remove 'inputs:'; change the model values "
                                "instead"))
    if activity.as_ is not None and activity.as_ != analysis.name:
        findings.append(Finding(origin.location("as"), "okaeri.invalid_value",
                                f"okaeri's '{analysis.name}' keeps its own key",
                                f"remove 'as:'; its outputs are '{analysis.name}.*'"))
    return findings


def _inputs(activity: Activity, origin: Origin, analysis: Analysis
            ) -> tuple[dict[str, Any], list[Finding]]:
    inputs: dict[str, Any] = {}
    findings = []
    for port_name, port in analysis.inputs.items():
        text = activity.inputs.get(port_name)
        if text is None:
            findings.append(Finding(
                origin.location("inputs"), "okaeri.missing_key",
                f"input '{port_name}' of analysis '{analysis.name}' ({_expected(port)}) is "
                "not bound", f'add under inputs: {port_name}: "= <graph key>" or a value '
                f"with its unit"))
            continue
        bound = _bound(text, port, origin.location("inputs", port_name))
        if isinstance(bound, Finding):
            findings.append(bound)
        else:
            inputs[port_name] = bound
    for name in activity.inputs:
        if name not in analysis.inputs:
            findings.append(Finding(
                origin.location("inputs", name), "okaeri.unknown_key",
                f"analysis '{analysis.name}' has no input '{name}'",
                f"its inputs: {', '.join(analysis.inputs) or 'none'}"))
    return inputs, findings


def _expected(port: Port) -> str:
    return f"{describe_kind(port.kind())} in {port.unit or 'no unit'}"


def _bound(text: str, port: Port, where: Any) -> Any:
    match = _KEY.match(text)
    if match is not None:
        return match.group(1)
    try:
        quantity = parse_quantity(text)
    except ValueError as exc:
        return Finding(where, "okaeri.not_a_quantity", f"expected '= <graph key>' or a value "
                       f"with its unit ({_expected(port)}), got {exc}",
                       f"e.g. '= otv.propulsion.thrust' or '1 {port.unit}'".strip())
    if not (math.isfinite(float(quantity.magnitude)) and math.isfinite(si(quantity))):
        return Finding(where, "okaeri.out_of_range", f"expected a finite value "
                       f"({_expected(port)}), got '{text}'",
                       "use a value whose SI value is below about 1.8e308")
    if unit_kind(quantity.units) != port.kind():
        return Finding(where, "okaeri.unit_mismatch",
                       f"expected {_expected(port)}, got '{format_quantity(quantity)}' "
                       f"({describe_kind(unit_kind(quantity.units))})",
                       f"give the value in a unit of {describe_kind(port.kind())}")
    return quantity


def port_findings(graph: DependencyGraph, uses: list[AnalysisUse],
                  plan: VerificationPlan) -> list[Finding]:
    """Each input bound to a graph key: the key exists and has the port's dimension."""
    origins = {a.key: o for a, o in plan.activity_entries if a.analysis is not None}
    findings = []
    for use in uses:
        origin = origins.get(use.key)
        for port_name, source in (use.inputs or {}).items():
            if not isinstance(source, str):
                continue
            where = (origin.location("inputs", port_name) if origin else
                     use.origin if isinstance(use.origin, Location) else Location(path=use.key))
            port = use.analysis.inputs[port_name]
            if source not in graph:
                from okaeri.errors import did_you_mean

                findings.append(Finding(where, "okaeri.dangling_ref",
                                        f"input '{port_name}' reads '{source}', which is not a "
                                        "value of the model", did_you_mean(source, graph.keys())
                                        or "correct the key"))
                continue
            node = graph.node(source)
            if node.dimension != unit_info(port.unit).dimension:
                findings.append(Finding(
                    where, "okaeri.unit_mismatch",
                    f"input '{port_name}' expects {_expected(port)}, but '{source}' is "
                    f"{node.dimension.describe()}",
                    "bind the input to a value of the port's kind"))
    return findings
