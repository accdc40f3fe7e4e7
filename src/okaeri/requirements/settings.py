"""A mission's requirement settings: ``requirements/settings.yaml``.

The file is optional; it holds one section, ``settings``::

    # requirements/settings.yaml
    settings:
      id_pattern: '^SYS-\\d{5}$'      # StrictDoc-style ids (SYS-00001)
      id_example: SYS-00001

``id_pattern`` is a Python regular expression that the *whole* id must match; it applies
to every requirement id of the mission: the requirements' own ids and ``parents``, the
verification activities' ``verifies`` and the evidence records' ``requirement``.
``id_example`` is an id that matches, quoted by the validation messages. Without the
file, okaeri's pattern applies (``CAP-010``).

Why a file of its own in ``requirements/``: the pattern is needed before any
requirement file is validated, so it is read first from one known place rather than
searched for in every file; it belongs to the requirements (the folder they live in)
yet to no one requirement file, so that importing or regenerating a requirement file
never touches it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from okaeri.errors import Finding
from okaeri.model.base import OkaeriModel
from okaeri.model.errors import findings_from_validation
from okaeri.model.load import REQUIREMENTS_DIR
from okaeri.model.yaml_source import read_yaml
from okaeri.requirements.ids import DEFAULT_ID_PATTERN, IdPattern

__all__ = ["SETTINGS_FILE", "RequirementSettings", "SettingsFile", "load_settings",
           "settings_yaml"]

SETTINGS_FILE = "settings.yaml"
"""Name of the settings file inside ``requirements/`` (it holds no requirements)."""


class RequirementSettings(OkaeriModel):
    """Settings of a mission's requirements."""

    id_pattern: str = Field(default=DEFAULT_ID_PATTERN.pattern, min_length=1)
    """Regular expression (Python syntax) that every whole requirement id matches, e.g.
    ``'^SYS-\\d{5}$'`` (StrictDoc) or ``'^REQ_\\d+$'`` (DOORS)."""
    id_example: str = Field(default=DEFAULT_ID_PATTERN.example, min_length=1)
    """An id that matches ``id_pattern``, quoted in validation messages."""

    @model_validator(mode="after")
    def _pattern_is_valid(self) -> RequirementSettings:
        try:
            IdPattern(self.id_pattern, self.id_example)
        except ValueError as exc:
            raise PydanticCustomError("okaeri.invalid_value", "{reason}",
                                      {"reason": str(exc)}) from None
        return self

    @property
    def id_pattern_object(self) -> IdPattern:
        """The pattern and its example, ready for validation."""
        return IdPattern(self.id_pattern, self.id_example)


class SettingsFile(OkaeriModel):
    """The file ``requirements/settings.yaml``."""

    settings: RequirementSettings = RequirementSettings()
    """The mission's requirement settings."""


def settings_path(root: Path) -> Path:
    """Where the settings file of the mission in ``root`` is."""
    return root / REQUIREMENTS_DIR / SETTINGS_FILE


def load_settings(root: Path) -> tuple[RequirementSettings, list[Finding]]:
    """The requirement settings of the mission in ``root``, and the findings of reading them.

    A missing file gives the defaults; an invalid one gives the defaults and its findings.
    """
    path = settings_path(root)
    if not path.is_file():
        return RequirementSettings(), []
    document, findings = read_yaml(path, f"{REQUIREMENTS_DIR}/{SETTINGS_FILE}")
    if document is None or findings:
        return RequirementSettings(), findings
    data: Any = document.data if document.data is not None else {}
    try:
        return SettingsFile.model_validate(data).settings, []
    except ValidationError as exc:
        return RequirementSettings(), findings_from_validation(exc, document, SettingsFile)


def settings_yaml(settings: RequirementSettings) -> str:
    """The text of a settings file holding ``settings``."""
    import yaml

    body = yaml.safe_dump({"settings": {"id_pattern": settings.id_pattern,
                                        "id_example": settings.id_example}},
                          sort_keys=False, allow_unicode=True)
    return ("# Requirement settings of this mission (okaeri): the pattern every requirement "
            "id matches.\n" + body)
