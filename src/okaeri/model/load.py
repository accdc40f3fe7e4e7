"""Loading a mission folder into one checked :class:`~okaeri.model.mission.Mission`.

Every file is read and validated, then the files are merged and checked across each
other (duplicate ids, references to ids that do not exist, cycles in a breakdown).
All findings are collected before :class:`~okaeri.errors.ModelError` is raised.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from okaeri.errors import Finding, Location, ModelError
from okaeri.model.errors import findings_from_validation
from okaeri.model.mission import Mission, MissionHeader, ModelFile
from okaeri.model.phases import (
    DescentPhase,
    EntryPhase,
    ManoeuvrePhase,
    MassEventPhase,
    OperationsPhase,
)
from okaeri.model.vehicles import Capsule
from okaeri.model.yaml_source import PathKey, SourceDocument, read_yaml

MODEL_DIR = "model"
REQUIREMENTS_DIR = "requirements"
VERIFICATION_DIR = "verification"
YAML_SUFFIXES = (".yaml", ".yml")

# Section names of vehicles that component ids must not shadow in graph paths.
_RESERVED_COMPONENT_IDS = frozenset(
    {"propulsion", "aeroshell", "heat_shield", "parachute", "sample_canister", "components"}
)


def reference_mission_path() -> Path:
    """Folder of the reference mission shipped with okaeri (LSR-1)."""
    return Path(str(resources.files("okaeri") / "mission"))


def mission_root(folder: Path | str | None) -> Path:
    """The mission folder ``folder`` names (default: the reference mission).

    Raises :class:`~okaeri.errors.ModelError` when it is not a folder.
    """
    root = Path(folder) if folder is not None else reference_mission_path()
    if not root.is_dir():
        raise ModelError([Finding(Location(str(root)), "okaeri.no_mission",
                                  "mission folder not found",
                                  "give the folder holding model/, requirements/ and "
                                  "verification/ (create one with 'okaeri init DIR')")])
    return root


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files directly in ``folder``, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


@dataclass
class _Element:
    """An element found in a file, with where it stands (for cross-file findings)."""

    document: SourceDocument
    path: PathKey

    def location(self, *extra: str | int) -> Location:
        return self.document.location((*self.path, *extra))


@dataclass
class _Merged:
    sources: dict[str, Location] = field(default_factory=dict)
    headers: list[tuple[MissionHeader, _Element]] = field(default_factory=list)
    vehicles: list[tuple[Any, _Element]] = field(default_factory=list)
    stacks: list[tuple[Any, _Element]] = field(default_factory=list)
    phase_files: list[tuple[tuple[Any, ...], SourceDocument]] = field(default_factory=list)


def load_mission(folder: Path | str | None = None) -> Mission:
    """Load and check the mission in ``folder`` (default: the reference mission).

    Raises :class:`~okaeri.errors.ModelError` carrying every finding when anything is
    wrong; nothing is returned half-checked.
    """
    root = mission_root(folder)
    findings: list[Finding] = []
    files = yaml_files(root / MODEL_DIR)
    if not files:
        raise ModelError([Finding(Location(f"{MODEL_DIR}/"), "okaeri.no_model",
                                  "no YAML model files found",
                                  "a mission folder holds model/*.yaml; create one with "
                                  "'okaeri init DIR'")])
    merged = _Merged()
    for path in files:
        display = f"{MODEL_DIR}/{path.name}"
        document, read_findings = read_yaml(path, display)
        findings += read_findings
        if document is None or read_findings:
            continue
        if not isinstance(document.data, dict):
            findings.append(Finding(document.location(()), "okaeri.wrong_type",
                                    f"expected a mapping of sections, got "
                                    f"{type(document.data).__name__}",
                                    "a model file has keys mission, vehicles, stacks, phases"))
            continue
        try:
            model_file = ModelFile.model_validate(document.data)
        except ValidationError as exc:
            findings += findings_from_validation(exc, document, ModelFile)
            continue
        _collect(model_file, document, merged)
    if findings:
        raise ModelError(findings)
    mission, merge_findings = _merge(merged, root)
    findings += merge_findings
    if mission is not None:
        findings += _check_references(mission, merged)
    if findings or mission is None:
        raise ModelError(findings)
    return mission


def _collect(model_file: ModelFile, document: SourceDocument, merged: _Merged) -> None:
    merged.sources.update(document.index())
    if model_file.mission is not None:
        merged.headers.append((model_file.mission, _Element(document, ("mission",))))
    merged.vehicles += [(v, _Element(document, ("vehicles", i)))
                        for i, v in enumerate(model_file.vehicles)]
    merged.stacks += [(s, _Element(document, ("stacks", i)))
                      for i, s in enumerate(model_file.stacks)]
    if model_file.phases:
        merged.phase_files.append((model_file.phases, document))


def _duplicates(items: Iterable[tuple[Any, _Element]], what: str) -> list[Finding]:
    first: dict[str, _Element] = {}
    findings = []
    for item, element in items:
        if item.id in first:
            previous = first[item.id].location("id")
            findings.append(Finding(
                element.location("id"), "okaeri.duplicate_id",
                f"{what} id '{item.id}' is already used at {previous.file}:{previous.line}",
                f"give each {what} its own id"))
        else:
            first[item.id] = element
    return findings


def _merge(merged: _Merged, root: Path) -> tuple[Mission | None, list[Finding]]:
    findings = _duplicates(merged.vehicles, "vehicle") + _duplicates(merged.stacks, "stack")
    if not merged.headers:
        findings.append(Finding(Location(f"{MODEL_DIR}/"), "okaeri.missing_key",
                                "no file has a 'mission' section",
                                "add 'mission:' with name, policy and trajectory to one file"))
    for _, element in merged.headers[1:]:
        first = merged.headers[0][1].location()
        findings.append(Finding(element.location(), "okaeri.duplicate_id",
                                f"a second 'mission' section (the first is in {first.file})",
                                "keep one mission section"))
    if not merged.phase_files:
        findings.append(Finding(Location(f"{MODEL_DIR}/"), "okaeri.missing_key",
                                "no file has 'phases'", "list the mission phases in one file"))
    for _, document in merged.phase_files[1:]:
        findings.append(Finding(document.location(("phases",)), "okaeri.duplicate_id",
                                f"phases are also listed in {merged.phase_files[0][1].display}",
                                "list all phases in flight order in one file"))
    if merged.phase_files:
        phases, document = merged.phase_files[0]
        findings += _duplicates(
            ((p, _Element(document, ("phases", i))) for i, p in enumerate(phases)), "phase")
    for vehicle, element in merged.vehicles:
        findings += _duplicates(
            ((c, _Element(element.document, (*element.path, "components", i)))
             for i, c in enumerate(vehicle.components)), "component")
    if findings:
        return None, findings
    mission = Mission(
        header=merged.headers[0][0],
        vehicles=tuple(v for v, _ in merged.vehicles),
        stacks=tuple(s for s, _ in merged.stacks),
        phases=merged.phase_files[0][0],
    )
    return mission.with_sources(merged.sources), []


def _unknown(kind: str, name: str, known: Iterable[str], location: Location) -> Finding:
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    hint += f"known {kind} ids: {', '.join(known)}" if known else f"no {kind} is defined"
    return Finding(location, "okaeri.dangling_ref", f"unknown {kind} '{name}'", hint)


def _check_references(mission: Mission, merged: _Merged) -> list[Finding]:
    findings: list[Finding] = []
    vehicle_ids = {v.id for v in mission.vehicles}
    stack_ids = {s.id for s in mission.stacks}
    for stack, element in merged.stacks:
        for i, vehicle_id in enumerate(stack.vehicles):
            if vehicle_id not in vehicle_ids:
                findings.append(_unknown("vehicle", vehicle_id, vehicle_ids,
                                         element.location("vehicles", i)))
    for vehicle, element in merged.vehicles:
        findings += _check_breakdown(vehicle, element)
    phases, document = merged.phase_files[0]
    for index, phase in enumerate(phases):
        findings += _check_phase(mission, phase, _Element(document, ("phases", index)),
                                 vehicle_ids, stack_ids)
    return findings


def _check_breakdown(vehicle: Any, element: _Element) -> list[Finding]:
    findings = []
    ids = {c.id: i for i, c in enumerate(vehicle.components)}
    parents = {c.id: c.parent for c in vehicle.components}
    for i, component in enumerate(vehicle.components):
        where = _Element(element.document, (*element.path, "components", i))
        if component.id in _RESERVED_COMPONENT_IDS:
            findings.append(Finding(where.location("id"), "okaeri.reserved_id",
                                    f"component id '{component.id}' is the name of a vehicle "
                                    "section", f"rename it, e.g. '{component.id}_hardware'"))
        if component.parent is not None and component.parent not in ids:
            findings.append(_unknown(f"component of {vehicle.id}", component.parent, ids,
                                     where.location("parent")))
    reported: set[str] = set()
    for start in ids:
        chain = [start]
        node = parents.get(start)
        while node is not None and node in ids and node not in chain:
            chain.append(node)
            node = parents.get(node)
        if node is not None and node in chain and node not in reported:
            cycle = chain[chain.index(node):]
            reported.update(cycle)
            where = _Element(element.document, (*element.path, "components", ids[node]))
            findings.append(Finding(
                where.location("parent"), "okaeri.cycle",
                f"breakdown cycle in {vehicle.id}: {' -> '.join([*cycle, node])}",
                "a component cannot be its own ancestor; fix one of these 'parent' keys"))
    if isinstance(vehicle, Capsule) and vehicle.sample_canister.component not in ids:
        findings.append(_unknown(f"component of {vehicle.id}",
                                 vehicle.sample_canister.component, ids,
                                 element.location("sample_canister", "component")))
    return findings


def _check_phase(mission: Mission, phase: Any, element: _Element,
                 vehicle_ids: set[str], stack_ids: set[str]) -> list[Finding]:
    findings = []
    stack_vehicles: tuple[str, ...] = ()
    if hasattr(phase, "stack"):
        if phase.stack not in stack_ids:
            findings.append(_unknown("stack", phase.stack, stack_ids, element.location("stack")))
        else:
            stack_vehicles = mission.stack(phase.stack).vehicles
    if isinstance(phase, ManoeuvrePhase | OperationsPhase) and phase.performed_by is not None:
        if phase.performed_by not in vehicle_ids:
            findings.append(_unknown("vehicle", phase.performed_by, vehicle_ids,
                                     element.location("performed_by")))
        elif getattr(mission.vehicle(phase.performed_by), "propulsion", None) is None:
            findings.append(Finding(element.location("performed_by"), "okaeri.invalid_value",
                                    f"vehicle '{phase.performed_by}' has no propulsion",
                                    "give the vehicle a 'propulsion' section or choose "
                                    "another vehicle"))
        elif stack_vehicles and phase.performed_by not in stack_vehicles:
            findings.append(Finding(element.location("performed_by"), "okaeri.invalid_value",
                                    f"vehicle '{phase.performed_by}' is not in stack "
                                    f"'{phase.stack}'", f"stack vehicles: "
                                    f"{', '.join(stack_vehicles)}"))
    if isinstance(phase, OperationsPhase) and phase.delta_v and phase.performed_by is None:
        findings.append(Finding(element.location("delta_v"), "okaeri.missing_key",
                                "a delta-v needs the vehicle that performs it",
                                "add 'performed_by: <vehicle id>'"))
    if isinstance(phase, MassEventPhase):
        for i, ref in enumerate(phase.adds):
            vehicle_id, _, component_id = ref.partition(".")
            if vehicle_id not in vehicle_ids:
                findings.append(_unknown("vehicle", vehicle_id, vehicle_ids,
                                         element.location("adds", i)))
                continue
            components = {c.id for c in mission.vehicle(vehicle_id).components}
            if component_id not in components:
                findings.append(_unknown(f"component of {vehicle_id}", component_id,
                                         components, element.location("adds", i)))
        for i, vehicle_id in enumerate(phase.separates):
            if vehicle_id not in vehicle_ids:
                findings.append(_unknown("vehicle", vehicle_id, vehicle_ids,
                                         element.location("separates", i)))
    if isinstance(phase, EntryPhase | DescentPhase):
        if phase.vehicle not in vehicle_ids:
            findings.append(_unknown("vehicle", phase.vehicle, vehicle_ids,
                                     element.location("vehicle")))
        elif not isinstance(mission.vehicle(phase.vehicle), Capsule):
            findings.append(Finding(element.location("vehicle"), "okaeri.invalid_value",
                                    f"vehicle '{phase.vehicle}' is not a capsule",
                                    "entry and descent phases apply to a vehicle of "
                                    "kind: capsule"))
    return findings
