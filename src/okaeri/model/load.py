"""Loading a mission folder into one checked :class:`~okaeri.model.mission.Mission`.

Every file is read and validated, then the files are merged and checked across each
other (duplicate ids, references to ids that do not exist, cycles in a breakdown).
All findings are collected before :class:`~okaeri.errors.ModelError` is raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from okaeri.errors import Finding, Location, ModelError
from okaeri.model.checks import Element, Merged, check_mission
from okaeri.model.errors import findings_from_validation
from okaeri.model.mission import Mission, ModelFile
from okaeri.model.yaml_source import SourceDocument, read_yaml

MODEL_DIR = "model"
REQUIREMENTS_DIR = "requirements"
VERIFICATION_DIR = "verification"
EVIDENCE_DIR = "evidence"
"""Conventional folder of a mission for evidence artefacts."""
ANALYSES_DIR = "analyses"
"""Folder of a mission whose ``*.py`` modules define its own analyses."""
MISSION_DIRS = (MODEL_DIR, REQUIREMENTS_DIR, VERIFICATION_DIR, EVIDENCE_DIR, ANALYSES_DIR)
"""The folders of a mission that hold its inputs (what a run is reproducible from)."""
YAML_SUFFIXES = (".yaml", ".yml")

def reference_mission_path() -> Path:
    """Folder of the reference mission shipped with okaeri (LSR-1)."""
    return Path(str(resources.files("okaeri") / "mission"))


def mission_root(folder: Path | str | None) -> Path:
    """The mission folder ``folder`` names (default: the reference mission).

    Raises :class:`~okaeri.errors.ModelError` when it is not a folder.
    """
    root = Path(folder) if folder is not None else reference_mission_path()
    if root.is_dir():
        return root
    message = ("is a file, not a mission folder" if root.exists()
               else "mission folder not found")
    raise ModelError([Finding(Location(str(root)), "okaeri.no_mission", message,
                              "give the folder holding model/, requirements/ and "
                              "verification/ (create one with 'okaeri init DIR')")])


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files directly in ``folder``, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


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
    merged = Merged()
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
        findings += check_mission(mission, merged)
    if any(f.severity == "error" for f in findings) or mission is None:
        raise ModelError(findings)
    return mission.with_warnings(tuple(sorted(findings)))


def _collect(model_file: ModelFile, document: SourceDocument, merged: Merged) -> None:
    index = document.index()
    merged.sources.update(index)
    # a property's graph key leaves out the 'properties' section it is written in
    # (otv.avionics.power.cruise); its source is found under either path
    merged.sources.update({path.replace(".properties.", ".", 1): where
                           for path, where in index.items() if ".properties." in path})
    if model_file.mission is not None:
        merged.headers.append((model_file.mission, Element(document, ("mission",))))
    merged.vehicles += [(v, Element(document, ("vehicles", i)))
                        for i, v in enumerate(model_file.vehicles)]
    merged.stacks += [(s, Element(document, ("stacks", i)))
                      for i, s in enumerate(model_file.stacks)]
    merged.budgets += [(b, Element(document, ("budgets", i)))
                       for i, b in enumerate(model_file.budgets)]
    if model_file.phases:
        merged.phase_files.append((model_file.phases, document))


def _duplicates(items: Iterable[tuple[Any, Element]], what: str) -> list[Finding]:
    first: dict[str, Element] = {}
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


def _merge(merged: Merged, root: Path) -> tuple[Mission | None, list[Finding]]:
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
            ((p, Element(document, ("phases", i))) for i, p in enumerate(phases)), "phase")
    for vehicle, element in merged.vehicles:
        findings += _duplicates(
            ((c, Element(element.document, (*element.path, "components", i)))
             for i, c in enumerate(vehicle.components)), "component")
    if findings:
        return None, findings
    mission = Mission(
        header=merged.headers[0][0],
        vehicles=tuple(v for v, _ in merged.vehicles),
        stacks=tuple(s for s, _ in merged.stacks),
        phases=merged.phase_files[0][0],
        budgets=tuple(b for b, _ in merged.budgets),
    )
    return mission.with_sources(merged.sources), []
