"""Loading a mission's ``requirements/*.yaml`` into a :class:`RequirementSet`.

Every file is read and validated; all findings (file:line:column, what was expected,
what was found, a hint) are collected before :class:`~okaeri.errors.ModelError` is
raised. Checks across requirements (duplicate ids, dangling parents, cycles, coverage)
are in :mod:`okaeri.requirements.trace`: they return findings instead of raising.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from okaeri.errors import Finding, ModelError
from okaeri.model.errors import findings_from_validation
from okaeri.model.load import REQUIREMENTS_DIR, mission_root, yaml_files
from okaeri.model.yaml_source import SourceDocument, read_yaml
from okaeri.requirements.model import Origin, RequirementSet, RequirementsFile
from okaeri.requirements.settings import SETTINGS_FILE, load_settings

__all__ = ["HINTS", "load_requirements", "read_section_file"]

HINTS: dict[str, str] = {
    "okaeri.no_shall": "state the requirement as '<subject> shall <verb> ...'",
    "okaeri.missing_key": "add e.g. 'statistic: {percentile: 99.87}' or "
    "'statistic: {kind: max}'",
}
"""Hints for the findings of this package's own validators (keyed by code)."""


def read_section_file(path: Path, display: str, root: type[BaseModel], sections: str,
                      context: Mapping[str, Any] | None = None, *,
                      document: SourceDocument | None = None,
                      read_findings: list[Finding] | None = None,
                      ) -> tuple[SourceDocument | None, BaseModel | None, list[Finding]]:
    """Read and validate one YAML file against ``root``.

    Parameters
    ----------
    path : Path
        The file.
    display : str
        Its name in messages (``requirements/capsule.yaml``).
    root : type of BaseModel
        The model of a whole file (:class:`RequirementsFile`).
    sections : str
        The file's top-level keys, for the hint of a file that is not a mapping.
    context : mapping, optional
        Validation context (the requirement id pattern, :mod:`okaeri.requirements.ids`);
        by default that of the mission the file's folder belongs to
        (``<mission>/<folder>/<file>``), read from its ``requirements/settings.yaml``.
    document, read_findings : optional
        The file as already read by :func:`~okaeri.model.yaml_source.read_yaml` (to
        validate data the caller has adjusted).

    Returns
    -------
    tuple
        The document and the validated file (``None`` where they could not be made),
        and the findings, with hints for okaeri's own validation codes.
    """
    if read_findings is None:
        document, findings = read_yaml(path, display)
    else:
        findings = read_findings
    if document is None or findings:
        return document, None, findings
    if not isinstance(document.data, dict):
        return document, None, [Finding(
            document.location(()), "okaeri.wrong_type",
            f"expected a mapping of sections, got {type(document.data).__name__}",
            f"a file of this folder has the key(s) {sections}")]
    if context is None:
        context = load_settings(path.parent.parent)[0].id_pattern_object.context()
    try:
        return document, root.model_validate(document.data, context=context), []
    except ValidationError as exc:
        return document, None, [_with_hint(f) for f in
                                findings_from_validation(exc, document, root)]


def _with_hint(finding: Finding) -> Finding:
    if finding.hint or not HINTS.get(finding.code):
        return finding
    if finding.code == "okaeri.missing_key" and not finding.location.path.endswith(
            "statistic"):
        return finding
    return dataclasses.replace(finding, hint=HINTS[finding.code])


def load_requirements(folder: Path | str | None = None) -> RequirementSet:
    """Load the requirements of the mission in ``folder`` (default: the reference mission).

    Reads every ``requirements/*.yaml`` file (each ``requirements: [...]``), in name
    order, except ``settings.yaml``, which holds the mission's requirement id pattern
    (:mod:`okaeri.requirements.settings`) that every id is checked against. A missing or
    empty ``requirements/`` folder gives an empty set.

    Parameters
    ----------
    folder : Path or str, optional
        The mission folder (holding ``requirements/``).

    Returns
    -------
    RequirementSet
        Every requirement with where it was read; duplicates are kept for
        :func:`~okaeri.requirements.trace.check_trace` to report.

    Raises
    ------
    ModelError
        With every finding of every file, when a file is unreadable or invalid.
    """
    root = mission_root(folder)
    settings, findings = load_settings(root)
    context = settings.id_pattern_object.context()
    requirements = []
    origins = []
    for path in yaml_files(root / REQUIREMENTS_DIR):
        if path.name == SETTINGS_FILE:
            continue
        document, model, file_findings = read_section_file(
            path, f"{REQUIREMENTS_DIR}/{path.name}", RequirementsFile, "'requirements'",
            context)
        findings += file_findings
        if document is None or not isinstance(model, RequirementsFile):
            continue
        for index, requirement in enumerate(model.requirements):
            requirements.append(requirement)
            origins.append(Origin(document, ("requirements", index), requirement.id))
    if findings:
        raise ModelError(findings)
    return RequirementSet(requirements, origins)
