"""TBD and TBC markers: what a mission has still to determine or to confirm.

Two ways to mark something open, both found by :func:`find_markers`:

- **in a text** (a requirement's title, text, rationale, notes or source; any text of
  a model or verification file): the words ``TBD`` (to be determined) or ``TBC`` (to
  be confirmed), alone or numbered (``TBD-001``, ``TBC-12``), in capitals::

      text: The capsule shall survive a landing at TBD-003 m/s on land.

- **on a value**, after the unit in brackets, so that the value still loads and is
  computed with (:data:`okaeri.units.OPEN_VALUE_MARKER`)::

      basic_mass: "12 kg (TBD)"
      limit: "50 g0 (TBC-002)"
      limit: "= capsule.sample_canister.max_deceleration (TBC)"

  This works for every value written with its unit and for a criterion's ``= <key>``
  limit; an expression (``"= 0.08 * ..."``) cannot carry it: say so in a text beside
  it (a ``notes:`` or ``source:`` with ``TBD``) instead.

Markers in YAML comments are not read (the comments are not part of the data). Each
marker is listed once per place, with its file and line (the line of the marker itself
inside a multi-line text), the path of the value in the file, and the requirement it
belongs to. ``okaeri check``, the compliance report and the design review package list
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okaeri.units import OPEN_VALUE_MARKER

__all__ = ["MARKER", "REQUIREMENT_TEXT_FIELDS", "Marker", "find_markers", "markers_in_text"]

MARKER = re.compile(r"(?<![A-Za-z0-9_])(TBD|TBC)(?:-(\d+))?(?![A-Za-z0-9_])")
"""``TBD``, ``TBC``, ``TBD-001``: a word of its own, in capitals."""

REQUIREMENT_TEXT_FIELDS = ("title", "text", "rationale", "source", "notes")
"""The fields of a requirement searched for markers (besides its criterion's limit)."""

_CONTEXT = 70


@dataclass(frozen=True)
class Marker:
    """One TBD or TBC in a mission's files."""

    label: str
    """As written: ``TBD``, ``TBC-002``."""
    kind: str
    """``TBD`` (to be determined) or ``TBC`` (to be confirmed)."""
    file: str
    """The file, relative to the mission folder (``requirements/capsule.yaml``)."""
    line: int
    """Line of the marker in the file (1-based)."""
    path: str
    """Where in the file: ``CAP-010.text``, ``otv.components.mechanism.basic_mass``."""
    on_value: bool
    """Marks a value (``"12 kg (TBD)"``) rather than a text."""
    context: str
    """The value, or the words around the marker in the text."""
    requirement: str = ""
    """The requirement it belongs to, if any."""

    @property
    def where(self) -> str:
        """``file:line``."""
        return f"{self.file}:{self.line}"

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        """File, line, path, label."""
        return (self.file, self.line, self.path, self.label)


def markers_in_text(text: str) -> list[str]:
    """The markers of a text, in order (``["TBD-003", "TBC"]``)."""
    return [m.group(0) for m in MARKER.finditer(text)]


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - _CONTEXT // 2)
    right = min(len(text), end + _CONTEXT // 2)
    shown = " ".join(text[left:right].split())
    return ("…" if left else "") + shown + ("…" if right < len(text) else "")


class _Lines:
    """The lines of the mission's files, read once, to place a marker on its own line."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lines: dict[str, list[str]] = {}

    def line_of(self, file: str, start: int, label: str, occurrence: int) -> int:
        """The line of the ``occurrence``-th ``label`` at or after line ``start``."""
        if file not in self._lines:
            try:
                text = (self.folder / file).read_text(encoding="utf-8")
            except OSError:
                text = ""
            self._lines[file] = text.splitlines()
        lines = self._lines[file]
        pattern = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(label)}(?![A-Za-z0-9_])")
        seen = 0
        for number in range(max(start, 1), len(lines) + 1):
            seen += len(pattern.findall(lines[number - 1]))
            if seen > occurrence:
                return number
        return start


def _relative(display: str, folder: Path) -> str:
    """A document's display name (``my-mission/requirements/a.yaml``) relative to the
    mission folder."""
    parts = Path(display).parts
    for index, part in enumerate(parts):
        if part in ("model", "requirements", "verification"):
            return Path(*parts[index:]).as_posix()
    try:
        return Path(display).resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return display


def _from_string(value: str, file: str, line: int, path: str, requirement: str,
                 lines: _Lines) -> Iterator[Marker]:
    on_value = OPEN_VALUE_MARKER.search(value) is not None
    counts: dict[str, int] = {}
    for match in MARKER.finditer(value):
        label = match.group(0)
        occurrence = counts.get(label, 0)
        counts[label] = occurrence + 1
        context = value.strip() if on_value else _snippet(value, match.start(), match.end())
        yield Marker(label, match.group(1), file, lines.line_of(file, line, label, occurrence),
                     path, on_value, context, requirement)


def _walk(data: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, dict):
        for key, child in data.items():
            yield from _walk(child, (*path, key))
    elif isinstance(data, list):
        for index, child in enumerate(data):
            yield from _walk(child, (*path, index))
    elif isinstance(data, str):
        yield path, data


def _requirement_markers(requirements: Any, folder: Path, lines: _Lines) -> Iterator[Marker]:
    for requirement in requirements:
        origin = requirements.origin(requirement.id)
        texts = [(name, getattr(requirement, name)) for name in REQUIREMENT_TEXT_FIELDS]
        document = origin.document
        if document is not None and requirement.criterion is not None:
            limit = document.get((*origin.path, "criterion", "limit"))
            if isinstance(limit, str):
                texts.append(("criterion.limit", limit))
        for name, text in texts:
            if not text or MARKER.search(text) is None:
                continue
            keys = tuple(name.split("."))
            location = origin.location(*keys)
            file = _relative(location.file, folder) if location.file else requirement.id
            yield from _from_string(text, file, location.line or 1, f"{requirement.id}.{name}",
                                    requirement.id, lines)


def _file_markers(path: Path, folder: Path, lines: _Lines) -> Iterator[Marker]:
    from okaeri.model.yaml_source import display_path, read_yaml

    try:
        raw = path.read_text(encoding="utf-8")
    except OSError:
        return
    if MARKER.search(raw) is None:
        return
    file = path.relative_to(folder).as_posix()
    document, _ = read_yaml(path, file)
    if document is None:
        return
    for keys, value in _walk(document.data, ()):
        if MARKER.search(value) is None:
            continue
        line = document.positions.get(keys, (1, 1))[0]
        shown = display_path(document.data, keys)
        requirement = shown.split(".")[0] if file.startswith("requirements/") else ""
        yield from _from_string(value, file, line, shown, requirement, lines)


def find_markers(folder: Path | str, requirements: Iterable[Any] | None = None
                 ) -> tuple[Marker, ...]:
    """Every TBD/TBC of the mission in ``folder``, sorted by file and line.

    Parameters
    ----------
    folder : Path or str
        The mission folder (``model/``, ``requirements/``, ``verification/``).
    requirements : RequirementSet, optional
        Its requirements as loaded (their texts are searched without reading the files
        again); ``None`` reads ``requirements/`` like the model files.
    """
    from okaeri.model.load import MODEL_DIR, REQUIREMENTS_DIR, VERIFICATION_DIR, yaml_files

    root = Path(folder)
    lines = _Lines(root)
    found: list[Marker] = []
    dirs = [MODEL_DIR, VERIFICATION_DIR]
    if requirements is None:
        dirs.append(REQUIREMENTS_DIR)
    else:
        found += _requirement_markers(requirements, root, lines)
    for name in dirs:
        for path in yaml_files(root / name):
            found += _file_markers(path, root, lines)
    return tuple(sorted(set(found), key=lambda m: m.sort_key))
