"""``okaeri check``: validate a mission folder and summarise it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from okaeri.cli._common import (
    HelpFormatter,
    add_json_flag,
    add_path_argument,
    mission_folder,
    print_json,
)
from okaeri.report.terminal import format_table

if TYPE_CHECKING:
    from okaeri.model import Mission


def register(sub: Any) -> None:
    """Add the ``check`` sub-command."""
    parser = sub.add_parser(
        "check",
        help="validate a mission folder and print its summary",
        description="Load every file of a mission folder (model, requirements, verification) "
        "and check it: units, keys, references, derived-value expressions, requirement "
        "trace, criteria, evidence. Report all findings (file:line:column, what was "
        "expected, what was found, a hint), or print a summary: vehicles, breakdown with "
        "basic and predicted masses, phases. No analysis is run.",
        epilog="exit codes: 0 valid, 2 invalid (findings printed to standard error)",
        formatter_class=HelpFormatter,
    )
    add_path_argument(parser)
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load the mission; findings propagate as ModelError (exit 2)."""
    from okaeri.errors import ModelError, format_findings
    from okaeri.verification.project import load_project

    folder = mission_folder(args.path)
    where = str(folder) if args.path is not None else "the reference mission shipped with okaeri"
    try:
        project = load_project(folder)
    except ModelError as exc:
        if args.json:
            print_json({"valid": False, "findings": [f.as_dict() for f in exc.findings]})
            return 2
        raise
    from dataclasses import asdict

    from okaeri.requirements.markers import find_markers

    mission = project.mission
    markers = find_markers(project.folder, project.requirements)
    if args.json:
        print_json({"valid": True, "summary": summary_data(mission),
                    "requirements": len(project.requirements),
                    "activities": len(project.plan.activities),
                    "evidence_records": len(project.plan.evidence),
                    "warnings": [f.as_dict() for f in project.warnings],
                    "markers": [asdict(m) for m in markers]})
        return 0
    print(summary_text(mission, where))
    print(f"\n{len(project.requirements)} requirements, {len(project.plan.activities)} "
          f"verification activities, {len(project.plan.evidence)} evidence records")
    if project.warnings:
        print(format_findings(project.warnings))
    print(markers_text(markers))
    return 0


def markers_text(markers: Any) -> str:
    """The TBD/TBC list: ``file:line  label  path  context``, one a line."""
    if not markers:
        return "\nNo TBD or TBC in the mission's files."
    tbd = sum(1 for m in markers if m.kind == "TBD")
    lines = [f"\n{len(markers)} open points ({tbd} TBD, {len(markers) - tbd} TBC):"]
    lines.append(format_table(
        ["where", "marker", "in", "marks", "text or value"],
        [[m.where, m.label, m.path, "value" if m.on_value else "text", m.context]
         for m in markers]))
    return "\n".join(lines)


def _component_rows(mission: Mission) -> dict[str, list[dict[str, Any]]]:
    from okaeri.model import growth_fraction
    from okaeri.units import si

    rows: dict[str, list[dict[str, Any]]] = {}
    for vehicle, component in mission.components():
        row: dict[str, Any] = {
            "id": component.id,
            "parent": component.parent,
            "subsystem": str(component.subsystem),
            "category": str(component.category),
            "maturity": str(component.maturity),
            "source": component.source,
        }
        if component.basic_mass is None:
            row.update(basic_mass_kg=0.0, growth_fraction=0.0, predicted_mass_kg=0.0)
        elif component.is_derived:
            row["expression"] = str(component.basic_mass)
        else:
            basic = si(component.basic_mass)
            growth = growth_fraction(mission.header.policy, component.subsystem,
                                     component.category, component.maturity, basic)
            row.update(basic_mass_kg=basic, growth_fraction=growth,
                       predicted_mass_kg=basic * (1.0 + growth))
        rows.setdefault(vehicle.id, []).append(row)
    return rows


def summary_data(mission: Mission) -> dict[str, Any]:
    """The summary as JSON-ready data (SI values, unit in each key)."""
    components = _component_rows(mission)
    return {
        "mission": mission.name,
        "policy": mission.header.policy.kind,
        "vehicles": [
            {"id": v.id, "kind": v.kind, "name": v.name, "components": components.get(v.id, [])}
            for v in mission.vehicles
        ],
        "stacks": [{"id": s.id, "vehicles": list(s.vehicles)} for s in mission.stacks],
        "phases": [{"id": p.id, "kind": p.kind, "name": p.name} for p in mission.phases],
    }


def _phase_detail(phase: Any) -> str:
    from okaeri.model import AllocatedDeltaV, ComputedDeltaV
    from okaeri.units import format_quantity

    delta_v = getattr(phase, "delta_v", None)
    if isinstance(delta_v, ComputedDeltaV):
        return f"delta-v computed ({delta_v.leg})"
    if isinstance(delta_v, AllocatedDeltaV):
        return f"delta-v allocated {format_quantity(delta_v.value)}"
    if getattr(phase, "adds", ()):
        return "adds " + ", ".join(phase.adds)
    if getattr(phase, "separates", ()):
        return "separates " + ", ".join(phase.separates)
    return ""


def summary_text(mission: Mission, where: str) -> str:
    """The human-readable summary printed by ``okaeri check``."""
    data = summary_data(mission)
    policy = mission.header.policy
    out = [
        f"{mission.name}: valid ({where})",
        f"policy: {policy.kind} ({policy.source})",
        f"{len(mission.vehicles)} vehicles, {len(mission.stacks)} stacks, "
        f"{len(mission.phases)} phases",
    ]
    for vehicle in data["vehicles"]:
        kind = f", kind {vehicle['kind']}" if vehicle["kind"] else ""
        out += ["", f"Vehicle {vehicle['id']} ({vehicle['name']}{kind})"]
        rows = []
        derived = []
        basic_total = predicted_total = 0.0
        for c in vehicle["components"]:
            if "expression" in c:
                basic, growth, predicted = "derived", "", "derived"
                derived.append(f"  {c['id']}: basic mass {c['expression']}")
            else:
                basic_total += c["basic_mass_kg"]
                predicted_total += c["predicted_mass_kg"]
                basic = f"{c['basic_mass_kg']:.2f}"
                growth = f"{100 * c['growth_fraction']:.0f}"
                predicted = f"{c['predicted_mass_kg']:.2f}"
            name = c["id"] if c["parent"] is None else f"  {c['id']} (in {c['parent']})"
            rows.append([name, c["subsystem"], c["category"], c["maturity"], basic, growth,
                         predicted])
        rows.append(["total of fixed masses", "", "", "", f"{basic_total:.2f}", "",
                     f"{predicted_total:.2f}"])
        out.append(format_table(
            ["component", "subsystem", "category", "maturity", "basic kg", "growth %",
             "predicted kg"], rows, right=frozenset({4, 5, 6})))
        out += derived
    out += ["", "Phases"]
    out.append(format_table(
        ["#", "phase", "kind", "applies to", "detail"],
        [[str(i), p.id, p.kind, getattr(p, "stack", getattr(p, "vehicle", "")),
          _phase_detail(p)] for i, p in enumerate(mission.phases, 1)],
        right=frozenset({0})))
    out += ["", "Derived masses are evaluated by the dependency graph: see 'okaeri budget'."]
    return "\n".join(out)
