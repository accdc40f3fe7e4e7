"""Design changes recorded in a mission's files.

A design change is written where the value it changed lives (a model, requirement or
verification file), as a YAML comment block that starts with ``Design change``
(``# Design change (okaeri verify, SYS-010): ...``): the verdict and the figures that
forced it, and what was changed. This module finds those blocks, so that the
documentation lists every change from the mission's files themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from okaeri.model.load import MODEL_DIR, REQUIREMENTS_DIR, VERIFICATION_DIR, yaml_files

__all__ = ["DesignChange", "design_changes"]

_FOLDERS = (MODEL_DIR, REQUIREMENTS_DIR, VERIFICATION_DIR)
_START = re.compile(r"^(\s*)#\s*(Design changes?\b.*)$", re.IGNORECASE)
_COMMENT = re.compile(r"^(\s*)#\s?(.*)$")


@dataclass(frozen=True)
class DesignChange:
    """One recorded design change."""

    file: str
    """File, relative to the mission folder (``model/otv.yaml``)."""
    line: int
    """Line of the comment's first line (1-based)."""
    text: str
    """The comment's text, its lines joined (list items keep their ``- `` on new lines)."""


def design_changes(folder: Path | str) -> list[DesignChange]:
    """Every design change recorded in the YAML files of the mission in ``folder`` (model,
    requirements, verification), in folder, file and line order."""
    found = []
    for subfolder, path in ((name, path) for name in _FOLDERS
                            for path in yaml_files(Path(folder) / name)):
        lines = path.read_text(encoding="utf-8").splitlines()
        index = 0
        while index < len(lines):
            start = _START.match(lines[index])
            if start is None:
                index += 1
                continue
            indent, parts = start.group(1), [start.group(2).strip()]
            index += 1
            while index < len(lines):
                more = _COMMENT.match(lines[index])
                if more is None or more.group(1) != indent or _START.match(lines[index]):
                    break
                text = more.group(2).strip()
                parts.append(("\n" if text.startswith("- ") else " ") + text)
                index += 1
            found.append(DesignChange(f"{subfolder}/{path.name}",
                                      index - len(parts) + 1, "".join(parts).strip()))
    return found
