"""Reading YAML files safely while keeping the line and column of every value.

PyYAML's composer (libyaml when available) builds a node tree with marks; this module
turns it into plain data (dicts, lists, str, int, float, bool, None) and a table of
positions keyed by the path to each value. No object is constructed from tags: a tag
other than YAML's core schema is a finding. Duplicate keys, which YAML parsers
silently resolve to the last value, are findings too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from okaeri.errors import Finding, Location

PathKey = tuple[str | int, ...]
"""Path to a value inside a document: keys and list indices."""

_CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
_MAX_NODES = 1_000_000  # refuses "billion laughs" alias bombs
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class SourceDocument:
    """A parsed YAML file: its data and where each value stands in the text."""

    display: str
    """File name as shown in messages (relative to the mission folder's parent)."""
    data: Any
    """Plain data: dicts, lists, str, int, float, bool, None."""
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of the value at each path."""
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of the key of each mapping entry."""

    def location(self, path: PathKey, *, key: bool = False) -> Location:
        """Location of the value (or its key) at ``path``, or of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        probe = path
        while probe not in table and probe:
            probe = probe[:-1]
            table = self.positions
        line, column = table.get(probe, (1, 1))
        return Location(self.display, line, column, display_path(self.data, path))

    def index(self) -> dict[str, Location]:
        """Location of every value by its readable path (``capsule.aeroshell.diameter``)."""
        found: dict[str, Location] = {}

        def visit(node: Any, path: PathKey, shown: str) -> None:
            line, column = self.positions.get(path, (1, 1))
            found.setdefault(shown, Location(self.display, line, column, shown))
            if isinstance(node, dict):
                for key, child in node.items():
                    visit(child, (*path, key), f"{shown}.{key}" if shown else str(key))
            elif isinstance(node, list):
                for i, child in enumerate(node):
                    item_id = child.get("id") if isinstance(child, dict) else None
                    if isinstance(item_id, str) and item_id:
                        # as in display_path: the item's id replaces the list's key
                        parent = shown.rpartition(".")[0]
                        name = f"{parent}.{item_id}" if parent else item_id
                    else:
                        name = f"{shown}[{i}]"
                    visit(child, (*path, i), name)

        visit(self.data, (), "")
        return found

    def get(self, path: PathKey) -> Any:
        """The value at ``path``, or ``None`` where the path leads nowhere."""
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


def display_path(data: Any, path: PathKey) -> str:
    """A readable path: list items with an ``id`` are named by it.

    ``('vehicles', 1, 'aeroshell', 'diameter')`` becomes ``capsule.aeroshell.diameter``
    when ``vehicles[1]`` has ``id: capsule``.
    """
    parts: list[str] = []
    node = data
    for part in path:
        child = None
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            child = node[part]
            item_id = child.get("id") if isinstance(child, dict) else None
            if isinstance(item_id, str) and item_id:
                if parts:
                    parts.pop()  # the list's key is implied by the item's id
                parts.append(item_id)
            else:
                parts[-1:] = [f"{parts[-1]}[{part}]" if parts else f"[{part}]"]
        elif isinstance(node, dict) and part in node:
            child = node[part]
            parts.append(str(part))
        else:
            parts.append(str(part))
        node = child
    return ".".join(parts)


class _Builder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.pending: list[tuple[int, int, PathKey, str, str, str]] = []
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.key_positions: dict[PathKey, tuple[int, int]] = {}
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def finding(
        self, node: yaml.Node, path: PathKey, code: str, message: str, hint: str = ""
    ) -> None:
        mark = node.start_mark
        self.pending.append((mark.line + 1, mark.column + 1, path, code, message, hint))

    def located_findings(self, data: Any) -> list[Finding]:
        """The findings, with paths shown through the ids of the finished data."""
        return [
            Finding(Location(self.display, line, column, display_path(data, path)), code,
                    message, hint)
            for line, column, path, code, message, hint in self.pending
        ]

    def build(self, node: yaml.Node, path: PathKey, active: frozenset[int]) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooLargeError
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _CORE_TAGS:
            self.finding(
                node,
                path,
                "okaeri.yaml_tag",
                f"YAML tag '{node.tag}' is not allowed",
                "model files hold plain values; remove the tag",
            )
            return None
        if id(node) in active:
            self.finding(node, path, "okaeri.yaml_syntax", "recursive YAML alias")
            return None
        if isinstance(node, yaml.MappingNode):
            return dict(self._entries(node, path, active | {id(node)}))
        if isinstance(node, yaml.SequenceNode):
            inner = active | {id(node)}
            return [self.build(item, (*path, i), inner) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            self.finding(node, path, "okaeri.yaml_syntax", f"cannot read value: {exc}")
            return None

    def _entries(
        self, node: yaml.MappingNode, path: PathKey, active: frozenset[int]
    ) -> Iterator[tuple[Any, Any]]:
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.finding(key_node, path, "okaeri.yaml_tag", "YAML merge keys ('<<') are not "
                             "supported", "write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.finding(key_node, path, "okaeri.yaml_syntax", "a mapping key must be a plain "
                             "value, not a list or mapping")
                continue
            key = key_node.value
            if key in seen:
                self.finding(
                    key_node,
                    (*path, key),
                    "okaeri.duplicate_key",
                    f"key '{key}' appears twice in the same mapping (first at line "
                    f"{seen[key]})",
                    "YAML keeps only the last one; remove or rename one of them",
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            self.key_positions[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            yield key, self.build(value_node, (*path, key), active)


class _TooLargeError(Exception):
    pass


def read_yaml(path: Path, display: str) -> tuple[SourceDocument | None, list[Finding]]:
    """Read one YAML file; returns the document (``None`` if unreadable) and findings."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Finding(Location(display), "okaeri.unreadable", f"cannot read file: "
                              f"{reason}", "check the file exists and is UTF-8 text")]
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, [Finding(Location(display, line, column), "okaeri.yaml_syntax",
                              f"invalid YAML: {problem}",
                              "check indentation, colons and quotes near this position")]
    except yaml.YAMLError as exc:
        return None, [Finding(Location(display), "okaeri.yaml_syntax", f"invalid YAML: {exc}")]
    if len(nodes) > 1:
        return None, [Finding(Location(display, nodes[1].start_mark.line + 1, 1),
                              "okaeri.yaml_syntax", "a model file holds one YAML document, "
                              f"found {len(nodes)}", "remove the '---' separators")]
    if not nodes:
        return SourceDocument(display, {}), []
    builder = _Builder(display)
    try:
        data = builder.build(nodes[0], (), frozenset())
    except _TooLargeError:
        return None, [Finding(Location(display), "okaeri.yaml_syntax", "YAML document "
                              f"expands to more than {_MAX_NODES} values (alias bomb?)")]
    document = SourceDocument(display, data, builder.positions, builder.key_positions)
    return document, builder.located_findings(data)
